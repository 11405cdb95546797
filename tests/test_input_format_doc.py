"""docs/input-format.md describes the format the program actually reads."""

from __future__ import annotations

import importlib.util

from reportgen.core import schema

from support import ROOT

DOC = ROOT / "docs" / "input-format.md"


def _tables_module():
    spec = importlib.util.spec_from_file_location(
        "input_format_tables", ROOT / "tools" / "input_format_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_column_tables_are_up_to_date():
    tables = _tables_module()
    assert tables.generated_part(DOC.read_text("utf-8")) == tables.render(), (
        "run: python tools/input_format_tables.py --write")


def test_doc_lists_every_sheet_header_and_label():
    text = DOC.read_text("utf-8")
    for decl in schema.SHEETS:
        assert f"### {decl.name}" in text
        for col in getattr(decl, "columns", ()):
            assert f"| {col.header} |" in text or f"{col.header}（`{col.key}`）" in text, col.header
        for item in (*getattr(decl, "items", ()), *getattr(decl, "rows", ())):
            assert f"| {item.label} |" in text, item.label


def test_doc_names_the_catalogue_file_columns():
    text = DOC.read_text("utf-8")
    for column in ("scheme", "edition", "code", "name", "level", "explanation", "group"):
        assert f"`{column}`" in text
