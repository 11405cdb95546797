"""The reader finds formula cells by scanning the sheet XML instead of
loading the workbook a second time.  Whatever the file, the result must be what
openpyxl's own reading and the second load gave: the same model, the same
problems, the same refusal."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from reportgen.core import model
from reportgen.read import reader as reader_mod
from reportgen.core.errors import UnusableInput
from support import EVERY_COLUMN, EXAMPLE

SHEET = "xl/worksheets/sheet4.xml"   # 支出功能分类 of the example: the name lookups


def _rewrite(target: Path, fn) -> Path:
    with zipfile.ZipFile(EXAMPLE) as zi, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info)
            if info.filename == SHEET:
                data = fn(data.decode("utf-8")).encode("utf-8")
            zo.writestr(info, data)
    return target


def _cell(ref: str, xml: str) -> str:
    return f'<c r="{ref}">{xml}</c>'


def _replace_cell(ref: str, new: str):
    def fn(x: str) -> str:
        m = re.search(rf'<c r="{ref}"[^>]*/>|<c r="{ref}"[^>]*>.*?</c>', x)
        assert m, ref
        return x.replace(m.group(0), new)
    return fn


def _move_row(x: str) -> str:
    row5 = re.search(r'<row r="5".*?</row>', x).group(0)
    x = x.replace(row5, "")
    row7 = re.search(r'<row r="7".*?</row>', x).group(0)
    return x.replace(row7, row7 + row5)


def _bad_number_below(x: str) -> str:
    m = re.search(r'(<row r="290"[^>]*>)', x)
    return x.replace(m.group(1), m.group(1) + '<c r="Q290" t="n"><v>abc</v></c>')


CASES = {
    "shared formula": lambda x: x.replace("<f>", '<f t="shared" si="0" ref="B24:B24">', 1),
    "array formula": lambda x: x.replace("<f>", '<f t="array" ref="B24">', 1),
    "explicit normal formula": lambda x: x.replace("<f>", '<f t="normal">', 1),
    "formula without cached value": _replace_cell("E10", _cell("E10", "<f>1+1</f>")),
    "rows out of order": _move_row,
    "unreadable number below the data": _bad_number_below,
    "dimension smaller than the data": lambda x: re.sub(
        r'<dimension ref="[^"]*"/>', '<dimension ref="A1:R20"/>', x),
    "formula far below": lambda x: x.replace(
        "</sheetData>", '<row r="900"><c r="B900"><f>1</f></c></row></sheetData>'),
    "formula in a column never read": lambda x: x.replace(
        "</sheetData>", '<row r="900"><c r="HZ900"><f>1</f></c></row></sheetData>'),
    "xml comment": lambda x: x.replace("<sheetData>", "<sheetData><!-- note -->", 1),
    "byte order mark": lambda x: "\ufeff" + x,
    "malformed xml": lambda x: x.replace("</row>", "", 1),
    "malformed xml below the data": lambda x: x.replace('<row r="290"', '<row r="290" r="290"', 1),
}


def _read(path: Path, scan: bool, monkeypatch) -> tuple[str, list[bool]]:
    """The model (or refusal) as text, and the data_only flag of every load."""
    opened: list[bool] = []
    real_open = reader_mod._open

    def spy(p, data_only):
        opened.append(data_only)
        return real_open(p, data_only)

    with monkeypatch.context() as m:
        m.setattr(reader_mod, "_open", spy)
        if not scan:   # as before: openpyxl's parser, formulas from a second load
            m.setattr(reader_mod, "_formula_cells", lambda ws, last_row, data: None)
        try:
            return repr(reader_mod.read_workbook(path)), opened
        except UnusableInput as exc:
            return f"refused {exc.kind}: {exc.message}", opened


@pytest.mark.parametrize("path", [EXAMPLE, EVERY_COLUMN], ids=["example", "every-column"])
def test_bundled_inputs_read_once_and_the_same(path, monkeypatch):
    fast, loads = _read(path, True, monkeypatch)
    slow, slow_loads = _read(path, False, monkeypatch)
    assert fast == slow
    assert loads == [True] and False in slow_loads


@pytest.mark.parametrize("case", sorted(CASES))
def test_odd_formula_sheets_read_as_by_a_second_load(case, tmp_path, monkeypatch):
    path = _rewrite(tmp_path / "case.xlsx", CASES[case])
    assert _read(path, True, monkeypatch)[0] == _read(path, False, monkeypatch)[0]


def test_a_formula_without_cached_value_is_still_reported(tmp_path):
    path = _rewrite(tmp_path / "nocache.xlsx", CASES["formula without cached value"])
    problems = [(c.where, p) for c, p in reader_mod.read_workbook(path).problems]
    assert ("支出功能分类!E10", model.NO_CACHED_VALUE) in problems


def test_parsed_formulas_are_left_to_the_second_load(tmp_path, monkeypatch):
    path = _rewrite(tmp_path / "shared.xlsx", CASES["shared formula"])
    assert False in _read(path, True, monkeypatch)[1]


def test_the_reader_uses_no_private_part_of_openpyxl():
    # openpyxl's public API only (issue 10): no private module, no rebuilt method
    import inspect
    src = inspect.getsource(reader_mod)
    assert "openpyxl.worksheet._reader" not in src and "__code__" not in src
    assert "._archive" not in src and "._worksheet_path" not in src
