"""Helpers shared by the two workbook renderers (``xlsx``, ``performance_xlsx``)."""

from __future__ import annotations

import re
from typing import Any, Callable

import jinja2
from openpyxl.cell.cell import MergedCell
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange

from reportgen.core.errors import TemplateError

# control characters a worksheet cannot hold (openpyxl refuses them): dropped from text
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def open_layout(path, what: str):
    """The layout workbook ``path`` of a profile (``what``: how the clerk
    knows it, e.g. 表格模板), opened by openpyxl.  A damaged file, or one
    that is not .xlsx, raises TemplateError naming it and how to replace it."""
    import openpyxl

    try:
        return openpyxl.load_workbook(path)
    except Exception as exc:
        raise TemplateError(f"{what} {path} 已损坏或不是 Excel 工作簿（.xlsx），无法打开。"
                            "请换用完好的模板文件（可从随程序提供的 templates/default 复制），"
                            "或在 Excel 中打开后另存为 .xlsx。") from exc


def cell_value(template, ctx: dict, where: Callable[[], str]) -> Any:
    """The value of a template cell's Jinja (``template``: anything with
    ``value(ctx)`` and ``source``, e.g. ``xlsx.CellTemplate``) in ``ctx``.

    Whatever fails in the clerk's expression raises TemplateError naming the
    template cell, ``where()`` (called only then), and the Jinja source."""
    try:
        return template.value(ctx)
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{where()}：未定义的变量或属性（{exc.message}），“{template.source}”。") \
            from exc
    except Exception as exc:  # a clerk's expression: point at the cell, whatever failed
        raise TemplateError(f"{where()}：无法计算“{template.source}”：{exc}") from exc


def merge(ws, min_row: int, min_col: int, max_row: int, max_col: int) -> None:
    """``ws.merge_cells`` without its formatting pass.

    openpyxl's pass re-sets the borders and the protection of every cell of
    the range through its style proxies, hashing style objects each time; it
    took a third of a build.  Both renderers give every cell of a merged
    range its style themselves, so only the bookkeeping is kept here: the
    range is recorded and its cells other than the top-left become
    MergedCells (the top-left one is created if missing)."""
    coord = CellRange(min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row).coord
    # into the set itself: MultiCellRange.add first compares the range with
    # every range already merged, which made a sheet's merging quadratic (a
    # 2,200-row table: 8 million comparisons); the renderers merge only
    # cells no earlier range holds
    ws.merged_cells.ranges.add(MergedCellRange(ws, coord))
    for row in range(min_row, max_row + 1):
        for col in range(min_col, max_col + 1):
            if row != min_row or col != min_col:
                ws._cells[(row, col)] = MergedCell(ws, row=row, column=col)
