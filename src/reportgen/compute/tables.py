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
                                      EconomicRow, FundAmounts, IncomeLine, LabelledRow,
                                      LabelledTable, ProjectRow, ProjectTable, Report, Row,
                                      SangongAmounts, T4Class)
from reportgen.core import catalogue as cat
from reportgen.core import schema
from reportgen.core.model import ZERO, Line, Workbook
from reportgen.core.names import Names
from reportgen.selfeval.tables import Evaluation

# 表1 income rows, in order: (key, label); the labels are the profile's
# ([labels]), put in by compose.narrative.reworded
T1_INCOME = tuple((k, "") for k in (
    "general", "gov", "soe", "income_superior", "income_business", "income_operating",
    "income_affiliated", "income_other"))
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


def catalogue_layout(economic: cat.Catalogue, year: int, names: Names, entered: Iterable[str],
                     always: Iterable[str]) -> list[tuple[str, int]]:
    """表6's (code, column) from the catalogue: the 款 of ``entered`` (codes
    with an amount) and of ``always`` (a 3-digit 类 code: that 类 and every
    款 of it in the ``year`` edition), each 类 before its 款, in code order;
    a 类 in the column the 2022 layout gives it (301/303 人员经费 1, 302 2,
    310 3), another by its group (人员经费 1, else 3)."""
    wanted = set(entered)
    for code in always:
        if len(code) == 3:
            wanted |= {e.code for e in economic.codes(year) if len(e.code) == 5
                       and e.code.startswith(code)}
        wanted.add(code)
    fixed = {c: col for c, col in cat.basic_table_layout(year) if len(c) == 3}
    out: list[tuple[str, int]] = []
    for cls in sorted({c[:3] for c in wanted}):
        col = fixed.get(cls) or (1 if names.group(cls) == "人员经费" else 3)
        out.append((cls, col))
        out += [(c, col) for c in sorted(wanted) if len(c) > 3 and c[:3] == cls]
    return out


def _by_fund(lines: list[Line], fund: str) -> list[Line]:
    return [ln for ln in lines if ln.text("fund") == fund]


@dataclass(frozen=True)
class RowChoice:
    """Which rows a profile asks some tables to print (``profile.toml``):
    ``class_rows`` table id (t1, t4) -> the 功能分类 类 codes of its 支出
    rows, in order (``catalogue.class_row_sets``; absent: every 类 of the
    catalogue edition); ``t6_always`` None: 表6's fixed 2022 layout, else its
    rows from the catalogue — every 款 with an amount plus these codes (a 类
    code: the 类 and all its 款)."""

    class_rows: tuple[tuple[str, tuple[str, ...]], ...] = ()
    t6_always: Optional[tuple[str, ...]] = None

    def classes(self, table: str) -> Optional[tuple[str, ...]]:
        """The 类 codes chosen for ``table``, or None."""
        return dict(self.class_rows).get(table)


def compute(wb: Workbook, cats: Catalogues, ev: Evaluation,
            rows: RowChoice = RowChoice()) -> Report:
    """The typed report of ``wb``: the nine tables and every narrative figure.

    ``cats``: the build's catalogues (names and 表6 layout); ``ev``: the
    workbook's self-evaluation, made once by the pipeline (the 项目's scores
    and the 整体 score); ``rows``: the profile's choice of 类 rows (表1, 表4)
    and 表6 rows.  Amounts are 万元 as summed; rates exact (see
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

    def chosen(table: str) -> list[str]:
        """The 类 rows of ``table``: the profile's set, then any 类 used but not in it."""
        codes = rows.classes(table)
        if codes is None:
            return class_codes
        return [*codes, *sorted(c for c in exp_by_class if c not in codes)]
    income_total = _sum(income.values())
    exp_total = _sum(exp_by_class.values())
    use_balance = wb.supplement_amount("use_nonfiscal_balance")
    distribution = wb.supplement_amount("balance_distribution")
    carry_begin = _sum(ln.amt("carry_begin") for ln in items)
    carry_end = _sum(ln.amt("carry_end") for ln in items)
    t1 = T1(
        income=[IncomeLine(k, label, income[k]) for k, label in T1_INCOME],
        expense=[ClassLine(c, names(c), exp_by_class[c]) for c in chosen("t1")],
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
    for c in chosen("t4"):
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
    t6 = economic_table(wb, cats, cyear, rows.t6_always)

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

    out = figures.report(wb, ev, names, t1, t2, t3, t4, t5, t6, t7, t8, t9)
    # -- 表8 as 收入支出 (年初结转和结余, 收入, 支出, 年末结转和结余): a profile's
    # [[table]] id = "t8" with form = "收入支出"
    out.t8_flow = CodeTable(*code_rows(soe, t7_cols, names), absent=not soe)
    out.extra = extra_tables(wb, out, names)
    return out


def _labelled(key: str, **values) -> LabelledRow:
    return LabelledRow(key, **values)


def _sup_row(wb: Workbook, key: str) -> tuple[Decimal, Optional[Decimal]]:
    """A 补充数据 row's 本年数 and 上年数 (None when blank), 万元."""
    cell = wb.supplement_cell(key, "last_year")
    last = None if cell is None or cell.empty or cell.problem else wb.supplement_amount(key, "last_year")
    return wb.supplement_amount(key), last


def _count(wb: Workbook, key: str) -> Decimal:
    c = wb.supplement_cell(key)
    return Decimal(int(c.value)) if c is not None and c.value is not None and not c.problem else ZERO


def _absent(rows: list[LabelledRow]) -> bool:
    return not any(v for r in rows for v in (r.current, r.budget, r.last, r.extra) if v)


def extra_tables(wb: Workbook, report: Report, names: Names) -> dict[str, object]:
    """The data sets beyond the nine (``core.profile.DATA_SETS``), from the
    figures ``report`` already holds and the 项目支出 sheet:

    * ``projects`` — 项目支出决算表: each project of the 项目支出 sheet with
      its 功能分类 项 (code and catalogue name) and 决算数;
    * ``sangong_operation`` — 三公经费 (表9 预算数, 决算数, 上年决算数) and
      机关运行经费 (补充数据 本年数, 上年数);
    * ``procurement`` — 政府采购 by 货物/工程/服务: 采购支出 (``current``),
      授予中小企业合同金额 (``extra``) and its share (``share``), and the
      小微企业 row (its share of the 中小企业 amount);
    * ``assets`` — 国有资产占有使用: vehicles (公务用车 and its categories,
      其他用车, their sum) and equipment over the thresholds, counts;
    * ``general_spending`` — 一般性支出: 会议费, 培训费 (补充数据 本年数, 上年数)
      and their sum.

    Amounts 万元 as entered (exact), counts as Decimal; shares exact %.
    Rows carry keys only: their labels are the layout's (tables.xlsx).
    """
    rows = []
    for ln in wb.projects:
        if not ln.text("name"):
            continue
        code = ln.text("code")
        rows.append(ProjectRow(len(rows) + 1, ln.text("name"), code, names(code) if code else "",
                               ln.amt("amount")))
    projects = ProjectTable(rows, _sum(r.amount for r in rows), absent=not rows)

    t9 = report.t9
    sg = []
    for key in ("total", "abroad", "car", "car_purchase", "car_running", "reception"):
        sg.append(_labelled(key, budget=getattr(t9.budget, key),
                            current=getattr(t9.actual, key), last=getattr(t9.last_year, key)))
    op, op_last = _sup_row(wb, "operation")
    sg.append(_labelled("operation", current=op, last=op_last))

    pr = report.procurement
    kinds = {k.key: k for k in pr.kinds}
    proc = [_labelled("total", current=pr.total, extra=pr.sme, share=pr.sme_share)]
    for key in ("goods", "works", "services"):
        k = kinds.get(key)
        proc.append(_labelled(key, current=k.amount if k else ZERO,
                              extra=k.sme if k else ZERO, share=k.sme_share if k else None))
    proc.append(_labelled("sme_small", extra=pr.sme_small, share=pr.sme_small_share))

    cars, other = _count(wb, "cars"), _count(wb, "other_cars")
    assets = [_labelled("vehicles", current=cars + other),
              _labelled("cars", current=cars),
              *(_labelled(key, current=_count(wb, key)) for key in schema.CAR_CATEGORIES),
              _labelled("other_cars", current=other)]
    for key in ("general_equipment", "special_equipment"):
        assets.append(_labelled(key, current=_count(wb, key)))

    meeting, meeting_last = _sup_row(wb, "meeting")
    training, training_last = _sup_row(wb, "training")
    both_last = (None if meeting_last is None and training_last is None
                 else (meeting_last or ZERO) + (training_last or ZERO))
    spending = [_labelled("total", current=meeting + training, last=both_last),
                _labelled("meeting", current=meeting, last=meeting_last),
                _labelled("training", current=training, last=training_last)]

    return {
        "projects": projects,
        "sangong_operation": LabelledTable(sg, _absent(sg)),
        "procurement": LabelledTable(proc, _absent(proc)),
        "assets": LabelledTable(assets, _absent(assets)),
        "general_spending": LabelledTable(spending, _absent(spending)),
    }


def economic_table(wb: Workbook, cats: Catalogues, year: int,
                   always: Optional[Iterable[str]] = None) -> T6:
    """表6: three column groups side by side, every listed 款 printed.

    The codes and their column come from ``catalogue.basic_table_layout``
    for ``year`` (``always`` None), else from the catalogue: every 款 with an
    amount and those of ``always`` (``catalogue_layout``); an entered code the
    layout lacks is printed after its 类 (a new 类 goes to the 人员经费 column
    if its group says so, else to 公用经费).  Amounts are 万元 from the
    支出经济分类 sheet.
    """
    names = Names(cats.economic, year, wb.economic)
    entered: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for ln in wb.economic_items():
        entered[ln.code] += ln.amt("amount")
    layout = (cat.basic_table_layout(year) if always is None
              else catalogue_layout(cats.economic, year, names,
                                    [c for c, v in entered.items() if v], always))
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
