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
