"""A bounded pre-scan of a worksheet's raw XML, before openpyxl parses it.

openpyxl reads what it is given, however large: one row of millions of
styled empty cells costs minutes and gigabytes, and its read-only mode stops
at the sheet's declared ``<dimension>``.  This scan streams the sheet part
out of the zip archive through expat (the standard library's C parser; a
document type declaration, and with it any entity, is refused outright, so
nothing defusedxml guards against can happen here) and counts, stopping at
the first limit passed:

- rows (by the row number a ``<row>`` carries, and ``<row>`` elements),
- cells in one row, and cells in the sheet.

It also notes what the reader needs to read every non-empty cell wherever
it is: the last row holding a value (however long the blank gap before it,
whatever the dimension says) and the non-empty cells to the right of the
columns the reader reads.  It never holds more than one chunk of the part,
plus, for sheets up to ``HOLD_BYTES``, the part's bytes for the formula scan.

The limits are given by the caller (read/reader.py holds their values;
docs/reliability.md lists them).  Passing one raises ``UnusableInput`` with a
message naming the sheet and the row.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import Optional
from xml.parsers import expat

from reportgen.core.errors import UnusableInput

CHUNK = 1 << 20
HOLD_BYTES = 32 * 1024 * 1024
# how many ignored cells a finding lists by reference
MAX_LISTED = 20



@dataclass
class Limits:
    """What one sheet may hold: row number, cells in a row, cells in all,
    and the columns read (cells beyond them are reported, not read)."""

    rows: int
    cells_per_row: int
    cells: int
    cols: int


@dataclass
class SheetScan:
    """What the scan found in one sheet part."""

    part: str
    last_row: int = 0             # the last row holding a value (0: none)
    cells: int = 0                # <c> elements
    ignored: list[str] = field(default_factory=list)   # A1 refs beyond Limits.cols, up to MAX_LISTED
    ignored_count: int = 0
    data: Optional[bytes] = None  # the part's bytes, when at most HOLD_BYTES


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch.upper()) - 64)
    return n


def _split_ref(ref: str) -> tuple[int, int]:
    """(column, row) of an A1 reference; (0, 0) when it is not one."""
    i = 0
    ref = ref.replace("$", "")
    while i < len(ref) and ref[i].isalpha():
        i += 1
    letters, digits = ref[:i], ref[i:]
    if not letters or len(letters) > 3 or not digits.isdigit():
        return 0, 0
    return _col_index(letters), int(digits)


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _col_letters(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _safe_parse(data: bytes):
    """Parse a small XML part (workbook.xml, its rels) with defusedxml."""
    from defusedxml import ElementTree as DET
    return DET.fromstring(data)


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> the part name of its XML in ``zf``, from the package
    relationships and workbook.xml (read with defusedxml).  Empty where the
    package does not say (openpyxl then reports what is wrong)."""
    try:
        rels = _safe_parse(zf.read("_rels/.rels"))
        wb_part = next((r.get("Target", "") for r in rels
                        if r.get("Type", "").endswith("/officeDocument")), "xl/workbook.xml")
        wb_part = wb_part.lstrip("/")
        base = posixpath.dirname(wb_part)
        wb_rels_name = posixpath.join(base, "_rels", posixpath.basename(wb_part) + ".rels")
        targets = {}
        for r in _safe_parse(zf.read(wb_rels_name)):
            t = r.get("Target", "")
            t = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join(base, t))
            targets[r.get("Id")] = t
        out = {}
        for el in _safe_parse(zf.read(wb_part)).iter():
            if _local(el.tag.rpartition("}")[2]) == "sheet":
                # r:id, in the transitional or the Strict namespace
                rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
                if rid in targets and el.get("name") is not None:
                    out[el.get("name")] = targets[rid]
        return out
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, SyntaxError):
        return {}
    except Exception:  # noqa: BLE001 - defusedxml's refusals and parse errors: openpyxl's turn
        return {}


def scan_sheet(zf: zipfile.ZipFile, part: str, title: str, limits: Limits) -> SheetScan:
    """Stream ``part`` of ``zf`` (the sheet ``title``) once; raises
    UnusableInput as soon as a limit is passed, or for a declaration."""
    res = SheetScan(part)
    state = {"row": 0, "rows": 0, "row_cells": 0, "col": 0, "in_cell": False,
             "cell_has": False, "text": False, "cell_ref": ""}

    def refuse(kind: str, what: str):
        raise UnusableInput(kind, f"工作表“{title}”{what}，不像是决算输入工作簿，已拒绝读取。"
                                  "请删除多余的行、列或格式后重新保存。")

    def start(name, attrs):
        tag = _local(name)
        if tag == "row":
            r = attrs.get("r")
            idx = int(r) if r is not None and r.isdigit() else state["row"] + 1
            state["row"], state["row_cells"], state["col"] = idx, 0, 0
            state["rows"] += 1
            if idx > limits.rows or state["rows"] > limits.rows:
                refuse("too_many_rows", f"超过 {limits.rows:,} 行")
        elif tag == "c":
            state["row_cells"] += 1
            res.cells += 1
            if state["row_cells"] > limits.cells_per_row:
                refuse("too_wide", f"第 {state['row']} 行超过 {limits.cells_per_row:,} 个单元格")
            if res.cells > limits.cells:
                refuse("too_many_cells", f"超过 {limits.cells:,} 个单元格")
            col, _ = _split_ref(attrs.get("r", ""))
            state["col"] = col or state["col"] + 1
            state["in_cell"], state["cell_has"] = True, False
        elif tag in ("v", "t") and state["in_cell"]:
            state["text"] = True

    def end(name):
        tag = _local(name)
        if tag in ("v", "t"):
            state["text"] = False
        elif tag == "c" and state["in_cell"]:
            state["in_cell"] = False
            if state["cell_has"]:
                res.last_row = max(res.last_row, state["row"])
                if state["col"] > limits.cols:
                    res.ignored_count += 1
                    if len(res.ignored) < MAX_LISTED:
                        res.ignored.append(f"{_col_letters(state['col'])}{state['row']}")

    def chars(text):
        if state["text"] and text.strip():
            state["cell_has"] = True

    def doctype(*_args):
        raise UnusableInput("unsafe_xml", f"工作表“{title}”含有 XML 文档类型/实体声明，"
                                          "可能是恶意构造的文件，已拒绝读取。请用 Excel 重新保存一份干净的工作簿。")

    p = expat.ParserCreate()
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, chars
    p.StartDoctypeDeclHandler = doctype
    p.EntityDeclHandler = doctype
    p.buffer_text = True
    size = zf.getinfo(part).file_size
    held: Optional[list[bytes]] = [] if size <= HOLD_BYTES else None
    with zf.open(part) as fh:
        while True:
            chunk = fh.read(CHUNK)
            if held is not None:
                held.append(chunk)
            p.Parse(chunk, not chunk)
            if not chunk:
                break
    if held is not None:
        res.data = b"".join(held)
    return res
