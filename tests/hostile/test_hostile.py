"""Files from anywhere: bombs and absurd sizes are refused before they are
read into memory; text that looks like a formula stays text."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from reportgen.read import reader
from reportgen.build import build
from reportgen.core.errors import UnusableInput
from factory import write_input
from hostile.payloads import entity_expansion


def test_entity_expansion_is_refused(tmp_path):
    bomb = entity_expansion(write_input(tmp_path / "good.xlsx"), tmp_path / "bomb.xlsx")
    with pytest.raises(UnusableInput) as exc:
        reader.read_workbook(bomb)
    assert exc.value.kind == "unsafe_xml"


def test_zip_bomb_is_refused_before_reading(tmp_path):
    good = write_input(tmp_path / "good.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        # 300 MB of zeros compress to a few hundred kilobytes
        with zout.open("xl/media/padding.bin", "w") as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                fh.write(chunk)
    assert bomb.stat().st_size < 5 * (1 << 20)
    with pytest.raises(UnusableInput) as exc:
        reader.read_workbook(bomb)
    assert exc.value.kind == "too_large"


def test_absurd_row_count_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 50)
    lines = [{"code": "2080101", "fund": "一般公共预算财政拨款", "exp_basic": "1"}] * 80
    with pytest.raises(UnusableInput) as exc:
        reader.read_workbook(write_input(tmp_path / "long.xlsx", lines=lines))
    assert exc.value.kind == "too_many_rows"
    assert "支出功能分类" in exc.value.message


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+2", "-3", "@SUM(A1)"])
def test_formula_like_input_text_is_written_as_text(tmp_path, text):
    src = write_input(tmp_path / "in.xlsx", texts={"functions": text},
                      info={"unit": f"{text}局"})
    built = build(src, tmp_path / "out")
    assert not built.refused, [f.as_dict() for f in built.checked.result.errors]
    for out in built.outputs:
        if out.suffix != ".xlsx":
            continue
        wb = openpyxl.load_workbook(out)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and text in c.value:
                        assert c.data_type == "s", f"{ws.title}!{c.coordinate} became a formula"
