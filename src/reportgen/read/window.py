"""The part of a sheet around a cell, for showing a finding where it is.

``sheet_windows`` reads the cached values of a few rows and columns around
each requested place with openpyxl (read-only, the same hostile-input checks
as ``read_workbook`` first).  It shows the clerk what is in the cells; it
never interprets them — reading the workbook into the model stays the
reader's job.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from reportgen.core.errors import UnusableInput
from reportgen.read.reader import check_file, openpyxl

from openpyxl.utils import get_column_letter  # noqa: E402  (after the reader's numpy-free import)
from openpyxl.utils.cell import range_boundaries  # noqa: E402

# a window never shows more than this many rows or columns, whatever the range
MAX_SPAN = 30


@dataclass
class Window:
    """Rows ``first_row``… and columns ``first_col``… (1-based) of one sheet.

    ``cells[i][j]`` is the text shown for row ``first_row + i``, column
    ``first_col + j`` ("" for an empty cell); ``marked`` holds the (row,
    col) pairs of the finding's cell or range that fall inside the window.
    """

    sheet: str
    cell: str
    first_row: int
    first_col: int
    cells: list[list[str]]
    marked: set[tuple[int, int]] = field(default_factory=set)
    # row 1 (the column headings) for the same columns, when the window
    # starts below it; [] otherwise
    header: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[int]:
        """The sheet's row numbers shown, top to bottom."""
        return list(range(self.first_row, self.first_row + len(self.cells)))

    @property
    def columns(self) -> list[str]:
        """The column letters shown, left to right."""
        width = len(self.cells[0]) if self.cells else 0
        return [get_column_letter(c) for c in range(self.first_col, self.first_col + width)]

    def as_dict(self) -> dict:
        """Plain data (JSON-ready): sheet, cell, rows, columns, cells and
        ``marked`` as [row, col] pairs."""
        return {"sheet": self.sheet, "cell": self.cell, "rows": self.rows,
                "columns": self.columns, "first_col": self.first_col, "cells": self.cells,
                "marked": sorted([r, c] for r, c in self.marked), "header": self.header}


def display(value: object) -> str:
    """A cell's cached value as text for the grid (no rounding of amounts
    beyond what a float's shortest repr gives; dates as 2023-03-17)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _bounds(cell: str) -> Optional[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of "R9" or "C2:C23"; None for
    anything else (a whole column, a name, "")."""
    try:
        b = range_boundaries(cell.replace("$", ""))
    except (ValueError, TypeError):
        return None
    if any(x is None for x in b):
        return None
    return b  # type: ignore[return-value]


def _rows(ws, wanted: set[int], last_col: int) -> dict[int, tuple]:
    """The values of rows ``wanted`` (columns 1..``last_col``), in one pass
    over the sheet: a read-only sheet is parsed from its start on every
    iteration, so all windows of a sheet share one."""
    out: dict[int, tuple] = {}
    last = max(wanted)
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=last, max_col=last_col,
                                         values_only=True), start=1):
        if r in wanted:
            out[r] = row
    return out


def _grid(rows: dict[int, tuple], r0: int, r1: int, c0: int, c1: int) -> list[list[str]]:
    grid = []
    for r in range(r0, r1 + 1):
        row = rows.get(r, ())
        grid.append([display(row[c - 1]) if c - 1 < len(row) else "" for c in range(c0, c1 + 1)])
    return grid


def sheet_windows(path: Path, places: Sequence[tuple[str, str]], around: int = 3
                  ) -> list[Optional[Window]]:
    """For each (sheet, cell) in ``places``, the window of ``around`` rows
    and columns on each side of the cell (or range), or None where the sheet
    does not exist or the cell is not a cell reference.

    Raises UnusableInput (with the reader's Chinese message) for a file
    that the reader would refuse.  One opening of the workbook, and one pass
    over each sheet, serve all places."""
    path = Path(path)
    check_file(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise UnusableInput("damaged", f"{path.name} 无法读取：文件可能已损坏或不完整。") from exc
    try:
        spans: list[Optional[tuple[str, str, tuple[int, int, int, int], tuple[int, int, int, int]]]] = []
        for sheet, cell in places:
            b = _bounds(cell)
            if b is None or sheet not in wb.sheetnames:
                spans.append(None)
                continue
            min_col, min_row, max_col, max_row = b
            r0, c0 = max(1, min_row - around), max(1, min_col - around)
            r1 = min(max_row + around, r0 + MAX_SPAN - 1)
            c1 = min(max_col + around, c0 + MAX_SPAN - 1)
            spans.append((sheet, cell, b, (r0, r1, c0, c1)))
        values: dict[str, dict[int, tuple]] = {}
        for sheet in {s[0] for s in spans if s is not None}:
            mine = [s[3] for s in spans if s is not None and s[0] == sheet]
            wanted = {1} | {r for r0, r1, _, _ in mine for r in range(r0, r1 + 1)}
            values[sheet] = _rows(wb[sheet], wanted, max(c1 for _, _, _, c1 in mine))
        out: list[Optional[Window]] = []
        for span in spans:
            if span is None:
                out.append(None)
                continue
            sheet, cell, (min_col, min_row, max_col, max_row), (r0, r1, c0, c1) = span
            rows = values[sheet]
            marked = {(r, c) for r in range(min_row, max_row + 1) if r0 <= r <= r1
                      for c in range(min_col, max_col + 1) if c0 <= c <= c1}
            header = _grid(rows, 1, 1, c0, c1)[0] if r0 > 1 else []
            out.append(Window(sheet, cell, r0, c0, _grid(rows, r0, r1, c0, c1), marked, header))
        return out
    finally:
        wb.close()
