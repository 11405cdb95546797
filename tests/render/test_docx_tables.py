"""render/docx_tables.py writes Word XML as text and reads the rendered xlsx
from its XML, for speed.  Both shortcuts are held here to what they replace:
the reader to openpyxl's full load, the XML to what python-docx writes for
the same calls (the first version of the module, kept below as the oracle),
on the example's tables and on seeded random sheets (borders, merges,
print titles, widths, numbers, text with tabs and line breaks)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt
from lxml import etree
from openpyxl.styles import Alignment, Border, Font, Side

from reportgen.build import build, output_paths
from reportgen.core.profile import load_profile
from reportgen.render import docx_tables as dt_mod
from support import EVERY_COLUMN, EXAMPLE

TEMPLATE = load_profile("default").folder / "document.docx"


# ------------------------------------------------------------------ oracle
_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "centerContinuous": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}


def _fonts(run, size, bold=False):
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._r.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), dt_mod.TABLE_FONT)


def _para(container, text, style, size, *, align=None, bold=False, page_break=False,
          keep_next=False):
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


def _sheet_to_word(doc, ws, text_width, styles, first):
    """The python-docx version of _sheet_xml (the module's first version)."""
    view = dt_mod.view_of(ws)
    plan = dt_mod._sheet_plan(view)
    ncols = plan["cols"]
    widths, size = None, 10.5
    if ncols:
        text_pt = int(text_width) / 12700
        for size in (9, 8, 7.5, 7):
            widths = dt_mod.fit_widths(view, plan["first"], plan["last"], ncols,
                                       dt_mod._print_title_rows(view)[1], size, text_pt)
            if widths is not None:
                break
        if widths is None:
            base = dt_mod._col_widths(view, ncols)
            widths = [w * text_pt / sum(base) for w in base]
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
    head_lo, head_hi = dt_mod._print_title_rows(view)
    emus = [Emu(int(w * 12700)) for w in widths]
    for col, w in zip(table.columns, emus):
        col.width = w
    rows = table.rows
    for i in range(nrows):
        r = first_row + i
        cells = rows[i].cells
        trpr = rows[i]._tr.get_or_add_trPr()
        if head_lo <= r <= head_hi:
            trpr.append(OxmlElement("w:tblHeader"))
        trpr.append(OxmlElement("w:cantSplit"))
        for j in range(ncols):
            cell = cells[j]
            cell.width = emus[j]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            src = ws.cell(r, j + 1)
            text = dt_mod._text(src)
            p = cell.paragraphs[0]
            p.style = styles["text"]
            p.paragraph_format.first_line_indent = Pt(0)
            horizontal = src.alignment.horizontal if src.alignment is not None else None
            if isinstance(src.value, (int, float, Decimal)) and not isinstance(src.value, bool):
                p.alignment = _ALIGN.get(horizontal, WD_ALIGN_PARAGRAPH.RIGHT)
            else:
                p.alignment = _ALIGN.get(horizontal, WD_ALIGN_PARAGRAPH.LEFT)
            if text:
                _fonts(p.add_run(text), size, bold=bool(src.font and src.font.b))
    for rng in ws.merged_cells.ranges:
        if rng.min_row < first_row or rng.max_row > last_row or rng.max_col > ncols:
            continue
        a = table.cell(rng.min_row - first_row, rng.min_col - 1)
        b = table.cell(rng.max_row - first_row, rng.max_col - 1)
        merged = a.merge(b)
        paras = merged.paragraphs
        keep = [p for p in paras if p.text.strip()] or paras[:1]
        for p in paras:
            if p not in keep:
                p._p.getparent().remove(p._p)
    if plan["below"]:
        for row in table.rows[-2:]:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True
    notes = plan["below"]
    for k, note in enumerate(notes):
        _para(doc, note, styles["text"], max(size - 0.5, 8), keep_next=k < len(notes) - 1)


def oracle_block(xlsx: Path, names: list[str]) -> str:
    doc = Document(str(TEMPLATE))
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
    wb = openpyxl.load_workbook(xlsx)
    for k, name in enumerate(names):
        if name in wb.sheetnames:
            _sheet_to_word(doc, wb[name], text_width, styles, first=(k == 0))
    return "".join(etree.tostring(c, encoding="unicode") for c in body if c is not sect)


def canonical(block: str) -> bytes:
    """The block as docxtpl receives it, parsed inside the template's body."""
    root = Document(str(TEMPLATE)).element
    decls = " ".join(f'xmlns:{p}="{u}"' for p, u in root.nsmap.items())
    return etree.tostring(etree.fromstring(f"<w:body {decls}>{block}</w:body>".encode()),
                          method="c14n")


# ------------------------------------------------------------------ inputs
THIN = Side(style="thin")


def _value(rng):
    k = rng.random()
    if k < 0.15:
        return None
    if k < 0.35:
        return rng.randint(-10**6, 10**7)
    if k < 0.55:
        return round(rng.uniform(-1e6, 1e7), rng.choice([0, 1, 2, 3]))
    if k < 0.6:
        return rng.choice([True, False])
    if k < 0.62:
        return dt.datetime(2022, 1, 2)
    return rng.choice(["收入", "一般公共预算财政拨款收入", " lead", "trail ", "a\tb", "l1\nl2",
                       "&<>\"'", "2080101", "（一）行政运行", "12.50", "=not a formula", "",
                       "\u3000全角", "#N/A", "x" * 40])


def random_book(path: Path, seed: int) -> list[str]:
    rng = random.Random(seed)
    wb = openpyxl.Workbook()
    names = []
    for s in range(rng.randint(1, 3)):
        ws = wb.active if s == 0 else wb.create_sheet()
        ws.title = f"S{s}"
        names.append(ws.title)
        rows, cols = rng.randint(1, 18), rng.randint(1, 8)
        first = min(rows, rng.randint(1, 4))
        last = min(rows, first + rng.randint(0, 14))
        for r in range(1, rows + 1):
            for c in range(1, cols + 1):
                if rng.random() < 0.15:
                    continue
                cell = ws.cell(r, c)
                v = _value(rng)
                if v is not None:
                    cell.value = v
                    if isinstance(v, str):
                        cell.data_type = "s"
                if first <= r <= last and rng.random() < 0.9:
                    cell.border = Border(**{side: THIN for side in ("left", "right", "top", "bottom")
                                            if rng.random() < 0.8})
                if rng.random() < 0.5:
                    cell.alignment = Alignment(horizontal=rng.choice(
                        [None, "left", "center", "right", "centerContinuous", "general"]))
                if rng.random() < 0.3:
                    cell.font = Font(b=rng.random() < 0.5)
                if rng.random() < 0.5:
                    cell.number_format = rng.choice(["General", "0.00", "#,##0.00", "0", "@"])
        if rng.random() < 0.1:
            ws.cell(1, 1).value = "=SUM(B1:B2)"
        used: set = set()
        for _ in range(rng.randint(0, 8)):
            r0, c0 = rng.randint(1, rows), rng.randint(1, cols)
            r1, c1 = min(rows, r0 + rng.randint(0, 3)), min(cols, c0 + rng.randint(0, 3))
            cells = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
            if len(cells) < 2 or cells & used:
                continue
            used |= cells
            ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
            # a file from Excel keeps the borders of the covered cells: openpyxl
            # gives the top-left the bottom-right's right and bottom border on load
            if rng.random() < 0.5:
                ws.cell(r1, c1).border = Border(right=THIN, bottom=THIN)
        if rng.random() < 0.7:
            a = rng.randint(first, last)
            ws.print_title_rows = f"{a}:{rng.randint(a, last)}"
        for c in range(1, cols + 1):
            if rng.random() < 0.6:
                ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = rng.choice(
                    [4, 6, 8.43, 15, 34, 60])
    wb.save(path)
    return names


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> list[Path]:
    """The tables workbooks of two real builds."""
    out = []
    for src in (EXAMPLE, EVERY_COLUMN):
        folder = tmp_path_factory.mktemp("built")
        built = build(src, folder)
        tables = output_paths(built.report, folder)["tables"]
        out += [tables] + [p for p in built.outputs if p.suffix == ".xlsx" and p != tables]
    return out


def _same_view(a: dt_mod.SheetView, b: dt_mod.SheetView) -> None:
    assert a.cells == b.cells
    assert set(a.merged) == set(b.merged)
    assert a.widths == b.widths
    assert a.print_title_rows == b.print_title_rows
    assert a.blank == b.blank
    assert (a.max_row, a.max_column) == (b.max_row, b.max_column)


# ------------------------------------------------------------------ tests
def test_fast_reader_reads_the_rendered_tables_as_openpyxl_does(rendered):
    for path in rendered:
        names = openpyxl.load_workbook(path, read_only=True).sheetnames
        fast, slow = dt_mod._read_fast(path, names), dt_mod._read_openpyxl(path, names)
        assert fast.keys() == slow.keys() == set(names)
        for name in names:
            _same_view(fast[name], slow[name])


@pytest.mark.parametrize("seed", range(40))
def test_random_sheets_read_and_written_as_before(tmp_path, seed):
    path = tmp_path / "t.xlsx"
    names = random_book(path, seed)
    try:
        fast = dt_mod._read_fast(path, names)
    except Exception:  # noqa: BLE001 - dates and formulas are left to openpyxl
        fast = None
    if fast is not None:
        slow = dt_mod._read_openpyxl(path, names)
        for name in names:
            _same_view(fast[name], slow[name])
    try:
        expected = canonical(oracle_block(path, names))
    except Exception as exc:  # noqa: BLE001 - the oracle's own failures must be matched
        with pytest.raises(type(exc)):
            dt_mod.tables_block(TEMPLATE, path, names)
        return
    assert canonical(dt_mod.tables_block(TEMPLATE, path, names).xml) == expected


def test_example_tables_are_what_python_docx_wrote(rendered):
    path = rendered[0]    # the example's nine tables (the oracle takes seconds a workbook)
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert canonical(dt_mod.tables_block(TEMPLATE, path, names).xml) == \
        canonical(oracle_block(path, names))


def test_a_workbook_the_fast_reader_cannot_read_falls_back_to_openpyxl(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    ws["A1"] = dt.datetime(2022, 12, 31)      # a date: openpyxl converts it
    ws["A1"].border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    path = tmp_path / "d.xlsx"
    wb.save(path)
    with pytest.raises(dt_mod._Unsupported):
        dt_mod._read_fast(path, ["表"])
    assert dt_mod.read_rendered(path, ["表"])["表"].cell(1, 1).value == dt.datetime(2022, 12, 31)
