"""Issue 11 item 1: amounts entered in 元 or 万元, every published figure
rounded half-up to 万元 with two decimals once, from its exact value.

The done-when case: three 项 lines of 12,345.67 元 each.  Each line prints
1.23 万元 (1.234567 rounded); their exact total 37,037.01 元 = 3.703701 万元
prints 3.70 — not 3.69, the sum of the rounded parts — in every table and
sentence that shows it, and no rule reports the 0.01.
"""

from __future__ import annotations

from decimal import Decimal as D

import openpyxl
import pytest

from docx_support import docx_text, norm
from factory import write_input
from reportgen.build import Options, build, check
from reportgen.core import fmt, schema
from reportgen.read.reader import read_workbook

G = schema.FUND_GENERAL
LINE = "12345.67"
# three 项 of 类 208 款 01, all 一般公共预算 基本支出
YUAN_LINES = tuple(
    {"code": code, "fund": G, "income_fiscal": LINE, "exp_basic": LINE, "budget": LINE}
    for code in ("2080101", "2080102", "2080199"))
YUAN_ECONOMIC = ({"code": "30101", "amount": "37037.01"},)


def _yuan(tmp_path, **kw):
    return write_input(tmp_path / "yuan.xlsx", info={"amount_unit": "元"}, lines=YUAN_LINES,
                       economic=YUAN_ECONOMIC, **kw)


def test_reader_holds_yuan_as_exact_wanyuan(tmp_path):
    wb = read_workbook(_yuan(tmp_path))
    assert wb.amount_unit == "元"
    items = wb.functional_items()
    assert [ln.amt("exp_basic") for ln in items] == [D("1.234567")] * 3
    # the cell keeps what the clerk typed
    assert str(items[0]["exp_basic"].raw) == "12345.67"


def test_blank_unit_is_wanyuan_as_before(tmp_path):
    wb = read_workbook(write_input(tmp_path / "w.xlsx"))
    assert wb.amount_unit == "万元"
    assert wb.functional_items()[0].amt("exp_basic") == D("100.00")


def test_scores_are_not_scaled(tmp_path):
    wb = read_workbook(_yuan(tmp_path, texts={"perf_unit_score": "94.5"}))
    assert wb.texts["perf_unit_score"].value == D("94.5")


def test_no_finding_about_the_rounding(tmp_path):
    res = check(_yuan(tmp_path)).result
    sums = [f for f in res.findings if f.code[0] in "TX" or f.code == "S110"]
    assert sums == [], [f.message for f in sums]


def _cells(path):
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("yuan")
    b = build(_yuan(tmp), tmp / "out", Options())
    assert not b.refused, [f.message for f in b.checked.result.findings]
    return b


def test_every_table_shows_370_never_369(built):
    tables = next(p for p in built.outputs if p.suffix == ".xlsx")
    cells = _cells(tables)
    seen = 0
    for title, values in cells.items():
        nums = [D(str(v)) for v in values if isinstance(v, (int, float))]
        assert D("3.69") not in nums, title
        if D("3.7") in nums:
            seen += 1
        # every published amount has two decimals at most
        for v in nums:
            assert v == v.quantize(D("0.01")), (title, v)
    # 表1, 表2, 表3, 表4, 表5 and 表7 all carry the 合计 of the three lines
    assert seen >= 5, cells.keys()
    # the single lines print 1.23 each
    assert any(D(str(v)) == D("1.23") for vs in cells.values() for v in vs
               if isinstance(v, (int, float)))


def test_every_sentence_shows_370(built):
    doc = next(p for p in built.outputs if p.suffix == ".docx")
    text = norm(docx_text(doc))
    assert "3.69" not in text
    # each 项's sentence prints its amount rounded once (|plain), never the exact 1.234567
    assert "1.234567" not in text and "支出决算为1.23万元" in text
    # 收支总计 (一), 财政拨款收支总计 (四), 一般公共预算财政拨款支出 (五)
    assert text.count("3.70万元") >= 3, text[:2000]


def test_fmt_rounds_once_from_the_exact_value():
    parts = [D("1.234567")] * 3
    assert fmt.money(sum(parts)) == "3.70"
    assert fmt.money_plain(sum(parts)) == "3.7" and fmt.money_plain(D("764.062137")) == "764.06"
    assert fmt.money_as_entered(D("1.234567"), -4) == "12,345.67"
    assert fmt.money_as_entered(D("0.000003")) == "0.000003"
    assert sum(D(fmt.money(p)) for p in parts) == D("3.69")


def test_unknown_unit_is_reported(tmp_path):
    res = check(write_input(tmp_path / "u.xlsx", info={"amount_unit": "千元"})).result
    assert any(f.sheet == "单位信息" and f.code == "S108" and "千元" in f.message
               for f in res.errors), [f.message for f in res.findings]


def test_too_many_decimals_for_the_unit(tmp_path):
    lines = ({**YUAN_LINES[0], "exp_basic": "12345.678", "income_fiscal": "12345.678"},)
    res = check(write_input(tmp_path / "d.xlsx", info={"amount_unit": "元"}, lines=lines,
                            economic=({"code": "30101", "amount": "12345.678"},))).result
    s110 = [f for f in res.findings if f.code == "S110"]
    assert s110 and "12345.678" in s110[0].message and "元" in s110[0].fix
    # six decimals of 万元 are fine
    lines = ({"code": "2080101", "fund": G, "income_fiscal": "1.234567", "exp_basic": "1.234567"},)
    res = check(write_input(tmp_path / "w.xlsx", lines=lines,
                            economic=({"code": "30101", "amount": "1.234567"},))).result
    assert not [f for f in res.findings if f.code == "S110"]


# ---------------------------------------------------------- item 5: carry-overs
GOV = schema.FUND_GOV
CARRY_LINES = tuple(
    {"code": code, "fund": GOV, "carry_begin": LINE, "income_fiscal": "10000.00",
     "exp_project": "10000.00", "carry_end": LINE}
    for code in ("2080101", "2080102", "2080199"))


def test_carry_overs_in_yuan_derive_tables_4_and_7(tmp_path):
    """Three 政府性基金 lines carrying 12,345.67 元 each: the exact 年初/年末
    结转和结余 is 3.703701 万元; 表1, 表4 and 表7 print 3.70 (never 3.69), each
    line of 表7 1.23, and nothing is reported (every line balances exactly)."""
    src = write_input(tmp_path / "carry.xlsx", info={"amount_unit": "元"}, lines=CARRY_LINES,
                      economic=())
    b = build(src, tmp_path / "out", Options())
    assert not b.refused, [f.message for f in b.checked.result.errors]
    assert not [f for f in b.checked.result.findings if f.code[0] in "TX"]
    t4, t7 = b.report.t4, b.report.tables["t7"]
    assert t4.carry_begin.gov == t4.carry_end.gov == D("3.703701")
    assert t7.total["carry_begin"] == D("3.703701")
    cells = _cells(next(p for p in b.outputs if p.suffix == ".xlsx"))
    for title in ("表1", "表4", "表7"):
        nums = [D(str(v)) for v in cells[title] if isinstance(v, (int, float))]
        assert D("3.7") in nums and D("3.69") not in nums, (title, nums)
    nums7 = [D(str(v)) for v in cells["表7"] if isinstance(v, (int, float))]
    assert nums7.count(D("1.23")) >= 6   # 年初 and 年末 of each of the three 项


# ---------------------------------------------- item 7: one unit for comparisons
def test_last_year_in_yuan_compares_in_one_unit(tmp_path):
    """A 元 workbook's 上年数 are 元 too: the year-on-year sentence compares
    like with like (150 万元 against 1,200,000 元 = 120 万元: +30, 25%)."""
    from docx_support import render
    lines = ({"code": "2080101", "fund": G, "income_fiscal": "1000000", "exp_basic": "1000000"},
             {"code": "2080199", "fund": G, "income_fiscal": "500000", "exp_project": "500000"})
    sup = {k: {"last_year": "1200000"} for k in ("total", "fiscal_total", "general_income",
                                                  "general_exp")}
    src = write_input(tmp_path / "y.xlsx", info={"amount_unit": "元"}, lines=lines,
                      economic=({"code": "30101", "amount": "1000000"},), supplement=sup,
                      texts={"reason_total": "甲原因"})
    wb = read_workbook(src)
    assert wb.supplement_amount("total", "last_year") == D("120")
    out, _ = render(src, tmp_path / "y.docx")
    assert "收、支总计各增加30万元，增长25%" in norm(docx_text(out))


def test_the_slip_case_is_held_in_one_unit():
    """The case yuan-typed-into-wanyuan.xlsx: 元 pasted into a 万元
    workbook.  Everything the model holds is 万元 as far as the workbook says,
    so a rule (issue 13's X412) sees the ×10⁴ factor between this year's
    total and last year's directly, in one unit."""
    from support import ROOT
    # the handed case, copied beside the tests
    case = ROOT / "tests" / "data" / "cases" / "yuan-typed-into-wanyuan.xlsx"
    wb = read_workbook(case)
    assert wb.amount_unit == "万元"
    this_year = sum((ln.amt("exp_basic") + ln.amt("exp_project") for ln in wb.functional_items()),
                    D(0))
    last_year = wb.supplement_amount("total", "last_year")
    assert last_year > 0 and D(1000) < this_year / last_year < D(100000)
