"""The outputs check themselves before they are published.

Called by ``build`` on the staging folder, after every output is rendered
and before any moves into place (``core.safeio.staged`` then discards them
all).  Reads the text of the Word document (paragraphs with their heading
levels, tables) and of the workbooks, and reports, as D8xx findings:
leftover template syntax, placeholder text, doubled lead-ins or punctuation,
headings with nothing under them, and totals sentences that disagree with
the table cells they report.  Each finding names the output, the section
(the headings above the text, or sheet!cell) and the text.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Iterator, Optional

from lxml import etree

from reportgen.validate.findings import ERROR, Finding

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT, TABLES = "Word 文档", "决算公开表"

SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:X{2,}|×{2,}|x{3,})(?![A-Za-z])|（(?:增加|减少|增长|下降)）")
DOUBLED = re.compile(
    r"主要原因(?:是|为)?[：:]?\s*(?:主要(?:是|系|由于|原因)|原因|由于|因为|是由于)"
    r"|(?:主要是|主要系|主要由于){2}"
    r"|[：:]{2}|。。|，，|；；|、、|[，；：、][。，；]|。[，；]")
# a totals sentence and the table cell it reports: (pattern, key of TABLE_CELLS)
_AMOUNT = r"\s*([\d,]+(?:\.\d+)?)\s*万元"
TOTALS = (
    (re.compile(r"(?<!财政拨款)收、支总计" + _AMOUNT), "表1 总计"),
    (re.compile(r"财政拨款收、支总计" + _AMOUNT), "表4 总计"),
    (re.compile(r"年度收入合计" + _AMOUNT), "表1 本年收入合计"),
    (re.compile(r"年度支出合计" + _AMOUNT), "表1 本年支出合计"),
    (re.compile(r"年度一般公共预算财政拨款支出" + _AMOUNT), "表5 合计"),
)
# the table cells the sentences report: key -> (sheet, row label, which
# number right of the label: 表1/表4 have the 行次 first)
TABLE_CELLS = {
    "表1 总计": ("表1", "总计", 1),
    "表1 本年收入合计": ("表1", "本年收入合计", 1),
    "表1 本年支出合计": ("表1", "本年支出合计", 1),
    "表4 总计": ("表4", "总计", 1),
    "表5 合计": ("表5", "合计", 0),
}
_SNIPPET = 12


def _hit(code: str, output: str, section: str, text: str, **values) -> Finding:
    return Finding(code, ERROR, "", "", {"output": output, "section": section, "text": text,
                                         **values})


def _snippet(text: str, m: re.Match) -> str:
    a, b = max(0, m.start() - _SNIPPET), min(len(text), m.end() + _SNIPPET)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


def scan_text(text: str, output: str, section: str) -> list[Finding]:
    """The D801-D803 hits in one paragraph or cell of ``output``."""
    out = []
    for code, pattern in (("D801", SYNTAX), ("D802", PLACEHOLDER), ("D803", DOUBLED)):
        m = pattern.search(text)
        if m:
            out.append(_hit(code, output, section, _snippet(text, m)))
    return out


# ---------------------------------------------------------------- the Word document
def _styles(zf: zipfile.ZipFile) -> dict[str, str]:
    """styleId -> style name."""
    try:
        root = etree.fromstring(zf.read("word/styles.xml"))
    except KeyError:
        return {}
    return {s.get(f"{_W}styleId"): (s.find(f"{_W}name").get(f"{_W}val")
                                    if s.find(f"{_W}name") is not None else "")
            for s in root.iter(f"{_W}style")}


def _level(style_name: str) -> int:
    m = re.fullmatch(r"(?i)heading\s*(\d)", style_name or "")
    return int(m.group(1)) if m else 0


def document_blocks(path: Path) -> Iterator[tuple[int, str]]:
    """The body of a .docx in order: (heading level or 0, text) per
    paragraph, (-1, text) per table (its whole text)."""
    with zipfile.ZipFile(path) as zf:
        styles = _styles(zf)
        root = etree.fromstring(zf.read("word/document.xml"))
    body = root.find(f"{_W}body")
    for el in body:
        if el.tag == f"{_W}p":
            st = el.find(f"{_W}pPr/{_W}pStyle")
            name = styles.get(st.get(f"{_W}val"), st.get(f"{_W}val")) if st is not None else ""
            text = "".join(t.text or "" for t in el.iter(f"{_W}t"))
            yield _level(name), text
        elif el.tag == f"{_W}tbl":
            yield -1, "".join(t.text or "" for t in el.iter(f"{_W}t"))


def check_document(path: Path, totals: Optional[dict[str, Decimal]] = None) -> list[Finding]:
    """The D8xx hits of a rendered .docx.  ``totals``: a key of
    ``TABLE_CELLS`` ("表1 总计") -> the amount its sentences must state, in 万元."""
    hits: list[Finding] = []
    heads: list[str] = []            # the headings above, by level
    open_heading: Optional[tuple[int, str]] = None   # a heading still waiting for content
    for level, text in document_blocks(path):
        section = " > ".join(h for h in heads if h) or "文档开头"
        if level > 0:
            if open_heading is not None and level <= open_heading[0]:
                hits.append(_hit("D804", DOCUMENT, open_heading[1], open_heading[1]))
            heads = heads[:level - 1] + [""] * max(0, level - 1 - len(heads)) + [text.strip()]
            open_heading = (level, text.strip())
            hits += scan_text(text, DOCUMENT, text.strip())
            continue
        if not text.strip():
            continue
        open_heading = None
        hits += scan_text(text, DOCUMENT, section)
        for pattern, label in TOTALS:
            if not totals or label not in totals:
                continue
            for m in pattern.finditer(text):
                try:
                    stated = Decimal(m.group(1).replace(",", ""))
                except InvalidOperation:
                    continue
                if stated.quantize(Decimal("0.01")) != totals[label].quantize(Decimal("0.01")):
                    hits.append(_hit("D805", DOCUMENT, section, _snippet(text, m),
                                     stated=m.group(1), table=label.split()[0],
                                     cell=f"{label} {totals[label]:,.2f}"))
    if open_heading is not None:
        hits.append(_hit("D804", DOCUMENT, open_heading[1], open_heading[1]))
    return hits


# ---------------------------------------------------------------- the workbooks
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def workbook_cells(path: Path) -> Iterator[tuple[str, int, list[tuple[str, object]]]]:
    """(sheet title, row number, [(A1 ref, value)]) of every row of an
    .xlsx we just wrote, read straight from its XML (strings as str,
    numbers as Decimal); a second openpyxl load cost more than the build's
    tables themselves."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            for si in etree.fromstring(zf.read("xl/sharedStrings.xml")).iter(f"{_S}si"):
                shared.append("".join(t.text or "" for t in si.iter(f"{_S}t")))
        rels = {r.get("Id"): r.get("Target") for r in
                etree.fromstring(zf.read("xl/_rels/workbook.xml.rels")).iter(f"{_PR}Relationship")}
        for sh in etree.fromstring(zf.read("xl/workbook.xml")).iter(f"{_S}sheet"):
            target = rels.get(sh.get(f"{_R}id"), "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if part not in names:
                continue
            root = etree.fromstring(zf.read(part))
            for row in root.iter(f"{_S}row"):
                cells = []
                for c in row.iter(f"{_S}c"):
                    t, v = c.get("t"), c.find(f"{_S}v")
                    if t == "s" and v is not None:
                        value: object = shared[int(v.text)]
                    elif t == "inlineStr":
                        value = "".join(x.text or "" for x in c.iter(f"{_S}t"))
                    elif t == "str" and v is not None:
                        value = v.text or ""
                    elif v is not None and t in (None, "n"):
                        try:
                            value = Decimal(v.text)
                        except (InvalidOperation, TypeError):
                            value = v.text
                    else:
                        value = None
                    cells.append((c.get("r", ""), value))
                yield sh.get("name"), int(row.get("r", "0") or 0), cells


def check_workbook(path: Path, output: str = TABLES) -> tuple[list[Finding], dict[str, Decimal]]:
    """The D801/D802 hits of a rendered .xlsx, and the cells of
    ``TABLE_CELLS`` found in it, in 万元."""
    hits: list[Finding] = []
    totals: dict[str, Decimal] = {}
    for title, _, cells in workbook_cells(path):
        values = [v for _, v in cells]
        for ref, v in cells:
            if isinstance(v, str) and v:
                hits += [h for h in scan_text(v, output, f"{title}!{ref}") if h.code != "D803"]
        for key, (sheet, label, nth) in TABLE_CELLS.items():
            if title == sheet and key not in totals and label in values:
                nums = [x for x in values[values.index(label) + 1:] if isinstance(x, Decimal)]
                if len(nums) > nth:
                    totals[key] = nums[nth]
    return hits, totals


def check_outputs(document: Optional[Path], workbooks: Iterable[Path]) -> list[Finding]:
    """Every D8xx hit of one build's staged outputs: the workbooks (the
    first is the nine tables) and the Word document, checked against the
    tables' totals."""
    hits: list[Finding] = []
    totals: dict[str, Decimal] = {}
    for i, p in enumerate(workbooks):
        h, t = check_workbook(Path(p), TABLES if i == 0 else "绩效自评表")
        hits += h
        if i == 0:
            totals = t
    if document is not None:
        hits += check_document(Path(document), totals)
    return hits


class SelfCheckFailed(Exception):
    """The staged outputs failed the self-check; ``findings`` say where."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} 处文档自检问题")
        self.findings = findings
