"""What clerks type, and what the reader makes of it."""

from decimal import Decimal

import pytest

from reportgen.core import model
from reportgen.read.values import clean_text, parse_amount, parse_code, parse_int


@pytest.mark.parametrize("raw, expected", [
    (13258.64, Decimal("13258.64")),
    (55, Decimal("55")),
    ("13,258.64", Decimal("13258.64")),
    (" 1 350.32 ", Decimal("1350.32")),
    ("１３，２５８．６４", Decimal("13258.64")),     # full-width digits and comma
    ("\u3000208.5\u3000", Decimal("208.5")),          # ideographic spaces
    ("(12.50)", Decimal("-12.50")),
    ("-3", Decimal("-3")),
    (0.1 + 0.2, Decimal("0.30")),                     # spreadsheet float noise
    (Decimal("1.005"), Decimal("1.005")),             # kept: a rule flags the 3rd decimal
])
def test_amounts(raw, expected):
    value, problem = parse_amount(raw)
    assert problem is None
    assert value == expected


@pytest.mark.parametrize("raw", [None, "", "  ", "-", "—", "无"])
def test_blank_amounts(raw):
    assert parse_amount(raw) == (None, None)


@pytest.mark.parametrize("raw", ["十万", "12.3.4", "12万元", True, float("nan")])
def test_text_where_an_amount_belongs(raw):
    value, problem = parse_amount(raw)
    assert value is None and problem == model.NOT_A_NUMBER


def test_float_with_real_third_decimal_is_kept():
    assert parse_amount(1.005)[0] == Decimal("1.005")


@pytest.mark.parametrize("raw, code, name", [
    (2080101, "2080101", None),
    (2080101.0, "2080101", None),
    (" 2080101 ", "2080101", None),
    ("２０８０１０１", "2080101", None),
    ("2080101 行政运行", "2080101", "行政运行"),
    ("2080101-行政运行", "2080101", "行政运行"),
])
def test_codes(raw, code, name):
    assert parse_code(raw) == (code, name, None)


def test_code_without_digits():
    assert parse_code("行政运行")[2] == model.BAD_CODE


def test_int():
    assert parse_int("2022") == (2022, None)
    assert parse_int(2022.0) == (2022, None)
    assert parse_int("2022.5")[1] == model.NOT_WHOLE     # a number, but no whole one (S122)


def test_control_characters_removed_and_reported():
    text, problem = clean_text("人员\x0b减少\x00")
    assert text == "人员减少" and problem == model.CONTROL_CHARS
    assert clean_text("正常")[1] is None


@pytest.mark.parametrize("raw", [1e300, -1e300, "10,000,000,000,000", 10**30, "9" * 40])
def test_absurd_amounts_are_out_of_range(raw):
    assert parse_amount(raw) == (None, model.OUT_OF_RANGE)


def test_a_fraction_where_a_whole_number_belongs_is_its_own_problem():
    from reportgen.core import model
    from reportgen.read.values import parse_int, parse_year
    assert parse_int(1.5) == (None, model.NOT_WHOLE)
    assert parse_int("1.5") == (None, model.NOT_WHOLE)
    assert parse_int("abc") == (None, model.NOT_A_NUMBER)
    assert parse_year("2022年") == (2022, None)
    assert parse_year("２０２２年度") == (2022, None)
    assert parse_year("22年") == (None, model.NOT_A_NUMBER)
    assert parse_year(2022.5) == (None, model.NOT_WHOLE)
