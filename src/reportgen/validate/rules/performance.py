"""V6xx: the performance self-evaluation (绩效自评, 第六部分 附件).

The scores are computed by ``performance`` from the rules the tables print
in their 备注; the scores a clerk typed are kept only to be compared.  These
rules say where the typed figures and the rules part ways (the reference
shows how often they do), where a value cannot be scored as written, and
where the self-evaluation and the 决算 disagree: its execution figures
against the 项目支出 sheet and 表3, its projects against 情况说明 十三.

Most are warnings: a self-evaluation with a slip is still published, with
the computed scores.  An indicator that belongs to no table, and two tables
of one name, are errors: an indicator would be lost or put in the wrong
table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator, Optional

from reportgen.core import fmt, schema
from reportgen.selfeval import scoring as performance
from reportgen.selfeval.tables import PROJECT, Evaluation, Indicator, Table, is_unit_table
from reportgen.core.model import Cell, Line
from reportgen.read.reader import norm_label
from reportgen.validate.findings import ERROR, WARNING
from reportgen.validate.registry import rule

_S = fmt.score
_EXECUTION = ("执行率", "预算完成率")


def _ev(ctx) -> Evaluation:
    """The evaluation, made once by the pipeline and given to ``validate``."""
    return ctx.evaluation


def _at(line: Line, key: str) -> dict:
    """ctx.finding() keywords for a line's cell, or its sheet when the column is missing."""
    c = line.cells.get(key)
    if c is not None:
        return {"where": c}
    return {"loc": (line.sheet, "")}


def _find(ctx, code: str, line: Line, key: str, **values):
    kw = _at(line, key)
    return ctx.finding(code, kw.get("where"), loc=kw.get("loc", ("", "")), **values)


def _label(t: Table) -> str:
    return f"{t.mark}{t.name}"


def _all_indicators(ev: Evaluation) -> Iterator[tuple[str, Indicator]]:
    """(table label, indicator) of every table."""
    if ev.unit is not None:
        for g in ev.unit.goals:
            for i in g.indicators:
                yield f"整体绩效自评表 年度目标 {g.no}", i
    for t in ev.tables:
        for i in t.indicators:
            yield _label(t), i


# ------------------------------------------------------------------ weights


@rule("V601", WARNING, "{table}各指标分值之和为 {entered}，应为 {derived}",
      "请核对“绩效指标”表中该表各指标的分值：项目支出绩效指标共 60 分，转移支付绩效指标共 80 分，"
      "整体绩效自评表每个年度目标按其分值（一般 20 分）。")
def weights_total(ctx):
    """The weights (分值) of a table's indicators do not make its total.

    The tables state their parts: 项目年度绩效指标（60 分）, 转移支付 绩效指标
    （80 分）, each 年度目标 of the 整体 table（20 分, or the 分值 given on
    整体绩效目标).  Together with 预算执行 (20) and, for a project, 总目标
    (20) they make 100.  When the weights add up to more or less, the total
    is not out of 100.  “无…指标” lines carry no weight.  A table without
    any indicator is reported too.
    """
    ev = _ev(ctx)
    for t in ev.tables:
        if t.weights != t.indicator_weight:
            if t.indicators:
                first = t.indicators[0].line
                yield _find(ctx, "V601", first, "weight", table=f"“{_label(t)}”",
                            entered=_S(t.weights), derived=_S(t.indicator_weight))
            else:
                yield _find(ctx, "V601", t.line, "name", table=f"“{_label(t)}”（没有绩效指标）",
                            entered="0", derived=_S(t.indicator_weight))
    if ev.unit is not None:
        for g in ev.unit.goals:
            if g.weights != g.weight:
                line, key = (g.indicators[0].line, "weight") if g.indicators else (g.line, "no")
                yield _find(ctx, "V601", line, key, table=f"整体绩效自评表年度目标 {g.no}",
                            entered=_S(g.weights), derived=_S(g.weight))


# ------------------------------------------------------------------ scores


@rule("V602", WARNING, "{table}“{name}”得分填的是 {entered}，按计分规则应为 {derived}（{how}）",
      "定量指标的得分由程序按表下备注的规则计算（正向指标 分值×B/A，反向指标 分值×A/B，"
      "不超过分值），输出的自评表使用计算结果：请核对目标值、完成值和分值，或改正填报的得分。")
def indicator_score(ctx):
    """A quantitative indicator's typed 得分 differs from the rule's.

    For an indicator whose 目标值 and 完成值 are numbers the 得分 follows
    from them: 正向 (≥X, or a plain X) 分值 × B/A, 反向 (≤X) 分值 × A/B, a
    range is met inside it; never more than the 分值.  The typed 得分 is
    compared with that figure at two decimals; the published table prints the
    computed one.  (In the reference, 23 场 planned and 5 held scored 0.5 of
    1 instead of 0.22.)
    """
    for table, i in _all_indicators(_ev(ctx)):
        r = i.result
        if r.kind != performance.QUANTITATIVE or i.entered is None or i.score is None:
            continue
        if fmt.rounded(i.entered) != i.score:
            yield _find(ctx, "V602", i.line, "score", table=table, name=i.name,
                        entered=_S(i.entered), derived=_S(i.score), how=r.how)


@rule("V603", WARNING, "{table}预算执行得分填的是 {entered}，按 20 分×执行率（{rate}）应为 {derived}",
      "预算执行得分 = 20 分 × 执行数 ÷ 预算数，最高 20 分，输出使用计算结果：请核对预算数、执行数或改正得分。")
def budget_score(ctx):
    """A typed 预算执行得分 differs from 20 × B/A.

    得分（20 分*执行率）: 20 × 执行数 ÷ 预算数, at most 20, at two
    decimals.  (The reference rounds it: 38% gives 8 where the rule gives
    7.59.)
    """
    ev = _ev(ctx)
    pairs = [(_label(t), t.budget, t.line, "budget_score") for t in ev.tables]
    if ev.unit is not None:
        c = ev.unit.cells.get("budget_score")
        pairs.append(("整体绩效自评表", ev.unit.budget, c, None))
    for label, b, where, key in pairs:
        if b.entered is None or b.score is None:
            continue
        if fmt.rounded(b.entered) != b.score:
            values = dict(table=f"“{label}”", entered=_S(b.entered), derived=_S(b.score),
                          rate=fmt.percent(b.actual, b.budget, 2))
            if key is None:
                yield ctx.finding("V603", where, loc=(schema.PERF_UNIT.name, ""), **values)
            else:
                yield _find(ctx, "V603", where, key, **values)


@rule("V604", WARNING, "{table}自评得分填的是 {entered}，按计分规则计算为 {derived}",
      "自评得分 = 预算执行得分 +（项目绩效总目标得分）+ 各指标得分，由程序计算，输出使用计算结果："
      "请核对各项得分，或改正填报的自评得分。")
def total_score(ctx):
    """A typed 自评得分 (总分) differs from the sum of the computed scores.

    The total of a table is its 预算执行 score, the project's 总目标 score
    and its indicators' scores, each as printed (two decimals).  The typed
    total of the 整体 table is 文字说明's 整体支出绩效得分.
    """
    ev = _ev(ctx)
    for t in ev.tables:
        if t.entered_total is not None and fmt.rounded(t.entered_total) != fmt.rounded(t.total):
            yield _find(ctx, "V604", t.line, "score", table=f"“{_label(t)}”",
                        entered=_S(t.entered_total), derived=_S(t.total))
    u = ev.unit
    if u is not None and u.entered_total is not None and fmt.rounded(u.entered_total) != fmt.rounded(u.total):
        yield ctx.finding("V604", ctx.wb.texts.get("perf_unit_score"), table="整体绩效自评表",
                          entered=_S(u.entered_total), derived=_S(u.total))


@rule("V605", WARNING, "{table}“{name}”：{note}",
      "目标值、完成值请写成一个数值（可带 ≥、≤、以上、以内、左右和单位，如“≥90%”“100 人左右”），"
      "区间写成“97%≤执行率≤100%”；确是定性指标时请在“得分”填评定的分数。")
def unreadable_value(ctx):
    """A 目标值 or 完成值 that holds figures but cannot be scored as a number.

    The indicator is then scored as 定性 (the typed 得分 stands).  Several
    percentages in one cell (“调解率 60%；结案率 90%…”), a number in the
    middle of a sentence, different units, or a word against a numeric
    target (“达标” for “1.70%”) are such values.  Values written alike on both
    sides are not reported: there is nothing to compute.
    """
    for table, i in _all_indicators(_ev(ctx)):
        if i.result.note:
            key = "target" if i.result.note_on == "target" else "actual"
            yield _find(ctx, "V605", i.line, key, table=table, name=i.name, note=i.result.note)


@rule("V606", WARNING, "{table}“{name}”{problem}",
      "定性指标按达成（分值的 80%–100%）、部分达成（50%–80%）、未达成（50% 以下）三档评定得分，"
      "得分不超过分值：请在“得分”填写评定的分数。")
def qualitative_score(ctx):
    """A qualitative score that is missing, above its weight or out of its band.

    A 定性 indicator (and a project's 项目绩效总目标, out of 20) is scored
    by the evaluator within three bands of its 分值.  Reported: no 得分
    (counted 0, unless 完成值 is written as the 目标值: then full marks);
    a 得分 above the 分值 (counted as the 分值); and a 完成值 written as the
    目标值 — the target reached — scored below 80% of the 分值.
    """
    ev = _ev(ctx)
    for table, i in _all_indicators(ev):
        r = i.result
        if r.kind != performance.QUALITATIVE:
            continue
        if r.score is None:
            yield _find(ctx, "V606", i.line, "score", table=table, name=i.name,
                        problem="是定性指标，未填得分，按 0 分计")
        elif r.capped:
            yield _find(ctx, "V606", i.line, "score", table=table, name=i.name,
                        problem=f"得分 {_S(i.entered)} 超过分值 {_S(i.weight)}，按 {_S(i.weight)} 计")
        elif (performance.same_text(i.target, i.actual) and i.target.strip() and i.weight
              and r.score < i.weight * performance.BANDS[0][0]):
            yield _find(ctx, "V606", i.line, "score", table=table, name=i.name,
                        problem=(f"完成值与目标值相同（达成预期），得分 {_S(r.score)} 低于分值的 80%"
                                 f"（{_S(i.weight * performance.BANDS[0][0])}）"))
    for t in ev.projects:
        v = t.amount("goal_score")
        if v is None:
            yield _find(ctx, "V606", t.line, "goal_score", table=f"“{_label(t)}”",
                        name="项目绩效总目标", problem="未填得分，按 0 分计")
        elif v > performance.GOAL_WEIGHT:
            yield _find(ctx, "V606", t.line, "goal_score", table=f"“{_label(t)}”",
                        name="项目绩效总目标", problem=f"得分 {_S(v)} 超过 20 分，按 20 分计")


# ------------------------------------------------------------------ 执行率


def _budgets(ev: Evaluation):
    """(label, Budget, cell of the typed 执行率)."""
    for t in ev.tables:
        yield _label(t), t.budget, t.line.cells.get("rate")
    if ev.unit is not None:
        yield "整体绩效自评表", ev.unit.budget, ev.unit.cells.get("rate")


@rule("V607", WARNING, "“{table}”执行率填的是 {typed}，执行数 {actual} ÷ 预算数 {budget} 为 {derived}",
      "执行率 = 执行数（B）÷ 预算数（A），由程序计算：请核对预算数、执行数，或改正执行率。")
def typed_rate(ctx):
    """A typed 执行率 that is not B/A.

    The 执行率 column is optional; when typed it must be 执行数 ÷ 预算数 at
    the precision typed (38% for 37.93% is right, 78.00% for 77.92% is not).
    """
    for label, b, cell in _budgets(_ev(ctx)):
        if cell is None or cell.empty:
            continue
        if performance.rate_agrees(cell.value, b.rate) is False:
            yield ctx.finding("V607", cell, table=label, typed=str(cell.value),
                              actual=b.actual, budget=b.budget,
                              derived=fmt.percent(b.actual, b.budget, 2))


def _execution_indicators(ev: Evaluation):
    """(label, Budget, indicator) of the indicators that state the table's 执行率."""
    if ev.unit is not None:
        for g in ev.unit.goals:
            for i in g.indicators:
                if any(w in i.name for w in _EXECUTION):
                    yield f"整体绩效自评表 年度目标 {g.no}", ev.unit.budget, i
    for t in ev.tables:
        for i in t.indicators:
            if any(w in i.name for w in _EXECUTION):
                yield _label(t), t.budget, i


@rule("V608", WARNING, "{table}指标“{name}”的完成值 {typed}，与本表执行率 {derived} 不符",
      "预算执行率（预算完成率）指标的完成值应为本表的执行数 ÷ 预算数：请改正完成值。")
def execution_indicator(ctx):
    """An indicator of the 预算执行率 whose 完成值 is not the table's B/A.

    Many tables score their 执行率 again as a 成本 or 时效 indicator
    (“预算完成率 97%≤执行率≤100%”).  Its 完成值 must be the execution rate
    of the same table, at the precision written: the reference's 整体 table
    reports 100% there against its own 88.74%.
    """
    for label, b, i in _execution_indicators(_ev(ctx)):
        if performance.parse_value(i.actual).kind != performance.NUMBER:
            continue
        if performance.rate_agrees(i.actual, b.rate) is False:
            yield _find(ctx, "V608", i.line, "actual", table=label, name=i.name, typed=i.actual,
                        derived=fmt.percent(b.actual, b.budget, 2))


@rule("V617", WARNING, "“{table}”预算数未填写或为 0：无法计算执行率和预算执行得分",
      "请填写预算数（A）：调整后财政资金总额，包括上年结转结余。")
def budget_missing(ctx):
    """A self-evaluation table without its 预算数 (A).

    预算执行 is 20 of the 100 points: without A there is no 执行率 and the
    score counts 0.
    """
    ev = _ev(ctx)
    for t in ev.tables:
        if t.budget.rate is None:
            yield _find(ctx, "V617", t.line, "budget" if t.kind == PROJECT else "name",
                        table=_label(t))
    u = ev.unit
    if u is not None and u.budget.rate is None:
        c = u.cells.get("basic_budget")
        yield ctx.finding("V617", c, loc=(schema.PERF_UNIT.name, ""), table="整体绩效自评表")


# ------------------------------------------------------------------ against the 决算


def _projects_sheet(ctx) -> dict[str, Line]:
    return {norm_label(ln.text("name")): ln for ln in ctx.wb.projects if ln.text("name")}


@rule("V609", WARNING, "“{table}”的{what} {entered}，“项目支出”表“{project}”的{column}为 {derived}",
      "同一项目的预算数、执行数在绩效自评表和“项目支出”表应一致：请核对两处金额。")
def against_projects(ctx):
    """A table's 预算数 or 执行数 differs from its 项目支出 line.

    The project's execution (B) is its 决算数 on 项目支出 (which adds up to
    表5's 项目支出, X407), and its budget (A) the 全年预算数 there (情况说明
    十三 prints both).  The two sheets must agree where both are filled.
    """
    lines = _projects_sheet(ctx)
    for t in _ev(ctx).tables:
        ln = lines.get(norm_label(t.project))
        if ln is None:
            continue
        for what, value, col, label in (("执行数", t.budget.actual, "amount", "决算数"),
                                        ("预算数", t.budget.budget, "budget", "全年预算数")):
            cell = ln.cells.get(col)
            if value is None or cell is None or not isinstance(cell.value, Decimal):
                continue
            if value != cell.value:
                key = ("actual" if what == "执行数" else "budget") if t.kind == PROJECT else "name"
                yield _find(ctx, "V609", t.line, key, table=_label(t), what=what, entered=value,
                            project=ln.text("name"), column=label, derived=cell.value)


@rule("V610", WARNING, "整体绩效自评表{what} {entered}，表3 {column}为 {derived}",
      "整体支出的执行数应为本年支出决算：请核对“整体绩效自评”表的执行数，或留空由程序按表3 填写。")
def unit_against_table3(ctx):
    """The 整体 table's execution differs from 表3.

    执行数（B）of the department's whole spending is the year's 基本支出
    and 项目支出 as 表3 reports them (Σ of the 支出功能分类 项 lines).  The
    cells may be left empty to take 表3's figures.
    """
    u = _ev(ctx).unit
    if u is None:
        return
    items = [ln for ln in ctx.wb.functional if len(ln.code) == 7]
    for key, what, col in (("basic_actual", "基本支出执行数", "exp_basic"),
                           ("project_actual", "项目支出执行数", "exp_project")):
        c = u.cells.get(key)
        if c is None or not isinstance(c.value, Decimal):
            continue
        spent = sum((ln.amt(col) for ln in items), Decimal(0))
        if c.value != spent:
            yield ctx.finding("V610", c, what=what, entered=c.value,
                              column="基本支出合计" if col == "exp_basic" else "项目支出合计",
                              derived=spent)


@rule("V611", WARNING, "“项目支出”表的项目“{project}”列入了绩效自评（填有全年预算数），但没有它的绩效自评表",
      "请在“项目绩效自评”或“转移支付绩效自评”表补上该项目的自评表（名称不同时填“对应项目支出”），"
      "或清空它的全年预算数。")
def narrative_without_table(ctx):
    """A project of 情况说明 十三 without a self-evaluation table.

    情况说明 十三 lists the projects with a 全年预算数 on 项目支出 as
    self-evaluated; each should have its table in 第六部分 (项目支出 or
    转移支付).  Checked when the workbook has self-evaluation tables.
    """
    ev = _ev(ctx)
    if not ev.tables:
        return
    for ln in ctx.wb.projects:
        budget = ln.cells.get("budget")
        if not ln.text("name") or budget is None or budget.empty:
            continue
        if ev.for_project(ln.text("name")) is None:
            yield ctx.finding("V611", ln["name"], project=ln.text("name"))


@rule("V612", WARNING, "绩效自评表“{table}”对应的项目“{project}”不在“项目支出”表中",
      "情况说明十三按“项目支出”表列出项目：请在“项目支出”表补上该项目，或在“对应项目支出”填写它在"
      "“项目支出”表中的名称。")
def table_without_narrative(ctx):
    """A self-evaluation table whose project is not on 项目支出.

    Every table's project appears in 情况说明 十三 by its 项目支出 line
    (the table's name, or its 对应项目支出).  Checked when 项目支出 has lines.
    """
    lines = _projects_sheet(ctx)
    if not lines:
        return
    for t in _ev(ctx).tables:
        if norm_label(t.project) not in lines:
            key = "project" if t.text("project") else "name"
            yield _find(ctx, "V612", t.line, key, table=_label(t), project=t.project)


# ------------------------------------------------------------------ structure


@rule("V613", ERROR, "指标“{name}”的{what}“{value}”不是任何一张自评表{hint}",
      "“自评表”请填“部门整体”，或“项目绩效自评”“转移支付绩效自评”表中的名称；部门整体的指标还要填"
      "“整体绩效目标”中的年度目标序号。")
def orphan_indicator(ctx):
    """An indicator that belongs to no table.

    Each line of 绩效指标 names its table: “部门整体” (with the 序号 of a
    年度目标), or the 项目名称 / 转移支付名称 of a table.  A line naming
    none would be left out of every table.
    """
    for ln in _ev(ctx).orphans:
        name = ln.text("name") or ln.text("level2")
        table = ln.text("table")
        if is_unit_table(table, ctx.wb.unit):
            goal = ln.cells.get("goal")
            yield _find(ctx, "V613", ln, "goal", name=name, what="年度目标序号",
                        value="" if goal is None or goal.value is None else str(goal.value),
                        hint="的年度目标")
        else:
            yield _find(ctx, "V613", ln, "table", name=name, what="自评表", value=table, hint="")


@rule("V614", WARNING, "“{table}”年度资金总额{column} {entered}，各来源之和为 {derived}，相差 {diff}{note}",
      "年度资金总额应为省级补助、市县资金、其他资金之和，输出使用各来源之和：请核对各来源或总额。")
def transfer_sources(ctx):
    """A transfer programme's typed 年度资金总额 is not the sum of its sources.

    年度资金总额 = 省级补助 + 市县资金 + 其他资金, for 年初预算数, 全年预算数
    and 全年执行数; the table prints the sum.  (The reference's 就业补助资金
    prints 6,013.90 over sources of 4,702.76 and 1,311.15.)
    """
    for t in _ev(ctx).transfers:
        typed = t.typed_total
        if typed is None or all(s.empty for s in t.sources):
            continue
        for attr, column in (("initial", "年初预算数"), ("budget", "全年预算数"),
                             ("actual", "全年执行数")):
            value = getattr(typed, attr)
            parts = [getattr(s, attr) for s in t.sources if getattr(s, attr) is not None]
            if value is None or not parts:
                continue
            cell = t.line.cells.get(f"total_{attr}")
            yield ctx.compare("V614", value, sum(parts, Decimal(0)), 1, cell,
                              table=_label(t), column=column)


@rule("V615", WARNING, "{table}“{name}”是“无…指标”行，却填了{what}",
      "“无…指标”行表示没有该类指标，不计分：请清空分值和得分，或改写三级指标。")
def no_indicator_weighted(ctx):
    """A “无…指标” line with a weight or a score.

    A line such as “无生态效益指标” says the table has no indicator of that
    kind: it carries no weight, and its 分值/得分 are not counted.
    """
    for table, i in _all_indicators(_ev(ctx)):
        if not i.no_weight:
            continue
        what = "、".join(w for w, v in (("分值", i.weight), ("得分", i.entered)) if v)
        if what:
            yield _find(ctx, "V615", i.line, "weight" if i.weight else "score",
                        table=table, name=i.name, what=what)


@rule("V616", ERROR, "自评表名称“{name}”与“{sheet}”第 {first} 行的自评表重复",
      "每张自评表的名称只能用一次（指标按名称归入自评表）：请改正名称，如前一张表的名称被复制到了这一张。")
def duplicate_table(ctx):
    """Two self-evaluation tables of one name.

    Indicators are assigned to their table by its name, so two tables of
    one name cannot be told apart.  (The reference's table ⑼ carries ⑻'s
    name, 隔离点后勤保障工作经费, over the 创业担保贷款贴息 project.)
    """
    seen: dict[str, Line] = {}
    for ln in (*ctx.wb.perf_projects, *ctx.wb.perf_transfers):
        c: Optional[Cell] = ln.cells.get("name")
        if c is None or c.empty:
            continue
        key = norm_label(c.value)
        if key in seen:
            yield ctx.finding("V616", c, name=str(c.value), sheet=seen[key].sheet,
                              first=seen[key].row)
        else:
            seen[key] = ln
