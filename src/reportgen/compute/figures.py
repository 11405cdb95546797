"""The narrative figures of the report: what 情况说明 says beyond the tables.

Each comparison with last year (``change``), each 项's 年初预算 against its
决算 (``completion``), the shares of the totals, 三公, 机关运行经费, 政府采购,
国有资产, the 项目 with their self-evaluation, and the clerk's texts cleaned
for the template.  Called by ``compute.tables.compute`` once the tables are
summed; every figure here is computed once, and the template only formats it.
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from typing import Optional, Sequence

from reportgen.compute.report import (T1, T4, T6, T9, Assets, Change, CodeTable, Compared,
                                      FreeText, GlossaryItem, ItemBudget, KeyWork, Operation,
                                      Procurement, ProcurementKind, Project, Reception, Report,
                                      Sangong, SangongPart, Share, Texts, UnitLine, rate)
from reportgen.core import fmt, schema
from reportgen.core.model import ZERO, Cell, Workbook
from reportgen.core.names import Names
from reportgen.core.text import field_clause, paragraphs, reason_text, sentence_text
from reportgen.selfeval.tables import Evaluation

# ------------------------------------------------------------------ rules


def change(current: Decimal, last: Optional[Decimal]) -> Change:
    """Year-on-year comparison of one figure (万元).

    ``last`` None means the clerk gave no last-year figure: ``known`` is then
    False and the template leaves the comparison out rather than invent one.
    ``diff`` is the absolute difference, its direction ``up``/``down``/``same``;
    ``word``/``rate_word`` are left empty here: the words are the profile's
    (``[words]``), put in by ``compose.narrative.reworded``; ``rate`` (exact %) is None when
    last year was zero (a rise from nothing has no rate) or nothing changed.
    """
    cur = Decimal(current)
    if last is None:
        return Change(known=False, current=cur, last=None, diff=ZERO, up=False, down=False,
                      same=False, last_zero=False, word="", rate_word="", rate=None)
    prev = Decimal(last)
    diff = cur - prev
    up, down = diff > 0, diff < 0
    return Change(
        known=True, current=cur, last=prev, diff=abs(diff),
        up=up, down=down, same=diff == 0, last_zero=prev == 0,
        word="", rate_word="",
        rate=rate(abs(diff), abs(prev)) if prev and diff else None,
    )


# ``compare`` of a completion: 决算 above or below the budget
MORE, LESS = "more", "less"


def completion(budget: Decimal, actual: Decimal, reason: str = "") -> dict:
    """年初预算 against 决算 for one 项 (万元).

    Returns ``budget``, ``actual``, ``rate`` (完成年初预算的 %, exact; None
    when the initial budget is 0), ``compare`` (MORE/LESS, written 大于/小于 by
    the profile's [words] in compose, or '' when the two
    are equal — and only then is the clerk's ``reason`` dropped, since there
    is nothing to explain) and ``reason`` as a clause.
    """
    budget, actual = Decimal(budget), Decimal(actual)
    # the direction only: its words (大于/小于) are the profile's [words]
    # more/less, put in by compose.narrative.reworded
    compare = MORE if actual > budget else LESS if actual < budget else ""
    return {
        "budget": budget, "actual": actual,
        "rate": rate(actual, budget),
        "compare": compare,
        "reason": reason_text(reason) if compare else "",
    }


# ------------------------------------------------------------------ helpers


def _text(wb: Workbook, key: str) -> str:
    c = wb.texts.get(key)
    return "" if c is None or c.value is None else str(c.value)


def _last(cell: Optional[Cell]) -> Optional[Decimal]:
    """A last-year figure, None when the clerk left it blank."""
    if cell is None or cell.empty or not isinstance(cell.value, Decimal):
        return None
    return cell.value


def _sup(wb: Workbook, key: str) -> Decimal:
    return wb.supplement_amount(key, "current")


def _sup_last(wb: Workbook, key: str) -> Optional[Decimal]:
    return _last(wb.supplement_cell(key, "last_year"))


def _int(line_or_cell, key: Optional[str] = None) -> Optional[int]:
    c = line_or_cell.cells.get(key) if key else line_or_cell
    return c.value if c is not None and isinstance(c.value, int) else None


def _compared(current: Decimal, wb: Workbook, last_key: str, reason_key: str) -> Compared:
    return Compared(change(current, _sup_last(wb, last_key)), reason_text(_text(wb, reason_key)))


# ------------------------------------------------------------------ figures

# 收入 by source: 财政拨款 is one source in 情况说明 (表1 splits it by fund)
_FISCAL_KEYS = ("general", "gov", "soe")
# (the names of the sources and kinds are the profile's [labels], put in by
# compose.narrative.reworded: here they are left empty)


def income_sources(t1: T1) -> list[Share]:
    """收入 of 表1 by source, 财政拨款 as one, only those with an amount, each
    with its share of 本年收入合计 (names left empty: the profile's [labels])."""
    by_key = {r.key: r for r in t1.income}
    sources = [("fiscal", "", sum((by_key[k].amount for k in _FISCAL_KEYS), ZERO))]
    sources += [(r.key, r.name, r.amount) for r in t1.income if r.key not in _FISCAL_KEYS]
    return [Share(k, n, a, rate(a, t1.income_total)) for k, n, a in sources if a]


def expense_parts(t3: CodeTable) -> list[Share]:
    """支出 of 表3 by kind (基本支出, 项目支出, …) with an amount, each with
    its share of 本年支出合计 (names left empty: the profile's [labels])."""
    total = t3.total
    return [Share(k, "", total[k], rate(total[k], total["total"]))
            for k in schema.EXPENSE_KEYS if total.get(k)]


def general_items(wb: Workbook, names: Names, fund: str = schema.FUND_GENERAL) -> list[ItemBudget]:
    """Each 一般公共预算 项 with its 年初预算 and 决算 (several lines of one
    code are added up; their reasons are joined with “；”); a 项 with neither
    is left out.  Its 全年预算 (``full_*``) too, None when no line of the code
    filled it; the ``base_*`` fields (the base of “完成…预算的X%”) are the
    年初预算's here — compose switches them to 全年预算 where the profile asks.
    ``fund``: the 资金性质 whose 项 are listed (一般公共预算 by default; the
    政府性基金 and 国有资本经营 items of the narrative likewise).
    Source: 支出功能分类."""
    by_code: "OrderedDict[str, dict]" = OrderedDict()
    for ln in sorted((ln for ln in wb.functional_items()
                      if len(ln.code) == 7 and ln.text("fund") == fund),
                     key=lambda ln: ln.code):
        d = by_code.setdefault(ln.code, {"budget": ZERO, "actual": ZERO, "reasons": [],
                                         "full": None, "uses": []})
        u = field_clause("uses", ln.text("uses")).rstrip("。；;")
        if u and u not in d["uses"]:
            d["uses"].append(u)
        d["budget"] += ln.amt("budget")
        full = ln.cells.get("budget_full")
        if full is not None and not full.empty and full.problem is None:
            d["full"] = (d["full"] or ZERO) + ln.amt("budget_full")
        d["actual"] += ln.amt("exp_basic") + ln.amt("exp_project")
        r = reason_text(ln.text("reason"))
        if r and r not in d["reasons"]:
            d["reasons"].append(r)
    items = []
    for code, d in by_code.items():
        if not d["budget"] and not d["actual"]:
            continue
        reasons = "；".join(d["reasons"])
        c = completion(d["budget"], d["actual"], reasons)
        full = completion(d["full"], d["actual"], reasons) if d["full"] is not None else None
        items.append(ItemBudget(
            index=len(items) + 1, code=code, class_name=names(code[:3]),
            kuan_name=names(code[:5]), name=names(code), **c,
            full_budget=d["full"],
            full_rate=full["rate"] if full else None,
            full_compare=full["compare"] if full else "",
            full_reason=full["reason"] if full else "",
            base_budget=c["budget"], base_rate=c["rate"], base_compare=c["compare"],
            base_reason=c["reason"], uses="；".join(d["uses"])))
    return items


def _budgeted(items: list[ItemBudget]) -> list[ItemBudget]:
    """A fund's 项 items when a budget (年初 or 全年) was entered on any of its
    lines, else none: workbooks that budget only 一般公共预算 lines, as the
    input format asked before, keep their narrative."""
    return items if any(i.budget or i.full_budget is not None for i in items) else []


def _sangong_last(wb: Workbook, rows: Sequence[str]) -> Optional[Decimal]:
    """Σ of last year's figures of the rows; None when all are blank."""
    cells = [wb.sangong.get(r, {}).get("last_year") for r in rows]
    vals = [_last(c) for c in cells]
    if all(v is None for v in vals):
        return None
    return sum((v for v in vals if v is not None), ZERO)


def _against(budget: Decimal, actual: Decimal, full: Optional[Decimal]) -> dict:
    """完成率 of ``actual`` against 年初预算 ``budget`` and 全年预算 ``full``
    (None: not entered), with the base set to 年初预算 (compose moves it to
    全年预算 when the profile asks)."""
    c = completion(budget, actual)
    f = completion(full, actual) if full is not None else None
    return dict(rate=c["rate"], compare=c["compare"], full_budget=full,
                full_rate=f["rate"] if f else None, full_compare=f["compare"] if f else "",
                base_name="年初预算", base_budget=c["budget"], base_rate=c["rate"],
                base_compare=c["compare"])


def sangong(wb: Workbook, t9: T9) -> Sangong:
    """三公经费 of 情况说明 九: 表9's figures, last year's from the 三公经费
    sheet, the reasons from 文字说明 and the 公务接待 lines.

    Against the budget: each part's and the total's 完成年初预算 and 完成全年预算
    rates (None when that budget is 0 or, for 全年, not entered), each part's
    share of the total 决算 (None when the total is 0), and ``none`` when
    budgets, 决算 and last year's figures are all 0 or blank (the document
    then says there was no 三公 expenditure)."""
    b, a = t9.initial or t9.budget, t9.actual
    full = t9.full
    parts_rows = {"abroad": ("abroad",), "car": ("car_purchase", "car_running"),
                  "reception": ("reception",)}
    parts = {}
    for key, rows in parts_rows.items():
        last = _sangong_last(wb, rows)
        entered = any(wb.sangong_entered(r, "budget_full") for r in rows)
        part_full = getattr(full, key) if full is not None and entered else None
        parts[key] = SangongPart(
            budget=getattr(b, key), amount=getattr(a, key), change=change(getattr(a, key), last),
            # nothing budgeted, spent or compared: the one-line “…为0万元。”
            empty=not getattr(b, key) and not getattr(a, key) and not last and not part_full,
            reason=reason_text(_text(wb, f"reason_{key}")),
            share=rate(getattr(a, key), a.total),
            **_against(getattr(b, key), getattr(a, key), part_full))
    car = parts["car"]
    car.purchase, car.running = a.car_purchase, a.car_running
    car.purchase_budget, car.running_budget = b.car_purchase, b.car_running
    for ln in wb.receptions:
        if not ln.text("category") and not ln.amt("amount"):
            continue
        parts["reception"].details.append(Reception(
            category=ln.text("category"), amount=ln.amt("amount"),
            purpose=field_clause("purpose", ln.text("purpose")), batches=_int(ln, "batches"),
            persons=_int(ln, "persons"), accompany=_int(ln, "accompany")))
    def sup(key: str) -> Optional[int]:
        return _int(wb.supplement_cell(key))

    parts["abroad"].groups, parts["abroad"].persons = sup("abroad_groups"), sup("abroad_persons")
    car.purchased, car.fleet = sup("car_purchased"), sup("cars")
    foreign = [d for d in parts["reception"].details if "外事" in d.category]
    if foreign:
        rec = parts["reception"]
        rec.foreign_batches = sum(d.batches or 0 for d in foreign)
        rec.foreign_persons = sum(d.persons or 0 for d in foreign)
        rec.foreign_amount = sum((d.amount for d in foreign), ZERO)
    last_total = _sangong_last(wb, [r.key for r in schema.SANGONG_ROWS])
    against = _against(b.total, a.total, full.total if full is not None else None)
    budget_reason = reason_text(_text(wb, "reason_3gong_budget"))
    return Sangong(
        budget=b.total, amount=a.total, change=change(a.total, last_total),
        reason=reason_text(_text(wb, "reason_3gong")), **parts,
        none=not b.total and not a.total and not last_total and not (full and full.total),
        budget_reason=budget_reason,
        base_reason=budget_reason if against["base_compare"] else "", **against)


def operation(wb: Workbook) -> Operation:
    """机关运行经费 from 补充资料, compared with last year."""
    amount = _sup(wb, "operation")
    return Operation(amount, change(amount, _sup_last(wb, "operation")),
                     reason_text(_text(wb, "reason_operation")))


def procurement(wb: Workbook) -> Procurement:
    """政府采购 from 补充资料: the total, the kinds with an amount, and the
    中小企业 / 小微企业 shares."""
    total = _sup(wb, "procurement")
    kinds = []
    for key in ("goods", "works", "services"):
        spent = _sup(wb, f"procurement_{key}")
        sme = _sup(wb, f"sme_{key}")
        if spent or sme:
            kinds.append(ProcurementKind(key, spent, sme, rate(sme, spent)))
    sme, small = _sup(wb, "sme"), _sup(wb, "sme_small")
    return Procurement(total, kinds, sme, small, rate(sme, total), rate(small, sme))


def assets(wb: Workbook) -> Assets:
    """国有资产 counts from 补充资料 (0 when blank) and the clerk's text."""
    def n(key):
        c = wb.supplement.get(key, {}).get("current")
        if c is None or c.value is None:
            return 0
        return int(c.value)
    return Assets(n("cars"), n("other_cars"), n("general_equipment"), n("special_equipment"),
                  paragraphs(_text(wb, "assets")))


def projects(wb: Workbook, ev: Evaluation) -> list[Project]:
    """The 项目支出 lines, and the self-evaluation figures of each.

    A line is self-evaluated when it has a 全年预算数 or a self-evaluation
    table (项目 or 转移支付) names it.  Budget and execution are the line's
    (they add up to 表5) and, where the line lacks a 全年预算数, the table's
    A; the rate is computed from the figures printed, the score is the
    table's computed total.  A table whose project has no line is listed
    after the lines, with its own figures (the validator reports it, V612).
    """
    out, seen = [], set()
    for ln in wb.projects:
        if not ln.text("name"):
            continue
        table = ev.for_project(ln.text("name"))
        if table is not None:
            seen.add(id(table))
        budget_cell = ln.cells.get("budget")
        has_budget = budget_cell is not None and not budget_cell.empty
        budget = ln.amt("budget") if has_budget or table is None else (table.budget.budget or ZERO)
        out.append(_project(len(out) + 1, ln.text("name"), ln.amt("amount"), budget,
                            has_budget or table is not None, ln.text("effect"),
                            ln.text("problems"), ln.text("measures"), table))
    for table in ev.tables:
        if id(table) not in seen:
            out.append(_project(len(out) + 1, table.project, table.budget.actual or ZERO,
                                table.budget.budget or ZERO, True, table.text("result"),
                                table.text("deviation"), table.text("improvement"), table,
                                on_sheet=False))
    return out


def _project(index: int, name: str, amount: Decimal, budget: Decimal, evaluated: bool,
             effect: str, problems: str, measures: str, table, on_sheet: bool = True) -> Project:
    return Project(
        # the title (the name ending in the profile's project_suffix) is
        # wording: compose.narrative.reworded writes it
        index=index, name=name, title="", amount=amount,
        # a table's project missing from 项目支出 is not one of 五(三)'s uses
        on_sheet=on_sheet,
        effect=field_clause("effect", effect), evaluated=evaluated, budget=budget,
        rate=rate(amount, budget),
        # only what the clerk entered: no sentence for a problem nobody named
        problems=field_clause("problems", problems), measures=field_clause("measures", measures),
        score=table.total if table is not None else None,
        mark=table.mark if table is not None else "")


def unit_score(wb: Workbook, ev: Evaluation) -> Optional[Decimal]:
    """整体支出绩效得分: the 整体 table's score as its rules give it (rounded
    as printed), else the score typed in 文字说明 (None when neither)."""
    if ev.unit is not None:
        # the typed one is only checked (V604)
        return fmt.rounded(ev.unit.total)
    c = wb.texts.get("perf_unit_score")
    return c.value if c is not None and isinstance(c.value, Decimal) else None


def units(wb: Workbook) -> list[UnitLine]:
    """The 单位构成 lines with a name (``index`` counts every line)."""
    return [UnitLine(i, ln.text("name"), ln.text("kind"), ln.text("note"))
            for i, ln in enumerate(wb.units, start=1) if ln.text("name")]


def free_texts(wb: Workbook) -> list[FreeText]:
    """The 其他说明 lines with a title, their content as paragraphs (a title
    given twice: its paragraphs joined, in order)."""
    out: dict[str, list[str]] = {}
    for ln in wb.free_texts:
        title = ln.text("title").strip()
        if title:
            out.setdefault(title, []).extend(paragraphs(ln.text("content")))
    return [FreeText(t, p) for t, p in out.items()]


def key_work(wb: Workbook) -> list[KeyWork]:
    """The 重点工作 lines with a title, content and result as paragraphs."""
    out = []
    for ln in wb.key_work:
        if not ln.text("title"):
            continue
        content, result = paragraphs(ln.text("content")), paragraphs(ln.text("result"))
        out.append(KeyWork(index=len(out) + 1, no=_int(ln, "no") or len(out) + 1,
                           title=ln.text("title"), content=content, result=result,
                           # a table cell must keep one paragraph, even when empty
                           content_cell=content or [""], result_cell=result or [""]))
    return out


def glossary(tables: Sequence[CodeTable], names: Names) -> list[GlossaryItem]:
    """The 项 that ``tables`` (表2, 表3, 表7, 表8) print, in code order, with
    their names and the catalogue's explanation for 名词解释."""
    used = sorted({r.code for t in tables for r in t.rows if r.level == "项"})
    return [GlossaryItem(i, code, names(code[:3]), names(code[:5]), names(code),
                         sentence_text(names.explanation(code)))
            for i, code in enumerate(used, start=1)]


def texts(wb: Workbook) -> Texts:
    """The clerk's texts of 文字说明 and 单位信息 the document prints."""
    phone = wb.info.get("phone")
    level = wb.info.get("finance_level")
    return Texts(
        functions=paragraphs(_text(wb, "functions")),
        composition=paragraphs(_text(wb, "composition")),
        performance=paragraphs(_text(wb, "performance")),
        perf_unit_text=sentence_text(_text(wb, "perf_unit_text")),
        perf_unit_output=field_clause("unit_output", _text(wb, "perf_unit_output")),
        perf_application=paragraphs(_text(wb, "perf_application")),
        phone="" if phone is None or phone.value is None else str(phone.value),
        # blank: "" (the profile's [words] finance_level is printed instead)
        finance_level=str(level.value) if level is not None and level.value else "",
    )


def general_classes(t5: CodeTable) -> list[Share]:
    """The 类 rows of 表5 (一般公共预算财政拨款支出) in order: code (``key``),
    name, 合计 (万元) and its share of 表5's 合计 (%; None when that is 0)."""
    total = t5.total["total"]
    return [Share(r.code, r.name, r.v["total"], rate(r.v["total"], total))
            for r in t5.rows if r.level == "类"]


def report(wb: Workbook, ev: Evaluation, names: Names, t1: T1, t2: CodeTable, t3: CodeTable,
           t4: T4, t5: CodeTable, t6: T6, t7: CodeTable, t8: CodeTable, t9: T9) -> Report:
    """The ``Report`` of the nine tables and the narrative figures of ``wb``."""
    items = general_items(wb, names)
    budget = sum((i.budget for i in items), ZERO)
    full = sum((i.budget if i.full_budget is None else i.full_budget for i in items), ZERO)
    general = t5.total["total"]
    listed = projects(wb, ev)
    evaluated = sum((p.amount for p in listed if p.evaluated), ZERO)
    return Report(
        unit=wb.unit, year=wb.year or 0,
        t1=t1, t2=t2, t3=t3, t4=t4, t5=t5, t6=t6, t7=t7, t8=t8, t9=t9,
        total=_compared(t1.income_grand_total, wb, "total", "reason_total"),
        fiscal=_compared(t4.income_grand_total, wb, "fiscal_total", "reason_fiscal"),
        general_income=_compared(t4.income.general, wb, "general_income",
                                 "reason_general_income"),
        general_exp=_compared(t5.total["total"], wb, "general_exp", "reason_general_exp"),
        income_sources=income_sources(t1),
        expense_parts=expense_parts(t3),
        items=items,
        items_budget=budget,
        general_share=rate(general, t3.total["total"]),
        general_classes=general_classes(t5),
        items_full_budget=full,
        items_rate=rate(general, budget),
        items_full_rate=rate(general, full),
        gov_items=_budgeted(general_items(wb, names, schema.FUND_GOV)),
        soe_items=_budgeted(general_items(wb, names, schema.FUND_SOE)),
        sangong=sangong(wb, t9),
        operation=operation(wb),
        procurement=procurement(wb),
        assets=assets(wb),
        projects=listed,
        evaluated_amount=evaluated,
        evaluated_share=rate(evaluated, t5.total["exp_project"]),
        unit_score=unit_score(wb, ev),
        units=units(wb),
        free_texts=free_texts(wb),
        key_work=key_work(wb),
        glossary=glossary((t2, t3, t7, t8), names),
        texts=texts(wb),
    )
