"""read.window.sheet_windows: the cells around a finding, as the page shows them."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from reportgen.core.errors import UnusableInput
from reportgen.read.window import MAX_SPAN, sheet_windows
from support import EXAMPLE


@pytest.fixture
def book(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    for r in range(1, 41):
        for c in range(1, 41):
            ws.cell(r, c, f"{r}-{c}")
    ws["B2"] = 12.5
    ws["C3"] = dt.datetime(2023, 3, 17)
    ws["D4"] = None
    ws["E5"] = 3.0
    p = tmp_path / "w.xlsx"
    wb.save(p)
    return p


def test_a_window_is_the_cells_around_with_the_headings(book):
    (w,) = sheet_windows(book, [("表", "J20")])
    assert w.rows == list(range(17, 24)) and w.columns == list("GHIJKLM")
    assert w.marked == {(20, 10)}
    assert w.cells[3][3] == "20-10" and w.cells[0][0] == "17-7"
    assert w.header == [f"1-{c}" for c in range(7, 14)]


def test_at_the_corner_the_window_is_clipped_and_values_shown_plainly(book):
    (w,) = sheet_windows(book, [("表", "A1")], around=4)
    assert w.rows == [1, 2, 3, 4, 5] and w.columns == list("ABCDE")
    assert w.header == []                       # row 1 is in the window already
    assert (w.cells[1][1], w.cells[2][2], w.cells[3][3], w.cells[4][4]) == (
        "12.5", "2023-03-17", "", "3")


def test_a_range_is_marked_whole_and_a_window_never_exceeds_its_span(book):
    (w,) = sheet_windows(book, [("表", "C2:C23")])
    assert {c for _, c in w.marked} == {3} and len(w.marked) == 22
    (big,) = sheet_windows(book, [("表", "A1:AN40")])
    assert len(big.rows) == MAX_SPAN and len(big.columns) == MAX_SPAN


def test_no_window_for_a_missing_sheet_or_a_place_that_is_not_a_cell(book):
    assert sheet_windows(book, [("没有", "A1"), ("表", ""), ("表", "C:C"), ("表", "合计")]) == [
        None, None, None, None]


def test_the_example_as_the_clerk_typed_it():
    (w,) = sheet_windows(EXAMPLE, [("支出功能分类", "E5")])
    row5 = w.cells[w.rows.index(5)]
    assert row5[w.columns.index("B")] == "一般行政管理事务"
    assert row5[w.columns.index("E")] == "153.64"
    assert w.header[w.columns.index("E")] == "财政拨款收入"


def test_a_file_the_reader_refuses_is_refused_the_same_way(tmp_path):
    p = tmp_path / "x.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(UnusableInput) as e:
        sheet_windows(p, [("表", "A1")])
    assert e.value.kind == "old_xls"
