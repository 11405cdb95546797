"""Bootstrap only: write templates/default/document.docx from scratch.

Run once to create the bundled Word template of 部门决算公开 (第一部分 to
第六部分; 第六部分, the 绩效自评 report and tables, was added by re-running it
on a template nobody had edited yet).  Afterwards the .docx is the source of truth: clerks open it in
Word, reword sentences and restyle it there; this script is NOT re-run (it
would overwrite their edits).  It stays as the record of how the file was
made and as a starting point for a completely new template.

    .venv/bin/python tools/make_default_document.py [OUT.docx]

Conventions of the template (render/docx.py renders it with docxtpl):

* ``{{ … }}`` inserts a value; amounts go through the filters ``money``
  (13,258.64), ``money_short`` (2,766.83 / 55), ``plain`` (4332.89 / 43.2),
  ``percent`` (``{{ part|percent(whole) }}`` -> 10.2%), ``change``
  (增加…万元，增长…% / 减少…，下降…% / 持平), ``cn`` (3 -> 三);
* a paragraph holding only ``{%p … %}`` is a control line (if/for) and
  disappears from the output; table rows holding ``{%tr … %}`` likewise;
* ``doc.parts`` (from profile.toml ``[document]``) decides which parts and
  sections appear and in which order: each part and section below is a
  block ``{%p if part.key == "…" %}`` / ``{%p elif sec.key == "…" %}``;
* every paragraph is one run, so Word keeps each tag in one piece.  When
  editing in Word, retype a tag in one go rather than editing inside it.

Fonts (set on the styles, East Asian font included): 仿宋_GB2312 body,
黑体 headings, 宋体 tables; A4 portrait; page number field in the footer.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parents[1] / "templates" / "default" / "document.docx"

BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TABLE_FONT = "宋体"
BODY_SIZE = 16          # 三号
LINE = Pt(28)           # fixed line pitch of official documents


# ------------------------------------------------------------------ styles
def set_fonts(style_or_run, font: str) -> None:
    """Set ascii, hAnsi, East Asian and cs fonts, dropping theme fonts
    (a theme attribute wins over an explicit font in Word)."""
    rpr = style_or_run.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def first_line_chars(pf_owner, chars: int = 2, size: int = BODY_SIZE) -> None:
    """First-line indent in characters (w:firstLineChars), as Chinese texts do."""
    ppr = pf_owner.element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(chars * size * 20))


def style(doc, name: str, font: str, size: float, *, bold=False, align=None, indent=True,
          exact=True, before=0, after=0, page_break=False, keep_next=False, base="Normal",
          kind=WD_STYLE_TYPE.PARAGRAPH, outline: int | None = None):
    styles = doc.styles
    try:
        st = styles[name]
    except KeyError:
        st = styles.add_style(name, kind)
        st.base_style = styles[base] if base else None
    st.font.size = Pt(size)
    st.font.bold = bold
    st.font.italic = False
    st.font.color.rgb = None
    set_fonts(st, font)
    # heading styles of the default template carry a colour and theme fonts
    rpr = st.element.get_or_add_rPr()
    for tag in ("w:color", "w:i", "w:iCs"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    pf = st.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = LINE
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.page_break_before = page_break
    pf.keep_with_next = keep_next
    pf.widow_control = True
    if indent:
        first_line_chars(st, 2, int(size))
    else:
        pf.first_line_indent = Pt(0)
        ppr = st.element.get_or_add_pPr()
        ind = ppr.find(qn("w:ind"))
        if ind is not None:
            ind.set(qn("w:firstLineChars"), "0")
            ind.set(qn("w:firstLine"), "0")
    if outline is not None:
        ppr = st.element.get_or_add_pPr()
        for el in ppr.findall(qn("w:outlineLvl")):
            ppr.remove(el)
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), str(outline))
        ppr.append(lvl)
    return st


def doc_defaults(doc) -> None:
    """Document-wide defaults: East Asian font and language (text in styles
    not set here, e.g. comments, still gets a Chinese font)."""
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr_default.find(qn("w:rFonts"))
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), BODY_FONT)
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def make_styles(doc) -> None:
    doc_defaults(doc)
    style(doc, "Normal", BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.JUSTIFY, base=None)
    # part titles: 第一部分 …
    style(doc, "Heading 1", HEADING_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
          exact=False, before=12, after=24, page_break=True, keep_next=True, outline=0)
    # 一、… sections
    style(doc, "Heading 2", HEADING_FONT, BODY_SIZE, keep_next=True, outline=1)
    # （一）… sub-sections
    style(doc, "Heading 3", HEADING_FONT, BODY_SIZE, keep_next=True, outline=2)
    style(doc, "TOC Heading", HEADING_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
          exact=False, after=18)
    for i in (1, 2, 3):
        style(doc, f"toc {i}", BODY_FONT, 14, indent=False, base="Normal")
        doc.styles[f"toc {i}"].paragraph_format.left_indent = Mm(7 * (i - 1))
    # pictures: auto line height, or the image is clipped to one line
    style(doc, "Figure", BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
          exact=False, before=6, keep_next=True)
    style(doc, "Caption", BODY_FONT, 14, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
          exact=False, after=6)
    # 第六部分: the title of the 部门整体支出绩效自评报告
    style(doc, "Report Title", HEADING_FONT, 18, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
          exact=False, after=6, keep_next=True)
    style(doc, "Table Text", TABLE_FONT, 10.5, indent=False, exact=False)
    style(doc, "Table Heading", TABLE_FONT, 10.5, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
          indent=False, exact=False)
    table_style = doc.styles["Table Grid"]
    set_fonts(table_style, TABLE_FONT)


# ------------------------------------------------------------------ page
def field_run(paragraph, instr: str, placeholder: str = "1") -> None:
    """A complex field (PAGE, TOC …): begin, instruction, separate, result, end."""
    def run_with(el):
        r = paragraph.add_run()
        r._r.append(el)
        return r
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    run_with(it)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def page_setup(doc) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    # GB/T 9704 margins: 37 top, 35 bottom, 28 left, 26 right
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.footer_distance = Mm(25)
    footer = sec.footer
    p = footer.paragraphs[0]
    p.style = doc.styles["Normal"]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    p.add_run("— ")
    field_run(p, "PAGE")
    p.add_run(" —")
    for r in p.runs:
        r.font.size = Pt(14)
        set_fonts(r, TABLE_FONT)


# ------------------------------------------------------------------ content
def para(doc, text: str, style_name: str = "Normal"):
    p = doc.add_paragraph(style=doc.styles[style_name])
    if text:
        p.add_run(text)
    return p


def ctrl(doc, tag: str):
    """A control line: only a ``{%p … %}`` tag, removed when rendering."""
    return para(doc, "{%p " + tag + " %}")


def header_row(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)


def set_widths(table, widths_mm) -> None:
    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
    for col, w in zip(table.columns, widths_mm):
        col.width = Mm(w)


def template_table(doc, headers, cells, loop: str, widths_mm):
    """A table: a repeated header row, then one row per item of ``loop``.

    ``cells`` are lists of paragraphs (strings); a cell may loop over its own
    paragraphs with ``{%p … %}`` lines.
    """
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = table.rows
    for cell, text in zip(rows[0].cells, headers):
        cell.paragraphs[0].style = doc.styles["Table Heading"]
        cell.paragraphs[0].add_run(text)
    header_row(rows[0])
    rows[1].cells[0].paragraphs[0].add_run("{%tr for " + loop + " %}")
    for cell, paras in zip(rows[2].cells, cells):
        first = True
        for text in paras:
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            p.style = doc.styles["Table Text"]
            p.add_run(text)
    rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for r in (rows[1], rows[3]):
        for c in r.cells:
            c.paragraphs[0].style = doc.styles["Table Text"]
    set_widths(table, widths_mm)
    return table


def sentence(*pieces: str) -> str:
    return "".join(pieces)


CHANGE_VS = ("{% if X.change.same %}与上年持平{% else %}较上年{{ X.change|change }}{% endif %}")


def self_evaluation_scope(doc) -> None:
    """How many projects the self-evaluation covered, and the clerk's own
    lines: said in 十三's 预算绩效 and again in 第六部分's 绩效自评报告, as
    the reference does."""
    ctrl(doc, "if performance.count")
    para(doc, sentence(
        "根据预算绩效管理要求，我单位组织对{{ year }}年度一般公共预算项目支出全面开展绩效自评，",
        "共涉及项目{{ performance.count }}个，资金{{ performance.amount|plain }}万元",
        "{% if performance.project_total %}，占一般公共预算项目支出总额的",
        "{{ performance.amount|percent(performance.project_total) }}{% endif %}。"))
    ctrl(doc, "endif")
    ctrl(doc, "for line in performance.text")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")


def build(doc) -> None:
    # ---------------------------------------------------------- 目录
    ctrl(doc, "if doc.toc")
    para(doc, "目  录", "TOC Heading")
    p = para(doc, "", "toc 1")
    field_run(p, 'TOC \\o "1-2" \\h \\z \\u', "（请在 Word 中右键此处选择“更新域”生成目录）")
    ctrl(doc, "endif")

    ctrl(doc, "for part in doc.parts")
    # ---------------------------------------------------------- 第一部分 概况
    ctrl(doc, 'if part.key == "overview"')
    para(doc, "第{{ part.index|cn }}部分 {{ part.title }}", "Heading 1")
    ctrl(doc, "for sec in part.sections")
    para(doc, "{{ sec.index|cn }}、{{ sec.title }}", "Heading 2")
    ctrl(doc, 'if sec.key == "functions"')
    ctrl(doc, "for line in overview.functions")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")
    ctrl(doc, 'elif sec.key == "composition"')
    ctrl(doc, "if overview.composition")
    ctrl(doc, "for line in overview.composition")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")
    ctrl(doc, "elif overview.units")
    para(doc, "从单位构成看，{{ unit }}部门决算由{{ overview.units|length }}家单位的决算组成，具体包括：")
    ctrl(doc, "else")
    para(doc, "从单位构成看，{{ unit }}部门决算由纳入独立核算的单位本级决算组成。")
    ctrl(doc, "endif")
    ctrl(doc, "if overview.units")
    template_table(doc, ("序号", "单位名称", "单位性质", "备注"),
                   (["{{ u.index }}"], ["{{ u.name }}"], ["{{ u.kind }}"], ["{{ u.note }}"]),
                   "u in overview.units", (14, 72, 40, 30))
    ctrl(doc, "endif")
    ctrl(doc, "endif")
    ctrl(doc, "endfor")

    # ---------------------------------------------------------- 第二部分 决算表
    ctrl(doc, 'elif part.key == "tables"')
    para(doc, "第{{ part.index|cn }}部分 {{ part.title }}", "Heading 1")
    para(doc, "{{p tables }}")

    # ---------------------------------------------------------- 第三部分 情况说明
    ctrl(doc, 'elif part.key == "explanation"')
    para(doc, "第{{ part.index|cn }}部分 {{ part.title }}", "Heading 1")
    ctrl(doc, "for sec in part.sections")
    para(doc, "{{ sec.index|cn }}、{{ sec.title }}", "Heading 2")

    # 一、收入支出决算总体情况
    ctrl(doc, 'if sec.key == "total"')
    para(doc, sentence(
        "{{ year }}年度收、支总计{{ total.amount|money }}万元。",
        "{% if total.change.known %}与{{ last_year }}年度相比，收、支总计",
        "{% if total.change.same %}均与上年持平{% else %}各{{ total.change|change }}{% endif %}",
        "{% if total.reason and not total.change.same %}，主要原因是{{ total.reason }}{% else %}{% endif %}。",
        "{% endif %}"))
    ctrl(doc, "if total.has_carry")
    para(doc, sentence(
        "其中：{% for p in total.income_parts %}{{ p.name }}{{ p.amount|money }}万元",
        "{{ '，' if not loop.last else '' }}{% endfor %}；",
        "{% for p in total.expense_parts %}{{ p.name }}{{ p.amount|money }}万元",
        "{{ '，' if not loop.last else '' }}{% endfor %}。"))
    ctrl(doc, "endif")
    para(doc, "{{ charts.fig1 }}", "Figure")
    para(doc, "图1：收、支决算总计变动情况", "Caption")

    # 二、收入决算情况
    ctrl(doc, 'elif sec.key == "income"')
    para(doc, sentence(
        "{{ year }}年度收入合计{{ income.total|money }}万元。",
        "{% if income.sources %}其中：{% for s in income.sources %}{{ s.name }}{{ s.amount|money }}万元，",
        "占本年收入{{ s.amount|percent(income.total) }}{{ '；' if not loop.last else '。' }}{% endfor %}",
        "{% endif %}",
        "{% if income.carry_begin %}另有年初结转和结余{{ income.carry_begin|money }}万元",
        "{% if income.use_balance %}，使用非财政拨款结余{{ income.use_balance|money }}万元{% endif %}。",
        "{% elif income.use_balance %}另使用非财政拨款结余{{ income.use_balance|money }}万元。{% endif %}"))
    para(doc, "{{ charts.fig2 }}", "Figure")
    para(doc, "图2：收入决算结构", "Caption")

    # 三、支出决算情况
    ctrl(doc, 'elif sec.key == "expense"')
    para(doc, sentence(
        "{{ year }}年度支出合计{{ expense.total|money }}万元。",
        "{% if expense.parts %}其中：{% for p in expense.parts %}{{ p.name }}{{ p.amount|money }}万元，",
        "占本年支出{{ p.amount|percent(expense.total) }}{{ '；' if not loop.last else '。' }}{% endfor %}",
        "{% endif %}",
        "{% if expense.distribution %}结余分配{{ expense.distribution|money }}万元。{% endif %}",
        "{% if expense.carry_end %}年末结转和结余{{ expense.carry_end|money }}万元。{% endif %}"))
    para(doc, "{{ charts.fig3 }}", "Figure")
    para(doc, "图3：支出决算结构", "Caption")

    # 四、财政拨款收入支出决算总体情况
    ctrl(doc, 'elif sec.key == "fiscal"')
    para(doc, sentence(
        "{{ year }}年度财政拨款收、支总计{{ fiscal.amount|money }}万元。",
        "{% if fiscal.change.known %}与{{ last_year }}年度相比，财政拨款收、支总计",
        "{% if fiscal.change.same %}均与上年持平{% else %}各{{ fiscal.change|change }}{% endif %}。",
        "{% if fiscal.reason and not fiscal.change.same %}主要原因是{{ fiscal.reason }}。{% endif %}",
        "{% endif %}",
        "{% if fiscal.has_carry %}其中：本年财政拨款收入{{ fiscal.income_total|money }}万元，",
        "年初财政拨款结转和结余{{ fiscal.carry_begin|money }}万元；本年财政拨款支出",
        "{{ fiscal.expense_total|money }}万元，年末财政拨款结转和结余{{ fiscal.carry_end|money }}万元。",
        "{% endif %}"))
    para(doc, sentence(
        "{% if fiscal.incomes %}{{ year }}年度财政拨款收入中，{% for f in fiscal.incomes %}",
        "{{ f.name }}{{ f.amount|money }}万元",
        "{% if f.key == 'general' and fiscal.general_income_change.known %}，",
        "{% if fiscal.general_income_change.same %}与{{ last_year }}年度决算数持平",
        "{% else %}比{{ last_year }}年度决算数{{ fiscal.general_income_change.word }}",
        "{{ fiscal.general_income_change.diff|plain }}万元{% endif %}{% endif %}",
        "{{ '；' if not loop.last else '。' }}{% endfor %}",
        "{% if fiscal.general_income_reason and fiscal.general_income_change.known",
        " and not fiscal.general_income_change.same %}{{ fiscal.general_income_change.word }}",
        "主要原因是{{ fiscal.general_income_reason }}。{% endif %}",
        "{% else %}{{ year }}年度{{ unit }}无财政拨款收入。{% endif %}"))
    para(doc, "{{ charts.fig4 }}", "Figure")
    para(doc, "图4：财政拨款收、支决算总计变动情况", "Caption")

    # 五、一般公共预算财政拨款支出决算情况
    ctrl(doc, 'elif sec.key == "general"')
    para(doc, "（一）一般公共预算财政拨款支出决算总体情况", "Heading 3")
    para(doc, sentence(
        "{{ year }}年度一般公共预算财政拨款支出{{ general.amount|money }}万元",
        "{% if general.expense_total %}，占本年支出合计的{{ general.amount|percent(general.expense_total) }}{% endif %}。",
        "{% if general.change.known %}与{{ last_year }}年度相比，一般公共预算财政拨款支出",
        "{% if general.change.same %}与上年持平{% else %}{{ general.change|change }}{% endif %}。",
        "{% if general.reason and not general.change.same %}主要原因是{{ general.reason }}。{% endif %}",
        "{% endif %}"))
    para(doc, "（二）一般公共预算财政拨款支出决算结构情况", "Heading 3")
    ctrl(doc, "if general.classes")
    para(doc, "{{ year }}年度一般公共预算财政拨款支出{{ general.amount|money }}万元，主要用于以下方面：")
    ctrl(doc, "for c in general.classes")
    para(doc, sentence(
        "{{ c.index }}.{{ c.short_name }}（类）支出{{ c.amount|money_short }}万元，",
        "占{{ c.amount|percent(general.amount) }}。",
        "{% if c.uses %}主要是用于{{ c.uses_text }}。{% endif %}"))
    ctrl(doc, "endfor")
    ctrl(doc, "else")
    para(doc, "{{ year }}年度{{ unit }}无一般公共预算财政拨款支出。")
    ctrl(doc, "endif")
    para(doc, "（三）一般公共预算财政拨款支出决算具体情况", "Heading 3")
    para(doc, sentence(
        "{{ year }}年度一般公共预算财政拨款支出年初预算为{{ general.budget|plain }}万元，",
        "支出决算为{{ general.amount|money }}万元",
        "{% if general.budget_rate is not none %}，完成年初预算的{{ general.amount|percent(general.budget) }}{% endif %}。",
        "其中：基本支出{{ general.basic|plain }}万元，项目支出{{ general.project|plain }}万元。",
        "{% if general.projects %}项目支出主要用于：{% endif %}"))
    ctrl(doc, "for p in general.projects")
    para(doc, sentence(
        "{{ p.index }}.{{ p.name }}{{ p.amount|money_short }}万元",
        "{% if p.effect %}，主要成效是{{ p.effect }}{% endif %}。"))
    ctrl(doc, "endfor")
    ctrl(doc, "if general.items")
    para(doc, "一般公共预算财政拨款支出决算具体情况，按支出功能分类类级科目逐类分析如下：")
    ctrl(doc, "for i in general.items")
    para(doc, sentence(
        "{{ i.index }}.{{ i.class_name }}（类）{{ i.kuan_name }}（款）{{ i.name }}（项）。",
        "年初预算为{{ i.budget|plain }}万元，支出决算为{{ i.actual|plain }}万元",
        "{% if i.rate is not none %}，完成年初预算的{{ i.actual|percent(i.budget) }}{% endif %}",
        "{% if i.reason %}，支出决算数{{ i.compare }}年初预算数的主要原因：{{ i.reason }}{% endif %}。"))
    ctrl(doc, "endfor")
    ctrl(doc, "endif")

    # 六、一般公共预算财政拨款基本支出决算情况
    ctrl(doc, 'elif sec.key == "basic"')
    para(doc, "{{ year }}年度一般公共预算财政拨款基本支出{{ basic.amount|money }}万元，其中：")
    para(doc, sentence(
        "人员经费{{ basic.personnel|money }}万元",
        "{% if basic.personnel_items %}，主要包括：{{ basic.personnel_text }}{% endif %}。"))
    para(doc, sentence(
        "公用经费{{ basic.public|money }}万元",
        "{% if basic.public_items %}，主要包括：{{ basic.public_text }}{% endif %}。"))

    # 七、政府性基金
    ctrl(doc, 'elif sec.key == "gov"')
    ctrl(doc, "if gov.absent")
    para(doc, "{{ year }}年度{{ unit }}无政府性基金预算财政拨款收入支出。")
    ctrl(doc, "else")
    para(doc, sentence(
        "{{ year }}年度{{ unit }}政府性基金预算财政拨款",
        "{% if gov.carry_begin %}年初结转和结余{{ gov.carry_begin|money }}万元，{% endif %}",
        "本年收入{{ gov.income|money }}万元，本年支出{{ gov.amount|money }}万元",
        "{% if gov.carry_end %}，年末结转和结余{{ gov.carry_end|money }}万元{% endif %}。",
        "{% if gov.parts %}本年支出中，{% for p in gov.parts %}{{ p.name }}{{ p.amount|money }}万元",
        "{{ '，' if not loop.last else '' }}{% endfor %}",
        "{% if gov.uses %}，主要用于{{ gov.uses_text }}{% endif %}。{% endif %}"))
    ctrl(doc, "endif")

    # 八、国有资本经营
    ctrl(doc, 'elif sec.key == "soe"')
    ctrl(doc, "if soe.absent")
    para(doc, "{{ year }}年度{{ unit }}无国有资本经营预算财政拨款支出。")
    ctrl(doc, "else")
    para(doc, sentence(
        "{{ year }}年度{{ unit }}国有资本经营预算财政拨款支出{{ soe.amount|money }}万元",
        "{% if soe.parts %}，其中：{% for p in soe.parts %}{{ p.name }}{{ p.amount|money }}万元",
        "{{ '，' if not loop.last else '' }}{% endfor %}{% endif %}",
        "{% if soe.uses %}，主要用于{{ soe.uses_text }}{% endif %}。"))
    ctrl(doc, "endif")

    # 九、三公经费
    ctrl(doc, 'elif sec.key == "sangong"')
    para(doc, "（一）“三公”经费财政拨款支出决算总体情况说明", "Heading 3")
    para(doc, sentence(
        "{{ year }}年度“三公”经费财政拨款年初预算数为{{ sangong.budget|plain }}万元，",
        "支出决算为{{ sangong.amount|plain }}万元",
        "{% if sangong.change.known %}；", CHANGE_VS.replace("X", "sangong"), "{% endif %}。",
        "{% if sangong.reason and sangong.change.known and not sangong.change.same %}",
        "主要原因是{{ sangong.reason }}。{% endif %}"))
    para(doc, "（二）“三公”经费财政拨款支出决算具体情况说明", "Heading 3")
    for n, key, name in ((1, "abroad", "因公出国(境)费"), (2, "car", "公务用车购置及运行费"),
                         (3, "reception", "公务接待费")):
        x = f"sangong.{key}"
        extra = ""
        if key == "car":
            extra = ("其中：公务用车购置费{{ sangong.car.purchase|plain }}万元，"
                     "公务用车运行维护费{{ sangong.car.running|plain }}万元。")
        para(doc, sentence(
            f"{n}.{name}{{% if {x}.empty %}}支出决算为{{{{ {x}.amount|plain }}}}万元。{{% else %}}",
            f"预算为{{{{ {x}.budget|plain }}}}万元，支出决算为{{{{ {x}.amount|plain }}}}万元",
            f"{{% if {x}.change.known %}}；", CHANGE_VS.replace("X", x), "{% endif %}。",
            f"{{% if {x}.reason and {x}.change.known and not {x}.change.same %}}",
            f"主要原因是{{{{ {x}.reason }}}}。{{% endif %}}", extra, "{% endif %}"))
    ctrl(doc, "if sangong.reception.details")
    para(doc, sentence(
        "{{ year }}年度{{ unit }}执行公务和开展业务活动开支公务接待费",
        "{{ sangong.reception.amount|plain }}万元。其中：",
        "{% for d in sangong.reception.details %}{% if loop.last and not loop.first %}及{% endif %}",
        "{{ d.category }}{{ d.amount|plain }}万元",
        "{% if d.purpose %}，主要用于{{ d.purpose }}的接待工作{% endif %}",
        "{% if d.batches is not none %}{{ d.batches }}批次{% endif %}",
        "{% if d.persons is not none %}{{ d.persons }}人次{% endif %}",
        "{% if d.accompany %}(其中：陪同{{ d.accompany }}人次){% endif %}",
        "{{ '；' if not loop.last else '。' }}{% endfor %}"))
    ctrl(doc, "endif")

    # 十、机关运行经费
    ctrl(doc, 'elif sec.key == "operation"')
    para(doc, sentence(
        "{{ year }}年度{{ unit }}机关运行经费支出{{ operation.amount|plain }}万元",
        "{% if operation.change.known %}，{% if operation.change.same %}与{{ last_year }}年度持平",
        "{% else %}比{{ last_year }}年度{{ operation.change|change }}{% endif %}{% endif %}。",
        "{% if operation.reason and operation.change.known and not operation.change.same %}",
        "主要原因是{{ operation.reason }}。{% endif %}"))

    # 十一、政府采购
    ctrl(doc, 'elif sec.key == "procurement"')
    ctrl(doc, "if procurement.total")
    para(doc, sentence(
        "{{ year }}年度{{ unit }}政府采购支出总额{{ procurement.total|plain }}万元",
        "{% if procurement.kinds %}，其中：{% for k in procurement.kinds if k.amount %}",
        "政府采购{{ k.name }}支出{{ k.amount|plain }}万元{{ '、' if not loop.last else '' }}{% endfor %}{% endif %}。",
        "授予中小企业合同金额{{ procurement.sme|plain }}万元，",
        "占政府采购支出总额的{{ procurement.sme|percent(procurement.total) }}",
        "{% if procurement.sme %}，其中：授予小微企业合同金额{{ procurement.sme_small|plain }}万元，",
        "占授予中小企业合同金额的{{ procurement.sme_small|percent(procurement.sme) }}{% endif %}",
        "{% for k in procurement.kinds if k.amount %}{{ '；' if loop.first else '，' }}",
        "{{ k.name }}采购授予中小企业合同金额占{{ k.name }}支出金额的{{ k.sme|percent(k.amount) }}",
        "{% endfor %}。"))
    ctrl(doc, "else")
    para(doc, "{{ year }}年度{{ unit }}无政府采购支出。")
    ctrl(doc, "endif")

    # 十二、国有资产占用
    ctrl(doc, 'elif sec.key == "assets"')
    ctrl(doc, "if assets.text")
    ctrl(doc, "for line in assets.text")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")
    ctrl(doc, "else")
    para(doc, sentence(
        "截至{{ year }}年12月31日，{{ unit }}{{ assets.cars_text }}，{{ assets.other_cars_text }}；",
        "{{ assets.general_text }}，{{ assets.special_text }}。"))
    ctrl(doc, "endif")

    # 十三、预算绩效
    ctrl(doc, 'elif sec.key == "performance"')
    # each sub-heading only with something under it; a self-evaluation only
    # when the workbook holds one (no “未填报…”)
    ctrl(doc, "if performance.count or performance.text")
    para(doc, "（{{ performance.sub.scope|cn }}）预算绩效管理工作开展情况", "Heading 3")
    self_evaluation_scope(doc)
    ctrl(doc, "endif")
    ctrl(doc, "if performance.unit_evaluated")
    para(doc, "（{{ performance.sub.unit|cn }}）单位整体支出自评结果", "Heading 3")
    para(doc, sentence(
        "我单位组织对本单位开展整体支出绩效自评，资金{{ performance.unit_amount|money }}万元",
        "{% if performance.unit_text %}，从评价情况来看，{{ performance.unit_text }}{% endif %}。",
        "{% if performance.unit_score is not none %}经过综合评价，{{ year }}年度整体支出绩效得分为",
        "{{ performance.unit_score|plain }}分。{% endif %}"))
    ctrl(doc, "if performance.unit_output")
    para(doc, "主要产出和效果：{{ performance.unit_output }}。")
    ctrl(doc, "endif")
    ctrl(doc, "endif")
    ctrl(doc, "if performance.count")
    para(doc, "（{{ performance.sub.projects|cn }}）项目支出自评结果", "Heading 3")
    para(doc, sentence(
        "我单位在{{ year }}年度部门决算中反映所有项目绩效自评结果(不包括涉密项目)，",
        "共涉及{{ performance.count }}个一级项目。"))
    ctrl(doc, "for p in performance.projects")
    para(doc, sentence(
        "{{ p.index }}.{{ p.title }}绩效自评综述：项目全年预算数为{{ p.budget|plain }}万元，",
        "执行数为{{ p.amount|plain }}万元",
        "{% if p.budget %}，完成预算的{{ p.amount|percent(p.budget) }}{% endif %}。",
        "{% if p.effect %}主要产出和效益是{{ p.effect }}。{% endif %}",
        "{% if p.problems %}发现的问题及原因：{{ p.problems }}。{% endif %}",
        "{% if p.measures %}下一步改进措施：{{ p.measures }}。{% endif %}"))
    ctrl(doc, "endfor")
    ctrl(doc, "endif")
    ctrl(doc, "if performance.application")
    para(doc, "（{{ performance.sub.application|cn }}）绩效自评结果应用情况", "Heading 3")
    ctrl(doc, "for line in performance.application")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")
    ctrl(doc, "endif")
    ctrl(doc, "endif")
    ctrl(doc, "endfor")

    # ---------------------------------------------------------- 第四部分 重点工作
    ctrl(doc, 'elif part.key == "key_work"')
    para(doc, "第{{ part.index|cn }}部分 {{ part.title }}", "Heading 1")
    ctrl(doc, "for w in key_work")
    para(doc, "{{ w.index|cn }}、{{ w.title }}", "Heading 2")
    ctrl(doc, "for line in w.content")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")
    ctrl(doc, "endfor")
    ctrl(doc, "if key_work")
    template_table(
        doc, ("序号", "重要事项", "工作内容及目标", "完成情况"),
        (["{{ w.no }}"], ["{{ w.title }}"],
         ["{%p for line in w.content_cell %}", "{{ line }}", "{%p endfor %}"],
         ["{%p for line in w.result_cell %}", "{{ line }}", "{%p endfor %}"]),
        "w in key_work", (12, 26, 52, 66))
    ctrl(doc, "endif")

    # ---------------------------------------------------------- 第五部分 名词解释
    ctrl(doc, 'elif part.key == "glossary"')
    para(doc, "第{{ part.index|cn }}部分 {{ part.title }}", "Heading 1")
    para(doc, "（一）一般公共预算财政拨款收入：指{{ glossary.level }}财政一般公共预算当年拨付的资金。")
    para(doc, "（二）年初结转和结余：指单位以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金，"
              "或项目已完成等产生的结余资金。")
    para(doc, "（三）本部门使用的支出功能分类科目（到项级）")
    ctrl(doc, "for g in glossary.items")
    para(doc, sentence(
        "{{ g.index }}.{{ g.class_name }}（类）{{ g.kuan_name }}（款）{{ g.name }}（项）",
        "{% if g.explanation %}，{{ g.explanation }}{% endif %}。"))
    ctrl(doc, "endfor")
    para(doc, "（四）年末结转和结余：指单位按有关规定结转到下年或以后年度继续使用的资金，"
              "或项目已完成等产生的结余资金。")
    para(doc, "（五）基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。")
    para(doc, "（六）项目支出：指在基本支出之外为完成特定行政任务或事业发展目标所发生的支出。")
    para(doc, "（七）“三公”经费：纳入{{ glossary.level }}财政预决算管理的“三公”经费，是指"
              "{{ glossary.level_short }}直部门用财政拨款安排的因公出国(境)费、公务用车购置及运行维护费"
              "和公务接待费。其中，因公出国(境)费反映单位公务出国(境)的国际旅费、国外城市间交通费、"
              "住宿费、伙食费、培训费、公杂费等支出；公务用车购置及运行维护费反映单位公务用车购置支出"
              "(含车辆购置税、牌照费)及燃料费、维修费、过桥过路费、保险费、安全奖励费用等支出；"
              "公务接待费反映单位按规定开支的各类公务接待(含外宾接待)费用。")
    para(doc, "（八）机关运行经费：指为保障行政单位(包括参照公务员法管理的事业单位)运行用于购买货物和"
              "服务的各项资金，包括办公费、印刷费、邮电费、差旅费、会议费、福利费、日常维修费、"
              "专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、"
              "公务用车运行维护费以及其他费用。")
    ctrl(doc, "if phone")
    para(doc, "本单位咨询电话：{{ phone }}")
    ctrl(doc, "endif")

    # ---------------------------------------------------------- 第六部分 附件
    appendix(doc)
    ctrl(doc, "endif")
    ctrl(doc, "endfor")


def listing(group: str) -> str:
    """“共设置数量指标23个，其中：…年初目标值为…，实际完成值为…，得分…分；…共计得分…分。”"""
    return sentence(
        f"共设置{{{{ {group}.name }}}}{{{{ {group}.items|length }}}}个，其中：",
        f"{{% for i in {group}.items %}}{{{{ i.name }}}}年初目标值为{{{{ i.target }}}}，",
        "实际完成值为{{ i.actual }}，得分{{ i.score|score }}分{{ '；' if not loop.last else '。' }}",
        f"{{% endfor %}}共计得分{{{{ {group}.total|score }}}}分。")


def appendix(doc) -> None:
    """第六部分: the 部门整体支出绩效自评报告, then the self-evaluation tables
    (copied from the 绩效自评表 workbook: ``perf_tables``)."""
    U = "appendix.unit"
    ctrl(doc, 'elif part.key == "appendix"')
    para(doc, "第{{ part.index|cn }}部分 {{ part.title }}", "Heading 1")
    ctrl(doc, f"if {U}")
    para(doc, "{{ year }}年度{{ unit }}", "Report Title")
    para(doc, "部门整体支出绩效自评报告", "Report Title")
    para(doc, "一、自评结论", "Heading 2")
    para(doc, "（一）部门整体绩效自评得分", "Heading 3")
    ctrl(doc, f"for line in {U}.conclusion_head")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")
    para(doc, f"{{{{ {U}.conclusion_last }}}}部门整体支出绩效自评总分为{{{{ {U}.total|score }}}}分。")
    para(doc, "（二）部门整体绩效目标完成情况", "Heading 3")
    para(doc, sentence(
        "1.执行率情况。截止到{{ year }}年12月31日，",
        f"基本支出预算{{{{ {U}.basic_budget|plain }}}}万元，执行{{{{ {U}.basic_actual|plain }}}}万元",
        f"{{% if {U}.basic_budget %}}，预算资金执行率为{{{{ {U}.basic_actual|percent({U}.basic_budget) }}}}",
        "{% endif %}；",
        f"项目支出预算{{{{ {U}.project_budget|plain }}}}万元，执行{{{{ {U}.project_actual|plain }}}}万元",
        f"{{% if {U}.project_budget %}}，项目支出执行率为",
        f"{{{{ {U}.project_actual|percent({U}.project_budget) }}}}{{% endif %}}。"))
    heads = ("一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）")
    cells = (["{{ i.level1 }}"], ["{{ i.level2 }}"], ["{{ i.name }}"], ["{{ i.target }}"],
             ["{{ i.actual }}"])
    widths = (20, 20, 56, 30, 30)
    para(doc, "2.完成的绩效目标。")
    ctrl(doc, f"if {U}.achieved")
    template_table(doc, heads, cells, f"i in {U}.achieved", widths)
    ctrl(doc, "endif")
    para(doc, "3.未完成的绩效目标。")
    ctrl(doc, f"if {U}.missed")
    template_table(doc, heads, cells, f"i in {U}.missed", widths)
    ctrl(doc, "else")
    para(doc, "无。")
    ctrl(doc, "endif")
    # (三) and (四) only with something under them
    ctrl(doc, f"if {U}.problems")
    para(doc, "（三）存在的问题和原因", "Heading 3")
    ctrl(doc, f"for line in {U}.problems")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")
    ctrl(doc, "endif")
    ctrl(doc, f"if {U}.measures")
    para(doc, f"（{{{{ '四' if {U}.problems else '三' }}}}）下一步拟改进措施", "Heading 3")
    ctrl(doc, f"for line in {U}.measures")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")
    ctrl(doc, "endif")
    para(doc, "二、佐证材料", "Heading 2")
    para(doc, "（一）基本情况", "Heading 3")
    para(doc, "1.部门支出情况以及重点工作。")
    para(doc, sentence(
        f"{{{{ year }}}}年{{{{ unit }}}}预算资金共计{{{{ {U}.budget|plain }}}}万元，",
        f"其中，基本支出{{{{ {U}.basic_budget|plain }}}}万元，项目支出{{{{ {U}.project_budget|plain }}}}万元。",
        f"年度决算支出共计{{{{ {U}.actual|plain }}}}万元，其中，基本支出{{{{ {U}.basic_actual|plain }}}}万元，",
        f"项目支出{{{{ {U}.project_actual|plain }}}}万元",
        f"{{% if {U}.budget %}}，年度预算执行率为{{{{ {U}.actual|percent({U}.budget) }}}}{{% endif %}}。"))
    ctrl(doc, f"for line in {U}.work")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")
    para(doc, "2.年度部门整体绩效目标。")
    para(doc, sentence(
        f"我单位组织对本单位开展整体支出绩效自评，资金{{{{ {U}.actual|plain }}}}万元",
        "{% if performance.unit_text %}，从评价情况来看，{{ performance.unit_text }}{% endif %}。"))
    ctrl(doc, "if performance.unit_output")
    para(doc, "主要产出和效果：{{ performance.unit_output }}。")
    ctrl(doc, "endif")
    para(doc, "（二）部门自评工作开展情况", "Heading 3")
    self_evaluation_scope(doc)
    para(doc, "（三）绩效目标完成情况分析", "Heading 3")
    para(doc, "1.预算执行情况分析。")
    para(doc, sentence(
        f"{{{{ year }}}}年部门预算资金共计{{{{ {U}.budget|plain }}}}万元，",
        f"年度决算支出共计{{{{ {U}.actual|plain }}}}万元",
        f"{{% if {U}.budget %}}，年度预算执行率为{{{{ {U}.actual|percent({U}.budget) }}}}{{% endif %}}。"))
    para(doc, "2.绩效目标完成情况分析。")
    para(doc, "（1）产出指标完成情况分析")
    ctrl(doc, f"for g in {U}.outputs")
    para(doc, "{{ loop.index }}.{{ g.name }}")
    para(doc, listing("g"))
    ctrl(doc, "endfor")
    para(doc, "（2）效益指标完成情况分析")
    ctrl(doc, f"for g in {U}.benefits")
    para(doc, "{{ loop.index }}.{{ g.name }}")
    ctrl(doc, "if g.text")
    ctrl(doc, "for line in g.text")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")
    ctrl(doc, "elif g.items")
    para(doc, listing("g"))
    ctrl(doc, "else")
    para(doc, "无。")
    ctrl(doc, "endif")
    ctrl(doc, "endfor")
    para(doc, "（3）满意度指标完成情况分析")
    ctrl(doc, f"if {U}.satisfaction.text")
    ctrl(doc, f"for line in {U}.satisfaction.text")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")
    ctrl(doc, f"elif {U}.satisfaction.items")
    para(doc, listing(f"{U}.satisfaction"))
    ctrl(doc, "else")
    para(doc, "无。")
    ctrl(doc, "endif")
    # (四) and (五) only with something under them, numbered among those printed
    ctrl(doc, "if performance.application")
    para(doc, "（四）上年度部门整体自评结果应用情况", "Heading 3")
    ctrl(doc, "for line in performance.application")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")
    ctrl(doc, "endif")
    ctrl(doc, f"if {U}.evidence")
    para(doc, "（{{ '五' if performance.application else '四' }}）其他佐证材料", "Heading 3")
    ctrl(doc, f"for line in {U}.evidence")
    para(doc, "{{ line }}")
    ctrl(doc, "endfor")
    ctrl(doc, "endif")
    # the tables start on a page of their own, after the report
    p = para(doc, "")
    p.add_run().add_break(WD_BREAK.PAGE)
    ctrl(doc, "endif")
    para(doc, "{{p perf_tables }}")


def make(out: Path = OUT) -> Path:
    doc = Document()
    # the default template starts with an empty paragraph; keep the body clean
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    make_styles(doc)
    page_setup(doc)
    build(doc)
    core = doc.core_properties
    core.title = "部门决算公开"
    core.author = "reportgen"
    core.comments = "由 tools/make_default_document.py 生成的初始模板，之后在 Word 中维护。"
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)
    return out


if __name__ == "__main__":
    print(make(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
