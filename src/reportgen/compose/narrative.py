"""The one context the Word document is rendered from.

``build_context(report, evaluation, document)`` arranges the computed report
(``compute/report.py``) and the self-evaluation into the typed ``Context``
(``compose/context.py``) the template names.  Nothing here reads the
workbook, computes a figure, writes a file or knows about Word: the figures,
rates and comparison words come from ``compute``; this module groups them by
section of 情况说明, picks the words a list is joined with and the parts the
profile asks for.  Every sentence is in the template.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from functools import lru_cache
from decimal import Decimal
from typing import Iterable, Mapping, Optional, TypeVar

from reportgen.compose.context import (Amount, Appendix, AppendixTable, AppendixUnit, Basic,
                                       Context, Expense, Fiscal, FundIncome, General,
                                       GeneralClass, Glossary, Gov, Income, IndicatorGroup,
                                       IndicatorItem, Layout, Overview, Part, Performance,
                                       PerformanceSub, Section, Soe, Total)
from reportgen.compute.figures import (LESS, MORE, change, completion)  # noqa: F401  (public rules)
from reportgen.compute.report import (Change, IncomeLine, ItemBudget, Project, Report, Sangong,
                                      Share, Texts)
from reportgen.core import fmt, schema
from reportgen.core.catalogue import finance_level_departments
from reportgen.core.errors import TemplateError
from reportgen.core.jinja import chinese_number
from reportgen.core.model import ZERO
from reportgen.core.profile import _unknown_keys
from reportgen.core.text import (_END_PUNCT, field_clause, join_lines,  # noqa: F401
                                 paragraphs, reason_text, sentence_text)
from reportgen.selfeval.tables import Evaluation, Indicator, indicator_sum

# ------------------------------------------------------------------ rules


def spending_parts(basic: Decimal, project: Decimal, words=None) -> list[Amount]:
    """基本支出 / 项目支出 of a fund (万元), only those with an amount, named
    as ``words`` (a profile's ``[labels]``; None: the default profile's) has them."""
    w = fmt.words_or_default(words)
    return [Amount(w.label(k), v) for k, v in (("exp_basic", basic), ("exp_project", project))
            if v]


def class_short_name(name: str) -> str:
    """“一般公共服务支出” -> “一般公共服务”: the catalogue's 类 name without
    the 支出 it ends with (the template writes “…（类）支出” around it)."""
    return name[:-2] if name.endswith("支出") and len(name) > 2 else name


def project_title(name: str, words=None) -> str:
    """A project's name ending in ``words``' ``project_suffix`` (a profile's
    ``[words]``; None: the default profile's): “维修经费” -> “维修经费项目”,
    but “改造项目” stays (“…项目绩效自评综述”)."""
    suffix = fmt.words_or_default(words).project_suffix
    return name if name.endswith(suffix) else name + suffix


def fund_absent(amounts: Iterable[Decimal], has_lines: bool) -> bool:
    """A fund is absent when no line uses it, or every figure of it is 0:
    the document then says “无…” instead of a sentence of zeros."""
    return not has_lines or not any(Decimal(a) for a in amounts)


def level_short(level: str) -> str:
    """财政级次 “市级” -> “市” (for “市直部门”): the 级 the clerk's 财政级次
    ends with, dropped; with its 本 when there is a level before it
    (“市本级” -> “市”, as “市级”)."""
    if level.endswith("本级") and len(level) > 2:
        return level[:-2]
    return level[:-1] if level.endswith("级") and len(level) > 1 else level


# ------------------------------------------------------------------ layout

# part key -> (default title, section keys in default order, default titles)
PARTS: "OrderedDict[str, tuple[str, tuple[tuple[str, str], ...]]]" = OrderedDict([
    ("overview", ("{unit}概况", (("functions", "部门主要职能"),
                                 ("composition", "部门决算单位构成")))),
    ("tables", ("{unit}{year}年度部门决算表", ())),
    ("explanation", ("{unit}{year}年度部门决算情况说明", (
        ("total", "收入支出决算总体情况说明"),
        ("income", "收入决算情况说明"),
        ("expense", "支出决算情况说明"),
        ("fiscal", "财政拨款收入支出决算总体情况说明"),
        ("general", "一般公共预算财政拨款支出决算情况说明"),
        ("basic", "一般公共预算财政拨款基本支出决算情况说明"),
        ("gov", "政府性基金预算财政拨款收入支出决算情况说明"),
        ("soe", "国有资本经营预算财政拨款支出决算情况说明"),
        ("sangong", "财政拨款“三公”经费支出决算情况说明"),
        ("operation", "机关运行经费支出情况"),
        ("procurement", "政府采购支出情况"),
        ("assets", "国有资产占用情况"),
        ("performance", "预算绩效情况说明"),
    ))),
    ("key_work", ("{year}年重点工作完成情况", ())),
    ("glossary", ("名词解释", ())),
    # 第六部分: the 绩效自评 report and tables; left out when there are none
    ("appendix", ("附件", ())),
])


FREE, GROUP = "free", "group"
# the keys a [[document.parts]] and a section may have
PART_KEYS = ("key", "title", "sections", "free")
SECTION_KEYS = ("key", "title", "free", "sections")
# the parts whose template prints sections (the others have none)
SECTIONED = ("overview", "explanation")


def _sections(raw: list, known: Mapping[str, str], part: str, at: str, unit: str, year: int,
              problems: list[str], seen: set, level: int, where_up: str = "") -> list[Section]:
    """The ``sections`` list of a part (``level`` 2) or of a section holding
    subsections (``level`` 3), checked: built-in ``{key, title}`` (or the
    key alone), free ``{free, title}``, or ``{title, sections}`` holding
    subsections (one level down only).  Problems are added to ``problems``."""
    out: list[Section] = []
    for j, s in enumerate(raw, start=1):
        here = f"{at}{where_up}第 {j} 节"
        if isinstance(s, str):
            s = {"key": s}
        if not isinstance(s, Mapping):
            problems.append(f"{here}：应写成 {{ key = \"…\" }}、{{ free = \"…\" }} 或"
                            f" {{ title = \"…\", sections = [ … ] }}。")
            continue
        _unknown_keys(s, SECTION_KEYS, here, problems)
        title = _text_title(s, None, here, problems)
        if "free" in s:
            free = s["free"]
            if not isinstance(free, str) or not free.strip() or "key" in s or "sections" in s:
                problems.append(f"{here}：自由小节写 {{ free = \"标题\" }}（“其他说明”表中的标题），"
                                "不写 key、sections。")
                continue
            out.append(Section(FREE, len(out) + 1, _title(title or free, unit, year), level,
                               free=free.strip()))
        elif "sections" in s:
            subs = s["sections"]
            if "key" in s or not title or not isinstance(subs, list):
                problems.append(f"{here}：含下级小节的小节写 {{ title = \"标题\", sections = [ … ] }}"
                                "（不写 key，sections 为列表）。")
                continue
            if level > 2:
                problems.append(f"{here}：下级小节不能再含下级小节。")
                continue
            children = _sections(subs, known, part, here, unit, year, problems, seen, level + 1,
                                 " 的下级小节")
            out.append(Section(GROUP, len(out) + 1, _title(title, unit, year), level,
                               sections=children))
        else:
            key = s.get("key")
            if key not in known:
                problems.append(f"{here}：“{key}”不是“{part}”的已知小节"
                                f"（可用：{'、'.join(known) or '无'}；自由小节写 free = \"标题\"）。")
                continue
            if key in seen:
                problems.append(f"{here}：小节“{key}”重复。")
            seen.add(key)
            out.append(Section(key, len(out) + 1, _title(title or known[key], unit, year), level))
    return out


def _text_title(entry: Mapping, default: Optional[str], at: str, problems: list[str]) -> Optional[str]:
    """``entry``'s ``title``, or ``default`` where it has none; a title that
    is not text adds a problem (named ``at``) and gives ``default``."""
    title = entry.get("title", default)
    if title is not None and not isinstance(title, str):
        problems.append(f"{at}：键“title”应为文字。")
        return default
    return title


def _numbered(part: Part) -> Part:
    """``part`` with its sections numbered (一、 at level 2, （一） at level 3,
    each counted within its parent) and ``flat`` listing them in order, each
    section before its subsections."""

    def number(secs: list[Section]) -> list[Section]:
        return [dataclasses.replace(
            s, index=k, sections=number(s.sections),
            number=(f"{chinese_number(k)}、" if s.level == 2 else f"（{chinese_number(k)}）"))
            for k, s in enumerate(secs, start=1)]

    def walk(secs: list[Section]):
        for s in secs:
            yield s
            yield from walk(s.sections)

    sections = number(part.sections)
    return dataclasses.replace(part, sections=sections, flat=list(walk(sections)))


def _title(text: str, unit: str, year: int) -> str:
    return text.replace("{unit}", unit).replace("{year}", str(year))


# the base of “完成…预算的X%” a profile may choose ([document] budget_base)
BUDGET_BASES = ("年初预算", "全年预算")


def _on_base(item: ItemBudget, base: str) -> ItemBudget:
    """``item`` with its ``base_*`` figures on ``base``: 全年预算 where the
    clerk entered one for the 项 (computed by compute), else as computed
    (年初预算)."""
    if base != "全年预算" or item.full_budget is None:
        return item
    return dataclasses.replace(item, base_name="全年预算", base_budget=item.full_budget,
                               base_rate=item.full_rate, base_compare=item.full_compare,
                               base_reason=item.full_reason)


def _sangong_on_base(sg: Sangong, base: str) -> Sangong:
    """``sg`` with the ``base_*`` figures of the total and of each part on
    ``base``: 全年预算 where the clerk entered one (for the total: on any
    row), else as computed (年初预算)."""
    if base != "全年预算":
        return sg

    def moved(x):
        if x.full_budget is None:
            return {}
        return dict(base_name="全年预算", base_budget=x.full_budget, base_rate=x.full_rate,
                    base_compare=x.full_compare)

    out = dataclasses.replace(sg, **{k: dataclasses.replace(getattr(sg, k), **moved(getattr(sg, k)))
                                     for k in ("abroad", "car", "reception")}, **moved(sg))
    if sg.full_budget is not None:
        out.base_reason = sg.budget_reason if sg.full_compare else ""
    return out


def layout(document: Optional[Mapping], unit: str, year: int, where: str = "模板配置") -> Layout:
    """The profile's ``[document]`` section as the template's ``doc``.

    ``document`` may be None (a profile without the section: the reference's
    layout).  Otherwise ``toc`` (bool) and ``parts``, a list of
    ``{key, title, sections}`` where sections is a list of
    ``{key, title}``; titles may use {unit} and {year}; ``budget_base``
    年初预算 (default) or 全年预算, the base of “完成…预算的X%”.  Every problem is
    reported at once, naming the profile file and the key (raises
    ``TemplateError``).
    """
    problems: list[str] = []
    doc = dict(document or {})
    for key in doc:
        if key not in ("toc", "parts", "budget_base"):
            problems.append(f"{where} [document]：未知的键“{key}”（可用：toc、parts、budget_base）。")
    budget_base = doc.get("budget_base", BUDGET_BASES[0])
    if budget_base not in BUDGET_BASES:
        problems.append(f"{where} [document]：键“budget_base”应为"
                        f"{'或'.join(f'“{b}”' for b in BUDGET_BASES)}，现为“{budget_base}”。")
        budget_base = BUDGET_BASES[0]
    toc = doc.get("toc", False)
    if not isinstance(toc, bool):
        problems.append(f"{where} [document]：键“toc”应为 true 或 false。")
        toc = False
    raw_parts = doc.get("parts")
    if raw_parts is None:
        raw_parts = [{"key": k, "title": t, "sections": [{"key": sk, "title": st} for sk, st in secs]}
                     for k, (t, secs) in PARTS.items()]
    if not isinstance(raw_parts, list) or not all(isinstance(p, Mapping) for p in raw_parts):
        problems.append(f"{where} [document]：“parts”应为 [[document.parts]] 段的列表。")
        raw_parts = []
    parts, seen = [], set()
    for i, p in enumerate(raw_parts, start=1):
        at = f"{where} 第 {i} 个 [[document.parts]]"
        _unknown_keys(p, PART_KEYS, at, problems)
        if "free" in p:
            free = p.get("free")
            if "key" in p or not isinstance(free, str) or not free.strip():
                problems.append(f"{at}：自由部分写 free = \"标题\"（“其他说明”表中的标题），不写 key。")
                continue
            title = _text_title(p, free, at, problems)
            if "sections" in p:
                problems.append(f"{at}：自由部分不能有小节（sections）。")
            parts.append(Part(FREE, len(parts) + 1, _title(title, unit, year), [],
                              free=free.strip()))
            continue
        key = p.get("key")
        if key not in PARTS:
            problems.append(f"{at}：键“key”的值“{key}”不是已知的部分（可用：{'、'.join(PARTS)}；"
                            f"自由部分写 free = \"标题\"）。")
            continue
        if key in seen:
            problems.append(f"{at}：部分“{key}”重复。")
        seen.add(key)
        default_title, default_secs = PARTS[key]
        title = _text_title(p, default_title, at, problems)
        known = dict(default_secs)
        raw_secs = p.get("sections")
        if raw_secs is None:
            raw_secs = [{"key": k, "title": t} for k, t in default_secs]
        if not isinstance(raw_secs, list):
            problems.append(f"{at}：键“sections”应为列表。")
            raw_secs = []
        if raw_secs and key not in SECTIONED:
            problems.append(f"{at}：部分“{key}”没有小节（可有小节的部分：{'、'.join(SECTIONED)}）。")
            raw_secs = []
        sections = _sections(raw_secs, known, key, f"{at} ", unit, year, problems, set(), 2)
        parts.append(_numbered(Part(key, len(parts) + 1, _title(title, unit, year), sections)))
    if problems:
        raise TemplateError("\n".join(problems))
    return Layout(toc, parts, budget_base)



# ------------------------------------------------------------------ sections


def _prints(value: Optional[Decimal]) -> bool:
    """``value`` (万元) is not 0 as the document prints it (rounded half-up to
    the cent): a line of 0.001 万元 (10 元) is blank in the tables and, like an
    empty line, left out of the sentences."""
    return value is not None and fmt.rounded(value, 2) != 0


def _items_as_printed(items: list[ItemBudget]) -> list[ItemBudget]:
    """The 项 of “年初预算为…，支出决算为…” as the tables show them,
    renumbered: one whose budget and 决算 both print as 0.00 万元 is left
    out (never “年初预算为0万元，支出决算为0万元，完成年初预算的100%”);
    one whose base budget prints as 0 has no completion rate, as a budget
    of 0 has none."""
    out = []
    for i in items:
        if not (_prints(i.budget) or _prints(i.actual) or _prints(i.base_budget)):
            continue
        if i.base_budget and not _prints(i.base_budget):
            i = dataclasses.replace(i, base_rate=None,
                                    base_compare=MORE if _prints(i.actual) else "")
        out.append(i if i.index == len(out) + 1 else dataclasses.replace(i, index=len(out) + 1))
    return out


def _children(rows, parent: str, level: str) -> list:
    return [r for r in rows if r.level == level and r.code.startswith(parent) and r.code != parent]


def _total(report: Report, words=None) -> Total:
    t1 = report.t1
    w = fmt.words_or_default(words)
    income_parts = [(w.label(k), v) for k, v in (("income_total", t1.income_total),
                                                 ("use_balance", t1.use_nonfiscal_balance),
                                                 ("carry_begin", t1.carry_begin)) if _prints(v)]
    expense_parts = [(w.label(k), v) for k, v in (("expense_total", t1.expense_total),
                                                  ("distribution", t1.balance_distribution),
                                                  ("carry_end", t1.carry_end)) if _prints(v)]
    return Total(
        amount=t1.income_grand_total,
        income_parts=[Amount(n, v) for n, v in income_parts],
        expense_parts=[Amount(n, v) for n, v in expense_parts],
        expense_amount=t1.expense_grand_total,
        income_total=t1.income_total,
        expense_total=t1.expense_total,
        carry_begin=t1.carry_begin,
        carry_end=t1.carry_end,
        use_balance=t1.use_nonfiscal_balance,
        distribution=t1.balance_distribution,
        has_carry=bool(t1.carry_begin or t1.carry_end or t1.use_nonfiscal_balance
                       or t1.balance_distribution),
        change=report.total.change,
        reason=report.total.reason,
    )


def _income(report: Report) -> Income:
    t1 = report.t1
    sources = [s for s in report.income_sources if _prints(s.amount)]
    return Income(t1.income_total, sources, t1.carry_begin, t1.use_nonfiscal_balance)


def _expense(report: Report) -> Expense:
    t3 = report.t3.total
    parts = [s for s in report.expense_parts if _prints(s.amount)]
    return Expense(t3["total"], parts, t3["exp_basic"], t3["exp_project"],
                   report.t1.carry_end, report.t1.balance_distribution)


# the three funds' 财政拨款收入, named by the profile's [labels]
_FUND_KEYS = ("general", "gov", "soe")


def _fiscal(report: Report, words=None) -> Fiscal:
    t4 = report.t4
    w = fmt.words_or_default(words)
    incomes = [FundIncome(k, w.label(k), getattr(t4.income, k))
               for k in _FUND_KEYS if getattr(t4.income, k)]
    return Fiscal(
        amount=t4.income_grand_total,
        expense_amount=t4.expense_grand_total.total,
        income_total=t4.income_total,
        expense_total=t4.expense_total.total,
        carry_begin=t4.carry_begin_total,
        carry_end=t4.carry_end_total,
        has_carry=bool(t4.carry_begin_total or t4.carry_end_total),
        change=report.fiscal.change,
        reason=report.fiscal.reason,
        incomes=incomes,
        general_income=t4.income.general,
        general_income_change=report.general_income.change,
        general_income_reason=report.general_income.reason,
    )


def _general(report: Report, projects: list[Project], base: str = "年初预算",
             words=None) -> General:
    t5 = report.t5
    rows = t5.rows
    classes = []
    for c in report.general_classes:
        if not _prints(c.amount):   # blank in the tables: left out of the sentences
            continue
        uses = [k.name for k in _children(rows, c.key, "款")]
        classes.append(GeneralClass(index=len(classes) + 1, code=c.key, name=c.name,
                                    short_name=class_short_name(c.name), amount=c.amount,
                                    share=c.share,
                                    uses=uses, uses_text=fmt.join_cn(uses, words=words)))
    items = _items_as_printed([_on_base(i, base) for i in report.items])
    projects = [p if p.index == k else dataclasses.replace(p, index=k) for k, p in
                enumerate((p for p in projects if _prints(p.amount)), start=1)]
    # the sums and rates compute made, on the base _on_base put the 项 on
    full = base == "全年预算"
    budget = report.items_full_budget if full else report.items_budget
    return General(
        amount=t5.total["total"],
        expense_total=report.t3.total["total"],
        share=report.general_share,
        change=report.general_exp.change,
        reason=report.general_exp.reason,
        classes=classes,
        budget=budget,
        budget_rate=((report.items_full_rate if full else report.items_rate)
                     if _prints(budget) else None),
        basic=t5.total["exp_basic"],
        project=t5.total["exp_project"],
        projects=projects,
        items=items,
        base_name=base if any(i.base_name == base for i in items) else BUDGET_BASES[0],
    )


def _basic(report: Report, words=None) -> Basic:
    t6 = report.t6
    personnel = [i.name for i in t6.items if i.group == "人员经费" and _prints(i.amount)]
    public = [i.name for i in t6.items if i.group != "人员经费" and _prints(i.amount)]
    return Basic(
        amount=report.t5.total["exp_basic"],
        personnel=t6.personnel_total, personnel_items=personnel,
        personnel_text=fmt.words_or_default(words).list_sep.join(personnel),
        public=t6.public_total, public_items=public,
        public_text=fmt.words_or_default(words).list_sep.join(public),
    )


def _gov(report: Report, base: str = "年初预算", words=None) -> Gov:
    t7 = report.t7
    tot = t7.total
    kuan = [r.name for r in t7.rows if r.level == "款" and _prints(r.v.get("total"))]
    absent = fund_absent(tot.values(), not t7.absent)
    return Gov(absent=absent, carry_begin=tot.get("carry_begin", ZERO),
               income=tot.get("income", ZERO), amount=tot.get("total", ZERO),
               basic=tot.get("exp_basic", ZERO), project=tot.get("exp_project", ZERO),
               parts=spending_parts(tot.get("exp_basic", ZERO), tot.get("exp_project", ZERO),
                                    words),
               carry_end=tot.get("carry_end", ZERO), uses=kuan, uses_text=fmt.join_cn(kuan, words=words),
               items=_items_as_printed([_on_base(i, base) for i in report.gov_items]))


def _soe(report: Report, words=None) -> Soe:
    t8 = report.t8
    tot = t8.total
    kuan = [r.name for r in t8.rows if r.level == "款" and _prints(r.v.get("total"))]
    absent = fund_absent(tot.values(), not t8.absent)
    return Soe(absent=absent, amount=tot.get("total", ZERO),
               basic=tot.get("exp_basic", ZERO), project=tot.get("exp_project", ZERO),
               parts=spending_parts(tot.get("exp_basic", ZERO), tot.get("exp_project", ZERO),
                                    words),
               uses=kuan, uses_text=fmt.join_cn(kuan, words=words), income=report.t4.income.soe,
               # on 年初预算, as computed (not yet moved by [document] budget_base)
               items=_items_as_printed(list(report.soe_items)))


def _performance(report: Report, ev: Evaluation) -> Performance:
    # a budget that prints as 0.00 万元 is 0 there: no “完成预算的100%” of 0/0
    evaluated = [dataclasses.replace(p, index=i, **({} if _prints(p.budget) else
                                                   dict(budget=ZERO, rate=None)))
                 for i, p in enumerate((p for p in report.projects if p.evaluated), start=1)]
    project_total = report.t5.total["exp_project"]
    texts = report.texts
    # a 整体 self-evaluation was entered (its sheet, its text or its score):
    # only then does the document say one was made
    unit_evaluated = (ev.unit is not None or bool(texts.perf_unit_text)
                      or report.unit_score is not None)
    # the sub-headings （一）…（四） numbered among those printed
    shown = {"scope": bool(evaluated or texts.performance), "unit": unit_evaluated,
             "projects": bool(evaluated), "application": bool(texts.perf_application)}
    sub, n = {}, 0
    for key, present in shown.items():
        n += present
        sub[key] = n if present else 0
    return Performance(
        unit_evaluated=unit_evaluated,
        sub=PerformanceSub(**sub),
        projects=evaluated,
        count=len(evaluated),
        amount=report.evaluated_amount,
        project_total=project_total,
        share=report.evaluated_share,
        text=texts.performance,
        # 整体支出: the whole year's spending of the department
        unit_amount=report.t3.total["total"],
        unit_text=texts.perf_unit_text,
        unit_score=report.unit_score,
        unit_output=texts.perf_unit_output,
        application=texts.perf_application,
    )


def _glossary(report: Report) -> Glossary:
    level = report.texts.finance_level
    items = report.glossary
    return Glossary(level, level_short(level), items,
                    [i.code for i in items if not i.explanation],
                    departments=finance_level_departments(level))


# 二级指标 of the 自评报告's analysis, in its order: 产出 (数量, 质量, 成本, 时效),
# then 效益 by kind with the 整体绩效自评 text that may replace the listing
OUTPUT_KINDS = ("数量指标", "质量指标", "成本指标", "时效指标")
# (the 二级指标 as typed, the key of its text and of its group name in
# profile.toml [selfeval.report])
BENEFIT_KINDS = (("经济效益指标", "economic"), ("社会效益指标", "social"),
                 ("生态效益指标", "ecological"), ("可持续影响指标", "sustainable"))
# the 自评报告's group names and fallbacks: profile.toml [selfeval.report]
REPORT_LABELS = ("other_outputs", "economic", "social", "ecological", "sustainable",
                 "satisfaction", "no_evidence")


def report_labels(labels: Optional[Mapping] = None, where: str = "") -> dict[str, str]:
    """The 自评报告's wording (profile.toml ``[selfeval.report]``): ``labels``
    as the profile gives them, each key it leaves out taken from the bundled
    default profile.  Raises TemplateError naming ``where`` for a value that
    is not text."""
    out = dict(_default_report_labels())
    for key, value in (labels or {}).items():
        if key not in REPORT_LABELS or not isinstance(value, str):
            raise TemplateError(f"{where} [selfeval.report]：键“{key}”应为 {'、'.join(REPORT_LABELS)}"
                                f" 之一，值为文字。")
        out[key] = value
    return out


@lru_cache(maxsize=1)
def _default_report_labels() -> tuple[tuple[str, str], ...]:
    from reportgen.core.profile import DEFAULT_PROFILE, load_profile

    found = ((load_profile(DEFAULT_PROFILE).selfeval or {}).get("report") or {})
    return tuple((k, v) for k, v in found.items() if k in REPORT_LABELS)
_LISTED = ("数量指标", "质量指标")   # 完成的 / 未完成的绩效目标 list these, as the reference does


def _indicator_item(i: Indicator) -> IndicatorItem:
    # target and actual stand inside a sentence (“年初目标值为…，实际完成值为…”):
    # a full stop typed at their end would give “…。，”
    # and a value typed “为全区…” after the sentence's own “目标值为” would
    # print “为为”: the sentence takes it without (the table cell as typed)
    return IndicatorItem(i.level1, i.level2, i.name, _clause(i.target), _clause(i.actual),
                         i.weight, i.scored, i.met, _said(i.target), _said(i.actual))


def _said(value):
    """An indicator's value as the sentence “…值为{value}” says it
    (``core.text.field_clause`` of “indicator”); other values as they are."""
    return field_clause("indicator", value) if isinstance(value, str) else value


_V = TypeVar("_V")


def _clause(value: _V) -> _V:
    """A text without its final punctuation (other values as they are)."""
    return value.rstrip(_END_PUNCT) if isinstance(value, str) else value


def _group(name: str, items: list[Indicator], text: str = "") -> IndicatorGroup:
    scored = [i for i in items if not i.no_weight]
    return IndicatorGroup(name, [_indicator_item(i) for i in scored], indicator_sum(scored),
                          paragraphs(text))


def _kind_of(i: Indicator, kind: str) -> bool:
    return i.level2.replace(" ", "") == kind


def _appendix(ev: Evaluation, labels: dict[str, str]) -> Appendix:
    """第六部分: the 部门整体支出绩效自评报告 (its figures and the clerk's
    texts) and what the tables need in the document; ``labels`` its group
    names (``report_labels``)."""
    tables = [AppendixTable(t.mark, t.name, t.project, t.kind, t.budget.budget or ZERO,
                            t.budget.actual or ZERO, t.total) for t in ev.tables]
    u = ev.unit
    if u is None:
        return Appendix(not ev.empty, tables, None)
    inds = u.indicators
    listed = [i for i in inds if any(_kind_of(i, k) for k in _LISTED)]
    seen, achieved, missed = set(), [], []
    for i in listed:
        key = (i.level2, i.name, i.target, i.actual)
        if key in seen:
            continue
        seen.add(key)
        (achieved if i.met else missed).append(_indicator_item(i))
    outputs = [_group(k, [i for i in inds if _kind_of(i, k)]) for k in OUTPUT_KINDS]
    other_outputs = [i for i in inds if i.level1 == schema.LEVEL1[0]
                     and not any(_kind_of(i, k) for k in OUTPUT_KINDS)]
    outputs = [g for g in outputs if g.items]
    if other_outputs:
        outputs.append(_group(labels["other_outputs"], other_outputs))
    benefits = [_group(labels[key], [i for i in inds if _kind_of(i, kind)], u.text(key))
                for kind, key in BENEFIT_KINDS]
    satisfaction = _group(labels["satisfaction"], [i for i in inds if i.level1 == schema.LEVEL1[2]],
                          u.text("satisfaction"))
    conclusion = paragraphs(u.text("conclusion"))
    b = u.budget
    basic_budget, project_budget = u.basic_budget or ZERO, u.project_budget or ZERO
    budget, actual = b.budget or ZERO, b.actual or ZERO
    return Appendix(True, tables, AppendixUnit(
        total=fmt.rounded(u.total), budget_score=b.score or ZERO,
        conclusion_head=conclusion[:-1], conclusion_last=conclusion[-1] if conclusion else "",
        basic_budget=basic_budget, project_budget=project_budget,
        basic_actual=u.basic_actual, project_actual=u.project_actual,
        basic_rate=u.basic_rate, project_rate=u.project_rate,
        budget=budget, actual=actual, rate=u.spent_rate,
        achieved=achieved, missed=missed,
        problems=paragraphs(u.text("problems")), measures=paragraphs(u.text("measures")),
        work=paragraphs(u.text("work")),
        outputs=outputs, benefits=benefits, satisfaction=satisfaction,
        evidence=paragraphs(u.text("evidence")) or [labels["no_evidence"]],
        date=u.text("date"),
    ))


# ------------------------------------------------------------------ context


def without_empty(doc: Layout, has: Mapping[tuple[str, Optional[str]], bool]) -> Layout:
    """``doc`` (from ``layout``) without the parts and sections that have
    nothing to say: ``has`` maps (part key, None) or (part key, section key)
    to whether the report gives it content (absent: it has); a free part or
    section without paragraphs and a section whose subsections all went are
    left out too.  Parts and sections are renumbered, so no heading stands
    with nothing under it."""

    def kept(p: Part, secs: list[Section]) -> list[Section]:
        out = []
        for s in secs:
            if s.key == FREE and not s.paragraphs:
                continue
            if s.key == GROUP:
                s = dataclasses.replace(s, sections=kept(p, s.sections))
                if not s.sections:
                    continue
            elif not has.get((p.key, s.key), True):
                continue
            out.append(s)
        return out

    parts: list[Part] = []
    for p in doc.parts:
        if not has.get((p.key, None), True) or (p.key == FREE and not p.paragraphs):
            continue
        parts.append(_numbered(dataclasses.replace(p, index=len(parts) + 1,
                                                   sections=kept(p, p.sections))))
    return dataclasses.replace(doc, parts=parts)


def with_free_texts(doc: Layout, texts: Mapping[str, list[str]]) -> Layout:
    """``doc`` with each free part and section given the paragraphs the
    clerk wrote under its title on the 其他说明 sheet (``texts``: title ->
    paragraphs; none: empty, and ``without_empty`` leaves it out)."""

    def fill(secs: list[Section]) -> list[Section]:
        return [dataclasses.replace(s, paragraphs=list(texts.get(s.free, [])) if s.free else [],
                                    sections=fill(s.sections)) for s in secs]

    return dataclasses.replace(doc, parts=[
        dataclasses.replace(p, paragraphs=list(texts.get(p.free, [])) if p.free else [],
                            sections=fill(p.sections)) for p in doc.parts])


def _as_printed(v: Change, places: int) -> Change:
    """A known change as the document prints it (rates rounded half-up to
    ``places`` decimals, amounts to the cent): a rate that would print as
    0% (“增加0.01万元，增长0%”) is left out (``rate`` None, the sentence
    stops after the amount); a difference that would print as 0.00 万元 is
    持平, as the two printed figures are equal."""
    if v.same:
        return v
    if fmt.rounded(v.diff, 2) == 0:
        return dataclasses.replace(v, up=False, down=False, same=True, rate=None)
    if v.rate is not None and fmt.rounded(v.rate, places) == 0:
        return dataclasses.replace(v, rate=None)
    return v


def reworded(value, words=None, percent_places: int = 1):
    """``value`` (a context, or any part of one) with every ``Change``'s
    ``word``/``rate_word`` in ``words`` (a profile's ``[words]``,
    ``core.profile.Words``; None: the default profile's), chosen by its
    direction (``up``/``down``/``same``); an unknown change (no last-year
    figure) keeps its empty words; each 表1 收入 row and each 收入/支出
    part (``IncomeLine``, ``Share``) compute left unnamed gets its
    ``[labels]`` name by key; a ``…compare`` field (决算 against a budget,
    ``compute.figures.MORE``/``LESS``) becomes ``more``/``less``; a
    ``Project`` compute left untitled gets its title (``project_title``)
    and a blank 财政级次 (``Texts.finance_level``) the ``finance_level``
    word.  A change is taken as printed with ``percent_places`` (the
    profile's ``[format] percent_decimals``): no rate that rounds to 0%, and
    持平 when the difference rounds to 0.00 万元 (``_as_printed``).
    Returns a new tree where anything changed; the rest is shared."""
    w = fmt.words_or_default(words)
    compare = {MORE: w.more, LESS: w.less}

    def walk(v):
        if isinstance(v, (IncomeLine, Share)):
            name = w.label(v.key) if not v.name else None
            return v if name is None else dataclasses.replace(v, name=name)
        if isinstance(v, Change):
            if not v.known:
                return v
            v = _as_printed(v, percent_places)
            word, rate_word = ((w.increase, w.rise) if v.up else (w.decrease, w.fall) if v.down
                               else (w.same, ""))
            return dataclasses.replace(v, word=word, rate_word=rate_word)
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            new = {f.name: walk(getattr(v, f.name)) for f in dataclasses.fields(v) if f.init}
            for k in new:
                if k.endswith("compare") and new[k] in compare:
                    new[k] = compare[new[k]]
            if isinstance(v, Project) and not new["title"]:
                new["title"] = project_title(v.name, w)
            if isinstance(v, Texts) and not new["finance_level"]:
                new["finance_level"] = w.finance_level
            if all(new[k] is getattr(v, k) for k in new):
                return v
            return dataclasses.replace(v, **new)
        if isinstance(v, list):
            items = [walk(x) for x in v]
            return v if all(a is b for a, b in zip(items, v)) else items
        if isinstance(v, tuple) and not hasattr(v, "_fields"):
            items = tuple(walk(x) for x in v)
            return v if all(a is b for a, b in zip(items, v)) else items
        if isinstance(v, dict):
            items = {k: walk(x) for k, x in v.items()}
            return v if all(items[k] is v[k] for k in v) else type(v)(items) if isinstance(
                v, OrderedDict) else items
        return v

    return walk(value)


def build_context(report: Report, ev: Evaluation, document: Optional[Mapping] = None,
                  where: str = "模板配置", labels: Optional[Mapping] = None,
                  words=None, percent_places: int = 1) -> Context:
    """The typed context of the Word document.

    ``report``: the computed report; ``ev``: the workbook's self-evaluation
    (made once by the pipeline); ``document``: the profile's ``[document]``
    section (None: the reference's layout), checked by ``layout`` — raises
    ``TemplateError`` naming ``where`` for a bad one.  Without a
    self-evaluation the 第六部分 is left out; so are the parts and sections
    with nothing to say (``without_empty``): 重点工作 without a line,
    部门主要职能 without a text, 预算绩效 without any self-evaluation.
    ``labels``: the profile's ``[selfeval.report]`` (the 自评报告's group
    names; None or a key left out: the default profile's).  ``words``: the
    profile's ``[words]`` (``core.profile.Words``; None: the default
    profile's): the comparison words of every change (``reworded``) and the
    joints of the lists (``uses_text``).  ``percent_places``: the profile's
    ``[format] percent_decimals`` — a change whose rate rounds to 0% there
    is written without it (``reworded``).
    """
    report = reworded(report, words, percent_places)
    unit, year = report.unit, report.year
    doc = layout(document, unit, year, where)
    if ev.empty:
        # no self-evaluation entered: no 第六部分 (an empty part is not printed)
        doc.parts = [dataclasses.replace(p, index=k) for k, p in enumerate(
            (p for p in doc.parts if p.key != "appendix"), start=1)]
    texts = report.texts
    overview = Overview(texts.functions, texts.composition, report.units)
    performance = _performance(report, ev)
    doc = with_free_texts(doc, {f.title: f.paragraphs for f in report.free_texts})
    doc = without_empty(doc, {
        ("key_work", None): bool(report.key_work),
        ("overview", "functions"): bool(overview.functions),
        ("explanation", "performance"): bool(
            performance.count or performance.text or performance.unit_evaluated
            or performance.application),
    })
    return Context(
        unit=unit,
        year=year,
        last_year=year - 1,
        doc=doc,
        overview=overview,
        total=_total(report, words),
        income=_income(report),
        expense=_expense(report),
        fiscal=_fiscal(report, words),
        general=_general(report, [p for p in report.projects if p.on_sheet], doc.budget_base,
                         words),
        basic=_basic(report, words),
        gov=_gov(report, doc.budget_base, words),
        soe=_soe(report, words),
        sangong=_sangong_on_base(report.sangong, doc.budget_base),
        operation=report.operation,
        procurement=report.procurement,
        assets=report.assets,
        performance=performance,
        appendix=_appendix(ev, report_labels(labels, where)),
        key_work=report.key_work,
        glossary=_glossary(report),
        phone=texts.phone,
    )
