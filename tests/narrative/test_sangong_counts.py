"""Issue 11 item 6: 三公 counts and per-项 “主要用于” in the narrative.

因公出国 团组数/人次 and 公务用车 购置数 from 补充数据 (rows added later: an old
workbook without them reads as before), 外事接待 from the 接待明细 lines whose
接待类别 names it, and a 主要用于 text per 项 line of 支出功能分类.
"""

from __future__ import annotations

import openpyxl

from docx_support import docx_text, norm, render
from factory import MINIMAL_ECONOMIC, write_input
from reportgen.build import check
from reportgen.core import schema

G = schema.FUND_GENERAL
LINES = (
    {"code": "2080101", "fund": G, "income_fiscal": "100.00", "exp_basic": "100.00",
     "budget": "100.00", "uses": "机关人员工资福利及日常运转。"},
    {"code": "2080199", "fund": G, "income_fiscal": "50.00", "exp_project": "50.00",
     "budget": "50.00"},
)
SANGONG = {"abroad": {"budget": "5.00", "actual": "4.00", "last_year": "3.00"},
           "car_purchase": {"budget": "20.00", "actual": "18.00", "last_year": "0"},
           "reception": {"budget": "2.00", "actual": "1.50", "last_year": "1.00"}}
SUPPLEMENT = {"abroad_groups": {"current": 2}, "abroad_persons": {"current": 7},
              "car_purchased": {"current": 1}, "cars": {"current": 5}}


def _add_receptions(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(schema.RECEPTION.name)
    ws.append([c.header for c in schema.RECEPTION.columns])
    ws.append(["外事接待", 1.0, "外国代表团考察", 2, 12, 3])
    ws.append(["省内接待活动", 0.5, "兄弟区县交流", 3, 20, 4])
    wb.save(path)
    return path


def _text(tmp_path, **kw):
    src = write_input(tmp_path / "in.xlsx", lines=LINES, economic=MINIMAL_ECONOMIC,
                      sangong=SANGONG, **kw)
    out, _ = render(_add_receptions(src), tmp_path / "out.docx")
    return norm(docx_text(out))


def test_counts_sentences(tmp_path):
    text = _text(tmp_path, supplement=SUPPLEMENT)
    assert "全年安排因公出国（境）团组2个，累计7人次。" in text
    assert "本年购置公务用车1辆，年末公务用车保有量5辆。" in text
    assert "其中外事接待2批次12人次。" in text


def test_counts_left_out_when_not_entered(tmp_path):
    text = _text(tmp_path)
    assert "团组" not in text and "本年购置公务用车" not in text


def test_item_uses(tmp_path):
    text = _text(tmp_path, supplement=SUPPLEMENT)
    assert ("行政运行（项）。年初预算为100万元，支出决算为100万元，完成年初预算的100%。"
            "主要用于机关人员工资福利及日常运转。") in text


def test_old_workbook_without_the_new_rows_and_columns_is_not_reported(tmp_path):
    """write_input writes every declared row; an old workbook lacks the new ones."""
    src = write_input(tmp_path / "old.xlsx", lines=LINES, economic=MINIMAL_ECONOMIC)
    wb = openpyxl.load_workbook(src)
    sup = wb[schema.SUPPLEMENT.name]
    for r in range(sup.max_row, 0, -1):
        if sup.cell(r, 1).value in ("因公出国（境）团组数", "因公出国（境）人次", "公务用车购置数（辆）"):
            sup.delete_rows(r)
    func = wb[schema.FUNCTIONAL.name]
    for c in range(func.max_column, 0, -1):
        if func.cell(1, c).value in ("主要用于", "全年预算数"):
            func.delete_cols(c)
    info = wb[schema.UNIT_INFO.name]
    for r in range(info.max_row, 0, -1):
        if info.cell(r, 1).value == "金额单位":
            info.delete_rows(r)
    wb.save(src)
    found = [f for f in check(src).result.findings if f.code in ("S102", "S103", "S116")]
    assert found == [], [f.message for f in found]
