"""Findings are plain data; turning them into text is the reporters' job."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

ERROR = "错误"
WARNING = "警告"


@dataclass(frozen=True)
class Finding:
    """One problem at one place.

    ``code`` is the rule's stable code (e.g. "S101"); ``sheet`` and ``cell``
    name where to look ("" when the problem belongs to a whole sheet or the
    whole workbook); ``values`` fills the rule's message template.
    """

    code: str
    severity: str
    sheet: str
    cell: str
    message: str
    fix: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def as_dict(self) -> dict:
        return {
            "code": self.code, "severity": self.severity, "sheet": self.sheet,
            "cell": self.cell, "where": self.where, "message": self.message,
            "fix": self.fix, "values": {k: _jsonable(v) for k, v in self.values.items()},
        }


def _jsonable(v: Any) -> Any:
    from decimal import Decimal
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


@dataclass
class ValidationResult:
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    def exit_code(self, strict: bool = False) -> int:
        if self.errors or (strict and self.warnings):
            return 1
        return 0

    def at(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.code == code]


def first(optional: Optional[Finding]):  # pragma: no cover - helper for typing
    return optional
