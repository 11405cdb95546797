"""performance.py: the values clerks write, and the scoring rules of the
self-evaluation tables' 备注 — each form of value, the caps, the bands, and
what happens to a value that cannot be read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.core import fmt
from reportgen.selfeval import scoring as pf

D = Decimal


# ------------------------------------------------------------------ values
@pytest.mark.parametrize("text, kind, number, op, unit", [
    ("≥90%", pf.NUMBER, "90", "≥", "%"),
    (">=90%", pf.NUMBER, "90", "≥", "%"),
    ("大于等于97%", pf.NUMBER, "97", "≥", "%"),
    ("95%以上", pf.NUMBER, "95", "≥", "%"),
    ("100 人左右", pf.NUMBER, "100", "≈", "人"),
    ("5.5%以内", pf.NUMBER, "5.5", "≤", "%"),
    ("扫尾工程量≤5%", pf.NUMBER, "5", "≤", "%"),
    ("23 场", pf.NUMBER, "23", "", "场"),
    ("2个社区", pf.NUMBER, "2", "", "个社区"),
    ("400 ㎡", pf.NUMBER, "400", "", "㎡"),
    ("聘用人员考核合格率为 100%", pf.NUMBER, "100", "", "%"),
    ("１２３．５", pf.NUMBER, "123.5", "", ""),            # full-width digits
    ("1,100 人", pf.NUMBER, "1100", "", "人"),             # thousands separator
])
def test_a_number_with_its_direction_and_unit(text, kind, number, op, unit):
    v = pf.parse_value(text)
    assert (v.kind, v.number, v.op, v.unit) == (kind, D(number), op, unit)


@pytest.mark.parametrize("text, low, high, unit", [
    ("97%≤执行率≤100%", "97", "100", "%"),
    ("300 元-4000 元", "300", "4000", "元"),
    ("5000—8000 元", "5000", "8000", "元"),
])
def test_a_range(text, low, high, unit):
    v = pf.parse_value(text)
    assert (v.kind, v.low, v.high, v.unit) == (pf.RANGE, D(low), D(high), unit)


@pytest.mark.parametrize("text", ["好", "可持续", "成效显著", "有效解决了我局法律咨询问题"])
def test_words(text):
    assert pf.parse_value(text).kind == pf.WORDS


@pytest.mark.parametrize("text", ["", None, "—", "无"])
def test_empty(text):
    assert pf.parse_value(text).kind == pf.EMPTY


def test_several_numbers_are_kept_apart():
    v = pf.parse_value("调解率 60%；结案率 90%")
    assert v.kind == pf.SEVERAL and [n for n, _ in v.parts] == [D(60), D(90)]


# ------------------------------------------------------------------ 定量
W = D(10)


@pytest.mark.parametrize("target, actual, score, direction", [
    # 正向 ≥X: 分值 × B/A
    ("≥90%", "45%", "5", pf.POSITIVE),
    ("23 场", "5 场", "2.173913", pf.POSITIVE),
    # “左右” is a plain target: reached or scored by B/A
    ("100 人左右", "90 人", "9", pf.POSITIVE),
    ("100 人左右", "162 人", "10", pf.POSITIVE),
    # 反向 ≤X: 分值 × A/B
    ("5.5%以内", "11%", "5", pf.NEGATIVE),
    ("5.5%以内", "2.55%", "10", pf.NEGATIVE),
    # a range: full inside, the missed bound outside
    ("97%≤执行率≤100%", "99%", "10", pf.INTERVAL),
    ("97%≤执行率≤100%", "38%", str(D(380) / D(97)), pf.INTERVAL),
    ("97%≤执行率≤100%", "125%", "8", pf.INTERVAL),
])
def test_quantitative_rules(target, actual, score, direction):
    r = pf.score_indicator(target, actual, W)
    assert r.kind == pf.QUANTITATIVE and r.direction == direction
    assert fmt.rounded(r.score, 4) == fmt.rounded(D(score), 4)


def test_score_never_exceeds_the_weight():
    # 正向 over target, 反向 under target: the formula would give more than the 分值
    over = pf.score_indicator("≥90%", "99%", W)
    under = pf.score_indicator("≤10%", "2%", W)
    assert (over.score, over.capped, over.met) == (W, True, True)
    assert (under.score, under.capped, under.met) == (W, True, True)


def test_budget_score_is_capped_at_20():
    assert pf.budget_score(D(100), D(120)) == D(20)
    assert pf.budget_score(D("2510.39"), D("952.10")) == D(20) * D("952.10") / D("2510.39")
    assert fmt.score(pf.budget_score(D("2510.39"), D("952.10"))) == "7.59"
    assert pf.budget_score(None, D(5)) is None and pf.budget_score(D(0), D(5)) is None


def test_several_absolute_figures_are_added():
    # the tables' rule: 绝对值直接累加计算 (215 + 205 = 420 家 against 100 家)
    r = pf.score_indicator("100 家", "人力资源公司 215 家 劳务派遣公司 205 家", W)
    assert (r.kind, r.actual, r.score) == (pf.QUANTITATIVE, D(420), W)
    r = pf.score_indicator("840 家", "人力资源公司 215 家 劳务派遣公司 205 家", W)
    assert r.score == D(5)


def test_a_percentage_cell_read_as_a_fraction():
    # Excel stores 95% as 0.95; against a target in % it is read as 95%
    assert pf.score_indicator("≥90%", "0.95", W).score == W
    assert pf.score_indicator("≥90%", "0.45", W).score == D(5)


def test_a_target_of_zero():
    assert pf.score_indicator("0", "0", W).score == W
    assert pf.score_indicator("0", "2", W, mode="反向").score == 0


def test_the_clerks_direction_overrides_the_wording():
    # “5.50%” carries no direction: read as 正向 unless the clerk says 反向
    assert fmt.score(pf.score_indicator("5.50%", "2.55%", D(3)).score) == "1.39"
    assert pf.score_indicator("5.50%", "2.55%", D(3), mode="反向").score == D(3)


def test_the_rule_applied_is_said_in_words():
    r = pf.score_indicator("23 场", "5 场", D(3))
    assert r.how == "正向指标：分值 3 × 完成值 5 ÷ 目标值 23"
    assert pf.score_indicator("97%≤执行率≤100%", "38%", D(9)).how == (
        "完成值 38 低于区间下限：分值 9 × 38 ÷ 97")


# ------------------------------------------------------------------ 定性
def test_qualitative_written_alike_is_achieved_in_full_without_a_score():
    r = pf.score_indicator("好", "好", W)
    assert (r.kind, r.score, r.band, r.note) == (pf.QUALITATIVE, W, pf.ACHIEVED, "")


@pytest.mark.parametrize("entered, band", [("9", pf.ACHIEVED), ("8", pf.ACHIEVED),
                                           ("7.9", pf.PARTLY), ("5", pf.PARTLY),
                                           ("4.9", pf.MISSED), ("0", pf.MISSED)])
def test_qualitative_bands(entered, band):
    r = pf.score_indicator("可持续", "基本可持续", W, D(entered))
    assert (r.score, r.band) == (D(entered), band)


def test_qualitative_score_is_capped_and_a_missing_one_counts_nothing():
    r = pf.score_indicator("好", "好", W, D(12))
    assert (r.score, r.capped) == (W, True)
    assert pf.score_indicator("好", "较好", W).score is None


def test_the_clerk_may_declare_an_indicator_qualitative():
    r = pf.score_indicator("≥90%", "85%", W, D(7), mode="定性")
    assert (r.kind, r.score, r.note) == (pf.QUALITATIVE, D(7), "")


# ------------------------------------------------------------------ unreadable
@pytest.mark.parametrize("target, actual, on, words", [
    ("调解率 60%；结案率 90%", "调解率 71.16%；结案率 95.86%", "target", "含多个数值"),
    ("1.70%", "达标", "actual", "不是数值"),
    ("≥95%", "98 人", "actual", "单位"),
    ("≥95%", "", "actual", "未填写"),
    ("全区在建项目按照“五项制度”要求全面落实到位实现 100%覆盖率", "100%", "target", "无法确定"),
])
def test_an_unreadable_value_makes_the_indicator_qualitative_and_says_so(target, actual, on, words):
    r = pf.score_indicator(target, actual, W, D(6))
    assert r.kind == pf.QUALITATIVE and r.score == D(6)
    assert r.note_on == on and words in r.note and "按定性指标计分" in r.note


def test_values_written_alike_need_no_number():
    r = pf.score_indicator("923.78 元/月（企业）、673.19 元/月（灵活）",
                           "923.78 元/月（企业）、673.19 元/月（灵活）", W)
    assert (r.kind, r.score, r.note) == (pf.QUALITATIVE, W, "")


def test_no_indicator_line_carries_no_weight():
    r = pf.score_indicator("", "", None, name="无生态效益指标")
    assert (r.kind, r.score, r.shortfall) == (pf.NO_WEIGHT, None, False)


# ------------------------------------------------------------------ 执行率
@pytest.mark.parametrize("typed, rate, agrees", [
    ("38%", "37.926", True),          # typed at 0 decimals
    ("37.93%", "37.926", True),
    ("78.00%", "77.915", False),      # 77.92 at 2 decimals
    ("0.38", "37.926", True),         # a percentage cell
    ("100%", "88.74", False),
    ("好", "50", None),
])
def test_typed_rate(typed, rate, agrees):
    assert pf.rate_agrees(typed, D(rate)) is agrees


def test_scores_round_half_up_once_at_the_edge():
    assert fmt.rounded(D("0.125")) == D("0.13") and fmt.rounded(D("0.135")) == D("0.14")
    assert fmt.score(D("17.748")) == "17.75" and fmt.score(D("20.00")) == "20"
    assert fmt.score(D("0.50")) == "0.5" and fmt.score(None) == ""


def test_a_project_finds_its_table_by_name_whatever_the_spacing():
    from dataclasses import replace

    from reportgen.selfeval.tables import evaluate
    from reportgen.read.reader import read_workbook
    from support import EXAMPLE
    ev = evaluate(read_workbook(EXAMPLE))
    projects = [t for t in ev.tables if t.kind == "project"]
    assert projects
    for t in projects:
        assert ev.for_project(t.project) is t
        assert ev.for_project(f" {t.project} ") is t
    assert ev.for_project("没有这个项目") is None
    # a table added after a lookup is found too (the index is rebuilt)
    line = projects[0].line
    cells = {k: v for k, v in line.cells.items() if k != "project"}
    cells["name"] = replace(line.cells["name"], value="后来加上的项目")
    extra = replace(projects[0], line=replace(line, cells=cells))
    ev.tables.append(extra)
    assert ev.for_project("后来加上的项目") is extra


def test_the_unit_reports_rates_are_the_evaluations_own():
    """The 自评报告's 执行率 (第六部分) are the Evaluation's, computed once by
    core.model.rate: 基本/项目支出 against their budgets, and the year's
    执行数 against 预算 with a blank 执行数 counted 0 (the table leaves it blank)."""
    from decimal import Decimal as D

    from reportgen.selfeval.tables import Budget, Unit
    u = Unit({}, D("80"), None, D("60"), D("5"), Budget(D("200"), None), [], None)
    assert u.basic_rate == 75 and u.project_rate is None
    assert u.spent_rate == 0 and u.budget.rate is None
    assert Unit({}, D("0"), D("10"), D("1"), D("4"), Budget(None, D("3")), [], None).basic_rate is None
