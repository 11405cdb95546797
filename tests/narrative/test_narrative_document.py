"""The phrase rules as the clerk reads them: small synthetic workbooks rendered
through the default template, one case each (increase, decrease, equal,
last year zero, last year not given, initial budget zero, absent funds).

The unit: 行政运行 100.00 基本支出 and 其他人力资源和社会保障管理事务支出 50.00
项目支出, all 一般公共预算 (tests/factory.py), so this year's totals are 150.00.
"""

from __future__ import annotations

import pytest

from docx_support import docx_text, norm, render
from factory import MINIMAL_ECONOMIC, write_input
from reportgen.core import schema

G = schema.FUND_GENERAL
REASONS = {"reason_total": "甲原因", "reason_fiscal": "乙原因", "reason_general_exp": "丙原因",
           "reason_general_income": "丁原因", "reason_operation": "戊原因", "reason_3gong": "己原因",
           "reason_reception": "庚原因"}


def lines(budget_run="100.00", budget_other="50.00", reason_run="", reason_other=""):
    return (
        {"code": "2080101", "fund": G, "income_fiscal": "100.00", "exp_basic": "100.00",
         "budget": budget_run, "reason": reason_run},
        {"code": "2080199", "fund": G, "income_fiscal": "50.00", "exp_project": "50.00",
         "budget": budget_other, "reason": reason_other},
    )


def last_year(value):
    rows = ("total", "fiscal_total", "general_income", "general_exp")
    sup = {k: {"last_year": value} for k in rows}
    sup["operation"] = {"current": "10.00", "last_year": None if value is None else "10.00"}
    return sup


def doc(tmp_path, **kw) -> str:
    src = write_input(tmp_path / "in.xlsx", economic=MINIMAL_ECONOMIC, texts=REASONS, **kw)
    out, _ = render(src, tmp_path / "out.docx")
    return norm(docx_text(out))


def test_increase(tmp_path):
    text = doc(tmp_path, lines=lines(), supplement=last_year("120.00"),
               sangong={"reception": {"actual": "2.00", "last_year": "1.60"}})
    assert "与2021年度相比，收、支总计各增加30万元，增长25%，主要原因是甲原因。" in text
    assert "财政拨款收、支总计各增加30万元，增长25%。主要原因是乙原因。" in text
    assert "一般公共预算财政拨款收入150.00万元，比2021年度决算数增加30万元。增加主要原因是丁原因。" in text
    assert "一般公共预算财政拨款支出增加30万元，增长25%。主要原因是丙原因。" in text
    assert "支出决算为2万元；较上年增加0.4万元，增长25%。主要原因是己原因。" in text


def test_decrease(tmp_path):
    text = doc(tmp_path, lines=lines(), supplement=last_year("200.00"),
               sangong={"reception": {"actual": "1.00", "last_year": "4.00"}})
    assert "收、支总计各减少50万元，下降25%，主要原因是甲原因。" in text
    assert "比2021年度决算数减少50万元。减少主要原因是丁原因。" in text
    assert "一般公共预算财政拨款支出减少50万元，下降25%。" in text
    assert "3.公务接待费预算为0万元，支出决算为1万元；较上年减少3万元，下降75%。主要原因是庚原因。" in text


def test_equal_says_so_and_gives_no_reason(tmp_path):
    text = doc(tmp_path, lines=lines(), supplement=last_year("150.00"),
               sangong={"reception": {"actual": "1.00", "last_year": "1.00"}})
    assert "与2021年度相比，收、支总计均与上年持平。" in text
    assert "财政拨款收、支总计均与上年持平。" in text
    assert "一般公共预算财政拨款收入150.00万元，与2021年度决算数持平。" in text
    assert "一般公共预算财政拨款支出与上年持平。" in text
    assert "机关运行经费支出10万元，与2021年度持平。" in text
    assert "支出决算为1万元；与上年持平。" in text
    for reason in REASONS.values():
        assert reason not in text


@pytest.mark.slow
def test_last_year_zero_gives_the_increase_without_a_rate(tmp_path):
    text = doc(tmp_path, lines=lines(), supplement=last_year("0"),
               sangong={"reception": {"actual": "0.35", "last_year": "0"}})
    assert "与2021年度相比，收、支总计各增加150万元，主要原因是甲原因。" in text
    assert "一般公共预算财政拨款支出增加150万元。主要原因是丙原因。" in text
    assert "支出决算为0.35万元；较上年增加0.35万元。" in text
    assert "增长" not in text.split("第三部分")[1].split("十、")[0]


def test_last_year_not_given_leaves_the_comparison_out(tmp_path):
    text = doc(tmp_path, lines=lines(), supplement=last_year(None))
    assert "2022年度收、支总计150.00万元。图1" in text
    assert "与2021年度相比" not in text
    assert "比2021年度" not in text
    assert "甲原因" not in text


def test_initial_budget_zero_and_equal_budget(tmp_path):
    text = doc(tmp_path, lines=lines(budget_run="0", budget_other="50.00",
                                     reason_run="年中追加", reason_other="不应出现"))
    # budget 0: no percentage, the reason in the list's one wording
    assert ("行政运行（项）。年初预算为0万元，支出决算为100万元，支出决算数大于年初预算数的主要原因："
            "年中追加。") in text
    # budget equal to actual: 100%, and no reason clause even though one was typed
    assert ("其他人力资源和社会保障管理事务支出（项）。年初预算为50万元，支出决算为50万元，完成年初预算的100%。"
            in text)
    assert "不应出现" not in text


def test_absent_funds(tmp_path):
    text = doc(tmp_path, lines=lines())
    assert "2022年度测试局无政府性基金预算财政拨款收入支出。" in text
    assert "2022年度测试局无国有资本经营预算财政拨款支出。" in text
    assert "2022年度测试局无政府采购支出。" in text
    # no 三公 at all: one sentence, as for the funds (issue 12 item 4)
    assert "2022年度测试局无“三公”经费财政拨款支出。" in text
    assert "支出决算为0万元" not in text


def test_assets_counts_are_worded_by_the_template(tmp_path):
    """国有资产: the phrases live in document.docx; a count says how many,
    a blank or 0 says “无…”."""
    text = doc(tmp_path, lines=lines(), supplement={"cars": {"current": 3},
                                                    "special_equipment": {"current": 2}})
    assert ("截至2022年12月31日，测试局共有公务用车3辆，无其他用车；"
            "无单价50万元（含）以上通用设备，单价100万元（含）以上专用设备2台（套）。") in text
