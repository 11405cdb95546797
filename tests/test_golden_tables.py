"""Golden test: every printed row of the reference's 表1–表9 is found, cell by
cell and in order, in the workbook built from inputs/example-2022.xlsx.

The expected rows are the reference document's own text (tests/golden/
reference_tables.txt), not anything this program printed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from reportgen.build import build

from support import EXAMPLE, ROOT

GOLDEN = ROOT / "tests" / "golden" / "reference_tables.txt"


def golden_rows() -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {}
    current = None
    for line in GOLDEN.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            tables[current] = []
        else:
            tables[current].append(" ".join(line.split()))
    return tables


def token(cell) -> str:
    v = cell.value
    if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        if "0.00" in (cell.number_format or ""):
            return f"{Decimal(str(v)):,.2f}"
        return str(int(v)) if float(v).is_integer() else str(v)
    return "".join(str(v).split())


def sheet_rows(ws) -> list[str]:
    rows = []
    for row in ws.iter_rows():
        toks = [token(c) for c in row if c.value not in (None, "")]
        rows.append(" ".join(t for t in toks if t))
    return rows


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden")
    result = build(EXAMPLE, out)
    assert not result.refused, [f.as_dict() for f in result.checked.result.errors]
    xlsx = next(p for p in result.outputs if p.suffix == ".xlsx")
    return openpyxl.load_workbook(xlsx)


@pytest.mark.parametrize("table", [f"表{i}" for i in range(1, 10)])
def test_reference_rows_found_in_order(built, table):
    expected = golden_rows()[table]
    assert table in built.sheetnames
    actual = sheet_rows(built[table])
    pos = 0
    for want in expected:
        # table rows appear in the reference's order, each one exactly
        try:
            pos = actual.index(want, pos) + 1
        except ValueError:
            near = [r for r in actual if r.split(" ")[:1] == want.split(" ")[:1]]
            pytest.fail(f"{table}: row not found (in order): {want!r}; rows starting alike: {near}")


def test_table9_figure_in_the_right_columns(built):
    """0.35 is 决算数 合计 (栏7) and 公务接待费 (栏12), nothing in 预算数."""
    ws = built["表9"]
    hits = [(c.row, c.column) for row in ws.iter_rows() for c in row
            if isinstance(c.value, (int, float, Decimal)) and Decimal(str(c.value)) == Decimal("0.35")]
    assert len(hits) == 2
    header = {c.value: c.column for row in ws.iter_rows() for c in row
              if isinstance(c.value, int) and 1 <= c.value <= 12}
    cols = sorted(col for _, col in hits)
    assert cols == [header[7], header[12]]
