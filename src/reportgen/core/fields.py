"""Documented dataclass fields: the typed report and the document context
say, field by field, what a value means and in which unit, and
``tools/template_fields.py`` writes ``docs/template-fields.md`` from it."""

from __future__ import annotations

from dataclasses import field

WAN = "万元"
PCT = "%"


def fld(doc: str, unit: str = "", **kw):
    """A dataclass field documented for ``docs/template-fields.md``: ``doc``
    the meaning in Chinese, ``unit`` 万元, % or ''.  Other keywords
    (``default``, ``default_factory``) go to ``dataclasses.field``."""
    return field(metadata={"doc": doc, "unit": unit}, **kw)
