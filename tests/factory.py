"""Write small input workbooks for tests, from the schema's declarations."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping, Optional

import openpyxl

from reportgen.core import schema

MINIMAL_LINES = (
    # code, fund, basic, project  (a consistent little 一般公共预算 unit)
    {"code": "2080101", "fund": schema.FUND_GENERAL, "income_fiscal": "100.00", "exp_basic": "100.00"},
    {"code": "2080199", "fund": schema.FUND_GENERAL, "income_fiscal": "50.00", "exp_project": "50.00"},
)
MINIMAL_ECONOMIC = ({"code": "30101", "amount": "60.00"}, {"code": "30201", "amount": "40.00"})


def write_input(path: Path, *, info: Optional[Mapping[str, object]] = None,
                lines: Iterable[Mapping[str, object]] = MINIMAL_LINES,
                economic: Iterable[Mapping[str, object]] = MINIMAL_ECONOMIC,
                sangong: Optional[Mapping[str, Mapping[str, object]]] = None,
                supplement: Optional[Mapping[str, Mapping[str, object]]] = None,
                texts: Optional[Mapping[str, object]] = None,
                drop_sheets: Iterable[str] = (), header_row: int = 1) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    info = {"unit": "测试局", "year": 2022, **(info or {})}
    drop = set(drop_sheets)

    def kv(decl, values):
        ws = wb.create_sheet(decl.name)
        ws.append([decl.label_header, decl.value_header])
        for item in decl.items:
            ws.append([item.label, values.get(item.key)])
            cell = ws.cell(ws.max_row, 2)
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"   # typed text that looks like a formula

    def table(decl, rows):
        ws = wb.create_sheet(decl.name)
        for _ in range(header_row - 1):
            ws.append([f"{decl.name}（说明行）"])
        ws.append([c.header for c in decl.columns])
        for r in rows:
            ws.append([r.get(c.key) for c in decl.columns])

    def keyed(decl, values):
        ws = wb.create_sheet(decl.name)
        ws.append([decl.label_header, *[c.header for c in decl.columns]])
        for item in decl.rows:
            row = values.get(item.key, {})
            ws.append([item.label, *[row.get(c.key) for c in decl.columns]])

    builders = {
        schema.UNIT_INFO.name: lambda: kv(schema.UNIT_INFO, info),
        schema.TEXTS.name: lambda: kv(schema.TEXTS, texts or {}),
        schema.FUNCTIONAL.name: lambda: table(schema.FUNCTIONAL, lines),
        schema.ECONOMIC.name: lambda: table(schema.ECONOMIC, economic),
        schema.SANGONG.name: lambda: keyed(schema.SANGONG, sangong or {}),
        schema.SUPPLEMENT.name: lambda: keyed(schema.SUPPLEMENT, supplement or {}),
        schema.USER_CATALOGUE.name: lambda: table(schema.USER_CATALOGUE, []),
    }
    for name, make in builders.items():
        if name not in drop:
            make()
    wb.save(path)
    return path
