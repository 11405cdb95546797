"""Blocks of Word body XML spliced into the rendered document.

The tables of 第二部分 and 第六部分 are not passed through docxtpl: for the
largest benchmark workbook they are 80 MB of XML, and Jinja, docxtpl's
regular expressions and an lxml tree of them took most of the memory and
time of a large document.  Instead:

1. the template names a block where it wants it, as a paragraph tag of its
   own: ``{{p tables }}`` or ``{{p perf_tables }}``;
2. the renderer gives docxtpl a ``Placeholder`` for that name: it renders
   as one paragraph holding a token (two word joiners around
   ``reportgen-block:<name>``, characters no clerk types);
3. ``save_with_blocks`` saves the rendered package and rewrites its main
   part as a stream of pieces: every paragraph (``<w:p>…</w:p>``) holding a
   block's token is replaced by the block's parts, in order.

Contract of a block (``XmlBlock``): a list of UTF-8 byte strings, each a
sequence of complete body-level elements (``w:p``, ``w:tbl``, a ``w:p``
holding a ``w:sectPr``), using only the ``w:`` and ``r:`` prefixes without declaring them
(the document element declares it), and only style ids that exist in the
template.  Each part is parsed before it is written: a malformed part
fails the save, and ``atomic_path`` leaves no document behind.  A block
shown twice is written twice; a placeholder nobody renders stays absent.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Optional

from docx.oxml.ns import nsdecls
from lxml import etree


class XmlBlock:
    """Body XML for one ``{{p name }}`` of the template, as ``parts``
    (UTF-8 bytes: half the memory of str for this mostly-ASCII markup)."""

    def __init__(self, xml: str = "", parts: Optional[list[bytes]] = None):
        self.parts = parts if parts is not None else ([xml.encode("utf-8")] if xml else [])

    @property
    def xml(self) -> str:
        """The block's parts joined, as one str of body XML."""
        return b"".join(self.parts).decode("utf-8")

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


class Placeholder:
    """What docxtpl renders for a block: a paragraph holding ``token``."""

    def __init__(self, name: str):
        self.token = f"\u2060reportgen-block:{name}\u2060"   # word joiners: no clerk types them

    def __html__(self) -> str:
        return f"<w:p><w:r><w:t>{self.token}</w:t></w:r></w:p>"


def spliced(xml: bytes, blocks: Mapping[str, XmlBlock]) -> Iterator[bytes]:
    """The pieces of ``xml`` (a rendered main part) with each paragraph
    holding a token of ``blocks`` (token -> block) replaced by the block,
    at every occurrence.  Raises lxml's XMLSyntaxError on a malformed part."""
    marks = []
    for token, block in blocks.items():
        needle = token.encode("utf-8")
        at = xml.find(needle)
        while at != -1:
            start = max(xml.rfind(b"<w:p>", 0, at), xml.rfind(b"<w:p ", 0, at))
            end = xml.find(b"</w:p>", at) + len(b"</w:p>")
            marks.append((start, end, block))
            at = xml.find(needle, end)
    pos = 0
    for start, end, block in sorted(marks, key=lambda m: m[0]):
        yield xml[pos:start]
        for part in block.parts:
            # well-formed, one part at a time, or no document at all
            etree.fromstring(b"<w:body %s>%s</w:body>" % (nsdecls("w", "r").encode(), part))
            yield part
        pos = end
    yield xml[pos:]


def save_with_blocks(tpl, target: Path, blocks: Mapping[str, XmlBlock]) -> None:
    """Save the rendered docxtpl ``DocxTemplate`` ``tpl`` to
    ``target`` with the blocks (token -> block) in place of their
    placeholders: the package as python-docx writes it, its main part
    written anew piece by piece."""
    buf = io.BytesIO()
    tpl.save(buf)
    main = tpl.docx.part.partname.lstrip("/")
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            # a fresh entry: writing updates the ZipInfo, which zin still reads by
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            if info.filename != main:
                zout.writestr(entry, data)
                continue
            with zout.open(entry, "w") as fh:
                for piece in spliced(data, blocks):
                    fh.write(piece)
