"""What a clerk editing a profile is told when its files are broken:
Chinese, naming the file (and line, sheet and cell, or paragraph), never
tomllib's, zipfile's or Jinja's English, never a Python repr."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from docx_support import render
from reportgen.build import Options, build
from reportgen.core.errors import TemplateError
from reportgen.core.profile import load_profile, project_root
from support import EXAMPLE

DEFAULT = project_root() / "templates" / "default"


@pytest.fixture
def folder(tmp_path) -> Path:
    dest = tmp_path / "region"
    shutil.copytree(DEFAULT, dest)
    return dest


def _refused(folder: Path) -> str:
    with pytest.raises(TemplateError) as err:
        load_profile(str(folder))
    return str(err.value)


def _has_no_english_reason(msg: str) -> None:
    for english in ("Invalid", "codec", "decode", "Package not found", "zip file", "No filter",
                    "expected token", "'2'"):
        assert english not in msg


def test_toml_syntax_error_in_chinese_with_line_and_column(folder):
    toml = folder / "profile.toml"
    lines = toml.read_text("utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("description ="))
    lines[n] = "description = 中文说明"
    toml.write_text("\n".join(lines) + "\n", "utf-8")
    msg = _refused(folder)
    assert f"第 {n + 1} 行第 15 列格式错误" in msg and "引号" in msg
    assert "description = 中文说明" in msg          # the line as written
    _has_no_english_reason(msg)


def test_toml_with_notepads_bom_is_accepted(folder):
    toml = folder / "profile.toml"
    toml.write_bytes(b"\xef\xbb\xbf" + toml.read_bytes())
    assert load_profile(str(folder)).tables


def test_gbk_toml_is_told_to_be_saved_as_utf8(folder):
    toml = folder / "profile.toml"
    toml.write_bytes(toml.read_text("utf-8").encode("gbk"))
    msg = _refused(folder)
    assert str(toml) in msg and "UTF-8" in msg and "另存为" in msg
    _has_no_english_reason(msg)


def test_a_wrong_type_is_shown_as_written(folder):
    toml = folder / "profile.toml"
    text = toml.read_text("utf-8")
    assert "percent_decimals = 1\n" in text
    toml.write_text(text.replace("percent_decimals = 1\n", 'percent_decimals = "2"\n'), "utf-8")
    msg = _refused(folder)
    assert '现为 "2"（文字）' in msg
    _has_no_english_reason(msg)


def test_damaged_tables_template_is_named(folder):
    (folder / "tables.xlsx").write_bytes(b"not a workbook")
    msg = _refused(folder)
    assert str(folder / "tables.xlsx") in msg and "已损坏" in msg
    _has_no_english_reason(msg)


def test_damaged_word_template_is_named(folder, tmp_path):
    (folder / "document.docx").write_bytes(b"not a document")
    with pytest.raises(TemplateError) as err:
        render(EXAMPLE, tmp_path / "x.docx", str(folder))
    msg = str(err.value)
    assert str(folder / "document.docx") in msg and "已损坏" in msg
    _has_no_english_reason(msg)


def test_unknown_filter_in_a_cell_names_sheet_and_cell(folder, tmp_path):
    wb = openpyxl.load_workbook(folder / "tables.xlsx")
    wb["收入支出决算总表"]["A2"] = "部门：{{ unit|moneyx }}"
    wb.save(folder / "tables.xlsx")
    with pytest.raises(TemplateError) as err:
        build(EXAMPLE, tmp_path / "out", Options(profile=str(folder)))
    msg = str(err.value)
    assert "收入支出决算总表" in msg and "A2" in msg and "“moneyx”的过滤器" in msg
    _has_no_english_reason(msg)


@pytest.mark.parametrize("source, piece", [("{{ t.nosuch }}", "未定义的变量或属性"),
                                           ("{{ unit|money }}", "无法计算“{{ unit|money }}”")])
def test_a_cell_that_fails_names_sheet_cell_and_expression(folder, tmp_path, source, piece):
    wb = openpyxl.load_workbook(folder / "tables.xlsx")
    wb["收入支出决算总表"]["A2"] = source
    wb.save(folder / "tables.xlsx")
    with pytest.raises(TemplateError) as err:
        build(EXAMPLE, tmp_path / "out", Options(profile=str(folder)))
    msg = str(err.value)
    assert "收入支出决算总表" in msg and "A2" in msg and piece in msg, msg


def test_syntax_error_in_word_template_names_the_paragraph(folder, tmp_path):
    doc = Document()
    doc.add_paragraph("{{ unit }}")
    doc.add_paragraph("本部门{{ unit unit }}决算")
    doc.save(str(folder / "document.docx"))
    with pytest.raises(TemplateError) as err:
        render(EXAMPLE, tmp_path / "x.docx", str(folder))
    msg = str(err.value)
    assert "document.docx" in msg and "此处应为“}}”" in msg and "本部门{{ unit unit }}决算" in msg
    _has_no_english_reason(msg)


def test_damaged_selfeval_template_is_named(folder, tmp_path):
    (folder / "selfeval.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(TemplateError) as err:
        build(EXAMPLE, tmp_path / "out", Options(profile=str(folder)))
    msg = str(err.value)
    assert str(folder / "selfeval.xlsx") in msg and "已损坏" in msg
    _has_no_english_reason(msg)



@pytest.mark.parametrize("source, reasons", [
    ("{{ t.no_such_figure }}", ("未定义的变量或属性（", "'no_such_figure'），“{{ t.no_such_figure }}”。")),
    ("{{ 1 // (n - n) }}", ("无法计算“{{ 1 // (n - n) }}”：", "division")),
])
def test_a_cell_that_fails_when_filled_names_sheet_cell_and_source(folder, tmp_path, source,
                                                                   reasons):
    wb = openpyxl.load_workbook(folder / "tables.xlsx")
    wb["收入支出决算总表"]["A2"] = source
    wb.save(folder / "tables.xlsx")
    with pytest.raises(TemplateError) as err:
        build(EXAMPLE, tmp_path / "out", Options(profile=str(folder)))
    msg = str(err.value)
    assert "tables.xlsx" in msg and "工作表“收入支出决算总表”单元格 A2：" in msg
    assert all(r in msg for r in reasons)
