"""Kind 3: figures that cannot be right together — the handed cases and
further members of each (X404, X410, X411, X412)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.build import Options, build, check

from support import EXAMPLE
from variants import case, variant

FUNC, ECON, SUP, SG = "支出功能分类", "基本支出经济分类", "补充数据", "三公经费"


def _result(tmp_path, change, src=EXAMPLE):
    return check(variant(src, tmp_path / "v.xlsx", change)).result


def test_the_example_trips_none_of_them():
    res = check(EXAMPLE).result
    assert not [f for f in res.findings if f.code in ("X410", "X411", "X412", "X404")]


# ------------------------------------------------------------ 元 typed into 万元
def test_yuan_case_is_an_error_naming_the_slip_and_nothing_is_published(tmp_path):
    built = build(case("yuan-typed-into-wanyuan"), tmp_path / "out", Options())
    x412 = built.checked.result.at("X412")
    assert x412 and all(f.severity == "错误" for f in x412)
    assert "元" in x412[0].message and "万元" in x412[0].message
    assert built.refused and not (tmp_path / "out").exists()


def _scale(ws, cols, factor, rows=range(2, 400)):
    for r in rows:
        for col in cols:
            c = ws[f"{col}{r}"]
            if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                c.value = c.value * factor


def test_economic_sheet_alone_in_yuan(tmp_path):
    res = _result(tmp_path, lambda wb: _scale(wb[ECON], "C", 10000))
    x412 = res.at("X412")
    assert [f.where for f in x412] == [f"{ECON}!C1"] and "表6" in x412[0].message


def test_functional_sheet_alone_in_yuan(tmp_path):
    res = _result(tmp_path, lambda wb: _scale(wb[FUNC], "DEFGHIJKLMNOPQ", 10000))
    msgs = " ".join(f.message for f in res.at("X412"))
    assert "上年" in msgs and "表6" in msgs


def test_last_year_typed_in_yuan(tmp_path):
    def change(wb):
        ws = wb[SUP]
        for r in (4, 5, 6, 7):
            ws[f"C{r}"] = ws[f"C{r}"].value * 10000
    res = _result(tmp_path, change)
    assert {f.where for f in res.at("X412")} == {f"{SUP}!C4", f"{SUP}!C7"}


def test_a_large_real_change_is_not_a_slip(tmp_path):
    def change(wb):   # last year a fifth of this year: growth, not a unit slip
        for r in (4, 5, 6, 7):
            wb[SUP][f"C{r}"] = 1800
    assert not _result(tmp_path, change).at("X412")


# ------------------------------------------------------------ 机关运行经费 vs 公用经费
def test_operation_case_is_an_error_at_its_cell():
    res = check(case("operation-exceeds-public-funds")).result
    assert [(f.where, f.severity) for f in res.at("X410")] == [(f"{SUP}!B8", "错误")]
    assert "350.00" in res.at("X410")[0].message and "104.00" in res.at("X410")[0].message


@pytest.mark.parametrize("operation,trips", [(104.01, True), (104, False), (500, True), (0, False)])
def test_operation_against_public_funds(operation, trips, tmp_path):
    def change(wb):
        wb[SUP]["B8"] = operation
    assert bool(_result(tmp_path, change).at("X410")) == trips


def test_public_funds_lowered_below_operation(tmp_path):
    def change(wb):
        ws = wb[ECON]
        for r in range(2, 200):
            if str(ws[f"A{r}"].value or "").startswith("302"):
                ws[f"C{r}"] = 0
        # keep 表6 = 表5 out of the way: the only error wanted is X410
    res = _result(tmp_path, change)
    assert res.at("X410") and res.at("X410")[0].where == f"{SUP}!B8"


# ------------------------------------------------------------ negative 财政拨款 carry-over
def test_negative_carry_case_is_an_error_at_the_cell():
    res = check(case("negative-fiscal-carry")).result
    x411 = res.at("X411")
    assert [(f.where, f.severity) for f in x411] == [(f"{FUNC}!P23", "错误")]
    assert "-1.50" in x411[0].message


def _line(ws, code, fund):
    return next(r for r in range(2, 400)
                if str(ws[f"A{r}"].value) == code and ws[f"C{r}"].value == fund)


@pytest.mark.parametrize("column", ["D", "P"])
def test_negative_begin_or_end_on_a_general_line(column, tmp_path):
    def change(wb):
        ws = wb[FUNC]
        ws[f"{column}{_line(ws, '2080101', '一般公共预算财政拨款')}"] = -2
    res = _result(tmp_path, change)
    assert [f.cell[0] for f in res.at("X411")] == [column]


def test_negative_carry_on_a_government_fund_line(tmp_path):
    def change(wb):
        ws = wb[FUNC]
        ws.insert_rows(2)
        for col, v in zip("ABCDEFGHIJKLMNOP", ["2080101", "行政运行", "政府性基金预算财政拨款", 1, 1,
                                              None, None, None, None, None, 3, None, None, None,
                                              None, -1]):
            ws[f"{col}2"] = v
    res = _result(tmp_path, change)
    assert [f.where for f in res.at("X411")] == [f"{FUNC}!P2"]


def test_negative_carry_on_a_non_fiscal_line_is_allowed(tmp_path):
    def change(wb):
        ws = wb[FUNC]
        ws.insert_rows(2)
        for col, v in zip("ABCDEFGHIJKLMNOP", ["2080101", "行政运行", "非财政拨款资金", 1, None,
                                              None, 1, None, None, None, 3, None, None, None,
                                              None, -1]):
            ws[f"{col}2"] = v
    assert not _result(tmp_path, change).at("X411")


# ------------------------------------------------------------ 接待费 in 表6 above 三公
@pytest.mark.parametrize("row,code", [(5, "30217"), (2, "30212"), (4, "30231")])
def test_economic_spending_above_sangong(row, code, tmp_path):
    def change(wb):
        ws = wb[ECON]
        r = next((r for r in range(2, 200) if str(ws[f"A{r}"].value) == code), None)
        if r is None:
            ws.insert_rows(2)
            r = 2
        ws[f"A{r}"], ws[f"C{r}"] = code, 9.99
        wb[SG][f"C{row}"] = 0.5
    res = _result(tmp_path, change)
    assert any(f.where == f"{SG}!C{row}" for f in res.at("X404"))
