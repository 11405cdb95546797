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
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Optional

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt

from .. import fmt

_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "centerContinuous": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}
TABLE_FONT = "宋体"


class XmlBlock:
    """Body XML for docxtpl's ``{{p tables }}``: inserted as is (tables are
    built from a copy of the template document, so their style ids exist)."""

    def __init__(self, xml: str):
        self.xml = xml

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


# ------------------------------------------------------------------ xlsx side
def _bordered(cell) -> bool:
    b = cell.border
    return any(getattr(b, side) is not None and getattr(b, side).style
               for side in ("left", "right", "top", "bottom"))


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


def _sheet_plan(ws) -> dict:
    max_row, max_col = ws.max_row, ws.max_column
    bordered_rows = [r for r in range(1, max_row + 1)
                     if any(_bordered(ws.cell(r, c)) for c in range(1, max_col + 1))]
    if not bordered_rows:
        return {"above": [], "rows": [], "below": [], "cols": 0}
    first, last = bordered_rows[0], bordered_rows[-1]
    cols = [c for c in range(1, max_col + 1)
            if any(_bordered(ws.cell(r, c)) for r in range(first, last + 1))]
    ncols = max(cols) if cols else 0

    def line(r):
        return [t for t in (_text(ws.cell(r, c)) for c in range(1, max_col + 1)) if t]

    above = [line(r) for r in range(1, first) if line(r)]
    below = [" ".join(line(r)) for r in range(last + 1, max_row + 1) if line(r)]
    return {"above": above, "first": first, "last": last, "cols": ncols,
            "below": below}


def _col_widths(ws, ncols: int) -> list[float]:
    from openpyxl.utils import get_column_letter
    out = []
    for c in range(1, ncols + 1):
        dim = ws.column_dimensions.get(get_column_letter(c))
        out.append(float(dim.width) if dim is not None and dim.width else 8.43)
    return out


_RIGID = re.compile(r"^[-+\d,.%（）()]*$")
_PAD = 6.0   # points: the cell's left and right margins and a little air


def text_points(text: str, size: float) -> float:
    """Printed width of one line: CJK and full-width characters one em,
    the rest about half (a conservative estimate for the usual fonts)."""
    return sum(size * (1.0 if ord(ch) >= 0x2E80 else 0.56) for ch in text)


def fit_widths(ws, first: int, last: int, ncols: int, head_hi: int, size: float,
               text_width_pt: float) -> Optional[list[float]]:
    """Column widths in points that fit the page: columns of figures and
    codes get what their longest entry needs (they must not wrap); columns
    of names share the rest in the sheet's proportions.  None when even the
    figures do not fit at this font size."""
    body_from = max(first, head_hi + 1)
    merged = {}
    for rng in ws.merged_cells.ranges:
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
def _fonts(run, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._r.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), TABLE_FONT)


def _para(container, text: str, style, size: float, *, align=None, bold=False,
          page_break=False, keep_next=False):
    p = container.add_paragraph(style=style)
    pf = p.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    pf.page_break_before = page_break
    pf.keep_with_next = keep_next
    if text:
        _fonts(p.add_run(text), size, bold)
    return p


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _narrow_margins(table) -> None:
    """Small cell margins: the default 1.9 mm each side costs wide tables a column."""
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side, w in (("left", 40), ("right", 40), ("top", 0), ("bottom", 0)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(w))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)


def _sheet_to_word(doc, ws, text_width: Emu, styles: dict, first: bool) -> None:
    plan = _sheet_plan(ws)
    ncols = plan["cols"]
    widths, size = None, 10.5
    if ncols:
        text_pt = int(text_width) / 12700
        for size in (9, 8, 7.5, 7):
            widths = fit_widths(ws, plan["first"], plan["last"], ncols,
                                _print_title_rows(ws)[1], size, text_pt)
            if widths is not None:
                break
        if widths is None:   # nothing fits: the sheet's proportions, smallest font
            base = _col_widths(ws, ncols)
            widths = [w * text_pt / sum(base) for w in base]
    # title (first line above the table) and the 部门 / 单位 line
    above = plan["above"]
    if above:
        _para(doc, "".join(above[0]), styles["text"], 14, align=WD_ALIGN_PARAGRAPH.CENTER,
              bold=True, page_break=not first, keep_next=True)
    for parts in above[1:]:
        p = _para(doc, "", styles["text"], size, keep_next=True)
        p.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
        _fonts(p.add_run("\t".join(parts) if len(parts) > 1 else parts[0]), size)
    if not ncols:
        return
    first_row, last_row = plan["first"], plan["last"]
    nrows = last_row - first_row + 1
    table = doc.add_table(rows=nrows, cols=ncols)
    if styles.get("grid") is not None:
        table.style = styles["grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _narrow_margins(table)
    head_lo, head_hi = _print_title_rows(ws)
    emus = [Emu(int(w * 12700)) for w in widths]
    for col, w in zip(table.columns, emus):
        col.width = w
    rows = table.rows
    for i in range(nrows):
        r = first_row + i
        cells = rows[i].cells
        is_head = head_lo <= r <= head_hi
        if is_head:
            _repeat_header(rows[i])
        _cant_split(rows[i])
        for j in range(ncols):
            cell = cells[j]
            cell.width = emus[j]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            src = ws.cell(r, j + 1)
            text = _text(src)
            p = cell.paragraphs[0]
            p.style = styles["text"]
            pf = p.paragraph_format
            pf.first_line_indent = Pt(0)
            horizontal = src.alignment.horizontal if src.alignment is not None else None
            if isinstance(src.value, (int, float, Decimal)) and not isinstance(src.value, bool):
                p.alignment = _ALIGN.get(horizontal, WD_ALIGN_PARAGRAPH.RIGHT)
            else:
                p.alignment = _ALIGN.get(horizontal, WD_ALIGN_PARAGRAPH.LEFT)
            if text:
                _fonts(p.add_run(text), size, bold=bool(src.font and src.font.b))
    # merged ranges inside the bordered block
    for rng in ws.merged_cells.ranges:
        if rng.min_row < first_row or rng.max_row > last_row or rng.max_col > ncols:
            continue
        a = table.cell(rng.min_row - first_row, rng.min_col - 1)
        b = table.cell(rng.max_row - first_row, rng.max_col - 1)
        merged = a.merge(b)
        # merge() joins the paragraphs of all cells: keep only those with text
        paras = merged.paragraphs
        keep = [p for p in paras if p.text.strip()] or paras[:1]
        for p in paras:
            if p not in keep:
                p._p.getparent().remove(p._p)
    # the last rows stay with the notes below them: no page holding only a 注
    if plan["below"]:
        for row in table.rows[-2:]:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True
    notes = plan["below"]
    for k, note in enumerate(notes):
        _para(doc, note, styles["text"], max(size - 0.5, 8), keep_next=k < len(notes) - 1)


def tables_block(template_path: Path, xlsx_path: Path, sheet_names: list[str]) -> XmlBlock:
    """The Word XML of the given sheets of the rendered workbook, in order."""
    import openpyxl

    doc = Document(str(template_path))
    body = doc.element.body
    sect = body.sectPr
    for child in list(body):
        if child is not sect:
            body.remove(child)
    sec = doc.sections[-1]
    text_width = Emu(int(sec.page_width) - int(sec.left_margin) - int(sec.right_margin))

    def find(name):
        try:
            return doc.styles[name]
        except KeyError:
            return None

    styles = {"text": find("Table Text") or doc.styles["Normal"], "grid": find("Table Grid")}
    wb = openpyxl.load_workbook(xlsx_path)
    try:
        for k, name in enumerate(sheet_names):
            if name in wb.sheetnames:
                _sheet_to_word(doc, wb[name], text_width, styles, first=(k == 0))
    finally:
        wb.close()
    xml_parts = []
    from lxml import etree
    for child in body:
        if child is sect:
            continue
        xml_parts.append(etree.tostring(child, encoding="unicode"))
    return XmlBlock("".join(xml_parts))
