"""Options are checked by the command line, with a Chinese message naming
the option, before any work: never a traceback or an internal error, never a
value that silently switches a check off."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from support import EXAMPLE


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "-Infinity", "1e999999999", "abc", "-0.5",
                                   "101", "sNaN", ""])
def test_bad_tolerance_is_refused_with_a_chinese_message(value):
    result = CliRunner().invoke(main, ["validate", str(EXAMPLE), f"--tolerance={value}"])
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert "--tolerance" in result.output and "内部错误" not in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value,expected", [("0.05", "0.05"), ("0", "0"), ("1e-2", "0.01")])
def test_good_tolerance_is_taken(value, expected, monkeypatch):
    from reportgen import build as build_mod
    seen = []
    real = build_mod.check

    def spy(path, options):
        seen.append(options.tolerance)
        return real(path, options)
    monkeypatch.setattr(build_mod, "check", spy)
    result = CliRunner().invoke(main, ["validate", str(EXAMPLE), f"--tolerance={value}"])
    assert result.exit_code in (0, 1), result.output
    assert seen == [Decimal(expected)]


@pytest.mark.slow
def test_validate_and_build_agree_on_an_extreme_year(tmp_path):
    import openpyxl
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["单位信息"]
    row = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).rstrip("*") == "年度")
    ws.cell(row, 2).value = 99999
    src = tmp_path / "year.xlsx"
    wb.save(src)
    run = lambda *a: subprocess.run([sys.executable, "-m", "reportgen", *map(str, a)],  # noqa: E731
                                    capture_output=True, text=True, timeout=300)
    v = run("validate", src)
    b = run("build", src, "-o", tmp_path / "out")
    assert v.returncode == b.returncode == 1, v.stdout + b.stdout + b.stderr
    assert "S192" in v.stdout and "S192" in b.stdout
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_init_refuses_a_year_validation_would_refuse(tmp_path):
    # init and validate agree on the year range (S192: 1990–2100)
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "reportgen", "init", str(tmp_path / "x.xlsx"),
                           "--year", "1800"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "1990–2100" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_an_output_folder_that_is_a_file_is_named(tmp_path):
    # -o pointing at a file: the reason and the path, in Chinese (issue 14 kind 6)
    import subprocess
    import sys

    from support import EXAMPLE
    afile = tmp_path / "afile"
    afile.write_text("x")
    proc = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(afile)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and str(afile) in proc.stderr and "是一个文件" in proc.stderr
    assert afile.read_text() == "x"


def test_validate_takes_a_folder_like_build(tmp_path):
    """validate FOLDER checks each .xlsx in it; an empty folder is told in Chinese."""
    import shutil

    from click.testing import CliRunner
    from reportgen.cli import main
    from support import EVERY_COLUMN

    folder = tmp_path / "单位"
    folder.mkdir()
    shutil.copy(EVERY_COLUMN, folder / "a.xlsx")
    shutil.copy(EVERY_COLUMN, folder / "b.xlsx")
    res = CliRunner().invoke(main, ["validate", str(folder)])
    assert res.exit_code == 0, res.output
    assert "a.xlsx" in res.output and "b.xlsx" in res.output and "文件夹" not in res.output
    (tmp_path / "空").mkdir()
    res = CliRunner().invoke(main, ["validate", str(tmp_path / "空")])
    assert res.exit_code == 2 and "没有找到要校验的 .xlsx 工作簿" in res.output
