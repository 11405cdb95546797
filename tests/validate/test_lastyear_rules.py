"""L9xx: the checks against last year's workbook (``--last``), each tripped
at its cell and not tripped by a near miss.

The rules receive last year's figures as a plain ``core.lastyear.LastYear``;
here it is written by hand to agree with the valid book (validation never
computes last year's report; ``reportgen.carry`` does, tests/test_carry.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Callable

import pytest

from reportgen.compute.tables import Catalogues
from reportgen.core import schema
from reportgen.core.lastyear import LastFigure, LastYear
from reportgen.selfeval.tables import evaluate
from reportgen.validate import validate
from reportgen.validate.findings import ERROR, WARNING

from validate.helpers import D, GENERAL, OTHER, Book, index, line, valid_book

SUP, SG = schema.SUPPLEMENT.name, schema.SANGONG.name


def agreeing_last(book: Book) -> LastYear:
    """Last year as the valid book's 上年 cells and 年初 say it was: 2021,
    the same unit, a closing balance of 3.00 on 2080102 一般公共预算 (the
    book's line opens with it, see ``opened``)."""
    figures = {}
    for decl, data in ((schema.SUPPLEMENT, book.supplement), (schema.SANGONG, book.sangong)):
        for item in decl.rows:
            v = data.get(item.key, {}).get("last_year")
            if v is not None:
                figures[(decl.name, item.key)] = LastFigure(v, f"上年{item.label}")
    return LastYear(path="/tmp/上年.xlsx", unit=book.info["unit"], year=2021,
                    closing={("2080102", GENERAL): LastFigure(D("3.00"), "支出功能分类!P5")},
                    figures=figures)


def opened(book: Book) -> Book:
    """The valid book with 3.00 opening on 2080102 (and closing 3.00 more, so it balances)."""
    ln = line(book, "2080102", GENERAL)
    ln["carry_begin"], ln["carry_end"] = D("3.00"), D("8.00")
    for code in ("208", "20801"):
        line(book, code)["carry_begin"] = D("3.00")
        line(book, code)["carry_end"] = D("10.00")
    return book


def check(book: Book, last: LastYear, tmp_path):
    wb = book.read(tmp_path)
    return validate(wb, Catalogues.load(wb), evaluate(wb), last=last)


@dataclass
class Trip:
    code: str
    id: str
    # changes the book and/or last year; returns (last, expected sheet, expected cell)
    change: Callable[[Book, LastYear], tuple[LastYear, tuple[str, str]]]


def _fcell(b: Book, code: str, key: str, fund=None) -> tuple[str, str]:
    return schema.FUNCTIONAL.name, b.ref(schema.FUNCTIONAL.name, key, index(b, code, fund))


def opening_differs(b, last):
    line(b, "2080102", GENERAL)["carry_begin"] = D("4.00")
    return last, _fcell(b, "2080102", "carry_begin", GENERAL)


def opening_without_last_closing(b, last):
    ln = line(b, "2080101", OTHER)
    ln["carry_begin"], ln["carry_end"] = D("1.00"), D("3.00")
    return last, _fcell(b, "2080101", "carry_begin", OTHER)


def closing_without_line(b, last):
    closing = dict(last.closing)
    closing[("2130101", GENERAL)] = LastFigure(D("2.00"), "支出功能分类!P9")
    return replace(last, closing=closing), (schema.FUNCTIONAL.name, "")


def total_last_differs(b, last):
    b.supplement["total"]["last_year"] = D("151.00")
    return last, (SUP, b.ref(SUP, "total", column="last_year"))


def sangong_last_blank(b, last):
    b.sangong["reception"]["last_year"] = None      # last year published 0.80
    return last, (SG, b.ref(SG, "reception", column="last_year"))


def cars_last_differs(b, last):
    b.supplement["cars"]["last_year"] = 2
    return last, (SUP, b.ref(SUP, "cars", column="last_year"))


def other_unit(b, last):
    return replace(last, unit="测试区民政局"), (schema.UNIT_INFO.name, b.ref(schema.UNIT_INFO.name, "unit"))


def not_the_year_before(b, last):
    return replace(last, year=2020), (schema.UNIT_INFO.name, b.ref(schema.UNIT_INFO.name, "year"))


TRIPS = [
    Trip("L901", "opening-differs", opening_differs),
    Trip("L901", "opening-without-closing", opening_without_last_closing),
    Trip("L901", "closing-without-line", closing_without_line),
    Trip("L902", "total", total_last_differs),
    Trip("L902", "sangong-blank", sangong_last_blank),
    Trip("L902", "count", cars_last_differs),
    Trip("L903", "other-unit", other_unit),
    Trip("L904", "year", not_the_year_before),
]


def _l(result):
    return [(f.code, f.severity, f.sheet, f.cell) for f in result.findings if f.code.startswith("L")]


def test_the_agreeing_last_year_gives_no_finding(tmp_path):
    book = opened(valid_book())
    assert _l(check(book, agreeing_last(book), tmp_path)) == []


def test_without_last_the_rules_are_silent(tmp_path):
    book = opened(valid_book())
    book.supplement["total"]["last_year"] = D("999.00")
    assert _l(book.validate(tmp_path)) == []


@pytest.mark.parametrize("trip", TRIPS, ids=lambda t: f"{t.code}-{t.id}")
def test_trips_at_its_cell(trip, tmp_path):
    book = opened(valid_book())
    last, (sheet, cell) = trip.change(book, agreeing_last(book))
    got = _l(check(book, last, tmp_path))
    assert (trip.code, ERROR, sheet, cell) in got, got


def test_messages_name_both_files_and_last_years_cells(tmp_path):
    book = opened(valid_book())
    last, _ = opening_differs(book, agreeing_last(book))
    f = next(f for f in check(book, last, tmp_path).findings if f.code == "L901")
    assert "input.xlsx" in f.message and "上年.xlsx" in f.message
    assert "支出功能分类!P5" in f.message and "4.00" in f.message and "3.00" in f.message
    last, _ = total_last_differs(book, agreeing_last(book))
    f = next(f for f in check(book, last, tmp_path).findings if f.code == "L902")
    assert "收支总计" in f.message and "151.00" in f.message and "150.00" in f.message


# ------------------------------------------------------------ near misses
def test_a_cent_of_rounding_is_a_warning_not_an_error(tmp_path):
    book = opened(valid_book())
    last = agreeing_last(book)
    last = replace(last, closing={("2080102", GENERAL): LastFigure(D("3.004"), "支出功能分类!P5")})
    got = _l(check(book, last, tmp_path))
    assert [(c, s) for c, s, *_ in got] == [("L901", WARNING)]


def test_a_last_year_figure_typed_as_published_is_equal(tmp_path):
    # last year's exact 元-derived 103.998766 万元 was published as 104.00
    book = opened(valid_book())
    last = agreeing_last(book)
    figures = dict(last.figures)
    figures[(SUP, "total")] = LastFigure(D("149.998766"), "上年收支总计")
    book.supplement["total"]["last_year"] = D("150.00")
    assert _l(check(book, replace(last, figures=figures), tmp_path)) == []
    # a cent off the published figure is still told
    book.supplement["total"]["last_year"] = D("150.01")
    got = _l(check(book, replace(last, figures=figures), tmp_path))
    assert [c for c, *_ in got] == ["L902"]


def test_spaces_in_the_unit_name_are_the_same_unit(tmp_path):
    book = opened(valid_book())
    last = replace(agreeing_last(book), unit=" 测试区 人力资源局")
    assert _l(check(book, last, tmp_path)) == []


def test_a_last_year_without_a_year_is_not_compared_by_year(tmp_path):
    book = opened(valid_book())
    assert _l(check(book, replace(agreeing_last(book), year=None), tmp_path)) == []


def test_an_unreadable_opening_is_left_to_the_structure_rules(tmp_path):
    book = opened(valid_book())
    line(book, "2080102", GENERAL)["carry_begin"] = "三元"
    got = check(book, agreeing_last(book), tmp_path)
    assert _l(got) == [] and any(f.code.startswith("S") for f in got.findings)
