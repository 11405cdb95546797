"""A 元 workbook whose figures are 万元 (P508),
amounts that round to 0.00 in the published unit (P509)."""

from __future__ import annotations

from decimal import Decimal

from reportgen.core import schema

from validate.helpers import valid_book

D = Decimal
INFO = schema.UNIT_INFO.name
TRIPS = [("P508", "test_wanyuan_figures_in_a_yuan_workbook_warn_at_the_unit_cell")]


def _in_yuan(book):
    """The valid book as a real 元 workbook: every amount × 10000."""
    book.info["amount_unit"] = "元"
    for ln in (*book.functional, *book.economic):
        for k, v in ln.items():
            if isinstance(v, Decimal):
                ln[k] = v * 10000
    for rows in (book.sangong, book.supplement):
        for row in rows.values():
            for k, v in row.items():
                if isinstance(v, Decimal):
                    row[k] = v * 10000
    return book


def _p508(result):
    return [(f.sheet, f.cell, f.severity) for f in result.at("P508")]


def test_wanyuan_figures_in_a_yuan_workbook_warn_at_the_unit_cell(tmp_path):
    book = valid_book()
    book.info["amount_unit"] = "元"          # figures stay those of 万元: 166 元 in all
    res = book.validate(tmp_path)
    assert _p508(res) == [(INFO, book.ref(INFO, "amount_unit"), "警告")]
    msg = res.at("P508")[0].message
    assert "本年收支总计只有 166.00 元" in msg and "万元" in msg


def test_a_real_yuan_workbook_and_a_wanyuan_one_do_not_trip_it(tmp_path):
    (tmp_path / "y").mkdir()
    (tmp_path / "w").mkdir()
    assert _p508(_in_yuan(valid_book()).validate(tmp_path / "y")) == []
    assert _p508(valid_book().validate(tmp_path / "w")) == []


def test_a_car_cost_of_a_few_yuan_trips_it(tmp_path):
    book = _in_yuan(valid_book())
    book.sangong["car_running"].update(actual=D("3.50"), budget=D("3.50"))   # 3.5 万元 typed as 元
    res = book.validate(tmp_path)
    assert _p508(res) == [(INFO, book.ref(INFO, "amount_unit"), "警告")]
    assert "每辆只合 3.50 元" in res.at("P508")[0].message


# ------------------------------------------------------------ S105's advice, S122
TRIPS += [("S122", "test_a_fraction_of_a_car_is_its_own_error_asking_for_a_whole_number")]
SUP, FUNC = schema.SUPPLEMENT.name, schema.FUNCTIONAL.name


def _fixes(result, code):
    return [(f.sheet, f.cell, f.fix) for f in result.at(code)]


def test_text_in_an_amount_names_the_workbooks_unit_and_places(tmp_path):
    for unit, wanted in (("元", "请填写数字（元，最多两位小数）"), ("万元", "请填写数字（万元，最多六位小数）")):
        book = valid_book()
        book.info["amount_unit"] = unit
        book.functional[2]["income_fiscal"] = "abc"
        (tmp_path / unit).mkdir()
        res = book.validate(tmp_path / unit)
        [(sheet, cell, fix)] = _fixes(res, "S105")
        assert (sheet, cell) == (FUNC, book.ref(FUNC, "income_fiscal", 2))
        assert fix.startswith(wanted), fix


def test_a_fraction_of_a_car_is_its_own_error_asking_for_a_whole_number(tmp_path):
    book = valid_book()
    book.supplement["cars"]["current"] = 1.5
    res = book.validate(tmp_path)
    assert not res.at("S105")
    [(sheet, cell, fix)] = _fixes(res, "S122")
    assert (sheet, cell) == (SUP, book.ref(SUP, "cars", column="current"))
    assert "请填写整数" in fix and "万元" not in fix
    assert "“1.5”不是整数" in res.at("S122")[0].message


def test_a_year_written_with_nian_is_read_as_the_year(tmp_path):
    for i, text in enumerate(("2022年", "２０２２年度", " 2022 年")):
        book = valid_book()
        book.info["year"] = text
        (tmp_path / str(i)).mkdir()
        wb = book.read(tmp_path / str(i))
        assert wb.year == 2022 and not wb.problems, text


def test_a_year_that_is_no_year_asks_for_four_digits(tmp_path):
    for value, code in ((2022.5, "S122"), ("今年", "S105")):
        book = valid_book()
        book.info["year"] = value
        (tmp_path / code).mkdir()
        res = book.validate(tmp_path / code)
        assert [(s, c) for s, c, _ in _fixes(res, code)] == [(INFO, book.ref(INFO, "year"))]
        assert "年度请填写四位数的年份，如 2022" in res.at(code)[0].fix


# ------------------------------------------------------------ P509
TRIPS += [("P509", "test_an_amount_that_prints_as_zero_warns_at_its_cell")]


def test_an_amount_that_prints_as_zero_warns_at_its_cell(tmp_path):
    book = valid_book()
    ln = book.functional[5]                     # 2101101 行政单位医疗
    ln.update(income_fiscal=D("0.004"), exp_basic=D("0.004"), budget=D("0.004"))
    assert ln["code"] == "2101101"
    res = book.validate(tmp_path)
    got = {(f.sheet, f.cell) for f in res.at("P509")}
    assert got == {(FUNC, book.ref(FUNC, k, 5)) for k in ("income_fiscal", "exp_basic", "budget")}
    assert all(f.severity == "警告" and "0.004" in f.message for f in res.at("P509"))


def test_an_amount_that_prints_as_a_cent_is_no_finding(tmp_path):
    book = valid_book()
    book.functional[5].update(income_fiscal=D("0.005"), exp_basic=D("0.005"), budget=D("0.005"))
    assert not book.validate(tmp_path).at("P509")
