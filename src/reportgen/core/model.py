"""The typed model between the reader and everything after it.

Every value is a ``Cell``: what was read, where it was read from, and what
went wrong reading it.  Rules point at ``cell.where``; renderers only see
values.  Nothing here knows about openpyxl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, Mapping, Optional, TypeVar

from reportgen.core.schema import AMOUNT_UNITS, UNIT_WAN

T = TypeVar("T")
ZERO = Decimal("0")


def rate(part: Decimal, whole: Decimal) -> Optional[Decimal]:
    """``part × 100 ÷ whole`` as an exact Decimal percentage; None when
    ``whole`` is 0 (a share of nothing has no rate).  The one place a rate
    or share is computed (``compute.report.rate`` is this function; the
    self-evaluation's rates use it too); ``fmt.rate`` rounds it half-up
    when printed."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)

# problems the reader notes on a cell; structure rules turn them into findings
NOT_A_NUMBER = "not_a_number"        # text where an amount or integer belongs
NO_CACHED_VALUE = "no_cached_value"  # a formula whose result was never saved
CONTROL_CHARS = "control_chars"      # XML-invalid characters removed from text
BAD_CODE = "bad_code"                # a code cell that holds no digits
BAD_CHOICE = "bad_choice"            # not one of the allowed values
UNLISTED_CHOICE = "unlisted_choice"  # not in a suggested list (财政级次): read as typed
OUT_OF_RANGE = "out_of_range"        # a number far beyond any budget (1e300 typed or pasted)
IGNORED_CELLS = "ignored_cells"      # non-empty cells right of the columns read (raw lists them)
DUPLICATE_COLUMN = "duplicate_column"  # a header that appears twice (only the first is read)
FORMULA_ERROR = "formula_error"      # a formula whose cached result is an error (#REF!, #DIV/0!)
DECIMAL_COMMA = "decimal_comma"      # "80,5": a comma that does not group three digits
MERGED = "merged"                    # inside a merged range, below or right of its first cell
BAD_DATE = "bad_date"                # a date field holding something that is no date
NOT_WHOLE = "not_whole"              # a number with a fraction where a whole number belongs (1.5 辆)
UNIT_IN_HEADER = "unit_in_header"   # a header with a unit added (“财政拨款收入（万元）”), read as the column
# problems that leave an amount unknown: sums over it are not checked
UNREADABLE = frozenset({NOT_A_NUMBER, NO_CACHED_VALUE, OUT_OF_RANGE, FORMULA_ERROR,
                        DECIMAL_COMMA, MERGED, NOT_WHOLE})


@dataclass(frozen=True, slots=True)   # slots: a large input holds many
class Cell(Generic[T]):
    """One value of the input and its origin (sheet and A1 reference)."""

    value: Optional[T]
    sheet: str = ""
    ref: str = ""
    raw: object = None
    problem: Optional[str] = None

    @property
    def where(self) -> str:
        """“工作表!A1” (or the sheet name alone) for messages to the clerk."""
        return f"{self.sheet}!{self.ref}" if self.ref else self.sheet

    @property
    def empty(self) -> bool:
        """True when the clerk left the cell blank."""
        return self.value is None or self.value == ""

    def __bool__(self) -> bool:  # pragma: no cover - guard against `if cell:`
        raise TypeError("use cell.empty or cell.value, not truth of a Cell")


def amount(cell: Optional[Cell]) -> Decimal:
    """The cell's amount, 0 when empty or unreadable."""
    if cell is None or not isinstance(cell.value, Decimal):
        return ZERO
    return cell.value


@dataclass(frozen=True, slots=True)
class Line:
    """One record of a TableSheet (a 科目 line), with its row number."""

    sheet: str
    row: int
    cells: Mapping[str, Cell]

    def __getitem__(self, key: str) -> Cell:
        return self.cells[key]

    def amt(self, key: str) -> Decimal:
        """The amount (exact Decimal 万元, whatever the 金额单位 it was entered in)
        in column ``key``; 0 when blank or unreadable."""
        return amount(self.cells.get(key))

    def text(self, key: str) -> str:
        """Column ``key`` as text; '' when blank."""
        c = self.cells.get(key)
        return "" if c is None or c.value is None else str(c.value)

    @property
    def code(self) -> str:
        """The line's 科目编码 as text ('' when blank)."""
        return self.text("code")

    @property
    def level(self) -> str:
        """类/款/项 by code length (3/5/7 digits), '' otherwise."""
        return {3: "类", 5: "款", 7: "项"}.get(len(self.code), "")


@dataclass(frozen=True)
class SheetInfo:
    """What the reader found of a declared sheet."""

    name: str
    present: bool
    missing_columns: tuple[str, ...] = ()   # headers not found
    header_row: int = 1
    unknown_labels: tuple[Cell, ...] = ()   # KV/keyed rows whose label is not declared
    duplicate_labels: tuple[Cell, ...] = ()
    # merged ranges over more than one data row ("C2:C23"), with the header of
    # their first column
    merged_ranges: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CatalogueEntry:
    """A code added or corrected by the clerk on the 科目 sheet."""

    scheme: str   # "functional" / "economic"
    code: Cell
    name: Cell
    explanation: Cell
    group: Cell
    # the 分类 cell itself, so a rule can point at it when it is empty
    scheme_cell: Optional[Cell] = None


@dataclass
class Workbook:
    """The whole input, as read."""

    path: str
    sheets: dict[str, SheetInfo]
    info: dict[str, Cell]                       # 单位信息
    texts: dict[str, Cell]                      # 文字说明
    functional: list[Line]                      # 支出功能分类 (all rows, 类/款/项)
    economic: list[Line]                        # 基本支出经济分类
    sangong: dict[str, dict[str, Cell]]         # 三公经费: row key -> column key -> cell
    supplement: dict[str, dict[str, Cell]]      # 补充数据
    user_catalogue: list[CatalogueEntry] = field(default_factory=list)
    # every cell read whose value had a problem, in reading order
    problems: list[tuple[Cell, str]] = field(default_factory=list)
    # optional sheets for the Word document, one Line per row
    projects: list[Line] = field(default_factory=list)     # 项目支出
    receptions: list[Line] = field(default_factory=list)   # 接待明细
    key_work: list[Line] = field(default_factory=list)     # 重点工作
    units: list[Line] = field(default_factory=list)        # 单位构成
    free_texts: list[Line] = field(default_factory=list)   # 其他说明 (free sections)
    # optional sheets of the performance self-evaluation (第六部分 附件)
    perf_unit: dict[str, Cell] = field(default_factory=dict)       # 整体绩效自评
    perf_goals: list[Line] = field(default_factory=list)           # 整体绩效目标
    perf_projects: list[Line] = field(default_factory=list)        # 项目绩效自评
    perf_transfers: list[Line] = field(default_factory=list)       # 转移支付绩效自评
    perf_indicators: list[Line] = field(default_factory=list)      # 绩效指标

    # ---- convenience accessors used by compute and rules
    @property
    def unit(self) -> str:
        """单位名称 from 单位信息 ('' when blank)."""
        c = self.info.get("unit")
        return "" if c is None or c.value is None else str(c.value)

    @property
    def year(self) -> Optional[int]:
        """决算年度 from 单位信息, None when blank or not a whole number."""
        c = self.info.get("year")
        return c.value if c is not None and isinstance(c.value, int) else None

    @property
    def amount_unit(self) -> str:
        """金额单位 of 单位信息 as entered: "元" or "万元" ("万元" when blank or not
        one of the two — the reader has already scaled every money amount to
        exact 万元, so compute and rules need this only to speak the clerk's unit)."""
        c = self.info.get("amount_unit")
        v = None if c is None else c.value
        return v if v in AMOUNT_UNITS else UNIT_WAN

    @property
    def catalogue_year(self) -> Optional[int]:
        """The catalogue edition year to look codes up in: 科目目录年版, else the report year."""
        c = self.info.get("catalogue_year")
        if c is not None and isinstance(c.value, int):
            return c.value
        return self.year

    def functional_items(self) -> list[Line]:
        """The 项 lines: the data every table is derived from."""
        return [ln for ln in self.functional if ln.level == "项"]

    def functional_subtotals(self) -> list[Line]:
        """类/款 lines a clerk typed in; kept only to be checked."""
        return [ln for ln in self.functional if ln.level in ("类", "款")]

    def economic_items(self) -> list[Line]:
        """The 经济分类 款 lines (5 digits): the data of 表6."""
        return [ln for ln in self.economic if len(ln.code) == 5]

    def economic_subtotals(self) -> list[Line]:
        """The 经济分类 类 lines (3 digits) a clerk typed in; only checked."""
        return [ln for ln in self.economic if len(ln.code) == 3]

    def sangong_amount(self, row: str, col: str) -> Decimal:
        """三公经费 ``row`` (abroad, car_purchase, …) in column ``col`` (budget, actual,
        last_year), 万元; 0 when blank."""
        return amount(self.sangong.get(row, {}).get(col))

    def sangong_entered(self, row: str, col: str) -> bool:
        """三公经费 ``row`` has a readable value in column ``col`` (budget_full …):
        False when the cell is blank, unreadable or the column is absent."""
        c = self.sangong.get(row, {}).get(col)
        return c is not None and not c.empty and c.problem is None

    def supplement_amount(self, row: str, col: str = "current") -> Decimal:
        """补充资料 ``row`` in column ``col`` (current or last_year), 万元; 0 when blank."""
        return amount(self.supplement.get(row, {}).get(col))

    def supplement_cell(self, row: str, col: str = "current") -> Optional[Cell]:
        """The 补充资料 cell itself (None when absent), to tell blank from 0."""
        return self.supplement.get(row, {}).get(col)
