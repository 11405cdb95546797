"""V6xx (绩效自评): each rule trips at its cell on a workbook with one thing
spoilt, and stays quiet on the consistent one and on near misses.

The book is ``valid_book()`` plus a small self-evaluation whose every typed
figure agrees with the rules: the 整体 table (A 170, B 94 + 65 from 表3,
20 × 159 ÷ 170 = 18.71, one 年度目标 of 20), a project table 业务经费 (⑴) and
a transfer table 信息化补助 (⑵) for the two 项目支出 lines.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from reportgen.core import schema

from validate.helpers import D, Book, where

PU, PG, PP, PT, PI = (schema.PERF_UNIT, schema.PERF_GOALS, schema.PERF_PROJECTS,
                      schema.PERF_TRANSFERS, schema.PERF_INDICATORS)
PROJ = schema.PROJECTS.name
_ = None


@dataclass
class PerfBook(Book):
    """``Book`` with the 绩效 sheets filled (written after the base sheets)."""

    perf: dict = field(default_factory=dict)   # sheet name -> records, or key -> value (整体)

    def perf_ref(self, decl, key: str, index: int = 0) -> str:
        if isinstance(decl, schema.KeyValueSheet):
            row = [i.key for i in decl.items].index(key) + 2
            return f"B{row}"
        col = [c.key for c in decl.columns].index(key) + 1
        return f"{get_column_letter(col)}{index + 2}"

    def write(self, path: Path) -> Path:
        super().write(path)
        wb = openpyxl.load_workbook(path)
        for name, data in self.perf.items():
            decl = schema.sheet(name)
            ws = wb[name]
            if isinstance(decl, schema.KeyValueSheet):
                for r, item in enumerate(decl.items, start=2):
                    ws.cell(r, 2).value = data.get(item.key)
                continue
            for r, rec in enumerate(data, start=2):
                for c, col in enumerate(decl.columns, start=1):
                    ws.cell(r, c).value = rec.get(col.key)
        wb.save(path)
        return path


def _ind(table, level1, level2, name, target, actual, weight, score, goal=None, mode=None):
    return dict(table=table, goal=goal, level1=level1, level2=level2, name=name, target=target,
                actual=actual, weight=D(weight) if weight else None,
                score=D(score) if score is not None else None, mode=mode)


def perf_book() -> PerfBook:
    b = PerfBook()
    b.projects = [dict(name="业务经费", amount=D("60.00"), budget=D("60.00")),
                  dict(name="信息化", amount=D("5.00"), budget=D("5.00"))]
    b.texts["perf_unit_score"] = D("38.71")
    b.perf = {
        PU.name: dict(basic_budget=D("100.00"), project_budget=D("70.00"), rate="93.53%",
                      budget_score=D("18.71"), date="2023 年 3 月 1 日", conclusion="自评结论。"),
        PG.name: [dict(no=1, goal="保障机关运转", weight=D("20"))],
        PP.name: [dict(name="业务经费", kind="经常性项目", fund_department=D("60.00"),
                       budget=D("60.00"), actual=D("60.00"), rate="100%", budget_score=D("20"),
                       goal="完成业务工作。", result="完成了业务工作。", goal_score=D("20"),
                       score=D("100"))],
        PT.name: [dict(name="信息化补助", project="信息化", department="省财政厅",
                       province_budget=D("5.00"), province_actual=D("5.00"),
                       total_budget=D("5.00"), total_actual=D("5.00"),
                       budget_score=D("20"), score=D("100"))],
        PI.name: [
            _ind(schema.UNIT_TABLE, "产出指标", "数量指标", "举办活动", "≥10 次", "12 次", "10", "10", goal=1),
            _ind(schema.UNIT_TABLE, "满意度指标", "满意度指标", "服务评价", "好", "好", "10", "10", goal=1),
            _ind("业务经费", "产出指标", "数量指标", "培训人数", "100 人", "100 人", "30", "30"),
            _ind("业务经费", "产出指标", "质量指标", "合格率", "≥95%", "98%", "30", "30"),
            _ind("信息化补助", "产出指标", "数量指标", "上线系统", "2 个", "2 个", "40", "40"),
            _ind("信息化补助", "效益指标", "社会效益指标", "办事效率", "好", "好", "40", "40"),
        ],
    }
    return b


def ind(b: PerfBook, name: str) -> tuple[int, dict]:
    rows = b.perf[PI.name]
    i = next(k for k, r in enumerate(rows) if r["name"] == name)
    return i, rows[i]


def icell(b: PerfBook, name: str, key: str) -> tuple[str, str]:
    i, _row = ind(b, name)
    return PI.name, b.perf_ref(PI, key, i)


def pcell(b: PerfBook, key: str, index: int = 0, decl=PP) -> tuple[str, str]:
    return decl.name, b.perf_ref(decl, key, index)


# ------------------------------------------------------------------ changes
def weight_short(b):
    ind(b, "培训人数")[1]["weight"] = D("25")
    return icell(b, "培训人数", "weight")


def goal_weights_short(b):
    ind(b, "服务评价")[1]["weight"] = D("8")
    ind(b, "服务评价")[1]["score"] = D("8")
    return icell(b, "举办活动", "weight")


def table_without_indicators(b):
    b.perf[PI.name] = [r for r in b.perf[PI.name] if r["table"] != "信息化补助"]
    return pcell(b, "name", 0, PT)


def score_typed_wrong(b):
    ind(b, "培训人数")[1]["score"] = D("28")
    return icell(b, "培训人数", "score")


def partly_met_scored_full(b):
    # 12 of 15 done: 30 × 12 ÷ 15 = 24, not the 30 typed
    ind(b, "培训人数")[1].update(target="15 人", actual="12 人")
    return icell(b, "培训人数", "score")


def budget_score_wrong(b):
    b.perf[PP.name][0]["budget_score"] = D("19")
    return pcell(b, "budget_score")


def unit_budget_score_wrong(b):
    b.perf[PU.name]["budget_score"] = D("19")
    return PU.name, b.perf_ref(PU, "budget_score")


def total_wrong(b):
    b.perf[PP.name][0]["score"] = D("99")
    return pcell(b, "score")


def unit_total_wrong(b):
    b.texts["perf_unit_score"] = D("40")
    return schema.TEXTS.name, b.ref(schema.TEXTS.name, "perf_unit_score")


def several_figures(b):
    ind(b, "合格率")[1]["actual"] = "合格率 98%，优良率 90%"
    return icell(b, "合格率", "actual")


def word_for_a_figure(b):
    ind(b, "合格率")[1]["actual"] = "达标"
    return icell(b, "合格率", "actual")


def other_unit(b):
    ind(b, "合格率")[1]["actual"] = "98 人"
    return icell(b, "合格率", "actual")


def qualitative_unscored(b):
    ind(b, "办事效率")[1].update(actual="较好", score=None)
    return icell(b, "办事效率", "score")


def qualitative_above_weight(b):
    ind(b, "办事效率")[1]["score"] = D("45")
    return icell(b, "办事效率", "score")


def achieved_scored_low(b):
    ind(b, "办事效率")[1]["score"] = D("30")       # 75% of 40 for a target reached
    return icell(b, "办事效率", "score")


def goal_score_missing(b):
    b.perf[PP.name][0]["goal_score"] = None
    return pcell(b, "goal_score")


def rate_typed_wrong(b):
    b.perf[PP.name][0]["rate"] = "95%"
    return pcell(b, "rate")


def unit_rate_typed_wrong(b):
    b.perf[PU.name]["rate"] = "93.5%"                 # 93.53% at one decimal is 93.5 … but
    b.perf[PU.name]["basic_budget"] = D("110.00")     # A is now 180: 88.33%
    b.perf[PU.name]["budget_score"] = D("17.67")
    b.texts["perf_unit_score"] = D("37.67")
    return PU.name, b.perf_ref(PU, "rate")


def execution_indicator_wrong(b):
    ind(b, "合格率")[1].update(name="预算执行率", target="≥95%", actual="98%")
    return icell(b, "预算执行率", "actual")


def unit_execution_indicator_wrong(b):
    ind(b, "举办活动")[1].update(name="预算执行率", target="97%≤执行率≤100%", actual="100%")
    return icell(b, "预算执行率", "actual")


def budget_differs_from_projects(b):
    b.projects[0]["budget"] = D("62.00")
    return pcell(b, "budget")


def execution_differs_from_projects(b):
    b.perf[PT.name][0].update(province_actual=D("4.50"), total_actual=D("4.50"))
    return pcell(b, "name", 0, PT)


def unit_execution_differs(b):
    b.perf[PU.name]["basic_actual"] = D("90.00")
    return PU.name, b.perf_ref(PU, "basic_actual")


def transfer_unlinked(b):
    b.perf[PT.name][0]["project"] = None
    return PROJ, b.ref(PROJ, "name", 1)


def transfer_unlinked_table(b):
    transfer_unlinked(b)
    return pcell(b, "name", 0, PT)


def indicator_of_no_table(b):
    ind(b, "培训人数")[1]["table"] = "业务费"
    return icell(b, "培训人数", "table")


def indicator_of_no_goal(b):
    ind(b, "举办活动")[1]["goal"] = 2
    return icell(b, "举办活动", "goal")


def sources_disagree(b):
    b.perf[PT.name][0]["total_actual"] = D("5.01")
    return pcell(b, "total_actual", 0, PT)


def no_indicator_weighted(b):
    b.perf[PI.name].append(_ind("业务经费", "效益指标", "生态效益指标", "无生态效益指标", _, _, "5", _))
    return PI.name, b.perf_ref(PI, "weight", len(b.perf[PI.name]) - 1)


def duplicate_table(b):
    b.perf[PP.name].append(dict(b.perf[PP.name][0]))
    return pcell(b, "name", 1)


def budget_missing(b):
    b.perf[PP.name][0].update(budget=None)
    return pcell(b, "budget")


@dataclass
class Case:
    code: str
    change: Callable[[PerfBook], tuple[str, str]]
    id: str = ""


TRIPS = [
    Case("V601", weight_short, "project"), Case("V601", goal_weights_short, "年度目标"),
    Case("V601", table_without_indicators, "none"),
    Case("V602", score_typed_wrong, "typed"), Case("V602", partly_met_scored_full, "partly met"),
    Case("V603", budget_score_wrong, "project"), Case("V603", unit_budget_score_wrong, "整体"),
    Case("V604", total_wrong, "project"), Case("V604", unit_total_wrong, "整体"),
    Case("V605", several_figures, "several"), Case("V605", word_for_a_figure, "word"),
    Case("V605", other_unit, "unit"),
    Case("V606", qualitative_unscored, "unscored"), Case("V606", qualitative_above_weight, "above"),
    Case("V606", achieved_scored_low, "band"), Case("V606", goal_score_missing, "总目标"),
    Case("V607", rate_typed_wrong, "project"), Case("V607", unit_rate_typed_wrong, "整体"),
    Case("V608", execution_indicator_wrong, "project"),
    Case("V608", unit_execution_indicator_wrong, "整体"),
    Case("V609", budget_differs_from_projects, "budget"),
    Case("V609", execution_differs_from_projects, "execution"),
    Case("V610", unit_execution_differs),
    Case("V611", transfer_unlinked), Case("V612", transfer_unlinked_table),
    Case("V613", indicator_of_no_table, "table"), Case("V613", indicator_of_no_goal, "goal"),
    Case("V614", sources_disagree), Case("V615", no_indicator_weighted),
    Case("V616", duplicate_table), Case("V617", budget_missing),
]


def _id(case: Case) -> str:
    return f"{case.code}-{case.id or case.change.__name__}"


def _shown(result) -> list[str]:
    # 提示 (I701, optional parts left blank) are not problems
    return [f"{f.code} {f.where} {f.message}" for f in result.findings if f.severity != "提示"]


@pytest.fixture(scope="module")
def valid_result(tmp_path_factory):
    return perf_book().validate(tmp_path_factory.mktemp("perf"))


def test_the_consistent_self_evaluation_has_no_finding(valid_result):
    assert _shown(valid_result) == []


@pytest.mark.parametrize("case", TRIPS, ids=_id)
def test_rule_trips_at_its_cell(case, tmp_path, valid_result):
    assert not valid_result.at(case.code)
    book = perf_book()
    expected = case.change(book)
    result = book.validate(tmp_path)
    assert expected in where(result, case.code), _shown(result)


def test_v_rules_are_errors_only_where_a_table_would_be_wrong():
    from reportgen.validate import REGISTRY
    errors = {c for c, r in REGISTRY.items() if c.startswith("V") and r.severity == "错误"}
    assert errors == {"V613", "V616"}


# ------------------------------------------------------------ near misses
def score_typed_with_decimals(b):
    ind(b, "培训人数")[1]["score"] = D("30.00")


def rounded_score_typed(b):
    # 30 × 97 ÷ 98 = 29.6938…: typed as printed, 29.69
    ind(b, "合格率")[1].update(target="≥98%", actual="97%", score=D("29.69"))
    b.perf[PP.name][0]["score"] = D("99.69")


def rate_as_fraction(b):
    b.perf[PP.name][0]["rate"] = "1"                  # a percentage cell read as 1


def rate_at_one_decimal(b):
    b.perf[PU.name]["rate"] = "93.5%"                 # 93.53% shown at one decimal


def several_figures_written_alike(b):
    ind(b, "办事效率")[1].update(target="调解率 60%；结案率 90%", actual="调解率 60%；结案率 90%")


def qualitative_partly(b):
    ind(b, "办事效率")[1].update(actual="较好", score=D("28"))   # 部分达成: 70%
    b.perf[PT.name][0]["score"] = D("88")


def no_indicator_line(b):
    b.perf[PI.name].append(_ind("业务经费", "效益指标", "生态效益指标", "无生态效益指标", _, _, _, _))


def unit_execution_typed_as_table3(b):
    b.perf[PU.name].update(basic_actual=D("94.00"), project_actual=D("65.00"))


def linked_by_name(b):
    b.perf[PT.name][0].update(name="信息化", project=None)
    for r in b.perf[PI.name]:
        if r["table"] == "信息化补助":
            r["table"] = "信息化"


def table_name_in_other_style(b):
    ind(b, "培训人数")[1]["table"] = " 业务 经费 "


NEAR_MISSES = [
    ("V602", score_typed_with_decimals), ("V602", rounded_score_typed), ("V604", rounded_score_typed),
    ("V607", rate_as_fraction), ("V607", rate_at_one_decimal),
    ("V605", several_figures_written_alike), ("V606", several_figures_written_alike),
    ("V606", qualitative_partly), ("V615", no_indicator_line), ("V601", no_indicator_line),
    ("V610", unit_execution_typed_as_table3), ("V611", linked_by_name), ("V612", linked_by_name),
    ("V613", table_name_in_other_style),
]


@pytest.mark.parametrize("code, change", NEAR_MISSES, ids=lambda x: getattr(x, "__name__", x))
def test_near_miss_does_not_trip(code, change, tmp_path):
    book = perf_book()
    change(book)
    result = book.validate(tmp_path)
    assert not result.at(code), _shown(result)


def test_near_misses_are_otherwise_clean(tmp_path):
    for _code, change in NEAR_MISSES:
        book = perf_book()
        change(book)
        result = book.validate(tmp_path)
        assert _shown(result) == [], change.__name__


def test_a_book_without_self_evaluation_is_not_asked_for_one(tmp_path):
    """Older workbooks (no 绩效 sheets filled) get no V finding, even with
    projects that carry a 全年预算数."""
    b = PerfBook()
    b.projects = copy.deepcopy(perf_book().projects)
    result = b.validate(tmp_path)
    assert not [f for f in result.findings if f.code.startswith("V")], _shown(result)
