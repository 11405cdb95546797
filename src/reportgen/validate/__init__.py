"""Validation: named rules over the model, findings as data."""

from __future__ import annotations

from decimal import Decimal

from reportgen.validate.findings import ERROR, WARNING, Finding, ValidationResult
from reportgen.validate.registry import REGISTRY, Context, all_rules, run


def validate(workbook, catalogues, tolerance: Decimal = Decimal("0.01")) -> ValidationResult:
    ctx = Context(workbook, catalogues, tolerance)
    return ValidationResult(run(ctx))


__all__ = ["validate", "ValidationResult", "Finding", "ERROR", "WARNING", "REGISTRY", "all_rules"]
