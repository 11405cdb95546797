"""X413–X416: the inputs of the tables beyond the nine (issue 12).

项目支出决算表 lists each project with its 功能分类 项 (the 项目支出 sheet's
功能分类科目编码); 一般性支出情况表 prints 会议费 and 培训费 (补充数据).  Each
figure must agree with the lines it is a part of.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from reportgen.core import schema
from reportgen.core.model import ZERO
from reportgen.validate.findings import ERROR, WARNING
from reportgen.validate.registry import rule
from reportgen.validate.rules.common import column_header, economic_items, general_items

_PROJECTS = schema.PROJECTS.name


def _project_codes(wb) -> dict[str, Decimal]:
    """一般公共预算 项 codes with their 项目支出 (万元), where it is not 0."""
    out: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for ln in general_items(wb):
        if len(ln.code) == 7:
            out[ln.code] += ln.amt("exp_project")
    return {c: v for c, v in out.items() if v}


def _coded(wb) -> list:
    """The 项目支出 lines with a name and a readable code."""
    out = []
    for ln in wb.projects:
        c = ln.cells.get("code")
        if ln.text("name") and c is not None and not c.empty and c.problem is None:
            out.append(ln)
    return out


@rule("X413", ERROR, "“{sheet}”项目“{name}”的功能分类科目编码 {code} 不是一般公共预算财政拨款"
      "有项目支出的项级科目",
      "项目支出决算表按此编码列示：请填“支出功能分类”中一般公共预算财政拨款填了项目支出的"
      "7 位科目编码（现有：{codes}）。")
def project_code_listed(ctx):
    """A project's 功能分类科目编码 is not a 项 with 一般公共预算 项目支出.

    The 项目支出 sheet lists the 一般公共预算财政拨款 项目支出 project by
    project (X407); 项目支出决算表 prints each project under the 功能分类
    项 its money was spent under.  So a code given there must be a 7-digit
    code of 支出功能分类 whose 一般公共预算财政拨款 line has a 项目支出.
    Checked per project whose code is filled; a blank code is allowed.
    """
    codes = _project_codes(ctx.wb)
    for ln in _coded(ctx.wb):
        if ln.code not in codes:
            yield ctx.finding("X413", ln["code"], sheet=_PROJECTS, name=ln.text("name"),
                              code=ln.code, codes="、".join(sorted(codes)) or "无")


@rule("X414", ERROR, "“{sheet}”中列在 {code} 下的项目决算数之和 {entered}，该科目一般公共预算财政拨款"
      "项目支出 {derived}，相差 {diff}{note}",
      "每个项目的编码应是其资金列支的科目：请核对项目的功能分类科目编码或决算数。", rounding=True)
def projects_per_code(ctx):
    """The projects coded to a 项 do not add up to that 项's 项目支出.

    When every project on the 项目支出 sheet has a 功能分类科目编码, the
    projects under each code are the 一般公共预算财政拨款 项目支出 of that
    code (表5 项目支出 column, 项 row).  Reported at the code cell of the
    first project under the code.  Tolerance: 1 level.
    """
    named = [ln for ln in ctx.wb.projects if ln.text("name")]
    coded = _coded(ctx.wb)
    if not coded or len(coded) != len(named):
        return
    codes = _project_codes(ctx.wb)
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    first = {}
    for ln in coded:
        sums[ln.code] += ln.amt("amount")
        first.setdefault(ln.code, ln)
    for code, entered in sums.items():
        if code not in codes:
            continue        # X413
        yield ctx.compare("X414", entered, codes[code], 1, first[code]["code"], sheet=_PROJECTS,
                          code=code)
    for code, derived in codes.items():
        if code not in sums:
            yield ctx.compare("X414", ZERO, derived, 1, loc=column_header(ctx.wb, coded, "code"),
                              sheet=_PROJECTS, code=code)


# 一般性支出 row of 补充数据 -> the 基本支出 economic 款 that holds its 一般公共预算 part
SPENDING_ECONOMIC = (("meeting", "30215"), ("training", "30216"))


@rule("X415", WARNING, "补充数据“{label}”本年数 {amount}，小于基本支出经济分类 {code} {name} 的 {econ}",
      "一般性支出的会议费、培训费包括财政拨款基本支出和项目支出，不应小于基本支出中的同类支出："
      "请核对两处金额。")
def spending_against_economic(ctx):
    """会议费 or 培训费 (补充数据) smaller than the same spending in 表6.

    一般性支出情况表 prints the 财政拨款 会议费 and 培训费, 基本 and 项目
    支出 together; 表6's 30215 会议费 and 30216 培训费 hold only the
    一般公共预算 基本支出 part.  So, when both are entered, the 补充数据
    figure must be at least as large.  A warning: the two come from
    different ledgers.
    """
    econ = {ln.code: ln for ln in economic_items(ctx.wb)}
    for key, code in SPENDING_ECONOMIC:
        cell = ctx.wb.supplement_cell(key)
        ln = econ.get(code)
        if ln is None or cell is None or cell.empty or cell.problem:
            continue
        amount = ctx.wb.supplement_amount(key)
        if ln.amt("amount") > amount:
            yield ctx.finding("X415", cell, label=schema.SUPPLEMENT.row(key).label, amount=amount,
                              code=code, name=ln.text("name") or "", econ=ln.amt("amount"))


@rule("X416", ERROR, "补充数据“{label}”本年数 {cars} 辆，按类别填写的各类公务用车之和 {parts} 辆",
      "公务用车按类别（主要领导干部用车……其他公务用车）填写时，各类之和应等于公务用车辆数："
      "请核对各类车辆数或公务用车辆数；不分类别时各类留空。")
def cars_by_category(ctx):
    """The 公务用车 by category do not add up to 公务用车.

    国有资产占有使用情况表 prints the 公务用车 and, when the clerk gives
    them, its categories (主要领导干部用车, 机要通信用车, 应急保障用车,
    执法执勤用车, 特种专业技术用车, 离退休干部服务用车, 其他公务用车).  When
    any category is filled (本年数), their sum must be the 公务用车 count.
    Reported at the 公务用车 本年数 cell.
    """
    wb = ctx.wb
    cells = [wb.supplement_cell(k) for k in schema.CAR_CATEGORIES]
    if not any(c is not None and not c.empty for c in cells):
        return
    if any(c is not None and c.problem for c in cells):
        return
    total = wb.supplement_cell("cars")
    if total is not None and total.problem:
        return
    parts = sum(int(c.value) for c in cells if c is not None and c.value is not None)
    cars = int(total.value) if total is not None and total.value is not None else 0
    if parts != cars:
        yield ctx.finding("X416", total if total is not None else None,
                          loc=(schema.SUPPLEMENT.name, ""),
                          label=schema.SUPPLEMENT.row("cars").label, cars=cars, parts=parts)
