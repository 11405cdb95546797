"""Validation: named rules over the model, findings as data."""

from __future__ import annotations

from decimal import Decimal

from reportgen.validate.findings import ERROR, WARNING, Finding, ValidationResult
from reportgen.validate.registry import REGISTRY, Context, all_rules, run


def validate(workbook, catalogues, evaluation, tolerance: Decimal = Decimal("0.01"),
             last=None) -> ValidationResult:
    """Run every rule over ``workbook`` (a ``core.model.Workbook``) with the
    build's ``catalogues`` and the workbook's ``evaluation`` (made once by
    the pipeline, ``selfeval.tables.evaluate``); amounts within
    ``tolerance`` (万元) are equal; ``last`` (``core.lastyear.LastYear``, or
    None) is last year's workbook to check against (the L9xx rules).
    Returns the findings."""
    ctx = Context(workbook, catalogues, tolerance, evaluation, last)
    return ValidationResult(run(ctx))


__all__ = ["validate", "ValidationResult", "Finding", "ERROR", "WARNING", "REGISTRY", "all_rules"]
