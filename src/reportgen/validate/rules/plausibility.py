"""P5xx: plausibility — figures that add up but look wrong, or that the
narrative will need and are missing.  All warnings: the clerk decides."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation

from reportgen.core import fmt, schema
from reportgen.core.model import Cell
from reportgen.validate.findings import WARNING
from reportgen.validate.registry import rule
from reportgen.validate.rules.common import entry_name, general_items, where

# 决算 differing from 年初预算 by more than this share of the budget needs a reason
BUDGET_DEVIATION = Decimal("0.10")
EARLIEST_YEAR = 2000
# the template's own example and usual placeholders
_PLACEHOLDERS = ("某某", "示例", "XX", "××", "单位名称")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _stated(c: Cell | None) -> bool:
    return c is not None and not c.empty and c.problem is None


@rule("P501", WARNING, "{code} {name} 决算 {actual} 与年初预算 {budget} 相差 {share}，未填写差异原因",
      "请在“决算与预算差异原因”列写明主要原因（情况说明逐项写“决算数大于/小于年初预算数的主要原因”）。")
def budget_deviation_without_reason(ctx):
    """A 项 whose 决算 differs much from its 年初预算, without a reason.

    For 一般公共预算财政拨款 项 lines with a 年初预算数 above zero: when
    决算 (基本支出 + 项目支出) differs from it by more than 10% of the budget
    and 决算与预算差异原因 is empty.  A 项 with no budget (0 or empty) is
    not reported: the reference states “年初预算为 0 万元，支出决算为 …”
    without a reason or a completion rate.
    """
    for ln in general_items(ctx.wb):
        budget = ln.amt("budget")
        if budget <= 0:
            continue
        actual = ln.amt("exp_basic") + ln.amt("exp_project")
        diff = abs(actual - budget)
        reason = ln.cells.get("reason")
        if diff > budget * BUDGET_DEVIATION and (reason is None or reason.empty):
            try:
                share = fmt.percent(diff, budget)
            except InvalidOperation:   # figures beyond Decimal precision (S105/S110 territory)
                share = "很多"
            yield ctx.finding("P501", **where(ln, "reason"), code=ln.code,
                              name=entry_name(ctx, "functional", ln.code, ctx.wb.functional),
                              actual=actual, budget=budget, share=share)


# 补充数据 rows whose 上年数 the narrative always compares with
ALWAYS_COMPARED = ("total", "fiscal_total", "general_income", "general_exp")


@rule("P502", WARNING, "“{label}”没有填{column}，情况说明无法与上年比较",
      "请填写上年决算数（可从上年度决算公开报告中查到）；上年确实为 0 的填 0。")
def last_year_missing(ctx):
    """A 上年 figure missing where the narrative compares with last year.

    The narrative compares 收支总计, 财政拨款收支总计, 一般公共预算财政拨款
    收入 and 支出 with last year always; 机关运行经费 when this year's figure
    is filled; each 三公经费 item whose 决算数 is not zero (the reference
    writes “较上年减少 … 万元，下降 …%”).  An empty cell is missing; 0 is a
    figure.
    """
    sup = schema.SUPPLEMENT
    col = sup.column("last_year").header
    wanted = list(ALWAYS_COMPARED)
    if _stated(ctx.wb.supplement_cell("operation", "current")):
        wanted.append("operation")
    for key in wanted:
        c = ctx.wb.supplement_cell(key, "last_year")
        if c is not None and c.empty and c.problem is None:
            yield ctx.finding("P502", c, label=sup.row(key).label, column=col)
    sg = schema.SANGONG
    col = sg.column("last_year").header
    for item in sg.rows:
        row = ctx.wb.sangong.get(item.key, {})
        c = row.get("last_year")
        if c is None or not c.empty or c.problem is not None:
            continue
        if ctx.wb.sangong_amount(item.key, "actual"):
            yield ctx.finding("P502", c, label=item.label, column=col)


# (part, whole) pairs on 补充数据: a part cannot exceed its whole
SUPPLEMENT_PARTS = (
    ("fiscal_total", "total"),
    ("general_income", "fiscal_total"),
    ("general_exp", "fiscal_total"),
    ("sme", "procurement"),
    ("sme_small", "sme"),
    ("sme_goods", "procurement_goods"),
    ("sme_works", "procurement_works"),
    ("sme_services", "procurement_services"),
)


@rule("P503", WARNING, "“{part}”{column} {part_amount} 大于“{whole}” {whole_amount}",
      "部分不能大于总数：请核对这两个数。")
def part_exceeds_whole(ctx):
    """A 补充数据 figure larger than the figure it is part of.

    财政拨款收支总计 is part of 收支总计; 一般公共预算财政拨款收入 and 支出 are
    part of 财政拨款收支总计; the 中小企业 contract amounts are part of the
    procurement amounts (小微企业 of 中小企业).  Checked for 本年数 and 上年数
    when both are filled — mostly the 上年数, which nothing else checks.
    """
    sup = schema.SUPPLEMENT
    for part, whole in SUPPLEMENT_PARTS:
        for col in sup.columns:
            p, w = ctx.wb.supplement_cell(part, col.key), ctx.wb.supplement_cell(whole, col.key)
            if _stated(p) and _stated(w) and p.value > w.value:
                yield ctx.finding("P503", p, part=sup.row(part).label, column=col.header,
                                  part_amount=p.value, whole=sup.row(whole).label,
                                  whole_amount=w.value)


@rule("P504", WARNING, "“{label}”填的是 {value}，不在 {first} 年至 {last} 年之间",
      "请填写四位数的年份，如 {example}。")
def implausible_year(ctx):
    """A 年度 (or 科目目录年版) that cannot be a final-accounts year.

    A final account is published after its year ends, so the year lies
    between 2000 and the current calendar year; the 科目目录年版, when given,
    likewise.  A wrong year picks the wrong catalogue edition and prints a
    wrong title.
    """
    this_year = _dt.date.today().year
    for key in ("year", "catalogue_year"):
        c = ctx.wb.info.get(key)
        if c is None or not isinstance(c.value, int):
            continue
        if not EARLIEST_YEAR <= c.value <= this_year:
            yield ctx.finding("P504", c, label=schema.UNIT_INFO.item(key).label, value=c.value,
                              first=EARLIEST_YEAR, last=this_year, example=this_year - 1)


@rule("P505", WARNING, "单位名称“{unit}”{why}", "请填写部门（单位）全称，它会印在每张表的表头和文件名中。")
def implausible_unit(ctx):
    """A 单位名称 that looks like a placeholder.

    The name heads every table and names the output files: a name with no
    Chinese character, shorter than 3 characters, or still holding a
    template placeholder (某某, 示例, XX, 单位名称) is reported.
    """
    c = ctx.wb.info.get("unit")
    if c is None or c.empty:
        return
    unit = str(c.value)
    hit = next((p for p in _PLACEHOLDERS if p.lower() in unit.lower()), None)
    if hit:
        why = f"含有占位文字“{hit}”"
    elif not _CJK.search(unit):
        why = "没有中文"
    elif len(unit) < 3:
        why = "太短，不像单位全称"
    else:
        return
    yield ctx.finding("P505", c, unit=unit, why=why)
