"""Many workbooks in one command: the good ones are built, the bad ones
reported, the exit code is the worst result."""

from __future__ import annotations

import shutil
import subprocess
import sys

import openpyxl
import pytest

from support import EXAMPLE


def run(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def batch_dir(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(EXAMPLE, d / "a-good.xlsx")
    # a workbook with an error: one 项 amount changed by 1.00
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["支出功能分类"]
    header = [c.value for c in ws[1]]
    col = next(i for i, h in enumerate(header, 1) if h and "项目支出" in str(h))
    row = next(r for r in range(2, ws.max_row + 1) if isinstance(ws.cell(r, col).value, (int, float)))
    ws.cell(row, col).value = ws.cell(row, col).value + 1
    wb.save(d / "b-errors.xlsx")
    (d / "c-broken.xlsx").write_bytes(b"not a workbook")
    (d / "~$a-good.xlsx").write_bytes(b"excel lock file, skipped")
    return d


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_builds_good_reports_bad_exits_worst(tmp_path, batch_dir, jobs):
    out = tmp_path / "out"
    proc = run("build", batch_dir, "-o", out, "-j", jobs)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    names = sorted(p.name for p in out.iterdir())
    assert any(n.endswith("部门决算公开表.xlsx") for n in names)
    assert any(n.endswith("部门决算.docx") for n in names)
    # summary: one line per file, and the totals
    for name in ("a-good.xlsx", "b-errors.xlsx", "c-broken.xlsx"):
        assert name in proc.stdout
    assert "~$" not in proc.stdout
    assert "共 3 个文件：成功 1，有错误 1，无法使用 1" in proc.stdout


def test_batch_of_good_and_error_exits_1(tmp_path, batch_dir):
    (batch_dir / "c-broken.xlsx").unlink()
    proc = run("build", batch_dir / "a-good.xlsx", batch_dir / "b-errors.xlsx", "-o", tmp_path / "o")
    assert proc.returncode == 1, proc.stdout + proc.stderr


def test_validate_takes_several_files(tmp_path, batch_dir):
    proc = run("validate", batch_dir / "a-good.xlsx", batch_dir / "b-errors.xlsx")
    assert proc.returncode == 1
    assert "a-good.xlsx" in proc.stdout and "b-errors.xlsx" in proc.stdout
