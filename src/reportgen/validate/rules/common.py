"""Small helpers the rule modules share: which lines are data, which are
typed totals, where a value sits, and every cell of the workbook."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Iterable, Iterator, Optional

from reportgen.core import schema
from reportgen.core.model import ZERO, Cell, Line, Workbook
from reportgen.core.names import Names
from reportgen.read.reader import norm_label

# labels of total lines a clerk may copy along with the 科目 lines; such a
# line has no code and is checked against the sum it states, never read as data
FUNCTIONAL_TOTALS = ("合计", "总计")
ECONOMIC_TOTALS = ("合计", "总计", "人员经费合计", "公用经费合计")


def norm(text: object) -> str:
    """Text compared without spaces, width or bracket style."""
    return norm_label(text)


def total_label(ln: Line, labels: Iterable[str]) -> Optional[str]:
    """The normalised label when ``ln`` is a typed total line, else None.

    The label may stand in the code cell ("合计") or, with the code cell
    empty, in the name cell."""
    code = ln.cells.get("code")
    if code is None or code.value is not None:
        return None
    wanted = set(labels)
    raw = norm(code.raw)
    if raw:
        return raw if raw in wanted else None
    name = norm(ln.text("name"))
    return name if name in wanted else None


def is_total(ln: Line) -> bool:
    """Whether ``ln`` is a 合计/总计 row (on 支出经济分类 also 人员经费合计 or
    公用经费合计) typed in the code or name cell rather than a coded line."""
    labels = FUNCTIONAL_TOTALS if ln.sheet == schema.FUNCTIONAL.name else ECONOMIC_TOTALS
    return total_label(ln, labels) is not None


def fund(ln: Line) -> str:
    """The line's 资金性质 when it is one of the declared values, else ''."""
    f = ln.text("fund")
    return f if f in schema.FUNDS else ""


def functional_items(wb: Workbook) -> list[Line]:
    """The 项 lines every table is derived from (7-digit codes)."""
    return [ln for ln in wb.functional if len(ln.code) == 7]


def economic_items(wb: Workbook) -> list[Line]:
    """The 款 lines of 支出经济分类 (5-digit codes) the tables are summed from."""
    return [ln for ln in wb.economic if len(ln.code) == 5]


def general_items(wb: Workbook) -> list[Line]:
    """The 项 lines of 支出功能分类 with 资金性质 一般公共预算."""
    return [ln for ln in functional_items(wb) if fund(ln) == schema.FUND_GENERAL]


def total(lines: Iterable[Line], key: str) -> Decimal:
    """The sum of column ``key`` over ``lines`` (Decimal 万元; an unread
    or blank cell counts 0)."""
    return sum((ln.amt(key) for ln in lines), ZERO)


def line_exp(ln: Line) -> Decimal:
    """A line's 支出 as the sum of its five kinds of expense
    (``schema.EXPENSE_KEYS``: 基本, 项目, 上缴上级, 经营, 对附属单位补助), 万元."""
    return sum((ln.amt(k) for k in schema.EXPENSE_KEYS), ZERO)




def where(ln: Line, key: str) -> dict:
    """ctx.finding() keywords pointing at the line's ``key`` cell, or at the
    line's code cell when that column is missing (S102 reports the column)."""
    c = ln.cells.get(key)
    if c is not None:
        return {"where": c}
    c = ln.cells.get("code")
    if c is not None:
        return {"where": c}
    first = next(iter(ln.cells.values()), None)
    return {"where": first} if first is not None else {"loc": (ln.sheet, "")}




def entry_name(ctx, scheme: str, code: str, lines: Iterable[Line] = ()) -> str:
    """The name of ``code`` as every output prints it (``core.names.Names``:
    the catalogue's, else the first name typed beside it on ``lines``)."""
    return _names(ctx, scheme, lines)(code)


def economic_group(ctx, code: str) -> str:
    """The 经济分类 group of ``code``'s 类 (人员经费 / 公用经费 / …, '' if the
    catalogue does not know it), as compute groups 表6 (``Names.group``)."""
    return _names(ctx, "economic", ()).group(code)


def _names(ctx, scheme: str, lines: Iterable[Line]) -> Names:
    """The resolver of ``scheme`` over ``lines``, built once per list of
    lines and kept on ``ctx``: a scan per lookup was quadratic."""
    cat = ctx.cats.functional if scheme == "functional" else ctx.cats.economic
    if not isinstance(lines, (list, tuple)):   # an iterator can be read once only
        return Names(cat, ctx.year, lines)
    # the list is kept with its index, so its id cannot be reused meanwhile
    return ctx.shared(("names", scheme, id(lines)),
                      lambda: (lines, Names(cat, ctx.year, lines)))[1]


def table_lines(wb: Workbook) -> list[tuple[schema.TableSheet, list[Line]]]:
    """(declaration, lines) of every record sheet the reader kept as Lines.

    Found from the workbook's list-of-Line fields, so a sheet added to the
    schema and the model is checked by the structure rules without a change
    here.  The 科目 sheet is kept as catalogue entries, not Lines."""
    out = []
    for f in dataclasses.fields(wb):
        value = getattr(wb, f.name)
        if not isinstance(value, list) or not value or not isinstance(value[0], Line):
            continue
        decl = decl_of(value[0].sheet)
        if isinstance(decl, schema.TableSheet):
            out.append((decl, value))
    return out


def kv_data(wb: Workbook) -> dict[str, dict[str, Cell]]:
    """Sheet name -> (item key -> cell) of every 项目/内容 sheet read, found
    from the workbook's dict-of-Cell fields like ``table_lines``."""
    out: dict[str, dict[str, Cell]] = {schema.UNIT_INFO.name: wb.info, schema.TEXTS.name: wb.texts}
    for f in dataclasses.fields(wb):
        value = getattr(wb, f.name)
        if not isinstance(value, dict) or not value:
            continue
        first = next(iter(value.values()))
        if isinstance(first, Cell) and isinstance(decl_of(first.sheet), schema.KeyValueSheet):
            out[first.sheet] = value
    return out


def column_header(wb: Workbook, lines: list[Line], key: str) -> tuple[str, str]:
    """(sheet, A1 ref) of the header cell above a column of ``lines``: where a
    finding about the column's sum points when no single cell holds it."""
    for ln in lines:
        cell = ln.cells.get(key)
        if cell is not None and cell.ref:
            col = "".join(ch for ch in cell.ref if ch.isalpha())
            info = wb.sheets.get(ln.sheet)
            return ln.sheet, f"{col}{info.header_row if info else 1}"
    return (lines[0].sheet if lines else ""), ""


def all_cells(wb: Workbook) -> Iterator[Cell]:
    """Every cell the reader produced, each once, in reading order."""
    seen: set[tuple[str, str]] = set()

    def fresh(c: Optional[Cell]) -> bool:
        if c is None or not c.ref:
            return False
        k = (c.sheet, c.ref)
        if k in seen:
            return False
        seen.add(k)
        return True

    sources: list[Iterable[Cell]] = [
        *(data.values() for data in kv_data(wb).values()),
        *((c for ln in lines for c in ln.cells.values()) for _, lines in table_lines(wb)),
        (c for row in wb.sangong.values() for c in row.values()),
        (c for row in wb.supplement.values() for c in row.values()),
        (c for e in wb.user_catalogue
         for c in (e.scheme_cell, e.code, e.name, e.explanation, e.group)),
        (c for c, _ in wb.problems),
    ]
    for src in sources:
        for c in src:
            if fresh(c):
                yield c


def decl_of(sheet: str):
    """The schema declaration of a sheet name, or None."""
    try:
        return schema.sheet(sheet)
    except KeyError:
        return None




def exact_compare(ctx, code: str, entered: Decimal, derived: Decimal, /,
                  where_: Optional[Cell] = None, *, loc: tuple[str, str] = ("", ""),
                  **values):
    """A finding of rule ``code`` (at its own severity, whatever the tolerance)
    when ``entered`` ≠ ``derived`` exactly, else None: for the balances that
    every published table must keep (表1, 表4, a line's carry-over), where no
    rounding can excuse a difference — amounts are exact, rounded only when
    printed.  Adds ``entered``, ``derived``, ``diff`` and ``note`` ('') as
    ``Context.compare`` does."""
    diff = entered - derived
    if diff == 0:
        return None
    return ctx.finding(code, where_, loc=loc, entered=entered, derived=derived,
                       diff=abs(diff), note="", **values)


def amount_cells(wb: Workbook) -> Iterator[tuple[Cell, bool]]:
    """Every amount cell, with whether the schema allows it to be negative."""
    for c, signed, _ in amount_cells_money(wb):
        yield c, signed


def cell_kinds(wb: Workbook) -> dict[tuple[str, str], tuple[str, bool, bool, str]]:
    """(sheet, A1 ref) -> (kind, money, year, label) of every numeric cell read:
    its declared kind (schema.AMOUNT / schema.INT), whether an AMOUNT is money
    in the workbook's 金额单位, whether an INT is a year, and its row label or
    column header — what a message about the cell needs to say what belongs there."""
    out: dict[tuple[str, str], tuple[str, bool, bool, str]] = {}

    def put(c: Optional[Cell], kind: str, money: bool, year: bool, label: str) -> None:
        if c is not None and c.ref and kind in (schema.AMOUNT, schema.INT):
            out[(c.sheet, c.ref)] = (kind, money, year, label)

    for decl, lines in table_lines(wb):
        for ln in lines:
            for col in decl.columns:
                put(ln.cells.get(col.key), col.kind, col.money, False, col.header)
    for decl, data in ((schema.SANGONG, wb.sangong), (schema.SUPPLEMENT, wb.supplement)):
        for item in decl.rows:
            for col in decl.columns:
                put(data.get(item.key, {}).get(col.key), item.kind, item.money and col.money,
                    item.year, item.label)
    for name, data in kv_data(wb).items():
        for item in decl_of(name).items:
            put(data.get(item.key), item.kind, item.money, item.year, item.label)
    return out


def amount_cells_money(wb: Workbook) -> Iterator[tuple[Cell, bool, bool]]:
    """Every amount cell, with whether it may be negative and whether it is
    money (in the workbook's 金额单位, held in 万元) rather than a score or weight."""
    for decl, lines in table_lines(wb):
        cols = [c for c in decl.columns if c.kind == schema.AMOUNT]
        for ln in lines:
            for col in cols:
                c = ln.cells.get(col.key)
                if c is not None:
                    yield c, col.signed, col.money
    for decl, data in ((schema.SANGONG, wb.sangong), (schema.SUPPLEMENT, wb.supplement)):
        for item in decl.rows:
            if item.kind != schema.AMOUNT:
                continue
            for col in decl.columns:
                c = data.get(item.key, {}).get(col.key)
                if c is not None:
                    yield c, col.signed, item.money and col.money
    for name, data in kv_data(wb).items():
        decl = decl_of(name)
        for item in decl.items:
            c = data.get(item.key)
            if item.kind == schema.AMOUNT and c is not None:
                yield c, False, item.money


def table1_totals(wb: Workbook) -> dict[str, Decimal]:
    """表1's totals in exact 万元, summed as compute does: ``income`` 本年收入合计,
    ``use`` 使用非财政拨款结余, ``begin`` 年初结转和结余, ``spent`` 本年支出合计,
    ``dist`` 结余分配, ``end`` 年末结转和结余."""
    items = functional_items(wb)
    income = sum((ln.amt(schema.INCOME_FISCAL) for ln in items if fund(ln) in schema.FISCAL_FUNDS), ZERO)
    income += sum((ln.amt(k) for ln in items for k in schema.INCOME_OTHER_KEYS), ZERO)
    return {
        "income": income,
        "use": wb.supplement_amount("use_nonfiscal_balance"),
        "begin": total(items, "carry_begin"),
        "spent": sum((line_exp(ln) for ln in items), ZERO),
        "dist": wb.supplement_amount("balance_distribution"),
        "end": total(items, "carry_end"),
    }


def table1_gap(wb: Workbook) -> Decimal:
    """表1 收入总计 − 支出总计, exact (0 when it balances)."""
    t = table1_totals(wb)
    return (t["income"] + t["use"] + t["begin"]) - (t["spent"] + t["dist"] + t["end"])


def fiscal_line_gaps(wb: Workbook) -> list[tuple[Line, Decimal]]:
    """Each 财政拨款 项 line with 年初结转和结余 + 财政拨款收入 − 本年支出 −
    年末结转和结余 (exact 万元; 0 on a balanced line)."""
    return [(ln, ln.amt("carry_begin") + ln.amt(schema.INCOME_FISCAL) - line_exp(ln)
             - ln.amt("carry_end"))
            for ln in functional_items(wb) if fund(ln) in schema.FISCAL_FUNDS]
