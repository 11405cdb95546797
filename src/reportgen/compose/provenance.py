"""Where each figure of the document comes from: the record the self-check
reads (``render.selfcheck``).

``figures(context)`` lists every amount (万元) and percentage of the typed
``Context`` — the only numbers a sentence may state — with its dotted path
as the template names it (``general.classes[2].amount``), its documented
meaning, its unit, its exact value, the ``name`` of the entry that holds
it (“基本支出”, a 项's name; the sentence prints it before the figure) and,
where the figure is a published table cell, that cell (``cells``).
``texts(context)`` lists the clerk's texts the document carries as typed
(reasons, effects, functions …): numbers inside them are the clerk's, not
figures to check.  Nothing here formats or computes a figure.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator, Optional

from reportgen.core.fields import PCT, WAN

# the figures that are a cell of the published tables: path -> the cell
# as ``render.selfcheck.TABLE_CELLS`` names it
CELLS = {
    "total.amount": "表1 总计",
    "total.expense_amount": "表1 总计",
    "total.income_total": "表1 本年收入合计",
    "income.total": "表1 本年收入合计",
    "total.expense_total": "表1 本年支出合计",
    "expense.total": "表1 本年支出合计",
    "fiscal.amount": "表4 总计",
    "fiscal.expense_amount": "表4 总计",
    "general.amount": "表5 合计",
}


@dataclass(frozen=True)
class Figure:
    """One amount or percentage the template may print."""

    path: str                 # dotted, as in the template: "expense.parts[0].amount"
    meaning: str              # the field's documented meaning (“本年支出合计”)
    unit: str                 # "万元" or "%"
    value: Decimal            # exact (万元, or an exact percentage)
    owner: str = ""           # the ``name`` of the entry holding it, if any
    cell: Optional[str] = None  # the table cell it is, e.g. "表1 总计"


def _walk(value: Any, path: str, meaning: str, unit: str, owner: str) -> Iterator[Figure]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = getattr(value, "name", None)
        own = name if isinstance(name, str) and name else owner
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name), f"{path}.{f.name}" if path else f.name,
                             f.metadata.get("doc", ""), f.metadata.get("unit", ""), own)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]", meaning, unit, owner)
    elif isinstance(value, Decimal) and unit in (WAN, PCT):
        yield Figure(path, meaning, unit, value, owner, CELLS.get(path))


def figures(context: Any) -> list[Figure]:
    """Every amount (万元) and percentage of the typed document context
    (``compose.context.Context``), in field order."""
    return list(_walk(context, "", "", "", ""))


def _strings(value: Any) -> Iterator[str]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def texts(context: Any) -> list[str]:
    """The texts of the context that hold a digit (the clerk's reasons,
    effects, names …), longest first: the numbers in them are not figures."""
    found = {s for s in _strings(context) if any(c.isdigit() for c in s)}
    return sorted(found, key=len, reverse=True)
