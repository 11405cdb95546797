"""The clerk's typed texts, made into clauses and paragraphs.

Pure string functions: the report (``compute``) keeps texts cleaned by these,
and the Word template writes its own “主要原因是…。” around them.
"""

from __future__ import annotations

import re
from typing import Optional

_END_PUNCT = "。．.；;，,、！!？? \n"

# slips a text must not carry into the outputs, looked for in the clerk's typed
# texts before rendering (validate, S13x) and in the rendered outputs (render.selfcheck, D80x):
# template syntax, the placeholders of a blank form (XX, ××, “（增加）”) and doubled punctuation
TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
# XX in either case and width, not inside a word (XXL, XXI); ××; a run of
# * or ＊; a year-on-year word in any brackets (“（增加）”“(减少)”“【增长】”“（增加/减少）”);
# two such words to choose from (“增加/减少”).  Not 某某: a real name may hold it
# (a 单位名称 of 某某… is only a warning, P505), so it cannot stop a build
PLACEHOLDER = re.compile(
    r"(?<![A-Za-zＡ-Ｚａ-ｚ])(?:[XxＸｘ]{2,}|×{2,})(?![A-Za-zＡ-Ｚａ-ｚ])"
    r"|[*＊]{2,}"
    r"|[（(【\[〔]\s*(?:增加|减少|增长|下降)(?:\s*[/／]\s*(?:增加|减少|增长|下降))?\s*[）)】\]〕]"
    r"|(?:增加|减少|增长|下降)\s*[/／]\s*(?:增加|减少|增长|下降)")
DOUBLED_PUNCT = re.compile(r"[：:]{2}|[。，；：、,;！!？?][ \u3000]*[。，；,;]|、[ \u3000]*、|(?<!\.)\.\.(?!\.)")

# lead-ins a clerk types before a reason, which the document's sentence
# already says (“主要原因是…”): 主要原因是/为/在于, 原因主要是, 其主要原因,
# 变动原因, 主要是/系/由于/因为/为/在于, 是由于, 由于, 因为.  A lone 因 or
# 系 is not one (因公出国, 系统升级).
_LEAD_IN = re.compile(
    r"^(?:(?:其|该项?|此项?)?(?:变动|增减|差异|变化)?的?(?:主要)?原因(?:分析|说明)?(?:主要)?(?:是|为|在于|系|有)?"
    r"|主要(?:是|系|由于|因为|为|在于)"
    r"|是由于|是因为|由于|因为)")
_NOTHING = frozenset({"无", "没有", "/", "-", "—", "——", "－", "–", "暂无", "不适用", "无此项", "N/A", "n/a"})
_LEAD_PUNCT = "：:，,、。．.；;！!？?)）】」 \u3000\t\n"
# what follows a heading typed before a text (“成效：”)
_COLONS = "：:"
# what may end a reason clause: also a colon and ideographic space
_CLAUSE_END_PUNCT = "。．.；;，,、：:！!？? \u3000\t\n"


def one_line(text: object) -> str:
    """A multi-line cell as one run of text: lines of Chinese join without a
    space (a space between two Chinese sentences is a visible gap), other
    lines with one."""
    out = ""
    for line in str(text or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if out and not (_cjk(out[-1]) or _cjk(line[0])):
            out += " "
        out += line
    return out


def _cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def join_lines(text: Optional[str]) -> str:
    """A multi-line cell as one run of text (``one_line``)."""
    return one_line(text)


def reason_clause(text: object) -> str:
    """The clerk's reason as a bare clause, for a sentence that says
    “主要原因是…。” itself: every lead-in and punctuation typed before it
    (“主要是”, “原因主要是”, “主要由于”, “主要系”, “主要原因是：”, repeated
    or combined) and the punctuation after it are removed, so no template
    can double them.  "" for an empty cell."""
    t = one_line(text)
    while True:
        before = t
        t = t.lstrip(_LEAD_PUNCT)
        t = _LEAD_IN.sub("", t, count=1)
        if t == before:
            break
    t = t.rstrip(_CLAUSE_END_PUNCT)
    # “无”, “/”, “-”: nothing said, as a blank cell (never “主要原因是无。”)
    return "" if t in _NOTHING else t


def reason_text(text: Optional[str]) -> str:
    """The clerk's reason as a clause: the template writes “主要原因是…。”
    itself, so any typed lead-in, its punctuation and the final full stop
    are removed (``reason_clause``)."""
    return reason_clause(text)


def sentence_text(text: Optional[str]) -> str:
    """A clause that the template ends with its own full stop."""
    return join_lines(text).rstrip(_END_PUNCT)


def field_clause(field: str, text: object) -> str:
    """The clerk's text of ``field`` (a field of ``catalogues/lead_ins.tsv``:
    “effect”, “uses”, “purpose”, “problems”, “measures”, “unit_output”,
    “indicator”) as a clause for a sentence that writes its own lead-in
    (“主要成效是…”, “主要用于…的接待工作”, “发现的问题及原因：…”): the
    lead-ins of the field typed at its start (a heading only before a colon:
    “成效：”, never “成效显著”), with the punctuation after them, and its
    tails typed at the end (“的接待工作”) are removed, repeated or combined,
    and the final punctuation as ``sentence_text``.  "" for an empty cell;
    a field not in the list: ``sentence_text``."""
    from reportgen.core.catalogue import lead_ins

    leads, heads, tails = lead_ins().get(field, ((), (), ()))
    t = sentence_text(text)
    while True:
        before = t
        for w in leads:
            if t.startswith(w) and len(t) > len(w):
                t = t[len(w):].lstrip(_LEAD_PUNCT)
                break
        for w in heads:
            if t.startswith(w) and t[len(w):len(w) + 1] in _COLONS and len(t) > len(w) + 1:
                t = t[len(w):].lstrip(_LEAD_PUNCT)
                break
        for w in tails:
            if t.endswith(w) and len(t) > len(w):
                t = t[:-len(w)].rstrip(_END_PUNCT)
                break
        if t == before:
            return t


def paragraphs(text: Optional[str]) -> list[str]:
    """A long text cell as paragraphs, one per line, blank lines dropped."""
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
