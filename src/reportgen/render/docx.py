"""The Word document: the profile's document.docx rendered with docxtpl.

One context (``narrative.build_context``) plus what only Word needs: the
charts as inline images, and 第二部分's and 第六部分's tables laid out from
the grids the workbook renderers filled (``render/grid.py``,
``render/docx_tables.py``), spliced in by ``render/splice.py``.  The
profile's ``[fonts]`` are set on the template's styles and Chinese (zh-CN)
is declared as the East Asian language throughout; with ``[word_tables]
landscape`` 第二部分 is a landscape section of its own.  The template is checked before rendering: a value it names that the
context lacks fails the build with the template's and the value's name
(``TemplateError``), never an empty gap in a published sentence.

Text is escaped (autoescape) and stripped of XML-invalid control characters
before it reaches the XML.
"""

from __future__ import annotations

import copy
import html
import re
import tempfile
from functools import lru_cache
from collections.abc import Mapping
from pathlib import Path
from typing import Optional

import jinja2
import jinja2.meta
from lxml import etree
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined

from reportgen.compose import narrative, provenance
from reportgen.compute.report import Report
from reportgen.core.errors import TemplateError
from reportgen.core.jinja import jinja_reason
from reportgen.selfeval.tables import Evaluation
from reportgen.core.profile import Profile, default_words
from reportgen.core.safeio import atomic_path
from reportgen.render import charts
from reportgen.render.docx_tables import Page, TableLook, tables_block
from reportgen.render.grid import Grid
from reportgen.render.splice import Placeholder, XmlBlock, save_with_blocks
from reportgen.core.jinja import make_env, persistent_json

DOCUMENT_FILE = "document.docx"
CHART_WIDTH = Mm(140)
_EMU_PT = 12700
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# values the renderer adds to the narrative context
RENDER_VALUES = ("charts", "tables", "perf_tables", "annex_tables")


class _Ns(dict):
    """A context mapping that knows its own dotted name, so a missing key
    is reported as ``total.change.rate`` rather than “'dict object' has no
    attribute 'rate'”."""

    __slots__ = ("path",)


class _NamedUndefined(StrictUndefined):
    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        obj = self._undefined_obj
        if isinstance(obj, _Ns):
            return f"{obj.path}.{self._undefined_name}"
        if self._undefined_hint is None and obj is jinja2.utils.missing:
            return str(self._undefined_name)
        return super()._undefined_message


def _wrap(value, path: str):
    """Dicts become _Ns (named), lists are walked, strings are made XML-safe."""
    if isinstance(value, Mapping) and not isinstance(value, _Ns):
        out = _Ns()
        out.path = path
        for k, v in value.items():
            out[k] = _wrap(v, f"{path}.{k}" if path else str(k))
        return out
    if isinstance(value, list):
        return [_wrap(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    return value


def template_path(profile: Profile) -> Path:
    """The profile's Word template, ``document.docx`` in its folder (it may
    not exist: a profile without a document builds tables only)."""
    return profile.folder / DOCUMENT_FILE


@lru_cache(maxsize=4)   # one per process and [format]: its memo of compiled templates serves a batch
def _env(style=None) -> jinja2.Environment:
    env = make_env(autoescape=True, style=style)
    env.undefined = _NamedUndefined
    return env


def _sources(tpl: DocxTemplate) -> list[str]:
    """The Jinja sources docxtpl will compile: the body, then each header
    and footer, made as its ``render`` makes them (``patch_xml``, then a line
    break before each paragraph).  Parsed here by the same environment, they
    are parsed once for the check and the rendering both; should docxtpl
    change its steps, the rendering parses its own source again, no more."""
    parts = [tpl.get_xml()]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        parts += [tpl.get_part_xml(part) for _, part in tpl.get_headers_footers(uri)]
    return [re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(x)) for x in parts]


def _names_used(tpl: DocxTemplate, env) -> set[str]:
    """The top-level names each part of the template uses, found once per
    version of the file and process (a batch checks the same template every
    time)."""
    path = Path(tpl.template_file)
    st = path.stat()
    key = ("names used", str(path.resolve()), st.st_mtime_ns, st.st_size)

    def find() -> frozenset:
        sources = _sources(tpl)

        def parse() -> list[str]:
            names: set[str] = set()
            for src in sources:
                names |= jinja2.meta.find_undeclared_variables(env.parse(src))
            return sorted(names)
        # kept between runs by the text's hash: parsing the document's XML is
        # a large part of a cold build
        return frozenset(persistent_json("names-used", "\0".join(sources), parse))
    return set(env.remember(key, find))


def _paragraph_of(tpl: DocxTemplate, env) -> str:
    """The text of the paragraph where the template's first Jinja syntax
    error is (each paragraph starts a line of ``_sources``), at most 80
    characters; "" when not found."""
    for src in _sources(tpl):
        try:
            env.parse(src)
        except jinja2.TemplateSyntaxError as exc:
            lines = src.splitlines()
            if exc.lineno and 0 < exc.lineno <= len(lines):
                text = html.unescape(re.sub(r"<[^>]+>", "", lines[exc.lineno - 1])).strip()
                return text[:80]
            return ""
    return ""


def check_template(tpl: DocxTemplate, env: jinja2.Environment, context: Mapping,
                   name: str) -> None:
    """Every top-level name the template uses must be in the context."""
    try:
        used = _names_used(tpl, env)
    except jinja2.TemplateSyntaxError as exc:
        near = _paragraph_of(tpl, env)
        raise TemplateError(f"Word 模板 {name} 有误：{jinja_reason(exc)}"
                            + (f"（所在段落：“{near}”）" if near else "") + "。") from exc
    missing = used - set(context) - set(env.globals)
    if missing:
        raise TemplateError(
            f"Word 模板 {name} 引用了不存在的值：{'、'.join(sorted(missing))}。"
            "请检查拼写，或参照默认模板中的变量名。")


def _update_fields_on_open(tpl: DocxTemplate) -> None:
    """Ask Word to refresh fields (the 目录) when the file is opened."""
    settings = tpl.docx.settings.element
    if settings.find(qn("w:updateFields")) is None:
        el = OxmlElement("w:updateFields")
        el.set(qn("w:val"), "true")
        settings.append(el)


def _fill_toc(tpl: DocxTemplate) -> None:
    """Put the headings into the 目录 field's result, so the document shows a
    table of contents (without page numbers) even where no program refreshes
    the field; Word replaces it, page numbers included, on opening."""
    body = tpl.docx.element.body
    instr = [el for el in body.iter(qn("w:instrText")) if (el.text or "").strip().startswith("TOC")]
    if not instr:
        return
    p = instr[0].getparent().getparent()
    heads = []
    for para in tpl.docx.paragraphs:
        sid = para.style.name if para.style is not None else ""
        if sid in ("Heading 1", "Heading 2") and para.text.strip():
            heads.append((1 if sid == "Heading 1" else 2, para.text.strip()))
    if not heads:
        return
    # the placeholder run sits between 'separate' and 'end'
    runs = p.findall(qn("w:r"))
    sep = next(i for i, r in enumerate(runs) if r.find(qn("w:fldChar")) is not None
               and r.find(qn("w:fldChar")).get(qn("w:fldCharType")) == "separate")
    end_run = runs[-1]
    for r in runs[sep + 1:-1]:
        p.remove(r)
    styles = tpl.docx.styles
    first_level, first_text = heads[0]
    end_run.addprevious(_text_run(first_text))
    # the rest as paragraphs of their own, the field's end moved to the last
    p.remove(end_run)
    last = p
    for level, text in heads[1:]:
        new_p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ps = OxmlElement("w:pStyle")
        try:
            ps.set(qn("w:val"), styles[f"toc {level}"].style_id)
        except KeyError:
            ps.set(qn("w:val"), "TOC1")
        ppr.append(ps)
        new_p.append(ppr)
        new_p.append(_text_run(text))
        last.addnext(new_p)
        last = new_p
    last.append(end_run)


def _text_run(text: str):
    """A run (``w:r``) of plain ``text``."""
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    return r


# styles each face of profile.toml [fonts] is applied to (those the template has)
FONT_STYLES = {
    "body": ("Normal", "toc 1", "toc 2", "toc 3", "Figure", "Caption"),
    "heading": ("Heading 1", "Heading 2", "Heading 3", "TOC Heading", "Report Title"),
    "table": ("Table Title", "Table Text", "Table Heading", "Table Grid"),
}
EAST_ASIAN_LANG = "zh-CN"


def read_fonts(raw, where: str) -> dict[str, str]:
    """profile.toml ``[fonts]``: face names for ``body``, ``heading`` and
    ``table`` (each optional); TemplateError names a wrong key or value."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise TemplateError(f"{where}：[fonts] 应为一段设置。")
    problems = []
    for key, value in raw.items():
        if key not in FONT_STYLES:
            problems.append(f"{where}：[fonts] 中未知的键“{key}”（可用：{'、'.join(FONT_STYLES)}）。")
        elif not isinstance(value, str) or not value.strip() or _CONTROL.search(value):
            problems.append(f"{where}：[fonts] {key} 应为字体名称，如 \"仿宋_GB2312\"。")
    if problems:
        raise TemplateError("\n".join(problems))
    return {k: v.strip() for k, v in raw.items()}


def _set_lang(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), EAST_ASIAN_LANG)


def _set_face(rpr, face: str) -> None:
    """All four faces of a run property (East Asian included), theme fonts
    dropped (a theme attribute wins over an explicit face in Word)."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), face)


def apply_fonts_and_language(document, fonts: Mapping[str, str]) -> None:
    """Declare Chinese (zh-CN) as the East Asian language throughout (the
    document defaults, every style, the theme fonts' language in settings)
    and set the profile's faces on the styles of ``FONT_STYLES``."""
    styles_el = document.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_lang(rpr)
            if "body" in fonts:
                _set_face(rpr, fonts["body"])
    for st in styles_el.iterfind(qn("w:style")):
        rpr = st.find(qn("w:rPr"))
        if rpr is not None:
            _set_lang(rpr)
    for key, face in fonts.items():
        for name in FONT_STYLES[key]:
            try:
                st = document.styles[name]
            except KeyError:
                continue
            rpr = st.element.get_or_add_rPr()
            _set_face(rpr, face)
            _set_lang(rpr)
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        after = settings.find(qn("w:clrSchemeMapping"))
        if after is not None:
            after.addprevious(lang)
        else:
            settings.append(lang)
    lang.set(qn("w:eastAsia"), EAST_ASIAN_LANG)


def _style_ids(document) -> dict:
    """The template's style ids the tables use: "text" (Table Text, else
    the default paragraph style), "title" (Table Title, else "text"),
    "grid" (Table Grid, or none)."""
    from docx.enum.style import WD_STYLE_TYPE

    def find(name):
        try:
            return document.styles[name]
        except KeyError:
            return None

    part = document.part
    text = find("Table Text") or document.styles["Normal"]
    title = find("Table Title")
    grid = find("Table Grid")
    text_id = part.get_style_id(text, WD_STYLE_TYPE.PARAGRAPH)
    return {"text": text_id,
            "title": (part.get_style_id(title, WD_STYLE_TYPE.PARAGRAPH)
                      if title is not None else text_id),
            "grid": part.get_style_id(grid, WD_STYLE_TYPE.TABLE) if grid is not None else None}


def _body_page(document) -> Page:
    """The text area of the document's main (last) section, in points."""
    sec = document.sections[-1]
    width = (int(sec.page_width) - int(sec.left_margin) - int(sec.right_margin)) / _EMU_PT
    height = (int(sec.page_height) - int(sec.top_margin) - int(sec.bottom_margin)) / _EMU_PT
    return Page(width, height)


def _landscape(document, look: TableLook):
    """The tables' landscape section as (its text area, the paragraph that
    ends it, the paragraph that ends the section before it).  The first is
    the main section's ``w:sectPr`` turned, with the profile's margins; the
    second the main section's own (its page, footer and numbering)."""
    body_sect = document.element.body.find(qn("w:sectPr"))
    sec = document.sections[-1]
    long_side = max(int(sec.page_width), int(sec.page_height))
    short_side = min(int(sec.page_width), int(sec.page_height))
    top, bottom, left, right = (int(Mm(v)) for v in look.margins_mm)
    land = copy.deepcopy(body_sect)
    for tag in ("w:pgSz", "w:pgMar"):
        for el in land.findall(qn(tag)):
            land.remove(el)
    pgsz = OxmlElement("w:pgSz")
    pgsz.set(qn("w:w"), str(long_side // 635))
    pgsz.set(qn("w:h"), str(short_side // 635))
    pgsz.set(qn("w:orient"), "landscape")
    pgmar = OxmlElement("w:pgMar")
    for attr, v in (("top", top), ("right", right), ("bottom", bottom), ("left", left),
                    ("header", int(Mm(10))), ("footer", int(Mm(min(look.margins_mm[1] / 2, 10)))),
                    ("gutter", 0)):
        pgmar.set(qn(f"w:{attr}"), str(v // 635))
    # pgSz and pgMar follow the header/footer references, notes' properties and type
    refs = [el for el in land if el.tag in (qn("w:headerReference"), qn("w:footerReference"),
                                            qn("w:footnotePr"), qn("w:endnotePr"), qn("w:type"))]
    at = land.index(refs[-1]) + 1 if refs else 0
    land.insert(at, pgsz)
    land.insert(at + 1, pgmar)
    ends = etree.tostring(land, encoding="unicode")
    # without namespace declarations: the document declares w: and r:
    ends = re.sub(r'\sxmlns:\w+="[^"]*"', "", ends)
    page = Page((long_side - left - right) / _EMU_PT, (short_side - top - bottom) / _EMU_PT)
    before = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    ppr.append(copy.deepcopy(body_sect))
    before.append(ppr)
    return page, f"<w:p><w:pPr>{ends}</w:pPr></w:p>", before


def _heading_height(text: str, page: Page) -> float:
    """What a part's title (Heading 1: 22 pt, 12 pt before, 24 pt after)
    takes of a page, in points, generously (CJK fonts' line height ~1.45)."""
    from reportgen.render.docx_tables import text_points
    lines = max(1, -(-int(text_points(text, 22)) // max(int(page.width), 1)))
    return lines * 22 * 1.5 + 36 + 6


def _break_before_part(document, token: str, paragraph) -> None:
    """Put the section break ``paragraph`` before the heading that precedes
    each placeholder paragraph holding ``token`` (the part's title goes onto
    the tables' landscape pages), or before the placeholder itself."""
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        if token not in "".join(t.text or "" for t in p.iter(qn("w:t"))):
            continue
        target = p
        prev = p.getprevious()
        if prev is not None and prev.tag == qn("w:p"):
            ps = prev.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if ps is not None and ps.get(qn("w:val"), "").lower().startswith("heading"):
                target = prev
        if target.getprevious() is None:
            continue        # nothing before it: no section to end
        target.addprevious(copy.deepcopy(paragraph))


def _xml_text(text: str) -> str:
    from xml.sax.saxutils import escape
    return escape(_CONTROL.sub("", text))


def _place_at_end(document, token: str) -> None:
    """A paragraph holding ``token`` at the end of the body, unless the
    template placed it already (``{{p annex_tables }}``): the 附表 follow
    the text."""
    body = document.element.body
    if any(token in (t.text or "") for t in body.iter(qn("w:t"))):
        return
    document.add_paragraph(token)


class DocumentJob:
    """The document of one build, in two steps so that the charts can be
    drawn while the workbooks are rendered: made (context, template check,
    charts started), then ``finish``ed.  Use as a context manager; leaving
    it stops the charts and removes the temporary files."""

    def __init__(self, report: Report, ev: Evaluation, profile: Profile,
                 background: bool = False):
        self.report, self.profile = report, profile
        # the self-evaluation, made once by the pipeline
        self.ev = ev
        self.path = path = template_path(profile)
        if not path.is_file():
            raise TemplateError(f"模板方案 {profile.folder} 缺少 Word 模板 {DOCUMENT_FILE}。")
        typed = narrative.build_context(
            report, ev, profile.document, where=f"模板配置 {profile.toml_path}",
            labels=(getattr(profile, "selfeval", None) or {}).get("report"),
            words=getattr(profile.format, "words", None),
            percent_places=getattr(profile.format, "percent_decimals", 1))
        self.context = context = typed.as_dict()
        # what each figure is and the clerk's texts, for the self-check
        self.figures, self.texts = provenance.figures(typed), provenance.texts(typed)
        self.messages: list[str] = []
        if context["glossary"]["missing"]:
            self.messages.append("科目目录中没有以下功能分类科目的说明，名词解释中只列名称："
                                 + "、".join(context["glossary"]["missing"]))
        self._tmp = tempfile.TemporaryDirectory(prefix="reportgen-docx-")
        self.tmp_dir = Path(self._tmp.name)
        # a background drawing starts first, to be done when it is needed;
        # drawn here, the charts wait for ``finish``, after the template check
        self.drawing = charts.Drawing(context, self.tmp_dir, background=background,
                                      spec=profile.charts)
        try:
            try:
                self.tpl = DocxTemplate(str(path))
                self.tpl.init_docx()
            except Exception as exc:
                raise TemplateError(f"Word 模板 {path} 已损坏或不是 Word 文档（.docx），无法打开。"
                                    "请换用完好的模板文件（可从随程序提供的 templates/default 复制），"
                                    "或在 Word 中打开后另存为 .docx。") from exc
            self.env = _env(profile.format)
            where = f"模板配置 {profile.toml_path}"
            self.fonts = read_fonts(profile.fonts, where)
            self.look = TableLook.from_profile(profile.word_tables, where)
            self._geo: Optional[dict] = None
            self.blocks: dict[str, XmlBlock] = {}
            check_template(self.tpl, self.env,
                           {**context, **{k: None for k in RENDER_VALUES}}, str(path))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> "DocumentJob":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the chart drawing (a background chart process is ended) and
        remove the job's temporary folder; idempotent."""
        self.drawing.close()
        self._tmp.cleanup()

    def _geometry(self) -> dict:
        """Styles, pages and section breaks of the tables, from the template
        (its styles given the profile's fonts first); made once."""
        if self._geo is None:
            document = self.tpl.docx
            apply_fonts_and_language(document, self.fonts)
            geo = {"styles": _style_ids(document), "body": _body_page(document),
                   "before": None, "end": ""}
            geo["page"] = geo["body"]
            if self.look.landscape:
                geo["page"], geo["end"], geo["before"] = _landscape(document, self.look)
            self._geo = geo
        return self._geo

    def lay_out(self, tables: Optional[list[Grid]] = None,
                performance: Optional[list[Grid]] = None) -> None:
        """Lay out 第二部分's tables from ``tables`` and 第六部分's from
        ``performance`` (the grids the workbook renderers return) now, so
        the caller can drop the grids: a large workbook's grids, workbook
        and Word XML are then not all held at once."""
        geo, context, look = self._geometry(), self.context, self.look
        if tables is not None:
            # the grids come in the profile's order; those placed as 附表 go after the text
            specs = list(self.profile.tables)
            annex = [g for k, g in enumerate(tables) if k < len(specs) and specs[k].annex]
            tables = [g for k, g in enumerate(tables) if k >= len(specs) or not specs[k].annex]
            self.blocks["annex_tables"] = self._annex_block(annex)
            page = geo["page"]
            # below the part's title (第二部分 …)
            title = next((p["title"] for p in context["doc"]["parts"] if p["key"] == "tables"), "")
            self.blocks["tables"] = tables_block(
                tables, page, geo["styles"], look,
                space=page.height - _heading_height(f"第二部分 {title}", page), after=geo["end"])
        if performance is not None:
            if not context["appendix"]["present"]:
                self.blocks["perf_tables"] = XmlBlock("")
                return
            body = geo["body"]
            # on a page of their own after the unit's report, else below the part's title
            space = (body.height if context["appendix"]["unit"]
                     else body.height - _heading_height("第六部分 附件", body))
            self.blocks["perf_tables"] = tables_block(performance, body, geo["styles"], look,
                                                      space=space)

    def _annex_block(self, grids: list[Grid]) -> XmlBlock:
        """The 附表 (tables with ``place = "附表"``): on a new page, under the
        profile's ``annex_title`` (a Heading 1, when given), on the body's
        pages; empty when no table is placed there."""
        if not grids:
            return XmlBlock("")
        geo, look = self._geometry(), self.look
        body, title = geo["body"], self.profile.annex_title
        head = ""
        space = body.height
        if title:
            from docx.enum.style import WD_STYLE_TYPE
            try:
                style = self.tpl.docx.styles["Heading 1"]
                sid = self.tpl.docx.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
            except KeyError:
                sid = None
            style_xml = f'<w:pStyle w:val="{sid}"/>' if sid else ""
            run = f"<w:r><w:t>{_xml_text(title)}</w:t></w:r>"
            head = f"<w:p><w:pPr>{style_xml}<w:pageBreakBefore/></w:pPr>{run}</w:p>"
            space = body.height - _heading_height(title, body)
        block = tables_block(grids, body, geo["styles"], look, space=space)
        if head:
            block.parts.insert(0, head.encode("utf-8"))
        elif block.parts:
            # no heading: the first table starts a page of its own
            block.parts[0] = block.parts[0].replace(b'<w:pageBreakBefore w:val="0"/>',
                                                    b"<w:pageBreakBefore/>", 1)
        return block

    def finish(self, target: Path, tables: Optional[list[Grid]] = None,
               performance: Optional[list[Grid]] = None) -> list[str]:
        """Write the document to ``target``; returns warnings for the clerk
        (e.g. no Chinese font for the charts).  第二部分 and 第六部分's tables
        are laid out from ``tables`` and ``performance``, the grids the
        workbook renderers returned, unless ``lay_out`` has done so already
        (the workbooks are filled here when neither gave them)."""
        report, profile, path = self.report, self.profile, self.path
        context, tpl, env = self.context, self.tpl, self.env
        messages = list(self.messages)
        self.lay_out(tables, performance)
        if "tables" not in self.blocks:
            from reportgen.render.xlsx import render_tables
            self.lay_out(tables=render_tables(report, profile))
        if "perf_tables" not in self.blocks:
            performance = []
            if context["appendix"]["present"]:
                from reportgen.render.performance_xlsx import render_performance
                performance = render_performance(self.ev, report.unit, report.year,
                                                 profile=profile)
            self.lay_out(performance=performance)
        context["tables"], context["perf_tables"] = self.blocks["tables"], self.blocks["perf_tables"]
        context["annex_tables"] = self.blocks.get("annex_tables", XmlBlock(""))
        placeholders = {k: Placeholder(k) for k in ("tables", "perf_tables", "annex_tables")}
        section_before = self._geometry()["before"]
        pngs, chart_messages = self.drawing.result()
        messages += [m for m in chart_messages if m not in messages]
        context["charts"] = {k: InlineImage(tpl, str(p), width=CHART_WIDTH) for k, p in pngs.items()}

        # the tables go into the rendered document, not through docxtpl
        wrapped = {k: (v if k in RENDER_VALUES else _wrap(v, k)) for k, v in context.items()}
        wrapped.update(placeholders)
        try:
            tpl.render(wrapped, env, autoescape=True)
        except jinja2.UndefinedError as exc:
            raise TemplateError(f"Word 模板 {path} 引用了不存在的值：{exc.message}。") from exc
        except jinja2.TemplateSyntaxError as exc:
            # docxtpl keeps the document text around the failing line
            near = "".join(getattr(exc, "docx_context", []) or []).strip()[:120]
            raise TemplateError(
                f"Word 模板 {path} 有误：{jinja_reason(exc)}"
                + (f"（附近文字：“{near}”）" if near else "") + "。") from exc
        except jinja2.TemplateError as exc:
            raise TemplateError(f"Word 模板 {path} 无法生成：{jinja_reason(exc)}。") from exc
        if section_before is not None:
            _break_before_part(tpl.docx, placeholders["tables"].token, section_before)
        if context["annex_tables"].parts:
            _place_at_end(tpl.docx, placeholders["annex_tables"].token)
        if context["doc"]["toc"]:
            _fill_toc(tpl)
            _update_fields_on_open(tpl)
        props = tpl.docx.core_properties
        # a core property holds at most 255 characters (python-docx raises)
        words = self.profile.format.words or default_words()   # [words] document_title
        props.title = _CONTROL.sub("", words.title_of(report.unit, report.year))[:255]
        props.author = _CONTROL.sub("", report.unit)[:255]
        props.last_modified_by = _CONTROL.sub("", report.unit)[:255]
        props.comments = ""
        with atomic_path(Path(target)) as out:
            save_with_blocks(tpl, out, {ph.token: context[k] for k, ph in placeholders.items()})
        return messages


def render_document(report: Report, ev: Evaluation, profile: Profile,
                    target: Path, tables: Optional[list[Grid]] = None,
                    performance: Optional[list[Grid]] = None) -> list[str]:
    """Write the document to ``target`` in one step (``DocumentJob``)."""
    with DocumentJob(report, ev, profile) as job:
        return job.finish(target, tables, performance)
