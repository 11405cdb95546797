"""Every non-empty cell of a data sheet is read wherever it is — after a
long blank gap, beyond the declared dimension — or a finding names it; and
the limits (cells per row, cells, rows) are checked by a pre-scan before
openpyxl parses a sheet."""

from __future__ import annotations

import re
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.build import build, check
from reportgen.core.errors import UnusableInput
from reportgen.read import reader
from support import EXAMPLE

CASES = Path(__file__).parents[1] / "data" / "cases"
SHEET = "xl/worksheets/sheet4.xml"   # 支出功能分类 of the example


def _rewrite(target: Path, fn, part: str = SHEET) -> Path:
    with zipfile.ZipFile(EXAMPLE) as zi, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info)
            if info.filename == part:
                data = fn(data.decode("utf-8")).encode("utf-8")
            zo.writestr(info, data)
    return target


def _items(wb):
    return {(ln.row, ln.text("code")) for ln in wb.functional_items()}


@pytest.mark.slow
def test_line_after_a_long_blank_gap_is_read_and_counted(tmp_path):
    # the handed case: a 500.00 项 line at row 700, after ~670 blank rows;
    # the case's README gives 13,758.64 as the right 总计 (13,258.64 without it)
    case = CASES / "line-after-blank-gap.xlsx"
    wb = reader.read_workbook(case)
    late = [ln for ln in wb.functional_items() if ln.row == 700]
    assert len(late) == 1
    built = build(case, tmp_path)
    assert not built.refused
    import openpyxl
    t1 = openpyxl.load_workbook(built.outputs[0]).worksheets[0]
    totals = [c.value for row in t1.iter_rows() for c in row
              if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
    assert 13758.64 in totals


def test_cells_beyond_the_declared_dimension_are_read(tmp_path):
    small = _rewrite(tmp_path / "dim.xlsx",
                     lambda x: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:B3"/>', x))
    assert _items(reader.read_workbook(small)) == _items(reader.read_workbook(EXAMPLE))


def test_a_line_far_below_and_outside_the_dimension_is_read(tmp_path):
    def add(x):
        m = re.search(r'<row r="5".*?</row>', x)
        far = re.sub(r'r="5"', 'r="40000"', m.group(0))
        far = re.sub(r'r="([A-Z]+)5"', r'r="\g<1>40000"', far)
        return x.replace("</sheetData>", far + "</sheetData>")
    path = _rewrite(tmp_path / "far.xlsx", add)
    rows = {r for r, _ in _items(reader.read_workbook(path))}
    assert 40000 in rows


def test_a_value_right_of_the_columns_read_is_named(tmp_path):
    path = _rewrite(tmp_path / "right.xlsx", lambda x: x.replace(
        "</sheetData>", '<row r="900"><c r="HZ900" t="n"><v>500</v></c></row></sheetData>'))
    res = check(path).result
    found = [(f.code, f.sheet, f.cell) for f in res.errors]
    assert ("S190", "支出功能分类", "HZ900") in found


def test_one_very_wide_row_is_refused_early():
    # the handed case: 218 KB, one row of millions of empty-styled cells
    start = time.monotonic()
    with pytest.raises(UnusableInput) as exc:
        reader.read_workbook(CASES / "one-very-wide-row.xlsx")
    assert time.monotonic() - start < 10
    assert exc.value.kind == "too_wide"
    assert "单位构成" in exc.value.message and "第 500 行" in exc.value.message


def test_total_cells_are_limited(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_CELLS", 500)
    with pytest.raises(UnusableInput) as exc:
        reader.read_workbook(EXAMPLE)
    assert exc.value.kind == "too_many_cells"


def test_a_row_number_past_the_limit_is_refused_before_openpyxl(tmp_path, monkeypatch):
    path = _rewrite(tmp_path / "deep.xlsx", lambda x: x.replace(
        "</sheetData>", '<row r="1000000"><c r="A1000000"><v>1</v></c></row></sheetData>'))
    opened = []
    monkeypatch.setattr(reader, "_open", lambda *a: opened.append(a) or 1 / 0)
    with pytest.raises(UnusableInput) as exc:
        reader.read_workbook(path)
    assert exc.value.kind == "too_many_rows" and not opened
