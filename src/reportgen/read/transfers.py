"""The 内部往来 sheet of a department's consolidation, read into Cells.

The clerk lists transfers between the department's units on a sheet named
内部往来 (its own workbook, or a sheet of the 本级 workbook): one transfer a
row, headers 付款单位, 收款单位, 类型 (对附属单位补助 / 附属单位上缴), 金额 (万元;
“金额（元）” for 元), and optionally 付款方科目编码, 收款方科目编码.

``read_transfer_sheet(path)`` reads what is there, as the workbook reader
does: every value a ``core.model.Cell`` with its place and, when it cannot
be used, its problem.  It judges nothing the clerk can fix: a missing sheet
or header, a blank name, an unknown 类型, an amount that is no number are
left to the M1xx rules (``validate.rules.transfers``), which name the cell.
Only a file that cannot be opened at all raises ``UnusableInput``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Mapping

from reportgen.core import model, schema
from reportgen.core.model import Cell

INTERNAL_SHEET = "内部往来"
# kind of transfer -> (payer's column, payee's column, the name shown)
SUBSIDY, REMIT = "subsidy", "remit"
TRANSFER_COLUMNS = {
    SUBSIDY: ("exp_subsidy", "income_superior", "对附属单位补助"),
    REMIT: ("exp_remit", "income_affiliated", "附属单位上缴"),
}
_KIND_WORDS = {
    "对附属单位补助": SUBSIDY, "对附属单位补助支出": SUBSIDY, "上级补助": SUBSIDY, "上级补助收入": SUBSIDY,
    "附属单位上缴": REMIT, "附属单位上缴收入": REMIT, "上缴上级": REMIT, "上缴上级支出": REMIT,
}
# headers -> key
_HEADERS = {
    "付款单位": "payer", "收款单位": "payee", "类型": "kind", "往来类型": "kind",
    "金额": "amount", "金额（万元）": "amount", "金额（元）": "amount_yuan",
    "付款方科目编码": "payer_code", "收款方科目编码": "payee_code",
}
# the header row is looked for in the first rows; rows and columns read at most
HEADER_ROWS, MAX_ROWS, MAX_COLS = 10, 5000, 20


@dataclass(frozen=True)
class TransferRow:
    """One non-blank row under the headers: ``cells`` by key (payer, payee,
    kind, amount, payer_code, payee_code; those whose header is there).
    payer/payee hold the text; kind SUBSIDY or REMIT (None with
    ``model.BAD_CHOICE`` for a 类型 not recognised); amount the Decimal
    **as entered** (in the sheet's unit, ``TransferSheet.unit``); codes the
    digits (``model.BAD_CODE`` when none)."""

    row: int
    cells: Mapping[str, Cell]

    def __getitem__(self, key: str) -> Cell:
        c = self.cells.get(key)
        return Cell(None) if c is None else c


@dataclass(frozen=True)
class TransferSheet:
    """The 内部往来 list of ``path``: ``sheet`` the sheet read ('' when the
    workbook has several sheets and none is named 内部往来; ``sheets`` lists
    them), ``header_row`` (0 when no row of the first ten holds both
    付款单位 and 收款单位), ``columns`` the keys found (key -> header cell),
    ``unit`` 万元 or 元 (by the 金额 header), ``rows``."""

    path: Path
    sheet: str
    sheets: tuple[str, ...] = ()
    header_row: int = 0
    columns: Mapping[str, Cell] = field(default_factory=dict)
    unit: str = schema.UNIT_WAN
    rows: tuple[TransferRow, ...] = ()

    @property
    def file(self) -> str:
        """The workbook's file name, for messages."""
        return self.path.name

    def wan(self, entered: Decimal) -> Decimal:
        """An amount as entered on this sheet, in 万元 (exact)."""
        return entered.scaleb(schema.UNIT_SCALE[self.unit])


def read_transfer_sheet(path: Path) -> TransferSheet:
    """The 内部往来 sheet of ``path`` (its sheet 内部往来, or its only sheet),
    see the module.  Raises UnusableInput naming the file when it cannot be
    opened (missing, not .xlsx, damaged, too large)."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    from reportgen.core.errors import UnusableInput
    from reportgen.core.safeio import check_input_file
    from reportgen.read.reader import MAX_FILE_BYTES, check_file, norm_label
    from reportgen.read.values import clean_text, parse_amount, parse_code

    path = Path(path)
    check_input_file(path, MAX_FILE_BYTES, "内部往来工作簿")
    check_file(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise UnusableInput("not_a_workbook", f"{path} 无法打开：{exc}") from None
    try:
        names = tuple(book.sheetnames)
        if INTERNAL_SHEET in names:
            ws = book[INTERNAL_SHEET]
        elif len(names) == 1:
            ws = book[names[0]]
        else:
            return TransferSheet(path, "", names)
        rows = list(ws.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS, values_only=True))
    finally:
        book.close()
    sheet = ws.title

    def cell(r: int, i: int, value, raw, problem=None) -> Cell:
        return Cell(value, sheet, f"{get_column_letter(i + 1)}{r}", raw, problem)

    header_at, cols = 0, {}
    for r, row in enumerate(rows[:HEADER_ROWS], start=1):
        found = {}
        for i, v in enumerate(row):
            key = _HEADERS.get(norm_label(v))
            if key is not None and key not in found:
                found[key] = i
        if "payer" in found and "payee" in found:
            header_at, cols = r, found
            break
    if not header_at:
        return TransferSheet(path, sheet, names)
    yuan = "amount" not in cols and "amount_yuan" in cols
    if yuan:
        cols["amount"] = cols.pop("amount_yuan")
    cols.pop("amount_yuan", None)
    columns = {k: cell(header_at, i, rows[header_at - 1][i], rows[header_at - 1][i]) for k, i in cols.items()}

    out = []
    for r, row in enumerate(rows[header_at:], start=header_at + 1):
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        cells: dict[str, Cell] = {}
        for key, i in cols.items():
            raw = row[i] if i < len(row) else None
            if key in ("payer", "payee"):
                text = (clean_text(raw)[0] or "").strip()
                cells[key] = cell(r, i, text or None, raw)
            elif key == "kind":
                text = norm_label(raw)
                kind = _KIND_WORDS.get(text)
                cells[key] = cell(r, i, kind, raw, model.BAD_CHOICE if text and kind is None else None)
            elif key == "amount":
                v, problem = parse_amount(raw)
                cells[key] = cell(r, i, v, raw, problem)
            else:
                blank = raw is None or str(raw).strip() == ""
                code, _, problem = (None, None, None) if blank else parse_code(raw)
                cells[key] = cell(r, i, code, raw, problem or (None if blank or code else model.BAD_CODE))
        out.append(TransferRow(r, cells))
    return TransferSheet(path, sheet, names, header_at, columns,
                         schema.UNIT_YUAN if yuan else schema.UNIT_WAN, tuple(out))
