"""Issue 12 item 4 and issue 11 item 3 for 三公: the 三公 sentences complete.

Completion of the budget for the total and each part, each part's share of
the total, the change per part with its reason, the no-expenditure sentence
when all is 0, and the 全年预算数 column of the 三公经费 sheet as the base
of “完成…预算的X%” when the profile's ``[document] budget_base`` asks.

The unit (tests/factory.py): 行政运行 100.00 and 50.00 of 一般公共预算; the
三公 figures below (万元), worked out by hand:

=============  ======  ======  ======  ======
part           年初    全年    决算    上年
=============  ======  ======  ======  ======
出国           5       4       4       3
用车 购置      20      24      18      0
用车 运行      10      (10)    6       8
接待           2       —       1.5     1
合计           37      40      29.5    12
=============  ======  ======  ======  ======

Shares of 29.5: 4 → 13.56%, 24 → 81.36%, 1.5 → 5.08%.  Completion of 年初:
29.5 ÷ 37 = 79.73%, 4 ÷ 5 = 80%, 24 ÷ 30 = 80%, 1.5 ÷ 2 = 75%.  Of 全年
(用车运行 blank → its 年初 10; 接待 blank → no 全年 for that part):
29.5 ÷ 40 = 73.75%, 4 ÷ 4 = 100%, 24 ÷ 34 = 70.59%.
"""

from __future__ import annotations

import shutil
from decimal import Decimal as D

import openpyxl

from docx_support import docx_text, norm, render
from factory import MINIMAL_ECONOMIC, write_input
from reportgen.build import check
from reportgen.compute.tables import compute
from reportgen.core import schema
from reportgen.core.profile import project_root

G = schema.FUND_GENERAL
LINES = (
    {"code": "2080101", "fund": G, "income_fiscal": "100.00", "exp_basic": "100.00",
     "budget": "100.00"},
    {"code": "2080199", "fund": G, "income_fiscal": "50.00", "exp_project": "50.00",
     "budget": "50.00"},
)
SANGONG = {
    "abroad": {"budget": "5.00", "budget_full": "4.00", "actual": "4.00", "last_year": "3.00"},
    "car_purchase": {"budget": "20.00", "budget_full": "24.00", "actual": "18.00",
                     "last_year": "0"},
    "car_running": {"budget": "10.00", "actual": "6.00", "last_year": "8.00"},
    "reception": {"budget": "2.00", "actual": "1.50", "last_year": "1.00"},
}
TEXTS = {"reason_3gong": "按计划更新公务用车", "reason_abroad": "按计划开展对外交流",
         "reason_car": "更新一辆公务用车", "reason_reception": "接待任务增加",
         "reason_3gong_budget": "压减开支"}


def _profile(tmp_path, base):
    folder = tmp_path / "profile"
    shutil.copytree(project_root() / "templates" / "default", folder)
    toml = folder / "profile.toml"
    text = toml.read_text("utf-8").replace('budget_base = "年初预算"', f'budget_base = "{base}"')
    assert f'budget_base = "{base}"' in text
    toml.write_text(text, "utf-8")
    return str(folder)


def _src(tmp_path, sangong=SANGONG, texts=TEXTS):
    return write_input(tmp_path / "in.xlsx", lines=LINES, economic=MINIMAL_ECONOMIC,
                       sangong=sangong, texts=texts)


def _text(tmp_path, profile="default", **kw):
    """The document's 三公 section (情况说明 九), normalised."""
    out, _ = render(_src(tmp_path, **kw), tmp_path / "out.docx", profile)
    text = norm(docx_text(out))
    start = text.index(norm("九、财政拨款“三公”经费支出决算情况说明"))
    return text[start:text.index(norm("十、"), start)]


def _has(text: str, sentence: str) -> bool:
    return norm(sentence) in text


def _report(src):
    c = check(src)
    assert not c.result.errors, [f.message for f in c.result.errors]
    return compute(c.workbook, c.catalogues, c.evaluation)


def test_total_completion_and_budget_reason(tmp_path):
    text = _text(tmp_path)
    assert _has(text, "2022年度“三公”经费财政拨款年初预算数为37万元，支出决算为29.5万元，完成年初预算的79.7%；"
            "较上年增加17.5万元，增长145.8%。主要原因是按计划更新公务用车。"
            "支出决算数小于年初预算数的主要原因：压减开支。")


def test_each_part_completion_share_and_change_with_reason(tmp_path):
    text = _text(tmp_path)
    assert _has(text, "1.因公出国(境)费预算为5万元，支出决算为4万元，占“三公”经费支出决算的13.6%，"
            "完成年初预算的80%；较上年增加1万元，增长33.3%。主要原因是按计划开展对外交流。")
    assert _has(text, "2.公务用车购置及运行费预算为30万元，支出决算为24万元，占“三公”经费支出决算的81.4%，"
            "完成年初预算的80%；较上年增加16万元，增长200%。主要原因是更新一辆公务用车。")
    assert _has(text, "3.公务接待费预算为2万元，支出决算为1.5万元，占“三公”经费支出决算的5.1%，"
            "完成年初预算的75%；较上年增加0.5万元，增长50%。主要原因是接待任务增加。")


def test_report_figures(tmp_path):
    r = _report(_src(tmp_path))
    sg = r.sangong
    assert (sg.budget, sg.amount, sg.full_budget) == (37, 29.5, 40)
    assert round(sg.rate, 2) == D("79.73") and round(sg.full_rate, 2) == D("73.75")
    assert [round(getattr(sg, k).share, 2) for k in ("abroad", "car", "reception")] == \
        [D("13.56"), D("81.36"), D("5.08")]
    assert sg.car.full_budget == 34 and round(sg.car.full_rate, 2) == D("70.59")
    assert sg.reception.full_budget is None and sg.reception.full_rate is None
    assert not sg.none
    # 表9's 预算数 is the 全年预算数 (its note says so), a blank row counting its 年初
    assert r.t9.budget.total == 40 and r.t9.budget.car_running == 10
    assert r.t9.initial.total == 37 and r.t9.full.total == 40


def test_full_year_base(tmp_path):
    text = _text(tmp_path, _profile(tmp_path, "全年预算"))
    assert _has(text, "2022年度“三公”经费财政拨款年初预算数为37万元，全年预算数为40万元，支出决算为29.5万元，"
            "完成全年预算的73.8%；较上年增加17.5万元，增长145.8%。主要原因是按计划更新公务用车。"
            "支出决算数小于全年预算数的主要原因：压减开支。")
    # 4 of 4: equal, 100%
    assert _has(text, "1.因公出国(境)费年初预算为5万元，全年预算为4万元，支出决算为4万元，"
            "占“三公”经费支出决算的13.6%，完成全年预算的100%；")
    assert _has(text, "2.公务用车购置及运行费年初预算为30万元，全年预算为34万元，支出决算为24万元，"
            "占“三公”经费支出决算的81.4%，完成全年预算的70.6%；")
    # no 全年预算数 on the 接待 row: its 年初 stays the base
    assert _has(text, "3.公务接待费预算为2万元，支出决算为1.5万元，占“三公”经费支出决算的5.1%，"
            "完成年初预算的75%；")


def test_full_year_base_zero_keeps_the_one_wording(tmp_path):
    zero = {k: {**v, "budget_full": "0"} for k, v in SANGONG.items()}
    text = _text(tmp_path, _profile(tmp_path, "全年预算"), sangong=zero)
    assert _has(text, "2022年度“三公”经费财政拨款年初预算数为37万元，全年预算数为0万元，支出决算为29.5万元；"
            "较上年增加17.5万元，增长145.8%。主要原因是按计划更新公务用车。"
            "支出决算数大于全年预算数的主要原因：压减开支。")
    assert "完成全年预算" not in text
    assert _has(text, "1.因公出国(境)费年初预算为5万元，全年预算为0万元，支出决算为4万元，"
            "占“三公”经费支出决算的13.6%；较上年")


def test_initial_base_zero_keeps_the_one_wording(tmp_path):
    zero = {k: {c: v for c, v in cols.items() if c not in ("budget", "budget_full")}
            for k, cols in SANGONG.items()}
    text = _text(tmp_path, sangong=zero)
    assert _has(text, "2022年度“三公”经费财政拨款年初预算数为0万元，支出决算为29.5万元；较上年增加17.5万元，"
            "增长145.8%。主要原因是按计划更新公务用车。支出决算数大于年初预算数的主要原因：压减开支。")
    assert "完成年初预算" not in text


def test_one_part_spent_has_no_share(tmp_path):
    """Only 接待 spent (as in the reference): “占100%” would say nothing."""
    only = {"reception": {"budget": "2.00", "actual": "1.50", "last_year": "1.00"}}
    text = _text(tmp_path, sangong=only, texts={})
    assert _has(text, "1.因公出国(境)费支出决算为0万元。")
    assert _has(text, "3.公务接待费预算为2万元，支出决算为1.5万元，完成年初预算的75%；较上年增加0.5万元，"
            "增长50%。")
    assert "占“三公”经费支出决算" not in text


def test_all_zero_is_one_no_expenditure_sentence(tmp_path):
    zero = {k: {"budget": "0", "actual": "0", "last_year": "0"} for k in SANGONG}
    text = _text(tmp_path, sangong=zero, texts={})
    assert "2022年度测试局无“三公”经费财政拨款支出。" in text
    assert "年初预算数为0万元，支出决算为0万元" not in text
    assert "与上年持平" not in text
    assert "具体情况说明" not in text


def test_nothing_this_year_but_last_year_keeps_the_comparison(tmp_path):
    last = {"reception": {"budget": "0", "actual": "0", "last_year": "1.00"}}
    text = _text(tmp_path, sangong=last, texts={})
    assert "无“三公”经费财政拨款支出" not in text
    assert _has(text, "2022年度“三公”经费财政拨款年初预算数为0万元，支出决算为0万元；较上年减少1万元，"
            "下降100%。")


def test_old_sheet_with_budget_header_and_no_full_column(tmp_path):
    """A workbook written before 全年预算数: the column headed 预算数 is the
    年初预算数, the absent 全年预算数 is not reported, figures unchanged."""
    src = _src(tmp_path, sangong={k: {c: v for c, v in cols.items() if c != "budget_full"}
                                  for k, cols in SANGONG.items()})
    wb = openpyxl.load_workbook(src)
    ws = wb[schema.SANGONG.name]
    for c in range(ws.max_column, 0, -1):
        if ws.cell(1, c).value == "全年预算数":
            ws.delete_cols(c)
        elif ws.cell(1, c).value == "年初预算数":
            ws.cell(1, c).value = "预算数"
    wb.save(src)
    found = [f for f in check(src).result.findings if f.code in ("S102", "S103", "S116")]
    assert found == [], [f.message for f in found]
    r = _report(src)
    assert r.t9.budget.total == 37 and r.t9.full is None and r.sangong.full_budget is None
    assert round(r.sangong.rate, 2) == D("79.73")


# ------------------------------------------------------------ P506 for the budget reason
def _p506(tmp_path, typed, sangong=SANGONG):
    src = _src(tmp_path, sangong=sangong, texts={**TEXTS, "reason_3gong_budget": typed})
    return check(src).result.at("P506")


def test_a_budget_reason_that_says_the_opposite_is_a_warning(tmp_path):
    # 29.5 spent against 37 年初 and 40 全年: below both, yet the text says 追加
    found = _p506(tmp_path, "年中追加出访任务")
    assert [f.where.split("!")[0] for f in found] == ["文字说明"]
    assert "“追加”" in found[0].message and "小于全年预算数" in found[0].message


def test_a_budget_reason_with_the_right_direction_is_not(tmp_path):
    assert not _p506(tmp_path, "压减开支")


def test_a_budget_reason_is_not_judged_when_the_budgets_disagree(tmp_path):
    # 全年 28 (below 29.5 spent), 年初 37 (above): either direction may be meant
    low = {k: {**v, "budget_full": {"abroad": "2.00", "car_purchase": "14.00"}.get(k, v.get("budget_full"))}
           for k, v in SANGONG.items()}
    low["car_running"]["budget_full"] = "10.00"
    low["reception"]["budget_full"] = "2.00"
    assert not _p506(tmp_path, "年中追加出访任务", low)
    assert not _p506(tmp_path, "压减开支", low)
