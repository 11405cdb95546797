"""The bundled example entered in 元 (issue 11 items 4 and 8).

``inputs/example-2022-yuan.xlsx`` is ``inputs/example-2022.xlsx`` with
金额单位 元, every money amount × 10 000, and 4,321.37 元 of 基本支出 moved
from 2080150 事业运行 to 2080101 行政运行 (0.45 元 from 印刷费 to 办公费).
It must publish what the 万元 example publishes, but for those two lines
(764.06 and 93.70, each rounded once from its exact 元 figure).  The old
example stays as written by an earlier version: no 金额单位 row, read as 万元.
"""

from __future__ import annotations

import importlib.util
from decimal import Decimal as D

import openpyxl
import pytest

from reportgen.build import check
from reportgen.compute.tables import Catalogues, compute
from reportgen.core import fmt
from reportgen.read.reader import read_workbook
from reportgen.selfeval.tables import evaluate

from support import EXAMPLE, ROOT

YUAN = ROOT / "inputs" / "example-2022-yuan.xlsx"
MOVED = {"2080101": D("0.432137"), "2080150": D("-0.432137")}


def _report(path):
    wb = read_workbook(path)
    return wb, compute(wb, Catalogues.load(wb), evaluate(wb))


@pytest.fixture(scope="module")
def both():
    return _report(EXAMPLE), _report(YUAN)


def test_old_example_has_no_unit_row_and_reads_as_wanyuan(both):
    (wan, _), _ = both
    assert "amount_unit" not in wan.info and wan.amount_unit == "万元"
    assert not [f for f in check(EXAMPLE).result.findings if f.code == "S103"]


def test_yuan_example_reads_every_line_as_the_wanyuan_one(both):
    (wan, _), (yuan, _) = both
    assert yuan.amount_unit == "元"
    a = {(ln.code, ln.text("fund")): ln for ln in wan.functional_items()}
    b = {(ln.code, ln.text("fund")): ln for ln in yuan.functional_items()}
    assert a.keys() == b.keys()
    for key, ln in a.items():
        for col in ("exp_basic", "income_fiscal", "exp_project", "budget", "carry_end"):
            assert b[key].amt(col) == ln.amt(col) + (MOVED.get(key[0], 0) if col in (
                "exp_basic", "income_fiscal") else 0), (key, col)
    # scores are not money: as typed
    assert yuan.texts["perf_unit_score"].value == wan.texts["perf_unit_score"].value


def test_yuan_example_builds_without_error_and_same_totals(both):
    (_, r_wan), (_, r_yuan) = both
    assert check(YUAN).result.errors == []
    assert r_yuan.t1 == r_wan.t1
    assert r_yuan.t4 == r_wan.t4
    assert r_yuan.t9 == r_wan.t9
    rows = {r.code: r for r in r_yuan.tables["t5"].rows}
    assert fmt.money(rows["2080101"].v["total"]) == "764.06"
    assert fmt.money(rows["2080150"].v["total"]) == "93.70"
    assert r_yuan.tables["t5"].total == r_wan.tables["t5"].total


@pytest.mark.slow
def test_committed_yuan_example_matches_its_generator(tmp_path):
    path = ROOT / "tools" / "make_example_yuan.py"
    spec = importlib.util.spec_from_file_location("make_example_yuan", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.make(tmp_path / "yuan.xlsx")
    a, b = openpyxl.load_workbook(YUAN), openpyxl.load_workbook(fresh)
    assert a.sheetnames == b.sheetnames
    for ws in a.worksheets:
        mine = [[c.value for c in row] for row in ws.iter_rows()]
        theirs = [[c.value for c in row] for row in b[ws.title].iter_rows()]
        assert mine == theirs, f"{ws.title}: run python tools/make_example_yuan.py"


@pytest.mark.slow
def test_readme_command_builds_the_yuan_example(tmp_path):
    """`reportgen build inputs/example-2022-yuan.xlsx -o outputs/元`, as the README says."""
    import subprocess
    import sys
    out = tmp_path / "元"
    run = subprocess.run([sys.executable, "-m", "reportgen", "build", str(YUAN), "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    # each report in its own folder: outputs/元/<单位>_<年度>年度/
    folder = out / "武汉市江汉区人力资源局_2022年度"
    assert [p.name for p in out.iterdir()] == [folder.name]
    names = sorted(p.name for p in folder.iterdir())
    assert any(n.endswith("部门决算公开表.xlsx") for n in names)
    assert any(n.endswith("部门决算.docx") for n in names)
    assert "Traceback" not in run.stderr


@pytest.mark.slow
def test_init_offers_the_unit(tmp_path):
    from reportgen.core import schema
    from reportgen.init_workbook import write_blank
    path = tmp_path / "blank.xlsx"
    write_blank(path, year=2023, unit="某局")
    ws = openpyxl.load_workbook(path)[schema.UNIT_INFO.name]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "金额单位")
    assert ws.cell(row, 2).value == "万元"
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert any(f"B{row}" in str(dv.sqref) and "元" in dv.formula1 for dv in lists)
    guide = openpyxl.load_workbook(path)["填表说明"]
    text = "".join(str(c.value) for r in guide.iter_rows() for c in r if c.value)
    assert "金额单位" in text and "最多两位小数" in text
    assert read_workbook(path).amount_unit == "万元"


def test_readme_names_the_amounts_the_generator_moves():
    """README says how much the 元 example differs by: the generator's own amounts (bug 25)."""
    path = ROOT / "tools" / "make_example_yuan.py"
    spec = importlib.util.spec_from_file_location("make_example_yuan", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (ROOT / "README.md").read_text(encoding="utf-8").replace("\n", "")
    amounts = {abs(v) for v in module.ODD.values()}
    assert len(amounts) == 2
    for amount in amounts:
        assert f"{amount:,} 元" in readme, amount
    assert "几元钱" not in readme
    # the two published lines it names are the ones the build shows (test above)
    assert "764.06 万元" in readme and "93.70 万元" in readme
