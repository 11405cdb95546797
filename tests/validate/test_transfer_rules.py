"""M1xx: the 内部往来 list of a consolidation, each rule tripped at its cell
and not tripped by a near miss.

The units are tests/department.py's three (read, not consolidated: the rules
see the units as consolidate hands them over); the list is written here as
the clerk would.  The department's figures (30 万元 对附属单位补助 from
本级 2080199 to 甲中心 2080150) are in that module's docstring.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal as D
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest

from department import JIA, MAIN, YI, write_department, write_internal
from reportgen.core import schema
from reportgen.core.model import Cell, Line
from reportgen.read.reader import read_workbook
from reportgen.read.transfers import read_transfer_sheet
from reportgen.validate import REGISTRY
from reportgen.validate.findings import ERROR, INFO
from reportgen.validate.transfers import check_transfers

WAN = ("付款单位", "收款单位", "类型", "金额")
YUAN = ("付款单位", "收款单位", "类型", "金额（元）")
CODED = WAN + ("付款方科目编码", "收款方科目编码")
SUBSIDY = "对附属单位补助"
BING = "江岸区人社局丙中心"


@dataclass(frozen=True)
class Unit:
    name: str
    path: Path
    wb: object


def _bing() -> Unit:
    """A made-up fourth unit that books 上级补助收入 on two codes (for M110)."""
    def line(row, code, amount):
        cells = {"code": Cell(code, "支出功能分类", f"A{row}"), "fund": Cell(schema.FUND_OTHER),
                 "income_superior": Cell(D(amount), "支出功能分类", f"F{row}")}
        return Line("支出功能分类", row, cells)
    lines = [line(2, "2080150", 10), line(3, "2080199", 5)]
    return Unit(BING, Path("丙中心.xlsx"), SimpleNamespace(unit=BING, functional_items=lambda: lines))


@pytest.fixture(scope="module")
def units(tmp_path_factory):
    p = write_department(tmp_path_factory.mktemp("units") / "units")
    read = [Unit(n, p[n], read_workbook(p[n])) for n in (MAIN, JIA, YI)]
    return read + [_bing()]


def check(tmp_path, units, rows, header=WAN, sheets=None):
    path = write_internal(tmp_path / "内部往来.xlsx", rows, header)
    if sheets:
        wb = openpyxl.load_workbook(path)
        for i, name in enumerate(sheets):
            if i == 0:
                wb.active.title = name
            else:
                wb.create_sheet(name)
        wb.save(path)
    return check_transfers(read_transfer_sheet(path), units).result


@dataclass
class Trip:
    code: str
    id: str
    rows: list
    where: str                       # the finding's sheet!cell (or sheet, or "")
    header: tuple = WAN
    sheets: tuple = ()


CELL_TRIPS = [
    Trip("M101", "two-sheets-none-named", [(MAIN, JIA, SUBSIDY, 30)], "", sheets=("往来", "备注")),
    Trip("M102", "no-header-row", [(MAIN, JIA, SUBSIDY, 30)], "内部往来", header=("付款", "收款", "类型", "金额")),
    Trip("M102", "no-kind", [(MAIN, JIA, 30)], "内部往来!1:1", header=("付款单位", "收款单位", "金额")),
    Trip("M102", "no-amount", [(MAIN, JIA, SUBSIDY)], "内部往来!1:1", header=("付款单位", "收款单位", "类型")),
    Trip("M103", "no-payee", [(MAIN, None, SUBSIDY, 30)], "内部往来!B2"),
    Trip("M104", "pays-itself", [(MAIN, JIA, SUBSIDY, 30), (JIA, JIA, SUBSIDY, 1)], "内部往来!A3"),
    Trip("M105", "loan", [(MAIN, JIA, "借款", 30)], "内部往来!C2"),
    Trip("M105", "blank", [(MAIN, JIA, None, 30)], "内部往来!C2"),
    Trip("M106", "text", [(MAIN, JIA, SUBSIDY, "abc")], "内部往来!D2"),
    Trip("M106", "zero", [(MAIN, JIA, SUBSIDY, 0)], "内部往来!D2"),
    Trip("M107", "wan", [(MAIN, JIA, SUBSIDY, 1.1234567)], "内部往来!D2"),
    Trip("M107", "yuan", [(MAIN, JIA, SUBSIDY, "300000.001")], "内部往来!D2", header=YUAN),
    Trip("M108", "unknown-payee", [(MAIN, "别的局", SUBSIDY, 30)], "内部往来!B2"),
    Trip("M109", "payee-without-income", [(MAIN, YI, SUBSIDY, 30)], "内部往来!B2"),
    Trip("M109", "payer-code-without-line", [(MAIN, JIA, SUBSIDY, 30, "2080101", "")], "内部往来!A2",
         header=CODED),
    Trip("M110", "payee-on-two-codes", [(MAIN, BING, SUBSIDY, 5)], "内部往来!B2"),
    Trip("M111", "more-than-booked", [(MAIN, JIA, SUBSIDY, 35)], "内部往来!D2"),
    Trip("M111", "two-rows-add-up-to-more", [(MAIN, JIA, SUBSIDY, 20), (MAIN, JIA, "上级补助", 20)],
         "内部往来!D2"),
]


# every M rule's tripping case (tests/validate/test_rules.py collects TRIPS)
TRIPS = CELL_TRIPS + [("M112", "test_m112_notes_a_transfer_left_unlisted")]


@pytest.mark.parametrize("trip", CELL_TRIPS, ids=lambda t: f"{t.code}-{t.id}")
def test_trips_at_its_cell(trip, tmp_path, units):
    result = check(tmp_path, units, trip.rows, trip.header, trip.sheets)
    found = [(f.code, f.where) for f in result.findings]
    assert (trip.code, trip.where) in found, [(f.code, f.where, f.message) for f in result.findings]
    assert all(f.severity == ERROR for f in result.findings if f.code == trip.code)
    # the message names what is wrong, filled from the finding (no placeholder left)
    f = next(f for f in result.findings if f.code == trip.code)
    assert f.message and "{" not in f.message and "{" not in f.fix


NEAR_MISSES = [
    ("listed-transfer", [(MAIN, JIA, SUBSIDY, 30)], WAN, ()),
    ("split-in-two-rows", [(MAIN, JIA, SUBSIDY, 10), (MAIN, JIA, "上级补助收入", 20)], WAN, ()),
    ("in-yuan", [(MAIN, JIA, SUBSIDY, "300000.00")], YUAN, ()),
    ("six-decimals", [(MAIN, JIA, SUBSIDY, "29.123456")], WAN, ()),
    ("named-code-of-two", [(MAIN, BING, SUBSIDY, 5, "", "2080199")], CODED, ()),
    ("named-sheet-among-others", [(MAIN, JIA, SUBSIDY, 30)], WAN, ("内部往来", "备注")),
    ("only-sheet-other-name", [(MAIN, JIA, SUBSIDY, 30)], WAN, ("Sheet1",)),
    ("blank-rows-between", [(MAIN, JIA, SUBSIDY, 10), (None, None, None, None), (MAIN, JIA, SUBSIDY, 20)],
     WAN, ()),
]


@pytest.mark.parametrize("rows, header, sheets", [m[1:] for m in NEAR_MISSES], ids=[m[0] for m in NEAR_MISSES])
def test_near_misses_trip_nothing(rows, header, sheets, tmp_path, units):
    result = check(tmp_path, units, rows, header, sheets)
    assert not result.errors, [(f.code, f.where, f.message) for f in result.errors]


def test_the_offsets_of_a_listed_transfer(tmp_path, units):
    path = write_internal(tmp_path / "内部往来.xlsx", [(MAIN, JIA, SUBSIDY, "300000.00")], YUAN)
    done = check_transfers(read_transfer_sheet(path), units)
    assert done.ok and done.offsets == {(MAIN, "2080199", schema.FUND_OTHER, "exp_subsidy"): D(30),
                                        (JIA, "2080150", schema.FUND_OTHER, "income_superior"): D(30)}


def test_more_than_booked_names_both_sides_cells(tmp_path, units):
    result = check(tmp_path, units, [(MAIN, JIA, SUBSIDY, 35)])
    messages = [f.message for f in result.findings if f.code == "M111"]
    # each side holds 30: 本级's 对附属单位补助支出 (O4) and 甲中心's 上级补助收入 (F3)
    assert any("本级.xlsx 支出功能分类!O4" in m and "35" in m for m in messages), messages
    assert any("甲中心.xlsx 支出功能分类!F3" in m for m in messages), messages


def test_m112_notes_a_transfer_left_unlisted(units):
    result = check_transfers(None, units[:3]).result
    assert [(f.code, f.severity) for f in result.findings] == [("M112", INFO)]
    assert "对附属单位补助支出” 30" in result.findings[0].message


def test_m112_is_silent_once_the_transfer_is_listed(tmp_path, units):
    result = check(tmp_path, units[:3], [(MAIN, JIA, SUBSIDY, 30)])
    assert result.findings == []


def test_over_a_units_workbook_the_m_rules_are_silent():
    from reportgen.validate.registry import Context
    ctx = Context(SimpleNamespace(catalogue_year=2022, year=2022), None, D("0.01"))
    for code, r in REGISTRY.items():
        if r.family == "M":
            assert list(r.func(ctx) or ()) == [], code
