"""Derive every table's figures from the model's 项-level lines.

Nothing here writes a file: ``compute(workbook, catalogues, evaluation)``
returns the typed ``Report`` (``compute/report.py``) that the renderers and
the document context use; nothing after this step reads the workbook.
Subtotals typed by the clerk are ignored here (the validator checks them);
every 类/款 figure is summed from the 项 lines.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Optional

from reportgen.compute import figures
from reportgen.compute.report import (T1, T4, T6, T9, ClassLine, CodeTable, EconomicItem,
                                      EconomicRow, FundAmounts, IncomeLine, Report, Row,
                                      SangongAmounts, T4Class)
from reportgen.core import catalogue as cat
from reportgen.core import schema
from reportgen.core.model import ZERO, Line, Workbook
from reportgen.core.names import Names
from reportgen.selfeval.tables import Evaluation

# 表1 income rows, in order: (key, label)
T1_INCOME = (
    ("general", "一般公共预算财政拨款收入"),
    ("gov", "政府性基金预算财政拨款收入"),
    ("soe", "国有资本经营预算财政拨款收入"),
    ("income_superior", "上级补助收入"),
    ("income_business", "事业收入"),
    ("income_operating", "经营收入"),
    ("income_affiliated", "附属单位上缴收入"),
    ("income_other", "其他收入"),
)
FUND_KEY = {schema.FUND_GENERAL: "general", schema.FUND_GOV: "gov", schema.FUND_SOE: "soe"}


@dataclass
class Catalogues:
    """The two classification catalogues of one build: 功能分类
    ``functional`` and 经济分类 ``economic``, each with the clerk's overrides."""

    functional: cat.Catalogue
    economic: cat.Catalogue

    @classmethod
    def load(cls, workbook: Optional[Workbook] = None, extra: Iterable[cat.Entry] = ()) -> "Catalogues":
        """Bundled catalogues, then --catalogue files, then the workbook's 科目 sheet."""
        overrides = list(extra)
        if workbook is not None:
            year = workbook.catalogue_year or 0
            for e in workbook.user_catalogue:
                if e.code.value and e.name.value and e.scheme:
                    overrides.append(cat.Entry(
                        scheme=e.scheme, edition=year, code=str(e.code.value),
                        name=str(e.name.value),
                        level=cat.LEVELS.get(len(str(e.code.value)), ""),
                        explanation=str(e.explanation.value or ""),
                        group=str(e.group.value or ""),
                        source=f"{e.code.sheet}!{e.code.ref}",
                    ))
        return cls(
            cat.bundled(cat.FUNCTIONAL).with_overrides(overrides),
            cat.bundled(cat.ECONOMIC).with_overrides(overrides),
        )


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def line_total_exp(ln: Line) -> Decimal:
    """A 项 line's 本年支出合计 (万元): the sum of its ``schema.EXPENSE_KEYS``."""
    return _sum(ln.amt(k) for k in schema.EXPENSE_KEYS)


def line_total_income(ln: Line) -> Decimal:
    """A 项 line's 本年收入合计 (万元): the sum of its ``schema.INCOME_KEYS``."""
    return _sum(ln.amt(k) for k in schema.INCOME_KEYS)


def code_rows(lines: list[Line], columns: dict[str, Callable[[Line], Decimal]],
              name_of: Callable[[str], str]) -> tuple[dict[str, Decimal], list[Row]]:
    """Sum 项 lines into 合计 and 类/款/项 rows for the given columns.

    ``columns`` maps a column key to the line's amount for it (万元);
    ``name_of`` names a code.  Returns the 合计 by column and the rows in
    code order (类, its 款, their 项); a row appears when any of its columns
    is non-zero.
    """
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: {k: ZERO for k in columns})
    for ln in lines:
        code = ln.code
        for key, f in columns.items():
            val = f(ln)
            for c in (code[:3], code[:5], code):
                sums[c][key] += val
    total = {k: _sum(sums[c][k] for c in sums if len(c) == 3) for k in columns}
    rows = []
    for code in sorted(sums, key=lambda c: (c[:3], c[:5] if len(c) > 3 else "", len(c), c)):
        v = sums[code]
        if any(v.values()):
            rows.append(Row(code, name_of(code), cat.LEVELS[len(code)], v))
    return total, rows


def _by_fund(lines: list[Line], fund: str) -> list[Line]:
    return [ln for ln in lines if ln.text("fund") == fund]


def compute(wb: Workbook, cats: Catalogues, ev: Evaluation) -> Report:
    """The typed report of ``wb``: the nine tables and every narrative figure.

    ``cats``: the build's catalogues (names and 表6 layout); ``ev``: the
    workbook's self-evaluation, made once by the pipeline (the 项目's scores
    and the 整体 score).  Amounts are 万元 as summed; rates exact (see
    ``compute/report.py``).  Raises nothing for a validated workbook; a
    workbook with errors may still be computed (the validator has said why).
    """
    year = wb.year or 0
    cyear = wb.catalogue_year or year
    items = [ln for ln in wb.functional_items() if len(ln.code) == 7]
    names = Names(cats.functional, cyear, wb.functional)
    amt = lambda key: (lambda ln: ln.amt(key))  # noqa: E731

    # -- 表2 收入决算表
    t2_cols = {"total": line_total_income, **{k: amt(k) for k in schema.INCOME_KEYS}}
    t2 = CodeTable(*code_rows(items, t2_cols, names))
    # -- 表3 支出决算表
    t3_cols = {"total": line_total_exp, **{k: amt(k) for k in schema.EXPENSE_KEYS}}
    t3 = CodeTable(*code_rows(items, t3_cols, names))
    # -- 表5 一般公共预算财政拨款支出决算表
    general = _by_fund(items, schema.FUND_GENERAL)
    t5_cols = {"total": lambda ln: ln.amt("exp_basic") + ln.amt("exp_project"),
               "exp_basic": amt("exp_basic"), "exp_project": amt("exp_project")}
    t5 = CodeTable(*code_rows(general, t5_cols, names))
    # -- 表7 政府性基金
    gov = _by_fund(items, schema.FUND_GOV)
    t7_cols = {"carry_begin": amt("carry_begin"), "income": amt(schema.INCOME_FISCAL),
               **t5_cols, "carry_end": amt("carry_end")}
    t7 = CodeTable(*code_rows(gov, t7_cols, names), absent=not gov)
    # -- 表8 国有资本经营
    soe = _by_fund(items, schema.FUND_SOE)
    t8 = CodeTable(*code_rows(soe, t5_cols, names), absent=not soe)

    # -- 表1 收入支出决算总表
    income = {k: ZERO for k, _ in T1_INCOME}
    for ln in items:
        fk = FUND_KEY.get(ln.text("fund"))
        if fk:
            income[fk] += ln.amt(schema.INCOME_FISCAL)
        for k in schema.INCOME_OTHER_KEYS:
            income[k] += ln.amt(k)
    classes = cats.functional.codes(cyear, level="类")
    exp_by_class: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for ln in items:
        exp_by_class[ln.code[:3]] += line_total_exp(ln)
    class_codes = [e.code for e in classes]
    # a 类 used but not in the catalogue still gets its row (validation reports the code)
    class_codes += sorted(c for c in exp_by_class if c not in class_codes)
    income_total = _sum(income.values())
    exp_total = _sum(exp_by_class.values())
    use_balance = wb.supplement_amount("use_nonfiscal_balance")
    distribution = wb.supplement_amount("balance_distribution")
    carry_begin = _sum(ln.amt("carry_begin") for ln in items)
    carry_end = _sum(ln.amt("carry_end") for ln in items)
    t1 = T1(
        income=[IncomeLine(k, label, income[k]) for k, label in T1_INCOME],
        expense=[ClassLine(c, names(c), exp_by_class[c]) for c in class_codes],
        income_total=income_total,
        use_nonfiscal_balance=use_balance,
        carry_begin=carry_begin,
        income_grand_total=income_total + use_balance + carry_begin,
        expense_total=exp_total,
        balance_distribution=distribution,
        carry_end=carry_end,
        expense_grand_total=exp_total + distribution + carry_end,
    )

    # -- 表4 财政拨款收入支出决算总表
    fiscal = [ln for ln in items if ln.text("fund") in FUND_KEY]

    def by_fund(value: Callable[[Line], Decimal], lines: list[Line] = fiscal) -> FundAmounts:
        v = {fk: _sum(value(ln) for ln in lines if FUND_KEY[ln.text("fund")] == fk)
             for fk in FUND_KEY.values()}
        return FundAmounts.of(v["general"], v["gov"], v["soe"])

    t4_income = by_fund(amt(schema.INCOME_FISCAL))
    t4_begin = by_fund(amt("carry_begin"))
    t4_end = by_fund(amt("carry_end"))
    t4_exp = []
    for c in class_codes:
        v = by_fund(line_total_exp, [ln for ln in fiscal if ln.code[:3] == c])
        t4_exp.append(T4Class(c, names(c), v.general, v.gov, v.soe, v.total))
    t4_exp_total = FundAmounts(*(_sum(getattr(r, k) for r in t4_exp)
                                 for k in ("general", "gov", "soe", "total")))
    t4 = T4(
        income=t4_income,
        income_total=t4_income.total,
        carry_begin=t4_begin,
        carry_begin_total=t4_begin.total,
        income_grand_total=t4_income.total + t4_begin.total,
        expense=t4_exp,
        expense_total=t4_exp_total,
        carry_end=t4_end,
        carry_end_total=t4_end.total,
        expense_grand_total=FundAmounts(
            t4_exp_total.general + t4_end.general, t4_exp_total.gov + t4_end.gov,
            t4_exp_total.soe + t4_end.soe, t4_exp_total.total + t4_end.total),
    )

    # -- 表6 基本支出明细 (economic classification)
    t6 = economic_table(wb, cats, cyear)

    # -- 表9 三公
    def sangong_column(v: dict[str, Decimal]) -> SangongAmounts:
        car = v["car_purchase"] + v["car_running"]
        return SangongAmounts(v["abroad"], v["car_purchase"], v["car_running"],
                              v["reception"], car, v["abroad"] + car + v["reception"])

    cols = {col: sangong_column({r.key: wb.sangong_amount(r.key, col)
                                 for r in schema.SANGONG_ROWS})
            for col in ("budget", "actual", "last_year")}
    # 全年预算数 where entered, a blank row counting its 年初预算数
    entered = [r.key for r in schema.SANGONG_ROWS if wb.sangong_entered(r.key, "budget_full")]
    full = sangong_column({r.key: wb.sangong_amount(r.key, "budget_full" if r.key in entered
                                                    else "budget")
                           for r in schema.SANGONG_ROWS}) if entered else None
    t9 = T9(budget=full or cols["budget"], actual=cols["actual"], last_year=cols["last_year"],
            initial=cols["budget"], full=full)

    return figures.report(wb, ev, names, t1, t2, t3, t4, t5, t6, t7, t8, t9)


def economic_table(wb: Workbook, cats: Catalogues, year: int) -> T6:
    """表6: three column groups side by side, every listed 款 printed.

    The codes and their column come from ``catalogue.basic_table_layout``
    for ``year``; an entered code the layout lacks is printed after its 类
    (a new 类 goes to the 人员经费 column if its group says so, else to 公用经费).
    Amounts are 万元 from the 支出经济分类 sheet.
    """
    names = Names(cats.economic, year, wb.economic)
    entered: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for ln in wb.economic_items():
        entered[ln.code] += ln.amt("amount")
    layout = cat.basic_table_layout(year)
    columns: dict[int, list[str]] = defaultdict(list)
    for code, col in layout:
        columns[col].append(code)
    listed = {c for c, _ in layout}
    # entered codes the layout does not print: after their 类, or in a new block
    for code in sorted(c for c in entered if c not in listed):
        cls = code[:3]
        col = next((cl for cl, codes in columns.items() if cls in codes), None)
        if col is None:
            col = 1 if names.group(cls) == "人员经费" else 3
            columns[col] += [cls]
            listed.add(cls)
        codes = columns[col]
        pos = max(i for i, c in enumerate(codes) if c[:3] == cls) + 1
        codes.insert(pos, code)
        listed.add(code)

    def value(code: str) -> Decimal:
        if len(code) == 3:
            return _sum(v for c, v in entered.items() if c[:3] == code)
        return entered.get(code, ZERO)

    cols = [columns.get(i, []) for i in (1, 2, 3)]
    n = max(len(c) for c in cols) if cols else 0
    rows = []
    for i in range(n):
        row = {}
        for prefix, codes in zip(("a", "b", "c"), cols):
            code = codes[i] if i < len(codes) else ""
            row[f"{prefix}_code"] = code
            row[f"{prefix}_name"] = names(code) if code else ""
            row[f"{prefix}_amount"] = value(code) if code else None
        rows.append(EconomicRow(**row))
    personnel = _sum(v for c, v in entered.items() if names.group(c) == "人员经费")
    public = _sum(v for c, v in entered.items() if names.group(c) != "人员经费")
    items = [EconomicItem(c, names(c), entered[c], names.group(c))
             for c in sorted(entered) if entered[c]]
    return T6(rows, personnel, public, personnel + public, items)
