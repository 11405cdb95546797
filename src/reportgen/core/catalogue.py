"""Classification catalogues: data files keyed by (edition year, code).

The bundled TSV files under ``catalogues/`` hold what published sources
attest.  A lookup for year Y takes the row of the latest edition <= Y; where
a code is attested only in later editions it falls back to the earliest of
those (codes rarely change), and says so with ``later_edition``.

Clerks extend or correct the catalogue without a release: rows from the input
workbook's 科目 sheet, or a TSV file in the same format passed with
``--catalogue``, take precedence over the bundled rows for that year.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

FUNCTIONAL = "functional"
ECONOMIC = "economic"
LEVELS = {3: "类", 5: "款", 7: "项"}


@dataclass(frozen=True)
class Entry:
    """One catalogue row: a 功能分类 or 经济分类 code of one edition (year), its name, level
    (类/款/项), the 名词解释 ``explanation`` (功能分类 项), the 经济分类 ``group`` and where the row
    comes from (``source``)."""

    scheme: str
    edition: int
    code: str
    name: str
    level: str
    explanation: str = ""   # functional 项: "反映…" sentence for 名词解释
    group: str = ""         # economic: 人员经费 / 公用经费 / 其他
    source: str = ""
    later_edition: bool = False  # taken from an edition after the report year

    @property
    def parent(self) -> str:
        """The code one level up ('' for a 类)."""
        return {7: self.code[:5], 5: self.code[:3]}.get(len(self.code), "")


def _read_tsv(lines: Iterable[str]) -> list[dict[str, str]]:
    rows = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(rows, delimiter="\t")
    return [{k: (v or "").strip() for k, v in r.items() if k} for r in reader]


def _entries(scheme: str, rows: list[dict[str, str]], origin: str) -> list[Entry]:
    out = []
    for r in rows:
        code = r.get("code", "")
        if not code.isdigit():
            raise ValueError(f"{origin}: 科目编码“{code}”不是数字")
        edition = r.get("edition") or "0"
        out.append(Entry(
            scheme=scheme,
            edition=int(edition),
            code=code,
            name=r.get("name", ""),
            level=r.get("level") or LEVELS.get(len(code), ""),
            explanation=r.get("explanation", ""),
            group=r.get("group", ""),
            source=r.get("source", origin),
        ))
    return out


@lru_cache(maxsize=None)
def _bundled_rows(name: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    # read once per process: a batch worker builds many workbooks
    text = resources.files(__package__).joinpath("catalogues", name).read_text("utf-8")
    return tuple(tuple(r.items()) for r in _read_tsv(text.splitlines()))


def _bundled(name: str) -> list[dict[str, str]]:
    return [dict(r) for r in _bundled_rows(name)]


class Catalogue:
    """All editions of one scheme; ``for_year`` gives one year's view."""

    def __init__(self, scheme: str, entries: Iterable[Entry]):
        self.scheme = scheme
        self._by_code: dict[str, list[Entry]] = {}
        for e in entries:
            self._by_code.setdefault(e.code, []).append(e)
        for rows in self._by_code.values():
            rows.sort(key=lambda e: e.edition)

    def lookup(self, code: str, year: int) -> Optional[Entry]:
        """The entry of ``code`` for report year ``year``: the latest edition not after
        it, else the earliest later one (marked ``later_edition``); None if unknown."""
        rows = self._by_code.get(code)
        if not rows:
            return None
        before = [e for e in rows if e.edition <= year]
        if before:
            return before[-1]
        return replace(rows[0], later_edition=True)

    def editions(self) -> list[int]:
        """The edition years any row of this catalogue is attested for, ascending."""
        return sorted({e.edition for rows in self._by_code.values() for e in rows})

    def codes(self, year: int, level: Optional[str] = None) -> list[Entry]:
        """Every code's entry for ``year`` (optionally of one ``level``: 类/款/项), in code
        order."""
        out = []
        for code in sorted(self._by_code):
            e = self.lookup(code, year)
            if e and (level is None or e.level == level):
                out.append(e)
        return out

    def with_overrides(self, entries: Iterable[Entry]) -> "Catalogue":
        """A copy in which the given entries win over the bundled ones."""
        # overrides come last, so at an equal edition the stable sort keeps
        # them after the bundled row and lookup() picks them
        merged = [e for rows in self._by_code.values() for e in rows]
        merged += [e for e in entries if e.scheme == self.scheme]
        return Catalogue(self.scheme, merged)


def bundled(scheme: str) -> Catalogue:
    """The catalogue bundled with reportgen for ``scheme`` (FUNCTIONAL or ECONOMIC),
    shared and never changed in place."""
    return _bundled_catalogue(scheme)


@lru_cache(maxsize=None)
def _bundled_catalogue(scheme: str) -> Catalogue:
    # shared, so never changed in place: with_overrides() makes a new one
    name = {FUNCTIONAL: "functional.tsv", ECONOMIC: "economic.tsv"}[scheme]
    return Catalogue(scheme, _entries(scheme, _bundled(name), name))


def basic_table_layout(year: int) -> list[tuple[str, int]]:
    """(code, column group) in the printed order of the 基本支出 detail table."""
    rows = _bundled("economic_basic_table.tsv")
    editions = sorted({int(r["edition"]) for r in rows})
    chosen = max((e for e in editions if e <= year), default=editions[0])
    return [(r["code"], int(r["column"])) for r in rows if int(r["edition"]) == chosen]


def class_row_sets() -> dict[str, tuple[str, ...]]:
    """The named sets of 支出功能分类 类 codes a profile's ``class_rows`` may
    choose for the 类 rows of 表1/表4 (``catalogues/class_rows.tsv``): set name
    -> codes in printed order, e.g. "2022" (26 类), "shanghai-2024" (24 类)."""
    out: dict[str, list[str]] = {}
    for r in _bundled("class_rows.tsv"):
        out.setdefault(r["set"], []).append(r["code"])
    return {k: tuple(v) for k, v in out.items()}


def decode_text(data: bytes, name: str) -> str:
    """The text of a clerk's TSV file as Excel and Notepad save it on a Chinese PC:
    UTF-8 (with or without BOM), UTF-16 with BOM (Excel "Unicode 文本") or GBK/GB18030
    (Excel "文本文件(制表符分隔)").  Raises ValueError, in Chinese, naming ``name`` and
    saying how to save the file as UTF-8, for bytes none of these decode."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise ValueError(f"{name} 的文字编码无法识别（不是 UTF-8、UTF-16 或 GBK）：请用记事本打开该文件，"
                     "“另存为”时将编码选为 UTF-8（列之间仍用制表符分隔），或在 Excel 中另存为“Unicode 文本”")


def read_file(path: Path) -> list[Entry]:
    """A clerk's catalogue file: the bundled TSV format, scheme given by a
    ``scheme`` column (功能分类/经济分类 or functional/economic); its encoding is
    UTF-8, UTF-16 with BOM or GBK (see ``decode_text``).  Raises ValueError, in
    Chinese, for a file that cannot be decoded or a row that is not valid."""
    rows = _read_tsv(decode_text(Path(path).read_bytes(), Path(path).name).splitlines())
    out = []
    for r in rows:
        scheme = {"功能分类": FUNCTIONAL, "经济分类": ECONOMIC}.get(r.get("scheme", ""), r.get("scheme", ""))
        if scheme not in (FUNCTIONAL, ECONOMIC):
            raise ValueError(f"{path.name}: scheme 列须为“功能分类”或“经济分类”")
        out += _entries(scheme, [r], path.name)
    return out


def finance_levels() -> dict[str, str]:
    """The 财政级次 a workbook may name (单位信息, a drop-down list), in the
    list's order, each with the word 名词解释 uses for its departments
    (“区级” -> “区直部门”; "" for a level without one, “乡镇级”).  Read from
    the bundled ``catalogues/finance_levels.tsv``."""
    return {r["level"]: r.get("departments", "")
            for r in _bundled("finance_levels.tsv") if not r.get("variant_of")}


def finance_level_variants() -> dict[str, str]:
    """The other spellings of a listed 财政级次 (not in the drop-down list;
    “市本级” for “市级”), each with its 名词解释 departments word, as
    ``finance_levels``.  A workbook may name one without a finding.  Read
    from the rows of ``catalogues/finance_levels.tsv`` with a ``variant_of``."""
    return {r["level"]: r.get("departments", "")
            for r in _bundled("finance_levels.tsv") if r.get("variant_of")}


def finance_level_departments(level: str) -> str:
    """The 名词解释 word for the departments of ``level`` as the workbook
    names it (listed or a variant): “市本级” -> “市直部门”; "" for a level
    without one and for a level the catalogue does not know."""
    return {**finance_levels(), **finance_level_variants()}.get(level, "")


def lead_ins() -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """The words a document's sentence already says before (or after) a
    clerk's text, by field (“effect”, “uses”, “purpose”, …): (lead-ins
    dropped at the start whatever follows, headings dropped at the start
    only before a colon, tails dropped at the end), each longest first.
    Read from the bundled ``catalogues/lead_ins.tsv``; used by
    ``core.text.field_clause``."""
    def words(cell: str) -> tuple[str, ...]:
        return tuple(sorted((w for w in cell.split("|") if w), key=len, reverse=True))

    return {r["field"]: (words(r.get("lead_ins", "")), words(r.get("headings", "")),
                         words(r.get("tails", "")))
            for r in _bundled("lead_ins.tsv")}
