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

from reportgen.core import schema
from reportgen.core.model import Cell
from reportgen.validate.findings import ERROR, INFO, WARNING, Finding

# the clause a rounding-tolerant message ends with when the difference is
# small enough to come from rounding 元 to 万元 cell by cell
ROUNDING_NOTE = "（在尾数误差范围内）"
# the advice a rounding-tolerant rule adds only when the difference is within
# the tolerance (a warning): an error never says it may be left as it is
ROUNDING_ADVICE = "如差额是元转万元的尾数误差，可不修改。"
# the code of the finding made when a rule itself fails
RULE_ERROR = "rule-error"


@dataclass(frozen=True)
class Rule:
    """One registered validation rule: its stable ``code``, ``severity``
    (``findings.SEVERITIES``), the Chinese ``message`` and ``fix``
    templates (``str.format``, filled from a finding's values), the check
    ``func`` (its docstring is the rule's documentation in docs/rules.md)
    and its ``family`` (by default the code's first letter, ``FAMILIES``)."""

    code: str
    severity: str
    message: str   # a str.format template filled from a finding's values
    fix: str
    func: Callable
    family: str
    # the rule compares amounts: a difference within the tolerance is a
    # warning whatever ``severity`` says (see Context.compare)
    rounding: bool = False
    # the rule compares sums of amounts exactly (a balance): like a rounding
    # rule, silent while an amount it sums could not be read
    sums: bool = False

    @property
    def doc(self) -> str:
        """The rule function's docstring, dedented ('' when it has none)."""
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def title(self) -> str:
        """The first line of the docstring (the function's name without one)."""
        return self.doc.splitlines()[0] if self.doc else self.func.__name__

    @property
    def body(self) -> str:
        """The docstring without its title line."""
        return "\n".join(self.doc.splitlines()[1:]).strip()

    @property
    def severity_text(self) -> str:
        """The severity as docs/rules.md prints it, with the tolerance note
        for a rounding rule."""
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
    "I": "提示（可选内容未填）",
    "D": "文档自检（生成后、输出前）",
    "L": "与上年工作簿核对（--last）",
    "M": "合并时的内部往来（consolidate）",
    "E": "规则运行",
}

REGISTRY: dict[str, Rule] = {}


def rule(code: str, severity: str, message: str, fix: str = "", rounding: bool = False,
         family: str = "", sums: bool = False):
    """Register the decorated ``func(ctx) -> Iterable[Finding]`` as rule ``code``.

    ``message`` and ``fix`` are str.format templates (Chinese) filled from a
    finding's values; ``family`` defaults to the code's first letter."""
    def deco(func):
        if code in REGISTRY:
            raise ValueError(f"duplicate rule code {code}")
        REGISTRY[code] = Rule(code, severity, message, fix, func, family or code[0], rounding,
                              sums)
        func.rule_code = code
        return func
    return deco


class Context:
    """What every rule sees: the workbook, the catalogues, the settings, and
    a helper that turns a cell plus values into a Finding."""

    def __init__(self, workbook, catalogues, tolerance: Decimal, evaluation=None, last=None):
        self.wb = workbook
        # last year's figures (core.lastyear.LastYear) when checked with --last, else None
        self.last = last
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

        Decimal values are kept as Decimal 万元 in ``values``; the reporter
        shows them in the workbook's 金额单位 (``Finding.scale``).  A
        rounding-tolerant rule's ``advice`` value is ``ROUNDING_ADVICE`` for a
        warning and "" for an error."""
        r = REGISTRY[code]
        sheet, cell = (where.sheet, where.ref) if where is not None else loc
        sev = severity or r.severity
        if r.rounding:
            values.setdefault("advice", ROUNDING_ADVICE if sev != ERROR else "")
        scale = schema.UNIT_SCALE.get(getattr(self.wb, "amount_unit", None), 0)
        return Finding(code=code, severity=sev, sheet=sheet, cell=cell, values=values,
                       scale=scale)

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
    """Every registered rule, by family in ``FAMILIES`` order (structure
    first: later rules trust it), then by code."""
    from reportgen.validate import rules  # noqa: F401  - registers the rules on import
    order = list(FAMILIES)
    # families in their documented order (structure first: later rules trust it)
    return sorted(REGISTRY.values(),
                  key=lambda r: (order.index(r.family) if r.family in order else len(order), r.code))


@rule(RULE_ERROR, ERROR, "检查规则 {rule}（{title}）运行出错（{error}），该项检查未完成",
      "其余检查结果仍然有效。请把本条消息反馈给维护人员；在修复前不生成文件。", family="E")
def rule_error(ctx):
    """A rule that failed while checking.

    Made by the runner, never by a rule: when a rule raises, the findings it
    made so far are kept, this finding names the rule and the exception, and
    the other rules still run, so the clerk sees everything else at once.  It
    is an error: what the rule checks was not checked, so nothing is published.
    """
    return ()


def run(ctx: Context, only: Optional[Iterable[str]] = None) -> list[Finding]:
    """Every registered rule (or those in ``only``) over ``ctx``, in
    ``all_rules()`` order.  A rule that raises yields a ``rule-error`` finding
    naming it; the run goes on."""
    wanted = set(only) if only else None
    out: list[Finding] = []
    for r in all_rules():
        if r.code == RULE_ERROR or (wanted is not None and r.code not in wanted):
            continue
        try:
            for f in r.func(ctx) or ():
                if f is not None:
                    out.append(f)
        except Exception as exc:  # noqa: BLE001 - reported as a finding, the run goes on
            out.append(Finding(RULE_ERROR, ERROR, "", "", {
                "rule": r.code, "title": r.title, "error": f"{type(exc).__name__}: {exc}"}))
    return without_cascades(ctx.wb, out)


# families whose findings follow from the values: silent where a value is unknown
_DERIVED_FAMILIES = ("T", "X", "P", "V")


def _row_of(ref: str) -> int:
    digits = "".join(ch for ch in ref.split(":")[0] if ch.isdigit())
    return int(digits) if digits else 0


def _sheets_missing_figures(wb) -> set[str]:
    """Sheets present in ``wb`` without one of their declared columns of figures
    or codes (those S102 reports: ``validate.rules.structure._data_column``)."""
    from reportgen.core import schema
    from reportgen.validate.rules.structure import _data_column   # the columns S102 reports
    out = set()
    for decl in schema.SHEETS:
        info = getattr(wb, "sheets", {}).get(decl.name)
        if info is None or not info.present:
            continue
        if not isinstance(decl, (schema.TableSheet, schema.KeyedTableSheet)):
            continue
        if any(col.header in info.missing_columns and _data_column(col) for col in decl.columns):
            out.add(decl.name)
    return out


def without_cascades(wb, findings: list[Finding]) -> list[Finding]:
    """``findings`` without the follow-on findings of a value that could not
    be read (a formula error, a decimal comma, text, a merged range: see
    ``model.UNREADABLE``), which has its own S1xx finding at its cell.

    While such a value exists on a sheet the tables are summed from (or on
    the finding's own sheet), the sum comparisons (rounding rules) are not
    reported: any of them may differ only because of it; and no finding of
    the T/X/P/V families is reported on a row holding such a value.

    A column of figures missing from a sheet (S102: every value of it read
    as blank) silences more: while it is missing from a sheet the tables are
    summed from, no T/X/P finding is reported at all (each line's balance,
    the totals and the year-on-year texts would all be computed from a column
    that was not read); elsewhere none on that sheet."""
    from reportgen.core import model, schema
    unreadable = [c for c, p in getattr(wb, "problems", ()) if p in model.UNREADABLE]
    missing = _sheets_missing_figures(wb)
    if not unreadable and not missing:
        return findings
    rows = {(c.sheet, _row_of(c.ref)) for c in unreadable}
    sheets = {c.sheet for c in unreadable}
    summed_sheets = {schema.FUNCTIONAL.name, schema.ECONOMIC.name, schema.SANGONG.name,
                     schema.SUPPLEMENT.name}
    summed = summed_sheets & sheets
    out = []
    for f in findings:
        r = REGISTRY.get(f.code)
        if r is not None and r.family in _DERIVED_FAMILIES:
            if r.family != "V" and (summed_sheets & missing or f.sheet in missing):
                continue
            if (r.rounding or r.sums) and (summed or f.sheet in sheets):
                continue
            if (f.sheet, _row_of(f.cell)) in rows:
                continue
        out.append(f)
    return out


__all__ = ["ERROR", "WARNING", "INFO", "Finding", "Rule", "rule", "Context", "run", "all_rules",
           "REGISTRY", "ROUNDING_NOTE", "ROUNDING_ADVICE", "RULE_ERROR"]
