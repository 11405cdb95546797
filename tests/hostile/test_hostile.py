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


@pytest.mark.slow
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


@pytest.mark.slow
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


def _with_part(good, out, name, data, replace=None):
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename == replace:
                body = data
            zout.writestr(item, body)
        if replace is None:
            zout.writestr(name, data)
    return out


DECL = '<!DOCTYPE x [<!ENTITY e "boom">]>'


@pytest.mark.parametrize("where", ["after 4 KB", "utf-16", "part not named .xml", "sheet, late"])
def test_entity_declarations_anywhere_are_refused_as_unsafe(tmp_path, where):
    good = write_input(tmp_path / "good.xlsx")
    out = tmp_path / "bad.xlsx"
    if where == "after 4 KB":
        data = ('<?xml version="1.0"?>' + "<!--" + " " * 8000 + "-->" + DECL + "<x/>").encode()
        _with_part(good, out, "docProps/custom.xml", data)
    elif where == "utf-16":
        _with_part(good, out, "docProps/custom.xml",
                   ('<?xml version="1.0" encoding="UTF-16"?>' + DECL + "<x>&e;</x>").encode("utf-16"))
    elif where == "part not named .xml":
        _with_part(good, out, "xl/extra.bin", (DECL + "<x>&e;</x>").encode())
    else:
        with zipfile.ZipFile(good) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode()
        if sheet.startswith("<?xml"):
            sheet = sheet.split("?>", 1)[1]
        sheet = '<?xml version="1.0"?><!--' + " " * 6000 + "-->" + DECL + sheet
        _with_part(good, out, None, sheet.encode(), replace="xl/worksheets/sheet1.xml")
    with pytest.raises(UnusableInput) as exc:
        reader.read_workbook(out)
    assert exc.value.kind == "unsafe_xml"
    assert "实体声明" in exc.value.message


def test_an_ods_is_told_to_be_saved_as_xlsx(tmp_path):
    ods = tmp_path / "表.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(UnusableInput) as exc:
        reader.read_workbook(ods)
    assert exc.value.kind == "ods" and "另存为" in exc.value.message and ".xlsx" in exc.value.message


@pytest.mark.parametrize("kind", ["device", "fifo", "huge"])
def test_catalogue_files_are_checked_before_reading(tmp_path, kind):
    import os
    import time

    from reportgen.build import Options, check
    good = write_input(tmp_path / "good.xlsx")
    if kind == "device":
        cat = "/dev/zero"
    elif kind == "fifo":
        cat = str(tmp_path / "fifo.tsv")
        os.mkfifo(cat)
    else:
        cat = str(tmp_path / "huge.tsv")
        with open(cat, "wb") as fh:
            fh.truncate(200 * 1024 * 1024)   # sparse: no disk used
    start = time.monotonic()
    with pytest.raises(UnusableInput) as exc:
        check(good, Options(catalogue_files=[cat]))
    assert time.monotonic() - start < 10
    assert cat in exc.value.message and "科目目录文件" in exc.value.message


def test_input_workbook_that_is_a_device_is_refused(tmp_path):
    with pytest.raises(UnusableInput) as exc:
        reader.read_workbook("/dev/zero")
    assert exc.value.kind == "not_a_file"


def test_an_oversized_profile_file_is_refused_before_reading(tmp_path):
    import shutil
    from pathlib import Path

    from reportgen.core.errors import TemplateError
    from reportgen.core.profile import load_profile
    prof = tmp_path / "prof"
    shutil.copytree(Path(__file__).parents[2] / "templates" / "default", prof)
    with open(prof / "profile.toml", "ab") as fh:
        fh.truncate(5 * 1024 * 1024)
    with pytest.raises(TemplateError) as exc:
        load_profile(str(prof))
    assert "过大" in str(exc.value) and "profile.toml" in str(exc.value)
