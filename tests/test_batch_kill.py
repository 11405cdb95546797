"""A `-j 2` batch stopped at a random moment by SIGINT (Ctrl-C, sent to the
whole process group as a terminal does), SIGTERM or SIGKILL: afterwards no
process of ours is alive (checked by process group and parentage), no
partial output is visible, Ctrl-C and SIGTERM stop it promptly with the
finished reports kept, and the next run succeeds."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from procs import descendants, in_group, wait_gone
from reportgen.core.safeio import REPORT_MARK
from support import EXAMPLE

N = 6
SEED = int(os.environ.get("REPORTGEN_KILL_SEED", str(random.randrange(10**6))))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("batch-in")
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["单位信息"]
    row = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).rstrip("*") == "单位名称")
    base = ws.cell(row, 2).value
    for i in range(N):
        ws.cell(row, 2).value = f"{base}第{i + 1}分局"
        wb.save(d / f"u{i + 1}.xlsx")
    return d


def _start(inputs: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(inputs), "-o", str(out),
                             "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _check_outputs(out: Path, allow_hidden: bool) -> int:
    """Every visible entry is a complete report folder; the number of them."""
    if not out.exists():
        return 0
    reports = 0
    for entry in out.iterdir():
        if entry.name.startswith("."):
            assert allow_hidden, f"staging folder left: {entry}"
            continue
        assert entry.is_dir() and (entry / REPORT_MARK).is_file(), entry
        files = sorted(p for p in entry.iterdir() if not p.name.startswith("."))
        assert len(files) == 3, files                      # the whole set
        for f in files:
            with zipfile.ZipFile(f) as zf:
                assert zf.testzip() is None, f
        reports += 1
    return reports


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_batch_stopped_at_a_random_moment(tmp_path, inputs, sig):
    rng = random.Random(f"{SEED}-{int(sig)}")
    delay = rng.uniform(0.5, 6.0)
    out = tmp_path / "out"
    proc = _start(inputs, out)
    pgid = proc.pid
    try:
        time.sleep(delay)
        ours = descendants(proc.pid) | {proc.pid}
        sent = time.monotonic()
        if sig == signal.SIGINT:
            os.killpg(pgid, sig)          # Ctrl-C in a terminal reaches the whole group
        else:
            os.kill(proc.pid, sig)
        stdout, stderr = proc.communicate(timeout=30)
        took = time.monotonic() - sent
        said = f"seed {SEED}, signal after {delay:.2f} s, exit {proc.returncode}:\n{stdout[-800:]}\n{stderr[-1500:]}"
        left = wait_gone(ours | in_group(pgid), 3.0)
        assert not left, f"still running {left}; {said}"
        assert not in_group(pgid), said
        assert "Traceback" not in stdout + stderr and "内部错误" not in stdout + stderr, said
        finished = _check_outputs(out, allow_hidden=sig == signal.SIGKILL)
        if sig != signal.SIGKILL and proc.returncode not in (0, 2):
            # stopped promptly, finished reports kept, the rest said not started
            assert took < 10, f"took {took:.1f} s to stop; {said}"
            assert proc.returncode == 128 + sig, said
            assert "已中断" in stderr, said
            assert finished <= N
    finally:
        for p in in_group(pgid):
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
    # the next run succeeds, replacing whatever was there, leaving nothing hidden
    again = subprocess.run([sys.executable, "-m", "reportgen", "build", str(inputs), "-o", str(out),
                            "-j", "2"], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _check_outputs(out, allow_hidden=False) == N
