"""The one table model both outputs render from: a filled sheet as a grid.

A workbook renderer (``render/xlsx.py`` for the nine tables from the
profile's ``tables.xlsx``, ``render/performance_xlsx.py`` for the 绩效自评表)
fills an openpyxl worksheet in memory from the computed report; that
worksheet is saved as the xlsx, and ``grid_of`` turns the same in-memory
worksheet into a ``Grid`` (before saving it), which ``render/docx_tables.py`` lays out as Word
tables.  Nothing is read back from a written file: the figures, headers,
merged cells and notes of the Word tables are the workbook's by
construction, and a region that reshapes a table in its tables.xlsx sees
the change in both outputs.

Conventions a layout follows for the Word copy: the table is the bordered
block of the sheet; rows above it (title, 部门/单位 line) and below it (注,
说明, 备注) are unbordered, one text per row, or two for a line with a
right-hand part; the print-title rows (``ws.print_title_rows``) are the
header rows a Word table repeats on each page.
"""

from __future__ import annotations

from typing import NamedTuple, Optional


class Cell(NamedTuple):
    """One cell of a grid: ``value`` as the worksheet holds it (text, a number
    in 万元, or None), its Excel number format, whether any side has a border,
    its horizontal alignment (openpyxl's name, or None) and bold font."""
    value: object
    number_format: str
    bordered: bool
    horizontal: Optional[str]
    bold: bool


class Range(NamedTuple):
    """A merged range, 1-based and inclusive."""
    min_row: int
    min_col: int
    max_row: int
    max_col: int


BLANK = Cell(None, "General", False, None, False)


class Grid:
    """One filled sheet: ``rows`` of cells from row 1 and column 1 (a cell
    beyond a row's end is ``BLANK``); ``merged`` ranges; column ``widths`` in
    Excel character units keyed by column letter; ``header_rows`` the
    print-title rows as (first, last), or None."""

    __slots__ = ("title", "rows", "merged", "widths", "header_rows", "max_row", "max_column")

    def __init__(self, title: str, rows: list[tuple[Cell, ...]], merged: list, widths: dict,
                 header_rows: Optional[tuple[int, int]]):
        self.title = title
        self.rows = rows
        self.merged = merged
        self.widths = widths
        self.header_rows = header_rows
        self.max_row = max(len(rows), 1)
        self.max_column = max((len(r) for r in rows), default=1) or 1

    def cell(self, r: int, c: int) -> Cell:
        """The cell at row ``r``, column ``c`` (1-based)."""
        if r <= len(self.rows):
            row = self.rows[r - 1]
            if c <= len(row):
                return row[c - 1]
        return BLANK

    def values(self) -> dict[tuple[int, int], object]:
        """(row, column) -> value of every cell that holds one."""
        return {(r, c): cell.value for r, row in enumerate(self.rows, start=1)
                for c, cell in enumerate(row, start=1) if cell.value is not None}


def _bordered(cell) -> bool:
    b = cell.border
    return any(getattr(b, side) is not None and getattr(b, side).style
               for side in ("left", "right", "top", "bottom"))


def _title_rows(ws) -> Optional[tuple[int, int]]:
    rows = ws.print_title_rows or ""
    try:
        a, b = rows.replace("$", "").split(":")
        return int(a), int(b)
    except ValueError:
        return None


def grid_of(ws) -> Grid:
    """The grid of a filled openpyxl worksheet (in memory, before or after it
    is saved).  A cell's style is looked at once per distinct style of the
    workbook (``cell.style_id``): going through openpyxl's style proxies for
    each of thousands of cells took most of the time."""
    seen: dict[int, tuple] = {}
    empty: dict[int, Cell] = {}       # one empty cell per style: most cells of a sheet
    rows: list[tuple[Cell, ...]] = []
    for row in ws.iter_rows():
        out = []
        for cell in row:
            sid = cell.style_id
            style = seen.get(sid)
            if style is None:
                al = cell.alignment
                style = seen[sid] = (cell.number_format, _bordered(cell),
                                     al.horizontal if al is not None else None,
                                     bool(cell.font and cell.font.b))
                empty[sid] = Cell(None, *style)
            value = cell.value
            out.append(empty[sid] if value is None else Cell(value, *style))
        rows.append(tuple(out))
    merged = [Range(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    return Grid(ws.title, rows, merged, widths, _title_rows(ws))


def grids_of(wb, names: Optional[list[str]] = None) -> list[Grid]:
    """The grids of a workbook's sheets, in the workbook's order (or the
    order of ``names``, skipping names it lacks).  The renderers make them
    before saving the workbook, while its cells are fresh in memory."""
    names = list(wb.sheetnames) if names is None else [n for n in names if n in wb.sheetnames]
    return [grid_of(wb[n]) for n in names]
