"""The example's document converted to PDF (LibreOffice) and read back page by
page (pypdf): the tables hold together as the reference prints them.

* 表1, from its title to 总计 and its notes, lies on one page (the reference
  prints it on one page);
* no page holds only the tail of a table (fewer than three rows) or only its
  注/备注: a table's last three rows and its notes share its last page;
* 第二部分 is printed landscape, as the tables workbook is;
* the PDF's bookmarks come from the headings: the six parts, 表1–表9 under
  第二部分 and the self-evaluation tables under 第六部分.
"""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from reportgen.build import build
from support import EXAMPLE, convert_to_pdf

pytestmark = pytest.mark.slow
pypdf = pytest.importorskip("pypdf")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """(the document, its PDF's pages as text without whitespace, the reader)."""
    # the soffice launcher, not render.pdf's soffice.bin: a first start of
    # the bare binary with a new profile only asks to be restarted (exit 81)
    from support import soffice_path
    exe = soffice_path()
    if exe is None:
        pytest.skip("LibreOffice not installed")
    out = tmp_path_factory.mktemp("pages")
    result = build(EXAMPLE, out)
    docx = next(p for p in result.outputs if p.suffix == ".docx")
    plain = out / "doc.docx"
    plain.write_bytes(docx.read_bytes())
    pdf = convert_to_pdf(exe, plain, out)
    reader = pypdf.PdfReader(str(pdf))
    pages = [_flat(p.extract_text() or "") for p in reader.pages]
    return Document(str(docx)), pages, reader


def _tables(doc):
    """(title, rows as lists of cell texts, notes) of every table with a
    Table Title paragraph above it, in document order."""
    out = []
    for tbl in doc.element.body.iterchildren(qn("w:tbl")):
        p, title = tbl.getprevious(), ""
        while p is not None and p.tag == qn("w:p"):
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is not None and style.get(qn("w:val")) == "TableTitle":
                title = _flat(_text(p))
                break
            p = p.getprevious()
        if not title:
            continue
        rows = [[_flat(_text(tc)) for tc in tr.iterchildren(qn("w:tc"))]
                for tr in tbl.iterchildren(qn("w:tr"))]
        notes, nxt = [], tbl.getnext()
        while nxt is not None and nxt.tag == qn("w:p") and _text(nxt).strip():
            style = nxt.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is None or style.get(qn("w:val")) != "TableText":
                break          # the next table's title, a heading, body text
            notes.append(_flat(_text(nxt)))
            nxt = nxt.getnext()
        out.append((title, rows, notes))
    return out


def _snippet(row: list[str]) -> str:
    """A piece of a row's text that a page's extraction keeps whole: the
    start of its longest cell."""
    return max(row, key=len)[:6]


def _page_of(pages: list[str], text: str, start: int = 0) -> int:
    return next(i for i in range(start, len(pages)) if text in pages[i])


def test_table1_from_title_to_total_on_one_page(printed):
    doc, pages, _ = printed
    title, rows, notes = next(t for t in _tables(doc) if t[0].endswith("（表1）"))
    k = _page_of(pages, title)
    page = pages[k]
    # the reference's 表1 rows, its last row (总计 31 … 总计 62) and notes
    for piece in ("一、一般公共预算财政拨款收入113,258.64", "本年收入合计2713,258.64",
                  "年初结转和结余29", "总计3113,258.64总计6213,258.64", notes[0][:10],
                  notes[-1][:10]):
        assert piece in page, piece
    assert title not in "".join(pages[k + 1:k + 2])


def test_no_page_holds_only_a_tail_or_a_note(printed):
    doc, pages, _ = printed
    tables = _tables(doc)
    starts = []
    at = 0
    for title, _, _ in tables:
        at = _page_of(pages, title, at)
        starts.append(at)
    # pages that begin a part (第三部分 …) end the table before them
    parts = [i for i, text in enumerate(pages) if re.match(r"第[一二三四五六七八九十]+部分", text)]
    for n, (title, rows, notes) in enumerate(tables):
        first = starts[n]
        end = min([starts[n + 1] if n + 1 < len(tables) else len(pages)]
                  + [i for i in parts if i > first])
        body = [r for r in rows if any(r)]
        tail = _snippet(body[-3]) if len(body) >= 3 else _snippet(body[0])
        last_row = _snippet(body[-1])
        # the last page of the table: where its last row is printed
        last = max(i for i in range(first, end) if last_row in pages[i])
        assert tail in pages[last], (title, last - first + 1, tail)
        for note in notes[:1]:
            assert note[:8] in pages[last], (title, note[:20])
        # and a page that begins with a table's note would be a page of notes only
        for i in range(first + 1, last + 1):
            assert not pages[i].startswith(("注", "备注", "说明")), (title, i + 1)


def test_tables_part_is_landscape_and_the_rest_portrait(printed):
    doc, pages, reader = printed
    tables = _tables(doc)
    nine = [t for t in tables if re.search(r"（表\d）$", t[0])]
    assert len(nine) == 9
    for title, _, _ in nine:
        box = reader.pages[_page_of(pages, title)].mediabox
        assert box.width > box.height, title
    first = _page_of(pages, "第三部分")
    box = reader.pages[first].mediabox
    assert box.width < box.height


def _outline(reader) -> list[tuple[int, str]]:
    out = []

    def walk(items, depth):
        for it in items:
            if isinstance(it, list):
                walk(it, depth + 1)
            else:
                out.append((depth, _flat(it.title)))
    walk(reader.outline, 0)
    return out


def test_bookmarks_for_parts_and_tables(printed):
    doc, _, reader = printed
    marks = _outline(reader)
    parts = [t for d, t in marks if d == 0]
    assert [p[:4] for p in parts] == ["第一部分", "第二部分", "第三部分", "第四部分", "第五部分",
                                      "第六部分"]
    titles = [t for t, _, _ in _tables(doc)]
    level = {t: d for d, t in marks}
    for title in titles:
        assert level.get(title) == 1, title
