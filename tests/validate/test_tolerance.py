"""Rounding: a cent per summed level is a 尾数误差 warning; more is an error."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.validate import ERROR, WARNING
from reportgen.validate.registry import ROUNDING_NOTE

from validate.helpers import D, GENERAL, index, line, valid_book, where

F = "支出功能分类"


def _only(result, code):
    found = result.at(code)
    assert len(found) == 1, [f"{f.code} {f.where} {f.message}" for f in result.findings]
    return found[0]


@pytest.mark.parametrize("delta, severity", [
    (D("0.01"), WARNING), (D("-0.01"), WARNING), (D("0.02"), ERROR), (D("1.00"), ERROR)])
def test_kuan_subtotal_tolerates_one_cent(delta, severity, tmp_path):
    """款 = Σ项 is one summed level: 0.01 is a rounding warning, 0.02 an error."""
    book = valid_book()
    line(book, "20801")["exp_basic"] += delta
    f = _only(book.validate(tmp_path), "T301")
    assert (f.sheet, f.cell, f.severity) == (F, book.ref(F, "exp_basic", index(book, "20801")), severity)
    assert (ROUNDING_NOTE in f.message) == (severity == WARNING)
    assert f.values["diff"] == abs(delta)


@pytest.mark.parametrize("delta, severity", [(D("0.02"), WARNING), (D("0.03"), ERROR)])
def test_class_subtotal_tolerates_two_levels(delta, severity, tmp_path):
    """类 against its 款 summed from 项 is two levels: up to 0.02."""
    book = valid_book()
    line(book, "208")["exp_project"] += delta
    assert _only(book.validate(tmp_path), "T301").severity == severity


@pytest.mark.parametrize("delta", [D("0.01"), D("0.000001"), D("1.00")])
def test_line_balance_and_tables_1_and_4_are_exact(delta, tmp_path):
    """A 财政拨款 line's 年末 off by any amount — even 0.01, even 0.000001 — is
    an error, which names 表1's and 表4's balances it breaks: amounts are exact
    and rounded only when printed, so no tolerance applies (issue 11 item 2)."""
    book = valid_book()
    line(book, "2101101")["carry_end"] = delta
    result = book.validate(tmp_path)
    f = _only(result, "T303")
    assert f.severity == ERROR and ROUNDING_NOTE not in f.message
    assert f.values["diff"] == delta
    assert "表1 收入总计" in f.message and "表4 " in f.message
    # the totals' own findings would tell the same slip again
    assert not result.at("X401") and not result.at("X420")


@pytest.mark.parametrize("delta, severity", [(D("0.01"), WARNING), (D("1.00"), ERROR)])
def test_economic_against_basic(delta, severity, tmp_path):
    book = valid_book()
    book.economic[2]["amount"] += delta
    f = _only(book.validate(tmp_path), "X402")
    assert (f.sheet, f.severity) == ("基本支出经济分类", severity)


def test_tolerance_is_configurable(tmp_path):
    book = valid_book()
    line(book, "20801")["exp_basic"] += D("0.01")
    assert _only(book.validate(tmp_path, tolerance=Decimal("0")), "T301").severity == ERROR
    line(book, "20801")["exp_basic"] += D("0.04")
    assert _only(book.validate(tmp_path, tolerance=Decimal("0.05")), "T301").severity == WARNING


def test_a_wrong_item_shows_at_every_typed_subtotal(tmp_path):
    """A 项 changed by 1.00 is an error at its own line and at the 款 and 类 typed above it."""
    book = valid_book()
    line(book, "2080101", GENERAL)["exp_basic"] += D("1.00")
    result = book.validate(tmp_path)
    i = index(book, "2080101", GENERAL)
    assert (F, book.ref(F, "carry_end", i)) in where(result, "T303")
    assert {(F, book.ref(F, "exp_basic", index(book, c))) for c in ("208", "20801")} <= where(result, "T301")
    assert all(f.severity == ERROR for f in result.at("T301"))
