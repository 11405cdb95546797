"""X41x: figures that cannot be right together, though each adds up.

A part larger than the whole it is drawn from, a 财政拨款 balance below
zero, and amounts that are ten thousand times what they should be (typed in
元 into a 万元 column), found against last year's figures or between sheets.
"""

from __future__ import annotations

from decimal import Decimal

from reportgen.core import schema
from reportgen.core.model import ZERO
from reportgen.validate.findings import ERROR
from reportgen.validate.registry import rule
from reportgen.validate.rules.common import (column_header, economic_items, fund, functional_items,
                                             general_items, total)
from reportgen.validate.rules.cross import _table1 as table1_totals

# two figures of the same thing this many times apart differ by the 元/万元
# factor (10 000), give or take a year's growth
SLIP_RATIO = Decimal(1000)
_HEADER = {c.key: c.header for c in schema.FUNCTIONAL.columns}


def public_funds(ctx) -> Decimal:
    """表6 公用经费合计: the 基本支出经济分类 款 lines whose 类 is not 人员经费
    (as compute groups them), in 万元."""
    out = ZERO
    for ln in economic_items(ctx.wb):
        e = ctx.cats.economic.lookup(ln.code[:3], ctx.year)
        if e is None or e.group != "人员经费":
            out += ln.amt("amount")
    return out


@rule("X410", ERROR, "机关运行经费 {operation} 超过表6 公用经费合计 {public}",
      "机关运行经费是一般公共预算财政拨款基本支出中的日常公用经费，不能超过公用经费："
      "请核对“补充数据”的机关运行经费和“基本支出经济分类”中公用经费各款的金额。")
def operation_above_public_funds(ctx):
    """机关运行经费 larger than the 公用经费 it is drawn from.

    机关运行经费 is the 日常公用经费 part of the 一般公共预算财政拨款
    基本支出, so it is at most 表6's 公用经费合计 (Σ 302/310/399 款 of
    基本支出经济分类).  Checked when both are entered and readable.
    """
    cell = ctx.wb.supplement_cell("operation")
    if cell is None or cell.empty or cell.problem or not economic_items(ctx.wb):
        return
    public, operation = public_funds(ctx), ctx.wb.supplement_amount("operation")
    if operation > public:
        yield ctx.finding("X410", cell, operation=operation, public=public)


@rule("X411", ERROR, "{fund}行的“{column}”为 {amount}：财政拨款结转和结余不能为负数",
      "财政拨款支出不能超过年初结转和结余加本年财政拨款收入：请核对该行的收入、支出和结转结余"
      "（超支部分应由其他资金负担，填在非财政拨款资金行）。")
def negative_fiscal_carry(ctx):
    """A negative 财政拨款 carry-over.

    On a 一般公共预算 / 政府性基金 / 国有资本经营预算 财政拨款 line, the
    年初结转和结余 and 年末结转和结余 are money the treasury still holds for
    the unit: a line that spent more than it received and carried shows a
    negative balance, which 表4 and the document would print as it stands.
    (A 非财政拨款资金 line may carry a deficit.)
    """
    for ln in functional_items(ctx.wb):
        f = fund(ln)
        if f not in schema.FISCAL_FUNDS:
            continue
        for key in ("carry_begin", "carry_end"):
            c = ln.cells.get(key)
            if c is not None and c.problem is None and ln.amt(key) < 0:
                yield ctx.finding("X411", c, fund=f, column=_HEADER[key], amount=ln.amt(key))


def _ratio(a: Decimal, b: Decimal) -> Decimal:
    return a / b if b else ZERO


@rule("X412", ERROR, "{what} {current} 是{other_what} {other} 的 {times} 倍：可能把以元为单位的金额填进了万元栏",
      "本表金额单位为万元：请把以元为单位的金额除以 10000 后填写（检查“支出功能分类”“基本支出经济分类”"
      "“项目支出”等表与“补充数据”上年数的单位是否一致）。")
def yuan_typed_as_wanyuan(ctx):
    """Amounts ten thousand times too large: 元 typed into 万元 columns.

    Two figures of the same thing that are at least a thousand times apart
    (the factor between 元 and 万元 is 10 000): this year's 收支总计 and
    一般公共预算财政拨款支出 against last year's (补充数据 上年数), and
    表6 基本支出 (基本支出经济分类) against 表5 基本支出 (支出功能分类).
    Then every sentence that compares them would print an absurd change
    (“增长1485337.1%”): an error, nothing is published.  The smaller of
    the two figures must be above 1 万元, so a new small item is not taken
    for a slip.
    """
    wb = ctx.wb
    items = functional_items(wb)
    if not items:
        return
    head = column_header(wb, items, schema.INCOME_FISCAL)
    t = table1_totals(wb)
    general = general_items(wb)
    general_exp = total(general, "exp_basic") + total(general, "exp_project")
    pairs = [
        ("total", t["income"] + t["use"] + t["begin"], "本年收支总计"),
        ("general_exp", general_exp, "本年一般公共预算财政拨款支出"),
    ]
    for key, current, what in pairs:
        last_cell = wb.supplement_cell(key, "last_year")
        last = wb.supplement_amount(key, "last_year")
        if last_cell is None or last_cell.problem or min(abs(current), abs(last)) <= 1:
            continue
        big, small = max(abs(current), abs(last)), min(abs(current), abs(last))
        if big >= small * SLIP_RATIO:
            label = schema.SUPPLEMENT.row(key).label
            yield ctx.finding("X412", loc=head if abs(current) > abs(last) else
                              (last_cell.sheet, last_cell.ref),
                              what=what, current=current, other_what=f"上年{label}", other=last,
                              times=_times(big, small))
    econ_items = economic_items(wb)
    econ = total(econ_items, "amount")
    basic = total(general, "exp_basic")
    if min(econ, basic) > 1 and max(econ, basic) >= min(econ, basic) * SLIP_RATIO:
        loc = (column_header(wb, econ_items, "amount") if econ > basic
               else column_header(wb, general, "exp_basic"))
        yield ctx.finding("X412", loc=loc, what="表6 基本支出合计（基本支出经济分类）", current=econ,
                          other_what="表5 基本支出合计（支出功能分类）", other=basic,
                          times=_times(max(econ, basic), min(econ, basic)))


def _times(big: Decimal, small: Decimal) -> str:
    return f"{(big / small):,.0f}"
