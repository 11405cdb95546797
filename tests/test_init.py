"""`reportgen init`'s blank workbook: built from the schema, ready for a clerk."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from reportgen.core import catalogue as cat
from reportgen.core import model, schema
from reportgen.init_workbook import LINE_ROWS, LOOKUP_SHEET, write_blank
from reportgen.read.reader import read_workbook

from support import soffice_path

YEAR = 2023


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("init") / "输入.xlsx"
    write_blank(path, year=YEAR, unit="测试区测试局")
    return path


@pytest.fixture(scope="module")
def book(blank):
    return openpyxl.load_workbook(blank)


def validations(ws, coord: str):
    """The data validations whose range covers a cell."""
    return [dv for dv in ws.data_validations.dataValidation if coord in dv.sqref]


def headers(ws) -> list[str]:
    return [c.value for c in ws[1] if c.value is not None]


def marked(text: str, required: bool) -> str:
    return text + "*" if required else text


# ---------------------------------------------------------------- sheets
def test_sheets_in_order_with_instructions_first_and_catalogue_hidden(book):
    assert book.sheetnames[0] == schema.INSTRUCTIONS_SHEET
    assert book.sheetnames[1:1 + len(schema.SHEETS)] == [d.name for d in schema.SHEETS]
    assert book[LOOKUP_SHEET].sheet_state == "hidden"
    assert all(book[d.name].sheet_state == "visible" for d in schema.SHEETS)


@pytest.mark.parametrize("decl", [d for d in schema.SHEETS if isinstance(d, schema.TableSheet)],
                         ids=lambda d: d.name)
def test_table_sheet_headers_widths_and_frozen_header(book, decl):
    ws = book[decl.name]
    assert headers(ws) == [marked(c.header, c.required) for c in decl.columns]
    for i, col in enumerate(decl.columns, start=1):
        cell = ws.cell(1, i)
        assert cell.font.b and cell.fill.fgColor.rgb.endswith("DDEBF7")
        assert ws.column_dimensions[get_column_letter(i)].width == col.width
    keys = [c.key for c in decl.columns]
    if decl.catalogue:
        # code and name stay in view when scrolling right
        assert ws.freeze_panes == f"{get_column_letter(keys.index('name') + 2)}2"
    else:
        assert ws.freeze_panes == "A2"


def test_functional_freezes_right_of_code_and_name(book):
    assert book[schema.FUNCTIONAL.name].freeze_panes == "C2"


@pytest.mark.parametrize("decl", [d for d in schema.SHEETS if isinstance(d, schema.TableSheet)],
                         ids=lambda d: d.name)
def test_amount_cells_formatted_and_restricted_to_decimals(book, decl):
    ws = book[decl.name]
    last = 1 + LINE_ROWS if decl.catalogue else 2
    for i, col in enumerate(decl.columns, start=1):
        if col.kind != schema.AMOUNT:
            continue
        for r in (2, last):
            coord = f"{get_column_letter(i)}{r}"
            assert ws[coord].number_format == "#,##0.00", coord
            dvs = validations(ws, coord)
            assert [dv.type for dv in dvs] == ["decimal"], coord
            dv = dvs[0]
            assert dv.showErrorMessage and dv.allow_blank
            assert "万元" in dv.error
            if col.signed:
                assert dv.operator == "between" and dv.formula1.startswith("-")
            else:
                assert dv.operator == "greaterThanOrEqual" and dv.formula1 == "0"


def test_line_sheets_prepared_for_many_rows(book):
    ws = book[schema.FUNCTIONAL.name]
    col = [c.key for c in schema.FUNCTIONAL.columns].index("exp_basic") + 1
    coord = f"{get_column_letter(col)}{1 + LINE_ROWS}"
    assert LINE_ROWS >= 300 and validations(ws, coord)


def test_choice_columns_have_their_list(book):
    for decl in (d for d in schema.SHEETS if isinstance(d, schema.TableSheet)):
        ws = book[decl.name]
        for i, col in enumerate(decl.columns, start=1):
            if col.kind == schema.CHOICE:
                (dv,) = validations(ws, f"{get_column_letter(i)}2")
                assert dv.type == "list"
                assert dv.formula1.strip('"').split(",") == list(col.choices)


@pytest.mark.parametrize("decl,level", [(schema.FUNCTIONAL, "项"), (schema.ECONOMIC, "款")],
                         ids=["functional", "economic"])
def test_code_column_is_text_with_the_catalogue_drop_down(book, decl, level):
    ws = book[decl.name]
    assert ws["A2"].number_format == "@"
    (dv,) = validations(ws, "A2")
    assert dv.type == "list"
    # a code missing from the list is allowed after a warning (the 科目 sheet may add it)
    assert dv.errorStyle == "warning" and "科目" in dv.error
    sheet, rng = dv.formula1.split("!")
    assert sheet.strip("'") == LOOKUP_SHEET
    first, last = (int("".join(ch for ch in part if ch.isdigit())) for part in rng.split(":"))
    col = rng.split(":")[0].strip("$").rstrip("0123456789").strip("$")
    offered = [book[LOOKUP_SHEET][f"{col}{r}"].value for r in range(first, last + 1)]
    scheme = {"functional": cat.FUNCTIONAL, "economic": cat.ECONOMIC}[decl.catalogue]
    expected = [f"{e.code} {e.name}" for e in cat.bundled(scheme).codes(YEAR) if e.level == level]
    assert offered == expected and expected


def test_name_column_looks_the_name_up_from_the_code(book):
    ws = book[schema.FUNCTIONAL.name]
    for r in (2, 1 + LINE_ROWS):
        f = ws[f"B{r}"].value
        assert isinstance(f, str) and f.startswith("=")
        assert f"A{r}" in f and f"'{LOOKUP_SHEET}'!$A:$B" in f and "VLOOKUP" in f
    assert "'_目录'!$E:$F" in book[schema.ECONOMIC.name]["B2"].value


def test_key_value_sheets_have_labels_and_prefilled_unit_and_year(book):
    for decl in (schema.UNIT_INFO, schema.TEXTS):
        ws = book[decl.name]
        assert [ws.cell(r, 1).value for r in range(2, 2 + len(decl.items))] == [
            marked(i.label, i.required) for i in decl.items]
        assert ws.freeze_panes == "A2"
    ws = book[schema.UNIT_INFO.name]
    values = {ws.cell(r, 1).value.rstrip("*"): ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    assert values["单位名称"] == "测试区测试局" and values["年度"] == YEAR
    year_row = 2 + [i.key for i in schema.UNIT_INFO.items].index("year")
    (dv,) = validations(ws, f"B{year_row}")
    assert dv.type == "whole"


@pytest.mark.parametrize("decl", [schema.SANGONG, schema.SUPPLEMENT], ids=lambda d: d.name)
def test_keyed_tables_have_row_labels_headers_and_formats(book, decl):
    ws = book[decl.name]
    assert headers(ws)[:1 + len(decl.columns)] == [decl.label_header] + [
        marked(c.header, c.required) for c in decl.columns]
    assert [ws.cell(r, 1).value for r in range(2, 2 + len(decl.rows))] == [
        marked(i.label, i.required) for i in decl.rows]
    assert ws.freeze_panes == "B2"
    for r, item in enumerate(decl.rows, start=2):
        cell = ws.cell(r, 2)
        (dv,) = validations(ws, cell.coordinate)
        if item.kind == schema.INT:
            assert cell.number_format == "0" and dv.type == "whole"
        else:
            assert cell.number_format == "#,##0.00" and dv.type == "decimal"


def test_instructions_describe_every_sheet_column_and_row(book):
    ws = book[schema.INSTRUCTIONS_SHEET]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for decl in schema.SHEETS:
        assert decl.name in text and decl.help in text
        names = ([c.header for c in decl.columns] if hasattr(decl, "columns") else []) + (
            [i.label for i in decl.items] if hasattr(decl, "items") else []) + (
            [i.label for i in decl.rows] if hasattr(decl, "rows") else [])
        for n in names:
            assert n in text, n
    for words in ("万元", "两位小数", "仅用于核对", "科目", "--catalogue"):
        assert words in text


# ---------------------------------------------------------------- reading it
def test_blank_workbook_reads_without_problems(blank):
    wb = read_workbook(blank)
    assert wb.problems == []
    assert wb.unit == "测试区测试局" and wb.year == YEAR
    assert wb.functional == [] and wb.economic == [] and wb.user_catalogue == []
    for decl in schema.SHEETS:
        info = wb.sheets[decl.name]
        assert info.present and info.missing_columns == () and info.unknown_labels == ()


def test_blank_without_year_or_unit(tmp_path):
    path = tmp_path / "b.xlsx"
    write_blank(path)
    wb = read_workbook(path)
    assert wb.problems == [] and wb.unit == "" and wb.year is None
    # no year: the newest edition of every code is offered
    offered = openpyxl.load_workbook(path)[LOOKUP_SHEET]["C2"].value
    assert offered.split()[0].isdigit()


def test_unit_name_that_looks_like_a_formula_stays_text(tmp_path):
    path = tmp_path / "b.xlsx"
    write_blank(path, unit="=1+1")
    assert read_workbook(path).unit == "=1+1"


def test_uncalculated_name_formula_is_not_a_problem_but_other_formulas_are(blank, tmp_path):
    """A file saved by a program that does not calculate: the 科目名称 lookup
    has no cached value (fine, the name is optional and looked up anyway),
    an amount formula has none either (reported, naming the cell)."""
    wb = openpyxl.load_workbook(blank)
    ws = wb[schema.FUNCTIONAL.name]
    cols = {c.key: i for i, c in enumerate(schema.FUNCTIONAL.columns, start=1)}
    ws.cell(2, cols["code"]).value = "2080101"
    ws.cell(2, cols["fund"]).value = schema.FUND_GENERAL
    ws.cell(2, cols["exp_basic"]).value = "=1+2"
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    read = read_workbook(path)
    (line,) = read.functional
    assert line["name"].empty and line["name"].problem is None
    assert [(c.where, p) for c, p in read.problems] == [
        (f"{schema.FUNCTIONAL.name}!{get_column_letter(cols['exp_basic'])}2", model.NO_CACHED_VALUE)]


def test_write_blank_replaces_the_target_atomically(tmp_path):
    path = tmp_path / "b.xlsx"
    path.write_bytes(b"old")
    write_blank(path, year=YEAR)
    assert openpyxl.load_workbook(path).sheetnames[0] == schema.INSTRUCTIONS_SHEET
    assert [p.name for p in tmp_path.iterdir()] == ["b.xlsx"]


@pytest.mark.slow
@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice not installed")
def test_name_formula_computes_in_a_spreadsheet(blank, tmp_path):
    """LibreOffice calculates the lookup: a picked "code name", a bare code,
    a code typed as a number, and a code added on the 科目 sheet."""
    wb = openpyxl.load_workbook(blank)
    ws = wb[schema.FUNCTIONAL.name]
    ws["A2"] = "2080102 一般行政管理事务"
    ws["A3"] = "2080101"
    ws["A4"] = 208
    ws["A5"] = "2296002"
    user = wb[schema.USER_CATALOGUE.name]
    ucols = {c.key: i for i, c in enumerate(schema.USER_CATALOGUE.columns, start=1)}
    user.cell(2, ucols["scheme"]).value = "功能分类"
    user.cell(2, ucols["code"]).value = "2296002"
    user.cell(2, ucols["name"]).value = "用于社会福利的彩票公益金支出"
    src = tmp_path / "filled.xlsx"
    wb.save(src)
    out = tmp_path / "calc"
    profile = tmp_path / "lo-profile"
    proc = subprocess.run(
        [soffice_path(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), str(src)],
        capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    calc = openpyxl.load_workbook(out / "filled.xlsx", data_only=True)[schema.FUNCTIONAL.name]
    assert [calc[f"B{r}"].value for r in range(2, 7)] == [
        "一般行政管理事务", "行政运行", "社会保障和就业支出", "用于社会福利的彩票公益金支出", None]


def test_finance_level_drop_down_warns_but_keeps_another_level(book):
    """财政级次: a level outside the list is printed as typed (S123), so the
    drop-down warns instead of stopping; 金额单位 still stops."""
    ws = book[schema.UNIT_INFO.name]
    rows = {c.value: c.row for c in ws["A"] if c.value}
    [level] = validations(ws, f"B{rows['财政级次']}")
    assert level.errorStyle == "warning" and "区级" in level.formula1
    [unit] = validations(ws, f"B{rows['金额单位']}")
    assert unit.errorStyle in (None, "stop")
