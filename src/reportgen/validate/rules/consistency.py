"""X41x: figures that cannot be right together, though each adds up.

A part larger than the whole it is drawn from, a 财政拨款 balance below
zero, and amounts that are ten thousand times what they should be (typed in
元 into a 万元 column), found against last year's figures or between sheets.
"""

from __future__ import annotations

from decimal import Decimal

from reportgen.core import schema
from reportgen.core.model import ZERO
from reportgen.validate.findings import ERROR, WARNING
from reportgen.validate.registry import rule
from reportgen.validate.rules.common import (column_header, economic_group, economic_items, fund,
                                             functional_items, general_items, total)
from reportgen.validate.rules.common import table1_totals

# two figures of the same thing this many times apart differ by the 元/万元
# factor (10 000), give or take a year's growth
SLIP_RATIO = Decimal(1000)
_HEADER = {c.key: c.header for c in schema.FUNCTIONAL.columns}


def public_funds(ctx) -> Decimal:
    """表6 公用经费合计: the 基本支出经济分类 款 lines whose 类 is not 人员经费
    (as compute groups them), in 万元."""
    out = ZERO
    for ln in economic_items(ctx.wb):
        if economic_group(ctx, ln.code) != "人员经费":
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


# words that say which way a figure went
DOWN_WORDS = ("减少", "压减", "下降", "缩减", "降低", "压缩", "核减", "调减", "削减", "减支", "回落")
UP_WORDS = ("增加", "增长", "新增", "提高", "上升", "增多", "扩大", "调增", "追加", "加大")
# the stock words of a 三公经费 or 机关运行经费 that went down (“厉行节约，从严控制
# “三公”经费开支”, “落实过紧日子要求”): saying down for these reasons only (a
# total may rise while an office economises)
SPENDING_DOWN_WORDS = ("节约", "从严控制", "严格控制", "严控", "紧日子")
_SPENDING_REASONS = ("reason_operation", "reason_3gong", "reason_abroad", "reason_car",
                     "reason_reception", "reason_3gong_budget")
# 文字说明 reason -> (补充数据 row, or 三公经费 rows) of the figure it explains
_REASONS = (
    ("reason_total", "total"), ("reason_fiscal", "fiscal_total"),
    ("reason_general_income", "general_income"), ("reason_general_exp", "general_exp"),
    ("reason_operation", "operation"),
    ("reason_3gong", ("abroad", "car_purchase", "car_running", "reception")),
    ("reason_abroad", ("abroad",)), ("reason_car", ("car_purchase", "car_running")),
    ("reason_reception", ("reception",)),
)


def direction_words(text: str, more_down: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """(words saying down, words saying up) found in ``text``; ``more_down``:
    further words saying down (``SPENDING_DOWN_WORDS`` for a 三公 or 机关运行经费
    reason)."""
    return ([w for w in (*DOWN_WORDS, *more_down) if w in text], [w for w in UP_WORDS if w in text])


def contradicting_word(text: str, up: bool, more_down: tuple[str, ...] = ()) -> str:
    """The first word of ``text`` that says the opposite of ``up`` when the
    text has no word for the figure's own direction, else "" (``more_down``
    as for ``direction_words``)."""
    down_w, up_w = direction_words(text, more_down)
    wrong, right = (down_w, up_w) if up else (up_w, down_w)
    return wrong[0] if wrong and not right else ""


def _figures(ctx) -> dict[str, tuple[Decimal, Decimal | None]]:
    """Reason key -> (this year, last year or None) of the figure it explains."""
    from reportgen.validate.rules.cross import _computed_supplement
    wb = ctx.wb
    current = {k: v for k, (v, _) in _computed_supplement(wb).items()}
    current["operation"] = wb.supplement_amount("operation")
    out = {}
    for key, src in _REASONS:
        if isinstance(src, str):
            cell = wb.supplement_cell(src, "last_year")
            last = None if cell is None or cell.empty or cell.problem else wb.supplement_amount(src, "last_year")
            out[key] = (current[src], last)
        else:
            cells = [wb.sangong.get(r, {}).get("last_year") for r in src]
            if all(c is None or c.empty for c in cells):
                out[key] = (sum((wb.sangong_amount(r, "actual") for r in src), ZERO), None)
            else:
                out[key] = (sum((wb.sangong_amount(r, "actual") for r in src), ZERO),
                            sum((wb.sangong_amount(r, "last_year") for r in src), ZERO))
    return out


@rule("P506", WARNING, "{label}写的是“{word}”，但{figure}{direction}（{current_label} {current}，"
      "{other_label} {last}）",
      "请核对这段文字是否是上年留下的：原因应说明{figure}为什么{direction}。")
def reason_contradicts_figure(ctx):
    """A reason whose words say the opposite of the figure it explains.

    A 文字说明 变动原因 that says 减少/压减/下降/缩减/降低… (for a 三公经费
    or 机关运行经费 reason also 节约/从严控制/严控/紧日子, the stock wording of a
    decrease) for a figure that rose on last year, or 增加/增长/新增/提高… for one that fell
    (typically last year's text kept), and a 决算与预算差异原因 that says
    the opposite of 决算 against 年初预算 — of a 项 line, or the 三公经费
    决算与预算差异原因 against the 三公 年初预算数 and, where entered, the
    全年预算数 (reported only when both budgets lie on the same side of the
    决算).  Only a text with words of the wrong direction and none of the
    right one is reported; a figure that did not change, or has no
    last-year figure, is not.  A 项 with a 年初预算 of 0 (or blank) is
    compared with 0: its reason explains why it was spent at all, so
    “人员减少” there is reported as for any 决算 above its budget.
    """
    figures = _figures(ctx)
    for key, _ in _REASONS:
        cell = ctx.wb.texts.get(key)
        if cell is None or cell.empty or cell.problem:
            continue
        current, last = figures[key]
        if last is None or current == last:
            continue
        up = current > last
        word = contradicting_word(str(cell.value), up,
                                  SPENDING_DOWN_WORDS if key in _SPENDING_REASONS else ())
        if word:
            label = schema.TEXTS.item(key).label
            figure = label.removesuffix("变动原因")
            yield ctx.finding("P506", cell, label=f"“{label}”", word=word, figure=figure,
                              direction="比上年增加" if up else "比上年减少",
                              current_label="本年", other_label="上年", current=current, last=last)
    for ln in general_items(ctx.wb):
        c = ln.cells.get("reason")
        budget, actual = ln.amt("budget"), ln.amt("exp_basic") + ln.amt("exp_project")
        if c is None or c.empty or c.problem or budget < 0 or budget == actual:
            continue
        up = actual > budget
        word = contradicting_word(str(c.value), up)
        if word:
            yield ctx.finding("P506", c, label=f"{ln.code} 的“决算与预算差异原因”", word=word,
                              figure="决算数", direction="大于年初预算数" if up else "小于年初预算数",
                              current_label="决算", other_label="年初预算", current=actual,
                              last=budget)
    yield from _sangong_budget_reason(ctx)


def _sangong_budget_reason(ctx):
    """P506 for 文字说明 三公经费决算与预算差异原因 (see reason_contradicts_figure)."""
    c = ctx.wb.texts.get("reason_3gong_budget")
    if c is None or c.empty or c.problem:
        return
    wb, rows = ctx.wb, [r.key for r in schema.SANGONG_ROWS]
    actual = sum((wb.sangong_amount(r, "actual") for r in rows), ZERO)
    bases = [("年初预算", sum((wb.sangong_amount(r, "budget") for r in rows), ZERO))]
    if any(wb.sangong_entered(r, "budget_full") for r in rows):
        bases.append(("全年预算", sum((wb.sangong_amount(
            r, "budget_full" if wb.sangong_entered(r, "budget_full") else "budget")
            for r in rows), ZERO)))
    bases = [(name, b) for name, b in bases if b > 0 and b != actual]
    if not bases or len({actual > b for _, b in bases}) > 1:
        return
    up = actual > bases[0][1]
    word = contradicting_word(str(c.value), up, SPENDING_DOWN_WORDS)
    if word:
        name, budget = bases[-1]
        yield ctx.finding("P506", c, label="“三公经费决算与预算差异原因”", word=word,
                          figure="“三公”经费决算数",
                          direction=f"{'大于' if up else '小于'}{name}数",
                          current_label="决算", other_label=name, current=actual, last=budget)
