"""render/docx.py: the Word document's form, its template checks, profiles,
and the every-column example's sentences for what the reference lacks."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from docx_support import docx_text, norm, render
from reportgen.build import build, output_paths
from reportgen.core.errors import TemplateError
from reportgen.core.profile import project_root
from reportgen.render import charts
from support import EVERY_COLUMN, EXAMPLE, convert_to_pdf

DEFAULT = project_root() / "templates" / "default"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def example_docx(tmp_path_factory) -> Path:
    out, _ = render(EXAMPLE, tmp_path_factory.mktemp("ex") / "example.docx")
    return out


@pytest.fixture
def profile_copy(tmp_path) -> Path:
    folder = tmp_path / "region"
    shutil.copytree(DEFAULT, folder)
    return folder


# ------------------------------------------------------------------ form
def _style_fonts(path: Path) -> dict[str, str]:
    doc = Document(str(path))
    out = {}
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Table Text", "Table Grid"):
        rpr = doc.styles[name].element.rPr
        rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        out[name] = rfonts.get(qn("w:eastAsia")) if rfonts is not None else None
    return out


@pytest.mark.parametrize("path", [DEFAULT / "document.docx", None], ids=["template", "output"])
def test_east_asian_fonts_are_set_on_the_styles(path, example_docx):
    fonts = _style_fonts(path or example_docx)
    assert fonts["Normal"] == "仿宋_GB2312"
    assert fonts["Heading 1"] == fonts["Heading 2"] == fonts["Heading 3"] == "黑体"
    assert fonts["Table Text"] == fonts["Table Grid"] == "宋体"


def test_headings_have_no_theme_font_that_would_override(example_docx):
    doc = Document(str(example_docx))
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        rfonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsiaTheme")) is None and rfonts.get(qn("w:asciiTheme")) is None


def test_a4_portrait_tables_landscape_with_page_number_field(example_docx):
    # 第二部分 is a landscape section of its own (profile.toml [word_tables]
    # landscape), as the tables workbook prints; the rest is portrait
    doc = Document(str(example_docx))
    shapes = [(round(sec.page_width / Mm(1)), round(sec.page_height / Mm(1))) for sec in doc.sections]
    assert shapes == [(210, 297), (297, 210), (210, 297)]
    body = doc.element.body
    # the landscape section begins with the part's title and ends after 表9
    breaks = [p for p in body.iterchildren(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    first_h1 = breaks[0].getnext()
    assert "第二部分" in "".join(t.text for t in first_h1.iter(qn("w:t")))
    before_end = breaks[1].getprevious()
    assert "（2＋3＋6）栏" in "".join(t.text for t in before_end.iter(qn("w:t")))   # 表9's note
    footer_xml = doc.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml


def test_part_titles_are_headings_for_a_toc(example_docx):
    doc = Document(str(example_docx))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [t[:4] for t in h1] == ["第一部分", "第二部分", "第三部分", "第四部分", "第五部分",
                                   "第六部分"]
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "十三、预算绩效情况说明" in h2


def test_tables_repeat_headers_and_fit_the_page(example_docx):
    doc = Document(str(example_docx))
    sec = doc.sections[1]            # 第二部分, landscape: the widest text area
    text_width = sec.page_width - sec.left_margin - sec.right_margin
    tables = doc.tables
    assert len(tables) >= 10        # 表1–表9 and the 重点工作 table
    for t in tables:
        grid = t._tbl.tblGrid.findall(qn("w:gridCol"))
        width = sum(int(g.get(qn("w:w"))) for g in grid) * 635   # twips -> EMU
        assert width <= text_width + Mm(1), t.rows[0].cells[0].text
        first = t.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None


def test_the_nine_tables_carry_the_xlsx_figures(example_docx):
    text = norm(docx_text(example_docx))
    for title in ("2022年度收入支出决算总表（表1）", "2022年度一般公共预算财政拨款基本支出决算明细表（表6）",
                  "2022年度财政拨款“三公”经费支出决算表（表9）"):
        assert norm(title) in text
    # 表5 合计 row and a 项 row, 表6 人员经费合计, 表7's note for an absent fund
    assert "合计13,258.641,350.3211,908.32" in text
    assert "2080102一般行政管理事务153.6456.5097.14" in text
    assert "人员经费合计1,246.32公用经费合计104.00" in text
    assert norm("说明:2022年度武汉市江汉区人力资源局没有政府性基金。") in text


def test_four_charts(example_docx):
    doc = Document(str(example_docx))
    assert len(doc.inline_shapes) == 4
    text = docx_text(example_docx)
    for cap in ("图1：收、支决算总计变动情况", "图2：收入决算结构", "图3：支出决算结构",
                "图4：财政拨款收、支决算总计变动情况"):
        assert cap in text


def test_no_jinja_left_in_the_output(example_docx):
    text = docx_text(example_docx)
    assert "{{" not in text and "{%" not in text and "}}" not in text


def test_converts_to_pdf(example_docx, soffice, tmp_path):
    pdf = convert_to_pdf(soffice, example_docx, tmp_path)
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes())
    assert len(pages) > 30


# ------------------------------------------------------------------ template checks
def _template_with(folder: Path, *texts: str) -> None:
    doc = Document()
    for t in texts:
        doc.add_paragraph(t)
    doc.save(str(folder / "document.docx"))


def test_unknown_value_names_template_and_value(profile_copy, tmp_path):
    _template_with(profile_copy, "{{ unit }}", "{{ totall.amount }}")
    with pytest.raises(TemplateError) as err:
        render(EXAMPLE, tmp_path / "x.docx", str(profile_copy))
    msg = str(err.value)
    assert "totall" in msg and str(profile_copy / "document.docx") in msg
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.slow
def test_unknown_attribute_names_the_dotted_path(profile_copy, tmp_path):
    _template_with(profile_copy, "{{ total.change.rat }}")
    with pytest.raises(TemplateError) as err:
        render(EXAMPLE, tmp_path / "x.docx", str(profile_copy))
    assert "total.change.rat" in str(err.value)
    assert "document.docx" in str(err.value)


def test_broken_jinja_is_a_template_error(profile_copy, tmp_path):
    _template_with(profile_copy, "{% if unit %}没有结束")
    with pytest.raises(TemplateError) as err:
        render(EXAMPLE, tmp_path / "x.docx", str(profile_copy))
    assert "document.docx" in str(err.value)


def test_missing_template_file(profile_copy, tmp_path):
    (profile_copy / "document.docx").unlink()
    with pytest.raises(TemplateError) as err:
        render(EXAMPLE, tmp_path / "x.docx", str(profile_copy))
    assert "document.docx" in str(err.value)


@pytest.mark.slow
def test_a_clerk_reworded_template_is_used(profile_copy, tmp_path):
    _template_with(profile_copy, "本部门{{ year }}年收支共计{{ total.amount|money }}万元。")
    out, _ = render(EXAMPLE, tmp_path / "x.docx", str(profile_copy))
    assert docx_text(out) == "本部门2022年收支共计13,258.64万元。"


# ------------------------------------------------------------------ profiles
REGION_DOCUMENT = '''
[document]
toc = true

[[document.parts]]
key = "overview"

[[document.parts]]
key = "explanation"
title = "{year}年度部门决算情况说明"
sections = [
  { key = "total" },
  { key = "sangong", title = "“三公”经费支出情况" },
  { key = "general" },
]

[[document.parts]]
key = "tables"

[[document.parts]]
key = "glossary"

[[document.parts]]
key = "key_work"
'''


def _replace_document_section(folder: Path, section: str) -> None:
    """A region's profile: the default one with its own [document] section."""
    toml = folder / "profile.toml"
    text = toml.read_text("utf-8")
    toml.write_text(text[:text.index("\n[document]")] + section, "utf-8")


@pytest.mark.slow
def test_profile_orders_parts_sections_and_opens_with_a_toc(profile_copy, tmp_path):
    _replace_document_section(profile_copy, REGION_DOCUMENT)
    out, _ = render(EXAMPLE, tmp_path / "region.docx", str(profile_copy))
    text = norm(docx_text(out))
    order = ["第一部分武汉市江汉区人力资源局概况", "第二部分2022年度部门决算情况说明",
             "一、收入支出决算总体情况说明", "二、“三公”经费支出情况", "三、一般公共预算财政拨款支出决算情况说明",
             "第三部分武汉市江汉区人力资源局2022年度部门决算表", "第四部分名词解释",
             "第五部分2022年重点工作完成情况"]
    # the 目录 lists the headings too: the body starts at the last occurrence
    start = text.rindex("第一部分武汉市江汉区人力资源局概况一、")
    body = text[start:]
    positions = [body.index(norm(t)) for t in order]
    assert positions == sorted(positions)
    assert "收入决算情况说明" not in body       # sections not listed are left out
    assert "政府采购支出情况" not in body
    with zipfile.ZipFile(out) as z:
        document = z.read("word/document.xml").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
    assert "TOC \\o" in document
    assert "updateFields" in settings
    # the 目录 shows the headings even before Word refreshes it
    toc = text[:start]
    assert toc.startswith("目录第一部分")
    assert "第四部分名词解释" in toc and "二、“三公”经费支出情况" in toc


def test_profile_with_an_unknown_section_fails_naming_the_file(profile_copy, tmp_path):
    _replace_document_section(profile_copy, '\n[document]\nparts = [{ key = "explanation", '
                              'sections = ["totl"] }]\n')
    with pytest.raises(TemplateError) as err:
        render(EXAMPLE, tmp_path / "x.docx", str(profile_copy))
    assert "totl" in str(err.value) and "profile.toml" in str(err.value)


def test_default_profile_document_section_is_the_reference_layout():
    from reportgen.compose import narrative
    from reportgen.core.profile import load_profile
    doc = narrative.layout(load_profile("default").document, "某局", 2022)
    assert doc == narrative.layout(None, "某局", 2022)


# ------------------------------------------------------------------ escaping, fonts
def test_text_is_escaped_and_made_xml_safe(tmp_path):
    from factory import write_input
    from reportgen.compute.tables import Catalogues, compute
    from reportgen.core.model import Cell
    from reportgen.core.profile import load_profile
    from reportgen.read.reader import read_workbook
    from reportgen.render.docx import render_document
    src = write_input(tmp_path / "in.xlsx", texts={"functions": "1.A&B<C>\n2.第二条"})
    wb = read_workbook(src)
    # the reader already strips control characters; the renderer must not rely on it
    wb.texts["composition"] = Cell("本级 <单位> & “附属”\x07单位", "文字说明", "B3")
    cats = Catalogues.load(wb)
    out = tmp_path / "x.docx"
    from reportgen.selfeval.tables import evaluate
    ev = evaluate(wb)
    render_document(compute(wb, cats, ev), ev, load_profile("default"), out)
    text = docx_text(out)
    assert "本级 <单位> & “附属”单位" in text
    assert "1.A&B<C>" in text


@pytest.mark.slow
def test_warns_when_no_chinese_font(monkeypatch, tmp_path):
    monkeypatch.setattr(charts, "find_cjk_font", lambda: None)
    out, messages = render(EXAMPLE, tmp_path / "x.docx")
    assert out.exists()
    assert any("中文字体" in m for m in messages)


def test_chart_font_found_here():
    # CI installs a CJK font (and sets REPORTGEN_REQUIRE_SOFFICE): there the charts
    # must not fall back to boxes; elsewhere a missing font only skips this test
    if charts.find_cjk_font() is None and not os.environ.get("REPORTGEN_REQUIRE_SOFFICE"):
        pytest.skip("no CJK font installed")
    assert charts.find_cjk_font() is not None


# ------------------------------------------------------------------ build
def test_build_writes_the_document(tmp_path):
    built = build(EXAMPLE, tmp_path)
    assert not built.refused
    docx = tmp_path / "武汉市江汉区人力资源局_2022年度" / "武汉市江汉区人力资源局_2022年度部门决算.docx"
    assert docx in built.outputs and docx.exists()
    assert output_paths(built.report, tmp_path)["document"] == docx


# ------------------------------------------------------------------ every column
# Figures worked out by hand from tests/data/make_every_column.py (示例 unit 云岭市
# 公共服务管理局, 2023): carry-over at both ends, every income source, all funds,
# every 三公 part with last year's figures.
EVERY = [
    # 一: 1,424.35 against 1,300.00 last year
    "2023年度收、支总计1,424.35万元。与2022年度相比，收、支总计各增加124.35万元，增长9.6%，"
    "主要原因是事业收入增加。",
    "其中：本年收入合计1,328.35万元，使用非财政拨款结余6.00万元，年初结转和结余90.00万元；"
    "本年支出合计1,265.35万元，结余分配4.00万元，年末结转和结余155.00万元。",
    # 二: by source, shares of 1,328.35
    "2023年度收入合计1,328.35万元。其中：财政拨款收入1,095.35万元，占本年收入82.5%；上级补助收入20.00万元，"
    "占本年收入1.5%；事业收入168.00万元，占本年收入12.6%；经营收入30.00万元，占本年收入2.3%；"
    "附属单位上缴收入10.00万元，占本年收入0.8%；其他收入5.00万元，占本年收入0.4%。"
    "另有年初结转和结余90.00万元，使用非财政拨款结余6.00万元。",
    # 三: every kind of expenditure, shares of 1,265.35
    "2023年度支出合计1,265.35万元。其中：基本支出748.35万元，占本年支出59.1%；项目支出472.00万元，"
    "占本年支出37.3%；上缴上级支出8.00万元，占本年支出0.6%；经营支出25.00万元，占本年支出2%；"
    "对附属单位补助支出12.00万元，占本年支出0.9%。结余分配4.00万元。年末结转和结余155.00万元。",
    # 四: 1,095.35 + 50.00 carried in; 1,082.35 spent + 63.00 carried out
    "2023年度财政拨款收、支总计1,145.35万元。与2022年度相比，财政拨款收、支总计各增加45.35万元，增长4.1%。"
    "主要原因是彩票公益金项目增加。其中：本年财政拨款收入1,095.35万元，年初财政拨款结转和结余50.00万元；"
    "本年财政拨款支出1,082.35万元，年末财政拨款结转和结余63.00万元。",
    "2023年度财政拨款收入中，一般公共预算财政拨款收入915.35万元，比2022年度决算数增加35.35万元；"
    "政府性基金预算财政拨款收入150.00万元；国有资本经营预算财政拨款收入30.00万元。",
    # 七, 八: funds present
    "2023年度云岭市公共服务管理局政府性基金预算财政拨款年初结转和结余15.00万元，本年收入150.00万元，"
    "本年支出140.00万元，年末结转和结余25.00万元。本年支出中，基本支出10.00万元，项目支出130.00万元，"
    "主要用于国有土地使用权出让收入对应专项债务收入安排的支出和彩票公益金安排的支出。",
    "2023年度云岭市公共服务管理局国有资本经营预算财政拨款支出32.00万元，其中：项目支出32.00万元，"
    "主要用于解决历史遗留问题及改革成本支出。",
    # 九: 58 against 24 last year and 70 年初预算 (58 ÷ 70 = 82.86%); each part with
    # its share of 58 (8 → 13.79%, 47 → 81.03%, 3 → 5.17%) and its completion
    # (8 ÷ 10, 47 ÷ 55 = 85.45%, 3 ÷ 5)
    "2023年度“三公”经费财政拨款年初预算数为70万元，支出决算为58万元，完成年初预算的82.9%；"
    "较上年增加34万元，增长141.7%。主要原因是按计划更新公务用车。"
    "支出决算数小于年初预算数的主要原因：厉行节约，从严控制“三公”经费开支。",
    "1.因公出国(境)费预算为10万元，支出决算为8万元，占“三公”经费支出决算的13.8%，完成年初预算的80%；"
    "较上年增加2万元，增长33.3%。主要原因是按计划开展对外交流。",
    "2.公务用车购置及运行费预算为55万元，支出决算为47万元，占“三公”经费支出决算的81%，"
    "完成年初预算的85.5%；较上年增加33万元，增长235.7%。"
    "主要原因是按计划更新公务用车。其中：公务用车购置费35万元，公务用车运行维护费12万元。",
    "3.公务接待费预算为5万元，支出决算为3万元，占“三公”经费支出决算的5.2%，完成年初预算的60%；"
    "较上年减少1万元，下降25%。主要原因是厉行节约，压减接待。",
    "其中：外省市交流接待2万元，主要用于外省同行来我局考察交流的接待工作2批次20人次(其中：陪同4人次)；"
    "及省内接待活动1万元，主要用于省级部门来我局督导检查的接待工作1批次8人次(其中：陪同2人次)。",
    # 十一: services too
    "货物采购授予中小企业合同金额占货物支出金额的80%，工程采购授予中小企业合同金额占工程支出金额的87.5%，"
    "服务采购授予中小企业合同金额占服务支出金额的83.3%。",
    # 第一部分: several units
    "云岭市公共服务中心全额拨款事业单位",
]


@pytest.fixture(scope="module")
def every_text(tmp_path_factory) -> str:
    out, _ = render(EVERY_COLUMN, tmp_path_factory.mktemp("every") / "every.docx")
    return norm(docx_text(out))


@pytest.mark.parametrize("sentence", EVERY, ids=lambda s: norm(s)[:20])
def test_every_column_sentence(every_text, sentence):
    assert norm(sentence) in every_text


def test_every_table_cell_keeps_a_paragraph(tmp_path):
    # Word refuses a cell without a paragraph; an empty 重点工作 text must not make one
    from factory import write_input
    src = write_input(tmp_path / "in.xlsx")
    import openpyxl
    wb = openpyxl.load_workbook(src)
    ws = wb.create_sheet("重点工作")
    ws.append(["序号", "重要事项", "工作内容及目标", "完成情况"])
    ws.append([1, "只有标题", None, None])
    wb.save(src)
    out, _ = render(src, tmp_path / "x.docx")
    body = Document(str(out)).element.body
    cells = list(body.iter(qn("w:tc")))
    assert cells and all(tc.find(qn("w:p")) is not None for tc in cells)
    assert "只有标题" in docx_text(out)
