"""Kind 1 (lead-ins the sentence already says) and kind 2 (a reason whose
words contradict the figure): the handed case and further members."""

from __future__ import annotations

import re

import pytest

from reportgen.build import Options, build, check
from reportgen.read.values import reason_clause

from docx_support import docx_text
from support import EXAMPLE
from variants import case, variant

DOUBLED = re.compile(r"主要原因(是|为)?[：:]?\s*(主要|原因|由于|因为|是由于)|[：:]{2}|。。|，，|；；")


@pytest.mark.parametrize("typed", [
    "主要是人员增加。", "原因主要是人员增加", "主要由于人员增加", "主要系人员增加",
    "主要原因是：人员增加", "主要原因：：人员增加；", "主要原因为人员增加", "其主要原因是由于人员增加",
    "变动原因：人员增加。", " ：主要是由于人员增加。。", "主要因为人员增加"])
def test_any_lead_in_and_punctuation_is_absorbed_once(typed):
    assert reason_clause(typed) == "人员增加"


@pytest.mark.parametrize("typed", ["因公出国（境）团组减少", "系统运维费用增加", "主要用于人员经费",
                                   "由此产生的结余", "原材料涨价"])
def test_words_that_are_not_lead_ins_are_kept(typed):
    expected = {"由此产生的结余": "由此产生的结余"}.get(typed, typed)
    assert reason_clause(typed) == expected


def _doc(path, tmp_path):
    built = build(path, tmp_path / "out", Options())
    assert not built.refused, [f.message for f in built.checked.result.errors]
    return docx_text(next(p for p in built.outputs if p.suffix == ".docx"))


@pytest.mark.slow
def test_the_handed_case_says_each_lead_in_once(tmp_path):
    text = _doc(case("reason-lead-in-doubled"), tmp_path)
    assert not DOUBLED.search(text), DOUBLED.search(text).group(0)
    assert "主要原因是增加了就业补助资金" in text


@pytest.mark.slow
def test_other_lead_ins_typed_in_every_reason_cell(tmp_path):
    def change(wb):
        ws = wb["文字说明"]
        ws["B4"] = "主要由于增加了就业补助资金。"         # 收支总计变动原因
        ws["B5"] = "主要系增加了就业补助资金"             # 财政拨款收支总计
        ws["B6"] = "原因主要是：增加了就业补助资金；"      # 一般公共预算财政拨款支出
        ws["B7"] = "主要原因为厉行节约"                   # 三公经费
        ws["B8"] = "其主要原因是由于落实过“紧日子”要求，压减一般性支出。"
        wb["支出功能分类"]["R4"] = "主要是：人员减少，经费划转。"
    text = _doc(variant(EXAMPLE, tmp_path / "v.xlsx", change), tmp_path)
    assert not DOUBLED.search(text), DOUBLED.search(text).group(0)
    assert text.count("主要原因是增加了就业补助资金") >= 3
    assert "主要原因：人员减少，经费划转" in text
    assert "主要原因是落实过“紧日子”要求" in text


# ------------------------------------------------------------ kind 2
def test_the_example_has_no_contradicting_reason():
    assert not check(EXAMPLE).result.at("P506")


@pytest.mark.parametrize("cell,typed,word", [
    ("B4", "压减一般性支出", "压减"),            # 收支总计 rose
    ("B5", "财政拨款减少", "减少"),              # 财政拨款收支总计 rose
    ("B6", "项目支出下降", "下降"),              # 一般公共预算财政拨款支出 rose
    ("B8", "新增公务活动", "新增"),              # 机关运行经费 fell
    ("B8", "接待任务增长", "增长"),
    ("B7", "出访团组增加", "增加"),              # 三公经费 fell
])
def test_a_reason_that_says_the_opposite_is_a_warning_at_its_cell(cell, typed, word, tmp_path):
    def change(wb):
        wb["文字说明"][cell] = typed
    res = check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result
    p506 = res.at("P506")
    assert [f.where for f in p506] == [f"文字说明!{cell}"]
    assert p506[0].severity == "警告" and f"“{word}”" in p506[0].message
    assert ("增加" if word in ("压减", "减少", "下降") else "减少") in p506[0].message


@pytest.mark.parametrize("typed", ["人员增加，但压减了公用经费", "增加了就业补助资金", "厉行节约"])
def test_a_reason_with_the_right_or_no_direction_is_not(typed, tmp_path):
    def change(wb):
        wb["文字说明"]["B4"] = typed
    assert not check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result.at("P506")


def test_a_budget_reason_that_says_the_opposite(tmp_path):
    def change(wb):
        wb["支出功能分类"]["R4"] = "人员增加"   # 2080101: 决算 763.63 below 预算 815.66
    p506 = check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result.at("P506")
    assert [f.where for f in p506] == ["支出功能分类!R4"] and "小于年初预算数" in p506[0].message


@pytest.mark.parametrize("typed, clause", [
    ("原因分析：厉行节约", "厉行节约"),
    ("原因说明：人员增加。", "人员增加"),
    ("无", ""), ("无。", ""), ("/", ""), ("——", ""), ("暂无", ""),
    ("无锡市项目结算", "无锡市项目结算"),
])
def test_more_lead_ins_and_nothing_said(typed, clause):
    # “原因分析：” is a lead-in too; “无” or “/” says nothing: never “主要原因是无。”
    from reportgen.core.text import reason_clause
    assert reason_clause(typed) == clause
