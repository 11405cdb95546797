"""A value below the header in a column that has no header at all is not
read, and is not dropped silently either: S190 names it (issue 14, kind 1:
every non-empty cell of a data sheet is read, or a finding says which not)."""

from __future__ import annotations

import openpyxl
import pytest

from reportgen.build import check

from support import EXAMPLE


def _with(tmp_path, edits):
    wb = openpyxl.load_workbook(EXAMPLE)
    for sheet, ref, value in edits:
        wb[sheet][ref] = value
    path = tmp_path / "x.xlsx"
    wb.save(path)
    return check(path).result


def test_a_value_in_a_column_without_header_is_named(tmp_path):
    res = _with(tmp_path, [("支出功能分类", "Z4", 500), ("基本支出经济分类", "H3", 99)])
    found = {(f.sheet, f.cell) for f in res.at("S190")}
    assert ("支出功能分类", "Z4") in found and ("基本支出经济分类", "H3") in found
    assert all(f.severity == "错误" for f in res.at("S190"))


@pytest.mark.slow
def test_a_column_the_clerk_headed_is_theirs(tmp_path):
    # a 备注 column of the clerk's own, with its header: kept, not a finding
    res = _with(tmp_path, [("支出功能分类", "Z1", "备注"), ("支出功能分类", "Z4", "已核对")])
    assert not res.at("S190")


def test_the_example_has_none(tmp_path):
    assert not check(EXAMPLE).result.at("S190")
