"""A space between digits is a thousands separator only where it groups three
digits: “80 5” is no number (it was read as 805), “80 500” is 80500."""

from decimal import Decimal

import pytest

from reportgen.core import model
from reportgen.read.values import parse_amount


@pytest.mark.parametrize("text", ["80 5", "8 0.5", "1 23 456", "80  5", "８０ ５"])
def test_a_space_that_does_not_group_three_digits_is_no_number(text):
    assert parse_amount(text) == (None, model.NOT_A_NUMBER)


@pytest.mark.parametrize("text, value", [("80 500", "80500"), ("1 234 567.89", "1234567.89"),
                                         (" 12.5 ", "12.5"), ("- 5", "-5")])
def test_grouping_spaces_and_padding_still_read(text, value):
    assert parse_amount(text) == (Decimal(value), None)
