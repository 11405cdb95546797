"""Helpers shared by the two workbook renderers (``xlsx``, ``performance_xlsx``).

Public openpyxl API only (``tests/test_no_private_openpyxl.py`` greps for
the rest): a merge is recorded through ``ws.merged_cells.ranges``, a cell's
style is copied as a named style.
"""

from __future__ import annotations

import re
from copy import copy
from typing import Any, Callable

import jinja2
from openpyxl.styles import NamedStyle
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange

from reportgen.core.errors import TemplateError

STYLE_PREFIX = "reportgen "   # the named styles StyleCopier adds (hidden in Excel's gallery)

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
    """Record the merged range (1-based rows and columns, inclusive) in
    ``ws``: ``ws.merge_cells`` without its formatting pass.

    openpyxl's pass re-sets the borders and the protection of every cell of
    the range through its style proxies, hashing and comparing style objects
    each time; it took a third of a build.  Both renderers give every cell
    of a merged range its style themselves, so only the range is recorded
    here.  Its cells other than the top-left stay ordinary (empty) cells
    rather than openpyxl's read-only ``MergedCell``s: the renderers write
    no value into them, and an empty styled cell is written to the file
    exactly as a ``MergedCell`` is (``<c r=… s=…/>``); openpyxl makes them
    ``MergedCell``s again when the file is loaded.  (``MergedCellRange``
    itself still gives the top-left cell the right and bottom borders of
    the bottom-right one, as ``ws.merge_cells`` does.)"""
    coord = CellRange(min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row).coord
    # into the set itself (a public attribute): MultiCellRange.add first
    # compares the range with every range already merged, which made a
    # sheet's merging quadratic (a 2,200-row table: 8 million comparisons);
    # the renderers merge only cells no earlier range holds
    ws.merged_cells.ranges.add(MergedCellRange(ws, coord))


class StyleCopier:
    """Gives cells of one workbook the formatting of other cells of it.

    Each distinct style of the source cells (told apart by the public
    ``cell.style_id``) is registered once as a hidden named style holding
    its font, border, fill, number format, alignment and protection; a
    target cell is then assigned it by name (``cell.style = name``), which
    sets all six at once without hashing a style object per cell (assigning
    ``cell.font``, ``cell.border`` … one by one hashes and compares each).  The target looks exactly like the source; in the file it also
    names the added style (``reportgen <n>``, hidden from Excel's gallery)."""

    def __init__(self, wb):
        self.wb = wb
        self._names: dict[int, str] = {}     # style_id -> the named style holding it
        self._made = 0
        self._known: set[str] = set()        # names whose own style_id is in _names

    def name_of(self, cell) -> str:
        """The named style holding ``cell``'s formatting, registered in the
        workbook on first use."""
        sid = cell.style_id
        name = self._names.get(sid)
        if name is None:
            taken = set(self.wb.named_styles)
            while f"{STYLE_PREFIX}{self._made}" in taken:
                self._made += 1
            name = f"{STYLE_PREFIX}{self._made}"
            self._made += 1
            self.wb.add_named_style(NamedStyle(
                name=name, font=copy(cell.font), border=copy(cell.border), fill=copy(cell.fill),
                number_format=cell.number_format, alignment=copy(cell.alignment),
                protection=copy(cell.protection), hidden=True))
            self._names[sid] = name
        return name

    def apply(self, target, name: str, quote_prefix: bool = False) -> None:
        """Give ``target`` the named style ``name`` (from ``name_of``), and
        with ``quote_prefix`` Excel's mark of text typed with a leading '."""
        target.style = name
        if quote_prefix:
            target.quotePrefix = True
        elif name not in self._known:
            # the target's style is now this one: copied on, it needs no other
            self._names.setdefault(target.style_id, name)
            self._known.add(name)
