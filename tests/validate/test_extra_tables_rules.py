"""X413–X416, the inputs of the tables beyond the nine: a valid book with one
change trips each (asserting code and cell), near misses do not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.core import schema

from validate.helpers import D, valid_book

P, SUP = schema.PROJECTS.name, schema.SUPPLEMENT.name
# the valid book: 一般公共预算 项目支出 2080101 20.00, 2080102 45.00 (表5 65.00)
CODED = [dict(name="业务经费", amount=D("20.00"), code="2080101"),
         dict(name="信息化", amount=D("30.00"), code="2080102"),
         dict(name="维修", amount=D("15.00"), code="2080102")]


def _ref(book, key: str, index: int) -> str:
    return book.ref(P, key, index)


def code_without_project_spending(b):
    b.projects = [dict(p) for p in CODED]
    b.projects[2]["code"] = "2101101"         # 行政单位医疗: basic spending only
    return "X413", [(P, _ref(b, "code", 2))]


def projects_split_wrongly(b):
    b.projects = [dict(p) for p in CODED]
    b.projects[0]["amount"], b.projects[1]["amount"] = D("25.00"), D("25.00")
    # 2080101 has 25.00 for 20.00, 2080102 40.00 for 45.00: both, at each code's first project
    return "X414", [(P, _ref(b, "code", 0)), (P, _ref(b, "code", 1))]


def meeting_below_economic(b):
    b.economic[2] = dict(code="30215", name="会议费", amount=D("30.00"))   # was 30201 办公费 30.00
    b.supplement["meeting"] = dict(current=D("20.00"))
    return "X415", [(SUP, b.ref(SUP, "meeting", column="current"))]


def cars_by_category_differ(b):
    # the valid book has 公务用车 1
    b.supplement["cars_law"] = dict(current=1)
    b.supplement["cars_special"] = dict(current=1)
    return "X416", [(SUP, b.ref(SUP, "cars", column="current"))]


TRIPS = [code_without_project_spending, projects_split_wrongly, meeting_below_economic,
         cars_by_category_differ]


class _Trip:
    def __init__(self, change):
        self.change = change
        self.code = change(valid_book())[0]


# read by tests/validate/test_rules.py: every rule has a tripping case
TRIPS = [_Trip(c) for c in TRIPS]


@pytest.mark.parametrize("trip", TRIPS, ids=lambda t: t.change.__name__)
def test_trips(trip, tmp_path):
    book = valid_book()
    code, where = trip.change(book)
    found = book.validate(tmp_path).at(code)
    assert [(f.sheet, f.cell) for f in found] == where, [f.message for f in found]


def coded_right(b):
    b.projects = [dict(p) for p in CODED]


def some_codes_blank(b):
    b.projects = [dict(p) for p in CODED]
    b.projects[0]["code"] = None
    b.projects[1]["amount"], b.projects[0]["amount"] = D("25.00"), D("25.00")


def meeting_covers_economic(b):
    b.economic[2] = dict(code="30215", name="会议费", amount=D("30.00"))
    b.supplement["meeting"] = dict(current=D("30.00"), last_year=D("12.00"))
    b.supplement["training"] = dict(current=D("4.00"))


def cars_by_category_right(b):
    b.supplement["cars_law"] = dict(current=1, last_year=0)
    b.supplement["cars_special"] = dict(current=0)


@pytest.mark.parametrize("codes, change", [(("X413", "X414"), coded_right),
                                           (("X414",), some_codes_blank),
                                           (("X415",), meeting_covers_economic),
                                           (("X416",), cars_by_category_right)],
                         ids=["coded_right", "some_codes_blank", "meeting_covers_economic",
                              "cars_by_category_right"])
def test_near_misses_do_not_trip(codes, change, tmp_path):
    book = valid_book()
    change(book)
    result = book.validate(tmp_path)
    assert not any(result.at(c) for c in codes), [f"{f.code} {f.where}" for f in result.findings]
    assert result.errors == [], [f"{f.code} {f.where} {f.message}" for f in result.errors]
