"""Issue 12, item 6: a mistake in a profile is found before any workbook is
read, and told in Chinese naming the file, the line and the allowed values;
exit 2, no traceback.  Also ``reportgen profiles``.

Each case edits one line of a copy of the default profile; the expected line
number is found in the edited text by the test itself (the line holding the
edit), not taken from what the program printed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from factory import write_input
from reportgen.cli import main
from reportgen.core.profile import bundled_profiles, project_root

DEFAULT = project_root() / "templates" / "default"

CASES = [
    # (what, old, new, the line's marker, words the message must hold)
    ("unknown key in a table", 'name = "表3"', 'name = "表3"\ncolour = "red"', 'colour = "red"',
     ["未知的键“colour”", "可用：id、sheet、name、title"]),
    ("unknown table id", 'id = "t5"', 'id = "t10"', 'id = "t10"', ["t10", "可用：t1、t2"]),
    ("unknown top-level section", "\n[fonts]\n", "\n[fontz]\n", "[fontz]", ["未知的键“fontz”", "format"]),
    ("unknown section key", '{ key = "assets", title = "国有资产占用情况" },',
     '{ key = "asets" },', 'key = "asets"', ["“asets”不是", "可用：total、income"]),
    ("wrong type", "percent_decimals = 1", 'percent_decimals = "2"', 'percent_decimals = "2"',
     ["percent_decimals", "0 到 4 的整数"]),
    ("wrong type of a title", 'title = "{{ year }}年度收入决算表（表2）"', "title = 2", "title = 2",
     ["键“title”应为文字"]),
    ("unknown value", 'table_numbering = "表1"', 'table_numbering = "1."', 'table_numbering = "1."',
     ["table_numbering", "“表1”或“一、”"]),
    ("unknown class_rows set", 'name = "表1"', 'name = "表1"\nclass_rows = "2099"',
     'class_rows = "2099"', ["2099", "可用：2022、shanghai-2024"]),
    ("unknown font key", 'body = "仿宋_GB2312"', 'bdy = "仿宋_GB2312"', "bdy =",
     ["未知的键“bdy”", "可用：body、heading、table"]),
    ("unknown part", 'key = "glossary"', 'key = "glosary"', 'key = "glosary"',
     ["glosary", "可用：overview"]),
]


@pytest.mark.parametrize("what,old,new,marker,words", CASES, ids=[c[0] for c in CASES])
def test_a_profile_mistake_names_file_line_and_allowed_values(tmp_path, what, old, new, marker, words):
    folder = tmp_path / "region"
    shutil.copytree(DEFAULT, folder)
    toml = folder / "profile.toml"
    text = toml.read_text("utf-8")
    assert text.count(old) >= 1
    text = text.replace(old, new, 1)
    toml.write_text(text, "utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), start=1) if marker in ln)
    # a workbook that does not exist: the profile is checked before any is looked at
    result = CliRunner().invoke(main, ["build", str(tmp_path / "none.xlsx"), "--profile", str(folder),
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    out = result.output
    assert "Traceback" not in out and "模板错误" in out
    assert f"{toml} 第 {line} 行" in out, out
    for w in words:
        assert w in out, (w, out)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_good_profile_passes_the_check(tmp_path):
    src = write_input(tmp_path / "in.xlsx")
    result = CliRunner().invoke(main, ["build", str(src), "--profile", str(DEFAULT),
                                       "-o", str(tmp_path / "out")])
    assert "模板错误" not in result.output


def test_profiles_lists_the_bundled_ones():
    found = dict(bundled_profiles())
    assert found["default"].startswith("部门决算公开表")
    result = CliRunner().invoke(main, ["profiles"])
    assert result.exit_code == 0
    for name in found:
        assert name in result.output
    assert "--profile" in result.output


@pytest.mark.parametrize("section", ["format", "words", "labels"])
def test_a_section_that_is_not_a_table_is_named(tmp_path, section):
    """``words = 1`` where ``[words]`` belongs: told, not a traceback."""
    from reportgen.core.errors import TemplateError
    from reportgen.core.profile import load_profile

    folder = tmp_path / "region"
    shutil.copytree(DEFAULT, folder)
    toml = folder / "profile.toml"
    text = toml.read_text("utf-8").replace(f"\n[{section}]\n", f"\n[old_{section}]\n", 1)
    toml.write_text(f"{section} = 1\n" + text, "utf-8")
    with pytest.raises(TemplateError) as err:
        load_profile(str(folder))
    assert f"[{section}] 应为一段设置。" in str(err.value)
