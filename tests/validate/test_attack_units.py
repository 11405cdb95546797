"""Attack round (task fnum): a 元 workbook whose figures are 万元 (P508),
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
