"""Attack round (task fnum), whole builds: tiny changes (bug 7) and amounts
that round to 0.00 万元 (bug 8) written as the tables show them."""

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
