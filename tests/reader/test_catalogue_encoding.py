"""Bug 10 (attack): a --catalogue file saved by Excel or Notepad on a Chinese PC
(GBK “文本文件(制表符分隔)”, UTF-16 “Unicode 文本”) is read; bytes in no known encoding
are refused in Chinese, saying how to save the file as UTF-8."""

from __future__ import annotations

import pytest

from reportgen.core import catalogue as cat

ROWS = ["scheme\tedition\tcode\tname\tlevel\texplanation\tgroup",
        "功能分类\t2022\t2019999\t测试科目\t项\t反映测试。\t"]


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-16-be", "utf-8", "utf-8-sig"])
def test_catalogue_saved_by_excel_is_read(tmp_path, encoding):
    data = "\r\n".join(ROWS).encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data          # Excel writes the BOM
    path = tmp_path / "目录.tsv"
    path.write_bytes(data)
    [entry] = cat.read_file(path)
    assert (entry.code, entry.name, entry.level, entry.explanation) == (
        "2019999", "测试科目", "项", "反映测试。")


def test_catalogue_in_no_known_encoding_is_refused_in_chinese(tmp_path):
    path = tmp_path / "乱码.tsv"
    path.write_bytes(b"scheme\tedition\r\n\x80\xff\xfe\x80")
    with pytest.raises(ValueError) as exc:
        cat.read_file(path)
    message = str(exc.value)
    assert "乱码.tsv" in message and "UTF-8" in message and "另存为" in message
    assert "codec" not in message


def test_build_names_the_file_and_encoding(tmp_path):
    from reportgen.build import Options, check
    from reportgen.core.errors import UnusableInput
    from factory import write_input
    path = tmp_path / "乱码.tsv"
    path.write_bytes(b"\x80\xff\xfe\x80")
    with pytest.raises(UnusableInput) as exc:
        check(write_input(tmp_path / "good.xlsx"), Options(catalogue_files=[path]))
    assert "科目目录文件" in exc.value.message and "编码" in exc.value.message
