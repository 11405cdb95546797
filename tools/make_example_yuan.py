"""Make ``inputs/example-2022-yuan.xlsx``: the bundled example entered in 元.

The same unit and year as ``inputs/example-2022.xlsx`` (made by
``tools/make_example.py``), with 单位信息 金额单位 = 元 and every money amount
of every sheet as the 元 ledger keeps it: the 万元 figure × 10 000.  Scores and
weights (绩效自评 得分, 分值) are not money and stay as they are.

A few amounts are then made odd, as real 元 ledgers are (``ODD``): 4,321.37 元
of 基本支出 moved from 2080150 事业运行 to 2080101 行政运行 (with the income
that pays it, so both lines still balance and 表1, 表5 and 表6 keep their
totals), and 0.45 元 from 印刷费 to 办公费 on the 基本支出经济分类 sheet.
The published tables show 行政运行 764.06 and 事业运行 93.70 (each rounded once
from 7,640,621.37 and 936,978.63 元); every total is as in the 万元 example.

Run from the repository root: ``python tools/make_example_yuan.py [OUT]``.
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_example  # noqa: E402  - the 万元 example's figures, entered once

from reportgen.core import schema  # noqa: E402
from reportgen.read.reader import norm_label  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "inputs" / "example-2022-yuan.xlsx"
YUAN = Decimal(10000)

# (sheet, code, column) -> 元 added; each pair sums to 0 so every total stays
ODD = {
    (schema.FUNCTIONAL.name, "2080101", "exp_basic"): Decimal("4321.37"),
    (schema.FUNCTIONAL.name, "2080101", schema.INCOME_FISCAL): Decimal("4321.37"),
    (schema.FUNCTIONAL.name, "2080150", "exp_basic"): Decimal("-4321.37"),
    (schema.FUNCTIONAL.name, "2080150", schema.INCOME_FISCAL): Decimal("-4321.37"),
    (schema.ECONOMIC.name, "30201", "amount"): Decimal("0.45"),
    (schema.ECONOMIC.name, "30202", "amount"): Decimal("-0.45"),
}


def _yuan(value):
    """A 万元 cell value as 元 (None and text left alone)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return value
    return Decimal(str(value)) * YUAN


def _table(ws, decl: schema.TableSheet) -> None:
    cols = {norm_label(c.value): c.column for c in ws[1] if c.value}
    money = {col.key: cols[norm_label(col.header)] for col in decl.columns
             if col.kind == schema.AMOUNT and col.money and norm_label(col.header) in cols}
    code_col = cols.get(norm_label(decl.column("code").header)) if any(
        c.key == "code" for c in decl.columns) else None
    for r in range(2, ws.max_row + 1):
        code = str(ws.cell(r, code_col).value or "") if code_col else ""
        for key, c in money.items():
            cell = ws.cell(r, c)
            v = _yuan(cell.value)
            if isinstance(v, Decimal):
                cell.value = v + ODD.get((decl.name, code, key), Decimal(0))


def _labelled(ws, items, value_cols) -> None:
    by_label = {norm_label(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1)}
    for item in items:
        r = by_label.get(norm_label(item.label))
        if r is None or item.kind != schema.AMOUNT or not item.money:
            continue
        for c in value_cols:
            ws.cell(r, c).value = _yuan(ws.cell(r, c).value)


def to_yuan(wb) -> None:
    """Turn the filled 万元 example workbook ``wb`` into the 元 one, in place."""
    for decl in schema.SHEETS:
        if decl.name not in wb.sheetnames:
            continue
        ws = wb[decl.name]
        if isinstance(decl, schema.TableSheet):
            _table(ws, decl)
        elif isinstance(decl, schema.KeyValueSheet):
            _labelled(ws, decl.items, (2,))
        else:
            heads = {norm_label(c.value): c.column for c in ws[1] if c.value}
            cols = [heads[norm_label(c.header)] for c in decl.columns
                    if c.money and norm_label(c.header) in heads]
            _labelled(ws, decl.rows, cols)
    ws = wb[schema.UNIT_INFO.name]
    for r in range(1, ws.max_row + 1):
        if norm_label(ws.cell(r, 1).value) == norm_label(schema.UNIT_INFO.item("amount_unit").label):
            ws.cell(r, 2).value = schema.UNIT_YUAN


def make(out: Path = OUT) -> Path:
    """Write the 元 example to ``out``; returns ``out``."""
    with tempfile.TemporaryDirectory() as tmp:
        wan = make_example.make(Path(tmp) / "wan.xlsx")
        wb = openpyxl.load_workbook(wan)
    to_yuan(wb)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


if __name__ == "__main__":
    print(make(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
