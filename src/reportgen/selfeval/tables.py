"""The self-evaluation tables (第六部分 附件) assembled from the workbook.

``evaluate(wb)`` reads the 绩效 sheets into one ``Evaluation``: the 整体
table with its 年度目标, one ``Table`` per project (⑴…) and per transfer
programme (numbered after the projects, as the reference does), each
indicator scored by ``performance``.  Every printed score is rounded half-up
to two decimals once, here (``fmt.rounded``), and a table's total is the sum
of the printed scores, so the figures of a table add up as printed.

Pure: the workbook in, plain data out; the rules, the xlsx and the Word
document all read this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Optional

from reportgen.core import fmt, schema
from reportgen.selfeval import scoring as performance
from reportgen.core.model import ZERO, Cell, Line, Workbook, rate
from reportgen.read.reader import norm_label

PROJECT, TRANSFER = "project", "transfer"


def _dec(cell: Optional[Cell]) -> Optional[Decimal]:
    if cell is None or not isinstance(cell.value, Decimal):
        return None
    return cell.value


def _text(cell: Optional[Cell]) -> str:
    return "" if cell is None or cell.value is None else str(cell.value)


def _r(value: Optional[Decimal]) -> Optional[Decimal]:
    return None if value is None else fmt.rounded(value, 2)


def mark(n: int) -> str:
    """The table's number as the reference prints it: ⑴ … ⒇, then (21)."""
    return chr(0x2473 + n) if 1 <= n <= 20 else f"({n})"


@dataclass
class Indicator:
    """One 三级指标 of a table, scored."""

    line: Line
    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: Decimal
    entered: Optional[Decimal]
    result: performance.Score

    @property
    def score(self) -> Optional[Decimal]:
        """The printed score (two decimals); None for 无…指标 and for a 定性
        indicator nobody scored."""
        return _r(self.result.score)

    @property
    def scored(self) -> Decimal:
        """The score, 0 when there is none (for sums)."""
        return self.score if self.score is not None else ZERO

    @property
    def no_weight(self) -> bool:
        """An 无…指标 row: no weight, not scored."""
        return self.result.kind == performance.NO_WEIGHT

    @property
    def met(self) -> bool:
        """The indicator's target was reached (by the scoring rule)."""
        return self.result.met


def indicator_sum(indicators: Iterable[Indicator]) -> Decimal:
    """The scores of ``indicators`` added up (an unscored one counts 0)."""
    return sum((i.scored for i in indicators), ZERO)


def weight_sum(indicators: Iterable[Indicator]) -> Decimal:
    """The weights of ``indicators`` that carry one (无…指标 do not)."""
    return sum((i.weight for i in indicators if not i.no_weight), ZERO)


@dataclass
class Budget:
    """预算执行情况: A, B, B/A and 20 分 × B/A."""

    budget: Optional[Decimal]
    actual: Optional[Decimal]
    entered: Optional[Decimal] = None        # the clerk's 得分
    typed_rate: str = ""                     # the clerk's 执行率, as typed
    weight: Decimal = performance.BUDGET_WEIGHT

    @property
    def rate(self) -> Optional[Decimal]:
        """执行率 B/A in percent, exact; None without a budget."""
        return performance.execution_rate(self.budget, self.actual)

    @property
    def score(self) -> Optional[Decimal]:
        """预算执行得分: weight (20 分) × B/A, at most the weight, two decimals; None without a
        budget."""
        return _r(performance.budget_score(self.budget, self.actual, self.weight))

    @property
    def capped(self) -> bool:
        """执行率 above 100%: the score is capped at the weight."""
        r = self.rate
        return r is not None and r > 100


@dataclass
class Source:
    """One funding source of a transfer programme (省级补助 …)."""

    key: str
    label: str
    initial: Optional[Decimal]
    budget: Optional[Decimal]
    actual: Optional[Decimal]

    @property
    def rate(self) -> Optional[Decimal]:
        """This source's 执行率 in percent, exact; None without a budget."""
        return performance.execution_rate(self.budget, self.actual)

    @property
    def empty(self) -> bool:
        """Nothing entered for this source."""
        return self.initial is None and self.budget is None and self.actual is None


@dataclass
class Table:
    """A 项目支出 or 转移支付 self-evaluation table."""

    kind: str
    number: int                      # ⑴ = 1; transfers continue after the projects
    line: Line
    budget: Budget
    indicators: list[Indicator] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)   # transfers: 省级, 市县, 其他
    typed_total: Optional[Source] = None                  # transfers: 年度资金总额 as typed

    @property
    def mark(self) -> str:
        """The table's mark as printed: ⑴, ⑵, …"""
        return mark(self.number)

    @property
    def name(self) -> str:
        """The table's name as typed (项目名称)."""
        return _text(self.line.cells.get("name"))

    @property
    def project(self) -> str:
        """The 项目支出 line this table evaluates (its own name unless stated)."""
        return _text(self.line.cells.get("project")) or self.name

    def text(self, key: str) -> str:
        """The table's text column ``key`` ('' when blank)."""
        return _text(self.line.cells.get(key))

    def amount(self, key: str) -> Optional[Decimal]:
        """The table's amount column ``key`` (Decimal), None when blank."""
        return _dec(self.line.cells.get(key))

    @property
    def indicator_weight(self) -> Decimal:
        """What the table's indicators must add up to (60 / 80)."""
        return (performance.PROJECT_INDICATORS if self.kind == PROJECT
                else performance.TRANSFER_INDICATORS)

    @property
    def goal_score(self) -> Optional[Decimal]:
        """项目绩效总目标: the evaluator's score, kept within 0…20."""
        if self.kind != PROJECT:
            return None
        v = self.amount("goal_score")
        return None if v is None else _r(min(max(v, ZERO), performance.GOAL_WEIGHT))

    @property
    def indicator_score(self) -> Decimal:
        """The indicators' scores added up."""
        return indicator_sum(self.indicators)

    @property
    def weights(self) -> Decimal:
        """The indicators' weights added up."""
        return weight_sum(self.indicators)

    @property
    def total(self) -> Decimal:
        """自评得分 by the table's rules: 预算执行得分 + 项目绩效总目标得分 + indicator scores."""
        return ((self.budget.score or ZERO) + (self.goal_score or ZERO) + self.indicator_score)

    @property
    def entered_total(self) -> Optional[Decimal]:
        """The 自评得分 the clerk typed (only checked, V604), None when blank."""
        return self.amount("score")


@dataclass
class Goal:
    """A 年度目标 of the 整体 table and its indicators."""

    line: Line
    no: int
    text: str
    weight: Decimal
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def score(self) -> Decimal:
        """The goal's indicator scores added up."""
        return indicator_sum(self.indicators)

    @property
    def weights(self) -> Decimal:
        """The goal's indicator weights added up."""
        return weight_sum(self.indicators)


@dataclass
class Unit:
    """The 部门（单位）整体绩效自评表."""

    cells: dict
    basic_budget: Optional[Decimal]
    project_budget: Optional[Decimal]
    basic_actual: Decimal
    project_actual: Decimal
    budget: Budget
    goals: list[Goal]
    entered_total: Optional[Decimal]

    def text(self, key: str) -> str:
        """The 整体绩效自评 text ``key`` ('' when blank)."""
        return _text(self.cells.get(key))

    @property
    def total(self) -> Decimal:
        """自评得分 of the 整体 table: 预算执行得分 + every goal's indicator scores."""
        return (self.budget.score or ZERO) + sum((g.score for g in self.goals), ZERO)

    @property
    def basic_rate(self) -> Optional[Decimal]:
        """基本支出 执行数 against its 预算数 (exact %, as the 自评报告 prints
        it); None when that budget is blank or 0."""
        return rate(self.basic_actual, self.basic_budget or ZERO)

    @property
    def project_rate(self) -> Optional[Decimal]:
        """项目支出 执行数 against its 预算数 (exact %); None when that
        budget is blank or 0."""
        return rate(self.project_actual, self.project_budget or ZERO)

    @property
    def spent_rate(self) -> Optional[Decimal]:
        """The 自评报告's 年度预算执行率: 预算执行情况's 全年执行数 against its
        全年预算数 (exact %; a blank 执行数 counts 0, unlike the table's
        ``budget.rate``, which is then blank); None without a budget."""
        return rate(self.budget.actual or ZERO, self.budget.budget or ZERO)

    @property
    def indicators(self) -> list[Indicator]:
        """Every indicator of every 年度目标, in order."""
        return [i for g in self.goals for i in g.indicators]


@dataclass
class Evaluation:
    """The workbook's self-evaluation: the 整体 table (``unit``, None when not entered),
    the 项目 and 转移支付 ``tables`` in order, and indicators naming no table
    (``orphans``).  Made once per build by ``evaluate``."""

    unit: Optional[Unit]
    tables: list[Table]
    # indicators whose 自评表 (or 年度目标序号) names no table
    orphans: list[Line] = field(default_factory=list)
    # (tables indexed, norm_label(project) -> first table), built on first
    # use: scanning the tables per lookup made V611 quadratic
    _by_project: Optional[tuple[list[Table], int, dict[str, Table]]] = field(
        default=None, init=False, repr=False, compare=False)

    @property
    def projects(self) -> list[Table]:
        """The 项目支出 tables."""
        return [t for t in self.tables if t.kind == PROJECT]

    @property
    def transfers(self) -> list[Table]:
        """The 转移支付 tables."""
        return [t for t in self.tables if t.kind == TRANSFER]

    @property
    def empty(self) -> bool:
        """No self-evaluation entered at all (no 第六部分, no 绩效自评表)."""
        return self.unit is None and not self.tables

    def for_project(self, name: str) -> Optional[Table]:
        """The table that evaluates the 项目支出 line ``name``."""
        cached = self._by_project
        if cached is None or cached[0] is not self.tables or cached[1] != len(self.tables):
            index: dict[str, Table] = {}
            for t in self.tables:
                index.setdefault(norm_label(t.project), t)
            cached = self._by_project = (self.tables, len(self.tables), index)
        return cached[2].get(norm_label(name))


# ------------------------------------------------------------------ assembly

def _indicator(ln: Line) -> Indicator:
    def t(key):
        return _text(ln.cells.get(key))
    weight = _dec(ln.cells.get("weight"))
    entered = _dec(ln.cells.get("score"))
    result = performance.score_indicator(t("target"), t("actual"), weight, entered,
                                         t("mode"), t("name"))
    return Indicator(ln, t("level1"), t("level2"), t("name"), t("target"), t("actual"),
                     weight if weight is not None else ZERO, entered, result)


def _ordered(indicators: list[Indicator]) -> list[Indicator]:
    """产出 → 效益 → 满意度, the entered order kept within each."""
    order = {name: k for k, name in enumerate(schema.LEVEL1)}
    return sorted(indicators, key=lambda i: order.get(i.level1, len(order)))


def is_unit_table(name: str, unit: str) -> bool:
    """``name`` (a 绩效指标 line's 自评表) names the 整体 table: “整体绩效自评表” or the unit itself."""
    key = norm_label(name)
    return bool(key) and key in (norm_label(schema.UNIT_TABLE), norm_label(unit))


def _spent(wb: Workbook) -> tuple[Decimal, Decimal]:
    """基本支出 and 项目支出 of 表3 (every 项 line, every fund)."""
    items = [ln for ln in wb.functional if len(ln.code) == 7]
    return (sum((ln.amt("exp_basic") for ln in items), ZERO),
            sum((ln.amt("exp_project") for ln in items), ZERO))


def _transfer_sources(ln: Line) -> tuple[list[Source], Source]:
    def src(key, label):
        return Source(key, label, _dec(ln.cells.get(f"{key}_initial")),
                      _dec(ln.cells.get(f"{key}_budget")), _dec(ln.cells.get(f"{key}_actual")))
    sources = [src(k, lab) for k, lab in schema.TRANSFER_SOURCES if k != "total"]
    typed = src(*schema.TRANSFER_SOURCES[0])
    return sources, typed


def source_total(sources: list[Source], typed: Source) -> Source:
    """年度资金总额: the sum of the sources that are filled; the typed total
    only where no source is (a typed total is otherwise only checked)."""
    def add(attr):
        vals = [getattr(s, attr) for s in sources if getattr(s, attr) is not None]
        return sum(vals, ZERO) if vals else getattr(typed, attr)
    if all(s.empty for s in sources):
        return typed
    return Source(typed.key, typed.label, add("initial"), add("budget"), add("actual"))


def evaluate(wb: Workbook) -> Evaluation:
    """The self-evaluation of ``wb``: every 绩效 sheet read into tables and scored by the
    rules written under the tables (scores two decimals).  Raises nothing; unreadable
    values are scored as the rules say and reported by the validator."""
    tables: list[Table] = []
    by_name: dict[str, Table] = {}
    for kind, lines in ((PROJECT, wb.perf_projects), (TRANSFER, wb.perf_transfers)):
        for ln in lines:
            if not _text(ln.cells.get("name")):
                continue
            rate = _text(ln.cells.get("rate"))
            entered = _dec(ln.cells.get("budget_score"))
            if kind == PROJECT:
                table = Table(kind, len(tables) + 1, ln,
                              Budget(_dec(ln.cells.get("budget")), _dec(ln.cells.get("actual")),
                                     entered, rate))
            else:
                sources, typed = _transfer_sources(ln)
                total = source_total(sources, typed)
                table = Table(kind, len(tables) + 1, ln,
                              Budget(total.budget, total.actual, entered, rate),
                              sources=sources, typed_total=typed)
            tables.append(table)
            by_name.setdefault(norm_label(table.name), table)

    unit = _unit(wb)
    goals = {g.no: g for g in unit.goals} if unit is not None else {}
    orphans: list[Line] = []
    for ln in wb.perf_indicators:
        name = _text(ln.cells.get("table"))
        if not name and not any(not c.empty for c in ln.cells.values()):
            continue
        if unit is not None and is_unit_table(name, wb.unit):
            no = ln.cells.get("goal")
            goal = goals.get(no.value) if no is not None else None
            if goal is None:
                orphans.append(ln)
            else:
                goal.indicators.append(_indicator(ln))
            continue
        table = by_name.get(norm_label(name))
        if table is None:
            orphans.append(ln)
        else:
            table.indicators.append(_indicator(ln))
    for t in tables:
        t.indicators = _ordered(t.indicators)
    if unit is not None:
        for g in unit.goals:
            g.indicators = _ordered(g.indicators)
    return Evaluation(unit, tables, orphans)


def _unit(wb: Workbook) -> Optional[Unit]:
    cells = wb.perf_unit
    has_indicators = any(is_unit_table(ln.text("table"), wb.unit) for ln in wb.perf_indicators)
    if not any(not c.empty for c in cells.values()) and not wb.perf_goals and not has_indicators:
        return None
    basic_b, project_b = _dec(cells.get("basic_budget")), _dec(cells.get("project_budget"))
    spent_basic, spent_project = _spent(wb)
    basic_a = _dec(cells.get("basic_actual"))
    project_a = _dec(cells.get("project_actual"))
    basic_a = spent_basic if basic_a is None else basic_a
    project_a = spent_project if project_a is None else project_a
    budget = None if basic_b is None and project_b is None else (basic_b or ZERO) + (project_b or ZERO)
    goals = []
    for ln in wb.perf_goals:
        no = ln.cells.get("no")
        if no is None or not isinstance(no.value, int):
            continue
        weight = _dec(ln.cells.get("weight"))
        goals.append(Goal(ln, no.value, _text(ln.cells.get("goal")),
                          performance.GOAL_WEIGHT if weight is None else weight))
    score_cell = wb.texts.get("perf_unit_score")
    return Unit(cells, basic_b, project_b, basic_a, project_a,
                Budget(budget, basic_a + project_a, _dec(cells.get("budget_score")),
                       _text(cells.get("rate"))),
                goals, _dec(score_cell))
