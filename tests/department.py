"""A test department of three synthetic units, written with tests/factory.py.

本级 江岸区人社局本级 (行政单位) pays its 事业单位 甲中心 a 对附属单位补助 of 30 万元
from its non-fiscal funds; 甲中心 books it as 上级补助收入; 甲中心 and 乙中心
both have 事业收入.  The figures are chosen so each unit balances on its own."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl

from reportgen.core import schema
from factory import write_input

G, O = schema.FUND_GENERAL, schema.FUND_OTHER
DEPT = "江岸区人社局"
MAIN, JIA, YI = "江岸区人社局本级", "江岸区人社局甲中心", "江岸区人社局乙中心"


def _units_sheet(path: Path, name: str, kind: str) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(schema.UNITS.name)
    ws.append([c.header for c in schema.UNITS.columns])
    ws.append([name, kind, None])
    wb.save(path)


def write_department(folder: Path, *, jia_unit: str = "万元") -> dict[str, Path]:
    """The three units' workbooks in ``folder`` (甲中心 entered in
    ``jia_unit``), and the 内部往来 workbook; name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    main = write_input(
        folder / "本级.xlsx",
        info={"unit": MAIN, "year": 2022, "phone": "027-1234567", "finance_level": "区级"},
        texts={"functions": "负责全区人力资源工作。", "reason_total": "人员增加。"},
        lines=[
            {"code": "2080101", "fund": G, "income_fiscal": "100.00", "exp_basic": "100.00"},
            {"code": "2080199", "fund": G, "income_fiscal": "50.00", "exp_project": "50.00"},
            {"code": "2080199", "fund": O, "income_other": "30.00", "exp_subsidy": "30.00"},
        ],
        economic=[{"code": "30101", "amount": "60.00"}, {"code": "30201", "amount": "40.00"}],
        sangong={"reception": {"budget": "2.00", "actual": "1.50", "last_year": "1.00"}},
        supplement={"total": {"last_year": "150.00"}, "cars": {"current": 2, "last_year": 2}})
    _units_sheet(main, MAIN, "行政单位")
    scale = 10000 if jia_unit == "元" else 1
    m = lambda v: str(Decimal(str(v)) * scale)  # noqa: E731
    jia = write_input(
        folder / "甲中心.xlsx",
        info={"unit": JIA, "year": 2022, "amount_unit": jia_unit},
        texts={"functions": "甲中心的职能（不应进入部门工作簿）。"},
        lines=[
            {"code": "2080101", "fund": G, "income_fiscal": m(80), "exp_basic": m(80)},
            {"code": "2080150", "fund": O, "income_business": m(40), "income_superior": m(30),
             "exp_basic": m(70)},
        ],
        economic=[{"code": "30101", "amount": m(50)}, {"code": "30201", "amount": m(30)}],
        sangong={"reception": {"budget": m(1), "actual": m("0.25"), "last_year": m("0.5")}},
        supplement={"total": {"last_year": m(100)}, "cars": {"current": 1, "last_year": 1}})
    _units_sheet(jia, JIA, "公益一类事业单位")
    yi = write_input(
        folder / "乙中心.xlsx",
        info={"unit": YI, "year": 2022},
        lines=[
            {"code": "2080101", "fund": G, "income_fiscal": "20.00", "exp_basic": "20.00"},
            {"code": "2080199", "fund": O, "carry_begin": "5.00", "income_business": "15.00",
             "exp_project": "15.00", "carry_end": "5.00"},
        ],
        economic=[{"code": "30101", "amount": "20.00"}],
        supplement={"total": {"last_year": "30.00"}})
    _units_sheet(yi, YI, "公益二类事业单位")
    internal = folder.parent / "内部往来.xlsx"
    write_internal(internal, [(MAIN, JIA, "对附属单位补助", "30")])
    return {MAIN: main, JIA: jia, YI: yi, "internal": internal}


def write_internal(path: Path, rows, header=("付款单位", "收款单位", "类型", "金额")) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "内部往来"
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path
