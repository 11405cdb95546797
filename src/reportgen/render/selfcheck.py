"""The outputs check themselves before they are published.

Called by ``build`` on the staging folder, after every output is rendered
and before any moves into place (``core.safeio.staged`` then discards them
all).  Reads the text of the Word document (paragraphs with their heading
levels, tables) and of the workbooks, and reports, as D8xx findings:
leftover template syntax, placeholder text, doubled lead-ins or punctuation,
headings with nothing under them, totals sentences that disagree with
the table cells they report, and — given the document's figures as compose
recorded them (``compose.provenance``) — every amount and percentage of
every paragraph that is not the figure its words announce (D805) or no
figure of the report as the filters print it (D806: a typed figure, a
field printed raw or rounded otherwise).  Each finding names the output,
the section (the headings above the text, or sheet!cell) and the text.
"""

from __future__ import annotations

import fnmatch
import re
import zipfile
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Optional, Sequence

from lxml import etree

from reportgen.core import fmt
from reportgen.core.catalogue import lead_ins
from reportgen.core.jinja import shared_env
from reportgen.core.profile import default_words
from reportgen.core.text import DOUBLED_PUNCT, PLACEHOLDER, TEMPLATE_SYNTAX
from reportgen.validate.findings import ERROR, Finding

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT, TABLES = "Word 文档", "决算公开表"

SYNTAX = TEMPLATE_SYNTAX
# a year-on-year word left in brackets, as the official templates write
# the choice (“增加（减少）”): the words of [words] (``placeholders``)
_BRACKETED = "（{}）"
# a character said twice where Chinese never doubles it: “目标值为为全区…”,
# “的的”, “是是” (not “认为为”, “较为为难”, “目的的”, “的的确确”, “是是非非”, “是是否”)
DOUBLED_CHAR = r"(?<![作认成以因行称视较更最极甚尤])为为|(?<!目)的的(?!确)|是是(?![非否])"


# the colon after a heading (“发现的问题及原因：”)
_COLON = "[：:]"


def _doubled_lead_ins() -> str:
    """A field's lead-in said twice, by the sentence and the clerk's text
    (``catalogues/lead_ins.tsv``): “主要成效是主要成效是”, “主要产出和效益是成效：”,
    “主要用于用于”, “的接待工作的接待工作”.  Words of one character are
    ``DOUBLED_CHAR``'s."""
    out = []
    for leads, heads, tails in lead_ins().values():
        leads = [re.escape(w) for w in leads if len(w) > 1]
        heads = [re.escape(w) + _COLON for w in heads if len(w) > 1]
        # a heading then a lead-in is the clerk's own wording (“用途：用于…”)
        if leads:
            out.append(f"(?:{'|'.join(leads)}){_COLON}?\\s*(?:{'|'.join(leads + heads)})")
        if heads:
            out.append(f"(?:{'|'.join(heads)})\\s*(?:{'|'.join(heads)})")
        tails = [re.escape(w) for w in tails if len(w) > 1]
        if tails:
            out.append(f"(?:{'|'.join(tails)}){{2}}")
    return "|".join(out)


DOUBLED = re.compile(
    r"主要原因(?:是|为)?[：:]?\s*(?:主要(?:是|系|由于|原因)|原因|由于|因为|是由于)"
    r"|(?:主要是|主要系|主要由于){2}|" + DOUBLED_CHAR + "|" + _doubled_lead_ins() + "|"
    + DOUBLED_PUNCT.pattern)
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


def placeholders(style=None) -> re.Pattern:
    """The placeholder text of a document rendered under ``style`` (a
    profile's ``FormatSpec``; None: the default's): ``PLACEHOLDER`` (XX,
    ××, ***, “增加/减少”, a change word in brackets), or a year-on-year
    word of the profile's ``[words]`` or the default
    profile's in brackets (“（增加）”, “（下降）”)."""
    return _placeholders(getattr(style, "words", None) or default_words())


@lru_cache(maxsize=8)
def _placeholders(words) -> re.Pattern:
    said = dict.fromkeys(getattr(w, key).strip() for w in (words, default_words())
                         for key in ("increase", "decrease", "rise", "fall"))
    bracketed = [re.escape(_BRACKETED.format(w)) for w in said if w]
    return re.compile("|".join([PLACEHOLDER.pattern, *bracketed]))


def scan_text(text: str, output: str, section: str, style=None) -> list[Finding]:
    """The D801-D803 hits in one paragraph or cell of ``output`` (D802 as
    ``placeholders`` of ``style``, a profile's ``FormatSpec``)."""
    out = []
    for code, pattern in (("D801", SYNTAX), ("D802", placeholders(style)), ("D803", DOUBLED)):
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


def check_document(path: Path, totals: Optional[dict[str, Decimal]] = None,
                   figures: Sequence = (), texts: Sequence[str] = (),
                   style=None) -> list[Finding]:
    """The D8xx hits of a rendered .docx.  ``totals``: a key of
    ``TABLE_CELLS`` ("表1 总计") -> the amount its sentences must state, in 万元.
    ``figures`` (``compose.provenance.figures``): every amount and
    percentage the document may state; with them, every “…万元” and “…%” of
    every paragraph is checked (``check_figures``), the clerk's ``texts``
    (``compose.provenance.texts``) left aside; ``style``: the profile's
    ``[format]`` the document was rendered with (None: the default's)."""
    hits: list[Finding] = []
    figure_check = FigureCheck(figures, totals or {}, style) if figures else None
    heads: list[str] = []            # the headings above, by level
    open_heading: Optional[tuple[int, str]] = None   # a heading still waiting for content
    for level, text in document_blocks(path):
        section = " > ".join(h for h in heads if h) or "文档开头"
        if level > 0:
            if open_heading is not None and level <= open_heading[0]:
                hits.append(_hit("D804", DOCUMENT, open_heading[1], open_heading[1]))
            heads = heads[:level - 1] + [""] * max(0, level - 1 - len(heads)) + [text.strip()]
            open_heading = (level, text.strip())
            hits += scan_text(text, DOCUMENT, text.strip(), style)
            continue
        if not text.strip():
            continue
        open_heading = None
        hits += scan_text(text, DOCUMENT, section, style)
        said = len(hits)
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
                                     stated=m.group(1) + "万元", table=label.split()[0],
                                     cell=f"{label} {totals[label]:,.2f}万元"))
        if figure_check is not None and len(hits) == said and level == 0:
            # one finding per paragraph: a totals sentence already told stays told once
            hits += figure_check.paragraph(text, section, texts)
    if open_heading is not None:
        hits.append(_hit("D804", DOCUMENT, open_heading[1], open_heading[1]))
    return hits


# ---------------------------------------------------------------- every figure of every sentence
# a figure a sentence states: an amount in 万元 or a percentage
_TOKEN = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s*(万元|%)")
# the words a sentence puts before a figure, and the figures they announce:
# paths with list indices as “#”, fnmatch patterns.  The words nearest
# the figure in its clause decide (``FigureCheck._announced``); a list
# entry's name (“基本支出”, a 项 or 项目's name) announces the figures of
# that entry.  Templates word the totals “收、支总计” (2022 reference),
# “收入支出总计” (Shanghai 2024) or “收支总计”.  The words a profile may
# reword are not here but in ``WORD_CUES`` and ``LABEL_CUES`` (``cues``).
CUES = (
    (r"(?<!财政拨款)收(?:入)?、?支(?:出)?总计", ("total.amount", "total.expense_amount")),
    (r"财政拨款收(?:入)?、?支(?:出)?总计", ("fiscal.amount", "fiscal.expense_amount")),
    (r"收入合计", ("total.income_total", "income.total")),
    (r"支出合计", ("total.expense_total", "expense.total", "general.expense_total",
                  "performance.unit_amount")),
    (r"一般公共预算财政拨款支出", ("general.amount",)),
    (r"^占", ("*share",)),
    (r"完成(?:年初|全年)?预算的$", ("*budget_rate", "*base_rate", "*.items.#.rate",
                                 "*.projects.#.rate")),
    (r"执行率(?:为)?$", ("*.rate", "*_rate")),
    (r"预算(?:数)?(?:为)?$", ("*budget",)),
    (r"^执行$|执行数(?:为)?$", ("*actual", "*.projects.#.amount", "*.tables.#.actual")),
    (r"决算(?:数)?为$", ("general.amount", "*.items.#.actual", "sangong.amount",
                        "sangong.*.amount", "sangong.*.purchase", "sangong.*.running")),
)
_CUES = tuple((re.compile(p), pats) for p, pats in CUES)
# the cues that are the profile's wording, by key, and the figures they
# announce, each right before its figure: the year-on-year words of
# ``[words]`` (“增加4332.89万元，增长48.5%”, written by the ``change``
# filter and ``…change.word``) and the names of ``[labels]`` the sentences
# put before a figure of another entry (“其中：基本支出…万元” is
# ``general.basic``, not the 支出 part named 基本支出)
WORD_CUES = (
    ("increase", ("*change.diff",)),
    ("decrease", ("*change.diff",)),
    ("rise", ("*change.rate",)),
    ("fall", ("*change.rate",)),
)
LABEL_CUES = (
    ("exp_basic", ("*.basic", "*.basic_actual", "*.basic_budget")),
    ("exp_project", ("*.project", "*.project_actual", "*.project_budget",
                     "performance.project_total")),
    ("carry_begin", ("*carry_begin",)),
    ("carry_end", ("*carry_end",)),
    ("income_total", ("total.income_total", "income.total")),
    ("expense_total", ("total.expense_total", "expense.total", "general.expense_total",
                       "performance.unit_amount")),
)
# a threshold of the wording, not a figure: “单价50万元(含)以上”
_THRESHOLD = re.compile(r"\s*(?:[（(]含[)）])?\s*(?:及)?(?:以上|以下)")
_CLAUSE = re.compile(r"[，。；：！？,;:!?\n]")
# words between a cue and its figure that say nothing: “预算为”, “总计达”
_FILLER = re.compile(r"(?:为|是|的|达|共计|共)*\s*$")


def cues(style=None) -> tuple:
    """The cues of a document rendered under ``style`` (a profile's
    ``FormatSpec``; None: the default's), as (compiled pattern, path
    patterns): ``CUES``, then each word of ``WORD_CUES`` and name of
    ``LABEL_CUES`` as the profile's ``[words]``/``[labels]`` write it and as
    the default profile's do (a copied document.docx keeps the default's
    names in its own sentences), each ending right before the figure.
    A word the profile leaves empty is no cue."""
    return _CUES + _profile_cues(getattr(style, "words", None) or default_words())


@lru_cache(maxsize=8)
def _profile_cues(words) -> tuple:
    out: dict[str, tuple[str, ...]] = {}
    for source in dict.fromkeys((words, default_words())):
        for key, pats in WORD_CUES:
            text = getattr(source, key).strip()
            if text:
                out[text] = tuple(dict.fromkeys(out.get(text, ()) + pats))
        for key, pats in LABEL_CUES:
            text = (source.label(key) or "").strip()
            if text:
                out[text] = tuple(dict.fromkeys(out.get(text, ()) + pats))
    return tuple((re.compile(re.escape(text) + "$"), pats) for text, pats in out.items())


def _norm(path: str) -> str:
    return re.sub(r"\[\d+\]", ".#", path)


def _filters(style=None) -> Mapping:
    """The number filters the document was rendered with: the Jinja
    environment's for the profile's ``[format]`` (``core.profile.FormatSpec``,
    None: the default's), so that what is expected is printed by the very
    functions (``core.fmt``) that printed the document."""
    return shared_env(False, style).filters


def renderings(figure, style=None) -> set[str]:
    """How the filters print ``figure`` (a ``compose.provenance.Figure``)
    under ``style`` (a profile's ``FormatSpec``; None: the default's): an
    amount as ``money``, ``plain`` or ``money_short`` (and ``change``'s
    difference, printed as ``plain``), a percentage as ``rate``; a
    negative one also without its sign."""
    filters = _filters(style)
    out = set()
    for v in {figure.value, abs(figure.value)}:
        if figure.unit == "%":
            out.add(filters["rate"](v)[:-1])
        else:
            out |= {filters[name](v) for name in ("money", "plain", "money_short")}
    return out


def percent_step(style=None) -> str:
    """The rounding of the percentages under ``style``, for messages:
    '0.1%' (one decimal), '0.01%', '1%'."""
    places = getattr(style, "percent_decimals", 1)
    return fmt.rate(Decimal(1).scaleb(-places), places)


class FigureCheck:
    """Every “…万元” and “…%” of a paragraph against the figures the
    document may state (D805, D806)."""

    def __init__(self, figures: Sequence, totals: dict[str, Decimal], style=None):
        self.figures = list(figures)
        self.style = style
        self.filters = _filters(style)
        self.said: dict[str, list] = {}      # rendering -> figures printed so
        for f in self.figures:
            for r in renderings(f, style):
                self.said.setdefault(f"{r}{f.unit}", []).append(f)
        self.owners: dict[str, list] = {}
        for f in self.figures:
            if len(f.owner) >= 2:
                self.owners.setdefault(f.owner, []).append(f)
        self.totals = totals
        # each cue's figures, matched once
        self.cued = [(rx, [f for f in self.figures
                           if any(fnmatch.fnmatchcase(_norm(f.path), p) for p in pats)])
                     for rx, pats in cues(style)]

    def _announced(self, clause: str, unit: str) -> list:
        """The figures (of ``unit``) the words of ``clause`` announce.  Each
        cue (of ``cues``, or an entry's name) found in it with figures of
        ``unit`` is a candidate, unless a longer candidate covers its words
        (“财政拨款收入” inside “财政拨款收入支出总计” is not that cue).  The
        candidates ending right before the figure (but for ``_FILLER``)
        decide, the longest of them; when none does, every candidate
        counts (a sentence may name a figure in several ways: “占本年支出
        合计的” is a share)."""
        found: list[tuple[int, int, list]] = []     # (start, end, figures)
        for rx, figs in self.cued:
            own = [f for f in figs if f.unit == unit]
            if own:
                found += [(m.start(), m.end(), own) for m in rx.finditer(clause)
                          if m.end() > m.start()]
        for name, figs in self.owners.items():
            own = [f for f in figs if f.unit == unit]
            at = clause.find(name) if own else -1
            while at >= 0:
                found.append((at, at + len(name), own))
                at = clause.find(name, at + 1)
        found = [c for c in found if not any(
            o[0] <= c[0] and c[1] <= o[1] and o[1] - o[0] > c[1] - c[0] for o in found)]
        end = _FILLER.search(clause).start()
        last = [c for c in found if c[1] >= end]
        if last:
            longest = max(c[1] - c[0] for c in last)
            found = [c for c in last if c[1] - c[0] == longest]
        out: list = []
        for _, _, figs in found:
            out += [f for f in figs if f not in out]
        return out

    @staticmethod
    def _misprinted(stated: str, figs) -> bool:
        """``stated`` is one of ``figs`` printed with other rounding: within
        one unit of its last digit."""
        try:
            v = Decimal(stated.replace(",", ""))
        except InvalidOperation:
            return False
        unit = Decimal(1).scaleb(v.as_tuple().exponent)
        return any(abs(abs(f.value) - v) <= unit for f in figs)

    def _describe(self, f) -> str:
        money = self.filters["money"]
        shown = money(f.value) + "万元" if f.unit == "万元" else self.filters["rate"](f.value)
        if f.cell and f.cell in self.totals and f.unit == "万元":
            return f"{f.cell} {money(self.totals[f.cell])}万元"
        return f"{f.meaning or f.path}（{f.path}）{shown}"

    def paragraph(self, text: str, section: str, texts: Sequence[str] = ()) -> list[Finding]:
        """The D805/D806 hits of one paragraph (one finding at most)."""
        masked = text
        for t in texts:
            if t in masked:
                # whole numbers only: “8” masked inside “82.5%” would leave “2.5%”
                masked = re.sub(r"(?<![\d.,])" + re.escape(t) + r"(?![\d.,])",
                                lambda m: " " * len(m.group()), masked)
        start = 0
        for m in _TOKEN.finditer(masked):
            stated, unit = m.group(1), m.group(2)
            if _THRESHOLD.match(masked, m.end()):
                continue
            key = stated + unit
            cuts = [c.end() for c in _CLAUSE.finditer(masked, start, m.start())]
            clause = masked[max([start] + cuts):m.start()]
            start = m.end()
            own = self.said.get(key, [])
            announced = self._announced(clause, unit)
            if not own and (self._misprinted(stated, announced) or not announced
                            or self._misprinted(stated, [f for f in self.figures
                                                         if f.unit == unit])):
                # no figure printed so: rounded otherwise, printed raw, or typed
                return [_hit("D806", DOCUMENT, section, _snippet(text, m), stated=key,
                             step=percent_step(self.style))]
            if announced and not any(f in announced for f in own):
                return [_hit("D805", DOCUMENT, section, _snippet(text, m), stated=key,
                             cell="或".join(dict.fromkeys(self._describe(f)
                                                         for f in announced[:3])))]
            for f in own:
                if f in announced and f.cell in self.totals and f.unit == "万元" and \
                        fmt.money(self.totals[f.cell]) != fmt.money(f.value):
                    return [_hit("D805", DOCUMENT, section, _snippet(text, m), stated=key,
                                 cell=self._describe(f))]
        return []


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


def check_workbook(path: Path, output: str = TABLES, notes: Optional[set] = None,
                   style=None) -> tuple[list[Finding], dict[str, Decimal]]:
    """The D801/D802 hits of a rendered .xlsx (placeholders as ``style``,
    the profile's ``FormatSpec``, words them), and the cells of
    ``TABLE_CELLS`` found in it, in 万元; its texts holding a digit are
    added to ``notes``."""
    hits: list[Finding] = []
    totals: dict[str, Decimal] = {}
    for title, _, cells in workbook_cells(path):
        values = [v for _, v in cells]
        for ref, v in cells:
            if isinstance(v, str) and v:
                hits += [h for h in scan_text(v, output, f"{title}!{ref}", style)
                         if h.code != "D803"]
                if notes is not None and any(c.isdigit() for c in v):
                    notes.add(v)
        for key, (sheet, label, nth) in TABLE_CELLS.items():
            if title == sheet and key not in totals and label in values:
                nums = [x for x in values[values.index(label) + 1:] if isinstance(x, Decimal)]
                if len(nums) > nth:
                    totals[key] = nums[nth]
    return hits, totals


def check_outputs(document: Optional[Path], workbooks: Iterable[Path],
                  figures: Sequence = (), texts: Sequence[str] = (),
                  style=None) -> list[Finding]:
    """Every D8xx hit of one build's staged outputs: the workbooks (the
    first is the nine tables) and the Word document, checked against the
    tables' totals and, given the document's ``figures`` and the clerk's
    ``texts`` (``compose.provenance``), every amount and percentage of
    every sentence, as printed under ``style`` (the profile's ``[format]``,
    ``core.profile.FormatSpec``; None: the default's)."""
    hits: list[Finding] = []
    totals: dict[str, Decimal] = {}
    notes: set[str] = set()
    for i, p in enumerate(workbooks):
        h, t = check_workbook(Path(p), TABLES if i == 0 else "绩效自评表", notes, style)
        hits += h
        if i == 0:
            totals = t
    if document is not None:
        # the tables' own texts (notes, names) come into the document with them
        texts = sorted(set(texts) | notes, key=len, reverse=True)
        hits += check_document(Path(document), totals, figures, texts, style)
    return hits


class SelfCheckFailed(Exception):
    """The staged outputs failed the self-check; ``findings`` say where."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} 处文档自检问题")
        self.findings = findings
