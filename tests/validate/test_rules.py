"""Every rule: a workbook that trips it (asserting code and cell, not the
prose) and the valid workbook, plus near misses, which do not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest

from reportgen.core import model, schema
from reportgen.validate import all_rules
from reportgen.validate.findings import ERROR, INFO as NOTE, WARNING

from validate.helpers import D, GENERAL, OTHER, Book, index, line, valid_book, where

F, E = schema.FUNCTIONAL.name, schema.ECONOMIC.name
SG, SUP, INFO, TEXTS, CAT = (schema.SANGONG.name, schema.SUPPLEMENT.name, schema.UNIT_INFO.name,
                            schema.TEXTS.name, schema.USER_CATALOGUE.name)


@dataclass
class Case:
    code: str
    change: Callable[[Book], tuple[str, str]]   # spoils the book, returns (sheet, cell) expected
    id: str = ""


def fcell(b: Book, code: str, key: str, fund=None) -> tuple[str, str]:
    return F, b.ref(F, key, index(b, code, fund))


def ecell(b: Book, code: str, key: str = "amount") -> tuple[str, str]:
    i = next(i for i, ln in enumerate(b.economic) if ln["code"] == code)
    return E, b.ref(E, key, i)


# ------------------------------------------------------------ changes
def drop_sheet(b):
    b.drop_sheets.add(E)
    return E, ""


def drop_column(b):
    b.drop_columns[F] = {"income_operating"}
    return F, ""


def drop_text_column(b):
    b.drop_columns[F] = {"reason"}
    return F, ""


def drop_row(b):
    b.drop_rows[SUP] = {"operation"}
    return SUP, ""


def empty_fund(b):
    line(b, "2080102")["fund"] = None
    return fcell(b, "2080102", "fund")


def empty_unit(b):
    b.info["unit"] = None
    return INFO, b.ref(INFO, "unit")


def missing_year_row(b):
    b.drop_rows[INFO] = {"year"}
    return INFO, ""


def empty_catalogue_scheme(b):
    b.catalogue.append(dict(scheme=None, code="2080188", name="某新设科目"))
    return CAT, b.ref(CAT, "scheme", 0)


def text_in_amount(b):
    line(b, "2080101", GENERAL)["exp_basic"] = "八十"
    return fcell(b, "2080101", "exp_basic", GENERAL)


def absurd_amount(b):
    line(b, "2080101", GENERAL)["exp_basic"] = 1e300
    return fcell(b, "2080101", "exp_basic", GENERAL)


def formula_without_value(b):
    line(b, "2080101", GENERAL)["exp_basic"] = "=40+40"
    return fcell(b, "2080101", "exp_basic", GENERAL)


def control_characters(b):
    # openpyxl refuses to write them, so the reader's result is edited:
    # the cell as the reader makes it from “职能\x07说明”
    ref = b.ref(TEXTS, "functions")

    def edit(wb):
        cell = model.Cell("职能说明", TEXTS, ref, "职能\x07说明", model.CONTROL_CHARS)
        wb.texts["functions"] = cell
        wb.problems.append((cell, cell.problem))
    b.after_read.append(edit)
    return TEXTS, ref


def bad_choice(b):
    line(b, "2080102")["fund"] = "财政资金"
    return fcell(b, "2080102", "fund")


def bad_code(b):
    b.economic[2]["code"] = "办公费"
    return E, b.ref(E, "code", 2)


def three_decimals(b):
    line(b, "2101101")["exp_basic"] = D("10.0000005")
    return fcell(b, "2101101", "exp_basic")


def negative_amount(b):
    b.sangong["reception"]["actual"] = D("-0.50")
    return SG, b.ref(SG, "reception", column="actual")


def duplicate_line(b):
    b.functional.append(dict(line(b, "2101101")))
    return F, b.ref(F, "code", len(b.functional) - 1)


def duplicate_economic(b):
    b.economic.append(dict(code="30201", name="办公费", amount=D("0")))
    return E, b.ref(E, "code", len(b.economic) - 1)


def unknown_label(b):
    b.extra_rows[SUP] = [["其他补充数", 1, 2]]
    n = len(schema.SUPPLEMENT.rows) + 2
    return SUP, f"A{n}"


def duplicate_label(b):
    b.extra_rows[SG] = [["公务接待费", 1, 1, 1]]
    return SG, f"A{len(schema.SANGONG.rows) + 2}"


def no_items(b):
    b.functional = [ln for ln in b.functional if len(ln["code"]) != 7]
    return F, ""


def unknown_code(b):
    line(b, "2101101")["code"] = "2101188"
    return fcell(b, "2101188", "code")


def unknown_parent(b):
    # a 项 under an unknown 款, with no subtotal line for it
    ln = line(b, "2101101")
    ln.update(code="2108801", name="某项")
    return fcell(b, "2108801", "code")


def kuan_without_items(b):
    b.functional.append(dict(code="20808", name="抚恤", fund=GENERAL, income_fiscal=D("1.00"),
                             exp_basic=D("1.00")))
    return F, b.ref(F, "code", len(b.functional) - 1)


def code_wrong_length(b):
    i = index(b, "2101101")
    b.functional[i]["code"] = "210110"
    return F, b.ref(F, "code", i)


def economic_class_without_items(b):
    b.economic.append(dict(code="310", name="资本性支出", amount=D("0")))
    return E, b.ref(E, "code", len(b.economic) - 1)


def economic_item_level(b):
    b.economic[2]["code"] = "3020101"
    return E, b.ref(E, "code", 2)


def name_differs(b):
    line(b, "2080101", GENERAL)["name"] = "行政运行费"
    return fcell(b, "2080101", "name", GENERAL)


def wrong_group(b):
    b.catalogue.append(dict(scheme="经济分类", code="30102", name="津贴补贴", group="公用经费"))
    return CAT, b.ref(CAT, "group", 0)


def later_edition(b):
    ln = line(b, "2101101")
    ln.update(code="2010601", name="行政运行")     # attested only from the 2024 edition
    b.info["year"] = 2021                         # before every bundled edition
    return fcell(b, "2010601", "code")


def later_edition_within_the_catalogue(b):
    # editions before (2022) and after (2024) the year: the partial 2022
    # edition's silence is no evidence, the code is named from 2024
    ln = line(b, "2101101")
    ln.update(code="2010601", name="行政运行")
    b.info["year"] = 2023


def subtotal_wrong(b):
    line(b, "208")["exp_basic"] = D("85.00")
    return fcell(b, "208", "exp_basic")


def kuan_subtotal_wrong(b):
    line(b, "20801")["budget"] = D("161.00")
    return fcell(b, "20801", "budget")


def total_line_wrong(b):
    b.functional.insert(0, dict(code="合计", income_fiscal=D("161.00")))
    return F, b.ref(F, "income_fiscal", 0)


def fiscal_income_on_other_line(b):
    ln = line(b, "2080101", OTHER)
    ln["income_fiscal"] = D("1.00")
    return fcell(b, "2080101", "income_fiscal", OTHER)


def other_income_on_fiscal_line(b):
    line(b, "2101101")["income_other"] = D("1.00")
    return fcell(b, "2101101", "income_other")


def line_unbalanced(b):
    line(b, "2101101")["carry_end"] = D("1.00")
    return fcell(b, "2101101", "carry_end")


def economic_subtotal_wrong(b):
    b.economic[0]["amount"] = D("51.00")
    return E, b.ref(E, "amount", 0)


def economic_total_line_wrong(b):
    b.economic.append(dict(code=None, name="人员经费合计", amount=D("59.00")))
    return E, b.ref(E, "amount", len(b.economic) - 1)


def table1_unbalanced(b):
    b.supplement["use_nonfiscal_balance"]["current"] = D("1.00")
    return F, ""


def header(b: Book, sheet: str, key: str) -> tuple[str, str]:
    """The header cell of a column: where a finding about its sum points."""
    ref = b.ref(sheet, key, 0)
    return sheet, "".join(ch for ch in ref if ch.isalpha()) + "1"


def table6_differs(b):
    b.economic[2]["amount"] = D("31.00")
    return header(b, E, "amount")


def fiscal_remit(b):
    ln = line(b, "2080101", GENERAL)
    ln["exp_basic"], ln["exp_remit"] = D("79.00"), D("1.00")
    return fcell(b, "2080101", "exp_remit", GENERAL)


def sangong_below_economic(b):
    b.economic[2]["amount"] = D("29.00")
    b.economic.append(dict(code="30217", name="公务接待费", amount=D("1.00")))
    return SG, b.ref(SG, "reception", column="actual")


def supplement_current_differs(b):
    b.supplement["general_exp"]["current"] = D("156.00")   # 表5 合计 is 155.00
    return SUP, b.ref(SUP, "general_exp", column="current")


def procurement_parts(b):
    b.supplement["procurement"]["current"] = D("11.00")
    return SUP, b.ref(SUP, "procurement", column="current")


def projects_differ(b):
    # 表5 项目支出 is 65.00
    b.projects = [dict(name="业务经费", amount=D("60.00")), dict(name="信息化", amount=D("4.00"))]
    return header(b, schema.PROJECTS.name, "amount")


def receptions_differ(b):
    b.receptions = [dict(category="省内接待", amount=D("0.40"))]
    return SG, b.ref(SG, "reception", column="actual")


def reason_missing(b):
    line(b, "2080102")["reason"] = None
    return fcell(b, "2080102", "reason")


def last_year_missing(b):
    b.supplement["total"]["last_year"] = None
    return SUP, b.ref(SUP, "total", column="last_year")


def sangong_last_year_missing(b):
    b.sangong["reception"]["last_year"] = None
    return SG, b.ref(SG, "reception", column="last_year")


def part_exceeds_whole(b):
    b.supplement["sme_small"]["current"] = D("9.00")
    return SUP, b.ref(SUP, "sme_small", column="current")


def year_implausible(b):
    b.info["year"] = 1999
    return INFO, b.ref(INFO, "year")


def unit_placeholder(b):
    b.info["unit"] = "某某区人力资源局"
    return INFO, b.ref(INFO, "unit")


TRIPS = [
    Case("S101", drop_sheet), Case("S102", drop_column), Case("S103", drop_row),
    Case("S104", empty_fund, "fund"), Case("S104", empty_unit, "unit"),
    Case("S104", missing_year_row, "year row"), Case("S104", empty_catalogue_scheme, "科目 分类"),
    Case("S105", text_in_amount), Case("S106", formula_without_value),
    Case("S117", absurd_amount),
    Case("S107", control_characters), Case("S108", bad_choice), Case("S109", bad_code),
    Case("S110", three_decimals), Case("S111", negative_amount),
    Case("S112", duplicate_line, "functional"), Case("S112", duplicate_economic, "economic"),
    Case("S113", unknown_label), Case("S114", duplicate_label), Case("S115", no_items),
    Case("S116", drop_text_column),
    Case("C201", unknown_code, "code"), Case("C201", unknown_parent, "parent"),
    Case("C202", kuan_without_items, "款 alone"), Case("C202", code_wrong_length, "6 digits"),
    Case("C203", economic_class_without_items, "类 alone"), Case("C203", economic_item_level, "7 digits"),
    Case("C204", name_differs), Case("C205", wrong_group), Case("C206", later_edition),
    Case("T301", subtotal_wrong, "类"), Case("T301", kuan_subtotal_wrong, "款"),
    Case("T301", total_line_wrong, "合计"),
    Case("T302", fiscal_income_on_other_line, "fiscal on other"),
    Case("T302", other_income_on_fiscal_line, "other on fiscal"),
    Case("T303", line_unbalanced),
    Case("T304", economic_subtotal_wrong, "类"), Case("T304", economic_total_line_wrong, "人员经费合计"),
    Case("X401", table1_unbalanced), Case("X402", table6_differs), Case("X403", fiscal_remit),
    Case("X404", sangong_below_economic), Case("X405", supplement_current_differs),
    Case("X406", procurement_parts), Case("X407", projects_differ), Case("X408", receptions_differ),

    Case("P501", reason_missing), Case("P502", last_year_missing, "补充数据"),
    Case("P502", sangong_last_year_missing, "三公"), Case("P503", part_exceeds_whole),
    Case("P504", year_implausible), Case("P505", unit_placeholder),
]


def _id(case: Case) -> str:
    return f"{case.code}-{case.id or case.change.__name__}"


@pytest.fixture(scope="module")
def valid_result(tmp_path_factory):
    return valid_book().validate(tmp_path_factory.mktemp("valid"))


def test_the_valid_book_has_no_finding(valid_result):
    # 提示 (I701: optional parts the small book leaves blank) are not problems
    assert [f"{f.code} {f.where} {f.message}" for f in valid_result.findings
            if f.severity != NOTE] == []


@pytest.mark.parametrize("case", TRIPS, ids=_id)
def test_rule_trips_at_its_cell(case, tmp_path, valid_result):
    assert not valid_result.at(case.code)           # the unchanged book does not trip it
    book = valid_book()
    expected = case.change(book)
    result = book.validate(tmp_path)
    assert expected in where(result, case.code), [f"{f.code} {f.where} {f.message}"
                                                  for f in result.findings]


def _tripping_codes() -> set[str]:
    """Codes with a tripping case: this module's TRIPS and the TRIPS list of
    every other tests/validate/test_*.py (each item has a ``code``), so a
    family of rules may keep its cases in its own test module."""
    import importlib
    from pathlib import Path

    codes = {c.code for c in TRIPS}
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        if path.stem == Path(__file__).stem:
            continue
        mod = importlib.import_module(f"validate.{path.stem}")
        codes |= {getattr(c, "code", None) or c[0] for c in getattr(mod, "TRIPS", ())}
    return codes


def test_every_rule_has_a_tripping_case():
    missing = sorted({r.code for r in all_rules()} - _tripping_codes())
    assert not missing, f"rules without a tripping case (add one to a TRIPS list in tests/validate): {missing}"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_is_documented(rule):
    assert rule.severity in (ERROR, WARNING, NOTE)
    assert rule.doc and rule.title and rule.body, "docstring: a title line and a description"
    assert rule.message.strip() and "\n" not in rule.message
    assert rule.fix.strip()


# ------------------------------------------------------------ near misses
def allowed_negative_carry(b):
    # an overdrawn 非财政拨款 balance, still balanced (a 财政拨款 one is X411)
    ln = line(b, "2080101", OTHER)
    ln["carry_begin"], ln["carry_end"] = D("-1.00"), D("1.00")
    for code in ("208", "20801"):
        line(b, code)["carry_end"] = D("6.00")


def no_budget(b):
    line(b, "2101101")["budget"] = None      # “年初预算为 0 万元” needs no reason


def budget_within_threshold(b):
    ln = line(b, "2101101")
    ln["budget"] = D("10.50")                # 决算 10.00 is 4.8% below


def subtotal_per_fund(b):
    b.functional.insert(2, dict(code="20801", fund=GENERAL, income_fiscal=D("150.00"),
                                exp_basic=D("80.00"), exp_project=D("65.00"), carry_end=D("5.00")))


def total_line_right(b):
    b.functional.insert(0, dict(code=None, name="合计", income_fiscal=D("160.00"),
                                income_business=D("6.00"), exp_basic=D("94.00")))


def economic_total_lines_right(b):
    b.economic += [dict(code=None, name="人员经费合计", amount=D("60.00")),
                   dict(code="合计", amount=D("90.00"))]


def sangong_covers_economic(b):
    b.economic[2]["amount"] = D("29.50")
    b.economic.append(dict(code="30217", name="公务接待费", amount=D("0.50")))


def name_in_other_style(b):
    line(b, "2080101", GENERAL)["name"] = " 行政 运行 "


def catalogue_sheet_adds_code(b):
    line(b, "2101101")["code"] = "2101188"
    b.catalogue.append(dict(scheme="功能分类", code="2101188", name="行政单位医疗",
                            explanation="反映测试用的支出。"))


def catalogue_group_right(b):
    b.catalogue.append(dict(scheme="经济分类", code="30102", name="津贴补贴", group="人员经费"))


def operation_not_filled(b):
    b.supplement["operation"] = {}


def zero_sangong_without_last_year(b):
    b.sangong["abroad"]["last_year"] = None   # 决算 0: the narrative does not compare


def matching_details(b):
    b.projects = [dict(name="业务经费", amount=D("60.00")), dict(name="信息化", amount=D("5.00")),
                  dict(name="维修", amount=D("0.00"))]
    b.receptions = [dict(category="省内接待", amount=D("0.50"))]


NEAR_MISSES = [
    ("S102", drop_text_column),
    ("S111", allowed_negative_carry), ("C206", later_edition_within_the_catalogue), ("P501", no_budget), ("P501", budget_within_threshold),
    ("T301", subtotal_per_fund), ("T301", total_line_right), ("S109", total_line_right),
    ("S104", total_line_right), ("T304", economic_total_lines_right),
    ("X404", sangong_covers_economic), ("C204", name_in_other_style),
    ("C201", catalogue_sheet_adds_code), ("C205", catalogue_group_right),
    ("P502", operation_not_filled), ("P502", zero_sangong_without_last_year),
    ("X407", matching_details), ("X408", matching_details),
]


@pytest.mark.parametrize("code, change", NEAR_MISSES, ids=lambda x: getattr(x, "__name__", x))
def test_near_miss_does_not_trip(code, change, tmp_path):
    book = valid_book()
    change(book)
    result = book.validate(tmp_path)
    assert not result.at(code), [f"{f.code} {f.where} {f.message}" for f in result.at(code)]


def test_near_misses_are_otherwise_clean(tmp_path):
    """The near misses are valid workbooks, so they prove the rule, not luck."""
    for _, change in NEAR_MISSES:
        book = valid_book()
        change(book)
        result = book.validate(tmp_path)
        assert result.errors == [], (change.__name__, [f"{f.code} {f.where}" for f in result.errors])
