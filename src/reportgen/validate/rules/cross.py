"""X4xx: equalities across tables.

Every table is derived from the same 项 lines, so most of the equalities the
reference states under its tables (注) hold by construction and cannot fail
here: 表1 27行 = 1+…+8行, 31 = 27+28+29, 58 = 32+…+57, 62 = 58+59+60;
表1 本年收入合计 = 表2 合计 and 本年支出合计 = 表3 合计 (both are Σ 项 lines);
表1 类 rows = 表3 类 rows; 表4 27 = 1+2+3, 28 = 29+30+31, 32 = 27+28,
59 = 33+…+58, 64 = 59+60; 表4 收入 by fund = 表1 rows 1–3; 表6 人员经费合计 +
公用经费合计 = its 合计 (one sum split by group); 表9 1 = 2+3+6, 3 = 4+5,
7 = 8+9+12, 9 = 10+11 栏 (the 三公经费 sheet holds only the parts; its
subtotals are always computed, so there is nothing typed to compare).

The rules below are the equalities that typed figures can break: the
balance of 表1 (its 总计 rows, 31行 = 62行) and of 表4 by fund (exact: no
tolerance, nothing unbalanced is published), 表4 against 表5/表7/表8, 表6
against 表5, 表9 against the economic lines of 表6, figures typed on
补充数据 that the narrative uses beside computed ones, and the detail sheets
of the narrative (项目支出, 接待明细) against the figures they break down.  Rounding as in T3xx:
a difference within tolerance × levels is a warning (合计-level figures: 3
levels; a total of typed parts: 1).
"""

from __future__ import annotations

from decimal import Decimal

from reportgen.core import schema
from reportgen.core.model import ZERO, Cell
from reportgen.validate.findings import ERROR, WARNING
from reportgen.validate.registry import rule
from reportgen.validate.rules.common import (column_header, economic_items, exact_compare, fiscal_line_gaps, functional_items, fund, general_items, line_exp, table1_gap, table1_totals, total)

_HEADER = {c.key: c.header for c in schema.FUNCTIONAL.columns}


def _stated(c: Cell | None) -> bool:
    return c is not None and not c.empty and c.problem is None


def _fed_by(wb, key: str) -> str:
    """Where a 补充数据 本年数 that feeds 表1 is: “补充数据!B3”, or "" when not filled."""
    c = wb.supplement_cell(key)
    return c.where if c is not None and not c.empty else ""


def _x401_sources(wb, gap: Decimal) -> str:
    """The end of X401's message: where 补充数据's two terms come from
    (“，使用非财政拨款结余来自 补充数据!B3”; “使用非财政拨款结余、结余分配未填（按 0）”)
    and the 项 lines whose 财政拨款收入 表1 leaves out because their 资金性质 is
    not a 财政拨款 one (unrecognised, blank or 非财政拨款资金: S108, S104 and
    T302 name them), saying so when they make up the whole difference ``gap``
    (收入总计 − 支出总计, exact 万元)."""
    keys = ("use_nonfiscal_balance", "balance_distribution")
    at = {k: _fed_by(wb, k) for k in keys}
    label = {k: schema.SUPPLEMENT.row(k).label for k in keys}
    notes: list[str] = []
    for k in keys:
        if at[k]:
            notes.append(f"，{label[k]}来自 {at[k]}")
    if not all(at.values()):
        notes.append(f"，{'、'.join(label[k] for k in keys if not at[k])}未填（按 0）")
    left_out = [ln for ln in functional_items(wb)
                if fund(ln) not in schema.FISCAL_FUNDS and ln.amt(schema.INCOME_FISCAL)]
    for ln in left_out:
        c = ln.cells.get("fund")
        typed = "" if c is None or c.empty else str(c.raw if c.raw is not None else c.value).strip()
        notes.append(f"；{c.where if c is not None else ln.sheet}（{ln.code}）资金性质"
                     f"{'未填' if not typed else f'“{typed}”无法识别' if fund(ln) == '' else f'为“{typed}”'}"
                     f"，该行的{_HEADER[schema.INCOME_FISCAL]}未计入本年收入合计")
    if left_out and -gap == sum((ln.amt(schema.INCOME_FISCAL) for ln in left_out), ZERO):
        notes.append("，差额即由此而来：改正资金性质后表1 即平衡")
    return "".join(notes)


@rule("X401", ERROR, "表1 收入总计 {entered}（本年收入合计 {income} + 使用非财政拨款结余 {use} + "
      "年初结转和结余 {begin}）与支出总计 {derived}（本年支出合计 {spent} + 结余分配 {dist} + "
      "年末结转和结余 {end}）不等，相差 {diff}{note}。收入、支出和结转结余来自“支出功能分类”各项级行"
      "{sources}",
      "请核对各行年初结转和结余、收入、支出、年末结转和结余，以及“补充数据”的使用非财政拨款结余和结余分配。"
      "表1 必须平衡，不发布不平衡的表。", sums=True)
def table1_balance(ctx):
    """表1 does not balance: 收入总计 ≠ 支出总计.

    本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 (表1 31行) must equal
    本年支出合计 + 结余分配 + 年末结转和结余 (62行).  The income and spending
    come from the 支出功能分类 lines, the two middle terms from 补充数据
    (the message names their cells, or says they are blank and count as 0).
    With every 财政拨款 line balanced (T303) a difference lies in the
    非财政拨款资金 lines or in 补充数据 — or in a line whose 财政拨款收入 is
    left out of 本年收入合计 because its 资金性质 is not a 财政拨款 one
    (unrecognised, blank, or 非财政拨款资金): the message names each such
    line and says when they make up the whole difference, so the clerk does
    not hunt for a second problem.  Exact: amounts are kept as entered
    and rounded only when printed, so a published 表1 whose totals differ is
    never a rounding matter — any difference is an error and nothing is built.
    """
    if not ctx.wb.sheets.get(schema.FUNCTIONAL.name) or not functional_items(ctx.wb):
        return
    told = sum((g for _, g in fiscal_line_gaps(ctx.wb)), ZERO)
    if told and table1_gap(ctx.wb) == told:
        return   # only the 财政拨款 lines' own slips: T303 names them, and these totals
    t = table1_totals(ctx.wb)
    left = t["income"] + t["use"] + t["begin"]
    right = t["spent"] + t["dist"] + t["end"]
    yield exact_compare(ctx, "X401", left, right, loc=(schema.FUNCTIONAL.name, ""),
                        sources=_x401_sources(ctx.wb, left - right), **t)


@rule("X402", ERROR, "表6 基本支出合计 {entered}（基本支出经济分类各款之和）与表5 基本支出合计 {derived}"
      "（一般公共预算财政拨款各行基本支出之和）不等，相差 {diff}{note}",
      "请核对“基本支出经济分类”的各款金额与“支出功能分类”中一般公共预算财政拨款各行的基本支出。",
      rounding=True)
def table6_against_table5(ctx):
    """表6 (经济分类) does not add up to 表5's 基本支出.

    表6 人员经费合计 + 公用经费合计 (= Σ 基本支出经济分类 款 lines) must equal
    表5 基本支出 合计 (Σ 基本支出 of the 一般公共预算财政拨款 项 lines): the
    same spending, classified two ways.  The reference states it in 情况说明
    六 (基本支出 = 人员经费 + 公用经费).  Tolerance: 3 levels.
    """
    items = economic_items(ctx.wb)
    econ = total(items, "amount")
    basic = total(general_items(ctx.wb), "exp_basic")
    # no cell holds the sum: point at the 决算数 column it is summed from
    loc = column_header(ctx.wb, items, "amount") if items else (schema.ECONOMIC.name, "")
    yield ctx.compare("X402", econ, basic, 3, loc=loc)


@rule("X403", ERROR, "{fund}行填了“{column}” {amount}：财政拨款只用于基本支出和项目支出",
      "请把该金额改填到非财政拨款资金行，或并入基本支出/项目支出。")
def fiscal_spending_columns(ctx):
    """A 财政拨款 line with 上缴上级支出, 经营支出 or 对附属单位补助支出.

    表4 counts all spending of the 财政拨款 lines; 表5, 表7 and 表8 show it
    as 基本支出 + 项目支出 only.  So 表4's 一般公共预算 (政府性基金, 国有资本
    经营) column equals 表5 (表7, 表8) 合计 — and 表4 59行 equals the 财政拨款
    part of 表3 — only when 财政拨款 lines carry nothing in the other three
    spending columns.
    """
    for ln in ctx.wb.functional:
        f = fund(ln)
        if f not in schema.FISCAL_FUNDS:
            continue
        for key in ("exp_remit", "exp_operating", "exp_subsidy"):
            v = ln.amt(key)
            if v:
                yield ctx.finding("X403", ln[key], fund=f, column=_HEADER[key], amount=v)


# 三公经费 row -> the 基本支出 economic 款 that holds its 一般公共预算 part
SANGONG_ECONOMIC = (
    ("abroad", "30212"),
    ("reception", "30217"),
    ("car_running", "30231"),
    ("car_purchase", "31013"),
)


@rule("X404", WARNING, "三公经费“{label}”决算数 {actual}，小于基本支出经济分类 {code} {name} 的 {econ}",
      "三公经费决算数包括财政拨款基本支出和项目支出，不应小于基本支出中的同类支出：请核对两处金额。")
def sangong_against_economic(ctx):
    """表9 决算数 smaller than the same spending in 表6.

    表9 因公出国（境）费 / 公务接待费 / 公务用车运行维护费 / 公务用车购置费
    决算数 covers all 财政拨款 spending, 基本 and 项目; 表6's 30212 / 30217 /
    30231 / 31013 hold only its 一般公共预算 基本支出 part.  So, when the
    economic line is entered, 表9 must be at least as large.  A warning,
    because the two are reported from different ledgers.
    """
    econ = {ln.code: ln for ln in economic_items(ctx.wb)}
    for row, code in SANGONG_ECONOMIC:
        ln = econ.get(code)
        cell = ctx.wb.sangong.get(row, {}).get("actual")
        if ln is None or cell is None or cell.problem:
            continue
        amount, actual = ln.amt("amount"), ctx.wb.sangong_amount(row, "actual")
        if amount > actual:
            yield ctx.finding("X404", cell, label=schema.SANGONG.row(row).label, actual=actual,
                              code=code, name=ln.text("name") or "", econ=amount)


def _computed_supplement(wb) -> dict[str, tuple[Decimal, str]]:
    items = functional_items(wb)
    fiscal = [ln for ln in items if fund(ln) in schema.FISCAL_FUNDS]
    general = general_items(wb)
    t = table1_totals(wb)
    return {
        "total": (t["income"] + t["use"] + t["begin"], "表1 总计"),
        "fiscal_total": (total(fiscal, schema.INCOME_FISCAL) + total(fiscal, "carry_begin"), "表4 总计"),
        "general_income": (total(general, schema.INCOME_FISCAL), "表4 一般公共预算财政拨款收入"),
        "general_exp": (total(general, "exp_basic") + total(general, "exp_project"), "表5 合计"),
    }


@rule("X405", ERROR, "补充数据“{label}”本年数填的是 {entered}，按支出功能分类计算为 {derived}（{source}），"
      "相差 {diff}{note}",
      "本年数由程序计算，可以留空；如填写，须与计算结果一致：请核对支出功能分类各行或改正本年数。",
      rounding=True)
def supplement_current(ctx):
    """A 补充数据 本年数 that disagrees with the tables.

    收支总计, 财政拨款收支总计, 一般公共预算财政拨款收入 and 一般公共预算财政
    拨款支出 are computed (表1 总计, 表4 总计, 表4 row 1, 表5 合计); the sheet
    asks only for their 上年数, which the narrative compares with.  When the
    本年数 is typed as well it must agree — otherwise the clerk's source and
    the 项 lines disagree.  Tolerance: 3 levels.
    """
    for key, (value, source) in _computed_supplement(ctx.wb).items():
        cell = ctx.wb.supplement_cell(key, "current")
        if not _stated(cell):
            continue
        yield ctx.compare("X405", cell.value, value, 3, cell,
                          label=schema.SUPPLEMENT.row(key).label, source=source)


# 补充数据 totals and their parts
SUPPLEMENT_SUMS = (
    ("procurement", ("procurement_goods", "procurement_works", "procurement_services")),
    ("sme", ("sme_goods", "sme_works", "sme_services")),
)


@rule("X406", ERROR, "补充数据“{label}”{column} {entered}，{parts}之和 {derived}，相差 {diff}{note}",
      "请核对总额与各分项（货物、工程、服务）；总额应等于分项之和。", rounding=True)
def supplement_parts(ctx):
    """A 补充数据 total that is not the sum of its parts.

    政府采购支出总额 = 货物 + 工程 + 服务支出, and 授予中小企业合同金额 =
    货物 + 工程 + 服务采购授予中小企业合同金额 (情况说明 十一 states both),
    for 本年数 and 上年数, when the total and at least one part are filled.
    Tolerance: 1 level.
    """
    decl = schema.SUPPLEMENT
    for whole, parts in SUPPLEMENT_SUMS:
        for col in decl.columns:
            cell = ctx.wb.supplement_cell(whole, col.key)
            part_cells = [ctx.wb.supplement_cell(p, col.key) for p in parts]
            if not _stated(cell) or not any(_stated(c) for c in part_cells):
                continue
            if any(c is not None and c.problem for c in part_cells):
                continue
            derived = sum((ctx.wb.supplement_amount(p, col.key) for p in parts), ZERO)
            yield ctx.compare("X406", cell.value, derived, 1, cell, label=decl.row(whole).label,
                              column=col.header,
                              parts="、".join(decl.row(p).label for p in parts))


def _detail_rule(ctx, code: str, decl, lines, derived: Decimal, levels: int,
                 at: Cell | None = None, **values):
    """Compare the sum of a detail sheet's 金额 lines with the figure it details
    (reported at that figure's cell when one cell holds it, else at the header
    of the 金额 column summed)."""
    if not lines or "amount" not in {k for ln in lines for k in ln.cells}:
        return None
    entered = total(lines, "amount")
    if at is not None:
        return ctx.compare(code, entered, derived, levels, at, **values)
    return ctx.compare(code, entered, derived, levels, loc=column_header(ctx.wb, lines, "amount"),
                       **values)


@rule("X407", ERROR, "“{sheet}”各项目决算数之和 {entered}，表5 项目支出合计 {derived}，相差 {diff}{note}",
      "“项目支出”表应列出全部一般公共预算财政拨款项目支出：请补齐项目或核对金额。", rounding=True)
def projects_against_table5(ctx):
    """The 项目支出 sheet does not add up to 表5's 项目支出.

    情况说明 五（三） lists what the 项目支出 were used for, project by
    project; together they are 表5's 项目支出 合计 (Σ 项目支出 of the
    一般公共预算财政拨款 项 lines).  Checked when the sheet has lines.
    Tolerance: 3 levels.
    """
    general = general_items(ctx.wb)
    yield _detail_rule(ctx, "X407", schema.PROJECTS, ctx.wb.projects,
                       total(general, "exp_project"), 3, sheet=schema.PROJECTS.name)


@rule("X408", ERROR, "“{sheet}”各项金额之和 {entered}，三公经费公务接待费决算数 {derived}，相差 {diff}{note}",
      "接待明细应为公务接待费决算数的构成：请核对各项金额与“三公经费”表的公务接待费决算数。",
      rounding=True)
def receptions_against_sangong(ctx):
    """The 接待明细 sheet does not add up to the 公务接待费 决算数.

    情况说明 九 breaks the 公务接待费 (表9 12栏) down by kind of reception;
    the parts must make the whole.  Checked when the sheet has lines;
    reported at the 三公经费 公务接待费 决算数 cell.  Tolerance: 1 level.
    """
    cell = ctx.wb.sangong.get("reception", {}).get("actual")
    if cell is not None and cell.problem:
        return
    yield _detail_rule(ctx, "X408", schema.RECEPTION, ctx.wb.receptions,
                       ctx.wb.sangong_amount("reception", "actual"), 1, at=cell,
                       sheet=schema.RECEPTION.name)
