"""Turning findings into text: for the clerk, for machines, and the rule list.

Rules produce data (``Finding``); nothing else in ``validate`` formats.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from pathlib import Path
from typing import Iterable

from reportgen.core import schema
from reportgen.validate.findings import ERROR, INFO, WARNING, Finding, ValidationResult
from reportgen.validate.registry import FAMILIES, all_rules

# findings listed per code in the short console summary
FIRST_FEW = 3

_WORKBOOK = "（整个工作簿）"
_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _position(f: Finding) -> tuple:
    """Sort key inside a sheet: sheet-level findings first, then by row and column."""
    m = _REF.match(f.cell or "")
    if not m:
        return (0, 0, 0, f.code)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return (1, int(m.group(2)), col, f.code)


def _by_sheet(findings: Iterable[Finding]) -> "OrderedDict[str, list[Finding]]":
    """Findings grouped by sheet, sheets in the template's order."""
    order = [s.name for s in schema.SHEETS]
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.sheet, []).append(f)
    keys = sorted(groups, key=lambda s: (0, -1) if not s else
                  (1, order.index(s)) if s in order else (2, 0))
    return OrderedDict((k, sorted(groups[k], key=_position)) for k in keys)


# public: the web page groups findings exactly as the command line does
by_sheet = _by_sheet


def summary(result: ValidationResult) -> str:
    """“共 2 个错误，3 个警告” (and “，4 条提示” when there are any)."""
    text = f"共 {len(result.errors)} 个{ERROR}，{len(result.warnings)} 个{WARNING}"
    if result.infos:
        text += f"，{len(result.infos)} 条{INFO}"
    return text


def format_human(result: ValidationResult, path: str | Path = "", verbose: bool = False) -> str:
    """The findings for the clerk's console, then a summary line.

    By default grouped by rule code, errors first: each code with its count
    and its first ``FIRST_FEW`` findings (in sheet and row order), so a
    hundred similar warnings do not hide one error.  ``verbose``: every
    finding, grouped by sheet, one line each with its advice below."""
    lines: list[str] = []
    if path:
        lines.append(f"检查 {path}")
    if not result.findings:
        lines.append("未发现问题。")
    if verbose:
        lines += _by_sheet_lines(result)
    else:
        lines += _by_code_lines(result)
    lines.append("")
    lines.append(summary(result) + "。")
    return "\n".join(lines) + "\n"


def _by_code_lines(result: ValidationResult) -> list[str]:
    order = {r.code: i for i, r in enumerate(all_rules())}
    severity = {ERROR: 0, WARNING: 1, INFO: 2}
    ordered = [f for fs in _by_sheet(result.findings).values() for f in fs]
    groups: dict[tuple, list[Finding]] = {}
    for f in ordered:
        groups.setdefault((severity.get(f.severity, 3), order.get(f.code, len(order)), f.code,
                           f.severity), []).append(f)
    lines: list[str] = []
    for key in sorted(groups):
        fs = groups[key]
        # 提示 name distinct optional parts: all are listed
        few = len(fs) if key[3] == INFO else FIRST_FEW
        head = f"{key[3]} {key[2]}（{len(fs)} 处）"
        if len(fs) > few:
            head += f"：以下列出前 {few} 处，全部请加 --verbose 或 --format json 查看"
        lines.append("")
        lines.append(head)
        for f in fs[:few]:
            lines.append(f"  {f.where or _WORKBOOK} {f.message}")
        # the advice once per code; when it depends on the cell (S105: an amount,
        # a count, a year) each distinct advice of the cells listed, once
        for fix in dict.fromkeys(f.fix for f in fs[:few] if f.fix):
            lines.append(f"  改正：{fix}")
    return lines


def _by_sheet_lines(result: ValidationResult) -> list[str]:
    lines: list[str] = []
    for sheet, findings in _by_sheet(result.findings).items():
        lines.append("")
        lines.append(f"【{sheet or _WORKBOOK}】")
        for f in findings:
            lines.append(f"{f.severity} {f.code} {f.where or _WORKBOOK} {f.message}")
            if f.fix:
                lines.append(f"    改正：{f.fix}")
    return lines


def json_doc(result: ValidationResult, path: str | Path = "", strict: bool = False) -> dict:
    """The findings of one workbook as a dict for JSON: ``{"file", "ok",
    "strict", "errors", "warnings", "infos", "findings": [Finding.as_dict()…]}``,
    the findings by sheet as the screen lists them.  ``ok`` is the verdict
    of the exit code: no error, and with ``strict`` (``--strict``) no warning
    either."""
    ordered = [f for fs in _by_sheet(result.findings).values() for f in fs]
    return {
        "file": str(path),
        "ok": result.exit_code(strict) == 0,
        "strict": strict,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "infos": len(result.infos),
        "findings": [f.as_dict() for f in ordered],
    }


def format_json(result: ValidationResult, path: str | Path = "", strict: bool = False) -> str:
    """The same findings as a JSON object (``json_doc``), for machines."""
    return json.dumps(json_doc(result, path, strict), ensure_ascii=False, indent=2) + "\n"


def rules_table() -> str:
    """Every rule, for `reportgen rules`: code, severity, the Chinese message
    template and advice (the English docstrings are for docs/rules.md)."""
    out: list[str] = []
    family = ""
    for r in all_rules():
        if r.family != family:
            family = r.family
            if out:
                out.append("")
            out.append(f"{_family_head(r)} {FAMILIES.get(family, '')}")
        out.append(f"  {r.code}  {r.severity}  {r.message}")
        if r.fix:
            out.append(f"        改正：{r.fix}")
    return "\n".join(out) + "\n"


def _family_head(r) -> str:
    """"S1xx" for a family of numbered rules; the code itself otherwise."""
    return f"{r.code[:2]}xx" if r.code[1:2].isdigit() else r.code


def _family_doc(family: str) -> str:
    from reportgen.validate.rules import FAMILY_MODULES
    import inspect
    mod = FAMILY_MODULES.get(family)
    return inspect.cleandoc(mod.__doc__ or "") if mod is not None else ""


def rules_markdown() -> str:
    """docs/rules.md: every rule with its documentation, from the registry."""
    rules = all_rules()
    out = [
        "# 校验规则",
        "",
        "<!-- 本文件由 `python -m reportgen rules --format markdown > docs/rules.md` 生成，请勿手工修改。 -->",
        "",
        "`reportgen validate` 与 `reportgen build` 运行下列规则。严重程度为“错误”的问题存在时不生成任何文件；"
        "“警告”照常输出（`--strict` 时也视为错误）；“提示”只作说明，从不阻止生成。"
        "D8xx 不检查工作簿，而是在生成后、输出前检查生成的文档本身。",
        "消息模板中的 `{…}` 由每条发现的数据填入；金额以万元、两位小数显示。",
        "",
        "| 编码 | 严重程度 | 规则 |",
        "|---|---|---|",
    ]
    for r in rules:
        out.append(f"| [{r.code}](#{r.code.lower()}) | {r.severity_text} | {r.title} |")
    family = ""
    for r in rules:
        if r.family != family:
            family = r.family
            out += ["", f"## {_family_head(r)} {FAMILIES.get(family, '')}", ""]
            doc = _family_doc(family)
            if doc:
                out += [doc, ""]
        out += [f"### {r.code}", "", f"**{r.title}**", "",
                f"- 严重程度：{r.severity_text}",
                f"- 消息：`{r.message}`"]
        if r.fix:
            out.append(f"- 改正：`{r.fix}`")
        if r.body:
            out += ["", r.body]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


__all__ = ["format_human", "format_json", "rules_table", "rules_markdown", "summary"]
