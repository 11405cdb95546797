"""Issue 10 item 6: the words the program puts into the sentences of
情况说明 (增加/减少, 增长/下降, 持平, the joints of a list) are the profile's
``[words]``, so a clerk rewords them in profile.toml; a profile leaving a key
out takes the default profile's.

Workbook from tests/factory.py: 一般公共预算 100.00 基本支出 and 50.00 项目支出."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from docx_support import docx_text, norm
from factory import write_input
from reportgen.compose import narrative
from reportgen.core.errors import TemplateError
from reportgen.core.profile import DEFAULT_PROFILE, FormatSpec, default_words, load_profile
from reportgen.render.docx import render_document

from issue12.test_profile_settings import computed, region, render_text


def test_default_words_are_the_reference_words():
    w = load_profile(DEFAULT_PROFILE).format.words
    assert w == default_words()
    assert (w.increase, w.decrease, w.rise, w.fall, w.same) == ("增加", "减少", "增长", "下降", "持平")
    assert (w.rate_sep, w.list_sep, w.list_and) == ("，", "、", "和")


def test_shanghai_inherits_the_default_words():
    assert load_profile("shanghai-2024").format.words == default_words()


def test_reworded_profile_changes_filters_and_context(tmp_path):
    folder = region(tmp_path, ('increase = "增加"', 'increase = "增多"'),
                    ('rise = "增长"', 'rise = "上升"'), ('list_and = "和"', 'list_and = "及"'))
    profile = load_profile(str(folder))
    w = profile.format.words
    assert (w.increase, w.rise, w.list_and, w.decrease) == ("增多", "上升", "及", "减少")
    style = FormatSpec(words=w)
    c = narrative.change(D("13258.64"), D("8925.75"))
    assert render_text(style, "{{ c|change }}", c=c) == "增多4332.89万元，上升48.5%"
    assert render_text(style, "{{ c|change }}", c=narrative.change(D("9"), D("8"))) == "增多1万元，上升12.5%"
    assert render_text(style, "{{ l|join_cn }}", l=["甲", "乙", "丙"]) == "甲、乙及丙"
    assert narrative.reworded(c, w).word == "增多"
    # the default's, untouched
    assert render_text(FormatSpec(), "{{ c|change }}", c=c) == "增加4332.89万元，增长48.5%"


@pytest.mark.slow
def test_reworded_profile_in_the_document(tmp_path):
    marks = {"增加": "〔增〕", "减少": "〔减〕", "持平": "〔平〕"}
    edits = {"增加": "increase", "减少": "decrease", "持平": "same"}
    folder = region(tmp_path, *((f'{edits[k]} = "{k}"', f'{edits[k]} = "{v}"')
                                for k, v in marks.items()))
    # 总计 up on last year (100 -> 150): “各增加50万元，增长50%” by |change
    # (机关运行经费 the same: that 持平 is the template's own sentence)
    src = write_input(tmp_path / "in.xlsx", supplement={
        "total": {"last_year": "100.00"}, "operation": {"current": "10.00", "last_year": "10.00"}})
    report, ev = computed(src)
    out, out2 = tmp_path / "out.docx", tmp_path / "plain.docx"
    render_document(report, ev, load_profile(str(folder)), out)
    render_document(report, ev, load_profile(DEFAULT_PROFILE), out2)
    a, b = norm(docx_text(out)), norm(docx_text(out2))
    assert "收、支总计各〔增〕50万元，增长50%" in a and "〔" not in b
    for k, v in marks.items():
        a = a.replace(v, k)
    assert a == b                      # nothing else changed


@pytest.mark.parametrize("edit,key", [
    ('same = "持平"', 'same = 0'),
    ('same = "持平"', 'same = "持平"\nsame_word = "不变"'),
])
def test_words_mistakes_are_named_with_their_line(tmp_path, edit, key):
    folder = region(tmp_path, ('same = "持平"', key))
    with pytest.raises(TemplateError) as err:
        load_profile(str(folder))
    text = str(err.value)
    name = key.split("\n")[-1].split(" = ")[0]
    assert "[words]" in text and f"键“{name}”" in text and " 行" in text


# ------------------------------------------------------------------ [labels]
def test_default_labels_are_the_reference_names():
    w = default_words()
    assert w.label("general") == "一般公共预算财政拨款收入"
    assert w.label("income_other") == "其他收入"
    assert w.label("fiscal") == "财政拨款收入" and w.label("exp_basic") == "基本支出"
    assert load_profile("shanghai-2024").format.words.labels == w.labels


@pytest.mark.slow
def test_relabelled_row_in_table1_and_the_document(tmp_path):
    from reportgen.render.xlsx import fill_tables
    folder = region(tmp_path, ('income_business = "事业收入"', 'income_business = "事业单位收入"'),
                    ('exp_basic = "基本支出"', 'exp_basic = "人员和公用支出"'))
    src = write_input(tmp_path / "in.xlsx")
    report, ev = computed(src)
    profile = load_profile(str(folder))
    ws = fill_tables(report, profile).worksheets[0]
    cells = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "五、事业单位收入" in cells and "五、事业收入" not in cells
    out = tmp_path / "out.docx"
    render_document(report, ev, profile, out)
    assert "人员和公用支出" in norm(docx_text(out))
    # the computed report itself is not renamed
    assert all(r.name == "" for r in report.t1.income)


def test_labels_mistakes_are_named(tmp_path):
    folder = region(tmp_path, ('income_other = "其他收入"', 'income_other = ""\nother_income = "x"'))
    with pytest.raises(TemplateError) as err:
        load_profile(str(folder))
    text = str(err.value)
    assert "[labels]" in text and "键“other_income”" in text and "键“income_other”" in text


def test_yes_no_cells_in_the_profile_words(tmp_path):
    import openpyxl
    from reportgen.render.xlsx import _write
    folder = region(tmp_path, ('yes = "是"', 'yes = "有"'))
    ws = openpyxl.Workbook().active
    _write(ws["A1"], True, load_profile(str(folder)).format.words)
    _write(ws["A2"], False, load_profile(str(folder)).format.words)
    _write(ws["A3"], True)
    assert (ws["A1"].value, ws["A2"].value, ws["A3"].value) == ("有", "否", "是")


@pytest.mark.slow
def test_document_title_property_from_the_profile(tmp_path):
    from docx import Document
    folder = region(tmp_path, ('document_title = "{unit}{year}年度部门决算"',
                               'document_title = "{year}年度{unit}决算公开"'))
    src = write_input(tmp_path / "in.xlsx")
    report, ev = computed(src)
    out = tmp_path / "out.docx"
    render_document(report, ev, load_profile(str(folder)), out)
    assert Document(str(out)).core_properties.title == "2022年度测试局决算公开"
    bad = region(tmp_path / "bad", ('document_title = "{unit}{year}年度部门决算"',
                                    'document_title = "{name}决算"'))
    with pytest.raises(TemplateError) as err:
        load_profile(str(bad))
    assert "document_title" in str(err.value)


# ------------------------------------------- amount_unit, project_suffix, finance_level
def test_change_unit_is_the_profile_amount_unit(tmp_path):
    folder = region(tmp_path, ('amount_unit = "万元"', 'amount_unit = "万"'))
    w = load_profile(str(folder)).format.words
    assert w.amount_unit == "万" and default_words().amount_unit == "万元"
    c = narrative.change(D("13258.64"), D("8925.75"))
    assert render_text(FormatSpec(words=w), "{{ c|change }}", c=c) == "增加4332.89万，增长48.5%"
    assert render_text(FormatSpec(), "{{ c|change }}", c=c) == "增加4332.89万元，增长48.5%"


def test_project_title_ends_in_the_profile_suffix(tmp_path):
    from support import EXAMPLE
    report, _ = computed(EXAMPLE)
    assert report.projects and all(p.title == "" for p in report.projects)   # compute: no wording
    # the 2022 reference: “人力资源局机关业务工作经费项目绩效自评综述”
    plain = narrative.reworded(report, default_words())
    assert plain.projects[0].name == "人力资源局机关业务工作经费"
    assert plain.projects[0].title == "人力资源局机关业务工作经费项目"
    w = load_profile(str(region(tmp_path, ('project_suffix = "项目"', 'project_suffix = "专项"')))).format.words
    assert narrative.reworded(report, w).projects[0].title == "人力资源局机关业务工作经费专项"
    assert narrative.project_title("维修专项", w) == "维修专项"


@pytest.mark.slow
def test_blank_finance_level_is_the_profile_word(tmp_path):
    folder = region(tmp_path, ('finance_level = "本级"', 'finance_level = "区级"'))
    blank = write_input(tmp_path / "blank.xlsx")
    typed = write_input(tmp_path / "typed.xlsx", info={"finance_level": "市级"})
    texts = {}
    for name, src in (("blank", blank), ("typed", typed)):
        report, ev = computed(src)
        assert report.texts.finance_level == ("" if name == "blank" else "市级")
        for pname, profile in (("region", load_profile(str(folder))),
                               ("default", load_profile(DEFAULT_PROFILE))):
            out = tmp_path / f"{name}-{pname}.docx"
            render_document(report, ev, profile, out)
            texts[name, pname] = norm(docx_text(out))
    assert "指本级财政一般公共预算当年拨付的资金" in texts["blank", "default"]
    assert "指区级财政一般公共预算当年拨付的资金" in texts["blank", "region"]
    assert "区直部门" in texts["blank", "region"]
    # what the clerk typed wins over the profile's word
    assert "指市级财政" in texts["typed", "region"] and "市直部门" in texts["typed", "region"]
    assert texts["typed", "region"] == texts["typed", "default"]
