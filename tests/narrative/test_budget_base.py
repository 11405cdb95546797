"""Issue 11 item 3: 全年预算 beside 年初预算, and the profile's choice of the
base of “完成…预算的X%” ([document] budget_base).

The unit (tests/factory.py): 行政运行 100.00 基本支出, 其他人力资源和社会保障
管理事务支出 50.00 项目支出, all 一般公共预算.
"""

from __future__ import annotations

import shutil

import pytest

from docx_support import docx_text, norm, render
from factory import MINIMAL_ECONOMIC, write_input
from reportgen.core import schema
from reportgen.core.errors import TemplateError
from reportgen.core.profile import project_root

G = schema.FUND_GENERAL


def _lines(full_run="125.00", full_other="50.00"):
    return (
        {"code": "2080101", "fund": G, "income_fiscal": "100.00", "exp_basic": "100.00",
         "budget": "80.00", "budget_full": full_run, "reason": "年中追加"},
        {"code": "2080199", "fund": G, "income_fiscal": "50.00", "exp_project": "50.00",
         "budget": "40.00", "budget_full": full_other, "reason": "项目调整"},
    )


def _profile(tmp_path, base):
    folder = tmp_path / "profile"
    shutil.copytree(project_root() / "templates" / "default", folder)
    toml = folder / "profile.toml"
    text = toml.read_text("utf-8").replace('budget_base = "年初预算"', f'budget_base = "{base}"')
    toml.write_text(text, "utf-8")
    return str(folder)


def _doc(tmp_path, lines, profile="default"):
    src = write_input(tmp_path / "in.xlsx", lines=lines, economic=MINIMAL_ECONOMIC)
    out, _ = render(src, tmp_path / "out.docx", profile)
    return norm(docx_text(out))


def test_default_base_is_the_initial_budget(tmp_path):
    text = _doc(tmp_path, _lines())
    # 100 of 80: 125%; the 全年预算 entered is not used by the default profile
    assert ("行政运行（项）。年初预算为80万元，支出决算为100万元，完成年初预算的125%，"
            "支出决算数大于年初预算数的主要原因：年中追加。") in text
    assert "全年预算为" not in text and "完成全年预算" not in text
    assert "一般公共预算财政拨款支出年初预算为120万元，支出决算为150.00万元，完成年初预算的125%。" in text


def test_full_year_base_and_its_wording(tmp_path):
    text = _doc(tmp_path, _lines(), _profile(tmp_path, "全年预算"))
    # 100 of 125: 80%, 小于; 50 of 50: 100%, no reason clause
    assert ("行政运行（项）。年初预算为80万元，全年预算为125万元，支出决算为100万元，"
            "完成全年预算的80%，支出决算数小于全年预算数的主要原因：年中追加。") in text
    assert ("其他人力资源和社会保障管理事务支出（项）。年初预算为40万元，全年预算为50万元，"
            "支出决算为50万元，完成全年预算的100%。") in text
    assert "一般公共预算财政拨款支出全年预算为175万元，支出决算为150.00万元，完成全年预算的85.7%。" in text


def test_full_year_base_zero_keeps_the_one_wording(tmp_path):
    text = _doc(tmp_path, _lines(full_run="0"), _profile(tmp_path, "全年预算"))
    assert ("行政运行（项）。年初预算为80万元，全年预算为0万元，支出决算为100万元，"
            "支出决算数大于全年预算数的主要原因：年中追加。") in text
    assert "完成全年预算的" in text          # the other 项 still has its rate
    assert "行政运行（项）。年初预算为80万元，全年预算为0万元，支出决算为100万元，完成" not in text


def test_full_year_base_falls_back_where_not_entered(tmp_path):
    text = _doc(tmp_path, _lines(full_run=None), _profile(tmp_path, "全年预算"))
    assert ("行政运行（项）。年初预算为80万元，支出决算为100万元，完成年初预算的125%，"
            "支出决算数大于年初预算数的主要原因：年中追加。") in text
    assert "完成全年预算的100%" in text


def test_unknown_base_is_a_template_error(tmp_path):
    with pytest.raises(TemplateError, match="budget_base"):
        _doc(tmp_path, _lines(), _profile(tmp_path, "调整预算"))


# ------------------------------------------------ item 4: budgets on every fund
F = schema.FUND_GOV


def _gov_lines(budget="30.00", full=None, reason="彩票公益金收入增加"):
    gov = {"code": "2080102", "fund": F, "income_fiscal": "40.00", "exp_project": "40.00",
           "budget": budget, "budget_full": full, "reason": reason}
    return (*_lines(), gov)


def test_gov_fund_line_with_a_budget_gets_its_item(tmp_path):
    text = _doc(tmp_path, _gov_lines())
    assert "政府性基金预算财政拨款支出决算具体情况如下：" in text
    # 40 of 30: 133.3%, numbered from 1 within the fund
    after = text.split("政府性基金预算财政拨款支出决算具体情况如下：")[1]
    assert after.startswith("1.") and "人力资源和社会保障管理事务（款）一般行政管理事务（项）" in after.split("。")[0]
    assert ("（项）。年初预算为30万元，支出决算为40万元，完成年初预算的133.3%，"
            "支出决算数大于年初预算数的主要原因：彩票公益金收入增加。") in text


@pytest.mark.slow
def test_gov_fund_item_on_the_full_year_base(tmp_path):
    text = _doc(tmp_path, _gov_lines(full="40.00"), _profile(tmp_path, "全年预算"))
    assert "（项）。年初预算为30万元，全年预算为40万元，支出决算为40万元，完成全年预算的100%。" in text


def test_gov_fund_without_budgets_keeps_the_old_narrative(tmp_path):
    text = _doc(tmp_path, _gov_lines(budget=None, reason=None))
    assert "政府性基金预算财政拨款支出决算具体情况如下" not in text
    assert "政府性基金预算财政拨款" in text


@pytest.mark.slow
def test_more_and_less_are_the_profile_words(tmp_path):
    # issue 10 item 6: 大于/小于 are [words] more/less of profile.toml
    folder = tmp_path / "worded"
    shutil.copytree(project_root() / "templates" / "default", folder)
    toml = folder / "profile.toml"
    toml.write_text(toml.read_text("utf-8").replace('more = "大于"', 'more = "高于"', 1), "utf-8")
    text = _doc(tmp_path, _lines(), str(folder))
    assert ("完成年初预算的125%，支出决算数高于年初预算数的主要原因：年中追加。") in text


def test_compute_holds_the_sums_and_rates_on_both_bases(tmp_path):
    """五（三）'s budget and completion rate, and 五's shares, are compute's
    figures (compose only picks the base): 120 年初 / 175 全年 against 150."""
    from decimal import Decimal as D

    from reportgen.build import check
    from reportgen.compute.tables import compute
    checked = check(write_input(tmp_path / "in.xlsx", lines=_lines(), economic=MINIMAL_ECONOMIC))
    r = compute(checked.workbook, checked.catalogues, checked.evaluation)
    assert (r.items_budget, r.items_full_budget) == (D("120.00"), D("175.00"))
    assert r.items_rate == D(150) * 100 / D(120) and r.items_full_rate == D(150) * 100 / D(175)
    assert r.general_share == 100       # all of 本年支出 is 一般公共预算
    assert [(s.key, s.amount, s.share) for s in r.general_classes] == [("208", D("150.00"), 100)]
