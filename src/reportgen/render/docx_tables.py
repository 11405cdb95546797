"""Word tables laid out from the table grids (``render/grid.py``).

第二部分's nine tables and 第六部分's self-evaluation tables are the grids the
workbook renderers filled (the same in-memory sheets their xlsx files are
saved from).  Per grid: the bordered block becomes a Word table; the rows
above it (title, 部门/单位) and below it (注, 说明, 备注) become paragraphs.

Where the look comes from (restyled without Python):

* fonts: the template's paragraph styles ``Table Title`` (a table's title;
  outline level 2, so it is a PDF bookmark and a 目录 entry), ``Table Text``
  (cells, the 部门 line, notes) and ``Table Heading``; their faces are the
  profile's ``[fonts] table`` (applied to the styles by ``render/docx.py``);
* borders and cell shading: the template's table style ``Table Grid``;
* sizes, line pitch, the tables' page orientation and margins: the
  profile's ``[word_tables]`` (``TableLook``);
* widths: columns of figures and codes get the width their longest entry
  needs, so a figure never wraps; columns of names share the rest of the
  text width in the sheet's proportions (tables.xlsx's column widths); a
  table whose figures do not fit gets the next smaller size of the profile.

Pages: a table's title and 部门 line keep with its first rows; a table that
fits on one page keeps all its rows together (keep-with-next through its
rows); a longer one repeats its header rows (``w:tblHeader``), breaks no
row (``w:cantSplit``), and keeps its last three rows with each other and
with its notes, so no page holds only a table's tail or only its 备注.

The Word XML is written as text (python-docx's per-cell API took seconds on
the nine tables); ``render/splice.py`` puts it into the document.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from typing import Iterable, Optional
from xml.sax.saxutils import escape, quoteattr

from reportgen.core import fmt
from reportgen.core.errors import TemplateError
from reportgen.render.grid import Grid
from reportgen.render.splice import XmlBlock

# openpyxl's horizontal alignment -> w:jc
_JC = {"center": "center", "centerContinuous": "center", "right": "right", "left": "left"}
KEEP_TAIL = 3        # rows a long table keeps together at its end


@dataclass(frozen=True)
class TableLook:
    """The Word tables' look, from profile.toml ``[word_tables]``:
    ``sizes`` the font sizes (pt) tried in turn until a table's figures fit
    the width; ``title_size`` (pt) of a table's title; ``line`` the line
    pitch as a multiple of the font size (exact, so a row's height is known);
    ``landscape`` whether 第二部分 is a landscape section; ``margins_mm`` of
    that section (top, bottom, left, right)."""
    sizes: tuple[float, ...] = (9.0, 8.0, 7.5, 7.0)
    title_size: float = 14.0
    line: float = 1.2
    landscape: bool = True
    margins_mm: tuple[float, float, float, float] = (20.0, 18.0, 22.0, 22.0)

    @classmethod
    def from_profile(cls, raw: Optional[dict], where: str) -> "TableLook":
        """Read ``[word_tables]`` (None: the defaults); TemplateError names
        the key and what it should be."""
        if raw is None:
            return cls()
        if not isinstance(raw, dict):
            raise TemplateError(f"{where}：[word_tables] 应为一段设置。")
        known = {"sizes", "title_size", "line", "landscape", "margins_mm"}
        problems = [f"{where}：[word_tables] 中未知的键“{k}”（可用：{'、'.join(sorted(known))}）。"
                    for k in raw if k not in known]

        def number(v):
            return isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0

        out = {}
        if "sizes" in raw:
            v = raw["sizes"]
            if isinstance(v, list) and v and all(number(x) and 5 <= x <= 30 for x in v):
                out["sizes"] = tuple(float(x) for x in v)
            else:
                problems.append(f"{where}：[word_tables] sizes 应为 5 到 30 之间的字号（磅）列表，"
                                f"如 [9, 8, 7.5]。")
        for key, lo, hi, what in (("title_size", 5, 40, "字号（磅）"), ("line", 1, 3, "行距倍数")):
            if key in raw:
                v = raw[key]
                if number(v) and lo <= v <= hi:
                    out[key] = float(v)
                else:
                    problems.append(f"{where}：[word_tables] {key} 应为 {lo} 到 {hi} 之间的{what}。")
        if "landscape" in raw:
            if isinstance(raw["landscape"], bool):
                out["landscape"] = raw["landscape"]
            else:
                problems.append(f"{where}：[word_tables] landscape 应为 true 或 false。")
        if "margins_mm" in raw:
            v = raw["margins_mm"]
            if isinstance(v, list) and len(v) == 4 and all(number(x) and x <= 60 for x in v):
                out["margins_mm"] = tuple(float(x) for x in v)
            else:
                problems.append(f"{where}：[word_tables] margins_mm 应为 4 个 0 到 60 之间的毫米数"
                                f"（上、下、左、右），如 [20, 18, 22, 22]。")
        if problems:
            raise TemplateError("\n".join(problems))
        return cls(**out)


@dataclass(frozen=True)
class Page:
    """The text area tables are laid out in, in points."""
    width: float
    height: float


# ------------------------------------------------------------------ grid side
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


def _header_rows(grid: Grid) -> tuple[int, int]:
    """The grid's print-title rows, or an empty range."""
    return grid.header_rows if grid.header_rows else (0, -1)


def _sheet_plan(ws: Grid) -> dict:
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


def _col_widths(ws: Grid, ncols: int) -> list[float]:
    from openpyxl.utils import get_column_letter
    out = []
    for c in range(1, ncols + 1):
        width = ws.widths.get(get_column_letter(c))
        out.append(float(width) if width else 8.43)
    return out


_RIGID = re.compile(r"^[-+\d,.%（）()]*$")
_PAD = 6.0   # points: the cell's left and right margins and a little air


@lru_cache(maxsize=65536)
def _ems(text: str) -> float:
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.56 for ch in text)


def text_points(text: str, size: float) -> float:
    """Printed width of one line: CJK and full-width characters one em,
    the rest about half (a conservative estimate for the usual fonts)."""
    return size * _ems(text)


def fit_widths(ws: Grid, first: int, last: int, ncols: int, head_hi: int, size: float,
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
_EMU_PT = 12700


def _twips(points: float) -> int:
    return int(round(points * 20))


def _half_points(size: float) -> int:
    return int(round(size * 2))


# what lxml refuses in text: control characters, U+FFFE/U+FFFF, lone surrogates
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _run(text: str, size: float, bold: bool) -> str:
    """A run in the paragraph's style's font, at ``size``; tabs and line
    breaks as Word's elements."""
    text = _XML_INVALID.sub("", text)
    out = ["<w:r><w:rPr>", "<w:b/>" if bold else '<w:b w:val="0"/>',
           f'<w:sz w:val="{_half_points(size)}"/><w:szCs w:val="{_half_points(size)}"/></w:rPr>']
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


def _spacing(size: float, look: TableLook) -> str:
    return (f'<w:spacing w:before="0" w:after="0" w:line="{_twips(size * look.line)}" '
            f'w:lineRule="exact"/>')


def _para(style_id: Optional[str], text: str, size: float, look: TableLook, *,
          align: Optional[str] = None, bold: bool = False, page_break: bool = False,
          keep_next: bool = False, tab_twips: Optional[int] = None,
          outline: Optional[int] = None) -> str:
    """A paragraph above or below a table: no indent, no spacing."""
    ppr = [_pstyle(style_id),
           "<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>',
           "<w:pageBreakBefore/>" if page_break else '<w:pageBreakBefore w:val="0"/>']
    if tab_twips is not None:
        ppr.append(f'<w:tabs><w:tab w:val="right" w:pos="{tab_twips}"/></w:tabs>')
    ppr.append(_spacing(size, look) + '<w:ind w:firstLine="0" w:firstLineChars="0"/>')
    if align is not None:
        ppr.append(f'<w:jc w:val="{align}"/>')
    if outline is not None:
        ppr.append(f'<w:outlineLvl w:val="{outline}"/>')
    run = _run(text, size, bold) if text else ""
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{run}</w:p>"


class _Tc:
    """One Word cell: its grid column, span, width, vertical merge and text."""
    __slots__ = ("col", "span", "twips", "vmerge", "text", "run", "jc")

    def __init__(self, col: int, twips: int, text: str, run: str, jc: str):
        self.col, self.span, self.twips = col, 1, twips
        self.vmerge: Optional[str] = None
        self.text, self.run, self.jc = text, run, jc

    def xml(self, style_id: Optional[str], spacing: str, keep_next: bool) -> str:
        pr = [f'<w:tcW w:type="dxa" w:w="{self.twips}"/>']
        if self.span > 1:
            pr.append(f'<w:gridSpan w:val="{self.span}"/>')
        if self.vmerge == "restart":
            pr.append('<w:vMerge w:val="restart"/>')
        elif self.vmerge == "continue":
            pr.append("<w:vMerge/>")
        pr.append('<w:vAlign w:val="center"/>')
        keep = "<w:keepNext/>" if keep_next else ""
        run = "" if self.vmerge == "continue" else self.run
        return (f"<w:tc><w:tcPr>{''.join(pr)}</w:tcPr><w:p><w:pPr>{_pstyle(style_id)}{keep}"
                f'{spacing}<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="{self.jc}"/>'
                f"</w:pPr>{run}</w:p></w:tc>")


def _merge(rows: list[list[_Tc]], top: int, left: int, height: int, width: int) -> bool:
    """Merge a rectangle of single cells (grid span across, vMerge down);
    its text is the first non-empty text of the rectangle.  False when the
    rectangle is not made of single cells (an overlap: the range is skipped)."""
    cells = []
    for i in range(top, top + height):
        row = rows[i]
        k = next((k for k, tc in enumerate(row) if tc.col == left), None)
        if k is None or k + width > len(row):
            return False
        span = row[k:k + width]
        if any(tc.span != 1 or tc.vmerge is not None or tc.col != left + n
               for n, tc in enumerate(span)):
            return False
        cells.append((row, k, span))
    first = next((tc for _, _, span in cells for tc in span if tc.text.strip()), None)
    for i, (row, k, span) in enumerate(cells):
        tc = span[0]
        tc.twips = sum(c.twips for c in span)
        tc.span = width
        del row[k + 1:k + width]
        if height > 1:
            tc.vmerge = "restart" if i == 0 else "continue"
    head = cells[0][2][0]
    if first is not None and first is not head:
        head.text, head.run, head.jc = first.text, first.run, first.jc
    return True


def _lines(text: str, size: float, width_pt: float) -> int:
    """How many lines ``text`` takes in a cell ``width_pt`` wide."""
    room = max(width_pt - _PAD, size)
    return sum(max(1, math.ceil(text_points(part, size) / room)) for part in text.split("\n")) or 1


def _row_heights(grid: Grid, first: int, last: int, ncols: int, widths: list[float],
                 size: float, look: TableLook) -> list[float]:
    """Each row's printed height in points (exact line pitch: lines of its
    tallest cell; a merged cell's lines spread over its rows)."""
    pitch = size * look.line
    lines = [1] * (last - first + 1)
    merged = {(m.min_row, m.min_col): m for m in grid.merged}
    covered = {(r, c) for m in grid.merged for r in range(m.min_row, m.max_row + 1)
               for c in range(m.min_col, m.max_col + 1) if (r, c) != (m.min_row, m.min_col)}
    for r in range(first, last + 1):
        for c in range(1, ncols + 1):
            if (r, c) in covered:
                continue
            text = _text(grid.cell(r, c))
            if not text:
                continue
            m = merged.get((r, c))
            c2 = min(m.max_col, ncols) if m else c
            r2 = min(m.max_row, last) if m else r
            n = _lines(text, size, sum(widths[c - 1:c2]))
            per = math.ceil(n / (r2 - r + 1))
            for k in range(r, r2 + 1):
                lines[k - first] = max(lines[k - first], per)
    return [n * pitch + 1 for n in lines]     # a border's width per row


def _table_xml(grid: Grid, plan: dict, widths: list[float], size: float, styles: dict,
               look: TableLook, keep: list[bool]) -> str:
    first_row, last_row, ncols = plan["first"], plan["last"], plan["cols"]
    nrows = last_row - first_row + 1
    head_lo, head_hi = _header_rows(grid)
    tw = [_twips(w) for w in widths]
    text_id = styles["text"]
    rows: list[list[_Tc]] = []
    for i in range(nrows):
        r = first_row + i
        row = []
        for j in range(ncols):
            src = grid.cell(r, j + 1)
            text = _text(src)
            if isinstance(src.value, (int, float, Decimal)) and not isinstance(src.value, bool):
                jc = _JC.get(src.horizontal, "right")
            else:
                jc = _JC.get(src.horizontal, "left")
            run = _run(text, size, bool(src.bold)) if text else ""
            row.append(_Tc(j, tw[j], text, run, jc))
        rows.append(row)
    for rng in grid.merged:
        if rng.min_row < first_row or rng.max_row > last_row or rng.max_col > ncols:
            continue
        _merge(rows, rng.min_row - first_row, rng.min_col - 1,
               rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
    grid_id = styles["grid"]
    out = ["<w:tbl><w:tblPr>",
           f"<w:tblStyle w:val={quoteattr(grid_id)}/>" if grid_id else "",
           '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
           '<w:tblLayout w:type="fixed"/>'
           # small cell margins: the default 1.9 mm each side costs wide tables a column
           '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="40" w:type="dxa"/>'
           '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="40" w:type="dxa"/></w:tblCellMar>'
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
           'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{t}"/>' for t in tw]
    out.append("</w:tblGrid>")
    spacing = _spacing(size, look)
    for i, row in enumerate(rows):
        # header rows repeat on every page; no row breaks across pages
        head = "<w:tblHeader/>" if head_lo <= first_row + i <= head_hi else ""
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>")
        out += [tc.xml(text_id, spacing, keep[i]) for tc in row]
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _keep(heights: list[float], header: int, has_notes: bool, room: float) -> list[bool]:
    """keep-with-next per table row.  A table that fits in ``room`` keeps
    every row with the next (the last one only when notes follow); a longer
    one keeps its header and first rows with each other (its title is kept
    with them) and its last ``KEEP_TAIL`` rows with each other and the notes."""
    n = len(heights)
    if sum(heights) <= room:
        return [i < n - 1 or has_notes for i in range(n)]
    keep = [False] * n
    for i in range(min(header + KEEP_TAIL, n) - 1):
        keep[i] = True
    for i in range(max(n - KEEP_TAIL, 0), n):
        keep[i] = i < n - 1 or has_notes
    return keep


def _widths_at(grid: Grid, plan: dict, size: float, page: Page) -> Optional[list[float]]:
    return fit_widths(grid, plan["first"], plan["last"], plan["cols"], _header_rows(grid)[1],
                      size, page.width)


def _layout(grid: Grid, plan: dict, page: Page, look: TableLook, space: float) -> dict:
    """Size, widths and pagination of one grid: of the profile's sizes at
    which the figures fit the width, the largest that needs the fewest
    pages; ``break`` when the table fits a page but not the ``space`` left
    on the current one (it then starts on the next page instead of being
    split, whatever the program's handling of keep-with-next in tables)."""
    ncols = plan["cols"]

    def candidates():
        found = False
        for size in look.sizes:
            widths = _widths_at(grid, plan, size, page)
            if widths is not None:
                found = True
                yield size, widths
        if not found:   # nothing fits: the sheet's proportions, smallest size
            base = _col_widths(grid, ncols)
            yield look.sizes[-1], [w * page.width / sum(base) for w in base]

    best = None
    for size, widths in candidates():
        above = look.title_size * look.line + sum(
            size * look.line for _ in plan["above"][1:]) if plan["above"] else 0.0
        note_size = max(size - 0.5, 7)
        notes = sum(_lines(n, note_size, page.width) * note_size * look.line
                    for n in plan["below"])
        heights = _row_heights(grid, plan["first"], plan["last"], ncols, widths, size, look)
        header = max(0, min(_header_rows(grid)[1], plan["last"]) - plan["first"] + 1)
        total = above + sum(heights) + notes + 2 * size
        if total <= space:
            pages, brk = 1, False
        elif total <= page.height:
            pages, brk = 1, True
        else:
            head_h = sum(heights[:header])
            per_page = max(page.height - head_h, size)
            pages, brk = 1 + math.ceil((total - page.height) / per_page), space < page.height / 3
        if best is None or pages < best["pages"]:
            best = {"size": size, "widths": widths, "pages": pages, "break": brk,
                    "heights": heights, "header": header, "total": total,
                    "room": page.height - above - notes - 2 * size, "note_size": note_size}
        if pages == 1:
            break       # the largest size that needs one page: no smaller one does better
    return best


def _grid_xml(grid: Grid, page: Page, styles: dict, look: TableLook, page_break: bool,
              space: float) -> str:
    plan = _sheet_plan(grid)
    ncols = plan["cols"]
    lay = _layout(grid, plan, page, look, page.height if page_break else space) if ncols else {
        "size": look.sizes[0], "break": False}
    size = lay["size"]
    out = []
    above = plan["above"]
    text_id = styles["text"]
    if above:
        # the title: a heading of its own (outline level 2: a bookmark)
        out.append(_para(styles["title"], "".join(above[0]), look.title_size, look,
                         align="center", bold=True, page_break=page_break or lay["break"],
                         keep_next=True, outline=1))
    for parts in above[1:]:
        out.append(_para(text_id, "\t".join(parts) if len(parts) > 1 else parts[0], size, look,
                         keep_next=True, tab_twips=_twips(page.width)))
    if not ncols:
        return "".join(out)
    notes = plan["below"]
    keep = _keep(lay["heights"], lay["header"], bool(notes), lay["room"])
    out.append(_table_xml(grid, plan, lay["widths"], size, styles, look, keep))
    for k, note in enumerate(notes):
        out.append(_para(text_id, note, lay["note_size"], look, keep_next=k < len(notes) - 1))
    return "".join(out)


def tables_block(grids: Iterable[Grid], page: Page, styles: dict, look: TableLook,
                 space: Optional[float] = None, after: str = "") -> XmlBlock:
    """The Word XML of ``grids`` in order, one part per grid, then ``after``
    (e.g. a section break) as a last part.  Each table after the first
    starts on a new page; the first one too if it fits a page but not the
    ``space`` (points) left on the page where the block begins (default: a
    whole page).  ``styles`` maps "text", "title" and "grid" to the
    template's style ids."""
    space = page.height if space is None else space
    body = [_grid_xml(g, page, styles, look, page_break=k > 0, space=space).encode("utf-8")
            for k, g in enumerate(grids)]
    if after:
        body.append(after.encode("utf-8"))
    # without namespace declarations: the document it goes into declares w:
    return XmlBlock(parts=body)
