"""M1xx: the 内部往来 list of a department's consolidation (``reportgen consolidate``).

These rules do not look at one workbook: ``validate.transfers.check_transfers``
runs them over the 内部往来 sheet the clerk wrote
(``read.transfers.TransferSheet``) and the units being consolidated, each
already valid on its own.  Over a unit's workbook they are silent.  An
error stops the consolidation (nothing is written, exit 1), like an error
in a unit's workbook.  The rules on the units' lines (M108–M111) are
silent while a row of the list is at fault (M101–M107 name it).
"""

from __future__ import annotations

from decimal import Decimal

from reportgen.core import schema
from reportgen.core.model import ZERO
from reportgen.read.transfers import INTERNAL_SHEET, TRANSFER_COLUMNS
from reportgen.validate.findings import ERROR, INFO
from reportgen.validate.registry import rule

_HEADERS = "付款单位、收款单位、类型、金额（可加付款方科目编码、收款方科目编码）"
_ROLE = {"payer": "付款单位", "payee": "收款单位"}
_CODE_HEADER = {"payer": "付款方科目编码", "payee": "收款方科目编码"}


def _sheet(ctx):
    """The 内部往来 list when checking a consolidation and it has rows to read, else None."""
    if not getattr(ctx, "consolidation", False):
        return None
    return ctx.sheet


def _rows(ctx):
    """The rows of a list whose headers are all there (else M101/M102 speak)."""
    sheet = _sheet(ctx)
    if sheet is None or not sheet.sheet or not sheet.header_row:
        return sheet, []
    return sheet, list(sheet.rows)


def _header(col: str) -> str:
    return schema.FUNCTIONAL.column(col).header


@rule("M101", ERROR, "{file} 有 {count} 张工作表（{sheets}），没有一张名为“内部往来”",
      "请把内部往来填在名为“内部往来”的工作表中，每笔一行，表头：" + _HEADERS + "。")
def no_transfer_sheet(ctx):
    """The 内部往来 workbook has several sheets and none is named 内部往来.

    The list is read from the sheet named 内部往来, or from the workbook's
    only sheet.  Checked when consolidating (``--internal``, or the
    内部往来 workbook found among the units).
    """
    sheet = _sheet(ctx)
    if sheet is not None and not sheet.sheet:
        yield ctx.finding("M101", file=sheet.file, count=len(sheet.sheets), sheets="、".join(sheet.sheets))


@rule("M102", ERROR, "{file} 工作表“{sheet}”{place}缺少表头{missing}",
      "表头应为：" + _HEADERS + "；金额以元填写时表头写“金额（元）”。")
def missing_header(ctx):
    """A header of the 内部往来 list is missing.

    One of the first ten rows must hold both 付款单位 and 收款单位; that
    row must also hold 类型 and 金额 (万元; “金额（元）” when the list is
    in 元).
    """
    sheet = _sheet(ctx)
    if sheet is None or not sheet.sheet:
        return
    if not sheet.header_row:
        yield ctx.finding("M102", loc=(sheet.sheet, ""), file=sheet.file, sheet=sheet.sheet,
                          place="前 10 行中", missing="“付款单位”“收款单位”")
        return
    missing = [name for key, name in (("kind", "“类型”"), ("amount", "“金额”（万元）或“金额（元）”"))
               if key not in sheet.columns]
    if missing:
        yield ctx.finding("M102", loc=(sheet.sheet, f"{sheet.header_row}:{sheet.header_row}"),
                          file=sheet.file, sheet=sheet.sheet, place=f"第 {sheet.header_row} 行",
                          missing="、".join(missing))


@rule("M103", ERROR, "内部往来这一行没有填写{role}",
      "请按该单位“单位信息”中的单位名称填写，或删去这一行。")
def blank_party(ctx):
    """A transfer without its 付款单位 or 收款单位.

    Every non-blank row of the list is a transfer and needs both names.
    """
    sheet, rows = _rows(ctx)
    for r in rows:
        for key in ("payer", "payee"):
            if r[key].empty:
                yield ctx.finding("M103", r[key], role=_ROLE[key])


@rule("M104", ERROR, "付款单位和收款单位都是“{name}”",
      "单位付给自己的不是单位之间的往来：请改为收款的单位，或删去这一行。")
def pays_itself(ctx):
    """A transfer whose 付款单位 and 收款单位 are the same unit.

    What a unit pays itself is no transfer between the department's units;
    usually the 收款单位 was copied from the row above.
    """
    sheet, rows = _rows(ctx)
    for r in rows:
        if not r["payer"].empty and r["payer"].value == r["payee"].value:
            yield ctx.finding("M104", r["payer"], name=r["payer"].value)


@rule("M105", ERROR, "类型{text}无法识别",
      "请填写“对附属单位补助”或“附属单位上缴”。")
def unknown_kind(ctx):
    """A 类型 that is blank or not one of the two kinds.

    对附属单位补助 (also written 对附属单位补助支出, 上级补助, 上级补助收入) or
    附属单位上缴 (附属单位上缴收入, 上缴上级, 上缴上级支出).
    """
    sheet, rows = _rows(ctx)
    if "kind" not in (sheet.columns if sheet else {}):
        return
    for r in rows:
        c = r["kind"]
        if c.value is None:
            text = "" if c.raw is None else str(c.raw).strip()
            yield ctx.finding("M105", c, text=f"“{text}”" if text else "（空白）")


@rule("M106", ERROR, "金额“{text}”应为大于 0 的数字",
      "请按付款单位和收款单位工作簿中的账面数填写这笔往来的金额。")
def amount_not_positive(ctx):
    """A transfer amount that is blank, not a number, zero or negative.

    The amount is what both units booked (万元, or 元 under the header
    金额（元）); a transfer back is a row of its own with the other kind.
    """
    sheet, rows = _rows(ctx)
    if "amount" not in (sheet.columns if sheet else {}):
        return
    for r in rows:
        c = r["amount"]
        if c.problem or not isinstance(c.value, Decimal) or c.value <= 0:
            yield ctx.finding("M106", c, text="" if c.raw is None else str(c.raw))


@rule("M107", ERROR, "金额“{text}”超过{places}位小数（{unit}最多{places}位小数）",
      "请按各单位工作簿中的账面数填写。")
def amount_too_precise(ctx):
    """A transfer amount with more decimals than its unit carries.

    In 万元 (header 金额) six decimals at most, in 元 (header 金额（元）) two,
    as in the units' workbooks.
    """
    from reportgen.validate.transfers import too_precise

    sheet, rows = _rows(ctx)
    if "amount" not in (sheet.columns if sheet else {}):
        return
    for r in rows:
        c = r["amount"]
        if isinstance(c.value, Decimal) and not c.problem and c.value > 0 and too_precise(sheet, c.value):
            places = "两" if schema.UNIT_PLACES[sheet.unit] == 2 else "六"
            yield ctx.finding("M107", c, text=str(c.raw), places=places, unit=sheet.unit)


def _sides(ctx, why: str):
    from reportgen.validate.transfers import matched

    if _sheet(ctx) is None:
        return []
    m = matched(ctx)
    return [s for s in (m.unmatched if m is not None else []) if s.why == why]


@rule("M108", ERROR, "{role}“{name}”不是要合并的单位之一（{names}）",
      "请按各单位“单位信息”中的单位名称填写。")
def unknown_unit(ctx):
    """A 付款单位 or 收款单位 that is none of the units consolidated.

    Names are compared with each unit's 单位名称 (单位信息), spaces at the
    ends ignored.
    """
    for s in _sides(ctx, "unit"):
        yield ctx.finding("M108", s.cell, role=_ROLE[s.role], name=s.name,
                          names="、".join(u.name for u in ctx.units))


@rule("M109", ERROR, "{role}“{name}”（{file}）的支出功能分类中没有{code}非财政拨款资金行填了“{column}”，"
      "无法抵消这笔{kind} {amount} {unit}",
      "请核对该单位的工作簿，或内部往来的“{code_header}”。")
def no_line_to_offset(ctx):
    """A side of a transfer that no line of its unit books.

    A 对附属单位补助 is taken off the payer's 对附属单位补助支出 and the
    payee's 上级补助收入; a 附属单位上缴 off the payer's 上缴上级支出 and the
    payee's 附属单位上缴收入 — on a 非财政拨款资金 line (these columns are
    only there), of the code named in 付款方/收款方科目编码 when one is.
    """
    for s in _sides(ctx, "line"):
        yield ctx.finding("M109", s.cell, role=_ROLE[s.role], name=s.name, file=s.unit.path.name,
                          code=f"科目 {s.code} 的" if s.code else "", column=_header(s.column),
                          code_header=_CODE_HEADER[s.role],
                          kind=TRANSFER_COLUMNS[s.transfer.kind][2], amount=s.transfer.amount)


@rule("M110", ERROR, "{role}“{name}”在 {count} 个科目（{codes}）填了“{column}”，没有写明这笔往来在哪个科目",
      "请在“{code_header}”列写明这笔往来的科目编码。")
def which_code(ctx):
    """A side of a transfer its unit books on several codes, none named.

    When the unit books the column on one code only, the code may be left
    blank; with several, 付款方科目编码 / 收款方科目编码 says which.
    """
    for s in _sides(ctx, "codes"):
        yield ctx.finding("M110", s.cell, role=_ROLE[s.role], name=s.name, count=len(s.codes),
                          codes="、".join(s.codes), column=_header(s.column),
                          code_header=_CODE_HEADER[s.role])


@rule("M111", ERROR, "第 {rows} 行列出“{name}”科目 {code} “{column}”的抵消合计 {taken} {unit}，"
      "多于该单位账面数 {booked} {unit}（{file} {cells}）",
      "两边应一致：请核对内部往来的金额，或该单位的工作簿。")
def more_than_booked(ctx):
    """Transfers that take more off a unit's line than it books.

    Both sides are checked: for each unit, code and column, the transfers
    listed against it add up to at most what the unit's 非财政拨款资金 line
    holds.  Reported at the amount of the first row listed against it.
    """
    from reportgen.validate.transfers import matched

    if _sheet(ctx) is None:
        return
    m = matched(ctx)
    if m is None or m.unmatched:
        return
    for key, taken in m.offsets.items():
        name, code, fund, col = key
        u = ctx.unit_named(name)
        lines = [ln for ln in u.wb.functional_items() if ln.code == code and ln.text("fund") == fund]
        booked = sum((ln.amt(col) for ln in lines), ZERO)
        if taken > booked:
            listed = m.rows[key]
            yield ctx.finding("M111", listed[0].row["amount"], rows="、".join(str(t.row.row) for t in listed),
                              name=name, code=code, column=_header(col), taken=taken, booked=booked,
                              file=u.path.name, cells="、".join(ln[col].where for ln in lines))


@rule("M112", INFO, "抵消后部门仍有“{paid}” {left_paid} {unit}和“{got}” {left_got} {unit}",
      "如其中有部门内单位之间的{kind}，请列在“内部往来”表中抵消（--internal）；确实是与部门外单位的往来时不必改动。")
def still_both_sides(ctx):
    """After the offsets, the department both pays and receives the same kind of transfer.

    Left 对附属单位补助支出 beside 上级补助收入 (or 上缴上级支出 beside
    附属单位上缴收入) may be a transfer between the department's own units
    that 内部往来 does not list: the department's totals then count it twice.
    A note, also written on the department workbook's 填表说明.
    """
    from reportgen.validate.transfers import matched

    if not getattr(ctx, "consolidation", False):
        return
    m = matched(ctx)
    if m is None or m.unmatched:
        return
    for pay_col, get_col, label in TRANSFER_COLUMNS.values():
        left = []
        for col in (pay_col, get_col):
            booked = sum((ln.amt(col) for u in ctx.units for ln in u.wb.functional_items()), ZERO)
            taken = sum((v for (_, _, _, c), v in m.offsets.items() if c == col), ZERO)
            left.append(booked - taken)
        if left[0] > 0 and left[1] > 0:
            yield ctx.finding("M112", loc=(INTERNAL_SHEET, ""), paid=_header(pay_col), left_paid=left[0],
                              got=_header(get_col), left_got=left[1], kind=label)
