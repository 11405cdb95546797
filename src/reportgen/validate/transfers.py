"""The 内部往来 list of a consolidation, checked by the M1xx rules.

``check_transfers(sheet, units)`` runs the M family
(``validate.rules.transfers``) over the list the clerk wrote
(``read.transfers.TransferSheet``, or None when there is none) and the
units being consolidated (objects with ``name``, ``path`` and ``wb``, a
``core.model.Workbook``, valid on their own).  It returns the findings and,
when there are no errors, the transfers and what each takes off which
unit's line (``offsets``), which ``reportgen.consolidate`` applies.

A transfer of kind SUBSIDY (对附属单位补助) from A to B is taken off A's
对附属单位补助支出 and B's 上级补助收入; REMIT (附属单位上缴) off A's
上缴上级支出 and B's 附属单位上缴收入 — on the 非财政拨款资金 line of the
code named, or of the only code on which the unit books that column.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, Sequence

from reportgen.core import schema
from reportgen.core.model import ZERO, Cell
from reportgen.read.transfers import TRANSFER_COLUMNS, TransferRow, TransferSheet
from reportgen.validate.findings import Finding, ValidationResult
from reportgen.validate.registry import Context, all_rules, run

FAMILY = "M"
# (unit name, code, fund, column) -> amount 万元 taken off
Offsets = dict[tuple[str, str, str, str], Decimal]


@dataclass(frozen=True)
class Transfer:
    """One usable row of 内部往来: ``amount`` 万元 from ``payer`` to
    ``payee``; the codes named ('' when not), ``row`` the sheet's row, and
    ``where`` for the auditor's workbook (“内部往来.xlsx 内部往来!A3”)."""

    payer: str
    payee: str
    kind: str
    amount: Decimal
    payer_code: str
    payee_code: str
    where: str
    row: Optional[TransferRow] = None


@dataclass(frozen=True)
class Side:
    """One side of a transfer that cannot be matched to a unit's line:
    ``why`` is "unit" (no unit of that name), "line" (no 非财政拨款资金 line
    with the column, or not on the code named) or "codes" (several codes
    and none named); ``cell`` the name's cell on 内部往来."""

    why: str
    transfer: Transfer
    role: str          # payer / payee
    name: str
    code: str
    column: str
    cell: Cell
    codes: tuple[str, ...] = ()
    unit: object = None


@dataclass
class Matched:
    """The transfers matched to the units' lines: ``offsets``; ``unmatched``
    sides; ``rows`` contributing to each offset (for messages)."""

    offsets: Offsets = field(default_factory=dict)
    unmatched: list[Side] = field(default_factory=list)
    rows: dict[tuple[str, str, str, str], list[Transfer]] = field(default_factory=dict)


@dataclass
class TransferCheck:
    """``result`` (the M1xx findings), and when it holds no error the
    ``transfers`` and their ``offsets``."""

    result: ValidationResult
    transfers: list[Transfer] = field(default_factory=list)
    offsets: Offsets = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """No error: the consolidation may go on."""
        return not self.result.errors


class TransfersContext(Context):
    """What the M1xx rules see: ``sheet`` (the 内部往来 list, or None) and
    ``units`` (name, path, wb).  A workbook's Context has no
    ``consolidation``: there the M rules are silent."""

    consolidation = True

    def __init__(self, sheet: Optional[TransferSheet], units: Sequence, tolerance: Decimal = ZERO):
        self.sheet = sheet
        self.units = list(units)
        self.wb = None
        self.last = None
        self.cats = None
        self.evaluation = None
        self.tolerance = tolerance
        self.year = 0
        self._shared: dict = {}

    def finding(self, code: str, /, where: Optional[Cell] = None, *,
                loc: tuple[str, str] = ("", ""), severity: Optional[str] = None,
                **values) -> Finding:
        """As Context.finding; amounts shown in the 内部往来 sheet's unit."""
        unit = self.sheet.unit if self.sheet is not None else schema.UNIT_WAN
        values.setdefault("unit", unit)
        f = super().finding(code, where, loc=loc, severity=severity, **values)
        return dataclasses.replace(f, scale=schema.UNIT_SCALE[unit])

    def unit_named(self, name: str):
        """The unit whose 单位名称 is ``name`` (ends' spaces ignored), or None."""
        for u in self.units:
            if u.name.strip() == name:
                return u
        return None


def row_faults(sheet: TransferSheet, row: TransferRow) -> bool:
    """True when the row cannot be used as a transfer (M103–M107 say why)."""
    payer, payee, kind, amount = row["payer"], row["payee"], row["kind"], row["amount"]
    if payer.empty or payee.empty or payer.value == payee.value:
        return True
    if kind.value is None or amount.problem or not isinstance(amount.value, Decimal) or amount.value <= 0:
        return True
    return too_precise(sheet, amount.value)


def too_precise(sheet: TransferSheet, entered: Decimal) -> bool:
    """More decimals than the sheet's unit carries (万元 6, 元 2)."""
    return -entered.normalize().as_tuple().exponent > schema.UNIT_PLACES[sheet.unit]


def usable(sheet: Optional[TransferSheet]) -> Optional[list[Transfer]]:
    """The transfers of ``sheet`` when every row can be used (and the
    headers are there); [] without a sheet; None when any row or header is
    at fault (its rule says where)."""
    if sheet is None:
        return []
    if not sheet.sheet or not sheet.header_row or "kind" not in sheet.columns \
            or "amount" not in sheet.columns:
        return None
    if any(row_faults(sheet, r) for r in sheet.rows):
        return None
    out = []
    for r in sheet.rows:
        out.append(Transfer(r["payer"].value, r["payee"].value, r["kind"].value,
                            sheet.wan(r["amount"].value), r["payer_code"].value or "",
                            r["payee_code"].value or "", f"{sheet.file} {sheet.sheet}!A{r.row}", r))
    return out


def match(transfers: list[Transfer], units: Sequence, ctx: TransfersContext) -> Matched:
    """Each transfer's two sides matched to a unit's 非财政拨款资金 line (see the module)."""
    m = Matched()
    for t in transfers:
        pay_col, get_col, _ = TRANSFER_COLUMNS[t.kind]
        for role, name, code, col in (("payer", t.payer, t.payer_code, pay_col),
                                      ("payee", t.payee, t.payee_code, get_col)):
            cell = t.row[role] if t.row is not None else Cell(name)
            u = ctx.unit_named(name)
            if u is None:
                m.unmatched.append(Side("unit", t, role, name, code, col, cell))
                continue
            lines = [ln for ln in u.wb.functional_items()
                     if ln.text("fund") == schema.FUND_OTHER and ln.amt(col) != 0
                     and (not code or ln.code == code)]
            codes = tuple(sorted({ln.code for ln in lines}))
            if len(codes) != 1:
                m.unmatched.append(Side("line" if not codes else "codes", t, role, name, code, col, cell,
                                        codes, u))
                continue
            key = (name, codes[0], schema.FUND_OTHER, col)
            m.offsets[key] = m.offsets.get(key, ZERO) + t.amount
            m.rows.setdefault(key, []).append(t)
    return m


def matched(ctx: TransfersContext) -> Optional[Matched]:
    """The usable transfers matched, made once per run; None when some row is at fault."""
    def make():
        transfers = usable(ctx.sheet)
        return None if transfers is None else match(transfers, ctx.units, ctx)
    return ctx.shared("matched", make)


def codes() -> list[str]:
    """The M family's rule codes."""
    return [r.code for r in all_rules() if r.family == FAMILY]


def check_transfers(sheet: Optional[TransferSheet], units: Sequence,
                    tolerance: Decimal = ZERO) -> TransferCheck:
    """The M1xx rules over ``sheet`` and ``units`` (see the module)."""
    ctx = TransfersContext(sheet, units, tolerance)
    result = ValidationResult(run(ctx, codes()))
    out = TransferCheck(result)
    if not result.errors:
        m = matched(ctx)
        transfers = usable(sheet) or []
        out.transfers, out.offsets = transfers, (m.offsets if m is not None else {})
    return out


__all__ = ["Transfer", "TransferCheck", "TransfersContext", "Offsets", "check_transfers", "match",
           "matched", "usable", "row_faults", "too_precise"]
