"""The Word document: the profile's document.docx rendered with docxtpl.

One context (``narrative.build_context``) plus what only Word needs: the
charts as inline images and 第二部分 as Word tables copied from the rendered
xlsx.  The template is checked before rendering: a value it names that the
context lacks fails the build with the template's and the value's name
(``TemplateError``), never an empty gap in a published sentence.

Text is escaped (autoescape) and stripped of XML-invalid control characters
before it reaches the XML.
"""

from __future__ import annotations

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

from reportgen.compose import narrative
from reportgen.compute.report import Report
from reportgen.core.errors import TemplateError
from reportgen.selfeval.tables import Evaluation
from reportgen.core.profile import Profile
from reportgen.core.safeio import atomic_path
from reportgen.render import charts
from reportgen.render.docx_tables import XmlBlock, tables_block
from reportgen.core.jinja import make_env

DOCUMENT_FILE = "document.docx"
CHART_WIDTH = Mm(140)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# values the renderer adds to the narrative context
RENDER_VALUES = ("charts", "tables", "perf_tables")


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
    return profile.folder / DOCUMENT_FILE


@lru_cache(maxsize=1)   # one per process: its memo of compiled templates serves a batch
def _env() -> jinja2.Environment:
    env = make_env(autoescape=True)
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
        names: set[str] = set()
        for src in _sources(tpl):
            names |= jinja2.meta.find_undeclared_variables(env.parse(src))
        return frozenset(names)
    return set(env.remember(key, find))


def check_template(tpl: DocxTemplate, env: jinja2.Environment, context: Mapping,
                   name: str) -> None:
    """Every top-level name the template uses must be in the context."""
    try:
        used = _names_used(tpl, env)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"Word 模板 {name} 的 Jinja 写法有误：{exc.message}") from exc
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
    t_run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = first_text
    t_run.append(t)
    end_run.addprevious(t_run)
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
        r = OxmlElement("w:r")
        tt = OxmlElement("w:t")
        tt.text = text
        r.append(tt)
        new_p.append(r)
        last.addnext(new_p)
        last = new_p
    last.append(end_run)


class _Placeholder:
    """What docxtpl renders for a block of tables: a paragraph holding a
    token, which ``_save_with_blocks`` replaces with the tables' XML in the
    saved file.  The tables (80 MB of XML for the largest benchmark
    workbook) thus never pass through Jinja, docxtpl's regular expressions
    and an lxml tree: that took most of the memory and time of a large
    document."""

    def __init__(self, name: str):
        self.token = f"\u2060reportgen-block:{name}\u2060"   # word joiners: no clerk types them

    def __html__(self) -> str:
        return f"<w:p><w:r><w:t>{self.token}</w:t></w:r></w:p>"


def _spliced(xml: bytes, blocks: Mapping[str, XmlBlock]):
    """The pieces of ``xml`` with each placeholder paragraph replaced by its
    block (every occurrence: a template may show a block twice)."""
    marks = []
    for token, block in blocks.items():
        needle = token.encode("utf-8")
        at = xml.find(needle)
        while at != -1:
            start = max(xml.rfind(b"<w:p>", 0, at), xml.rfind(b"<w:p ", 0, at))
            end = xml.find(b"</w:p>", at) + len(b"</w:p>")
            marks.append((start, end, block))
            at = xml.find(needle, end)
    pos = 0
    for start, end, block in sorted(marks, key=lambda m: m[0]):
        yield xml[pos:start]
        for part in block.parts:
            # well-formed, one sheet at a time, or no document at all
            etree.fromstring(b"<w:body %s>%s</w:body>" % (nsdecls("w").encode(), part))
            yield part
        pos = end
    yield xml[pos:]


def _save_with_blocks(tpl: DocxTemplate, target: Path, blocks: Mapping[str, XmlBlock]) -> None:
    """Save the rendered document to ``target`` with the blocks in place of
    their placeholders: the package as python-docx writes it, its main part
    written anew piece by piece."""
    import io
    import zipfile

    buf = io.BytesIO()
    tpl.save(buf)
    main = tpl.docx.part.partname.lstrip("/")
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            # a fresh entry: writing updates the ZipInfo, which zin still reads by
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            if info.filename != main:
                zout.writestr(entry, data)
                continue
            with zout.open(entry, "w") as fh:
                for piece in _spliced(data, blocks):
                    fh.write(piece)


def _performance_tables(report: Report, ev: Evaluation, template: Path, tmp_dir: Path,
                        xlsx: Optional[Path], context: Mapping):
    """第六部分's tables as Word XML, from the 绩效自评表 workbook."""
    from reportgen.render.performance_xlsx import render_performance, sheet_names

    if not context["appendix"]["present"]:
        return XmlBlock("")
    if xlsx is None:
        xlsx = tmp_dir / "performance.xlsx"
        render_performance(ev, report.unit, report.year, xlsx)
    return tables_block(template, Path(xlsx), sheet_names(ev))


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
        self.context = context = narrative.build_context(
            report, ev, profile.document, where=f"模板配置 {profile.toml_path}").as_dict()
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
                raise TemplateError(f"Word 模板 {path} 无法打开：{exc}") from exc
            self.env = _env()
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
        self.drawing.close()
        self._tmp.cleanup()

    def finish(self, target: Path, tables_xlsx: Optional[Path] = None,
               performance_xlsx: Optional[Path] = None) -> list[str]:
        """Write the document to ``target``; returns warnings for the clerk
        (e.g. no Chinese font for the charts).  第二部分 and 第六部分's tables
        are copied from ``tables_xlsx`` and ``performance_xlsx`` (rendered
        here when not given)."""
        report, profile, path = self.report, self.profile, self.path
        context, tpl, env, tmp_dir = self.context, self.tpl, self.env, self.tmp_dir
        messages = list(self.messages)
        if tables_xlsx is None:
            from reportgen.render.xlsx import render_tables
            tables_xlsx = tmp_dir / "tables.xlsx"
            render_tables(report, profile, tables_xlsx)
        context["tables"] = tables_block(path, Path(tables_xlsx), [s.name for s in profile.tables])
        context["perf_tables"] = _performance_tables(report, self.ev, path, tmp_dir,
                                                     performance_xlsx, context)
        pngs, chart_messages = self.drawing.result()
        messages += [m for m in chart_messages if m not in messages]
        context["charts"] = {k: InlineImage(tpl, str(p), width=CHART_WIDTH) for k, p in pngs.items()}

        # the tables go into the rendered document, not through docxtpl
        placeholders = {k: _Placeholder(k) for k in ("tables", "perf_tables")}
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
                f"Word 模板 {path} 的 Jinja 写法有误：{exc.message}"
                + (f"（附近文字：“{near}”）" if near else "")) from exc
        except jinja2.TemplateError as exc:
            raise TemplateError(f"Word 模板 {path} 无法生成：{exc}") from exc
        if context["doc"]["toc"]:
            _fill_toc(tpl)
            _update_fields_on_open(tpl)
        props = tpl.docx.core_properties
        # a core property holds at most 255 characters (python-docx raises)
        props.title = _CONTROL.sub("", f"{report.unit}{report.year}年度部门决算")[:255]
        props.comments = ""
        with atomic_path(Path(target)) as out:
            _save_with_blocks(tpl, out, {ph.token: context[k] for k, ph in placeholders.items()})
        return messages


def render_document(report: Report, ev: Evaluation, profile: Profile,
                    target: Path, tables_xlsx: Optional[Path] = None,
                    performance_xlsx: Optional[Path] = None) -> list[str]:
    """Write the document to ``target`` in one step (``DocumentJob``)."""
    with DocumentJob(report, ev, profile) as job:
        return job.finish(target, tables_xlsx, performance_xlsx)
