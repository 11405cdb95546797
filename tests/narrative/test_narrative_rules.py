"""The phrase rules of 情况说明, one small input each.

Each rule is a pure function of a few figures; the words it picks (增加/减少,
增长/下降, 持平, 大于/小于) and the figures it leaves out (no rate on a zero
base, no 完成% on a zero budget, no reason where budget equals actual) are
checked here without building a document.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from reportgen.core import fmt
from reportgen.compose import narrative
from reportgen.compose.context import Amount
from reportgen.core.errors import TemplateError


# ------------------------------------------------------------------ change
def test_change_increase():
    c = narrative.change(D("13258.64"), D("8925.75"))
    assert (c.known, c.up, c.down, c.same) == (True, True, False, False)
    assert c.diff == D("4332.89")
    assert (c.word, c.rate_word) == ("", "")      # the words are the profile's
    w = narrative.reworded(c)
    assert (w.word, w.rate_word) == ("增加", "增长")
    assert fmt.rate(c.rate) == "48.5%"
    assert fmt.change_phrase(D("13258.64"), D("8925.75")) == "增加4332.89万元，增长48.5%"


def test_change_decrease():
    c = narrative.change(D("0.35"), D("0.47"))
    assert (c.up, c.down) == (False, True)
    assert c.diff == D("0.12")          # the size of the change, without sign
    assert (narrative.reworded(c).word, narrative.reworded(c).rate_word) == ("减少", "下降")
    assert fmt.rate(c.rate) == "25.5%"
    assert fmt.change_phrase(D("0.35"), D("0.47")) == "减少0.12万元，下降25.5%"


def test_change_equal():
    c = narrative.change(D("104.00"), D("104"))
    assert c.same and not c.up and not c.down
    assert c.rate is None
    assert narrative.reworded(c).word == "持平"
    assert fmt.change_phrase(D("104.00"), D("104")) == "持平"


def test_change_last_year_zero_has_no_rate():
    c = narrative.change(D("0.35"), D("0"))
    assert c.up and c.last_zero
    assert c.rate is None
    assert fmt.change_phrase(D("0.35"), D("0")) == "增加0.35万元"


def test_change_both_zero_is_equal():
    assert narrative.change(D("0"), D("0")).same
    assert fmt.change_phrase(D("0"), D("0")) == "持平"


def test_change_unknown_last_year():
    c = narrative.change(D("10"), None)
    assert c.known is False
    assert not (c.up or c.down or c.same)


def test_change_rate_rounds_half_up():
    # 43.05 / 147.05 = 29.2757…  and 1 / 8 = 12.5 exactly
    assert fmt.rate(narrative.change(D("104"), D("147.05")).rate) == "29.3%"
    assert fmt.change_phrase(D("9"), D("8")) == "增加1万元，增长12.5%"
    assert fmt.change_phrase(D("100.25"), D("100")) == "增加0.25万元，增长0.3%"


# ------------------------------------------------------------------ completion
def test_completion_below_budget_with_reason():
    c = narrative.completion(D("815.66"), D("763.63"), "主要原因是人员减少，经费划转。")
    assert c["compare"] == narrative.LESS          # written 小于 by the profile's [words]
    assert fmt.rate(c["rate"]) == "93.6%"
    assert c["reason"] == "人员减少，经费划转"   # the template writes “主要原因：” and “。”


def test_completion_above_budget():
    c = narrative.completion(D("40"), D("94.13"), "")
    assert (c["compare"], fmt.rate(c["rate"]), c["reason"]) == (narrative.MORE, "235.3%", "")


def test_completion_initial_budget_zero_has_no_rate():
    c = narrative.completion(D("0"), D("2756.83"), "年中追加")
    assert c["rate"] is None
    assert c["compare"] == narrative.MORE
    assert c["reason"] == "年中追加"


def test_completion_equal_drops_the_reason():
    c = narrative.completion(D("43.20"), D("43.2"), "按预算执行")
    assert c["compare"] == ""
    assert c["reason"] == ""
    assert fmt.rate(c["rate"]) == "100%"


# ------------------------------------------------------------------ texts
@pytest.mark.parametrize("typed, clause", [
    ("增加了就业补助资金", "增加了就业补助资金"),
    ("主要原因是增加了就业补助资金。", "增加了就业补助资金"),
    ("主要原因：人员减少，经费划转；", "人员减少，经费划转"),
    ("原因为专项经费结余", "专项经费结余"),
    ("  人员减少，\n经费划转。 ", "人员减少，经费划转"),
    ("", ""),
    (None, ""),
])
def test_reason_text(typed, clause):
    assert narrative.reason_text(typed) == clause


def test_join_lines_keeps_no_gap_between_chinese_lines():
    assert narrative.join_lines("绩效目标合理。\n资金使用规范") == "绩效目标合理。资金使用规范"
    assert narrative.join_lines("Windows\n10") == "Windows 10"


def test_paragraphs_drop_blank_lines():
    assert narrative.paragraphs("1.甲\n\n 2.乙 \n") == ["1.甲", "2.乙"]


def test_class_short_name():
    assert narrative.class_short_name("一般公共服务支出") == "一般公共服务"
    assert narrative.class_short_name("社会保障和就业支出") == "社会保障和就业"
    assert narrative.class_short_name("支出") == "支出"


def test_project_title():
    assert narrative.project_title("维修经费") == "维修经费项目"
    assert narrative.project_title("人事考试标准化面试考场改造项目") == "人事考试标准化面试考场改造项目"


def test_level_short():
    assert narrative.level_short("市级") == "市"
    assert narrative.level_short("区级") == "区"
    assert narrative.level_short("本级") == "本"
    assert narrative.level_short("市本级") == "市"      # a variant of 市级 (finance_levels.tsv)


# ------------------------------------------------------------------ absent funds
def test_fund_absent_without_lines():
    assert narrative.fund_absent([], has_lines=False)


def test_fund_absent_when_all_zero():
    assert narrative.fund_absent([D("0"), D("0.00")], has_lines=True)


def test_fund_present_with_any_figure():
    assert not narrative.fund_absent([D("0"), D("15.00")], has_lines=True)


def test_spending_parts_leave_out_zero():
    assert narrative.spending_parts(D("0"), D("32")) == [Amount("项目支出", D("32"))]


# ------------------------------------------------------------------ formatting
@pytest.mark.parametrize("value, text", [
    (D("2766.83"), "2,766.83"), (D("55.00"), "55"), (D("3897.10"), "3,897.1"),
    (D("0"), "0"), (D("6013.92"), "6,013.92"), (D("1234567.5"), "1,234,567.5"), (None, ""),
])
def test_money_short(value, text):
    assert fmt.money_short(value) == text


def test_join_cn():
    assert fmt.join_cn(["人力资源和社会保障管理事务", "行政事业单位养老支出", "抚恤"]) == \
        "人力资源和社会保障管理事务、行政事业单位养老支出和抚恤"
    assert fmt.join_cn(["住房改革支出"]) == "住房改革支出"
    assert fmt.join_cn([]) == ""


def test_jinja_filters_format_through_fmt():
    from reportgen.core.jinja import make_env
    env = make_env()
    out = env.from_string("{{ c|change }}|{{ s|change }}|{{ x|money_short }}|{{ l|join_cn }}").render(
        c=narrative.change(D("104"), D("147.05")), s=narrative.change(D("1"), D("1")), x=D("55.00"),
        l=["甲", "乙"])
    assert out == "减少43.05万元，下降29.3%|持平|55|甲和乙"


@pytest.mark.parametrize("source", ["{{ a|percent(b) }}", "{{ a|change(b) }}", "{{ a|change }}"])
@pytest.mark.parametrize("styled", [False, True])
def test_a_template_cannot_compute_a_rate_or_a_change(source, styled):
    """Templates format, they do not compute: no filter divides two figures
    (|percent is gone) and |change writes only a change compute made; the
    clerk is told so in Chinese."""
    import jinja2
    from reportgen.core.jinja import jinja_reason, make_env
    from reportgen.core.profile import FormatSpec
    env = make_env(style=FormatSpec() if styled else None)
    with pytest.raises(jinja2.TemplateError) as caught:
        env.from_string(source).render(a=D("1"), b=D("8"))
    reason = jinja_reason(caught.value)
    assert "过滤器" in reason or "不在模板中计算" in reason, reason


# ------------------------------------------------------------------ layout
def test_layout_default_is_the_reference_order():
    doc = narrative.layout(None, "某局", 2022)
    assert doc.toc is False
    assert [p.key for p in doc.parts] == ["overview", "tables", "explanation", "key_work", "glossary",
                                                "appendix"]
    assert doc.parts[0].title == "某局概况"
    secs = doc.parts[2].sections
    assert [s.index for s in secs] == list(range(1, 14))
    assert secs[0].title == "收入支出决算总体情况说明"


def test_layout_from_profile_orders_titles_and_drops():
    doc = narrative.layout({
        "toc": True,
        "parts": [
            {"key": "overview"},
            {"key": "explanation", "title": "{year}年度{unit}决算说明",
             "sections": ["income", {"key": "total", "title": "总体情况"}]},
            {"key": "glossary"},
            {"key": "tables"},
        ]}, "某局", 2023)
    assert doc.toc is True
    assert [p.key for p in doc.parts] == ["overview", "explanation", "glossary", "tables"]
    assert [p.index for p in doc.parts] == [1, 2, 3, 4]
    exp = doc.parts[1]
    assert exp.title == "2023年度某局决算说明"
    assert [(s.key, s.index, s.title) for s in exp.sections] == [
        ("income", 1, "收入决算情况说明"), ("total", 2, "总体情况")]


def test_layout_reports_every_problem_at_once():
    with pytest.raises(TemplateError) as err:
        narrative.layout({"toc": "yes", "colour": 1,
                          "parts": [{"key": "preface"}, {"key": "explanation", "sections": ["nope"]},
                                    {"key": "glossary"}, {"key": "glossary"}]},
                         "某局", 2022, where="模板配置 x/profile.toml")
    msg = str(err.value)
    for piece in ("x/profile.toml", "toc", "colour", "preface", "nope", "重复"):
        assert piece in msg


# a change whose rate rounds to 0% is written without the rate
def test_a_rate_that_rounds_to_zero_is_not_written():
    c = narrative.change(D("13258.64"), D("13258.63"))        # +0.01 万元: 0.00008%
    assert c.rate is not None and fmt.rate(c.rate) == "0%"     # what would have been printed
    w = narrative.reworded(c)
    assert (w.up, w.rate, w.word) == (True, None, "增加")
    assert fmt.change_text(w.diff, w.rate, w.up, w.same) == "增加0.01万元"
    assert fmt.change_text(c.diff, c.rate, c.up, c.same) == "增加0.01万元"
    assert fmt.change_text(c.diff, c.rate, c.up, c.same, places=2, trim=False) == "增加0.01万元"
    assert fmt.change_phrase(D("13258.64"), D("13258.63")) == "增加0.01万元"


def test_a_rate_kept_where_the_profiles_decimals_show_it():
    c = narrative.change(D("100.04"), D("100.00"))            # 0.04%
    assert narrative.reworded(c).rate is None                   # 0% at one decimal
    kept = narrative.reworded(c, percent_places=2)              # 0.04% at two (shanghai)
    assert kept.rate == c.rate
    assert fmt.change_text(kept.diff, kept.rate, kept.up, kept.same, places=2,
                           trim=False) == "增加0.04万元，增长0.04%"


def test_a_difference_that_prints_as_zero_is_the_same():
    w = narrative.reworded(narrative.change(D("100.004"), D("100.001")))
    assert (w.same, w.up, w.rate, w.word) == (True, False, None, "持平")


# lines that print as 0.00 万元 are left out like empty ones
def _item(index, budget, actual):
    from reportgen.compute.report import ItemBudget
    from reportgen.compute.figures import completion
    c = completion(D(budget), D(actual))
    return ItemBudget(index=index, code=f"20801{index:02d}", class_name="类", kuan_name="款",
                      name=f"项{index}", budget=c["budget"], actual=c["actual"], rate=c["rate"],
                      compare=c["compare"], reason="", base_budget=c["budget"],
                      base_rate=c["rate"], base_compare=c["compare"])


def test_items_that_print_as_zero_are_left_out_and_renumbered():
    items = narrative._items_as_printed([_item(1, "10", "10"), _item(2, "0.001", "0.001"),
                                         _item(3, "0.004", "5"), _item(4, "0", "7")])
    assert [(i.index, i.name) for i in items] == [(1, "项1"), (2, "项3"), (3, "项4")]
    # a budget printed as 0: no completion rate, as for a budget of 0
    assert (items[1].base_rate, items[1].base_compare) == (None, narrative.MORE)
    assert items[0].base_rate == D("100")
    assert narrative._prints(D("0.005")) and not narrative._prints(D("0.0049"))
    assert not narrative._prints(None) and not narrative._prints(D("0"))
