"""第二部分 of the Word document: the nine tables, copied from the rendered xlsx.

The Word tables are read from the workbook ``render/xlsx.py`` has just
written, not laid out a second time: the figures, headers, merged cells and
notes are then the xlsx's by construction, and a region that reshapes a
table in its tables.xlsx sees the change in both outputs.

Per sheet: the bordered block becomes a Word table (its print-title rows
repeat on every page, ``w:tblHeader``); the rows above it (title, 部门/单位)
and below it (注, 说明) become paragraphs.  Columns of figures and codes get
the width their longest entry needs, so a figure never wraps; columns of
names share the rest of the page's text width, so no table is wider than the
page; a table whose figures do not fit gets a smaller font.

Speed (docs/performance.md): both sides avoid the per-cell object APIs,
which cost seconds on the nine tables.  The workbook is read straight from
its XML (``_read_fast``; openpyxl's full load builds an object per cell and
per merged cell), falling back to openpyxl for anything that reader does not
handle; the Word XML is written as text, exactly as python-docx would have
written it (python-docx's ``paragraph.style`` scans every style and
``table.cell()`` rebuilds the whole grid on each call).
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Optional
from xml.sax.saxutils import escape, quoteattr

from reportgen.core import fmt

TABLE_FONT = "宋体"
# openpyxl's horizontal alignment -> w:jc
_JC = {"center": "center", "centerContinuous": "center", "right": "right", "left": "left"}


class XmlBlock:
    """Body XML for docxtpl's ``{{p tables }}``, one part per sheet: put in
    as is (tables are built from a copy of the template document, so their
    style ids exist).  ``render/docx.py`` renders a placeholder paragraph in
    its place and inserts the parts into the rendered document."""

    def __init__(self, xml: str = "", parts: Optional[list[bytes]] = None):
        # UTF-8: half the memory of str for this mostly-ASCII markup (80 MB
        # of it for the largest benchmark workbook)
        self.parts = parts if parts is not None else ([xml.encode("utf-8")] if xml else [])

    @property
    def xml(self) -> str:
        return b"".join(self.parts).decode("utf-8")

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


# ------------------------------------------------------------------ xlsx side
class Src(NamedTuple):
    """One cell of the rendered workbook, as much as the Word side uses."""
    value: object
    number_format: str
    bordered: bool
    horizontal: Optional[str]
    bold: bool


class Range(NamedTuple):
    min_row: int
    min_col: int
    max_row: int
    max_col: int


class SheetView:
    """A worksheet as openpyxl's full load presents it (max_row, merged
    cells with their borders, column widths, print titles), reduced to the
    attributes the Word tables need."""

    def __init__(self, title: str, cells: dict, merged: list, widths: dict,
                 print_title_rows: Optional[str], blank: Src):
        self.title = title
        self.cells = cells
        self.merged = merged
        self.widths = widths            # column letter -> width, as column_dimensions
        self.print_title_rows = print_title_rows
        self.blank = blank              # what a cell openpyxl never read looks like
        self.max_row = max((r for r, _ in cells), default=1)
        self.max_column = max((c for _, c in cells), default=1)

    def cell(self, r: int, c: int) -> Src:
        return self.cells.get((r, c), self.blank)


def _bordered(cell) -> bool:
    b = cell.border
    return any(getattr(b, side) is not None and getattr(b, side).style
               for side in ("left", "right", "top", "bottom"))


def _src_of(cell) -> Src:
    al = cell.alignment
    return Src(cell.value, cell.number_format, _bordered(cell),
               al.horizontal if al is not None else None, bool(cell.font and cell.font.b))


def view_of(ws) -> SheetView:
    """The view of an openpyxl worksheet (the reference the fast reader is
    tested against, and its fallback)."""
    from openpyxl.cell.cell import Cell
    cells = {k: _src_of(c) for k, c in ws._cells.items()}
    merged = [Range(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    return SheetView(ws.title, cells, merged, widths, ws.print_title_rows,
                     _src_of(Cell(ws, row=1, column=1)))


def _read_openpyxl(path: Path, names: list[str]) -> dict[str, SheetView]:
    import openpyxl
    wb = openpyxl.load_workbook(path)
    try:
        return {n: view_of(wb[n]) for n in names if n in wb.sheetnames}
    finally:
        wb.close()


class _Unsupported(Exception):
    """Something the fast reader leaves to openpyxl."""


_M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_SIDES = ("left", "right", "top", "bottom")
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _parse(zf: zipfile.ZipFile, name: str):
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(zf.read(name), parser)


def _part(base: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    parts = base.split("/")[:-1] + target.split("/")
    out: list[str] = []
    for p in parts:
        if p == "..":
            out.pop()
        elif p and p != ".":
            out.append(p)
    return "/".join(out)


class _Styles:
    """cellXfs reduced to (number format, styled border sides, horizontal, bold)."""

    def __init__(self, root):
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        custom = {int(n.get("numFmtId")): n.get("formatCode")
                  for n in root.iterfind(f"{_M}numFmts/{_M}numFmt")}
        fonts = []
        for f in root.iterfind(f"{_M}fonts/{_M}font"):
            b = f.find(f"{_M}b")
            val = None if b is None else b.get("val", True)   # openpyxl's NestedBool
            fonts.append(False if val in (None, "false", "f", "0") else bool(val))
        borders = []
        for b in root.iterfind(f"{_M}borders/{_M}border"):
            sides = set()
            for side in _SIDES:
                el = b.find(f"{_M}{side}")
                if el is not None and el.get("style") not in (None, "none"):
                    sides.add(side)
            borders.append(frozenset(sides))
        self.xfs = []
        self.dates: set[int] = set()
        for i, xf in enumerate(root.iterfind(f"{_M}cellXfs/{_M}xf")):
            num = int(xf.get("numFmtId", 0))
            if num in custom:
                code = custom[num]
            elif num in BUILTIN_FORMATS:
                code = BUILTIN_FORMATS[num]
            elif num < 164:
                code = "General"
            else:
                raise _Unsupported(f"number format {num}")
            if is_date_format(code) or is_timedelta_format(code):
                self.dates.add(i)
            al = xf.find(f"{_M}alignment")
            self.xfs.append((code, borders[int(xf.get("borderId", 0))],
                             al.get("horizontal") if al is not None else None,
                             fonts[int(xf.get("fontId", 0))]))
        # a cell openpyxl creates itself (merged, or never written) has style 0
        # of every list, not xf 0
        self.fresh = ("General", borders[0] if borders else frozenset(), None,
                      fonts[0] if fonts else False)


def _cell_value(c, kind: str, strings: list[str]):
    """openpyxl's WorkSheetParser.parse_cell, without the formula and date
    cases (those make the caller fall back to openpyxl)."""
    if kind == "inlineStr":
        child = c.find(f"{_M}is")
        if child is None:
            return None
        if len(child) == 1 and child[0].tag == f"{_M}t":
            return child[0].text or ""
        from openpyxl.cell.text import Text
        return Text.from_tree(child).content
    v = c.findtext(f"{_M}v") or None
    if v is None:
        return None
    if kind == "n":
        return float(v) if ("." in v or "E" in v or "e" in v) else int(v)
    if kind == "s":
        return strings[int(v)]
    if kind == "b":
        return bool(int(v))
    if kind in ("str", "e"):
        return v
    raise _Unsupported(f"cell type {kind}")


def _read_sheet(root, title: str, styles: _Styles, strings: list[str],
                print_rows: Optional[str]) -> SheetView:
    if root.find(f".//{_M}f") is not None:
        raise _Unsupported("formulas")
    # cell -> [value, format, sides, horizontal, bold]
    cells: dict[tuple[int, int], list] = {}
    for c in root.iterfind(f"{_M}sheetData/{_M}row/{_M}c"):
        m = _CELL_REF.match(c.get("r") or "")
        if m is None:
            raise _Unsupported("cell without reference")
        s = int(c.get("s") or 0)
        kind = c.get("t", "n")
        value = _cell_value(c, kind, strings)
        if kind == "n" and value is not None and s in styles.dates:
            raise _Unsupported("date")
        code, sides, horizontal, bold = styles.xfs[s]
        cells[(int(m.group(2)), _col_index(m.group(1)))] = [value, code, sides, horizontal, bold]

    def fresh():
        code, sides, horizontal, bold = styles.fresh
        return [None, code, sides, horizontal, bold]

    # what openpyxl does on load for each merged range (MergedCellRange and
    # Worksheet._clean_merge_range): the top-left cell takes the right and
    # bottom border of the bottom-right one, the other cells become empty
    # MergedCells, and those on an edge get the top-left's border on that edge
    merged: list[Range] = []
    from openpyxl.utils.cell import range_boundaries
    for mc in root.iterfind(f"{_M}mergeCells/{_M}mergeCell"):
        min_col, min_row, max_col, max_row = range_boundaries(mc.get("ref"))
        rng = Range(min_row, min_col, max_row, max_col)
        merged.append(rng)
        start = cells.get((min_row, min_col))
        if start is None:
            start = cells[(min_row, min_col)] = fresh()
        end = cells.get((max_row, max_col))
        if end is not None:
            start[2] = start[2] | (end[2] & {"right", "bottom"})
        for r in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                if (r, col) != (min_row, min_col):
                    cells[(r, col)] = fresh()
        for side in _SIDES:
            if side not in start[2]:
                continue
            if side == "top":
                edge = [(min_row, col) for col in range(min_col, max_col + 1)]
            elif side == "bottom":
                edge = [(max_row, col) for col in range(min_col, max_col + 1)]
            elif side == "left":
                edge = [(r, min_col) for r in range(min_row, max_row + 1)]
            else:
                edge = [(r, max_col) for r in range(min_row, max_row + 1)]
            for key in edge:
                cells[key][2] = cells[key][2] | {side}

    from openpyxl.utils import get_column_letter
    from openpyxl.utils.units import DEFAULT_COLUMN_WIDTH
    widths = {}   # keyed by the first column, as openpyxl's column_dimensions
    for col in root.iterfind(f"{_M}cols/{_M}col"):
        w = col.get("width")
        widths[get_column_letter(int(col.get("min")))] = (float(w) if w is not None
                                                           else float(DEFAULT_COLUMN_WIDTH))
    views = {k: Src(v[0], v[1], bool(v[2]), v[3], v[4]) for k, v in cells.items()}
    f = styles.fresh
    return SheetView(title, views, merged, widths, print_rows, Src(None, f[0], bool(f[1]), f[2], f[3]))


def _read_fast(path: Path, names: list[str]) -> dict[str, SheetView]:
    from openpyxl.reader.strings import read_string_table
    from openpyxl.worksheet.print_settings import PrintTitles

    with zipfile.ZipFile(path) as zf:
        wb = _parse(zf, "xl/workbook.xml")
        rels = {r.get("Id"): r for r in _parse(zf, "xl/_rels/workbook.xml.rels").iter(f"{_PKG}Relationship")}
        sheets = wb.findall(f"{_M}sheets/{_M}sheet")
        titles: dict[int, Optional[str]] = {}
        for dn in wb.iterfind(f"{_M}definedNames/{_M}definedName"):
            if dn.get("name") == "_xlnm.Print_Titles" and dn.get("localSheetId") is not None:
                rows = PrintTitles.from_string(dn.text or "").rows
                titles[int(dn.get("localSheetId"))] = str(rows) if rows else None
        styles = _Styles(_parse(zf, "xl/styles.xml"))
        strings: list[str] = []
        if "xl/sharedStrings.xml" in zf.namelist():
            with zf.open("xl/sharedStrings.xml") as fh:
                strings = read_string_table(fh)
        out = {}
        for idx, sh in enumerate(sheets):
            rel = rels[sh.get(_RID)]
            if rel.get("Type") != _WORKSHEET_REL:
                raise _Unsupported("not only worksheets")
            name = sh.get("name")
            if name in names:
                root = _parse(zf, _part("xl/workbook.xml", rel.get("Target")))
                out[name] = _read_sheet(root, name, styles, strings, titles.get(idx))
        return out


def read_rendered(path: Path, names: list[str]) -> dict[str, SheetView]:
    """The named sheets of a workbook ``render/xlsx.py`` wrote."""
    try:
        return _read_fast(path, names)
    except Exception:  # noqa: BLE001 - whatever it cannot read, openpyxl reads as before
        return _read_openpyxl(path, names)


def _text(cell) -> str:
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float, Decimal)):
        fmt_code = cell.number_format or ""
        if "0.00" in fmt_code or (isinstance(v, float) and not float(v).is_integer()):
            return fmt.money(Decimal(repr(v)) if isinstance(v, float) else Decimal(v))
        return str(int(v)) if float(v).is_integer() else str(v)
    return str(v)


def _print_title_rows(ws) -> tuple[int, int]:
    rows = ws.print_title_rows or ""
    try:
        a, b = rows.replace("$", "").split(":")
        return int(a), int(b)
    except ValueError:
        return 0, -1


def _sheet_plan(ws: SheetView) -> dict:
    max_row, max_col = ws.max_row, ws.max_column
    bordered_rows = [r for r in range(1, max_row + 1)
                     if any(ws.cell(r, c).bordered for c in range(1, max_col + 1))]
    if not bordered_rows:
        return {"above": [], "rows": [], "below": [], "cols": 0}
    first, last = bordered_rows[0], bordered_rows[-1]
    cols = [c for c in range(1, max_col + 1)
            if any(ws.cell(r, c).bordered for r in range(first, last + 1))]
    ncols = max(cols) if cols else 0

    def line(r):
        return [t for t in (_text(ws.cell(r, c)) for c in range(1, max_col + 1)) if t]

    above = [ln for ln in (line(r) for r in range(1, first)) if ln]
    below = [" ".join(ln) for ln in (line(r) for r in range(last + 1, max_row + 1)) if ln]
    return {"above": above, "first": first, "last": last, "cols": ncols,
            "below": below}


def _col_widths(ws: SheetView, ncols: int) -> list[float]:
    from openpyxl.utils import get_column_letter
    out = []
    for c in range(1, ncols + 1):
        width = ws.widths.get(get_column_letter(c))
        out.append(float(width) if width else 8.43)
    return out


_RIGID = re.compile(r"^[-+\d,.%（）()]*$")
_PAD = 6.0   # points: the cell's left and right margins and a little air


def text_points(text: str, size: float) -> float:
    """Printed width of one line: CJK and full-width characters one em,
    the rest about half (a conservative estimate for the usual fonts)."""
    return sum(size * (1.0 if ord(ch) >= 0x2E80 else 0.56) for ch in text)


def fit_widths(ws: SheetView, first: int, last: int, ncols: int, head_hi: int, size: float,
               text_width_pt: float) -> Optional[list[float]]:
    """Column widths in points that fit the page: columns of figures and
    codes get what their longest entry needs (they must not wrap); columns
    of names share the rest in the sheet's proportions.  None when even the
    figures do not fit at this font size."""
    body_from = max(first, head_hi + 1)
    merged = {}
    for rng in ws.merged:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = rng
    need = [0.0] * ncols
    rigid = [True] * ncols
    spans = []   # (cols, points) of merged body cells that must not wrap
    for r in range(body_from, last + 1):
        for c in range(1, ncols + 1):
            rng = merged.get((r, c))
            if rng is not None and (rng.min_row, rng.min_col) != (r, c):
                continue
            text = _text(ws.cell(r, c))
            if not text:
                continue
            w = text_points(text, size) + _PAD
            is_rigid = bool(_RIGID.match(text))
            if rng is not None and rng.max_col > rng.min_col:
                if is_rigid:
                    spans.append((list(range(rng.min_col - 1, min(rng.max_col, ncols))), w))
                continue
            need[c - 1] = max(need[c - 1], w)
            if not is_rigid:
                rigid[c - 1] = False
    floor = 3 * size + _PAD              # a header may wrap down to three characters
    need = [max(n, floor) for n in need]
    base = _col_widths(ws, ncols)
    widths = [need[j] if rigid[j] else 0.0 for j in range(ncols)]
    flex = [j for j in range(ncols) if not rigid[j]]
    rest = text_width_pt - sum(widths)
    # names: at least four characters each, otherwise the page is too narrow
    if flex and rest < len(flex) * (4 * size + _PAD):
        return None
    if not flex and rest < 0:
        return None
    total_base = sum(base[j] for j in flex) or 1.0
    for j in flex:
        widths[j] = rest * base[j] / total_base
    # a flexible column wider than its longest name gives the excess back
    spare = 0.0
    for j in flex:
        if widths[j] > need[j]:
            spare += widths[j] - need[j]
            widths[j] = need[j]
    # what is left goes to names that still wrap, else to every column in the
    # sheet's proportions: a table spans the text width, as the printed ones do
    takers = [j for j in flex if widths[j] < need[j]]
    if takers:
        for j in takers:
            widths[j] += spare / len(takers)
    else:
        left = text_width_pt - sum(widths)
        if left > 0:
            total = sum(base)
            widths = [w + left * b / total for w, b in zip(widths, base)]
    # merged codes (类 款 项 over three columns) must fit their span
    for cols, pts in spans:
        have = sum(widths[j] for j in cols)
        if have >= pts:
            continue
        deficit = pts - have
        donors = [j for j in flex if j not in cols]
        room = sum(widths[j] - (4 * size + _PAD) for j in donors)
        if room < deficit:
            return None
        for j in donors:
            widths[j] -= deficit * (widths[j] - (4 * size + _PAD)) / room
        for j in cols:
            widths[j] += deficit / len(cols)
    return widths


# ------------------------------------------------------------------ word side
# The XML below is what python-docx writes for the calls the first version of
# this module made (Document.add_table, cell.width, paragraph_format, add_run,
# _Cell.merge), element for element and in its order, so the document is
# unchanged; tests/render/test_docx_tables.py compares it with python-docx.
_EMU_PT = 12700


def _twips(emu: int) -> int:
    return int(round(emu / 635.0))


def _half_points(size: float) -> int:
    return int(int(size * _EMU_PT) / _EMU_PT * 2)


# what lxml refuses in text, as python-docx's run did: control characters
# and U+FFFE/U+FFFF (ValueError), lone surrogates (UnicodeEncodeError)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _run(text: str, size: float, bold: bool) -> str:
    if _XML_INVALID.search(text):
        text.encode("utf-8")
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, "
                         "no NULL bytes or control characters")
    out = ['<w:r><w:rPr><w:rFonts w:ascii="{0}" w:hAnsi="{0}" w:eastAsia="{0}" w:cs="{0}"/>'
           .format(TABLE_FONT),
           "<w:b/>" if bold else '<w:b w:val="0"/>',
           f'<w:sz w:val="{_half_points(size)}"/></w:rPr>']
    # a tab is <w:tab/>, a line break <w:br/>, the rest <w:t>
    for piece in re.split(r"([\t\r\n])", text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{space}>{escape(piece)}</w:t>")
    out.append("</w:r>")
    return "".join(out)


def _pstyle(style_id: Optional[str]) -> str:
    return f"<w:pStyle w:val={quoteattr(style_id)}/>" if style_id else ""


def _para(style_id: Optional[str], text: str, size: float, *, align: Optional[str] = None,
          bold: bool = False, page_break: bool = False, keep_next: bool = False,
          tab_twips: Optional[int] = None) -> str:
    """A paragraph above or below a table: no indent, no spacing."""
    ppr = [_pstyle(style_id),
           "<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>',
           "<w:pageBreakBefore/>" if page_break else '<w:pageBreakBefore w:val="0"/>']
    if tab_twips is not None:
        ppr.append(f'<w:tabs><w:tab w:pos="{tab_twips}" w:val="right"/></w:tabs>')
    ppr.append('<w:spacing w:before="0" w:after="0"/><w:ind w:firstLine="0"/>')
    if align is not None:
        ppr.append(f'<w:jc w:val="{align}"/>')
    run = _run(text, size, bold) if text else ""
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{run}</w:p>"


class _P:
    """A cell paragraph, kept open until the merges and keep-with-next are known."""
    __slots__ = ("style_id", "jc", "run", "text", "keep_next", "bare")

    def __init__(self, style_id=None, jc=None, run="", text="", bare=False):
        self.style_id, self.jc, self.run, self.text = style_id, jc, run, text
        self.keep_next = False
        self.bare = bare      # python-docx's empty <w:p/> left in a cell whose content moved

    @property
    def has_runs(self) -> bool:
        return bool(self.run)

    def xml(self) -> str:
        if self.bare:
            return "<w:p><w:pPr><w:keepNext/></w:pPr></w:p>" if self.keep_next else "<w:p/>"
        keep = "<w:keepNext/>" if self.keep_next else ""
        return (f'<w:p><w:pPr>{_pstyle(self.style_id)}{keep}<w:ind w:firstLine="0"/>'
                f'<w:jc w:val="{self.jc}"/></w:pPr>{self.run}</w:p>')


class _Tc:
    __slots__ = ("col", "span", "twips", "vmerge", "paras")

    def __init__(self, col: int, twips: int, para: _P):
        self.col, self.span, self.twips = col, 1, twips
        self.vmerge: Optional[str] = None
        self.paras = [para]

    @property
    def empty(self) -> bool:
        return len(self.paras) == 1 and not self.paras[0].has_runs

    def move_content_to(self, other: "_Tc") -> None:
        """python-docx's CT_Tc._move_content_to."""
        if other is self or self.empty:
            return
        if other.paras and not other.paras[-1].has_runs:
            other.paras.pop()
        other.paras.extend(self.paras)
        self.paras = [_P(bare=True)]

    def xml(self) -> str:
        pr = [f'<w:tcW w:type="dxa" w:w="{self.twips}"/>']
        if self.span > 1:
            pr.append(f'<w:gridSpan w:val="{self.span}"/>')
        if self.vmerge == "restart":
            pr.append('<w:vMerge w:val="restart"/>')
        elif self.vmerge == "continue":
            pr.append("<w:vMerge/>")
        pr.append('<w:vAlign w:val="center"/>')
        return f"<w:tc><w:tcPr>{''.join(pr)}</w:tcPr>{''.join(p.xml() for p in self.paras)}</w:tc>"


def _at(row: list[_Tc], col: int) -> Optional[_Tc]:
    for tc in row:
        if tc.col <= col < tc.col + tc.span:
            return tc
    return None


def _merge(rows: list[list[_Tc]], top: int, left: int, height: int, width: int) -> bool:
    """python-docx's _Cell.merge of a rectangle of single cells, then the
    clean-up of the first version: only paragraphs with text stay in the
    merged cell (or its first one).  False when the rectangle is not made of
    single cells (an overlap: the range is skipped)."""
    for i in range(top, top + height):
        for j in range(left, left + width):
            tc = _at(rows[i], j)
            if tc is None or tc.span != 1 or tc.vmerge is not None or tc.col != j:
                return False
    top_tc = _at(rows[top], left)
    for i in range(top, top + height):
        row = rows[i]
        tc = _at(row, left)
        tc.move_content_to(top_tc)
        k = row.index(tc)
        while tc.span < width:
            nxt = row[k + 1]
            nxt.move_content_to(top_tc)
            if tc.twips and nxt.twips:
                tc.twips += nxt.twips
            tc.span += nxt.span
            del row[k + 1]
        tc.vmerge = None if height == 1 else ("restart" if i == top else "continue")
    keep = [p for p in top_tc.paras if p.text.strip()] or top_tc.paras[:1]
    top_tc.paras = keep
    return True


def _table_xml(ws: SheetView, plan: dict, widths: list[float], size: float,
               styles: dict) -> str:
    first_row, last_row, ncols = plan["first"], plan["last"], plan["cols"]
    nrows = last_row - first_row + 1
    head_lo, head_hi = _print_title_rows(ws)
    tw = [_twips(int(w * _EMU_PT)) for w in widths]
    text_id = styles["text"]
    rows: list[list[_Tc]] = []
    for i in range(nrows):
        r = first_row + i
        row = []
        for j in range(ncols):
            src = ws.cell(r, j + 1)
            text = _text(src)
            horizontal = src.horizontal
            if isinstance(src.value, (int, float, Decimal)) and not isinstance(src.value, bool):
                jc = _JC.get(horizontal, "right")
            else:
                jc = _JC.get(horizontal, "left")
            run = _run(text, size, bool(src.bold)) if text else ""
            row.append(_Tc(j, tw[j], _P(text_id, jc, run, text)))
        rows.append(row)
    # merged ranges inside the bordered block
    for rng in ws.merged:
        if rng.min_row < first_row or rng.max_row > last_row or rng.max_col > ncols:
            continue
        _merge(rows, rng.min_row - first_row, rng.min_col - 1,
               rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
    # the last rows stay with the notes below them: no page holding only a 注
    if plan["below"]:
        for i in range(max(nrows - 2, 0), nrows):
            for tc in rows[i]:
                owner = tc
                k = i
                while owner.vmerge == "continue" and k > 0:   # python-docx's row.cells
                    k -= 1
                    owner = _at(rows[k], tc.col)
                for p in owner.paras:
                    p.keep_next = True
    grid_id = styles["grid"]
    out = ["<w:tbl><w:tblPr>",
           f"<w:tblStyle w:val={quoteattr(grid_id)}/>" if grid_id else "",
           '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
           '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
           'w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
           # small cell margins: the default 1.9 mm each side costs wide tables a column
           '<w:tblCellMar><w:left w:w="40" w:type="dxa"/><w:right w:w="40" w:type="dxa"/>'
           '<w:top w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/></w:tblCellMar>'
           '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{t}"/>' for t in tw]
    out.append("</w:tblGrid>")
    for i, row in enumerate(rows):
        # print-title rows repeat on every page; no row breaks across pages
        head = "<w:tblHeader/>" if head_lo <= first_row + i <= head_hi else ""
        out.append(f"<w:tr><w:trPr>{head}<w:cantSplit/></w:trPr>")
        out += [tc.xml() for tc in row]
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _sheet_xml(ws: SheetView, text_width: int, styles: dict, first: bool) -> str:
    plan = _sheet_plan(ws)
    ncols = plan["cols"]
    widths, size = None, 10.5
    if ncols:
        text_pt = int(text_width) / _EMU_PT
        for size in (9, 8, 7.5, 7):
            widths = fit_widths(ws, plan["first"], plan["last"], ncols,
                                _print_title_rows(ws)[1], size, text_pt)
            if widths is not None:
                break
        if widths is None:   # nothing fits: the sheet's proportions, smallest font
            base = _col_widths(ws, ncols)
            widths = [w * text_pt / sum(base) for w in base]
    out = []
    # title (first line above the table) and the 部门 / 单位 line
    above = plan["above"]
    text_id = styles["text"]
    if above:
        out.append(_para(text_id, "".join(above[0]), 14, align="center", bold=True,
                         page_break=not first, keep_next=True))
    for parts in above[1:]:
        out.append(_para(text_id, "\t".join(parts) if len(parts) > 1 else parts[0], size,
                         keep_next=True, tab_twips=_twips(text_width)))
    if not ncols:
        return "".join(out)
    out.append(_table_xml(ws, plan, widths, size, styles))
    notes = plan["below"]
    for k, note in enumerate(notes):
        out.append(_para(text_id, note, max(size - 0.5, 8), keep_next=k < len(notes) - 1))
    return "".join(out)


@lru_cache(maxsize=8)
def _template_info(path: str, mtime_ns: int, size: int) -> tuple[int, dict]:
    """Text width and style ids of a template (a batch reads each template once;
    the file's time and size in the key notice an edited template)."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    doc = Document(path)
    sec = doc.sections[-1]
    text_width = int(sec.page_width) - int(sec.left_margin) - int(sec.right_margin)

    def find(name):
        try:
            return doc.styles[name]
        except KeyError:
            return None

    # style ids as python-docx resolves them: none for the default style
    part = doc.part
    text = find("Table Text") or doc.styles["Normal"]
    grid = find("Table Grid")
    styles = {"text": part.get_style_id(text, WD_STYLE_TYPE.PARAGRAPH),
              "grid": part.get_style_id(grid, WD_STYLE_TYPE.TABLE) if grid is not None else None}
    return text_width, styles


def tables_block(template_path: Path, xlsx_path: Path, sheet_names: list[str]) -> XmlBlock:
    """The Word XML of the given sheets of the rendered workbook, in order."""
    st = Path(template_path).stat()
    text_width, styles = _template_info(str(template_path), st.st_mtime_ns, st.st_size)
    views = read_rendered(Path(xlsx_path), sheet_names)
    last = {name: k for k, name in enumerate(sheet_names)}
    body = []
    for k, name in enumerate(sheet_names):
        view = views.get(name)
        if view is None:
            continue
        if last[name] == k:
            del views[name]   # each sheet's view goes once its XML is made
        body.append(_sheet_xml(view, text_width, styles, first=(k == 0)).encode("utf-8"))
    # without namespace declarations: the document it goes into declares w:
    return XmlBlock(parts=body)
