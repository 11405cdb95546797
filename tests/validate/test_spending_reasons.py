"""P506 on a 三公经费 or 机关运行经费 reason: the stock wording of a decrease
(厉行节约, 从严控制, 紧日子) explaining a figure that rose."""

from __future__ import annotations

import pytest

from reportgen.build import check
from reportgen.validate.rules.consistency import SPENDING_DOWN_WORDS, contradicting_word

from support import EXAMPLE
from variants import variant


def _p506(tmp_path, change):
    return check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result.at("P506")


@pytest.mark.slow
def test_a_reception_that_rose_explained_by_economy_is_a_warning_at_both_reasons(tmp_path):
    # 公务接待费 0.35 on last year's 0: 三公经费 and 公务接待费 rose, both
    # reasons say “厉行节约，从严控制“三公”经费开支”
    def change(wb):
        wb["三公经费"]["D5"] = 0
    found = _p506(tmp_path, change)
    assert sorted(f.where for f in found) == ["文字说明!B14", "文字说明!B7"]
    assert all("“节约”" in f.message and "比上年增加" in f.message for f in found)


@pytest.mark.parametrize("typed,word", [("从严控制公务接待", "从严控制"),
                                        ("落实过“紧日子”要求", "紧日子"), ("严控一般性支出", "严控")])
def test_each_economy_word_says_down_for_a_spending_reason_only(typed, word):
    assert contradicting_word(typed, True, SPENDING_DOWN_WORDS) == word
    assert contradicting_word(typed, False, SPENDING_DOWN_WORDS) == ""
    assert contradicting_word(typed, True) == ""


def test_the_example_whose_reception_fell_has_none(tmp_path):
    # 0.35 against last year's 0.47: the economy words agree
    assert not _p506(tmp_path, lambda wb: None)


def test_economy_with_a_word_of_the_right_direction_is_not():
    assert contradicting_word("虽厉行节约，但新增了接待任务", True, SPENDING_DOWN_WORDS) == ""


def test_a_total_that_rose_while_economising_is_not(tmp_path):
    # 收支总计 rose: “厉行节约” does not say which way a total went
    def change(wb):
        wb["文字说明"]["B4"] = "厉行节约"
    assert not _p506(tmp_path, change)
