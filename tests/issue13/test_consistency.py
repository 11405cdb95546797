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


# ------------------------------------------------------------ 元 typed into 万元, last year in 元 too
def _all_in_yuan(wb, factor=10000):
    """Every amount of the amount sheets, last year's figures too, times ``factor``."""
    _scale(wb[FUNC], "DEFGHIJKLMNOPQ", factor)
    _scale(wb[ECON], "C", factor)
    _scale(wb["项目支出"], "BD", factor)
    _scale(wb[SUP], "BC", factor, rows=range(2, 18))
    _scale(wb[SG], "BCD", factor, rows=range(2, 6))


def _add_supplement(wb, label, value):
    ws = wb[SUP]
    r = ws.max_row + 1
    ws[f"A{r}"], ws[f"B{r}"] = label, value


def test_yuan_case_with_last_year_in_yuan_too_is_one_error(tmp_path):
    def change(wb):
        for r in (4, 5, 6, 7):
            wb[SUP][f"C{r}"] = wb[SUP][f"C{r}"].value * 10000
    built = build(variant(case("yuan-typed-into-wanyuan"), tmp_path / "v.xlsx", change),
                  tmp_path / "out", Options())
    res = built.checked.result
    assert not res.at("X412")
    assert [(f.code, f.where, f.severity) for f in res.at("X417")] == [("X417", f"{FUNC}!E1", "错误")]
    assert "万亿" in res.at("X417")[0].message and "元" in res.at("X417")[0].fix
    assert built.refused and not (tmp_path / "out").exists()


def test_whole_workbook_in_yuan_is_one_error(tmp_path):
    res = _result(tmp_path, _all_in_yuan)
    assert not res.at("X412") and not res.at("P507")
    assert [f.where for f in res.at("X417")] == [f"{FUNC}!E1"]


@pytest.mark.parametrize("row,cell,label,count", [
    ("car_running", "C4", "公务用车（辆）", 2),
    ("car_purchase", "C3", "公务用车购置数（辆）", 1),
    ("abroad", "C2", "因公出国（境）人次", 3),
])
def test_a_sangong_cost_per_car_or_person_beyond_reason_is_an_error(row, cell, label, count,
                                                                     tmp_path):
    def change(wb):
        wb[SG][cell] = 36000          # 3.6 万元 typed in 元
        if label == "公务用车（辆）":
            wb[SUP]["B18"] = count
        else:
            _add_supplement(wb, label, count)
    res = _result(tmp_path, change)
    hits = res.at("X417")
    assert [(f.where, f.severity) for f in hits] == [(f"{SG}!{cell}", "错误")], res.codes()
    assert "可能把以元为单位的金额填进了万元栏" in hits[0].message


@pytest.mark.parametrize("cell,value", [("C4", 3.6), ("C2", 150)])
def test_real_sangong_costs_are_no_slip(cell, value, tmp_path):
    def change(wb):
        wb[SG][cell] = value
        wb[SUP]["B18"] = 2
        _add_supplement(wb, "因公出国（境）人次", 3)
    assert not _result(tmp_path, change).at("X417")


def test_public_funds_a_thousand_times_the_operation_costs_is_an_error(tmp_path):
    def change(wb):     # the amount sheets and last year in 元 (×1000 keeps 表1 below 1 万亿)
        _scale(wb[FUNC], "DEFGHIJKLMNOPQ", 1000)
        _scale(wb[ECON], "C", 1000)
        _scale(wb["项目支出"], "BD", 1000)
        _scale(wb[SUP], "C", 1000, rows=range(4, 8))
    res = _result(tmp_path, change)
    hits = res.at("X417")
    assert not res.at("X412")
    assert [f.where for f in hits] == [f"{ECON}!C1"] and "机关运行经费" in hits[0].message


@pytest.mark.parametrize("whole,warned", [(True, True), (False, False)])
def test_a_large_department_in_whole_numbers_is_a_warning(whole, warned, tmp_path):
    def change(wb):     # 13 亿 → 1 326 亿: large; whole numbers or with decimals
        _all_in_yuan(wb, 1000)
        for ws, cols in ((wb[FUNC], "DEFGHIJKLMNOPQ"), (wb[ECON], "C"), (wb["项目支出"], "BD")):
            for row in ws.iter_rows(min_row=2):
                for c in row:
                    if c.column_letter in cols and isinstance(c.value, float):
                        c.value = round(c.value) if whole else c.value + 0.01
    res = _result(tmp_path, change)
    assert bool(res.at("P507")) is warned and not res.at("X417")
    if warned:
        assert [(f.where, f.severity) for f in res.at("P507")] == [(f"{FUNC}!E1", "警告")]


def test_the_examples_trip_no_yuan_bound():
    from support import ROOT
    for src in (EXAMPLE, ROOT / "inputs" / "example-2022-yuan.xlsx",
                ROOT / "tests" / "data" / "every-column.xlsx"):
        res = check(src).result
        assert not res.at("X417") and not res.at("P507"), src
