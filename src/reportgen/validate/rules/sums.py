"""T3xx: sums inside one table.

Every table is summed from the 项 lines (支出功能分类) and the 款 lines
(基本支出经济分类), so its own 合计/类/款 rows hold by construction.  What
can disagree is what the clerk typed besides: 类/款 subtotal lines and
合计 lines, kept only to be checked here; and, on each line, figures that
must balance.

Rounding: every typed figure was rounded from 元 to 万元 on its own, so a
typed total may differ from the sum of its parts by a cent per level of
summing.  A difference of at most tolerance × levels (tolerance 0.01 万元
by default, ``--tolerance``) is a warning that says it is a 尾数误差; a
larger one is an error.  Levels: 款 against its 项 lines 1; 类 against its
款 (themselves summed from 项) 2; 合计 against its 类 3; a 经济分类 类
against its 款 1, a 经济分类 合计 line 2.  A line's own carry-over balance
(T303) is exact: no tolerance, since amounts are kept exact and rounded only
when printed.

Equalities that hold by construction (nothing typed can break them):
表2 1栏 = 2+…+7栏 and 表3 1栏 = 2+…+6栏 on every row, since the input has no
合计 columns; 表5/表8 1栏 = 2+3栏; 表7 3栏 = 4+5栏; every printed 类/款/合计 row
of 表2–表8.
"""

from __future__ import annotations

from decimal import Decimal

from reportgen.core import schema
from reportgen.core.model import Line
from reportgen.validate.findings import ERROR, shown
from reportgen.validate.registry import rule
from reportgen.validate.rules.common import (ECONOMIC_TOTALS, FUNCTIONAL_TOTALS, economic_group, economic_items, entry_name, exact_compare, fiscal_line_gaps, functional_items, fund, line_exp, table1_gap, table1_totals, total, total_label, where)

_AMOUNTS = tuple(c for c in schema.FUNCTIONAL.columns if c.kind == schema.AMOUNT)
_HEADER = {c.key: c.header for c in schema.FUNCTIONAL.columns}


def _stated(ln: Line, key: str) -> bool:
    """The cell holds a usable amount (an empty cell states nothing)."""
    c = ln.cells.get(key)
    return c is not None and not c.empty and c.problem is None


@rule("T301", ERROR, "{label} {column} 合计 {entered}，各{parts}之和 {derived}，相差 {diff}{note}",
      "请改为 {derived}（各{parts}之和），或删除该合计行（类、款、合计由程序汇总）。"
      "{advice}", rounding=True)
def functional_subtotal(ctx):
    """A typed 类/款/合计 line of 支出功能分类 differs from the sum of its 项 lines.

    For each amount column of a typed subtotal line: 款 = Σ its 项 lines,
    类 = Σ its 款 (= Σ its 项 lines), 合计 = Σ 类 (all 项 lines).  A subtotal
    line with a 资金性质 is compared with the lines of that fund only; without
    one, with every fund.  The tables never use these lines (they sum the 项
    lines), so a wrong subtotal is a sign that a 项 line is wrong or missing.
    An empty cell on a subtotal line is not checked.  This is the reference's
    rule that each 类/款 row of 表2, 表3 and 表5 is the sum of the rows below it.
    """
    # (prefix, fund or "" for every fund) -> 项 lines, in order, and memoised
    # column sums: filtering every 项 line per subtotal line was quadratic
    groups: dict[tuple[str, str], list[Line]] = {}
    for i in functional_items(ctx.wb):
        item_fund = fund(i)
        for prefix in ("", i.code[:3], i.code[:5]):
            groups.setdefault((prefix, ""), []).append(i)
            if item_fund:
                groups.setdefault((prefix, item_fund), []).append(i)
    sums: dict[tuple[str, str, str], Decimal] = {}
    for ln in ctx.wb.functional:
        if total_label(ln, FUNCTIONAL_TOTALS):
            prefix, levels, parts, label = "", 3, "类", "合计行"
        elif ln.level in ("类", "款"):
            prefix = ln.code
            levels, parts = (2, "款") if ln.level == "类" else (1, "项")
            label = f"{ln.code} {entry_name(ctx, 'functional', ln.code, ctx.wb.functional)}".strip()
        else:
            continue
        f = fund(ln)
        if ln.text("fund") and not f:
            continue  # an unknown 资金性质 is S108's
        if f:
            label += f"（{f}）"
        children = groups.get((prefix, f), [])
        if prefix and not children:
            continue  # a subtotal with nothing under it is C202's
        for col in _AMOUNTS:
            if not _stated(ln, col.key):
                continue
            key = (prefix, f, col.key)
            if key not in sums:
                sums[key] = total(children, col.key)
            yield ctx.compare("T301", ln.amt(col.key), sums[key], levels,
                              ln[col.key], label=label, column=col.header, parts=parts)


@rule("T302", ERROR, "{fund}行填了“{column}” {amount}：{why}",
      "请把该金额移到相应资金性质的行：财政拨款收入填在财政拨款行，其他收入填在“非财政拨款资金”行。")
def income_on_wrong_fund(ctx):
    """Income in a column that does not belong to the line's fund.

    财政拨款收入 exists only on the three 财政拨款 funds' lines; 上级补助收入,
    事业收入, 经营收入, 附属单位上缴收入 and 其他收入 only on 非财政拨款资金
    lines.  Otherwise 表1's income rows and 表4 would disagree with 表2.
    """
    for ln in ctx.wb.functional:
        f = fund(ln)
        if not f:
            continue
        if f == schema.FUND_OTHER:
            wrong = [(schema.INCOME_FISCAL, "财政拨款收入只能填在财政拨款资金行")]
        else:
            wrong = [(k, "财政拨款资金行只有财政拨款收入") for k in schema.INCOME_OTHER_KEYS]
        for key, why in wrong:
            v = ln.amt(key)
            if v:
                yield ctx.finding("T302", ln[key], fund=f, column=_HEADER[key], amount=v, why=why)


@rule("T303", ERROR, "{code} {fund}：年初结转和结余 {begin} + 财政拨款收入 {income} − 本年支出 {spent} "
      "应为 {derived}，年末结转和结余填的是 {entered}，相差 {diff}{note}",
      "请核对该行的年初结转和结余、财政拨款收入、各项支出和年末结转和结余"
      "（按账面精确数填写，不必先四舍五入）。", sums=True)
def fiscal_line_balance(ctx):
    """A 财政拨款 line whose carry-over does not balance.

    On every 项 line of a 财政拨款 fund: 年初结转和结余 + 财政拨款收入 −
    本年支出合计 (基本 + 项目 + 上缴上级 + 经营 + 对附属单位补助) = 年末结转和结余.
    This is 表7's “6 栏各行 =（1＋2－3）栏各行” applied to every fund; summed
    per fund it is 表4's 32 行 = 64 行 (总计 of income = 总计 of expenditure).
    Non-fiscal lines are not checked line by line: 使用非财政拨款结余 and
    结余分配 are whole-unit figures (X401 checks the whole).

    The first unbalanced line of a fund also names the 表4 totals the fund's
    lines leave unequal (收入总计 ≠ 支出总计) and, when these lines are all
    that keeps 表1 from balancing, 表1's too (X401 then says nothing more):
    one slip, one finding, at the cell to correct.

    Exact: amounts are entered as the ledger keeps them (元 with two decimals,
    or 万元 with up to six) and rounded only when printed, so no tolerance
    applies — every carry-over row of 表1, 表4, 表7 and 表8 is rounded once
    from the exact sum of balanced lines.
    """
    gaps = fiscal_line_gaps(ctx.wb)
    scale = schema.UNIT_SCALE.get(getattr(ctx.wb, "amount_unit", None), 0)
    told = sum((g for _, g in gaps), Decimal(0))
    t1_told = bool(told) and table1_gap(ctx.wb) == told
    noted: set[str] = set()
    for ln, gap in gaps:
        if not gap:
            continue
        begin, income, spent = ln.amt("carry_begin"), ln.amt(schema.INCOME_FISCAL), line_exp(ln)
        f = fund(ln)
        notes = []
        if f not in noted:       # the fund's first unbalanced line names the totals
            noted.add(f)
            if t1_told and len(noted) == 1:
                t = table1_totals(ctx.wb)
                notes.append(_totals_note("表1 ", t["income"] + t["use"] + t["begin"],
                                          t["spent"] + t["dist"] + t["end"], scale))
            of = [x for x in functional_items(ctx.wb) if fund(x) == f]
            notes.append(_totals_note(
                f"表4 {f}", total(of, "carry_begin") + total(of, schema.INCOME_FISCAL),
                sum((line_exp(x) for x in of), Decimal(0)) + total(of, "carry_end"), scale))
        at = where(ln, "carry_end")
        found = exact_compare(ctx, "T303", ln.amt("carry_end"), begin + income - spent,
                              at.get("where"), loc=at.get("loc", ("", "")), code=ln.code,
                              fund=f, begin=begin, income=income, spent=spent)
        if notes:
            found.values["note"] = "；" + "，".join(n for n in notes if n)
        yield found


def _totals_note(table: str, income: Decimal, spent: Decimal, scale: int) -> str:
    if income == spent:
        return ""
    return (f"{table}收入总计 {shown(income, scale)} 与支出总计 {shown(spent, scale)} "
            "因此不等")


@rule("T304", ERROR, "{label} 决算数 {entered}，各{parts}之和 {derived}，相差 {diff}{note}",
      "请改为 {derived}（各{parts}之和），或删除该合计行（程序自动汇总）。"
      "{advice}", rounding=True)
def economic_subtotal(ctx):
    """A typed 类 or 合计 line of 基本支出经济分类 differs from its 款 lines.

    类 = Σ its 款 lines (表6's 301/302/303/310 rows); a 人员经费合计 line = Σ
    款 of 人员经费 类, 公用经费合计 = Σ the other 款, 合计 = Σ all 款 — the
    rows 表6 prints.  An empty cell on such a line is not checked.
    """
    items = economic_items(ctx.wb)
    for ln in ctx.wb.economic:
        if not _stated(ln, "amount"):
            continue
        tl = total_label(ln, ECONOMIC_TOTALS)
        if tl:
            if tl == "人员经费合计":
                parts_lines = [i for i in items if economic_group(ctx, i.code) == "人员经费"]
            elif tl == "公用经费合计":
                parts_lines = [i for i in items if economic_group(ctx, i.code) != "人员经费"]
            else:
                parts_lines = items
            label, levels = tl, 2
        elif len(ln.code) == 3:
            parts_lines = [i for i in items if i.code.startswith(ln.code)]
            if not parts_lines:
                continue  # C203's
            label = f"{ln.code} {entry_name(ctx, 'economic', ln.code, ctx.wb.economic)}".strip()
            levels = 1
        else:
            continue
        yield ctx.compare("T304", ln.amt("amount"), total(parts_lines, "amount"), levels,
                          ln["amount"], label=label, parts="款")
