"""Kind 8, every figure: each amount and percentage of every sentence of
the produced document is checked against the figure its words announce
(D805) and against the report's figures as the filters print them (D806).
Planted in a copied template (swapped fields, wrong rounding) and in
typed text; the build refuses, naming the section and the text."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from reportgen.build import Options, build
from reportgen.compose.provenance import Figure
from reportgen.render.selfcheck import FigureCheck

from docx_support import edit_runs
from support import EXAMPLE, ROOT

D = Decimal


def _edited(tmp_path, *edits, add=None):
    """A copy of the default profile whose document.docx has each (old, new)
    of ``edits`` replaced in the run holding it, and ``add`` appended."""
    prof = tmp_path / "profile"
    shutil.copytree(ROOT / "templates" / "default", prof)
    edit_runs(prof / "document.docx", edits, add)
    return prof


def _refused(tmp_path, prof, code, section, src=EXAMPLE):
    out = tmp_path / "out"
    built = build(src, out, Options(profile=str(prof)))
    assert built.refused
    hits = built.checked.result.at(code)
    assert hits and all(f.severity == "错误" for f in hits), built.checked.result.codes()
    assert any(section in f.message for f in hits), [f.message for f in hits]
    assert not list(out.rglob("*.docx")) and not list(out.rglob("*.xlsx"))
    return hits


GENERAL = "五、一般公共预算财政拨款支出决算情况说明"


# ------------------------------------------------ a template edit that swaps two fields
@pytest.mark.slow
def test_swapped_budget_and_spending_are_refused(tmp_path):
    prof = _edited(tmp_path, (
        "为{{ general.budget|plain }}万元，支出决算为{{ general.amount|money }}万元",
        "为{{ general.amount|money }}万元，支出决算为{{ general.budget|plain }}万元"))
    hits = _refused(tmp_path, prof, "D805", GENERAL)
    assert "13,258.64万元" in hits[0].message and "3897.1" in hits[0].message


@pytest.mark.slow
def test_total_swapped_with_its_change_is_refused(tmp_path):
    prof = _edited(tmp_path, ("收、支总计{{ total.amount|money }}万元",
                              "收、支总计{{ total.change.diff|money }}万元"))
    hits = _refused(tmp_path, prof, "D805", "一、收入支出决算总体情况说明")
    assert "4,332.89万元" in hits[0].message and "表1 总计 13,258.64万元" in hits[0].message


@pytest.mark.slow
def test_share_swapped_with_the_completion_rate_is_refused(tmp_path):
    prof = _edited(tmp_path, ("占本年支出合计的{{ general.share|rate }}",
                              "占本年支出合计的{{ general.budget_rate|rate }}"))
    hits = _refused(tmp_path, prof, "D805", GENERAL)
    assert "340.2%" in hits[0].message


@pytest.mark.slow
def test_basic_and_project_spending_swapped_are_refused(tmp_path):
    prof = _edited(tmp_path, (
        "基本支出{{ general.basic|plain }}万元，项目支出{{ general.project|plain }}万元",
        "基本支出{{ general.project|plain }}万元，项目支出{{ general.basic|plain }}万元"))
    _refused(tmp_path, prof, "D805", GENERAL)


# ------------------------------------------------ a sentence whose figure disagrees with its table
@pytest.mark.parametrize("sentence,stated", [
    ("{{ year }}年度一般公共预算财政拨款支出13,258.64万元，占本年支出合计的87.3%。", "87.3%"),
    ("其中：基本支出1,350.32万元，占本年支出12.5%。", "12.5%"),
    ("与上年相比，收、支总计各增加4332.89万元，增长50.1%。", "50.1%"),
    ("其中：项目支出11,900.00万元。", "11,900.00万元"),
])
@pytest.mark.slow   # further members of the kind: CI runs them
def test_typed_figure_that_disagrees_is_refused(sentence, stated, tmp_path):
    prof = _edited(tmp_path, add=sentence)
    hits = _refused(tmp_path, prof, "D805", "第六部分 附件")
    assert stated in hits[0].message


# ------------------------------------------------ a figure formatted with the wrong rounding
@pytest.mark.parametrize("old,new,stated", [
    ("占本年支出{{ p.share|rate }}", "占本年支出{{ p.share }}%", "10.184"),
    ("基本支出{{ general.basic|plain }}万元", "基本支出{{ general.basic|round(1) }}万元",
     "1350.3万元"),
    ("支出决算为{{ general.amount|money }}万元", '支出决算为{{ "%.0f"|format(general.amount) }}万元',
     "13259万元"),
])
@pytest.mark.slow   # further members of the kind: CI runs them
def test_wrong_rounding_in_a_copied_template_is_refused(old, new, stated, tmp_path):
    prof = _edited(tmp_path, (old, new))
    hits = _refused(tmp_path, prof, "D806", "第三部分")
    assert stated in hits[0].message


@pytest.mark.slow
def test_typed_figure_that_is_no_figure_of_the_report_is_refused(tmp_path):
    prof = _edited(tmp_path, add="本年度另有专项资金123.45万元。")
    hits = _refused(tmp_path, prof, "D806", "第六部分 附件")
    assert "123.45万元" in hits[0].message


# ------------------------------------------------ the check itself, without a build
FIGS = [
    Figure("total.amount", "收入总计", "万元", D("13258.64"), cell="表1 总计"),
    Figure("total.change.diff", "增减额", "万元", D("4332.89")),
    Figure("total.change.rate", "增减率", "%", D("48.5437")),
    Figure("expense.parts[0].amount", "金额", "万元", D("1350.32"), owner="基本支出"),
    Figure("expense.parts[0].share", "占比", "%", D("10.1844"), owner="基本支出"),
]


@pytest.mark.parametrize("text", [
    "2022年度收、支总计13,258.64万元。与2021年度相比，收、支总计各增加4332.89万元，增长48.5%。",
    "其中：基本支出1,350.32万元，占本年支出10.2%。",
    "主要原因是新增项目50.5万元，增长12%。",          # the clerk's own text
    "无单价50万元(含)以上通用设备。",                   # a threshold of the wording
])
def test_clean_paragraphs_pass(text):
    assert not FigureCheck(FIGS, {"表1 总计": D("13258.64")}).paragraph(
        text, "某节", ["新增项目50.5万元，增长12%"])


@pytest.mark.parametrize("text,code", [
    ("2022年度收、支总计4,332.89万元。", "D805"),
    ("收、支总计各增加4332.89万元，增长10.2%。", "D805"),
    ("其中：基本支出1,350.32万元，占本年支出48.5%。", "D805"),
    ("其中：基本支出1,350.3万元。", "D806"),
    ("收、支总计13,258.64万元，增长48.54%。", "D806"),
])
def test_planted_paragraphs_are_found(text, code):
    hits = FigureCheck(FIGS, {}).paragraph(text, "某节")
    assert [h.code for h in hits] == [code]
    assert hits[0].values["section"] == "某节"


def test_a_figure_that_disagrees_with_its_published_cell_is_found():
    hits = FigureCheck(FIGS, {"表1 总计": D("13258.65")}).paragraph(
        "2022年度收、支总计13,258.64万元。", "某节")
    assert [h.code for h in hits] == ["D805"] and "表1 总计 13,258.65" in hits[0].message
