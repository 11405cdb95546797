"""Issue 11 item 2: every published table balances, exactly.

表1's 收入总计 and 支出总计 (and 表4's, fund by fund) are compared from the
exact amounts; any difference refuses the build, the message naming both
totals and the cells that feed them.
"""

from __future__ import annotations

from factory import MINIMAL_ECONOMIC, MINIMAL_LINES, write_input
from reportgen.build import Options, build
from reportgen.core import schema

OTHER = schema.FUND_OTHER


def _refused(tmp_path, **kw):
    src = write_input(tmp_path / "in.xlsx", **{"economic": MINIMAL_ECONOMIC, **kw})
    out = tmp_path / "out"
    b = build(src, out, Options())
    assert b.refused and (not out.exists() or not any(out.iterdir()))
    return b.checked.result


def test_table1_out_by_002_refuses_naming_both_totals(tmp_path):
    # a 非财政拨款 line: 事业收入 10.00, 支出 9.98, no carry-over — 0.02 unaccounted
    lines = (*MINIMAL_LINES,
             {"code": "2080199", "fund": OTHER, "income_business": "10.00", "exp_basic": "9.98"})
    res = _refused(tmp_path, lines=lines)
    x401 = [f for f in res.errors if f.code == "X401"]
    assert len(x401) == 1
    msg = x401[0].message
    # 收入总计 100 + 50 + 10 = 160.00; 支出总计 100 + 50 + 9.98 = 159.98
    assert "收入总计 160.00" in msg and "支出总计 159.98" in msg and "相差 0.02" in msg
    assert "尾数误差" not in msg
    # the cells that feed the middle terms are named; blank here (never “来自 未填”)
    assert "使用非财政拨款结余、结余分配未填（按 0）" in msg and "来自 未填" not in msg


def test_table1_out_by_one_fen_in_yuan_refuses(tmp_path):
    # 元: 100,000.00 收入, 99,999.99 支出 — 0.01 元 = 0.000001 万元, still an error
    lines = ({"code": "2080101", "fund": schema.FUND_GENERAL, "income_fiscal": "1500000",
              "exp_basic": "1000000", "exp_project": "500000"},
             {"code": "2080199", "fund": OTHER, "income_business": "100000.00",
              "exp_basic": "99999.99"})
    res = _refused(tmp_path, lines=lines, info={"amount_unit": "元"},
                   economic=({"code": "30101", "amount": "1000000"},))
    x401 = [f for f in res.errors if f.code == "X401"]
    assert len(x401) == 1
    # shown in the clerk's unit, exactly
    assert "收入总计 1,600,000.00" in x401[0].message
    assert "支出总计 1,599,999.99" in x401[0].message and "相差 0.01" in x401[0].message


def test_fund_carry_over_off_by_a_cent_refuses_naming_table4_totals(tmp_path):
    lines = ({"code": "2080101", "fund": schema.FUND_GENERAL, "carry_begin": "5.00",
              "income_fiscal": "100.00", "exp_basic": "100.00", "carry_end": "5.01"},
             MINIMAL_LINES[1])
    res = _refused(tmp_path, lines=lines)
    # one slip, one finding: at the line's cell, naming the totals it unbalances
    assert [f.code for f in res.errors] == ["T303"]
    t303 = res.errors[0]
    assert t303.sheet == "支出功能分类" and t303.cell.startswith(("P", "Q", "R", "O"))
    assert schema.FUND_GENERAL in t303.message
    assert "表4 一般公共预算财政拨款收入总计 155.00 与支出总计 155.01 因此不等" in t303.message
    assert "表1 收入总计 155.00 与支出总计 155.01 因此不等" in t303.message


def test_overspent_line_with_blank_year_end_is_one_finding(tmp_path):
    # 支出 130 from 收入 100 and no carry-over: the line, not three totals
    lines = ({"code": "2080101", "fund": schema.FUND_GENERAL, "income_fiscal": "100.00",
              "exp_basic": "130.00"}, MINIMAL_LINES[1])
    res = _refused(tmp_path, lines=lines, economic=({"code": "30101", "amount": "130.00"},))
    assert [f.code for f in res.errors] == ["T303"]
    assert "应为 -30.00" in res.errors[0].message


def test_two_lines_off_each_named_totals_once(tmp_path):
    lines = ({"code": "2080101", "fund": schema.FUND_GENERAL, "income_fiscal": "100.00",
              "exp_basic": "100.00", "carry_end": "3.00"},
             {"code": "2080199", "fund": schema.FUND_GENERAL, "income_fiscal": "50.00",
              "exp_project": "50.00", "carry_end": "1.00"})
    res = _refused(tmp_path, lines=lines)
    assert [f.code for f in res.errors] == ["T303", "T303"]
    assert sum("因此不等" in f.message for f in res.errors) == 1
    assert "收入总计 150.00 与支出总计 154.00" in res.errors[0].message


def test_totals_off_by_more_than_the_lines_are_still_reported(tmp_path):
    # a fiscal line off by 0.01 and, besides, a 非财政拨款 line off by 0.02:
    # 表4 is told by the line, 表1 differs by more and keeps its own finding
    lines = ({"code": "2080101", "fund": schema.FUND_GENERAL, "carry_begin": "5.00",
              "income_fiscal": "100.00", "exp_basic": "100.00", "carry_end": "5.01"},
             MINIMAL_LINES[1],
             {"code": "2080199", "fund": OTHER, "income_business": "10.00", "exp_basic": "9.98"})
    res = _refused(tmp_path, lines=lines)
    codes = [f.code for f in res.errors]
    assert sorted(codes) == ["T303", "X401"]
    assert "相差 0.01" in next(f for f in res.errors if f.code == "X401").message
