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


TRIPS = [
    ("S131", _text("reason_total", "{{ total.amount }} {% if x %}注入{% endif %}")),
    ("S131", _text("composition", "本部门{# 注释 #}仅含本级。")),
    ("S132", _text("reason_total", "增加了XX路改造项目资金")),
    ("S132", _project_effect("改善了干部职工就餐环境（增加）")),
    ("S132", _text("functions", "负责××工作。")),
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
