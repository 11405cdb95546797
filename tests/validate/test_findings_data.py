"""Findings as data (issue 10 item 8): a finding holds its code, severity,
position and parameters; the message comes from the rule's template; a rule
that raises yields a rule-error finding and the run goes on."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from reportgen.build import Options, build, check
from reportgen.validate import Finding, REGISTRY
from reportgen.validate.findings import ERROR, INFO, ValidationResult
from reportgen.validate.registry import RULE_ERROR

from support import EXAMPLE


def test_a_finding_carries_no_prose():
    names = {f.name for f in dataclasses.fields(Finding)}
    # scale: the workbook's 金额单位, how its amounts are shown (not prose)
    assert names == {"code", "severity", "sheet", "cell", "values", "scale"}


def test_amounts_are_shown_in_the_workbooks_unit():
    # held in 万元; a 元 workbook (scale -4) reads them in 元, every decimal kept
    f = Finding("T303", ERROR, "支出功能分类", "H5",
                {"code": "2010101", "fund": "一般公共预算财政拨款", "begin": Decimal("1.234567"),
                 "income": Decimal(0), "spent": Decimal(0), "derived": Decimal("1.234567"),
                 "entered": Decimal("1.234566"), "diff": Decimal("0.000001"), "note": ""},
                scale=-4)
    assert "12,345.67" in f.message and "0.01" in f.message
    assert "1.23" in dataclasses.replace(f, scale=0).message


def test_the_message_is_the_rules_template_filled(monkeypatch):
    f = Finding("S101", ERROR, "单位信息", "", {"sheet": "单位信息"})
    assert f.message == "缺少工作表“单位信息”"
    # the reporter formats from the rule's template: change the template, the text follows
    monkeypatch.setitem(REGISTRY, "S101", dataclasses.replace(REGISTRY["S101"],
                                                              message="没有“{sheet}”表"))
    assert f.message == "没有“单位信息”表"


def test_amounts_are_kept_as_decimal_and_shown_formatted():
    f = Finding("X402", ERROR, "基本支出经济分类", "", {
        "entered": Decimal("1350.3"), "derived": Decimal("586.69"), "diff": Decimal("763.61")})
    assert f.values["entered"] == Decimal("1350.3")
    assert "1,350.30" in f.message and "763.61" in f.message
    assert f.as_dict()["values"]["entered"] == "1350.3"


@pytest.fixture
def broken_rule(monkeypatch):
    def boom(ctx):
        yield from ()
        raise ZeroDivisionError("division by zero")
    monkeypatch.setitem(REGISTRY, "P501", dataclasses.replace(REGISTRY["P501"], func=boom))


def test_a_rule_that_raises_yields_a_rule_error_and_the_run_goes_on(broken_rule):
    checked = check(EXAMPLE)
    errs = checked.result.at(RULE_ERROR)
    assert len(errs) == 1 and errs[0].severity == ERROR
    assert errs[0].values["rule"] == "P501" and "P501" in errs[0].message
    assert "ZeroDivisionError" in errs[0].message
    # the other rules ran: the example's self-evaluation warnings are still there
    assert checked.result.at("V604")


def test_a_build_with_a_rule_error_reports_it_and_publishes_nothing(broken_rule, tmp_path):
    built = build(EXAMPLE, tmp_path / "out", Options())
    assert built.refused and built.checked.result.at(RULE_ERROR)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_info_never_blocks():
    res = ValidationResult([Finding("S101", INFO, "", "", {})])
    assert res.exit_code(strict=True) == 0 and res.infos and not res.errors


# the tripping case of rule-error, for test_rules.test_every_rule_has_a_tripping_case
TRIPS = [(RULE_ERROR, "test_a_rule_that_raises_yields_a_rule_error_and_the_run_goes_on")]
