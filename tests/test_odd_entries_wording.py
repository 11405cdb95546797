"""Odd but ordinary entries a new user tried (财政级次 outside the usual
levels, 公务接待 without 用途说明 or 批次, no 上年数, a 0 年初预算 with a
reason, an unrecognised 资金性质): the wording of 名词解释, 公务接待, the budget-difference list, the bar charts
without 上年数 and X401."""

from __future__ import annotations

import pytest

from docx_support import docx_text, norm
from factory import write_input
from reportgen.compose import narrative
from reportgen.core import schema
from reportgen.core.catalogue import finance_level_variants, finance_levels
from reportgen.core.profile import DEFAULT_PROFILE, load_profile
from reportgen.render.docx import render_document

from issue12.test_profile_settings import computed

# ------------------------------------------------------------ bug 9: 财政级次
def test_finance_levels_are_a_list_with_their_departments_word():
    levels = finance_levels()
    assert levels["区级"] == "区直部门" and levels["市级"] == "市直部门"
    assert levels["中央级"] == "中央部门"          # not “中央直部门”
    assert levels["乡镇级"] == ""                  # no “乡镇直部门”
    assert "市本级" not in levels and "本级" not in levels
    item = schema.UNIT_INFO.item("finance_level")
    assert item.kind == schema.CHOICE and item.choices == tuple(levels)


def test_finance_level_variants_take_their_levels_word_and_stay_off_the_list():
    levels, variants = finance_levels(), finance_level_variants()
    assert variants["市本级"] == "市直部门" and variants["区本级"] == "区直部门"
    assert not set(variants) & set(levels)
    # not said in the list: which level's departments “区（县）级” means is not clear
    assert "区（县）级" not in variants and "县（市、区）级" not in variants
    item = schema.UNIT_INFO.item("finance_level")
    assert item.variants == tuple(variants) and item.open_list
    from reportgen.core.catalogue import _bundled
    for r in _bundled("finance_levels.tsv"):
        if r.get("variant_of"):
            assert levels[r["variant_of"]] == r["departments"], r


@pytest.mark.parametrize("typed, word", [("区级", "区直部门"), ("中央级", "中央部门"),
                                         ("乡镇级", ""), (None, ""), ("市本级", "市直部门"),
                                         ("区（县）级", ""), ("县（市、区）级", "")])
def test_glossary_departments_word(tmp_path, typed, word):
    src = write_input(tmp_path / "in.xlsx", info={"finance_level": typed})
    report, ev = computed(src)
    g = narrative.build_context(report, ev).glossary
    assert g.departments == word
    assert g.level == (typed or "本级")


def test_default_template_names_the_departments_word():
    from docx import Document
    text = "\n".join(p.text for p in Document(
        str(load_profile(DEFAULT_PROFILE).folder / "document.docx")).paragraphs)
    assert "{{ glossary.departments }}用财政拨款安排的" in text
    assert "直部门" not in text


@pytest.mark.slow
def test_blank_finance_level_sentence_has_no_ben_zhi_bumen(tmp_path):
    profile = load_profile(DEFAULT_PROFILE)
    texts = {}
    for typed in (None, "乡镇级", "中央级", "市本级", "区（县）级"):
        src = write_input(tmp_path / f"{typed}.xlsx", info={"finance_level": typed})
        report, ev = computed(src)
        out = tmp_path / f"{typed}.docx"
        render_document(report, ev, profile, out)
        texts[typed] = norm(docx_text(out))
    assert "纳入本级财政预决算管理的“三公”经费，是指用财政拨款安排的" in texts[None]
    assert "本直部门" not in texts[None]
    assert "纳入乡镇级财政预决算管理的“三公”经费，是指用财政拨款安排的" in texts["乡镇级"]
    assert "纳入中央级财政预决算管理的“三公”经费，是指中央部门用财政拨款安排的" in texts["中央级"]
    # a variant of a listed level takes its word; a level the list does not know none
    assert "纳入市本级财政预决算管理的“三公”经费，是指市直部门用财政拨款安排的" in texts["市本级"]
    assert "纳入区（县）级财政预决算管理的“三公”经费，是指用财政拨款安排的" in texts["区（县）级"]


# ------------------------------------------------------------ bug 17: 公务接待 sentence
def _with_receptions(path, rows):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(schema.RECEPTION.name)
    ws.append([c.header for c in schema.RECEPTION.columns])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


RECEPTIONS = [["外省市交流接待", 0.25, None, 1, 17, None],        # no 用途说明
              ["省内接待活动", 0.5, "兄弟区县交流", 3, 20, 4],       # as the reference
              ["外事接待", 0.25, None, 0, None, 2],                 # counts 0 / blank
              ["其他接待", 0.5, "调研", None, None, None]]


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["default", "shanghai-2024"])
def test_reception_sentence_without_purpose_or_counts(tmp_path, profile):
    from docx_support import render
    sangong = {"reception": {"budget": "2.00", "actual": "1.50", "last_year": "1.00"}}
    src = _with_receptions(write_input(tmp_path / "in.xlsx", sangong=sangong), RECEPTIONS)
    out, _ = render(src, tmp_path / "out.docx", profile)
    text = norm(docx_text(out))
    if profile == "default":
        assert "外省市交流接待0.25万元，接待1批次17人次；" in text
        assert "省内接待活动0.5万元，主要用于兄弟区县交流的接待工作3批次20人次（其中：陪同4人次）；" in text
        assert "外事接待0.25万元；" in text
        assert "及其他接待0.5万元，主要用于调研的接待工作。" in text
    else:
        assert "外省市交流接待0.25万元，接待1批次、17人次；" in text
        assert "省内接待活动0.50万元，主要用于兄弟区县交流，接待3批次、20人次；" in text
        assert "外事接待0.25万元；" in text
        assert "其他接待0.50万元，主要用于调研。" in text
    assert "万元1批次" not in text and "0批次" not in text and "陪同2人次" not in text


# ------------------------------------------------------------ bug 20: one wording for the list
@pytest.mark.slow
def test_zero_budget_reason_in_the_lists_wording(tmp_path):
    from docx_support import render
    g = schema.FUND_GENERAL
    lines = ({"code": "2080101", "fund": g, "income_fiscal": "100.00", "exp_basic": "100.00",
              "budget": "0", "reason": "年中追加"},
             {"code": "2080199", "fund": g, "income_fiscal": "50.00", "exp_project": "50.00",
              "budget": "60.00", "reason": "项目调减"})
    out, _ = render(write_input(tmp_path / "in.xlsx", lines=lines), tmp_path / "out.docx")
    text = norm(docx_text(out))
    assert ("年初预算为0万元，支出决算为100万元，支出决算数大于年初预算数的主要原因：年中追加。"
            in text)
    assert "支出决算数小于年初预算数的主要原因：项目调减。" in text
    assert "，决算数大于预算数" not in text


# ------------------------------------------------------------ bug 18: charts without 上年数
def test_year_groups_without_last_year_keep_only_this_year():
    from decimal import Decimal as D
    from reportgen.render.charts import year_groups
    years = ("2021年度", "2022年度")
    assert year_groups(years, None, D("5"), D("4")) == (["2022年度"], [[D("5")], [D("4")]])
    assert year_groups(years, D("3"), D("5"), D("4")) == (
        ["2021年度", "2022年度"], [[D("3"), D("5")], [D("3"), D("4")]])
    assert year_groups(years, D("0"), D("5"))[0] == ["2021年度", "2022年度"]   # 0 is a figure


@pytest.mark.parametrize("last", [None, "8925.75"])
def test_bar_charts_draw_no_empty_last_year_group(tmp_path, monkeypatch, last):
    from decimal import Decimal as D
    from reportgen.render import charts
    drawn = {}

    def bar(path, title, categories, series, **kw):
        drawn[path.name] = (list(categories), [list(v) for _, v in series])
        return path
    monkeypatch.setattr(charts, "bar_change", bar)
    monkeypatch.setattr(charts, "pie", lambda path, *a, **kw: path)
    lst = None if last is None else D(last)
    ctx = {"year": 2022, "last_year": 2021,
           "total": {"change": {"last": lst}, "amount": D("13258.64"), "expense_amount": D("13258.64")},
           "fiscal": {"change": {"last": lst}, "amount": D("12000"), "expense_amount": D("11000")},
           "income": {"sources": []}, "expense": {"parts": []}}
    charts.draw_all(ctx, tmp_path)
    for name in ("fig1.png", "fig4.png"):
        groups, values = drawn[name]
        if last is None:
            assert groups == ["2022年度"] and all(len(v) == 1 and v[0] is not None for v in values)
        else:
            assert groups == ["2021年度", "2022年度"] and values[0][0] == D(last)
