"""S131–S133 (bug 21): template syntax, placeholders and doubled punctuation
typed in the clerk's texts are found at their cell before anything is rendered."""

from __future__ import annotations

import pytest

from reportgen.core import schema

from validate.helpers import Book, valid_book, where

TEXTS, F, PROJECTS = schema.TEXTS.name, schema.FUNCTIONAL.name, schema.PROJECTS.name


def _text(key: str, value: str):
    def change(b: Book):
        b.texts[key] = value
        return TEXTS, b.ref(TEXTS, key)
    return change


def _project_effect(value: str):
    def change(b: Book):
        b.projects = [{"name": "维修经费", "amount": 21, "effect": value}]
        return PROJECTS, b.ref(PROJECTS, "effect", 0)
    return change


def _reason(value: str):
    def change(b: Book):
        b.functional[0]["reason"] = value
        return F, b.ref(F, "reason", 0)
    return change


def _unit(value: str):
    def change(b: Book):
        b.info["unit"] = value
        info = schema.UNIT_INFO.name
        return info, b.ref(info, "unit")
    return change


TRIPS = [
    ("S131", _text("reason_total", "{{ total.amount }} {% if x %}注入{% endif %}")),
    ("S131", _text("composition", "本部门{# 注释 #}仅含本级。")),
    ("S132", _text("reason_total", "增加了XX路改造项目资金")),
    ("S132", _project_effect("改善了干部职工就餐环境（增加）")),
    ("S132", _text("functions", "负责××工作。")),
    ("S132", _text("reason_total", "增加了xx项目资金")),               # lower case
    ("S132", _text("reason_total", "增加了ＸＸ项目资金")),             # full width
    ("S132", _text("reason_total", "增加了***项目资金")),
    ("S132", _text("reason_total", "增加了＊＊项目资金")),
    ("S132", _project_effect("增加/减少了经费")),
    ("S132", _text("composition", "经费(增加)")),
    ("S132", _text("composition", "经费（增加/减少）")),
    ("S132", _text("composition", "经费【增长】")),
    ("S132", _text("composition", "经费( 减少 )")),
    ("S133", _text("reason_total", "增加了就业补助资金：：详见附表")),
    ("S133", _text("composition", "本部门决算由局机关本级组成。。")),
    ("S133", _reason("人员增加，，经费划转")),
    ("S133", _project_effect("完成了任务。 。提高了效率")),     # a space between
    ("S133", _project_effect("完成了任务,,提高了效率")),        # ASCII commas
    ("S133", _project_effect("完成了任务..提高了效率")),
    ("S133", _project_effect("完成了任务！。提高了效率")),
]


@pytest.mark.parametrize("code,change", TRIPS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(TRIPS)])
def test_trips(tmp_path, code, change):
    b = valid_book()
    expected = change(b)
    res = b.validate(tmp_path)
    assert expected in where(res, code), [f"{f.code} {f.where} {f.message}" for f in res.findings]
    assert all(f.severity == "错误" for f in res.at(code))


NEAR_MISSES = [
    _text("reason_total", "主要原因：：人员增加；"),          # a reason's lead-in is dropped
    _text("reason_total", " ：主要是由于人员增加。。"),
    _reason("主要是：人员减少，经费划转。"),
    _text("composition", "本部门仅含本级（一）增加了XXL号工作服。"),   # XXL, （一）
    _text("functions", "1.负责全区人力资源管理。\n2.负责就业服务……"),
    _project_effect("确保了各项工作顺利完成。"),
    _text("reason_total", "人员增加!。"),                  # a reason's end is dropped
    _project_effect("完成了招聘、培训等..."),               # an ASCII ellipsis
    _project_effect("完成投资1,234.56万元。"),
    _text("composition", "本部门含XXI世纪研究所、xxl工作室和某项目办公室。"),   # inside words; one 某
    _text("reason_total", "人员增加、减少相抵，增长率（%）见表2*3。"),   # no slash, no word in brackets, one *
    _text("functions", "负责Ｘ光机的管理。"),
]


@pytest.mark.parametrize("change", NEAR_MISSES, ids=[str(i) for i in range(len(NEAR_MISSES))])
def test_near_misses(tmp_path, change):
    b = valid_book()
    change(b)
    res = b.validate(tmp_path)
    found = [f"{f.code} {f.where} {f.message}" for f in res.findings if f.code in ("S131", "S132", "S133")]
    assert not found, found


@pytest.mark.parametrize("typed", ["人员增加!", "人员增加！", "人员增加?", "人员增加？。", "人员增加!。"])
def test_a_reasons_final_exclamation_or_question_mark_is_dropped(typed):
    # the sentence ends “主要原因是…。” itself: never “人员增加!。”
    from reportgen.core.text import reason_clause, sentence_text
    assert reason_clause(typed) == "人员增加"
    assert sentence_text(typed) == "人员增加"


# the self-check of the rendered outputs (D802) finds the same placeholders
@pytest.mark.parametrize("text, found", [
    ("主要原因是增加了某某项目资金。", None), ("增加了xx项目资金", "xx"), ("增加了ＸＸ项目资金", "ＸＸ"),
    ("增加了***项目资金", "***"), ("主要成效是增加/减少了经费。", "增加/减少"),
    ("经费(增加)", "(增加)"), ("经费【增长】", "【增长】"), ("经费（增加/减少）", "（增加/减少）"),
    ("本部门含XXI世纪研究所和某项目办公室。", None), ("增长率（%）为2*3。", None)])
def test_the_document_check_finds_the_same_placeholders(text, found):
    from reportgen.render.selfcheck import scan_text
    hits = scan_text(text, "Word 文档", "情况说明")
    assert [f.code for f in hits] == (["D802"] if found else [])
    if found:
        assert found in hits[0].message
