"""The rule registry: one small function per rule, registered with its code.

A rule is ``def rule(ctx) -> Iterable[Finding]`` decorated with ``@rule(code,
severity, message, fix)``.  Its docstring is its documentation: `reportgen
rules` and docs/rules.md are generated from the registry.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable, Iterable, Optional

from reportgen.core import fmt, schema
from reportgen.core.model import Cell
from reportgen.validate.findings import ERROR, WARNING, Finding

# the clause a rounding-tolerant message ends with when the difference is
# small enough to come from rounding 元 to 万元 cell by cell
ROUNDING_NOTE = "（在尾数误差范围内）"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    message: str   # a str.format template filled from a finding's values
    fix: str
    func: Callable
    family: str
    # the rule compares amounts: a difference within the tolerance is a
    # warning whatever ``severity`` says (see Context.compare)
    rounding: bool = False

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def title(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.func.__name__

    @property
    def body(self) -> str:
        """The docstring without its title line."""
        return "\n".join(self.doc.splitlines()[1:]).strip()

    @property
    def severity_text(self) -> str:
        if self.rounding:
            return f"{self.severity}（差额在尾数误差容差内时为{WARNING}）"
        return self.severity


FAMILIES = {
    "S": "结构（工作表、列、单元格内容）",
    "C": "科目目录",
    "T": "表内合计",
    "X": "表间勾稽",
    "P": "合理性",
    "V": "绩效自评",
}

REGISTRY: dict[str, Rule] = {}


def rule(code: str, severity: str, message: str, fix: str = "", rounding: bool = False):
    def deco(func):
        if code in REGISTRY:
            raise ValueError(f"duplicate rule code {code}")
        REGISTRY[code] = Rule(code, severity, message, fix, func, code[0], rounding)
        func.rule_code = code
        return func
    return deco


def _shown(value, scale: int = 0):
    # amounts reach the clerk formatted once, here, in the workbook's 金额单位
    # (``scale``: -4 for 元) and exactly; values keep the Decimal 万元
    if not isinstance(value, Decimal):
        return value
    try:
        return fmt.money_as_entered(value, scale)
    except InvalidOperation:  # beyond Decimal precision: an absurd figure, shown as typed
        return format(value, "f")


class Context:
    """What every rule sees: the workbook, the catalogues, the settings, and
    a helper that turns a cell plus values into a Finding."""

    def __init__(self, workbook, catalogues, tolerance: Decimal, evaluation=None):
        self.wb = workbook
        self.cats = catalogues
        # the workbook's self-evaluation, made once by the pipeline
        self.evaluation = evaluation
        self.tolerance = tolerance
        self.year = workbook.catalogue_year or workbook.year or 0
        self._shared: dict = {}

    def shared(self, key, make):
        """``make()``, made once per validation run and kept under ``key``:
        for what several rules, or one rule line by line, look up (the
        evaluation, an index of the lines)."""
        if key not in self._shared:
            self._shared[key] = make()
        return self._shared[key]

    def finding(self, code: str, /, where: Optional[Cell] = None, *,
                loc: tuple[str, str] = ("", ""), severity: Optional[str] = None,
                **values) -> Finding:
        """A finding of rule ``code`` at a cell (``where``) or at ``loc``
        = (sheet, A1 ref or "") when no single cell holds the value.
        ``code`` is positional-only, so a template may use a value named code.

        Decimal values are shown with ``fmt.money_as_entered`` (in the
        workbook's 金额单位, every decimal they have) in the message and kept
        as Decimal 万元 in ``values``."""
        r = REGISTRY[code]
        sheet, cell = (where.sheet, where.ref) if where is not None else loc
        scale = schema.UNIT_SCALE[self.wb.amount_unit]
        shown = {k: _shown(v, scale) for k, v in values.items()}
        return Finding(
            code=code, severity=severity or r.severity, sheet=sheet, cell=cell,
            message=r.message.format(**shown), fix=r.fix.format(**shown), values=values,
        )

    def allowed(self, levels: int) -> Decimal:
        """The rounding difference tolerated across ``levels`` summed levels."""
        return self.tolerance * max(1, levels)

    def compare(self, code: str, entered: Decimal, derived: Decimal, levels: int, /,
                where: Optional[Cell] = None, *, loc: tuple[str, str] = ("", ""),
                **values) -> Optional[Finding]:
        """A finding when ``entered`` differs from ``derived``, else None.

        A difference of at most ``tolerance × levels`` is a warning that says
        it is a 尾数误差; a larger one has the rule's severity.  The values
        ``entered``, ``derived``, ``diff`` (absolute) and ``note`` are added
        for the templates."""
        diff = entered - derived
        if diff == 0:
            return None
        rounding = abs(diff) <= self.allowed(levels)
        return self.finding(
            code, where, loc=loc, severity=WARNING if rounding else None,
            entered=entered, derived=derived, diff=abs(diff),
            note=ROUNDING_NOTE if rounding else "", **values,
        )


def all_rules() -> list[Rule]:
    from reportgen.validate import rules  # noqa: F401  - registers the rules on import
    order = list(FAMILIES)
    # families in their documented order (structure first: later rules trust it)
    return sorted(REGISTRY.values(),
                  key=lambda r: (order.index(r.family) if r.family in order else len(order), r.code))


def run(ctx: Context, only: Optional[Iterable[str]] = None) -> list[Finding]:
    wanted = set(only) if only else None
    out: list[Finding] = []
    for r in all_rules():
        if wanted is None or r.code in wanted:
            out.extend(f for f in r.func(ctx) if f is not None)
    return out


__all__ = ["ERROR", "WARNING", "Finding", "Rule", "rule", "Context", "run", "all_rules",
           "REGISTRY", "ROUNDING_NOTE"]
