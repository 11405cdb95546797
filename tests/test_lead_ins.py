"""A clerk's text that starts (or ends) with the words the document's sentence
already says around it: the words are said once, per field
(``core/catalogues/lead_ins.tsv``), and the self-check D803 refuses any
lead-in or character said twice."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from reportgen.compose.narrative import _indicator_item
from reportgen.core.text import field_clause
from reportgen.render.selfcheck import scan_text


@pytest.mark.parametrize("field,typed,said", [
    # 项目支出 主要成效: “…，主要成效是{effect}。”, “主要产出和效益是{effect}。”
    ("effect", "主要成效是确保了机关各业务科室事业任务的顺利完成", "确保了机关各业务科室事业任务的顺利完成"),
    ("effect", "成效：完成了就业目标。", "完成了就业目标"),
    ("effect", "主要产出和效益是：完成了就业目标；", "完成了就业目标"),
    # 支出功能分类 主要用于: “主要用于{uses}。”
    ("uses", "主要用于人员经费支出。", "人员经费支出"),
    ("uses", "用途：用于人员经费支出", "人员经费支出"),
    # 接待明细 用途说明: “主要用于{purpose}的接待工作”
    ("purpose", "主要用于吉林省人社厅来我局调研", "吉林省人社厅来我局调研"),
    ("purpose", "用于省治欠办督导的接待工作", "省治欠办督导"),
    ("purpose", "省治欠办督导接待工作。", "省治欠办督导"),
    # “发现的问题及原因：{problems}。”, “下一步改进措施：{measures}。”
    ("problems", "发现的问题及原因：预算执行偏慢。", "预算执行偏慢"),
    ("measures", "下一步改进措施：加快执行。", "加快执行"),
    # 文字说明 整体支出主要产出和效果: “主要产出和效果：{unit_output}。”
    ("unit_output", "主要产出和效果：各项工作顺利完成。", "各项工作顺利完成"),
    # 绩效指标 目标值/完成值 in “年初目标值为{target}”
    ("indicator", "为全区符合条件的灵活就业人员发放社会保险补贴。", "全区符合条件的灵活就业人员发放社会保险补贴"),
])
def test_the_lead_in_the_sentence_says_is_dropped_from_the_field(field, typed, said):
    assert field_clause(field, typed) == said


@pytest.mark.parametrize("field,typed", [
    ("effect", "成效显著，完成了就业目标"),          # a heading word without a colon is the text's own
    ("problems", "问题较多，执行偏慢"),
    ("purpose", "接待工作"),                        # nothing but the tail: kept, not emptied
    ("indicator", "≥95%"),
    ("uses", "人员经费支出"),
])
def test_words_that_are_not_the_sentences_lead_in_are_kept(field, typed):
    assert field_clause(field, typed) == typed


def test_the_indicator_sentence_drops_the_doubled_word_and_the_table_keeps_the_value():
    i = SimpleNamespace(level1="产出指标", level2="质量指标", name="就业援助",
                        target="为全区符合条件的人员发放补贴。", actual="为全区符合条件的人员发放补贴",
                        weight=Decimal(1), scored=Decimal(1), met=True)
    item = _indicator_item(i)
    assert (item.target, item.actual) == ("为全区符合条件的人员发放补贴",) * 2
    assert (item.target_said, item.actual_said) == ("全区符合条件的人员发放补贴",) * 2


@pytest.mark.parametrize("text", [
    "主要成效是主要成效是确保了任务完成", "主要产出和效益是主要成效是确保了任务完成",
    "主要产出和效益是成效：完成了目标", "主要用于主要用于吉林省人社厅来我局调研",
    "主要用于用于省治欠办督导", "督导的接待工作的接待工作1批次24人次",
    "发现的问题及原因：发现的问题及原因：预算执行偏慢", "下一步改进措施：下一步改进措施：加快执行",
    "主要产出和效果：主要产出和效果：各项工作顺利完成", "年初目标值为为全区符合条件的人员发放补贴",
    "这是是一项工作", "我局的的工作",
])
def test_the_self_check_refuses_a_lead_in_or_word_said_twice(text):
    assert "D803" in {f.code for f in scan_text(text, "Word 文档", "某节")}


@pytest.mark.parametrize("text", [
    "主要成效是成效显著", "资金用途：用于发放补贴", "认为为了完成任务", "情况较为为难",
    "实现目的的手段", "的的确确完成了", "是是非非", "但是是否完成", "主要用于吉林省人社厅来我局调研的接待工作1批次",
])
def test_the_self_check_leaves_words_chinese_does_double(text):
    assert not scan_text(text, "Word 文档", "某节")


@pytest.mark.slow
def test_lead_ins_typed_in_each_field_are_printed_once(tmp_path):
    from reportgen.build import Options, build

    from docx_support import docx_text
    from support import EXAMPLE
    from variants import variant

    def change(wb):
        wb["项目支出"]["C2"] = "主要成效是确保了机关各业务科室事业任务的顺利完成"
        wb["项目支出"]["C3"] = "成效：完成了就业目标。"
        wb["项目支出"]["E2"] = "发现的问题及原因：预算执行偏慢。"
        wb["项目支出"]["F2"] = "下一步改进措施：加快执行。"
        wb["接待明细"]["C2"] = "主要用于吉林省人社厅来我局调研"
        wb["文字说明"]["B17"] = "主要产出和效果：各项工作顺利完成。"
    built = build(variant(EXAMPLE, tmp_path / "v.xlsx", change), tmp_path / "out", Options())
    assert not built.refused, [f.message for f in built.checked.result.errors]
    text = docx_text(next(p for p in built.outputs if p.suffix == ".docx"))
    for said in ("主要成效是确保了机关各业务科室事业任务的顺利完成", "主要成效是完成了就业目标。",
                 "主要产出和效益是确保了机关", "发现的问题及原因：预算执行偏慢。下一步改进措施：加快执行。",
                 "主要用于吉林省人社厅来我局调研的接待工作", "主要产出和效果：各项工作顺利完成。",
                 "年初目标值为全区符合条件的灵活就业人员"):
        assert said in text
    assert "为为" not in text and "主要成效是主要成效是" not in text
