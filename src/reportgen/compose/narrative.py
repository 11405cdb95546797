"""The one context the Word document is rendered from.

``build_context(report, workbook, catalogues, layout)`` turns the computed
tables and the clerk's texts into plain values: amounts stay ``Decimal`` (the
template's filters format them), words chosen by a figure's sign are chosen
here, by the small rule functions at the top, so each rule is tested alone.

Nothing here writes a file or knows about Word.  Every sentence of 第三部分
is in the template; this module only decides which figures and which words
the sentence gets.
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from typing import Iterable, Mapping, Optional, Sequence

from reportgen.core import fmt, schema
from reportgen.compute.tables import Catalogues, Report
from reportgen.core.errors import TemplateError
from reportgen.selfeval.tables import Evaluation, Indicator, evaluate, indicator_sum
from reportgen.core.model import ZERO, Cell, Workbook
from reportgen.read.values import reason_clause

# ------------------------------------------------------------------ rules


def change(current: Decimal, last: Optional[Decimal]) -> dict:
    """Year-on-year comparison of one figure.

    ``last`` None means the clerk gave no last-year figure: ``known`` is then
    False and the template leaves the comparison out rather than invent one.
    ``diff`` is the absolute difference; ``word``/``rate_word`` are the verbs
    chosen by its sign (增加/增长, 减少/下降); ``rate`` is None when last year
    was zero (a rise from nothing has no rate).
    """
    cur = Decimal(current)
    if last is None:
        return {"known": False, "current": cur, "last": None, "diff": ZERO, "up": False,
                "down": False, "same": False, "last_zero": False, "word": "", "rate_word": "",
                "rate": None}
    prev = Decimal(last)
    diff = cur - prev
    up, down = diff > 0, diff < 0
    return {
        "known": True, "current": cur, "last": prev, "diff": abs(diff),
        "up": up, "down": down, "same": diff == 0, "last_zero": prev == 0,
        "word": "增加" if up else "减少" if down else "持平",
        "rate_word": "增长" if up else "下降" if down else "",
        "rate": fmt.percent_value(abs(diff), abs(prev)) if prev and diff else None,
    }


def completion(budget: Decimal, actual: Decimal, reason: str = "") -> dict:
    """年初预算 against 决算 for one 项.

    ``rate`` (完成年初预算的…%) is None when the initial budget is 0;
    ``compare`` is 大于/小于, or '' when the two are equal — and only then
    is the clerk's reason dropped, since there is nothing to explain.
    """
    budget, actual = Decimal(budget), Decimal(actual)
    compare = "大于" if actual > budget else "小于" if actual < budget else ""
    return {
        "budget": budget, "actual": actual,
        "rate": fmt.percent_value(actual, budget) if budget else None,
        "compare": compare,
        "reason": reason_text(reason) if compare else "",
    }


_END_PUNCT = "。．.；;，,、 \n"


def reason_text(text: Optional[str]) -> str:
    """The clerk's reason as a clause: the template writes “主要原因是…。”
    itself, so any typed lead-in, its punctuation and the final full stop
    are removed (``read.values.reason_clause``)."""
    return reason_clause(text)


def join_lines(text: Optional[str]) -> str:
    """A multi-line cell as one run of text: lines of Chinese join without a
    space (a space between two Chinese sentences is a visible gap), other
    lines with one."""
    out = ""
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if out and not (_cjk(out[-1]) or _cjk(line[0])):
            out += " "
        out += line
    return out


def _cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def sentence_text(text: Optional[str]) -> str:
    """A clause that the template ends with its own full stop."""
    return join_lines(text).rstrip(_END_PUNCT)


def project_title(name: str) -> str:
    """“维修经费” -> “维修经费项目”, but “改造项目” stays: “…项目绩效自评综述”."""
    return name if name.endswith("项目") else name + "项目"


def spending_parts(basic: Decimal, project: Decimal) -> list[dict]:
    """基本支出 / 项目支出 of a fund, only those with an amount."""
    return [{"name": n, "amount": v} for n, v in (("基本支出", basic), ("项目支出", project)) if v]


def paragraphs(text: Optional[str]) -> list[str]:
    """A long text cell as paragraphs, one per line, blank lines dropped."""
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]


def class_short_name(name: str) -> str:
    """“一般公共服务支出” -> “一般公共服务”: 类 summaries say “…（类）支出”."""
    return name[:-2] if name.endswith("支出") and len(name) > 2 else name


def fund_absent(amounts: Iterable[Decimal], has_lines: bool) -> bool:
    """A fund is absent when no line uses it, or every figure of it is 0:
    the document then says “无…” instead of a sentence of zeros."""
    return not has_lines or not any(Decimal(a) for a in amounts)


def count_phrase(n: Optional[int], thing: str, unit_word: str, none: str) -> str:
    """国有资产: “无公务用车” for 0 or blank, else “公务用车3辆”."""
    if not n:
        return none
    return f"{thing}{n}{unit_word}"


def level_short(level: str) -> str:
    """财政级次 “市级” -> “市” (for “市直部门”)."""
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


def _title(text: str, unit: str, year: int) -> str:
    return text.replace("{unit}", unit).replace("{year}", str(year))


def layout(document: Optional[Mapping], unit: str, year: int, where: str = "模板配置") -> dict:
    """The profile's ``[document]`` section as the template's ``doc``.

    ``document`` may be None (a profile without the section: the reference's
    layout).  Otherwise ``toc`` (bool) and ``parts``, a list of
    ``{key, title, sections}`` where sections is a list of
    ``{key, title}``; titles may use {unit} and {year}.  Every problem is
    reported at once, naming the profile file and the key.
    """
    problems: list[str] = []
    doc = dict(document or {})
    for key in doc:
        if key not in ("toc", "parts"):
            problems.append(f"{where} [document]：未知的键“{key}”（可用：toc、parts）。")
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
        key = p.get("key")
        if key not in PARTS:
            problems.append(f"{at}：键“key”的值“{key}”不是已知的部分（可用：{'、'.join(PARTS)}）。")
            continue
        if key in seen:
            problems.append(f"{at}：部分“{key}”重复。")
        seen.add(key)
        default_title, default_secs = PARTS[key]
        title = p.get("title", default_title)
        if not isinstance(title, str):
            problems.append(f"{at}：键“title”应为文字。")
            title = default_title
        known = dict(default_secs)
        raw_secs = p.get("sections")
        if raw_secs is None:
            raw_secs = [{"key": k, "title": t} for k, t in default_secs]
        sections, seen_s = [], set()
        for j, s in enumerate(raw_secs if isinstance(raw_secs, list) else [], start=1):
            if isinstance(s, str):
                s = {"key": s}
            if not isinstance(s, Mapping) or s.get("key") not in known:
                got = s.get("key") if isinstance(s, Mapping) else s
                problems.append(f"{at} 第 {j} 节：“{got}”不是“{key}”的已知小节"
                                f"（可用：{'、'.join(known) or '无'}）。")
                continue
            if s["key"] in seen_s:
                problems.append(f"{at} 第 {j} 节：小节“{s['key']}”重复。")
            seen_s.add(s["key"])
            st = s.get("title", known[s["key"]])
            sections.append({"key": s["key"], "index": len(sections) + 1,
                             "title": _title(str(st), unit, year)})
        if raw_secs and not isinstance(raw_secs, list):
            problems.append(f"{at}：键“sections”应为列表。")
        parts.append({"key": key, "index": len(parts) + 1, "title": _title(title, unit, year),
                      "sections": sections})
    if problems:
        raise TemplateError("\n".join(problems))
    return {"toc": toc, "parts": parts}


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


class _Names:
    """Functional names as the tables print them: the computed rows first,
    then the catalogue, then what the clerk typed."""

    def __init__(self, report: Report, wb: Workbook, cats: Catalogues):
        self.year = wb.catalogue_year or report.year
        self.cats = cats
        self.known: dict[str, str] = {}
        for t in ("t2", "t3", "t5", "t7", "t8"):
            for r in report.tables.get(t, {}).get("rows", []):
                self.known.setdefault(r.code, r.name)
        self.typed = {ln.code: ln.text("name") for ln in wb.functional if ln.text("name")}

    def __call__(self, code: str) -> str:
        if code in self.known:
            return self.known[code]
        e = self.cats.functional.lookup(code, self.year)
        return e.name if e else self.typed.get(code, "")

    def explanation(self, code: str) -> str:
        e = self.cats.functional.lookup(code, self.year)
        return e.explanation if e else ""


def _children(rows, parent: str, level: str) -> list:
    return [r for r in rows if r.level == level and r.code.startswith(parent) and r.code != parent]


# ------------------------------------------------------------------ sections


def _overview(wb: Workbook, unit: str) -> dict:
    units = []
    for i, ln in enumerate(wb.units, start=1):
        if ln.text("name"):
            units.append({"index": i, "name": ln.text("name"), "kind": ln.text("kind"),
                          "note": ln.text("note")})
    return {
        "functions": paragraphs(_text(wb, "functions")),
        "composition": paragraphs(_text(wb, "composition")),
        "units": units,
    }


def _total(report: Report, wb: Workbook) -> dict:
    t1 = report.tables["t1"]
    total = t1["income_grand_total"]
    income_parts = [(n, v) for n, v in (("本年收入合计", t1["income_total"]),
                                        ("使用非财政拨款结余", t1["use_nonfiscal_balance"]),
                                        ("年初结转和结余", t1["carry_begin"])) if v]
    expense_parts = [(n, v) for n, v in (("本年支出合计", t1["expense_total"]),
                                         ("结余分配", t1["balance_distribution"]),
                                         ("年末结转和结余", t1["carry_end"])) if v]
    return {
        "amount": total,
        "income_parts": [{"name": n, "amount": v} for n, v in income_parts],
        "expense_parts": [{"name": n, "amount": v} for n, v in expense_parts],
        "expense_amount": t1["expense_grand_total"],
        "income_total": t1["income_total"],
        "expense_total": t1["expense_total"],
        "carry_begin": t1["carry_begin"],
        "carry_end": t1["carry_end"],
        "use_balance": t1["use_nonfiscal_balance"],
        "distribution": t1["balance_distribution"],
        "has_carry": bool(t1["carry_begin"] or t1["carry_end"] or t1["use_nonfiscal_balance"]
                          or t1["balance_distribution"]),
        "change": change(total, _sup_last(wb, "total")),
        "reason": reason_text(_text(wb, "reason_total")),
    }


# 收入 by source: 财政拨款 is one source in 情况说明 (表1 splits it by fund)
_FISCAL_KEYS = ("general", "gov", "soe")


def _income(report: Report) -> dict:
    t1 = report.tables["t1"]
    by_key = {r["key"]: r for r in t1["income"]}
    sources = [{"key": "fiscal", "name": "财政拨款收入",
                "amount": sum((by_key[k]["amount"] for k in _FISCAL_KEYS), ZERO)}]
    sources += [{"key": r["key"], "name": r["name"], "amount": r["amount"]}
                for r in t1["income"] if r["key"] not in _FISCAL_KEYS]
    sources = [s for s in sources if s["amount"]]
    return {"total": t1["income_total"], "sources": sources,
            "carry_begin": t1["carry_begin"], "use_balance": t1["use_nonfiscal_balance"]}


_EXPENSE_NAMES = {"exp_basic": "基本支出", "exp_project": "项目支出", "exp_remit": "上缴上级支出",
                  "exp_operating": "经营支出", "exp_subsidy": "对附属单位补助支出"}


def _expense(report: Report) -> dict:
    t3 = report.tables["t3"]["total"]
    parts = [{"key": k, "name": _EXPENSE_NAMES[k], "amount": t3[k]}
             for k in schema.EXPENSE_KEYS if t3.get(k)]
    t1 = report.tables["t1"]
    return {"total": t3["total"], "parts": parts, "basic": t3["exp_basic"],
            "project": t3["exp_project"], "carry_end": t1["carry_end"],
            "distribution": t1["balance_distribution"]}


_FUND_NAMES = {"general": "一般公共预算财政拨款收入", "gov": "政府性基金预算财政拨款收入",
               "soe": "国有资本经营预算财政拨款收入"}


def _fiscal(report: Report, wb: Workbook) -> dict:
    t4 = report.tables["t4"]
    total = t4["income_grand_total"]
    general = t4["income"]["general"]
    incomes = [{"key": k, "name": _FUND_NAMES[k], "amount": t4["income"][k]}
               for k in _FISCAL_KEYS if t4["income"][k]]
    return {
        "amount": total,
        "expense_amount": t4["expense_grand_total"]["total"],
        "income_total": t4["income_total"],
        "expense_total": t4["expense_total"]["total"],
        "carry_begin": t4["carry_begin_total"],
        "carry_end": t4["carry_end_total"],
        "has_carry": bool(t4["carry_begin_total"] or t4["carry_end_total"]),
        "change": change(total, _sup_last(wb, "fiscal_total")),
        "reason": reason_text(_text(wb, "reason_fiscal")),
        "incomes": incomes,
        "general_income": general,
        "general_income_change": change(general, _sup_last(wb, "general_income")),
        "general_income_reason": reason_text(_text(wb, "reason_general_income")),
    }


def _general_items(wb: Workbook, names: _Names) -> list[dict]:
    """Each 一般公共预算 项 with its 年初预算 and 决算 (several lines of one
    code are added up; their reasons are joined)."""
    by_code: "OrderedDict[str, dict]" = OrderedDict()
    for ln in sorted((ln for ln in wb.functional_items()
                      if len(ln.code) == 7 and ln.text("fund") == schema.FUND_GENERAL),
                     key=lambda ln: ln.code):
        d = by_code.setdefault(ln.code, {"budget": ZERO, "actual": ZERO, "reasons": []})
        d["budget"] += ln.amt("budget")
        d["actual"] += ln.amt("exp_basic") + ln.amt("exp_project")
        r = reason_text(ln.text("reason"))
        if r and r not in d["reasons"]:
            d["reasons"].append(r)
    items = []
    for code, d in by_code.items():
        if not d["budget"] and not d["actual"]:
            continue
        c = completion(d["budget"], d["actual"], "；".join(d["reasons"]))
        items.append({"index": len(items) + 1, "code": code,
                      "class_name": names(code[:3]), "kuan_name": names(code[:5]),
                      "name": names(code), **c})
    return items


def _projects(wb: Workbook, ev: Optional[Evaluation] = None) -> list[dict]:
    """The 项目支出 lines, and the self-evaluation figures of each.

    A line is self-evaluated when it has a 全年预算数 or a self-evaluation
    table (项目 or 转移支付) names it.  Budget and execution are the line's
    (they add up to 表5) and, where the line lacks a 全年预算数, the table's
    A; the rate is computed from the figures printed, the score is the
    table's computed total.  A table whose project has no line is listed
    after the lines, with its own figures (the validator reports it, V612).
    """
    ev = ev if ev is not None else evaluate(wb)
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
        amount = ln.amt("amount")
        out.append(_project(ln.text("name"), amount, budget, has_budget or table is not None,
                            ln.text("effect"), ln.text("problems"), ln.text("measures"), table))
    for table in ev.tables:
        if id(table) not in seen:
            out.append(_project(table.project, table.budget.actual or ZERO,
                                table.budget.budget or ZERO, True, table.text("result"),
                                table.text("deviation"), table.text("improvement"), table,
                                on_sheet=False))
    for i, p in enumerate(out, start=1):
        p["index"] = i
    return out


def _project(name: str, amount: Decimal, budget: Decimal, evaluated: bool, effect: str,
             problems: str, measures: str, table, on_sheet: bool = True) -> dict:
    return {
        "name": name, "title": project_title(name), "amount": amount,
        # a table's project missing from 项目支出 is not one of 五(三)'s uses
        "on_sheet": on_sheet,
        "effect": sentence_text(effect), "evaluated": evaluated, "budget": budget,
        "rate": fmt.percent_value(amount, budget) if budget else None,
        # only what the clerk entered: no sentence for a problem nobody named
        "problems": sentence_text(problems), "measures": sentence_text(measures),
        "score": table.total if table is not None else None,
        "mark": table.mark if table is not None else "",
    }


def _general(report: Report, wb: Workbook, names: _Names, projects: list[dict]) -> dict:
    t5 = report.tables["t5"]
    total = t5["total"]["total"]
    rows = t5["rows"]
    classes = []
    for r in rows:
        if r.level != "类":
            continue
        uses = [k.name for k in _children(rows, r.code, "款")]
        classes.append({"index": len(classes) + 1, "code": r.code, "name": r.name,
                        "short_name": class_short_name(r.name), "amount": r.v["total"],
                        "uses": uses, "uses_text": fmt.join_cn(uses)})
    items = _general_items(wb, names)
    return {
        "amount": total,
        "expense_total": report.tables["t3"]["total"]["total"],
        "change": change(total, _sup_last(wb, "general_exp")),
        "reason": reason_text(_text(wb, "reason_general_exp")),
        "classes": classes,
        "budget": sum((i["budget"] for i in items), ZERO),
        "budget_rate": (fmt.percent_value(total, sum((i["budget"] for i in items), ZERO))
                        if any(i["budget"] for i in items) else None),
        "basic": t5["total"]["exp_basic"],
        "project": t5["total"]["exp_project"],
        "projects": projects,
        "items": items,
    }


def _basic(report: Report) -> dict:
    t6 = report.tables["t6"]
    items = t6["items"]
    personnel = [i["name"] for i in items if i["group"] == "人员经费" and i["amount"]]
    public = [i["name"] for i in items if i["group"] != "人员经费" and i["amount"]]
    return {
        "amount": report.tables["t5"]["total"]["exp_basic"],
        "personnel": t6["personnel_total"], "personnel_items": personnel,
        "personnel_text": "、".join(personnel),
        "public": t6["public_total"], "public_items": public, "public_text": "、".join(public),
    }


def _gov(report: Report, names: _Names) -> dict:
    t7 = report.tables["t7"]
    tot = t7["total"]
    kuan = [r.name for r in t7["rows"] if r.level == "款" and r.v.get("total")]
    absent = fund_absent(tot.values(), not t7.get("absent", False))
    return {"absent": absent, "carry_begin": tot.get("carry_begin", ZERO),
            "income": tot.get("income", ZERO), "amount": tot.get("total", ZERO),
            "basic": tot.get("exp_basic", ZERO), "project": tot.get("exp_project", ZERO),
            "parts": spending_parts(tot.get("exp_basic", ZERO), tot.get("exp_project", ZERO)),
            "carry_end": tot.get("carry_end", ZERO), "uses": kuan, "uses_text": fmt.join_cn(kuan)}


def _soe(report: Report) -> dict:
    t8 = report.tables["t8"]
    tot = t8["total"]
    kuan = [r.name for r in t8["rows"] if r.level == "款" and r.v.get("total")]
    absent = fund_absent(tot.values(), not t8.get("absent", False))
    return {"absent": absent, "amount": tot.get("total", ZERO),
            "basic": tot.get("exp_basic", ZERO), "project": tot.get("exp_project", ZERO),
            "parts": spending_parts(tot.get("exp_basic", ZERO), tot.get("exp_project", ZERO)),
            "uses": kuan, "uses_text": fmt.join_cn(kuan)}


def _sangong_last(wb: Workbook, rows: Sequence[str]) -> Optional[Decimal]:
    """Σ of last year's figures of the rows; None when all are blank."""
    cells = [wb.sangong.get(r, {}).get("last_year") for r in rows]
    vals = [_last(c) for c in cells]
    if all(v is None for v in vals):
        return None
    return sum((v for v in vals if v is not None), ZERO)


def _sangong(report: Report, wb: Workbook) -> dict:
    t9 = report.tables["t9"]
    b, a = t9["budget"], t9["actual"]
    parts_rows = {"abroad": ("abroad",), "car": ("car_purchase", "car_running"),
                  "reception": ("reception",)}
    parts = {}
    for key, rows in parts_rows.items():
        last = _sangong_last(wb, rows)
        parts[key] = {
            "budget": b[key], "amount": a[key], "change": change(a[key], last),
            # nothing budgeted, spent or compared: the one-line “…为0万元。”
            "empty": not b[key] and not a[key] and not last,
            "reason": reason_text(_text(wb, f"reason_{key}")),
        }
    parts["car"].update(purchase=a["car_purchase"], running=a["car_running"],
                        purchase_budget=b["car_purchase"], running_budget=b["car_running"])
    details = []
    for ln in wb.receptions:
        if not ln.text("category") and not ln.amt("amount"):
            continue
        details.append({"category": ln.text("category"), "amount": ln.amt("amount"),
                        "purpose": sentence_text(ln.text("purpose")),
                        "batches": _int(ln, "batches"), "persons": _int(ln, "persons"),
                        "accompany": _int(ln, "accompany")})
    parts["reception"]["details"] = details
    return {
        "budget": b["total"], "amount": a["total"],
        "change": change(a["total"], _sangong_last(wb, [r.key for r in schema.SANGONG_ROWS])),
        "reason": reason_text(_text(wb, "reason_3gong")),
        **parts,
    }


def _operation(wb: Workbook) -> dict:
    amount = _sup(wb, "operation")
    return {"amount": amount, "change": change(amount, _sup_last(wb, "operation")),
            "reason": reason_text(_text(wb, "reason_operation"))}


def _procurement(wb: Workbook) -> dict:
    total = _sup(wb, "procurement")
    kinds = []
    for key, name in (("goods", "货物"), ("works", "工程"), ("services", "服务")):
        spent = _sup(wb, f"procurement_{key}")
        sme = _sup(wb, f"sme_{key}")
        if spent or sme:
            kinds.append({"key": key, "name": name, "amount": spent, "sme": sme})
    return {"total": total, "kinds": kinds, "sme": _sup(wb, "sme"),
            "sme_small": _sup(wb, "sme_small")}


def _assets(wb: Workbook) -> dict:
    def n(key):
        c = wb.supplement.get(key, {}).get("current")
        if c is None or c.value is None:
            return 0
        return int(c.value)
    return {
        "text": paragraphs(_text(wb, "assets")),
        "cars": n("cars"), "other_cars": n("other_cars"),
        "general_equipment": n("general_equipment"), "special_equipment": n("special_equipment"),
        "cars_text": count_phrase(n("cars"), "共有公务用车", "辆", "无公务用车"),
        "other_cars_text": count_phrase(n("other_cars"), "其他用车", "辆", "无其他用车"),
        "general_text": count_phrase(n("general_equipment"), "单价50万元(含)以上通用设备",
                                     "台（套）", "无单价50万元(含)以上通用设备"),
        "special_text": count_phrase(n("special_equipment"), "单价100万元(含)以上专用设备",
                                     "台（套）", "无单价100万元(含)以上设备"),
    }


def _performance(report: Report, wb: Workbook, projects: list[dict],
                 ev: Optional[Evaluation] = None) -> dict:
    evaluated = [dict(p) for p in projects if p["evaluated"]]
    for i, p in enumerate(evaluated, start=1):
        p["index"] = i
    amount = sum((p["amount"] for p in evaluated), ZERO)
    score_cell = wb.texts.get("perf_unit_score")
    score = score_cell.value if score_cell is not None and isinstance(score_cell.value, Decimal) else None
    if ev is not None and ev.unit is not None:
        # the 整体 table's score as its rules give it (the typed one is only checked, V604)
        score = fmt.rounded(ev.unit.total)
    unit_text = sentence_text(_text(wb, "perf_unit_text"))
    text = paragraphs(_text(wb, "performance"))
    application = paragraphs(_text(wb, "perf_application"))
    unit_evaluated = (ev is not None and ev.unit is not None) or bool(unit_text) or score is not None
    # the sub-headings （一）…（四） numbered among those printed
    present = [("scope", bool(evaluated or text)), ("unit", unit_evaluated),
               ("projects", bool(evaluated)), ("application", bool(application))]
    sub, n = {}, 0
    for key, shown in present:
        n += shown
        sub[key] = n if shown else 0
    return {
        # a 整体 self-evaluation was entered (its sheet, its text or its
        # score): only then does the document say one was made
        "unit_evaluated": unit_evaluated,
        "sub": sub,
        "projects": evaluated,
        "count": len(evaluated),
        "amount": amount,
        "project_total": report.tables["t5"]["total"]["exp_project"],
        "text": text,
        # 整体支出: the whole year's spending of the department
        "unit_amount": report.tables["t3"]["total"]["total"],
        "unit_text": unit_text,
        "unit_score": score,
        "unit_output": sentence_text(_text(wb, "perf_unit_output")),
        "application": application,
    }


def _key_work(wb: Workbook) -> list[dict]:
    out = []
    for ln in wb.key_work:
        if not ln.text("title"):
            continue
        content, result = paragraphs(ln.text("content")), paragraphs(ln.text("result"))
        out.append({"index": len(out) + 1, "no": _int(ln, "no") or len(out) + 1,
                    "title": ln.text("title"), "content": content, "result": result,
                    # a table cell must keep one paragraph, even when empty
                    "content_cell": content or [""], "result_cell": result or [""]})
    return out


def _glossary(report: Report, wb: Workbook, names: _Names) -> dict:
    used = sorted({r.code for t in ("t2", "t3", "t7", "t8")
                   for r in report.tables.get(t, {}).get("rows", []) if r.level == "项"})
    items = []
    for code in used:
        items.append({"index": len(items) + 1, "code": code, "class_name": names(code[:3]),
                      "kuan_name": names(code[:5]), "name": names(code),
                      "explanation": sentence_text(names.explanation(code))})
    c = wb.info.get("finance_level")
    level = str(c.value) if c is not None and c.value else "本级"
    return {"level": level, "level_short": level_short(level), "items": items,
            "missing": [i["code"] for i in items if not i["explanation"]]}


# 二级指标 of the 自评报告's analysis, in its order: 产出 (数量, 质量, 成本, 时效),
# then 效益 by kind with the 整体绩效自评 text that may replace the listing
OUTPUT_KINDS = ("数量指标", "质量指标", "成本指标", "时效指标")
BENEFIT_KINDS = (("经济效益指标", "经济效益", "economic"), ("社会效益指标", "社会效益", "social"),
                 ("生态效益指标", "生态效益", "ecological"),
                 ("可持续影响指标", "可持续影响", "sustainable"))
_LISTED = ("数量指标", "质量指标")   # 完成的 / 未完成的绩效目标 list these, as the reference does


def _indicator_item(i: Indicator) -> dict:
    # target and actual stand inside a sentence (“年初目标值为…，实际完成值为…”):
    # a full stop typed at their end would give “…。，”
    return {"level1": i.level1, "level2": i.level2, "name": i.name,
            "target": _clause(i.target), "actual": _clause(i.actual), "weight": i.weight, "score": i.scored, "met": i.met}


def _clause(value):
    return value.rstrip(_END_PUNCT) if isinstance(value, str) else value


def _group(name: str, items: list[Indicator], text: str = "") -> dict:
    scored = [i for i in items if not i.no_weight]
    return {"name": name, "items": [_indicator_item(i) for i in scored],
            "total": indicator_sum(scored), "text": paragraphs(text)}


def _kind_of(i: Indicator, kind: str) -> bool:
    return i.level2.replace(" ", "") == kind


def _appendix(wb: Workbook, ev: Evaluation) -> dict:
    """第六部分: the 部门整体支出绩效自评报告 (its figures and the clerk's
    texts) and what the tables need in the document."""
    tables = [{"mark": t.mark, "name": t.name, "project": t.project, "kind": t.kind,
               "budget": t.budget.budget or ZERO, "actual": t.budget.actual or ZERO,
               "score": t.total} for t in ev.tables]
    u = ev.unit
    if u is None:
        return {"present": not ev.empty, "unit": None, "tables": tables}
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
    outputs = [g for g in outputs if g["items"]]
    if other_outputs:
        outputs.append(_group("其他产出指标", other_outputs))
    benefits = [_group(title, [i for i in inds if _kind_of(i, kind)], u.text(key))
                for kind, title, key in BENEFIT_KINDS]
    satisfaction = _group("满意度指标", [i for i in inds if i.level1 == schema.LEVEL1[2]],
                          u.text("satisfaction"))
    conclusion = paragraphs(u.text("conclusion"))
    b = u.budget
    return {
        "present": True, "tables": tables,
        "unit": {
            "total": fmt.rounded(u.total), "budget_score": b.score or ZERO,
            "conclusion_head": conclusion[:-1], "conclusion_last": conclusion[-1] if conclusion else "",
            "basic_budget": u.basic_budget or ZERO, "project_budget": u.project_budget or ZERO,
            "basic_actual": u.basic_actual, "project_actual": u.project_actual,
            "budget": b.budget or ZERO, "actual": b.actual or ZERO,
            "achieved": achieved, "missed": missed,
            "problems": paragraphs(u.text("problems")), "measures": paragraphs(u.text("measures")),
            "work": paragraphs(u.text("work")),
            "outputs": outputs, "benefits": benefits, "satisfaction": satisfaction,
            "evidence": paragraphs(u.text("evidence")) or ["无。"],
            "date": u.text("date"),
        },
    }


# ------------------------------------------------------------------ context


def without_empty(doc: dict, has: Mapping[tuple, bool]) -> dict:
    """``doc`` (from ``layout``) without the parts and sections that have
    nothing to say: ``has`` maps (part key, None) or (part key, section key)
    to whether the workbook gives it content.  Parts and sections are
    renumbered, so no heading stands with nothing under it."""
    parts = []
    for p in doc["parts"]:
        if not has.get((p["key"], None), True):
            continue
        secs = [s for s in p["sections"] if has.get((p["key"], s["key"]), True)]
        parts.append(dict(p, index=len(parts) + 1,
                          sections=[dict(s, index=k) for k, s in enumerate(secs, start=1)]))
    return dict(doc, parts=parts)


def build_context(report: Report, wb: Workbook, cats: Catalogues,
                  document: Optional[Mapping] = None, where: str = "模板配置",
                  ev: Optional[Evaluation] = None) -> dict:
    """Everything the document template may name, as plain values (``ev``:
    the workbook's evaluation, when the caller has made it already)."""
    unit, year = report.unit, report.year
    names = _Names(report, wb, cats)
    ev = ev if ev is not None else evaluate(wb)
    projects = _projects(wb, ev)
    phone = wb.info.get("phone")
    doc = layout(document, unit, year, where)
    if ev.empty:
        # no self-evaluation entered: no 第六部分 (an empty part is not printed)
        doc["parts"] = [dict(p, index=k) for k, p in enumerate(
            (p for p in doc["parts"] if p["key"] != "appendix"), start=1)]
    overview, performance = _overview(wb, unit), _performance(report, wb, projects, ev)
    key_work = _key_work(wb)
    doc = without_empty(doc, {
        ("key_work", None): bool(key_work),
        ("overview", "functions"): bool(overview["functions"]),
        ("explanation", "performance"): bool(
            performance["count"] or performance["text"] or performance["unit_evaluated"]
            or performance["application"]),
    })
    return {
        "unit": unit,
        "year": year,
        "last_year": year - 1,
        "doc": doc,
        "overview": overview,
        "total": _total(report, wb),
        "income": _income(report),
        "expense": _expense(report),
        "fiscal": _fiscal(report, wb),
        "general": _general(report, wb, names, [p for p in projects if p["on_sheet"]]),
        "basic": _basic(report),
        "gov": _gov(report, names),
        "soe": _soe(report),
        "sangong": _sangong(report, wb),
        "operation": _operation(wb),
        "procurement": _procurement(wb),
        "assets": _assets(wb),
        "performance": performance,
        "appendix": _appendix(wb, ev),
        "key_work": key_work,
        "glossary": _glossary(report, wb, names),
        "phone": "" if phone is None or phone.value is None else str(phone.value),
    }
