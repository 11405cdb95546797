"""Reporters: findings for the clerk (grouped by sheet) and for machines,
and the rule list that `reportgen rules` and docs/rules.md show."""

from __future__ import annotations

import json
from decimal import Decimal

from reportgen.validate import ERROR, WARNING, Finding, ValidationResult, all_rules
from reportgen.validate.report import format_human, format_json, json_doc, rules_markdown, rules_table

from support import ROOT

REGENERATE = "python -m reportgen rules --format markdown > docs/rules.md"


def _result() -> ValidationResult:
    return ValidationResult([_f("X402", ERROR, "基本支出经济分类", ""),
                             _f("T301", ERROR, "支出功能分类", "D14"),
                             _f("S113", WARNING, "补充数据", "A22"),
                             _f("T303", WARNING, "支出功能分类", "P3"),
                             _f("S101", ERROR, "单位信息", "")])


def _f(code, severity, sheet, cell):
    return Finding(code, severity, sheet, cell, _VALUES[code])


_VALUES = {
    "X402": {"entered": Decimal("1350.32"), "derived": Decimal("586.69"),
             "diff": Decimal("763.63"), "note": ""},
    "T301": {"label": "208", "column": "财政拨款收入", "entered": Decimal("9377.51"),
             "parts": "款", "derived": Decimal("9377.50"), "diff": Decimal("0.01"), "note": ""},
    "S113": {"text": "未知行", "expected": "……"},
    "T303": {"code": "2080101", "fund": "一般公共预算财政拨款", "begin": Decimal(0),
             "income": Decimal(1), "spent": Decimal(1), "derived": Decimal(0),
             "entered": Decimal("0.01"), "diff": Decimal("0.01"), "note": ""},
    "S101": {"sheet": "单位信息"},
}


def test_human_output_groups_by_sheet_in_template_order():
    text = format_human(_result(), "in.xlsx", verbose=True)
    lines = text.splitlines()
    assert lines[0] == "检查 in.xlsx"
    headers = [ln for ln in lines if ln.startswith("【")]
    assert headers == ["【单位信息】", "【支出功能分类】", "【基本支出经济分类】", "【补充数据】"]
    # inside a sheet by row: P3 before D14
    t303 = next(ln for ln in lines if ln.startswith("警告 T303 支出功能分类!P3 2080101"))
    assert lines.index(t303) < lines.index(
        "错误 T301 支出功能分类!D14 208 财政拨款收入 合计 9,377.51，各款之和 9,377.50，相差 0.01")
    i = lines.index("错误 T301 支出功能分类!D14 208 财政拨款收入 合计 9,377.51，各款之和 9,377.50，相差 0.01")
    assert lines[i + 1].startswith("    ") and "改为 9,377.50" in lines[i + 1]
    assert any(ln.startswith("错误 X402 基本支出经济分类 表6 基本支出合计 1,350.32") for ln in lines)
    assert lines[-1] == "共 3 个错误，2 个警告。"


def test_human_output_without_findings():
    text = format_human(ValidationResult([]), "in.xlsx")
    assert "未发现问题" in text and "共 0 个错误，0 个警告" in text


def test_json_output_carries_the_same_findings():
    doc = json.loads(format_json(_result(), "in.xlsx"))
    assert doc["file"] == "in.xlsx" and doc["errors"] == 3 and doc["warnings"] == 2
    assert doc["ok"] is False
    got = {(f["code"], f["sheet"], f["cell"], f["severity"]) for f in doc["findings"]}
    assert ("T301", "支出功能分类", "D14", ERROR) in got and len(got) == 5
    assert {f["where"] for f in doc["findings"]} >= {"支出功能分类!D14", "基本支出经济分类"}


def test_json_ok_is_the_exit_codes_verdict_also_under_strict():
    warned = ValidationResult([_f("S113", WARNING, "补充数据", "A22")])
    plain, strict = json_doc(warned, "in.xlsx"), json_doc(warned, "in.xlsx", strict=True)
    assert plain["ok"] is True and plain["strict"] is False and warned.exit_code() == 0
    assert strict["ok"] is False and strict["strict"] is True and warned.exit_code(True) == 1
    assert json.loads(format_json(warned, "in.xlsx", strict=True))["ok"] is False
    clean = ValidationResult([])
    assert json_doc(clean, strict=True)["ok"] is True


def test_rules_table_lists_every_rule():
    text = rules_table()
    for r in all_rules():
        assert f"{r.code}  {r.severity}  {r.message}" in text


def test_rules_markdown_documents_every_rule():
    text = rules_markdown()
    for r in all_rules():
        assert f"### {r.code}" in text and r.title in text and r.message in text
        assert r.body.splitlines()[0] in text


def test_docs_rules_md_is_generated_from_the_registry():
    path = ROOT / "docs" / "rules.md"
    assert path.exists(), f"docs/rules.md is missing; regenerate it with: {REGENERATE}"
    assert path.read_text("utf-8") == rules_markdown(), (
        f"docs/rules.md differs from the rule registry; regenerate it with: {REGENERATE}")
