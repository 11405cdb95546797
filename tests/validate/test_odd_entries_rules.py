"""Findings for odd but ordinary entries a new user tried: 财政级次 outside its list (S123), a 接待明细
amount without 批次/人次 (P530), a budget-difference reason against a 0
年初预算 that says the opposite (P506), and X401's wording."""

from __future__ import annotations

import pytest

from reportgen.core import schema
from reportgen.validate.findings import WARNING
from validate.helpers import D, Book, index, line, valid_book

R, F, INFO = schema.RECEPTION.name, schema.FUNCTIONAL.name, schema.UNIT_INFO.name
SUP = schema.SUPPLEMENT.name
TRIPS = [("S123", "test_finance_level_outside_the_list_is_the_warning_s123"),
         ("S124", "test_a_negative_count_is_an_error_at_its_cell")]


# ------------------------------------------------------------ 财政级次 outside its list (S123)
@pytest.mark.parametrize("typed, found", [("区（县）级", True), ("中央直属", True), ("市本级", False),
                                          ("区(县)级", True), ("区级", False), (" 县级 ", False),
                                          ("县本级", False), (None, False)])
def test_finance_level_outside_the_list_is_the_warning_s123(tmp_path, typed, found):
    b = valid_book()
    b.info["finance_level"] = typed
    res = b.validate(tmp_path)
    assert not [f for f in res.at("S108") if f.sheet == INFO]       # never an error
    cells = {(f.sheet, f.cell) for f in res.at("S123")}
    assert ((INFO, b.ref(INFO, "finance_level")) in cells) is found
    assert not res.errors
    if found:
        f = next(f for f in res.at("S123") if f.sheet == INFO)
        assert f.severity == WARNING
        assert f"“{typed.strip()}”" in f.message and "财政级次" in f.message
        assert "部门称谓" in f.message and "区级" in f.fix


# ------------------------------------------------------------ negative counts (S124)
def test_a_negative_count_is_an_error_at_its_cell(tmp_path):
    b = valid_book()
    b.supplement["cars"]["current"] = -2
    b.supplement["general_equipment"] = dict(current="－1")       # full-width minus
    b.receptions = [dict(category="外省市交流接待", amount=D("0.25"), batches=-1, persons=-17,
                         accompany=3)]
    res = b.validate(tmp_path)
    found = {(f.sheet, f.cell): f for f in res.at("S124")}
    assert set(found) == {(SUP, b.ref(SUP, "cars", column="current")),
                          (SUP, b.ref(SUP, "general_equipment", column="current")),
                          (R, b.ref(R, "batches")), (R, b.ref(R, "persons"))}
    assert all(f.severity == "错误" for f in found.values())
    f = found[(SUP, b.ref(SUP, "cars", column="current"))]
    assert "“公务用车（辆）”为 -2" in f.message and "负数" in f.message


def test_zero_and_positive_counts_and_years_are_not_s124(tmp_path):
    b = valid_book()
    b.supplement["cars"]["current"] = 0
    b.receptions = [dict(category="外省市交流接待", amount=D("0.25"), batches=1, persons=17)]
    assert not b.validate(tmp_path).at("S124")


# ------------------------------------------------------------ bug 17: 接待明细 counts (P530)
def reception_without_counts(b: Book):
    b.receptions = [dict(category="外省市交流接待", amount=D("0.25"), batches=1, persons=17),
                    dict(category="省内接待活动", amount=D("0.25"))]
    return R, b.ref(R, "batches", 1)


def reception_zero_counts(b: Book):
    b.receptions = [dict(category="省内接待活动", amount=D("0.50"), batches=0, persons=0)]
    return R, b.ref(R, "batches", 0)


def reception_counted(b: Book):
    b.receptions = [dict(category="外省市交流接待", amount=D("0.25"), batches=1, persons=17),
                    dict(category="省内接待活动", amount=D("0.25"), batches=2, persons=5),
                    dict(category="外事接待", amount=D("0"))]     # no amount: not checked


@pytest.mark.parametrize("change", [reception_without_counts, reception_zero_counts])
def test_reception_amount_without_counts_is_p530(tmp_path, change):
    b = valid_book()
    at = change(b)
    res = b.validate(tmp_path)
    found = res.at("P530")
    assert [(f.sheet, f.cell) for f in found] == [at]
    msg = found[0].message
    persons = b.ref(R, "persons", 1 if change is reception_without_counts else 0)
    assert f"批次（{R}!{at[1]}）" in msg and f"人次（{R}!{persons}）" in msg
    assert ("未填" if change is reception_without_counts else "为 0") in msg


def test_reception_with_counts_is_not_p530(tmp_path):
    b = valid_book()
    reception_counted(b)
    assert not b.validate(tmp_path).at("P530")


# ------------------------------------------------------------ bug 20: P506 on a 0 budget
def zero_budget_reason_says_less(b: Book):
    ln = line(b, "2101101")
    ln["budget"], ln["reason"] = D("0"), "人员减少，经费划转"
    return F, b.ref(F, "reason", index(b, "2101101"))


def test_zero_budget_reason_saying_less_is_p506(tmp_path):
    b = valid_book()
    at = zero_budget_reason_says_less(b)
    found = b.validate(tmp_path).at("P506")
    assert [(f.sheet, f.cell) for f in found] == [at]
    assert "减少" in found[0].message and "大于年初预算数" in found[0].message


def test_zero_budget_reason_saying_more_is_not_p506(tmp_path):
    b = valid_book()
    ln = line(b, "2101101")
    ln["budget"], ln["reason"] = D("0"), "年中追加预算"
    assert not b.validate(tmp_path).at("P506")


TRIPS += [("P530", reception_without_counts), ("P530", reception_zero_counts),
         ("P506", zero_budget_reason_says_less)]


# ------------------------------------------------------------ bug 24: X401's wording
def x401_from_a_dropped_line(b: Book):
    line(b, "2101101")["fund"] = "财政拨款"      # not a 资金性质 of the list: S108
    return F, ""


def test_x401_says_the_difference_is_the_dropped_line(tmp_path):
    b = valid_book()
    x401_from_a_dropped_line(b)
    res = b.validate(tmp_path)
    fund_cell = b.ref(F, "fund", index(b, "2101101"))
    assert {(f.sheet, f.cell) for f in res.at("S108")} == {(F, fund_cell)}
    msg = res.at("X401")[0].message
    assert "来自 未填" not in msg
    assert "使用非财政拨款结余、结余分配未填（按 0）" in msg
    assert (f"{F}!{fund_cell}（2101101）资金性质“财政拨款”无法识别，该行的财政拨款收入未计入本年收入合计"
            "，差额即由此而来") in msg


def test_x401_names_the_filled_supplement_cells_and_no_dropped_line(tmp_path):
    b = valid_book()
    b.supplement["use_nonfiscal_balance"] = dict(current=D("1.00"))     # unbalances 表1 by 1
    res = b.validate(tmp_path)
    msg = res.at("X401")[0].message
    use_at = b.ref(schema.SUPPLEMENT.name, "use_nonfiscal_balance", column="current")
    assert f"使用非财政拨款结余来自 {schema.SUPPLEMENT.name}!{use_at}，结余分配未填（按 0）" in msg
    assert "未计入" not in msg and "差额即由此而来" not in msg
