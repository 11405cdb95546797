"""Issue 16: next year from last year's workbook (``init --from``) and the
check against it (``validate/build --last``).

The every-column example (2023) is carried to 2024; the figures expected in
its 上年 and 年初 cells are summed by hand below from the example's lines
(tests/data/make_every_column.py), not taken from what the code printed.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.core import schema
from reportgen.read.reader import read_workbook

from support import EVERY_COLUMN

D = Decimal
G, F, S, O = schema.FUND_GENERAL, schema.FUND_GOV, schema.FUND_SOE, schema.FUND_OTHER

# 年末结转和结余 of the example's 项 lines, by code and fund
CLOSING = {("2080101", G): D("5.00"), ("2080102", G): D("30.00"), ("2296002", F): D("25.00"),
           ("2230199", S): D("3.00"), ("2080150", O): D("92.00")}
# 一般公共预算 收入: 500 + 300 + 40.35 + 60 + 15; 支出 (基本 + 项目): 505 + 290 + 40.35 + 60 + 15
GENERAL_INCOME, GENERAL_EXP = D("915.35"), D("910.35")
# 表4 收入总计: 财政拨款 年初 10 + 20 + 15 + 5, 收入 915.35 + 100 + 50 + 30
FISCAL_TOTAL = D("50") + D("1095.35")
# 表1 收入总计: 收入 1095.35 + (20 + 150 + 30 + 10 + 5 + 18), 使用非财政拨款结余 6, 年初 50 + 40
TOTAL = D("1095.35") + D("233") + D("6") + D("90")
SUPPLEMENT_LAST = {
    "total": TOTAL, "fiscal_total": FISCAL_TOTAL, "general_income": GENERAL_INCOME,
    "general_exp": GENERAL_EXP, "use_nonfiscal_balance": D("6"), "balance_distribution": D("4"),
    "operation": D("70"), "procurement": D("120"), "procurement_goods": D("50"),
    "procurement_works": D("40"), "procurement_services": D("30"), "sme": D("100"),
    "sme_small": D("80"), "sme_goods": D("40"), "sme_works": D("35"), "sme_services": D("25"),
    "abroad_groups": 1, "abroad_persons": 3, "car_purchased": 1, "cars": 2, "other_cars": 1,
    "general_equipment": 1, "special_equipment": 1,
}
SANGONG_LAST = {"abroad": D("8"), "car_purchase": D("35"), "car_running": D("12"),
                "reception": D("3")}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def carried(tmp_path_factory):
    """(last year's copy, next year's workbook, the console output)."""
    folder = tmp_path_factory.mktemp("carry")
    last = folder / "2023.xlsx"
    last.write_bytes(EVERY_COLUMN.read_bytes())
    before = _digest(last)
    nxt = folder / "2024.xlsx"
    res = run("init", nxt, "--from", last)
    assert res.exit_code == 0, res.output
    assert _digest(last) == before, "last year's workbook was written"
    return last, nxt, res.output


def _filled(nxt: Path, out: Path, change=None) -> Path:
    """Next year's workbook with this year's figures entered as the simplest
    balanced year: nothing received or spent, each line closing with what it
    opened with.  ``change(ws, row, col_begin, col_end)`` may spoil a line."""
    wb = openpyxl.load_workbook(nxt)
    ws = wb[schema.FUNCTIONAL.name]
    keys = [c.key for c in schema.FUNCTIONAL.columns]
    cb, ce = keys.index("carry_begin") + 1, keys.index("carry_end") + 1
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, cb).value is not None:
            ws.cell(r, ce).value = ws.cell(r, cb).value
    if change is not None:
        change(ws, cb, ce)
    wb.save(out)
    return out


def test_year_unit_and_standing_texts_are_carried_and_reasons_cleared(carried):
    last, nxt, _ = carried
    wb = read_workbook(nxt)
    assert wb.year == 2024 and wb.unit == "云岭市公共服务管理局"
    assert wb.info["phone"].value == "0000-12345678" and wb.info["finance_level"].value == "市级"
    assert str(wb.texts["functions"].value).startswith("1.贯彻执行有关法律法规和政策。")
    assert "局本级和所属 3 家事业单位" in str(wb.texts["composition"].value)
    assert [ln.text("name") for ln in wb.units][:4] == [
        "云岭市公共服务管理局本级", "云岭市公共服务中心", "云岭市城市发展研究所", "云岭市职业培训中心"]
    for key in ("reason_total", "reason_fiscal", "reason_3gong", "reason_operation",
                "performance", "perf_unit_text", "assets"):
        assert wb.texts[key].empty, key
    assert not wb.projects and not wb.key_work and not wb.receptions
    # this year's figures are the clerk's to enter
    assert all(ln.amt(k) == 0 for ln in wb.functional_items()
               for k in ("income_fiscal", "exp_basic", "exp_project", "carry_end", "budget"))
    assert all(c.empty for row in wb.sangong.values() for k, c in row.items() if k != "last_year")


def test_opening_balances_are_last_years_closing_by_code_and_fund(carried):
    _, nxt, _ = carried
    wb = read_workbook(nxt)
    got = {(ln.code, ln.text("fund")): ln.amt("carry_begin") for ln in wb.functional_items()}
    assert got == CLOSING


def test_last_year_cells_are_last_years_published_figures(carried):
    _, nxt, _ = carried
    wb = read_workbook(nxt)
    got = {k: wb.supplement[k]["last_year"].value for k in SUPPLEMENT_LAST}
    assert got == SUPPLEMENT_LAST
    assert {k: wb.sangong[k]["last_year"].value for k in SANGONG_LAST} == SANGONG_LAST


def test_instructions_and_console_tell_what_was_carried(carried):
    last, nxt, output = carried
    ws = openpyxl.load_workbook(nxt)[schema.INSTRUCTIONS_SHEET]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "从上年工作簿结转" in text and last.name in text
    # the top of the sheet points at the notes at its end
    assert "三、从上年工作簿结转" in ws["A2"].value and last.name in ws["A2"].value
    import re
    row = int(re.search(r"第 (\d+) 行起", ws["A2"].value)[1])
    assert ws.cell(row, 1).value == "三、从上年工作簿结转" and ws.cell(row + 1, 1).value
    assert "5 行年初结转和结余" in output and "2024 年度" in output
    # the example's own codes are confirmed on its 科目 sheet, which is carried
    assert "都没有更名或取消。" in output and "都没有更名或取消。" in text
    assert read_workbook(nxt).user_catalogue


@pytest.mark.slow
def test_validate_last_passes_on_the_carried_year(carried, tmp_path):
    last, nxt, _ = carried
    filled = _filled(nxt, tmp_path / "filled.xlsx")
    res = run("validate", filled, "--last", last)
    assert res.exit_code == 0, res.output
    assert "共 0 个错误，0 个警告" in res.output
    assert "L90" not in res.output


def test_one_changed_opening_balance_fails_at_that_cell(carried, tmp_path):
    last, nxt, _ = carried
    where = {}

    def spoil(ws, cb, ce):
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, 1).value == "2080102":
                # the line still balances: only last year's closing disagrees
                ws.cell(r, cb).value = ws.cell(r, ce).value = 31
                where["cell"] = ws.cell(r, cb).coordinate
    filled = _filled(nxt, tmp_path / "spoiled.xlsx", spoil)
    res = run("validate", filled, "--last", last, "--format", "json")
    assert res.exit_code == 1, res.output
    import json
    found = [f for f in json.loads(res.output)["findings"] if f["severity"] == "错误"]
    assert [(f["code"], f["sheet"], f["cell"]) for f in found] == [
        ("L901", schema.FUNCTIONAL.name, where["cell"])]
    msg = found[0]["message"]
    # both files and both cells: last year's 年末 of 2080102 is on row 3 of 支出功能分类
    keys = [c.key for c in schema.FUNCTIONAL.columns]
    end_col = openpyxl.utils.get_column_letter(keys.index("carry_end") + 1)
    assert "spoiled.xlsx" in msg and last.name in msg and f"支出功能分类!{end_col}3" in msg
    assert "31.00" in msg and "30.00" in msg


@pytest.mark.slow
def test_build_last_refuses_a_wrong_opening_balance(carried, tmp_path):
    last, nxt, _ = carried

    def spoil(ws, cb, ce):
        ws.cell(2, cb).value = ws.cell(2, ce).value = (ws.cell(2, cb).value or 0) + 1
    filled = _filled(nxt, tmp_path / "spoiled.xlsx", spoil)
    out = tmp_path / "out"
    res = run("build", filled, "--last", last, "-o", out)
    assert res.exit_code == 1 and "L901" in res.output
    assert not out.exists() or not any(out.iterdir())


def test_init_from_refuses_an_existing_file_unless_forced(carried):
    last, nxt, _ = carried
    before = _digest(nxt)
    res = run("init", nxt, "--from", last)
    assert res.exit_code == 2 and "已存在" in res.output and _digest(nxt) == before
    assert run("init", nxt, "--from", last, "--force").exit_code == 0


def test_init_from_never_writes_last_years_file(carried):
    last, _, _ = carried
    before = _digest(last)
    res = run("init", last, "--from", last, "--force")
    assert res.exit_code == 2 and "同一个文件" in res.output and _digest(last) == before


def test_an_invalid_last_year_is_refused_in_chinese(carried, tmp_path):
    # the carried year, not yet filled, does not balance: it cannot be last year
    _, nxt, _ = carried
    res = run("init", tmp_path / "2025.xlsx", "--from", nxt)
    assert res.exit_code == 2
    assert "上年工作簿" in res.output and "校验有错误" in res.output and "支出功能分类!" in res.output
    assert not (tmp_path / "2025.xlsx").exists()
    res = run("validate", EVERY_COLUMN, "--last", tmp_path / "无此文件.xlsx")
    assert res.exit_code == 2 and "上年工作簿" in res.output and "Traceback" not in res.output


def test_renamed_and_unlisted_codes_are_listed(tmp_path):
    from reportgen.carry import changed_codes
    from reportgen.compute.tables import Catalogues
    from reportgen.core import catalogue as cat
    from validate.helpers import valid_book

    book = valid_book()                      # 2022, codes 2080101, 2080102, 2101101
    book.functional.append(dict(code="2999999", name="某科目", fund=G))
    wb = book.read(tmp_path)
    renamed = cat.Entry(scheme=cat.FUNCTIONAL, edition=2023, code="2080102",
                        name="一般行政管理事务（新）", level="项")
    lines = changed_codes(wb, Catalogues.load(wb, [renamed]), 2023)
    assert len(lines) == 2
    assert "2080102" in lines[0] and "“一般行政管理事务”改为“一般行政管理事务（新）”" in lines[0]
    assert "2999999" in lines[1] and "没有此编码" in lines[1] and "支出功能分类!A8" in lines[1]


@pytest.mark.slow
def test_a_yuan_workbook_is_carried_in_yuan(tmp_path):
    """The Wuhan 2022 example entered in 元: next year's workbook keeps 元, and
    its 上年 cells hold the published 2022 figures (reference text: 收入总计
    13,258.64 万元, 公务接待费 0.35 万元, 机关运行经费 104.00 万元) in 元."""
    from support import ROOT

    last = ROOT / "inputs" / "example-2022-yuan.xlsx"
    nxt = tmp_path / "2023.xlsx"
    assert run("init", nxt, "--from", last).exit_code == 0
    raw = openpyxl.load_workbook(nxt)
    info = raw[schema.UNIT_INFO.name]
    unit_row = [i.key for i in schema.UNIT_INFO.items].index("amount_unit") + 2
    assert info.cell(unit_row, 2).value == "元"
    sup = raw[schema.SUPPLEMENT.name]
    total_row = [i.key for i in schema.SUPPLEMENT.rows].index("total") + 2
    assert sup.cell(total_row, 3).value == 132586400
    wb = read_workbook(nxt)
    assert wb.year == 2023 and wb.amount_unit == "元"
    assert wb.supplement["total"]["last_year"].value == D("13258.64")
    assert wb.sangong["reception"]["last_year"].value == D("0.35")
    assert wb.supplement["operation"]["last_year"].value == D("104.00")


def test_last_year_the_same_file_is_refused(carried, tmp_path):
    last, _, _ = carried
    for command in ("validate", "build"):
        res = run(command, last, "--last", last, *(("-o", tmp_path / "out") if command == "build" else ()))
        assert res.exit_code == 2 and "是同一个文件" in res.output, res.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.xlsx"))


def test_a_missing_last_year_is_called_last_years_workbook(tmp_path):
    res = run("validate", EVERY_COLUMN, "--last", tmp_path / "nope.xlsx")
    assert res.exit_code == 2 and "找不到文件" in res.output and "（上年工作簿）" in res.output
    assert "输入工作簿）" not in res.output


# a 2022 workbook whose 财政级次 is a usual variant (市本级) or a level the list
# does not know (区（县）级): it still carries and is still last year's
@pytest.fixture(scope="module", params=["市本级", "区（县）级"])
def last_with_level(request, tmp_path_factory):
    from support import EXAMPLE
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb[schema.UNIT_INFO.name]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "财政级次")
    ws.cell(row, 2).value = request.param
    path = tmp_path_factory.mktemp("level") / "2022.xlsx"
    wb.save(path)
    return path, request.param


@pytest.mark.slow
def test_init_from_carries_a_finance_level_outside_the_list(last_with_level, tmp_path):
    last, level = last_with_level
    nxt = tmp_path / "2023.xlsx"
    res = run("init", nxt, "--from", last)
    assert res.exit_code == 0, res.output
    assert "不能据以结转" not in res.output
    wb = read_workbook(nxt)
    assert wb.year == 2023 and wb.info["finance_level"].value == level   # as typed


@pytest.mark.slow
def test_last_accepts_a_finance_level_outside_the_list(last_with_level, tmp_path):
    last, level = last_with_level
    nxt = tmp_path / "2023.xlsx"
    assert run("init", nxt, "--from", last).exit_code == 0
    res = run("validate", nxt, "--last", last, "--format", "json")
    assert res.exit_code != 2 and "不能据以结转" not in res.output, res.output
    import json
    codes = {f["code"] for f in json.loads(res.output)["findings"]}
    assert "S108" not in codes
    assert ("S123" in codes) is (level == "区（县）级")
