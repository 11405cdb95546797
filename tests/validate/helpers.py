"""A small, consistent input workbook to validate, and ways to spoil it.

``valid_book()`` describes one unit whose every figure agrees: two 项 lines
of 一般公共预算 under 20801 with typed 类/款 subtotals, one 非财政拨款资金
line, one 项 of another 类; economic lines matching the 基本支出; 三公 and
补充数据.  A test changes one thing and writes the book as a real .xlsx
(the reader then produces the cells, with their positions), so every case
reads "valid workbook + one change".
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Optional

import openpyxl
from openpyxl.utils import get_column_letter

from reportgen.core import schema
from reportgen.compute.tables import Catalogues
from reportgen.core.model import Workbook
from reportgen.read.reader import read_workbook
from reportgen.selfeval.tables import evaluate
from reportgen.validate import ValidationResult, validate

D = Decimal
GENERAL, OTHER = schema.FUND_GENERAL, schema.FUND_OTHER


def _functional() -> list[dict]:
    return [
        dict(code="208", name="社会保障和就业支出", income_fiscal=D("150.00"),
             income_business=D("6.00"), exp_basic=D("84.00"), exp_project=D("65.00"),
             carry_end=D("7.00"), budget=D("160.00")),
        dict(code="20801", name="人力资源和社会保障管理事务", income_fiscal=D("150.00"),
             income_business=D("6.00"), exp_basic=D("84.00"), exp_project=D("65.00"),
             carry_end=D("7.00"), budget=D("160.00")),
        dict(code="2080101", name="行政运行", fund=GENERAL, income_fiscal=D("100.00"),
             exp_basic=D("80.00"), exp_project=D("20.00"), budget=D("100.00")),
        dict(code="2080102", name="一般行政管理事务", fund=GENERAL, income_fiscal=D("50.00"),
             exp_project=D("45.00"), carry_end=D("5.00"), budget=D("60.00"),
             reason="项目经费指标调减"),
        dict(code="2080101", name="行政运行", fund=OTHER, income_business=D("6.00"),
             exp_basic=D("4.00"), carry_end=D("2.00")),
        dict(code="2101101", name="行政单位医疗", fund=GENERAL, income_fiscal=D("10.00"),
             exp_basic=D("10.00"), budget=D("10.00")),
    ]


def _economic() -> list[dict]:
    return [
        dict(code="301", name="工资福利支出", amount=D("50.00")),
        dict(code="30101", name="基本工资", amount=D("50.00")),
        dict(code="30201", name="办公费", amount=D("30.00")),
        dict(code="30302", name="退休费", amount=D("10.00")),
    ]


def _sangong() -> dict[str, dict]:
    zero = dict(budget=D("0"), actual=D("0"), last_year=D("0"))
    return {
        "abroad": dict(zero), "car_purchase": dict(zero), "car_running": dict(zero),
        "reception": dict(budget=D("1.00"), actual=D("0.50"), last_year=D("0.80")),
    }


def _supplement() -> dict[str, dict]:
    rows = {r.key: {} for r in schema.SUPPLEMENT.rows}
    rows.update({
        "total": dict(last_year=D("150.00")),
        "fiscal_total": dict(last_year=D("140.00")),
        "general_income": dict(last_year=D("140.00")),
        "general_exp": dict(last_year=D("140.00")),
        "operation": dict(current=D("30.00"), last_year=D("28.00")),
        "procurement": dict(current=D("10.00")),
        "procurement_goods": dict(current=D("4.00")),
        "procurement_works": dict(current=D("0")),
        "procurement_services": dict(current=D("6.00")),
        "sme": dict(current=D("8.00")),
        "sme_small": dict(current=D("2.00")),
        "sme_goods": dict(current=D("3.00")),
        "sme_works": dict(current=D("0")),
        "sme_services": dict(current=D("5.00")),
        "cars": dict(current=1, last_year=1),
        "other_cars": dict(current=0, last_year=0),
    })
    return rows


@dataclass
class Book:
    """The input workbook as plain data; ``write`` lays it out as the template does."""

    info: dict = field(default_factory=lambda: {
        "unit": "测试区人力资源局", "year": 2022, "finance_level": "区级", "phone": "027-12345678"})
    texts: dict = field(default_factory=lambda: {
        "functions": "1.负责全区人力资源管理。\n2.负责就业服务。", "composition": "本部门仅含本级。"})
    functional: list = field(default_factory=_functional)
    economic: list = field(default_factory=_economic)
    sangong: dict = field(default_factory=_sangong)
    supplement: dict = field(default_factory=_supplement)
    catalogue: list = field(default_factory=list)
    projects: list = field(default_factory=list)       # 项目支出 (optional sheet)
    receptions: list = field(default_factory=list)     # 接待明细 (optional sheet)
    drop_sheets: set = field(default_factory=set)
    drop_columns: dict = field(default_factory=dict)   # sheet -> set of column keys
    drop_rows: dict = field(default_factory=dict)      # sheet -> set of row/item keys
    extra_rows: dict = field(default_factory=dict)     # sheet -> list of raw rows appended
    # edits to the model after reading, for what openpyxl cannot write
    after_read: list = field(default_factory=list)

    def copy(self) -> "Book":
        return copy.deepcopy(self)

    # ---------------------------------------------------------- layout
    def _columns(self, decl) -> list:
        gone = self.drop_columns.get(decl.name, set())
        return [c for c in decl.columns if c.key not in gone]

    def _rows(self, decl) -> list:
        gone = self.drop_rows.get(decl.name, set())
        items = decl.items if isinstance(decl, schema.KeyValueSheet) else decl.rows
        return [i for i in items if i.key not in gone]

    def ref(self, sheet: str, key: str, index: int = 0, column: Optional[str] = None) -> str:
        """Where a value is written: a table's ``key`` column on line ``index``
        (0-based), a 单位信息/文字说明 item ``key``, or a 三公/补充数据 row
        ``key`` in ``column``."""
        decl = schema.sheet(sheet)
        if isinstance(decl, schema.TableSheet):
            col = [c.key for c in self._columns(decl)].index(key) + 1
            return f"{get_column_letter(col)}{index + 2}"
        row = [i.key for i in self._rows(decl)].index(key) + 2
        if isinstance(decl, schema.KeyValueSheet):
            return f"B{row}"
        col = [c.key for c in self._columns(decl)].index(column) + 2
        return f"{get_column_letter(col)}{row}"

    def write(self, path: Path) -> Path:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        data = {
            schema.UNIT_INFO.name: self.info, schema.TEXTS.name: self.texts,
            schema.FUNCTIONAL.name: self.functional, schema.ECONOMIC.name: self.economic,
            schema.SANGONG.name: self.sangong, schema.SUPPLEMENT.name: self.supplement,
            schema.USER_CATALOGUE.name: self.catalogue,
            schema.PROJECTS.name: self.projects, schema.RECEPTION.name: self.receptions,
        }
        for decl in schema.SHEETS:
            if decl.name in self.drop_sheets:
                continue
            ws = wb.create_sheet(decl.name)
            values = data.get(decl.name, {} if not isinstance(decl, schema.TableSheet) else [])
            if isinstance(decl, schema.KeyValueSheet):
                ws.append([decl.label_header, decl.value_header])
                for item in self._rows(decl):
                    ws.append([item.label, values.get(item.key)])
            elif isinstance(decl, schema.KeyedTableSheet):
                cols = self._columns(decl)
                ws.append([decl.label_header] + [c.header for c in cols])
                for item in self._rows(decl):
                    row = values.get(item.key, {})
                    ws.append([item.label] + [row.get(c.key) for c in cols])
            else:
                cols = self._columns(decl)
                ws.append([c.header for c in cols])
                for line in values:
                    ws.append([line.get(c.key) for c in cols])
            for raw in self.extra_rows.get(decl.name, []):
                ws.append(raw)
        wb.save(path)
        return path

    def read(self, tmp_path: Path) -> Workbook:
        path = self.write(Path(tmp_path) / "input.xlsx")
        wb = read_workbook(path)
        for edit in self.after_read:
            wb = edit(wb) or wb
        return wb

    def validate(self, tmp_path: Path, tolerance: Decimal = Decimal("0.01")) -> ValidationResult:
        wb = self.read(tmp_path)
        return validate(wb, Catalogues.load(wb), evaluate(wb), tolerance=tolerance)


def valid_book() -> Book:
    return Book()


def line(book: Book, code: str, fund: Optional[str] = None) -> dict:
    """The functional line with ``code`` (and ``fund``), to change in place."""
    for ln in book.functional:
        if ln.get("code") == code and (fund is None or ln.get("fund") == fund):
            return ln
    raise KeyError(code)


def index(book: Book, code: str, fund: Optional[str] = None) -> int:
    return book.functional.index(line(book, code, fund))


def where(result: ValidationResult, code: str) -> set[tuple[str, str]]:
    """(sheet, cell) of every finding of rule ``code``."""
    return {(f.sheet, f.cell) for f in result.at(code)}


Change = Callable[[Book], tuple[str, str]]
