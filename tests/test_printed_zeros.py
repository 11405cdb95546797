"""Whole builds: tiny changes and amounts
that round to 0.00 万元 written as the tables show them."""

from __future__ import annotations

import pytest

from reportgen.build import Options, build

from docx_support import docx_text
from support import EXAMPLE
from variants import variant

SUP = "补充数据"
COMPARED = ("收支总计", "财政拨款收支总计", "一般公共预算财政拨款收入", "一般公共预算财政拨款支出")


def _document(built):
    [doc] = [p for p in built.outputs if p.name.endswith("部门决算.docx")]
    return docx_text(doc)


def _tiny_rise(wb):
    ws = wb[SUP]
    for r in range(2, 8):
        if ws.cell(r, 1).value in COMPARED:
            ws.cell(r, 3).value = 13258.63          # 上年 0.01 万元 below this year


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["default", "shanghai-2024"])
def test_a_tiny_rise_is_written_without_a_zero_rate(profile, tmp_path):
    built = build(variant(EXAMPLE, tmp_path / "v.xlsx", _tiny_rise), tmp_path / "out",
                  Options(profile=profile))
    assert not built.refused, [f.message for f in built.checked.result.errors]
    text = _document(built)
    assert "增加0.01万元" in text
    for zero in ("增长0%", "增长0.0%", "增长0.00%"):
        assert zero not in text, profile


def _row_of(ws, code):
    for r in range(1, ws.max_row + 1):
        if str(ws.cell(r, 1).value).strip() == code:
            return r
    raise KeyError(code)


def _ten_yuan_line(wb):
    ws = wb["支出功能分类"]
    r = _row_of(ws, "2130804")                      # the only 农林水 line
    for col in (5, 12, 17):                         # 财政拨款收入, 项目支出, 年初预算
        ws.cell(r, col).value = 0.001               # 10 元
    ws = wb["项目支出"]
    r = _row_of(ws, "创业担保贷款贴息")
    ws.cell(r, 2).value = 0.001
    ws.cell(r, 4).value = 0.001


@pytest.mark.slow
def test_a_line_that_prints_as_zero_is_left_out_of_the_sentences(tmp_path):
    built = build(variant(EXAMPLE, tmp_path / "v.xlsx", _ten_yuan_line), tmp_path / "out",
                  Options())
    assert not built.refused, [f.message for f in built.checked.result.errors]
    assert built.checked.result.at("P509")
    text = _document(built)
    assert "农林水（类）支出" not in text                   # 表1 shows the line blank
    assert "支出0万元" not in text and "占0%" not in text
    assert "创业担保贷款贴息0万元" not in text
    assert "支出决算为0万元，完成年初预算的100%" not in text
    assert "执行数为0万元，完成预算的100%" not in text
    assert "创业担保贷款贴息项目绩效自评综述" in text       # its self-evaluation is still told
