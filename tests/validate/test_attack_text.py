"""Findings added for bugs 9, 17, 20 and 24 of the new-user attack
(/work/wt/attack/BUGS.md): 财政级次 outside its list (S108), a 接待明细
amount without 批次/人次 (P530), a budget-difference reason against a 0
年初预算 that says the opposite (P506), and X401's wording."""

from __future__ import annotations

import pytest

from reportgen.core import schema
from validate.helpers import valid_book

INFO = schema.UNIT_INFO.name


# ------------------------------------------------------------ bug 9: 财政级次 (S108)
@pytest.mark.parametrize("typed, found", [("市本级", True), ("中央直属", True), ("区级", False),
                                          (" 县级 ", False), (None, False)])
def test_finance_level_outside_the_list_is_s108(tmp_path, typed, found):
    b = valid_book()
    b.info["finance_level"] = typed
    res = b.validate(tmp_path)
    cells = {(f.sheet, f.cell) for f in res.at("S108")}
    assert ((INFO, b.ref(INFO, "finance_level")) in cells) is found
    if found:
        msg = next(f.message for f in res.at("S108") if f.sheet == INFO)
        assert f"“{typed}”" in msg and "财政级次" in msg and "区级" in msg
