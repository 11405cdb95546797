"""P5xx: plausibility — figures that add up but look wrong, or that the
narrative will need and are missing.  Warnings: the clerk decides; except
X417, figures beyond any department's accounts (元 typed into 万元), an error."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation

from reportgen.core import fmt, schema
from reportgen.core.model import Cell
from reportgen.validate.findings import ERROR, WARNING
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


@rule("P530", WARNING, "接待明细“{category}”金额 {amount}，{problem}",
      "请填写这类接待的批次和人次（情况说明写“…万元，接待1批次17人次”；为 0 或未填时不写）；"
      "确实没有接待的，请删除这一行或把金额改为 0。")
def reception_without_counts(ctx):
    """A 接待明细 line with an amount but no 批次 or no 人次.

    情况说明 九 writes each kind of reception as “…万元，接待1批次17人次”
    (after the 用途说明 when there is one); an amount spent on 0 批次 or
    0 人次, or with the counts left blank, is not a reception the clerk can
    publish: the count is left out of the sentence and reported here, at the
    first such cell, naming every one (“批次（接待明细!D3）未填”).  Lines
    without an amount, and columns the sheet does not have, are not checked.
    """
    for ln in ctx.wb.receptions:
        amount = ln.cells.get("amount")
        if not _stated(amount) or amount.value <= 0:
            continue
        problems = []
        for key in ("batches", "persons"):
            c = ln.cells.get(key)
            if c is None or c.problem is not None:
                continue
            if c.empty or c.value == 0:
                header = schema.RECEPTION.column(key).header
                problems.append((c, f"{header}（{c.where}）{'未填' if c.empty else '为 0'}"))
        if problems:
            yield ctx.finding("P530", problems[0][0], category=ln.text("category") or "（未填类别）",
                              amount=amount.value, problem="、".join(t for _, t in problems))


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


# ------------------------------------------------------------ 元 typed into 万元 columns
# X412 finds the slip against last year's figures or between sheets; when
# last year's are in 元 too, these bounds still see it.  All in 万元.
ANY_DEPARTMENT = Decimal(10) ** 8      # 1 万亿元: beyond any department's accounts
# a cost per car, per person abroad: no real figure comes near these
PER_CAR_RUNNING = Decimal(100)         # 公务用车运行维护费 per car in use, a year
PER_CAR_BOUGHT = Decimal(500)          # 公务用车购置费 per car bought
PER_PERSON_ABROAD = Decimal(200)       # 因公出国（境）费 per 人次


def _total_and_head(ctx):
    from reportgen.validate.rules.common import column_header, functional_items
    from reportgen.validate.rules.common import table1_totals as _table1
    items = functional_items(ctx.wb)
    if not items:
        return None, None
    t = _table1(ctx.wb)
    return t["income"] + t["use"] + t["begin"], column_header(ctx.wb, items, schema.INCOME_FISCAL)


def _yuan_signals(ctx):
    """(cell or loc, what, amount, why) of each sign of 元 typed into 万元
    columns, strongest first."""
    from reportgen.validate.rules.consistency import public_funds
    wb = ctx.wb
    grand, head = _total_and_head(ctx)
    if grand is not None and grand >= ANY_DEPARTMENT:
        yield head, "本年收支总计", grand, "超过 1 万亿元，远超任何部门的决算规模"
    sangong = schema.SANGONG
    costs = (("car_running", "cars", PER_CAR_RUNNING, "辆公务用车", "辆"),
             ("car_purchase", "car_purchased", PER_CAR_BOUGHT, "辆购置的公务用车", "辆"),
             ("abroad", "abroad_persons", PER_PERSON_ABROAD, "人次因公出国（境）", "人次"))
    for row, count_key, bound, counted, per in costs:
        cell = wb.sangong.get(row, {}).get("actual")
        count = wb.supplement_cell(count_key)
        if not _stated(cell) or not _stated(count) or not isinstance(count.value, int) \
                or count.value <= 0:
            continue
        each = cell.value / count.value
        if each > bound:
            yield (cell, f"三公经费“{sangong.row(row).label}”决算数", cell.value,
                   f"，按 {count.value} {counted}计，每{per}合 {fmt.money(each)} 万元，远超常理")
    operation = wb.supplement_cell("operation")
    public = public_funds(ctx)
    # 机关运行经费 above 公用经费 is X410's; a thousand times below it, one is in 元
    if _stated(operation) and operation.value > 1 and public >= operation.value * 1000:
        yield (_economic_head(ctx), "表6 公用经费合计", public,
               f"，是机关运行经费 {fmt.money(operation.value)} 万元的 {public / operation.value:,.0f} 倍")


def _economic_head(ctx):
    from reportgen.validate.rules.common import column_header, economic_items
    items = economic_items(ctx.wb)
    return column_header(ctx.wb, items, "amount") if items else ("基本支出经济分类", "")


@rule("X417", ERROR, "{what} {amount}{why}：可能把以元为单位的金额填进了万元栏",
      "本工作簿的金额单位是万元（“单位信息”的金额单位）：请把以元为单位的金额除以 10000 后填写；"
      "若整本工作簿都是按元填写的，把“单位信息”的金额单位改为“元”即可。")
def yuan_beyond_any_department(ctx):
    """Amounts ten thousand times too large, seen without last year's figures.

    X412 compares with last year's figures and between sheets; when every
    sheet, last year's figures too, was typed in 元 into a 万元 workbook,
    nothing disagrees — but the figures are beyond what any department
    spends: a 本年收支总计 of 1 万亿元 or more; 公务用车运行维护费 above
    100 万元 a car in use, 公务用车购置费 above 500 万元 a car bought, or
    因公出国（境）费 above 200 万元 a 人次 (the counts on 补充数据 are not
    amounts, so a unit slip shows in the cost per car or person); or a
    表6 公用经费 a thousand times the 机关运行经费 drawn from it (the
    economic sheet in 元; the other way round is X410's).  One finding, at the strongest sign's cell; none when
    X412 has already named the slip.
    """
    from reportgen.validate.rules.consistency import yuan_typed_as_wanyuan
    if next(iter(yuan_typed_as_wanyuan(ctx)), None) is not None:
        return
    for where_, what, amount, why in _yuan_signals(ctx):
        if isinstance(where_, Cell):
            yield ctx.finding("X417", where_, what=what, amount=amount, why=why)
        else:
            yield ctx.finding("X417", loc=where_, what=what, amount=amount, why=why)
        return


# a department this large whose every amount is a whole number of 万元
# looks like 元: real 万元 accounts carry hundreds of 元 as decimals
LARGE = Decimal(10) ** 6               # 100 亿元


@rule("P507", WARNING, "本年收支总计 {amount}（超过 100 亿元），而各表的 {count} 个金额都是整数："
      "像是把以元为单位的金额填进了万元栏",
      "请核对金额单位：若这些金额是按元填写的，请除以 10000 后填写，或把“单位信息”的金额单位改为“元”；"
      "确是万元整数的可不修改。")
def whole_yuan_amounts(ctx):
    """A very large department whose amounts all look like 元.

    A 本年收支总计 of 100 亿元 or more, and every amount of 支出功能分类,
    基本支出经济分类 and 项目支出 a whole number: 元 typed into 万元
    columns (an amount in 万元 carries its hundreds of 元 as decimals; among
    many lines of a real 万元 workbook some have them).  A warning, at the 财政拨款收入
    column: a department that does publish whole 万元 may keep them.  Not
    reported when X412 or X417 already name the slip.
    """
    from reportgen.validate.rules.common import economic_items, functional_items
    from reportgen.validate.rules.consistency import yuan_typed_as_wanyuan
    grand, head = _total_and_head(ctx)
    if grand is None or grand < LARGE or grand >= ANY_DEPARTMENT:
        return
    amounts = [c.value for ln in (*functional_items(ctx.wb), *economic_items(ctx.wb),
                                  *ctx.wb.projects)
               for c in ln.cells.values()
               if isinstance(c.value, Decimal) and c.value and c.problem is None]
    if not amounts or any(v != v.to_integral_value() for v in amounts):
        return
    if next(iter(yuan_typed_as_wanyuan(ctx)), None) is not None or \
            next(iter(_yuan_signals(ctx)), None) is not None:
        return
    yield ctx.finding("P507", loc=head, amount=grand, count=len(amounts))


# ------------------------------------------------------------ 万元 typed into a 元 workbook
# The reverse of X417: a workbook whose 金额单位 says 元 but whose figures
# are those of 万元 is ten thousand times too small.  All in 万元.
NO_DEPARTMENT_BELOW = Decimal(10)      # 10 万元 = 100,000 元: less than one salary a year
# a cost per car, per person abroad no real figure goes below
MIN_PER_CAR_RUNNING = Decimal("0.05")  # 500 元 a car in use, a year
MIN_PER_CAR_BOUGHT = Decimal(1)        # 10,000 元 a car bought
MIN_PER_PERSON_ABROAD = Decimal("0.05")  # 500 元 a 人次 abroad


def _wanyuan_signals(ctx):
    """(what, amount, why) of each sign that a 元 workbook holds 万元 figures,
    strongest first (amounts in 万元; the reporter shows them in 元)."""
    wb = ctx.wb
    grand, _ = _total_and_head(ctx)
    if grand is not None and 0 < grand < NO_DEPARTMENT_BELOW:
        yield "本年收支总计", grand, "，不足 10 万元，远小于任何部门一年的决算规模"
    sangong = schema.SANGONG
    costs = (("car_running", "cars", MIN_PER_CAR_RUNNING, "辆公务用车", "辆"),
             ("car_purchase", "car_purchased", MIN_PER_CAR_BOUGHT, "辆购置的公务用车", "辆"),
             ("abroad", "abroad_persons", MIN_PER_PERSON_ABROAD, "人次因公出国（境）", "人次"))
    for row, count_key, bound, counted, per in costs:
        cell = wb.sangong.get(row, {}).get("actual")
        count = wb.supplement_cell(count_key)
        if not _stated(cell) or not _stated(count) or not isinstance(count.value, int) \
                or count.value <= 0 or cell.value <= 0:
            continue
        each = cell.value / count.value
        if each < bound:
            yield (f"三公经费“{sangong.row(row).label}”决算数", cell.value,
                   f"，按 {count.value} {counted}计，每{per}只合 {fmt.money(each * 10000)} 元，远低于常理")



@rule("P508", WARNING, "金额单位填的是“元”，而{what}只有 {amount} 元{why}：像是把以万元为单位的金额填进了元工作簿",
      "请核对金额单位：若各表金额是按万元填写的，请把“单位信息”的金额单位改为“万元”；"
      "确是按元填写的可不修改。")
def wanyuan_in_yuan_workbook(ctx):
    """A 元 workbook whose figures look like 万元 (ten thousand times too small).

    The reverse of X417: when 单位信息's 金额单位 is 元 but the figures were
    typed in 万元, every table is published ten thousand times too small and
    nothing disagrees.  Signs: a 本年收支总计 below 10 万元 (100,000 元), or
    a 公务用车运行维护费 below 500 元 a car in use, a 公务用车购置费 below
    10,000 元 a car bought, an 因公出国（境）费 below 500 元 a 人次.  One
    warning, at the 金额单位 cell of 单位信息, naming the strongest sign.
    """
    if ctx.wb.amount_unit != schema.UNIT_YUAN:
        return
    cell = ctx.wb.info.get("amount_unit")
    for what, amount, why in _wanyuan_signals(ctx):
        if cell is not None:
            yield ctx.finding("P508", cell, what=what, amount=amount, why=why)
        else:
            yield ctx.finding("P508", loc=(schema.UNIT_INFO.name, ""), what=what, amount=amount,
                              why=why)
        return


@rule("P509", WARNING, "金额 {amount} 按万元保留两位小数为 0.00：公开表中显示为空，情况说明中不列这一项",
      "请核对金额和金额单位：若确是几十元的小额，可不修改（合计仍按实际金额计算）；"
      "若是单位或小数点填错了，请改正。")
def amount_printed_as_zero(ctx):
    """A money amount that is not 0 but prints as 0.00 万元.

    The published tables and sentences are in 万元 with two decimals: an
    amount under 0.005 万元 (50 元) prints as 0.00 — its cell is blank in the
    tables, and the sentences leave the line out as if it were empty (no
    “支出0万元，占0%”, no “完成年初预算的100%” of 0 against 0), while the
    totals still hold it exactly.  A warning at each such cell: the clerk
    confirms a small amount or corrects a slip (a unit, a decimal point).
    """
    from reportgen.validate.rules.common import amount_cells_money
    for c, _, money in amount_cells_money(ctx.wb):
        v = c.value
        if money and isinstance(v, Decimal) and v and c.problem is None \
                and fmt.rounded(v, 2) == 0:
            yield ctx.finding("P509", c, amount=v)
