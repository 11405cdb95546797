"""docs/template-fields.md is generated from the typed context and kept fresh."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location("template_fields", ROOT / "tools" / "template_fields.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_template_fields_doc_is_up_to_date():
    committed = (ROOT / "docs" / "template-fields.md").read_text(encoding="utf-8")
    assert committed == _tool().generate(), \
        "docs/template-fields.md is stale: run .venv/bin/python tools/template_fields.py"


def test_every_name_the_default_template_uses_is_documented():
    """Each top-level name and each dotted field the default document.docx
    uses appears in the generated file (the contract covers the template)."""
    import re
    import zipfile
    text = (ROOT / "docs" / "template-fields.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([^`]+)`", text, re.M))
    documented = {d.replace("[]", "") for d in documented}
    xml = zipfile.ZipFile(ROOT / "templates" / "default" / "document.docx").read("word/document.xml")
    body = re.sub(r"<[^>]+>", "", xml.decode("utf-8"))
    used = set(re.findall(r"\b((?:total|income|expense|fiscal|general|basic|gov|soe|sangong|operation|"
                          r"procurement|assets|performance|appendix|glossary|overview|doc)(?:\.\w+)+)", body))
    missing = sorted(u for u in used if u not in documented)
    assert missing == []


def test_a_documented_field_carries_meaning_unit_and_example():
    text = (ROOT / "docs" / "template-fields.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `general.budget_rate`"))
    _, field, meaning, unit, example, _ = [c.strip() for c in row.split("|")]
    assert meaning and unit == "%" and example.endswith("%")


def test_the_default_template_computes_no_rate():
    """Rates and shares are computed once, by compute; the template only
    formats them (``|rate``), it divides nothing (``|percent(whole)``)."""
    import re
    import zipfile
    xml = zipfile.ZipFile(ROOT / "templates" / "default" / "document.docx").read("word/document.xml")
    body = re.sub(r"<[^>]+>", "", xml.decode("utf-8"))
    assert "|rate" in body
    assert "percent(" not in body
