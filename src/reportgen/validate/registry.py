"""The rule registry: one small function per rule, registered with its code.

A rule is ``def rule(ctx) -> Iterable[Finding]`` decorated with ``@rule(code,
severity, message, fix)``.  Its docstring is its documentation: `reportgen
rules` and docs/rules.md are generated from the registry.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Optional

from ..model import Cell
from .findings import ERROR, WARNING, Finding


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    message: str   # a str.format template filled from a finding's values
    fix: str
    func: Callable
    family: str

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def title(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.func.__name__


FAMILIES = {
    "S": "结构（工作表、列、单元格内容）",
    "C": "科目目录",
    "T": "表内合计",
    "X": "表间勾稽",
    "P": "合理性",
}

REGISTRY: dict[str, Rule] = {}


def rule(code: str, severity: str, message: str, fix: str = ""):
    def deco(func):
        if code in REGISTRY:
            raise ValueError(f"duplicate rule code {code}")
        REGISTRY[code] = Rule(code, severity, message, fix, func, code[0])
        func.rule_code = code
        return func
    return deco


class Context:
    """What every rule sees: the workbook, the catalogues, the settings, and
    a helper that turns a cell plus values into a Finding."""

    def __init__(self, workbook, catalogues, tolerance: Decimal):
        self.wb = workbook
        self.cats = catalogues
        self.tolerance = tolerance
        self.year = workbook.catalogue_year or workbook.year or 0

    def finding(self, code: str, where: Optional[Cell] = None, *,
                loc: tuple[str, str] = ("", ""), severity: Optional[str] = None,
                **values) -> Finding:
        """A finding of rule ``code`` at a cell (``where``) or at ``loc``
        = (sheet, A1 ref or "") when no single cell holds the value."""
        r = REGISTRY[code]
        sheet, cell = (where.sheet, where.ref) if where is not None else loc
        return Finding(
            code=code, severity=severity or r.severity, sheet=sheet, cell=cell,
            message=r.message.format(**values), fix=r.fix.format(**values), values=values,
        )


def all_rules() -> list[Rule]:
    from . import rules  # noqa: F401  - registers the rules on import
    return [REGISTRY[c] for c in sorted(REGISTRY)]


def run(ctx: Context, only: Optional[Iterable[str]] = None) -> list[Finding]:
    wanted = set(only) if only else None
    out: list[Finding] = []
    for r in all_rules():
        if wanted is None or r.code in wanted:
            out.extend(r.func(ctx))
    return out


__all__ = ["ERROR", "WARNING", "Finding", "Rule", "rule", "Context", "run", "all_rules", "REGISTRY"]
