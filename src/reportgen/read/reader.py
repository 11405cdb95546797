"""Read the input workbook into the model.

Before openpyxl parses anything, the file and every part of it are checked
against the limits (``check_file``) and each sheet read is pre-scanned
(read/sheetscan.py: cells per row, cells, rows; the last row holding a
value; cells right of the columns read).  The workbook is then opened
read-only, through openpyxl's public API, for the values Excel cached when
it last saved; every row down to the last holding a value is read, whatever
the declared dimension or blank gaps.  Every formula cell is noted: a
formula with no cached value is reported, never guessed.  The formula cells
are found by a scan of the sheet's XML (``_formula_cells``); where that scan
cannot vouch for giving what a second, formula-reading load would, the
workbook is opened a second time for the formulas.  The file itself is
never written.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Optional

import defusedxml  # noqa: F401  - openpyxl uses it for every XML part when installed

from reportgen.core import model, schema
from reportgen.core.errors import UnusableInput
from reportgen.core.model import Cell, Line, SheetInfo
from reportgen.read.sheetscan import Limits, SheetScan, scan_sheet, sheet_parts
from reportgen.read.values import (clean_text, formula_error, parse_amount, parse_code, parse_date,
                                    parse_int, parse_year)


def _import_openpyxl():
    """openpyxl without numpy, when nothing has imported numpy yet.

    openpyxl imports numpy only to accept numpy numbers as cell values, which
    reportgen never writes; the import is a quarter of ``reportgen validate``
    (docs/performance.md).  A build that draws charts imports numpy later,
    for matplotlib, as usual."""
    import sys
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        import openpyxl
        return openpyxl
    sys.modules["numpy"] = None   # makes `import numpy` fail inside openpyxl
    try:
        import openpyxl
    finally:
        del sys.modules["numpy"]
    return openpyxl


openpyxl = _import_openpyxl()
from openpyxl.utils import get_column_letter  # noqa: E402


# limits that keep a hostile or absurd file from exhausting time and memory,
# checked before openpyxl parses anything (docs/reliability.md); a real
# input workbook is a few hundred rows, a few dozen columns and well under a
# megabyte
MAX_FILE_BYTES = 100 * 1024 * 1024       # the .xlsx on disk
MAX_UNCOMPRESSED = 200 * 1024 * 1024     # all its parts, unpacked
MAX_PARTS = 5000
MAX_ROWS = 50_000                        # row number of any row of a sheet read
MAX_CELLS_PER_ROW = 16_384               # Excel's own limit (column XFD)
MAX_CELLS = 1_000_000                    # cells of one sheet, empty-styled ones included
MAX_COLS = 200                           # columns read; non-empty cells beyond are reported
_HEADER_SCAN_ROWS = 10
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# a formula element, <f>, <f t="shared" …/> or with a prefix (<x:f>); other
# elements starting with f (fill, family, formula1) do not match
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL_COL = re.compile(r"^\$?([A-Za-z]{1,3})\$?\d+$")
# <mergeCell ref="C2:C23"/>, with or without a namespace prefix
_MERGE_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref=\"([A-Za-z0-9:$]+)\"")
# the main namespace of a Strict Open XML workbook (ISO/IEC 29500 Strict)
_STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


def norm_label(text: object) -> str:
    """Header/label text compared without spaces, line breaks, width or a trailing *."""
    if text is None:
        return ""
    t = unicodedata.normalize("NFKC", str(text))
    t = "".join(t.split())
    return t.rstrip("*").replace("(", "（").replace(")", "）")


# a unit the clerk added after a header: “财政拨款收入（万元）”, “(元)”, “（单位：万元）”
# (as norm_label leaves it: brackets full width, the colon half width)
_UNIT_SUFFIX = re.compile(r"（(?:单位:?)?(万元|元)）$")


def _header_of(text: object, wanted: dict) -> tuple[Optional[schema.Column], str]:
    """The declared column a header cell names (``wanted``: norm_label -> column)
    and the unit added after it ('' when the header is the column's own name);
    (None, '') for any other text."""
    key = norm_label(text)
    if key in wanted:
        return wanted[key], ""
    m = _UNIT_SUFFIX.search(key)
    base = key[:m.start()].rstrip("*") if m else ""
    if base in wanted:
        return wanted[base], m.group(1)
    return None, ""


# the names openpyxl opens (it refuses a workbook by any other name)
_OPENPYXL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")


def check_file(path: Path) -> None:
    """Refuse, with a message for the clerk, what is not a readable .xlsx:
    a missing path, a folder, a device or FIFO (never opened), a file past
    MAX_FILE_BYTES, an old .xls or encrypted file, an .ods, a zip bomb, or
    any part declaring a document type or entity (core.safeio / _check_parts)."""
    from reportgen.core.safeio import check_input_file

    size = check_input_file(path, MAX_FILE_BYTES, "输入工作簿")
    if size == 0:
        raise UnusableInput("empty_file", f"{path.name} 是空文件（0 字节）。请重新保存输入工作簿。")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data:
            raise UnusableInput(
                "encrypted",
                f"{path.name} 设置了打开密码。请在 Excel 中“文件→信息→保护工作簿→用密码进行加密”"
                "清除密码后另存，再运行。",
            )
        raise UnusableInput(
            "old_xls",
            f"{path.name} 是旧版 Excel 97-2003（.xls）格式。请在 Excel 中“另存为”"
            "“Excel 工作簿（*.xlsx）”后再运行。",
        )
    if not zipfile.is_zipfile(path):
        raise UnusableInput(
            "not_a_workbook",
            f"{path.name} 不是 Excel 工作簿（.xlsx），或文件已损坏、不完整。"
            "请用 Excel 打开确认后重新保存。",
        )
    _check_parts(path)
    if path.suffix.lower() not in _OPENPYXL_SUFFIXES:
        raise UnusableInput(
            "wrong_suffix",
            f"{path.name} 的内容是 Excel 工作簿，但文件名以“{path.suffix or '（无扩展名）'}”结尾。"
            f"请把文件改名为 {path.stem}.xlsx 后再运行。",
        )
    _check_strict(path)


def _check_strict(path: Path) -> None:
    """Refuse a workbook saved as “Strict Open XML 电子表格”: openpyxl reads
    none of its sheets, and says so only in a library warning."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and "xl/workbook.xml" not in names:
                kind = zf.read("mimetype")[:100]
                if b"opendocument.spreadsheet" in kind:
                    raise UnusableInput(
                        "ods",
                        f"{path.name} 实际是 OpenDocument 电子表格（.ods），不是 Excel 工作簿。"
                        "请在 Excel 或 WPS 中另存为“Excel 工作簿(.xlsx)”后再运行。",
                    )
            with zf.open("xl/workbook.xml") as fh:
                head = fh.read(4096)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return   # another check (or openpyxl) reports what is wrong
    if _STRICT_NS in head or b'conformance="strict"' in head:
        raise UnusableInput(
            "strict_ooxml",
            f"{path.name} 是“Strict Open XML 电子表格”格式，无法读取。"
            "请在 Excel 中另存为“Excel 工作簿(.xlsx)”后再运行。",
        )


def merged_ranges(data: Optional[bytes]) -> list[tuple[int, int, int, int]]:
    """The merged ranges declared in a sheet's XML, as (min_row, min_col,
    max_row, max_col), 1-based; [] without XML."""
    if not data or b"mergeCell" not in data:
        return []
    from openpyxl.utils.cell import range_boundaries

    out = []
    for m in _MERGE_CELL.finditer(data):
        try:
            min_col, min_row, max_col, max_row = range_boundaries(m.group(1).decode("ascii").replace("$", ""))
        except (ValueError, TypeError):
            continue
        if None not in (min_col, min_row, max_col, max_row):
            out.append((min_row, min_col, max_row, max_col))
    return out


# a document type or entity declaration, in UTF-8 (or any ASCII-compatible
# encoding) and in UTF-16 of either byte order
_DECLARATIONS = tuple(
    m for s in ("<!DOCTYPE", "<!ENTITY")
    for m in (s.encode("ascii"), s.encode("utf-16-le"), s.encode("utf-16-be")))
_DECL_OVERLAP = max(len(m) for m in _DECLARATIONS)


def _declares(fh) -> bool:
    """Whether the stream holds a declaration anywhere (read in chunks)."""
    tail = b""
    while True:
        chunk = fh.read(1 << 20)
        if not chunk:
            return False
        block = tail + chunk
        if any(m in block for m in _DECLARATIONS):
            return True
        tail = block[-_DECL_OVERLAP:]


def _check_parts(path: Path) -> None:
    """Refuse zip bombs, OpenDocument files and any part that declares a
    document type or entities, anywhere in it, in UTF-8 or UTF-16, whatever
    the part is named — before openpyxl parses anything (defusedxml stops
    entity expansion, not zip bombs, and its refusal reads as “damaged”)."""
    try:
        with zipfile.ZipFile(path) as zf:
            parts = zf.infolist()
            if "mimetype" in zf.namelist() and zf.getinfo("mimetype").file_size < 200:
                if zf.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
                    raise UnusableInput(
                        "ods",
                        f"{path.name} 是 OpenDocument 表格（.ods，WPS/LibreOffice 格式），不是 Excel 工作簿。"
                        "请在 WPS、LibreOffice 或 Excel 中另存为“Excel 工作簿(.xlsx)”后再运行。",
                    )
            if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNCOMPRESSED:
                raise UnusableInput(
                    "too_large",
                    f"{path.name} 解压后过大（超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB 或部件过多），"
                    "不像是决算输入工作簿，已拒绝读取。",
                )
            for p in parts:
                with zf.open(p) as fh:
                    if _declares(fh):
                        raise UnusableInput(
                            "unsafe_xml",
                            f"{path.name} 含有 XML 实体声明（{p.filename}），可能是恶意构造的文件，已拒绝读取。"
                            "请用 Excel 重新保存一份干净的工作簿。",
                        )
    except UnusableInput:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError,
            ValueError) as exc:
        raise UnusableInput(
            "not_a_workbook",
            f"{path.name} 不是完整的 Excel 工作簿，文件可能已损坏或不完整。"
            "请用 Excel 打开确认后重新保存。",
        ) from exc


def _damaged(path: Path) -> UnusableInput:
    """The refusal of a workbook that cannot be read (damaged or incomplete)."""
    return UnusableInput("damaged", f"{path.name} 无法读取：文件可能已损坏或不完整。"
                                    "请用 Excel 打开确认后重新保存。")


def _open(path: Path, data_only: bool):
    import warnings
    try:
        # openpyxl warns about what it skips (data validation, extensions,
        # odd specifications): the clerk never sees a library's warning
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except UnusableInput:
        raise
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise _damaged(path) from exc


def _formula_cells(ws, last_row: int, data: Optional[bytes]) -> Optional[set[tuple[int, int]]]:
    """The formula cells of read-only ``ws``, found in the sheet's XML, that
    matter to the reader; None where the scan cannot vouch for giving what a
    formula-reading load would (then the caller makes that load).

    Formula cells matter where the values load found no value, in rows up to
    ``last_row`` (the last with a value): the reader looks at no other row.
    Such a load would read the same rows and columns (up to ``last_row`` and,
    with formulas alone keeping it going, beyond), so besides the formula
    cells, what must match is only whether it would fail.  It fails where the
    values load does, and also on a shared, array or data-table formula
    (they are parsed) — left to it here, as are rows out of order and sheets
    that would pass MAX_ROWS.  ``data`` is the sheet's XML as the pre-scan
    (read/sheetscan.py) held it; None (too large to hold) leaves the
    formulas to the second load.  Positions follow openpyxl's read-only iteration:
    the row element's number, the cell's column, the last cell of a column
    winning."""
    if data is None:
        return None
    if not _FORMULA.search(data):
        return set()
    import io

    from lxml import etree
    from openpyxl.utils import column_index_from_string

    cell_tag, f_tag = f"{_MAIN}c", f"{_MAIN}f"
    dim_max = ws.max_row
    found: set[tuple[int, int]] = set()
    prev = 0
    for _, row in etree.iterparse(io.BytesIO(data), events=("end",), tag=f"{_MAIN}row",
                                  resolve_entities=False, no_network=True):
        r_attr = row.get("r")
        if r_attr is None:
            idx = prev + 1
        elif r_attr.isdigit():
            idx = int(r_attr)
        else:
            return None
        if idx <= prev:
            return None
        prev = idx
        formulas = row.findall(f"{cell_tag}/{f_tag}")
        if any(f.get("t") not in (None, "normal") for f in formulas):
            return None
        if dim_max is not None and idx > dim_max:
            break
        if idx > MAX_ROWS:
            return None
        if formulas and idx <= last_row:
            is_formula: dict[int, bool] = {}
            col = 0
            for c in row:
                if c.tag != cell_tag:
                    return None
                ref = c.get("r")
                if ref:
                    m = _CELL_COL.match(ref)
                    if m is None:
                        return None
                    col = column_index_from_string(m.group(1).upper())
                else:
                    col += 1
                if col <= MAX_COLS:
                    is_formula[col] = c.find(f_tag) is not None
            found.update((idx, k) for k, v in is_formula.items() if v)
        row.clear()
        while row.getprevious() is not None:
            del row.getparent()[0]
    return found


class _Grid:
    """One sheet's cells as (value, is_formula) by (row, col), 1-based.

    Every row is read, down to the last one the pre-scan (``scan``) found
    holding a value, however long the blank run before it and whatever the
    sheet's declared dimension says (openpyxl's public ``reset_dimensions``)."""

    def __init__(self, ws_values, scan: Optional[SheetScan] = None, ws_formulas=None):
        self.values: dict[tuple[int, int], object] = {}
        self.formulas: set[tuple[int, int]] = set()
        self.max_row = 0
        self.scan = scan
        self.data: Optional[bytes] = scan.data if scan is not None else None
        # merged ranges and the cells they cover besides their first
        self.merged: list[tuple[int, int, int, int]] = []
        self.covered: set[tuple[int, int]] = set()
        self._load(ws_values, self.values)
        try:
            self.merged = merged_ranges(self.data)
        except Exception:  # noqa: BLE001 - merges are advisory; a damaged list is ignored
            self.merged = []
        if ws_formulas is not None:
            self.load_formulas(ws_formulas)

    def load_formulas(self, ws_formulas) -> None:
        """The formula cells, from a load of the workbook with formulas."""
        scratch: dict[tuple[int, int], object] = {}
        self._load(ws_formulas, scratch)   # max_row: the last row either load found
        self.formulas = {k for k, v in scratch.items()
                         if isinstance(v, str) and v.startswith("=")}

    def _load(self, ws, into):
        reset = getattr(ws, "reset_dimensions", None)
        if reset is not None:
            reset()   # the declared <dimension> may be smaller than the data
        last = self.scan.last_row if self.scan is not None else None
        if last == 0:
            return
        self._walk(ws, ws.iter_rows(max_row=last, max_col=MAX_COLS, values_only=True), into)

    def _walk(self, ws, rows, into):
        for r, row in enumerate(rows, start=1):
            if r > MAX_ROWS:
                raise UnusableInput(
                    "too_many_rows",
                    f"工作表“{ws.title}”超过 {MAX_ROWS:,} 行，不像是决算输入工作簿，已拒绝读取。"
                    "请删除多余的行后重新保存。",
                )
            for c, v in enumerate(row, start=1):
                if v is not None and v != "":
                    into[(r, c)] = v
                    if r > self.max_row:
                        self.max_row = r

    def get(self, r: int, c: int):
        return self.values.get((r, c))


def _scan_sheets(path: Path) -> dict[str, SheetScan]:
    """The pre-scan (read/sheetscan.py) of every declared sheet present,
    by its title, before openpyxl parses any: a sheet past a limit is
    refused here.  A sheet whose XML the scan cannot parse is left out:
    openpyxl then fails on it too, and says it is damaged."""
    from xml.parsers.expat import ExpatError

    limits = Limits(rows=MAX_ROWS, cells_per_row=MAX_CELLS_PER_ROW, cells=MAX_CELLS, cols=MAX_COLS)
    declared = {norm_label(d.name) for d in schema.SHEETS}
    out: dict[str, SheetScan] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            for title, part in sheet_parts(zf).items():
                if norm_label(title) not in declared:
                    continue
                try:
                    out[title] = scan_sheet(zf, part, title, limits)
                except (ExpatError, ValueError, KeyError):
                    continue
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise _damaged(path) from exc
    return out


class Reader:
    """Reads one input workbook (``read_workbook`` is its public face)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.problems: list[tuple[Cell, str]] = []
        # the power of ten that turns a money amount as entered into 万元
        # (-4 for a workbook in 元); set from 单位信息 金额单位 before any money is read
        self.scale = 0

    # ------------------------------------------------------------ cells
    def _note_duplicate_headers(self, grid: _Grid, sheet: str, row: int, wanted: dict,
                                chosen: dict[str, int]) -> None:
        """A header of ``row`` naming a column already found (``chosen``:
        key -> column read): one problem per extra column
        (model.DUPLICATE_COLUMN; raw is "header\tfirst column's letter")."""
        for (r, c), v in sorted(grid.values.items()):
            col = wanted.get(norm_label(v)) if r == row else None
            if col is not None and chosen.get(col.key) not in (None, c):
                first = f"{get_column_letter(chosen[col.key])}列"
                cell = Cell(clean_text(v)[0], sheet, f"{get_column_letter(c)}{r}",
                            f"{col.header}\t{first}", model.DUPLICATE_COLUMN)
                self.problems.append((cell, model.DUPLICATE_COLUMN))

    def _note_unit_headers(self, grid: _Grid, sheet: str, row: int, wanted: dict,
                           chosen: dict[str, int]) -> None:
        """A header of ``row`` read as its column although a unit follows the name
        (“财政拨款收入（万元）”): one problem at that cell (model.UNIT_IN_HEADER; raw is
        "column\tunit\tmoney" with money "1" for an amount column in 金额单位)."""
        for (r, c), v in sorted(grid.values.items()):
            if r != row:
                continue
            col, unit = _header_of(v, wanted)
            if col is not None and unit and chosen.get(col.key) == c:
                money = "1" if col.money and col.kind == schema.AMOUNT else ""
                cell = Cell(clean_text(v)[0], sheet, f"{get_column_letter(c)}{r}",
                            f"{col.header}\t{unit}\t{money}", model.UNIT_IN_HEADER)
                self.problems.append((cell, model.UNIT_IN_HEADER))

    def _note_ignored(self, sheet: str, scan: Optional[SheetScan]) -> None:
        """Non-empty cells right of the columns read: one problem for the
        sheet, at the first such cell, listing them (model.IGNORED_CELLS)."""
        if scan is None or not scan.ignored_count:
            return
        listed = "、".join(scan.ignored)
        more = f" 等共 {scan.ignored_count:,} 个" if scan.ignored_count > len(scan.ignored) else ""
        cell = Cell(None, sheet, scan.ignored[0], f"{listed}{more}", model.IGNORED_CELLS)
        self.problems.append((cell, model.IGNORED_CELLS))

    def _note_headless(self, grid: _Grid, sheet: str, header_row: int, read: set[int]) -> None:
        """Values below the header in a column with no header at all (not
        read, and no column of the sheet to read them as): one problem for
        the sheet at the first, listing up to 20 (model.IGNORED_CELLS, S190).
        A column under a header of the clerk's own (备注) is theirs to keep."""
        headed = {c for (r, c), v in grid.values.items()
                  if r == header_row and not _blank_value(v)}
        stray = sorted(((r, c) for (r, c), v in grid.values.items()
                        if r > header_row and c not in read and c not in headed
                        and (r, c) not in grid.covered and not _blank_value(v)),
                       key=lambda rc: (rc[1], rc[0]))
        if not stray:
            return
        refs = [f"{get_column_letter(c)}{r}" for r, c in stray]
        more = f" 等共 {len(refs):,} 个" if len(refs) > 20 else ""
        cell = Cell(None, sheet, refs[0], "、".join(refs[:20]) + more, model.IGNORED_CELLS)
        self.problems.append((cell, model.IGNORED_CELLS))

    def _cell(self, grid: _Grid, sheet: str, r: int, c: int, kind: str,
              choices: tuple[str, ...] = (), derived: bool = False, money: bool = True,
              year: bool = False, variants: tuple[str, ...] = (),
              open_list: bool = False) -> Cell:
        """``derived``: the cell only displays what is read elsewhere (the
        科目名称 lookup formula that ``reportgen init`` writes), so a formula
        without a cached value there is simply empty, not a problem.
        ``money``: an AMOUNT in the workbook's 金额单位, held in exact 万元
        (a 元 figure times 10⁻⁴: no digit lost); ``raw`` keeps it as typed.
        A CHOICE matches ``choices`` or ``variants`` (spelled as listed); another
        value is BAD_CHOICE, or kept as typed with UNLISTED_CHOICE (``open_list``)."""
        raw = grid.get(r, c)
        ref = f"{get_column_letter(c)}{r}"
        if raw is None and (r, c) in grid.formulas:
            cell = Cell(None, sheet, ref, raw, None if derived else model.NO_CACHED_VALUE)
        elif (r, c) in grid.covered:
            # inside a merged range: Excel keeps the value in its first cell only
            cell = Cell(None, sheet, ref, raw, model.MERGED)
        elif formula_error(raw) is not None:
            # "#REF!": the formula failed; the cell has no value of any kind
            cell = Cell(None, sheet, ref, formula_error(raw), model.FORMULA_ERROR)
        elif kind == schema.AMOUNT:
            v, p = parse_amount(raw)
            if v is not None and money and self.scale:
                v = v.scaleb(self.scale)
            cell = Cell(v, sheet, ref, raw, p)
        elif kind == schema.INT:
            v, p = parse_year(raw) if year else parse_int(raw)
            cell = Cell(v, sheet, ref, raw, p)
        elif kind == schema.CODE:
            v, _, p = parse_code(raw)
            cell = Cell(v, sheet, ref, raw, p)
        elif kind == schema.DATE:
            v, p = parse_date(raw)
            cell = Cell(v, sheet, ref, raw, p)
        else:
            v, p = clean_text(raw)
            if kind == schema.CHOICE and v is not None and p is None:
                match = {norm_label(ch): ch for ch in (*choices, *variants)}.get(norm_label(v))
                if match is None:
                    p = model.UNLISTED_CHOICE if open_list else model.BAD_CHOICE
                else:
                    v = match
            cell = Cell(v, sheet, ref, raw, p)
        if cell.problem:
            self.problems.append((cell, cell.problem))
        return cell

    # ------------------------------------------------------------ sheets
    def _table(self, grid: Optional[_Grid], decl: schema.TableSheet) -> tuple[SheetInfo, list[Line]]:
        if grid is None:
            return SheetInfo(decl.name, False), []
        wanted = {norm_label(h): c for c in decl.columns for h in (c.header, *c.aliases)}
        best_row, best = 1, {}
        for r in range(1, _HEADER_SCAN_ROWS + 1):
            found = {}
            for (rr, c), v in grid.values.items():
                col = _header_of(v, wanted)[0] if rr == r else None
                if col is not None:
                    found.setdefault(col.key, c)
            if len(found) > len(best):
                best_row, best = r, found
        self._note_duplicate_headers(grid, decl.name, best_row, wanted, best)
        self._note_unit_headers(grid, decl.name, best_row, wanted, best)
        # a column added later (全年预算数) is absent from workbooks written before it
        missing = tuple(c.header for c in decl.columns if c.key not in best and not c.added_later)
        headers = {c: col.header for col in decl.columns for k, c in best.items() if k == col.key}
        merged = []
        for r0, c0, r1, c1 in grid.merged:
            # a merge over data cells of a read column — down rows, across
            # columns or both: one finding names it; the cells it covers are
            # not read (no finding each)
            if r1 <= best_row:
                continue
            r0 = max(r0, best_row + 1)
            covered = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
                       if (r, c) != (r0, c0)}
            lost = sorted({c for _, c in covered if c in headers})
            if not lost:
                continue
            grid.covered.update(covered)
            merged.append((f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r1}",
                           "、".join(headers[c] for c in lost[:3]) + ("等" if len(lost) > 3 else "")))
        info = SheetInfo(decl.name, True, missing, best_row, merged_ranges=tuple(merged))
        if best:
            self._note_headless(grid, decl.name, best_row, set(best.values()))
        lines = []
        for r in range(best_row + 1, grid.max_row + 1):
            if not any(grid.get(r, c) not in (None, "") for c in best.values()):
                continue
            cells = {}
            for col in decl.columns:
                if col.key in best:
                    # the name beside a catalogue code is looked up by a formula
                    derived = col.key == "name" and bool(decl.catalogue)
                    cells[col.key] = self._cell(grid, decl.name, r, best[col.key], col.kind,
                                                col.choices, derived, col.money)
            # a name typed after the code in the code cell ("2080101 行政运行")
            code_col = best.get("code")
            if code_col and "name" in cells and cells["name"].empty:
                _, trailing, _ = parse_code(grid.get(r, code_col))
                if trailing:
                    nc = cells["name"]
                    cells["name"] = Cell(trailing, nc.sheet, nc.ref, nc.raw, None)
            lines.append(Line(decl.name, r, cells))
        return info, lines

    def _labelled_rows(self, grid: _Grid, sheet: str, labels: dict[str, str]):
        """Rows whose column-A label is declared: key -> row; plus unknown/duplicate."""
        rows: dict[str, int] = {}
        unknown, dup = [], []
        for r in range(1, grid.max_row + 1):
            raw = grid.get(r, 1)
            lab = norm_label(raw)
            if not lab:
                continue
            cell = Cell(clean_text(raw)[0], sheet, f"A{r}", raw)
            key = labels.get(lab)
            if key is None:
                unknown.append(cell)
            elif key in rows:
                dup.append(cell)
            else:
                rows[key] = r
        return rows, unknown, dup

    def _key_value(self, grid: Optional[_Grid], decl: schema.KeyValueSheet):
        if grid is None:
            return SheetInfo(decl.name, False), {}
        labels = {norm_label(i.label): i.key for i in decl.items}
        labels.pop(norm_label(decl.label_header), None)
        header = {norm_label(decl.label_header)}
        rows, unknown, dup = self._labelled_rows(grid, decl.name, labels)
        unknown = [u for u in unknown if norm_label(u.value) not in header]
        out = {}
        for item in decl.items:
            if item.key in rows:
                out[item.key] = self._cell(grid, decl.name, rows[item.key], 2, item.kind,
                                           item.choices, money=item.money, year=item.year,
                                           variants=item.variants, open_list=item.open_list)
        # a row with a default (金额单位) is absent from workbooks written before it
        missing = tuple(i.label for i in decl.items
                        if i.key not in rows and i.default is None and not i.added_later)
        return SheetInfo(decl.name, True, missing, 1, tuple(unknown), tuple(dup)), out

    def _keyed_table(self, grid: Optional[_Grid], decl: schema.KeyedTableSheet):
        if grid is None:
            return SheetInfo(decl.name, False), {}
        labels = {norm_label(i.label): i.key for i in decl.rows}
        wanted = {norm_label(h): c for c in decl.columns for h in (c.header, *c.aliases)}
        header_row, cols = 1, {}
        for r in range(1, _HEADER_SCAN_ROWS + 1):
            found = {_header_of(v, wanted)[0].key: c for (rr, c), v in grid.values.items()
                     if rr == r and _header_of(v, wanted)[0] is not None}
            if len(found) > len(cols):
                header_row, cols = r, found
        self._note_duplicate_headers(grid, decl.name, header_row, wanted, cols)
        self._note_unit_headers(grid, decl.name, header_row, wanted, cols)
        rows, unknown, dup = self._labelled_rows(grid, decl.name, labels)
        unknown = [u for u in unknown if int(u.ref[1:]) > header_row]
        out: dict[str, dict[str, Cell]] = {}
        for item in decl.rows:
            if item.key not in rows:
                continue
            out[item.key] = {
                col.key: self._cell(grid, decl.name, rows[item.key], cols[col.key], item.kind,
                                    money=item.money and col.money)
                for col in decl.columns if col.key in cols
            }
        # a column added later (全年预算数) is absent from workbooks written before it
        missing = tuple(c.header for c in decl.columns if c.key not in cols and not c.added_later)
        # rows added later (因公出国团组数 …) are absent from workbooks written before them
        missing += tuple(i.label for i in decl.rows if i.key not in rows and not i.added_later)
        return SheetInfo(decl.name, True, missing, header_row, tuple(unknown), tuple(dup)), out

    # ------------------------------------------------------------ whole book
    def read(self) -> model.Workbook:
        """The model of the workbook; raises UnusableInput for a file that cannot be used."""
        check_file(self.path)
        scans = _scan_sheets(self.path)
        wb_v = _open(self.path, data_only=True)
        wb_f = None
        try:
            names = {norm_label(n): n for n in wb_v.sheetnames}
            grids: dict[str, Optional[_Grid]] = {}
            for decl in schema.SHEETS:
                real = names.get(norm_label(decl.name))
                if not real:
                    grids[decl.name] = None
                    continue
                if real not in scans:
                    # the scan could not find or parse it: openpyxl reads it
                    # only after the sheet is checked, so it is not read
                    raise UnusableInput(
                        "damaged", f"{self.path.name} 中工作表“{real}”的内容无法读取：文件可能已损坏。"
                                   "请用 Excel 打开确认后重新保存。")
                grid = grids[decl.name] = _Grid(wb_v[real], scans[real])
                self._note_ignored(decl.name, scans.get(real))
                try:
                    cells = _formula_cells(wb_v[real], grid.max_row, grid.data)
                except Exception:  # noqa: BLE001 - XML the scan cannot read: openpyxl's turn
                    cells = None
                if cells is not None:
                    grid.formulas = cells
                else:
                    if wb_f is None:
                        wb_f = _open(self.path, data_only=False)
                    grid.load_formulas(wb_f[real])
        except UnusableInput:
            raise
        except Exception as exc:
            raise UnusableInput(
                "damaged",
                f"{self.path.name} 无法读取：文件可能已损坏。"
                "请用 Excel 打开确认后重新保存。",
            ) from exc
        finally:
            wb_v.close()
            if wb_f is not None:
                wb_f.close()

        required_missing = [d.name for d in schema.SHEETS if d.required and grids[d.name] is None]
        if len(required_missing) == len([d for d in schema.SHEETS if d.required]):
            raise UnusableInput(
                "other_template",
                f"{self.path.name} 不是 reportgen 输入工作簿：缺少工作表 "
                + "、".join(required_missing)
                + "。请用 `reportgen init` 生成的模板填写。",
            )

        sheets: dict[str, SheetInfo] = {}
        info_i, info = self._key_value(grids[schema.UNIT_INFO.name], schema.UNIT_INFO)
        # 金额单位 first: every money amount after it is read in that unit
        unit = info.get("amount_unit")
        if unit is not None and unit.value in schema.UNIT_SCALE:
            self.scale = schema.UNIT_SCALE[unit.value]
        texts_i, texts = self._key_value(grids[schema.TEXTS.name], schema.TEXTS)
        func_i, func = self._table(grids[schema.FUNCTIONAL.name], schema.FUNCTIONAL)
        econ_i, econ = self._table(grids[schema.ECONOMIC.name], schema.ECONOMIC)
        sg_i, sangong = self._keyed_table(grids[schema.SANGONG.name], schema.SANGONG)
        sup_i, supplement = self._keyed_table(grids[schema.SUPPLEMENT.name], schema.SUPPLEMENT)
        cat_i, cat_lines = self._table(grids[schema.USER_CATALOGUE.name], schema.USER_CATALOGUE)
        for i in (info_i, texts_i, func_i, econ_i, sg_i, sup_i, cat_i):
            sheets[i.name] = i
        # the Word document's optional sheets: plain record tables
        doc_lines: dict[str, list[Line]] = {}
        for decl in (schema.PROJECTS, schema.RECEPTION, schema.KEY_WORK, schema.UNITS,
                     schema.FREE_TEXTS,
                     schema.PERF_GOALS, schema.PERF_PROJECTS, schema.PERF_TRANSFERS,
                     schema.PERF_INDICATORS):
            info_d, doc_lines[decl.name] = self._table(grids[decl.name], decl)
            sheets[info_d.name] = info_d
        perf_i, perf_unit = self._key_value(grids[schema.PERF_UNIT.name], schema.PERF_UNIT)
        sheets[perf_i.name] = perf_i

        user_cat = [
            model.CatalogueEntry(
                scheme={"功能分类": "functional", "经济分类": "economic"}.get(ln.text("scheme"), ""),
                code=ln["code"], name=ln["name"],
                explanation=ln.cells.get("explanation", Cell(None)),
                group=ln.cells.get("group", Cell(None)),
                scheme_cell=ln["scheme"],
            )
            for ln in cat_lines if "code" in ln.cells and "name" in ln.cells and "scheme" in ln.cells
        ]
        return model.Workbook(
            path=str(self.path), sheets=sheets, info=info, texts=texts,
            functional=func, economic=econ, sangong=sangong, supplement=supplement,
            user_catalogue=user_cat, problems=list(self.problems),
            projects=doc_lines[schema.PROJECTS.name], receptions=doc_lines[schema.RECEPTION.name],
            key_work=doc_lines[schema.KEY_WORK.name], units=doc_lines[schema.UNITS.name],
            free_texts=doc_lines[schema.FREE_TEXTS.name],
            perf_unit=perf_unit, perf_goals=doc_lines[schema.PERF_GOALS.name],
            perf_projects=doc_lines[schema.PERF_PROJECTS.name],
            perf_transfers=doc_lines[schema.PERF_TRANSFERS.name],
            perf_indicators=doc_lines[schema.PERF_INDICATORS.name],
        )


def read_workbook(path: Path | str) -> model.Workbook:
    """Read the input workbook at ``path`` into the model (every value with
    its sheet and cell; money amounts exact Decimal 万元, whatever the 单位信息
    金额单位 they were entered in — 元 figures are scaled by 10⁻⁴ exactly).  Raises UnusableInput (code and
    Chinese message) for a file that cannot be used; problems of content are
    kept on ``Workbook.problems`` for the validator."""
    return Reader(Path(path)).read()


def _blank_value(v) -> bool:
    """An empty cell value: None, "" or only spaces."""
    return v is None or (isinstance(v, str) and not v.strip())
