"""Many workbooks in one command: the good ones are built, the bad ones
reported, the exit code is the worst result."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_builds_good_reports_bad_exits_worst(tmp_path, batch_dir, jobs):
    out = tmp_path / "out"
    proc = run("build", batch_dir, "-o", out, "-j", jobs)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    names = sorted(p.name for p in out.glob("*/*"))
    assert any(n.endswith("部门决算公开表.xlsx") for n in names)
    assert any(n.endswith("部门决算.docx") for n in names)
    # summary: one line per file, and the totals
    for name in ("a-good.xlsx", "b-errors.xlsx", "c-broken.xlsx"):
        assert name in proc.stdout
    assert "~$" not in proc.stdout
    assert "共 3 个文件：成功 1，有错误 1，无法使用 1" in proc.stdout


@pytest.mark.slow
def test_batch_of_good_and_error_exits_1(tmp_path, batch_dir):
    (batch_dir / "c-broken.xlsx").unlink()
    proc = run("build", batch_dir / "a-good.xlsx", batch_dir / "b-errors.xlsx", "-o", tmp_path / "o")
    assert proc.returncode == 1, proc.stdout + proc.stderr


@pytest.mark.slow
def test_validate_takes_several_files(tmp_path, batch_dir):
    proc = run("validate", batch_dir / "a-good.xlsx", batch_dir / "b-errors.xlsx")
    assert proc.returncode == 1
    assert "a-good.xlsx" in proc.stdout and "b-errors.xlsx" in proc.stdout


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_two_workbooks_of_one_unit_never_overwrite_each_other(tmp_path, jobs):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(EXAMPLE, d / "a.xlsx")
    shutil.copy(EXAMPLE, d / "b.xlsx")          # e.g. the same unit put in twice
    out = tmp_path / "out"
    proc = run("build", d, "-o", out, "-j", jobs)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "共 2 个文件：成功 1，有错误 0，无法使用 1" in proc.stdout
    # the refused one names the one that kept the outputs
    assert "输出文件同名" in proc.stdout
    text = proc.stdout.splitlines()
    at = next(i for i, ln in enumerate(text) if "无法使用：" in ln and "输出文件同名" in ln)
    refused, kept = text[at - 1], text[at].split("与 ")[1].split(" 的输出")[0]
    assert {Path(refused).name, Path(kept).name} == {"a.xlsx", "b.xlsx"}
    # one report folder of three files
    assert len([p for p in out.iterdir() if not p.name.startswith(".")]) == 1
    assert len([p for p in out.glob("*/*") if not p.name.startswith(".")]) == 3
    # in input order, the first keeps them, whatever -j (attack bug 3)
    assert Path(refused).name == "b.xlsx" and kept == str(d / "a.xlsx")
    # the refused row shows its unit and the warnings its check found
    row = next(ln for ln in text if ln.startswith("b.xlsx"))
    assert "武汉市江汉区人力资源局" in row and "无法使用" in row
    assert row.split()[3:5] != ["0", "0"], row


@pytest.mark.slow
def test_units_whose_names_differ_in_unsafe_characters_are_all_built(tmp_path):
    # attack bug 15: “测试/局”, “测试_局”, “测试:局” are three units
    d = tmp_path / "coll"
    d.mkdir()
    for name, fn in [("测试/局", "a.xlsx"), ("测试_局", "b.xlsx"), ("测试:局", "c.xlsx")]:
        wb = openpyxl.load_workbook(EXAMPLE)
        wb["单位信息"]["B2"] = name
        wb.save(d / fn)
    out = tmp_path / "out"
    proc = run("build", d, "-o", out, "-j", "2")
    assert "共 3 个文件：成功 3" in proc.stdout, proc.stdout + proc.stderr
    assert len([p for p in out.iterdir() if not p.name.startswith(".")]) == 3


# ------------------------------------------------- claims settled by the batch's order
def _claim(claims, i, name="局_2022年度", unit="局", source=None):
    from reportgen.build import claim_outputs
    claim_outputs(claims, name, Path(source or f"/in/{i}.xlsx"), unit, i)


def test_an_earlier_workbook_keeps_its_names_even_when_it_claims_last(tmp_path):
    import threading

    from reportgen.build import SameOutputs
    got = []

    def later():
        try:
            _claim(tmp_path, 1)
            got.append("built")
        except SameOutputs as exc:
            got.append(exc.message)
    t = threading.Thread(target=later)
    t.start()                  # the second workbook reaches its claim first …
    t.join(0.3)
    assert t.is_alive() and not got      # … and waits for the first
    _claim(tmp_path, 0)                  # the first is never refused
    t.join(5)
    assert len(got) == 1 and "与 /in/0.xlsx 的输出文件同名" in got[0]


def test_a_settled_earlier_workbook_without_a_claim_lets_a_later_one_build(tmp_path):
    (tmp_path / "0.done").touch()        # e.g. it had errors: nothing claimed
    _claim(tmp_path, 1, name="乙_2022年度")
    _claim(tmp_path, 2, name="丙_2022年度")   # another unit: built too


def test_different_units_with_one_file_name_are_told_apart(tmp_path):
    from reportgen.build import SameOutputs
    _claim(tmp_path, 0, unit="某 局")
    with pytest.raises(SameOutputs) as exc:
        _claim(tmp_path, 1, unit="某  局")
    assert "不同" in exc.value.message and "同一单位" not in exc.value.message


@pytest.mark.slow
def test_a_second_run_may_rebuild_the_same_outputs(tmp_path):
    # the claims last one run: building a folder again into the same place is normal
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(EXAMPLE, d / "a.xlsx")
    (d / "z.xlsx").write_bytes(b"not a workbook")   # two files: a batch
    for _ in range(2):
        proc = run("build", d, "-o", tmp_path / "out", "-j", "1")
        assert "共 2 个文件：成功 1，有错误 0，无法使用 1" in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.slow
def test_a_worker_keeps_nothing_of_a_finished_build(tmp_path):
    # the CLI makes the cyclic collector lazy; a batch worker building one
    # workbook after another must still not pile up the previous ones: the
    # CLI's policy collects after each build (run_batch(after=gc.collect))
    import gc

    from reportgen.batch import build_one
    from reportgen.build import Options
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        o = build_one(str(EXAMPLE), str(tmp_path), Options(), after=gc.collect)
        assert o.status == 0, o.message
        left = [x for x in gc.get_objects() if isinstance(x, openpyxl.Workbook)]
    finally:
        if was:
            gc.enable()
    assert left == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_stop_dropped_by_a_finalizer_still_stops_the_batch(tmp_path, monkeypatch, jobs):
    # a signal handler's SystemExit raised inside a finalizer is dropped by
    # Python; the stop is recorded (core.lifeline) and the batch obeys it
    import multiprocessing
    import signal as sig

    from reportgen.batch import BatchInterrupted, run_batch
    from reportgen.build import Options
    from reportgen.core import lifeline
    monkeypatch.setattr(lifeline, "stop_requested", sig.SIGTERM)
    out = tmp_path / "out"
    with pytest.raises(BatchInterrupted) as exc:
        run_batch([EXAMPLE, EXAMPLE, EXAMPLE], out, Options(), jobs)
    assert exc.value.exit_code == 143
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")]
    assert multiprocessing.active_children() == []


def test_a_dropped_ctrl_c_is_recorded_not_printed(capsys, monkeypatch):
    from reportgen.core import lifeline
    monkeypatch.setattr(lifeline, "stop_requested", None)
    monkeypatch.setattr("sys.unraisablehook", __import__("sys").unraisablehook)
    lifeline.quiet_dropped_stops()

    class Finalized:
        def __del__(self):
            raise KeyboardInterrupt
    Finalized()
    assert lifeline.stop_requested is not None
    assert "Traceback" not in capsys.readouterr().err
