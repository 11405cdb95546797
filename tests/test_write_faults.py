"""Every command that writes (build, init, init --from, consolidate) names a
read-only folder, a full disk and a file-size limit (EFBIG) in the same
Chinese words, exits 2, and prints no traceback after its message
(core.safeio: os_reason, write_error, unwritable, save_workbook)."""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from reportgen import cli
from reportgen.core import safeio
from reportgen.core.errors import UnusableInput

EXAMPLE = Path(__file__).resolve().parents[1] / "inputs" / "example-2022.xlsx"


def test_file_too_large_is_said_in_chinese():
    assert safeio.os_reason(OSError(errno.EFBIG, "File too large")) == "文件超过了系统或磁盘允许的大小"


def test_lxml_write_faults_are_their_os_error():
    from lxml.etree import SerialisationError

    err = safeio.write_error(SerialisationError("IO_EFBIG"))
    assert isinstance(err, OSError) and err.errno == errno.EFBIG
    assert safeio.write_error(SerialisationError("IO_ENOSPC")).errno == errno.ENOSPC
    assert safeio.write_error(SerialisationError("something else")) is None
    assert safeio.write_error(ValueError("IO_EFBIG")) is None


def test_one_message_for_every_command():
    msg = safeio.unwritable(OSError(errno.EROFS, "Read-only file system"), Path("/mnt/ro"),
                            Path("/mnt/ro/新.xlsx"), "或换一个文件夹").message
    assert msg.startswith("无法写入输出文件夹 /mnt/ro（/mnt/ro/新.xlsx）：所在磁盘只读。")
    assert "或换一个文件夹" in msg


def _big_workbook() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 400):
        ws.append([f"第{r}行的文字{c}" * 3 for c in range(10)])
    return wb


def test_a_file_size_limit_is_an_os_error_and_leaves_no_traceback(tmp_path, monkeypatch):
    # a real limit (ulimit -f): openpyxl's zip file and lxml's sheet writer
    # both fail; save_workbook raises one OSError, leaves nothing, and no
    # half-closed zip file prints “Exception ignored … Traceback” when the
    # failure is dropped (the command line under a real limit: below)
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    wb = _big_workbook()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, hard))
    try:
        with pytest.raises(OSError) as exc:
            safeio.save_workbook(wb, tmp_path / "大.xlsx")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert exc.value.errno == errno.EFBIG
    del exc
    assert unraisable == []
    assert list(tmp_path.iterdir()) == []
    # sheet writers left in reference cycles are finalised by a later
    # collection (never at the CLI's exit: it freezes the collector); here,
    # now, while the hook is still ours, not in some later test
    import gc
    gc.collect()


@pytest.mark.parametrize("code,words", [(errno.EROFS, "所在磁盘只读"), (errno.ENOSPC, "磁盘空间已满"),
                                        (errno.EFBIG, "文件超过了系统或磁盘允许的大小")])
def test_init_names_the_fault_and_exits_2(tmp_path, monkeypatch, code, words):
    def fail(wb, target):
        raise OSError(code, os.strerror(code))
    monkeypatch.setattr("reportgen.init_workbook.save_workbook", fail)
    target = tmp_path / "新.xlsx"
    res = CliRunner().invoke(cli.main, ["init", str(target), "--year", "2023", "--unit", "某局"])
    assert res.exit_code == 2, res.output
    assert f"无法写入输出文件夹 {tmp_path}（{target}）：{words}" in res.output
    assert "内部错误" not in res.output and not target.exists()


@pytest.mark.slow
def test_init_from_names_a_read_only_folder(tmp_path, monkeypatch):
    def fail(wb, target):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))
    monkeypatch.setattr("reportgen.carry.save_workbook", fail)
    target = tmp_path / "新.xlsx"
    res = CliRunner().invoke(cli.main, ["init", str(target), "--from", str(EXAMPLE)])
    assert res.exit_code == 2, res.output
    assert "所在磁盘只读" in res.output and "内部错误" not in res.output


def _limited(kb: int):
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (kb * 1024, resource.RLIM_INFINITY))
    return limit


def _said(proc, *words):
    text = proc.stdout + proc.stderr
    assert proc.returncode == 2, text
    for bad in ("内部错误", "Traceback", "Exception ignored"):
        assert bad not in text, text
    for w in words:
        assert w in text, text


@pytest.mark.slow
def test_commands_under_a_file_size_limit(tmp_path):
    # init (blank and --from) and consolidate under ulimit -f: the Chinese
    # reason, exit 2, no traceback, nothing left in the folder
    from department import DEPT, write_department
    units = write_department(tmp_path / "units")
    out = tmp_path / "out"
    out.mkdir()
    runs = [("init", out / "i.xlsx", "--year", "2023", "--unit", "x"),
            ("init", out / "n.xlsx", "--from", EXAMPLE),
            ("consolidate", *[units[k] for k in units if k != "internal"], "-o", out / "d.xlsx",
             "--unit", DEPT)]
    for args in runs:
        proc = subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)], capture_output=True,
                              text=True, timeout=300, preexec_fn=_limited(20))
        _said(proc, "文件超过了系统或磁盘允许的大小", str(out))
        assert list(out.iterdir()) == [], args


def test_build_translates_lxml_write_faults(tmp_path, monkeypatch):
    from lxml.etree import SerialisationError

    from reportgen.build import build
    from reportgen.render import xlsx

    def fail(*a, **k):
        raise SerialisationError("IO_EFBIG")
    monkeypatch.setattr(xlsx, "render_tables", fail)
    with pytest.raises(UnusableInput) as exc:
        build(EXAMPLE, tmp_path / "out")
    assert exc.value.kind == "output_unwritable"
    assert "文件超过了系统或磁盘允许的大小" in exc.value.message


# ------------------------------------------------ leftovers of a killed run (bug 14)
def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, timeout=60)
    return int(proc.stdout)


def test_a_killed_runs_part_files_are_removed_by_the_next_write(tmp_path):
    dead = _dead_pid()
    stale = [tmp_path / f".部门.reportgen-part-{dead}-abcd1234.part.xlsx",
             tmp_path / f".部门_合并过程.reportgen-part-{dead}-x_y9.part.xlsx",
             tmp_path / f"..部门.reportgen-part-{dead}-abcd1234.part.reportgen-part-{dead}-q.xlsx.part"]
    running = tmp_path / f".部门.reportgen-part-{os.getpid()}-zzzz.part.xlsx"
    clerks = [tmp_path / "部门.xlsx", tmp_path / ".隐藏.part.xlsx", tmp_path / ".reportgen-part-1-x"]
    for f in stale + [running] + clerks:
        f.write_bytes(b"x")
    made = safeio.part_file(tmp_path / "部门.xlsx", ".part.xlsx")
    assert str(os.getpid()) in made.name and made.name.startswith(".部门.")
    assert not any(f.exists() for f in stale)
    assert running.exists() and all(f.exists() for f in clerks)


@pytest.mark.slow
def test_consolidate_removes_what_a_killed_consolidate_left(tmp_path):
    from department import DEPT, write_department

    from reportgen.consolidate import consolidate

    units = write_department(tmp_path / "units")
    out = tmp_path / "out" / "部门.xlsx"
    out.parent.mkdir()
    dead = _dead_pid()
    stale = [out.parent / f".部门.reportgen-part-{dead}-abcd1234.part.xlsx",
             out.parent / f".部门_合并过程.reportgen-part-{dead}-efgh5678.part.xlsx"]
    for f in stale:
        f.write_bytes(b"half a workbook")
    done = consolidate([units[k] for k in units if k != "internal"], out, DEPT,
                       internal=units["internal"])
    assert not done.refused, done.problems
    assert sorted(f.name for f in out.parent.iterdir()) == ["部门.xlsx", "部门_合并过程.xlsx"]
