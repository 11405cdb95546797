"""Helpers for the Word document tests: build a document, read its text."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from reportgen.compute.tables import Catalogues, compute
from reportgen.core.profile import load_profile
from reportgen.read.reader import read_workbook
from reportgen.render.docx import render_document
from reportgen.selfeval.tables import evaluate

_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def edit_runs(docx_path: Path, edits=(), add=None) -> None:
    """Replace each (old, new) of ``edits`` in the runs of ``docx_path`` that
    hold ``old`` (each must be found), append a paragraph ``add``; saved in place."""
    doc = Document(str(docx_path))
    for old, new in edits:
        runs = [r for p in doc.paragraphs for r in p.runs if old in r.text]
        assert runs, old
        for r in runs:
            r.text = r.text.replace(old, new)
    if add:
        doc.add_paragraph(add)
    doc.save(str(docx_path))


def norm(text: str) -> str:
    """Compare without whitespace (the reference is PDF-extracted text, full
    of line breaks and spaces) and with one kind of bracket (the reference
    mixes “(类)” and “（类）”)."""
    return re.sub(r"\s+", "", text).translate(_BRACKETS)


def docx_text(path: Path) -> str:
    """Every text run of the body, in document order (tables included)."""
    body = Document(str(path)).element.body
    return "".join(t.text or "" for t in body.iter(qn("w:t")))


def render(src: Path, out: Path, profile: str = "default") -> tuple[Path, list[str]]:
    wb = read_workbook(src)
    cats = Catalogues.load(wb)
    ev = evaluate(wb)
    report = compute(wb, cats, ev)
    messages = render_document(report, ev, load_profile(profile), out)
    return out, messages
