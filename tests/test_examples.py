"""The two bundled input workbooks: they read cleanly, and the tables computed
from the synthetic every-column example satisfy the tables' own equalities.

(The reference example's figures are checked by the golden test.)"""

from __future__ import annotations

import importlib.util
from decimal import Decimal

import openpyxl
import pytest

from reportgen.core import schema
from reportgen.build import check
from reportgen.compute.tables import Catalogues, compute, line_total_exp, line_total_income
from reportgen.read.reader import read_workbook
from reportgen.selfeval.tables import evaluate

from support import EVERY_COLUMN, EXAMPLE, ROOT

ZERO = Decimal("0")


def _load_generator():
    path = ROOT / "tests" / "data" / "make_every_column.py"
    spec = importlib.util.spec_from_file_location("make_every_column", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=[EXAMPLE, EVERY_COLUMN], ids=["example-2022", "every-column"])
def example(request):
    wb = read_workbook(request.param)
    return wb, compute(wb, Catalogues.load(wb), evaluate(wb))


@pytest.fixture(scope="module")
def every():
    wb = read_workbook(EVERY_COLUMN)
    return wb, compute(wb, Catalogues.load(wb), evaluate(wb))


# ----------------------------------------------------------- both examples
# optional sheets declared after inputs/example-2022.xlsx was made (it stays
# as it is: it also stands for a clerk's older workbook, e.g. without 金额单位)
LATER_SHEETS = {schema.FREE_TEXTS.name}


def test_reads_without_problems(example):
    wb, _ = example
    assert wb.problems == []
    for decl in schema.SHEETS:
        info = wb.sheets[decl.name]
        if wb.path == str(EXAMPLE) and decl.name in LATER_SHEETS:
            assert not decl.required and not info.present
            continue
        assert info.present, decl.name
        assert info.missing_columns == () and info.unknown_labels == () and info.duplicate_labels == ()


def test_every_line_has_a_catalogue_name(example):
    wb, rep = example
    for t in ("t2", "t3", "t5", "t7", "t8"):
        for row in rep.tables[t].rows:
            assert row.name, (t, row.code)
    assert all(item.name for item in rep.t6.items)


def test_totals_balance(example):
    _, rep = example
    t1 = rep.t1
    assert t1.income_grand_total == t1.expense_grand_total > 0


def test_validation_finds_no_error(example):
    wb, _ = example
    result = check(wb.path).result
    assert [f"{f.code} {f.where} {f.message}" for f in result.errors] == []


# ------------------------------------------------------- the synthetic one
def test_every_column_example_is_clean_for_the_validator(every):
    """Made to be correct: not even a warning."""
    wb, _ = every
    result = check(wb.path).result
    # 提示 (I701, optional parts left blank) are not problems
    assert [f"{f.code} {f.where} {f.message}" for f in result.findings if f.severity != "提示"] == []


@pytest.mark.slow
def test_committed_every_column_workbook_matches_its_generator(tmp_path):
    fresh = _load_generator().make(tmp_path / "every-column.xlsx")
    a, b = openpyxl.load_workbook(EVERY_COLUMN), openpyxl.load_workbook(fresh)
    assert a.sheetnames == b.sheetnames
    for ws in a.worksheets:
        mine = [[c.value for c in row] for row in ws.iter_rows()]
        theirs = [[c.value for c in row] for row in b[ws.title].iter_rows()]
        assert mine == theirs, f"{ws.title}: run python tests/data/make_every_column.py"


# cells of 补充数据 the program computes this year (only last year is entered)
COMPUTED = {("total", "current"), ("fiscal_total", "current"),
            ("general_income", "current"), ("general_exp", "current")}


def test_every_declared_column_is_used(every):
    """Item 9 of the foundation issue: no column of the input stays empty."""
    wb, _ = every
    tables = {schema.FUNCTIONAL.name: wb.functional, schema.ECONOMIC.name: wb.economic,
              schema.PROJECTS.name: wb.projects, schema.RECEPTION.name: wb.receptions,
              schema.KEY_WORK.name: wb.key_work, schema.UNITS.name: wb.units,
              schema.PERF_GOALS.name: wb.perf_goals, schema.PERF_PROJECTS.name: wb.perf_projects,
              schema.PERF_TRANSFERS.name: wb.perf_transfers,
              schema.PERF_INDICATORS.name: wb.perf_indicators}
    key_values = {schema.UNIT_INFO.name: wb.info, schema.TEXTS.name: wb.texts,
                  schema.PERF_UNIT.name: wb.perf_unit}
    for decl in schema.SHEETS:
        if isinstance(decl, schema.TableSheet) and decl.name in tables:
            for col in decl.columns:
                assert any(not ln[col.key].empty for ln in tables[decl.name]), (decl.name, col.header)
        elif isinstance(decl, schema.KeyValueSheet):
            values = key_values[decl.name]
            for item in decl.items:
                assert not values[item.key].empty, (decl.name, item.label)
        elif isinstance(decl, schema.KeyedTableSheet):
            values = wb.sangong if decl is schema.SANGONG else wb.supplement
            for item in decl.rows:
                for col in decl.columns:
                    if (item.key, col.key) not in COMPUTED:
                        assert not values[item.key][col.key].empty, (decl.name, item.label, col.header)
    cat = {(e.scheme, bool(e.explanation.value), bool(e.group.value)) for e in wb.user_catalogue}
    assert ("functional", True, False) in cat and ("economic", False, True) in cat
    funds = {ln.text("fund") for ln in wb.functional_items()}
    assert funds == set(schema.FUNDS)


def test_every_table_column_has_figures(every):
    _, rep = every
    t = rep
    assert all(r.amount for r in t.t1.income)
    for key in ("use_nonfiscal_balance", "carry_begin", "balance_distribution", "carry_end"):
        assert getattr(t.t1, key)
    assert all(t.t2.total.values()) and all(t.t3.total.values())
    for part in ("income", "carry_begin", "carry_end"):
        assert all(vars(getattr(t.t4, part)).values()), part
    assert all(t.t5.total.values())
    assert not t.t7.absent and all(t.t7.total.values())
    assert not t.t8.absent and t.t8.total["total"]
    assert {i.code[:3] for i in t.t6.items} == {"301", "302", "303", "310"}
    for col in ("budget", "actual"):
        assert all(vars(getattr(t.t9, col)).values()), col


def test_table1_both_sides_equal(every):
    _, rep = every
    t1 = rep.t1
    assert t1.income_total == sum((r.amount for r in t1.income), ZERO)
    assert t1.expense_total == sum((r.amount for r in t1.expense), ZERO)
    assert t1.income_grand_total == (t1.income_total + t1.use_nonfiscal_balance
                                        + t1.carry_begin)
    assert t1.expense_grand_total == (t1.expense_total + t1.balance_distribution
                                         + t1.carry_end)
    assert t1.income_grand_total == t1.expense_grand_total == Decimal("1424.35")


def _check_code_rows(table, total_key, part_keys):
    """合计 and every row: the total column is the sum of the part columns; the
    类 rows add up to 合计, the 款 rows to their 类, the 项 rows to their 款."""
    rows = table.rows
    for r in [*rows, None]:
        v = table.total if r is None else r.v
        assert v[total_key] == sum((v[k] for k in part_keys), ZERO), r and r.code
    by_level = {lv: [r for r in rows if r.level == lv] for lv in ("类", "款", "项")}
    for key in table.total:
        assert table.total[key] == sum((r.v[key] for r in by_level["类"]), ZERO)
        for parent, child in (("类", "款"), ("款", "项")):
            for p in by_level[parent]:
                kids = [c for c in by_level[child] if c.code.startswith(p.code)]
                assert p.v[key] == sum((c.v[key] for c in kids), ZERO), (p.code, key)


def test_table2_total_is_the_sum_of_sources(every):
    _check_code_rows(every[1].t2, "total", schema.INCOME_KEYS)


def test_table3_total_is_the_sum_of_columns(every):
    _check_code_rows(every[1].t3, "total", schema.EXPENSE_KEYS)


def test_table1_matches_tables_2_and_3(every):
    _, rep = every
    t1, t2, t3 = rep.t1, rep.t2, rep.t3
    assert t1.income_total == t2.total["total"]
    assert t1.expense_total == t3.total["total"]
    class_rows = {r.code: r.v["total"] for r in t3.rows if r.level == "类"}
    for row in t1.expense:
        assert row.amount == class_rows.get(row.code, ZERO), row.code


def test_table4_is_the_fiscal_part_of_table1(every):
    wb, rep = every
    t1, t4 = rep.t1, rep.t4
    income = {r.key: r.amount for r in t1.income}
    for fund in ("general", "gov", "soe"):
        assert getattr(t4.income, fund) == income[fund]
    assert t4.income_total == t4.income.general + t4.income.gov + t4.income.soe
    assert t4.carry_begin_total == t4.carry_begin.general + t4.carry_begin.gov + t4.carry_begin.soe
    assert t4.income_grand_total == t4.income_total + t4.carry_begin_total
    for r in t4.expense:
        assert r.total == r.general + r.gov + r.soe
    assert t4.expense_grand_total.total == t4.expense_total.total + t4.carry_end_total
    assert t4.income_grand_total == t4.expense_grand_total.total
    # the fiscal lines, and only they, make up 表4
    fiscal = [ln for ln in wb.functional_items() if ln.text("fund") in schema.FISCAL_FUNDS]
    assert t4.expense_total.total == sum((line_total_exp(ln) for ln in fiscal), ZERO)
    assert t4.expense_total.general == rep.t5.total["total"]
    assert t4.expense_total.gov == rep.t7.total["total"]
    assert t4.expense_total.soe == rep.t8.total["total"]


def test_each_fiscal_line_carries_over(every):
    wb, _ = every
    lines = [ln for ln in wb.functional_items() if ln.text("fund") in schema.FISCAL_FUNDS]
    assert lines
    for ln in lines:
        assert (ln.amt("carry_begin") + line_total_income(ln) - line_total_exp(ln)
                == ln.amt("carry_end")), ln.row


def test_table5_and_table6(every):
    _, rep = every
    _check_code_rows(rep.t5, "total", ("exp_basic", "exp_project"))
    t6 = rep.t6
    assert t6.total == t6.personnel_total + t6.public_total
    assert t6.total == rep.t5.total["exp_basic"] == Decimal("620.35")
    assert t6.total == sum((i.amount for i in t6.items), ZERO)


def test_table7_carry_over_per_row(every):
    t7 = every[1].t7
    for v in [t7.total, *(r.v for r in t7.rows)]:
        assert v["carry_end"] == v["carry_begin"] + v["income"] - v["total"]
        assert v["total"] == v["exp_basic"] + v["exp_project"]


def test_table8_total(every):
    _check_code_rows(every[1].t8, "total", ("exp_basic", "exp_project"))


def test_table9_subtotals(every):
    t9 = every[1].t9
    for col in ("budget", "actual", "last_year"):
        v = getattr(t9, col)
        assert v.car == v.car_purchase + v.car_running
        assert v.total == v.abroad + v.car + v.reception


def test_typed_subtotals_are_correct(every):
    """The 类 lines the clerk typed equal the sums of their 项 lines, column by
    column (they are there to be checked, and this one must pass)."""
    wb, _ = every
    typed = wb.functional_subtotals()
    assert typed
    amounts = [c.key for c in schema.FUNCTIONAL.columns if c.kind == schema.AMOUNT]
    for sub in typed:
        items = [ln for ln in wb.functional_items()
                 if ln.code.startswith(sub.code) and ln.text("fund") == sub.text("fund")]
        for key in amounts:
            assert sub.amt(key) == sum((ln.amt(key) for ln in items), ZERO), (sub.code, key)
    econ = wb.economic_subtotals()
    assert econ
    for sub in econ:
        assert sub.amt("amount") == sum((ln.amt("amount") for ln in wb.economic_items()
                                          if ln.code.startswith(sub.code)), ZERO)


def test_document_sheets_agree_with_the_tables(every):
    wb, rep = every
    assert sum((ln.amt("amount") for ln in wb.projects), ZERO) == rep.t5.total["exp_project"]
    assert sum((ln.amt("amount") for ln in wb.receptions), ZERO) == rep.t9.actual.reception
