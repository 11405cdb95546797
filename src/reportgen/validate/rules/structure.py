"""S1xx: sheets, columns and cell contents."""

from __future__ import annotations

from ..findings import ERROR
from ..registry import rule


@rule("S101", ERROR, "缺少工作表“{sheet}”", "请使用 reportgen init 生成的模板，补上该工作表。")
def missing_sheet(ctx):
    """A required sheet is missing.

    Every declared sheet marked required must exist (names compared without
    spaces).  Without it no table can be derived.
    """
    from ... import schema
    for decl in schema.SHEETS:
        info = ctx.wb.sheets.get(decl.name)
        if decl.required and (info is None or not info.present):
            yield ctx.finding("S101", loc=(decl.name, ""), sheet=decl.name)
