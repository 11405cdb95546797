"""The reader: cells keep their place, clerks' typing is accepted, formulas
are read through their cached values."""

from decimal import Decimal

import openpyxl
import pytest

from reportgen.core import model, schema
from reportgen.core.errors import UnusableInput
from reportgen.read.reader import read_workbook

from factory import write_input


def test_values_remember_their_cell(tmp_path):
    wb = read_workbook(write_input(tmp_path / "in.xlsx"))
    first = wb.functional[0]
    assert first.code == "2080101"
    cell = first["exp_basic"]
    assert cell.value == Decimal("100.00")
    col = [c.header for c in schema.FUNCTIONAL.columns].index("基本支出") + 1
    assert cell.where == f"支出功能分类!{openpyxl.utils.get_column_letter(col)}2"
    assert wb.unit == "测试局" and wb.year == 2022
    assert wb.info["unit"].where == "单位信息!B2"


def test_columns_found_by_header_even_reordered_and_below_a_note(tmp_path):
    path = write_input(tmp_path / "in.xlsx", header_row=3)
    book = openpyxl.load_workbook(path)
    ws = book["支出功能分类"]
    ws.move_range("A3:A10", cols=30)   # the code column moved to the far right
    book.save(path)
    wb = read_workbook(path)
    assert wb.sheets["支出功能分类"].header_row == 3
    assert wb.functional[0].code == "2080101"
    assert wb.functional[0]["code"].ref.startswith("AE")


def test_clerk_typing_accepted(tmp_path):
    lines = [{"code": "２０８０１０１ 行政运行", "fund": " 一般公共预算财政拨款 ",
              "income_fiscal": "１，０００．５０", "exp_basic": "1,000.50"}]
    wb = read_workbook(write_input(tmp_path / "in.xlsx", lines=lines))
    ln = wb.functional[0]
    assert ln.code == "2080101"
    assert ln.text("name") == "行政运行"
    assert ln.text("fund") == schema.FUND_GENERAL
    assert ln.amt("income_fiscal") == Decimal("1000.50")
    assert wb.problems == []


def test_problems_are_noted_not_raised(tmp_path):
    lines = [{"code": "2080101", "fund": "财政", "exp_basic": "一百"}]
    wb = read_workbook(write_input(tmp_path / "in.xlsx", lines=lines))
    kinds = {(c.ref[0], p) for c, p in wb.problems}
    assert (wb.functional[0]["exp_basic"].ref[0], model.NOT_A_NUMBER) in kinds
    assert wb.functional[0]["fund"].problem == model.BAD_CHOICE


def test_formula_cached_value_is_read_and_missing_cache_reported(tmp_path):
    path = write_input(tmp_path / "in.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["支出功能分类"]
    col = [c.header for c in schema.FUNCTIONAL.columns].index("项目支出") + 1
    ws.cell(row=3, column=col, value="=20+30")   # openpyxl saves no cached value
    book.save(path)
    wb = read_workbook(path)
    cell = wb.functional[1]["exp_project"]
    assert cell.problem == model.NO_CACHED_VALUE
    assert (cell, model.NO_CACHED_VALUE) in wb.problems


def test_subtotal_lines_are_kept_apart(tmp_path):
    lines = [*({"code": "208", "exp_basic": "100"},), {"code": "2080101", "fund": schema.FUND_GENERAL,
                                                      "exp_basic": "100"}]
    wb = read_workbook(write_input(tmp_path / "in.xlsx", lines=lines))
    assert [ln.code for ln in wb.functional_items()] == ["2080101"]
    assert [ln.code for ln in wb.functional_subtotals()] == ["208"]


def test_missing_optional_sheet_is_not_fatal(tmp_path):
    wb = read_workbook(write_input(tmp_path / "in.xlsx", drop_sheets=["文字说明", "科目"]))
    assert not wb.sheets["文字说明"].present


def test_another_template_is_unusable(tmp_path):
    path = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.save(path)
    with pytest.raises(UnusableInput) as exc:
        read_workbook(path)
    assert exc.value.kind == "other_template"
    assert "支出功能分类" in exc.value.message
