"""The clerk's typed texts, made into clauses and paragraphs.

Pure string functions: the report (``compute``) keeps texts cleaned by these,
and the Word template writes its own “主要原因是…。” around them.
"""

from __future__ import annotations

import re
from typing import Optional

_REASON_PREFIX = re.compile(r"^(其?主要原因(是|为|：|:)?|原因(是|为|：|:))\s*")
_END_PUNCT = "。．.；;，,、 \n"


def join_lines(text: Optional[str]) -> str:
    """A multi-line cell as one run of text: lines of Chinese join without a
    space (a space between two Chinese sentences is a visible gap), other
    lines with one."""
    out = ""
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if out and not (_cjk(out[-1]) or _cjk(line[0])):
            out += " "
        out += line
    return out


def _cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def reason_text(text: Optional[str]) -> str:
    """The clerk's reason as a clause: the template writes “主要原因是…。”
    itself, so a typed “主要原因是” and the final full stop are removed."""
    t = join_lines(text)
    t = _REASON_PREFIX.sub("", t)
    return t.rstrip(_END_PUNCT)


def sentence_text(text: Optional[str]) -> str:
    """A clause that the template ends with its own full stop."""
    return join_lines(text).rstrip(_END_PUNCT)


def paragraphs(text: Optional[str]) -> list[str]:
    """A long text cell as paragraphs, one per line, blank lines dropped."""
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
