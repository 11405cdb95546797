"""Findings are plain data; turning them into text is the reporters' job.

A ``Finding`` holds the rule's code, its severity, its position (sheet and a
cell or range) and the parameters of the rule's message template; it holds no
prose.  ``message`` and ``fix`` are formatted on demand from the rule's
templates in the registry (``reportgen.validate.registry.REGISTRY``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from reportgen.core import fmt

ERROR = "错误"
WARNING = "警告"
# informational: never blocks a build, not even with --strict
INFO = "提示"

SEVERITIES = (ERROR, WARNING, INFO)


def shown(value: Any, scale: int = 0) -> Any:
    """A template parameter as the clerk reads it: Decimal amounts (held in
    万元) formatted once, here, with ``fmt.money_as_entered`` — in the
    workbook's 金额单位 (``scale``: -4 for 元, 0 for 万元) and exactly, so a
    difference of 0.01 元 is not shown as 0.00; other values as they are."""
    if not isinstance(value, Decimal):
        return value
    try:
        return fmt.money_as_entered(value, scale)
    except InvalidOperation:  # beyond Decimal precision: an absurd figure, shown as typed
        return format(value, "f")


@dataclass(frozen=True)
class Finding:
    """One problem at one place, as data.

    ``code`` is the rule's stable code (e.g. "S101"); ``severity`` one of
    ``SEVERITIES``; ``sheet`` and ``cell`` name where to look (``cell`` an A1
    reference or a range "C2:C23"; "" when the problem belongs to a whole
    sheet or the whole workbook); ``values`` are the parameters of the rule's
    message template (amounts as Decimal 万元).  ``message`` and ``fix`` are
    the rule's templates filled from ``values``.
    """

    code: str
    severity: str
    sheet: str
    cell: str
    values: Mapping[str, Any] = field(default_factory=dict)
    # the workbook's 金额单位 as a power of ten to 万元 (-4: 元), for showing amounts
    scale: int = 0

    @property
    def where(self) -> str:
        """"sheet!cell", the sheet alone, or "" for the whole workbook."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def _template(self, which: str) -> str:
        from reportgen.validate import rules  # noqa: F401  - registers the templates
        from reportgen.validate.registry import REGISTRY
        r = REGISTRY.get(self.code)
        return getattr(r, which) if r is not None else ""

    def _fill(self, template: str) -> str:
        try:
            # a parameter the finding lacks (an optional note) is left out
            return template.format_map(_Params({k: shown(v, self.scale) for k, v in self.values.items()}))
        except (IndexError, ValueError, AttributeError):
            return template

    @property
    def message(self) -> str:
        """The rule's message template filled from ``values`` (Chinese)."""
        return self._fill(self._template("message"))

    @property
    def fix(self) -> str:
        """The rule's advice filled from ``values`` ("" when the rule has none)."""
        return self._fill(self._template("fix"))

    def as_dict(self) -> dict:
        """The finding for JSON: its data, and its message and advice formatted."""
        return {
            "code": self.code, "severity": self.severity, "sheet": self.sheet,
            "cell": self.cell, "where": self.where, "message": self.message,
            "fix": self.fix, "values": {k: _jsonable(v) for k, v in self.values.items()},
        }


class _Params(dict):
    def __missing__(self, key):
        return ""


def _jsonable(v: Any) -> Any:
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)


@dataclass
class ValidationResult:
    """The findings of one validation run, in the order the rules made them."""

    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        """The 错误 findings: they refuse the build."""
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """The 警告 findings: shown; they refuse the build only with --strict."""
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def infos(self) -> list[Finding]:
        """提示 findings: shown, never blocking."""
        return [f for f in self.findings if f.severity == INFO]

    def codes(self) -> set[str]:
        """The distinct rule codes found (e.g. {"S101", "B203"})."""
        return {f.code for f in self.findings}

    def exit_code(self, strict: bool = False) -> int:
        """1 when an error (or, with ``strict``, a warning) is found, else 0;
        提示 never counts."""
        if self.errors or (strict and self.warnings):
            return 1
        return 0

    def at(self, code: str) -> list[Finding]:
        """The findings of rule ``code``, in order."""
        return [f for f in self.findings if f.code == code]
