"""The reference's self-evaluation tables (第六部分, ref. lines 2143–7061)
scored by reportgen from inputs/example-2022.xlsx.

Every 自评得分 below was read by a person from the reference.  Three things
are checked:

* the reference's own arithmetic: its printed parts (预算执行得分, 总目标得分,
  each indicator's 得分) add up to its printed 自评得分 in every table;
* where those printed parts follow the tables' rules, reportgen's computed
  total is the reference's 自评得分;
* where they do not, the computed total is recorded here with the reason
  (the reference's score disagrees with its own 备注).

The weights (分值) are not printed in the reference; the example gives each
table the weights its scores imply (see tools/make_example.py).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.core import fmt
from reportgen.selfeval.tables import evaluate
from reportgen.read.reader import read_workbook

from support import EXAMPLE

D = Decimal

# mark -> (name as printed, 自评得分 as printed)
REFERENCE = {
    "⑴": ("人力资源局机关业务工作经费", "97"),
    "⑵": ("人才与公共就业服务工作经费", "95"),
    "⑶": ("劳动监察执法工作经费", "100"),
    "⑷": ("劳动人事争议仲裁办案工作经费", "99"),
    "⑸": ("人力资源产业园管理经费", "100"),
    "⑹": ("支农返汉群体帮扶资金", "83"),
    "⑺": ("维修经费", "100"),
    "⑻": ("隔离点后勤保障工作经费", "100"),
    # printed as 隔离点后勤保障工作经费 (⑻'s name); its figures are 创业担保贷款贴息's
    "⑼": ("创业担保贷款贴息", "100"),
    "⑽": ("入驻人力资源产业园企业政策扶持资金", "100"),
    "⑾": ("事业单位公开招聘经费", "82"),
    "⑿": ("绩效管理目标综合考核奖励", "100"),
    "⒀": ("产业园基本要求标准预研究工作经费", "88"),
    "⒁": ("劳动人事争议仲裁庭标准化建设项目改造方案经费", "100"),
    "⒂": ("信访维稳工作经费", "100"),
    "⒃": ("就业补助资金", "94"),
    "⒄": ("“三支一扶”计划中央财政补助资金", "92.6"),
}
UNIT_SCORE = "94.5"   # 整体绩效自评表 and 自评报告 “总分为 94.5 分”

# tables whose printed parts follow the rules: the computed total is theirs
CONSISTENT = ["⑶", "⑸", "⑺", "⑼", "⑽", "⑿", "⒂"]

# tables whose printed score disagrees with its own rules: computed total, why
DISAGREE = {
    # 专家评审会 5 场 planned, 1 held: 3 × 1 ÷ 5 = 0.6, printed 1
    "⑴": ("96.6", "专家评审会 scored 1 where 分值 3 × 1/5 gives 0.6"),
    # four 数量 indicators short of target (5/23 场, 46/50 场次, 2107/2200 人,
    # 7951/8400 人) printed 1, 2, 2, 2; the rule gives 0.65, 2.76, 2.87, 2.84
    "⑵": ("97.12", "partly met 数量指标 scored by hand, not 分值 × B/A"),
    # 完成仲裁审理案件 2971 of 3000: 7 × 2971/3000 = 6.93, printed 6
    "⑷": ("99.93", "完成仲裁审理案件 scored 6 where the rule gives 6.93"),
    # 20 × 952.1/2510.39 = 7.59, printed 8 (from the rounded 38%); 预算完成率 38%
    # against 97%≤执行率≤100%: 9 × 38/97 = 3.53, printed 4
    "⑹": ("82.12", "预算执行 and 预算完成率 rounded up"),
    # 20 × 806.75/811.74 = 19.88, printed 20
    "⑻": ("99.88", "预算执行得分 rounded up to 20 at 99.39%"),
    # 20 × 26.96/79.29 = 6.80 (printed 7); 166 个 planned, 162 done: 5.86 (printed 5);
    # 预算完成率 34% against 97%: 6 × 34/97 = 2.10 (printed 2)
    "⑾": ("82.76", "three scores rounded by hand"),
    # 预算完成率 60% against 97%: 8 × 60/97 = 4.95, printed 4
    "⒀": ("88.95", "预算完成率 scored 4 where the rule gives 4.95"),
    # 20 × 23.63/23.78 = 19.87, printed 20
    "⒁": ("99.87", "预算执行得分 rounded up to 20 at 99.37%"),
    # 20 × 6,013.91/6,016.47 = 19.99 (printed 20; the sources add to 6,013.91, the
    # table prints 6,013.90); 406/1100, 66/500, 122/750 × 4 = 1.48, 0.53, 0.65
    # (printed 2 each); 2107/2200 × 3 = 2.87 (printed 3)
    "⒃": ("90.52", "short 数量指标 printed at half their weight"),
    # 20 × 173.72/222.96 = 15.58 (printed 15.60, from the rounded 78%);
    # 预算完成率 78% against ≥97%: 10 × 78/97 = 8.04, printed 7
    "⒄": ("93.62", "预算执行 from a rounded rate; 预算完成率 scored by hand"),
}
# 整体: 20 × 13,258.64/14,941.35 = 17.75 (printed 18); 目标1's four short
# 数量指标 0.22, 0.92, 0.96, 0.95 (printed 0.5 each); 目标3's 专家评审会 0.2 and
# 培训 0.67 (printed 0.5 each); 目标4's 完成仲裁审理案件 1.5 × 2971/3000 = 1.49
# (printed 1)
UNIT_COMPUTED = "95.66"


@pytest.fixture(scope="module")
def ev():
    return evaluate(read_workbook(EXAMPLE))


def _tables(ev):
    return {t.mark: t for t in ev.tables}


def test_every_table_of_the_reference_is_in_the_example(ev):
    tables = _tables(ev)
    assert list(tables) == list(REFERENCE)
    for mark, (name, _) in REFERENCE.items():
        assert tables[mark].name == name
    assert ev.unit is not None and [g.no for g in ev.unit.goals] == [1, 2, 3, 4]
    assert ev.orphans == []


def test_the_weights_make_the_tables_totals(ev):
    for t in ev.tables:
        assert t.weights == t.indicator_weight, t.mark
    assert all(g.weights == 20 for g in ev.unit.goals)


def _printed_total(t) -> Decimal:
    parts = [t.budget.entered, t.amount("goal_score") or D(0)]
    parts += [i.entered for i in t.indicators if i.entered is not None]
    return sum(parts, D(0))


def test_the_references_own_parts_add_up_to_its_scores(ev):
    """The reference's arithmetic of addition is right in every table; where
    it slips, it slips in the scores it adds."""
    tables = _tables(ev)
    for mark, (_, score) in REFERENCE.items():
        assert _printed_total(tables[mark]) == D(score), mark
        assert tables[mark].entered_total == D(score), mark
    u = ev.unit
    printed = u.budget.entered + sum((i.entered for i in u.indicators if i.entered is not None),
                                     D(0))
    assert printed == D(UNIT_SCORE) == u.entered_total


@pytest.mark.parametrize("mark", CONSISTENT)
def test_computed_total_is_the_references_score(ev, mark):
    assert fmt.score(_tables(ev)[mark].total) == REFERENCE[mark][1]


@pytest.mark.parametrize("mark", sorted(DISAGREE))
def test_where_the_reference_disagrees_with_its_rules(ev, mark):
    computed, _reason = DISAGREE[mark]
    assert fmt.score(_tables(ev)[mark].total) == computed
    assert computed != REFERENCE[mark][1]


def test_every_table_is_either_consistent_or_explained():
    assert sorted(CONSISTENT + list(DISAGREE)) == sorted(REFERENCE)


def test_the_unit_total(ev):
    u = ev.unit
    assert fmt.score(u.budget.score) == "17.75"
    assert [fmt.score(g.score) for g in u.goals] == ["19.05", "20", "18.87", "19.99"]
    assert fmt.score(u.total) == UNIT_COMPUTED != UNIT_SCORE


def test_budget_execution_as_printed(ev):
    """预算数, 执行数 and 执行率 of each table: the reference's figures, the
    rate at two decimals half-up."""
    expected = {
        "⑴": ("108.37", "108.37", "100%"), "⑵": ("58", "58", "100%"),
        "⑹": ("2510.39", "952.1", "37.93%"),      # the reference prints 38%
        "⑻": ("811.74", "806.75", "99.39%"), "⑾": ("79.29", "26.96", "34%"),
        "⒀": ("37.9", "22.74", "60%"), "⒁": ("23.78", "23.63", "99.37%"),
        "⒃": ("6016.47", "6013.91", "99.96%"),   # the reference prints 6,013.90
        "⒄": ("222.96", "173.72", "77.92%"),      # the reference prints 78.00%
    }
    tables = _tables(ev)
    for mark, (a, b, rate) in expected.items():
        t = tables[mark]
        assert (t.budget.budget, t.budget.actual) == (D(a), D(b)), mark
        assert fmt.percent(t.budget.actual, t.budget.budget, 2) == rate, mark
    assert fmt.percent(ev.unit.budget.actual, ev.unit.budget.budget, 2) == "88.74%"


def test_the_validator_finds_the_references_misnamed_table(tmp_path):
    """The reference titles table ⑼ with ⑻'s name (隔离点后勤保障工作经费)
    over the 创业担保贷款贴息 project.  Entered as printed, the two tables
    cannot be told apart (V616, an error) and 创业担保贷款贴息 of 情况说明
    十三 has no table (V611)."""
    import openpyxl

    from reportgen.core import schema
    from reportgen.build import check

    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb[schema.PERF_PROJECTS.name]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "创业担保贷款贴息")
    ws.cell(row, 1).value = "隔离点后勤保障工作经费"
    path = tmp_path / "as-printed.xlsx"
    wb.save(path)
    result = check(path).result
    assert (schema.PERF_PROJECTS.name, f"A{row}") in {(f.sheet, f.cell) for f in result.at("V616")}
    assert [f.values["project"] for f in result.at("V611")] == ["创业担保贷款贴息"]
