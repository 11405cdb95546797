"""S19x: what the build needs beyond the figures — every cell read, one
column per header, a year and a unit name the output files can carry — and
validate and build agreeing on it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from reportgen.build import build
from reportgen.compute.tables import Catalogues
from reportgen.core import schema
from reportgen.core.safeio import MAX_NAME_BYTES, safe_filename
from reportgen.read.reader import MAX_COLS, read_workbook
from reportgen.selfeval.tables import evaluate
from reportgen.validate import validate

from validate.helpers import Book, valid_book, where

F, INFO = schema.FUNCTIONAL.name, schema.UNIT_INFO.name


def _far_right(b: Book):
    col = MAX_COLS + 11
    b.extra_rows[F] = [[None] * (col - 1) + [500]]
    return F, f"{get_column_letter(col)}{len(b.functional) + 2}"


def _year(value):
    def change(b: Book):
        b.info["year"] = value
        return INFO, b.ref(INFO, "year")
    return change


def _unit(value):
    def change(b: Book):
        b.info["unit"] = value
        return INFO, b.ref(INFO, "unit")
    return change


LONG = "武汉市江汉区人力资源和社会保障局所属事业单位" * 3 + "第一分中心（综合服务窗口）" * 2

SIMPLE = [
    ("S190", _far_right), ("S192", _year(-5)), ("S192", _year(99999)), ("S192", _year(22)),
    ("S193", _unit(LONG)), ("S193", _unit("人力\u202e资源局")), ("S193", _unit("人力资源局\n二科")),
    ("S193", _unit("人力/资源局")),
]
# every code with a tripping case (test_rules checks); S191 has its own test below
TRIPS = SIMPLE + [("S191", None)]


@pytest.mark.parametrize("code,change", SIMPLE, ids=[f"{c}-{i}" for i, (c, _) in enumerate(SIMPLE)])
def test_trips(tmp_path, code, change):
    b = valid_book()
    expected = change(b)
    res = b.validate(tmp_path)
    assert expected in where(res, code), [f"{f.code} {f.where} {f.message}" for f in res.findings]


def test_near_misses_do_not_trip(tmp_path):
    for year in (1990, 2100, 2023):
        b = valid_book()
        b.info["year"] = year
        assert not where(b.validate(tmp_path), "S192")
    b = valid_book()
    b.info["unit"] = "武汉市江汉区人力资源局（本级）"
    assert not where(b.validate(tmp_path), "S193")


def test_duplicate_header_column_is_a_finding(tmp_path):
    # S191: the second 基本支出 column is not read; said at its header cell
    path = valid_book().write(tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[F]
    header = [c.value for c in ws[1]]
    key_col = next(i for i, h in enumerate(header, 1) if h and "基本支出" in str(h))
    dup = ws.max_column + 1
    ws.cell(1, dup).value = header[key_col - 1]
    ws.cell(2, dup).value = 999
    wb.save(path)
    book = read_workbook(path)
    res = validate(book, Catalogues.load(book), evaluate(book))
    assert (F, f"{get_column_letter(dup)}1") in where(res, "S191")
    assert f"{get_column_letter(key_col)}列" in res.at("S191")[0].message


@pytest.mark.parametrize("name", [LONG, "人力\u202e资源局", "人力资源局\n二科", "人力资源局\r\n", "CON",
                                  "\u200b\u200b", "a" * 300, "..", "局" * 200])
def test_safe_filename_is_short_plain_and_never_empty(name):
    out = safe_filename(name)
    assert out and len(out.encode("utf-8")) <= MAX_NAME_BYTES
    assert not any(ch in out for ch in "\u202e\u200b\n\r/\\:*?\"<>|")
    assert out.upper() != "CON" and out not in (".", "..")
    assert safe_filename(name) == out     # deterministic: validate and build agree


def test_two_long_names_differing_at_the_end_get_different_file_names():
    assert safe_filename(LONG + "甲") != safe_filename(LONG + "乙")


def test_units_whose_names_differ_only_in_unsafe_characters_get_different_file_names():
    # attack bug 15: three units, not “同一单位”
    names = {safe_filename(n) for n in ("测试/局", "测试_局", "测试:局", "测试*局", "测试局.")}
    assert len(names) == 5 and "测试_局" in names
    assert safe_filename("测试/局").startswith("测试_局…")
    # spaces alone are no difference: the same unit typed twice
    assert safe_filename(" 人力资源局 ") == safe_filename("人力资源局") == "人力资源局"


@pytest.mark.slow
def test_long_unit_name_case_validates_and_builds(tmp_path):
    # the handed case: 70 characters; validate warned of the shortened name
    # (S193) and build writes it, the titles keeping the full name
    case = Path(__file__).parents[1] / "data" / "cases" / "long-unit-name.xlsx"
    book = read_workbook(case)
    res = validate(book, Catalogues.load(book), evaluate(book))
    assert not res.errors
    assert (INFO, "B2") in where(res, "S193")
    shown = safe_filename(book.unit)
    assert shown in res.at("S193")[0].message
    built = build(case, tmp_path / "out")
    assert not built.refused and len(built.outputs) >= 2
    for p in built.outputs:
        assert p.is_file() and p.name.startswith(shown) and len(p.name.encode()) < 255
    titles = openpyxl.load_workbook(built.outputs[0]).worksheets[0]
    text = " ".join(str(c.value) for row in titles.iter_rows(max_row=4) for c in row if c.value)
    assert book.unit in text


# ------------------------------------------------------------ a unit after a header (bug 11)
def _header_changed(tmp_path, sheet: str, header: str, to: str, unit: str = ""):
    """valid_book() written with ``sheet``'s header ``header`` typed as ``to``
    (and 金额单位 ``unit``): (workbook read, validation result, header cell)."""
    b = valid_book()
    if unit:
        b.info["amount_unit"] = unit
    path = b.write(tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    cell = next(c for r in ws.iter_rows(max_row=5) for c in r if c.value == header)
    cell.value = to
    wb.save(path)
    book = read_workbook(path)
    return book, validate(book, Catalogues.load(book), evaluate(book)), cell.coordinate


@pytest.mark.parametrize("to", ["财政拨款收入（万元）", "财政拨款收入(万元)", "财政拨款收入\n（单位：万元）",
                                "财政拨款收入*（万元）"])
def test_header_with_the_unit_is_read_as_the_column(tmp_path, to):
    plain, _, _ = _header_changed(tmp_path, F, "财政拨款收入", "财政拨款收入")
    book, res, ref = _header_changed(tmp_path, F, "财政拨款收入", to)
    assert where(res, "S194") == {(F, ref)}
    assert "财政拨款收入" in res.at("S194")[0].message
    # the figures are read, nothing follows as if the column were missing
    assert not res.at("S102") and not res.at("S195") and not res.errors
    assert ([ln.amt("income_fiscal") for ln in book.functional]
            == [ln.amt("income_fiscal") for ln in plain.functional])
    assert any(ln.amt("income_fiscal") for ln in book.functional)


def test_header_with_another_unit_than_the_workbook_is_an_error(tmp_path):
    _, res, ref = _header_changed(tmp_path, F, "财政拨款收入", "财政拨款收入（元）")
    assert where(res, "S195") == {(F, ref)} and not res.at("S194") and not res.at("S102")
    message = res.at("S195")[0].message
    assert "元" in message and "万元" in message


def test_header_units_near_misses(tmp_path):
    # the unit of the workbook, on a 三公经费 column: accepted with a warning only
    _, res, ref = _header_changed(tmp_path, F, "财政拨款收入", "财政拨款收入（元）", unit="元")
    assert where(res, "S194") == {(F, ref)} and not res.at("S195")
    _, res, _ = _header_changed(tmp_path, schema.SANGONG.name, "决算数", "决算数（万元）")
    assert res.at("S194") and not res.at("S195") and not res.at("S102")
    # a header of the template as it is, or another word in brackets: no S194/S195
    _, res, _ = _header_changed(tmp_path, F, "财政拨款收入", "财政拨款收入")
    assert not res.at("S194") and not res.at("S195")
    _, res, _ = _header_changed(tmp_path, F, "财政拨款收入", "财政拨款收入（含上级补助）")
    assert not res.at("S194") and not res.at("S195") and res.at("S102")


def test_a_missing_column_of_figures_has_no_follow_on_findings(tmp_path):
    # one finding for the column; no T/X/P finding computed from a column never read
    _, res, _ = _header_changed(tmp_path, F, "财政拨款收入", "财政收入")
    assert len(res.at("S102")) == 1
    follow = [f.code for f in res.findings if f.code[0] in "TXP"]
    assert not follow, follow


TRIPS += [("S194", None), ("S195", None)]
