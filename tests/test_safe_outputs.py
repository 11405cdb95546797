"""Outputs are complete or absent; the input is only ever read."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen.build import build
from reportgen.core.errors import UnusableInput
from reportgen.core.safeio import atomic_path, staged
from support import EXAMPLE


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_atomic_path_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.xlsx"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("crash")
    assert list(tmp_path.iterdir()) == []


def test_staged_moves_all_or_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with staged(tmp_path) as stage:
            (stage / "a.xlsx").write_bytes(b"done")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    with staged(tmp_path) as stage:
        (stage / "a.xlsx").write_bytes(b"done")
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


def test_build_never_modifies_its_input(tmp_path):
    src = tmp_path / "in.xlsx"
    shutil.copy(EXAMPLE, src)
    before = digest(src), src.stat().st_mtime_ns
    build(src, tmp_path / "out")
    assert (digest(src), src.stat().st_mtime_ns) == before


def test_output_equal_to_input_is_refused(tmp_path):
    out = tmp_path / "out"
    folder = out / "武汉市江汉区人力资源局_2022年度"
    folder.mkdir(parents=True)
    # an input that has the very name the build would write, and one that
    # merely lies in the report's folder (which is replaced whole)
    for name in ("武汉市江汉区人力资源局_2022年度部门决算公开表.xlsx", "我的输入.xlsx"):
        victim = folder / name
        shutil.copy(EXAMPLE, victim)
        before = digest(victim)
        with pytest.raises(UnusableInput) as exc:
            build(victim, out)
        assert exc.value.kind == "output_is_input"
        assert digest(victim) == before
    assert sorted(p.name for p in out.iterdir()) == [folder.name]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_killed_build_leaves_no_partial_file(tmp_path, sig):
    out = tmp_path / "out"
    outputs_seen = []
    # kill at several moments; whatever is visible afterwards is complete
    for delay in (0.3, 0.8, 1.5):
        shutil.rmtree(out, ignore_errors=True)
        proc = subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(out)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(sig)
        proc.wait(timeout=60)
        visible = ([p for p in out.glob("*/*") if not p.name.startswith(".")
                    and not p.parent.name.startswith(".")] if out.exists() else [])
        for p in visible:
            assert p.suffix in (".xlsx", ".docx"), p
            import zipfile
            with zipfile.ZipFile(p) as zf:
                assert zf.testzip() is None
        outputs_seen.append(len(visible))
        if sig != signal.SIGKILL and out.exists():
            # Ctrl-C and SIGTERM unwind: no staging folder is left behind
            assert not [p for p in out.iterdir() if p.name.startswith(".")]
    if sig == signal.SIGKILL and out.exists():
        # a later build removes what a killed one left in its staging folder
        build(EXAMPLE, out)
        assert not [p for p in out.iterdir() if p.name.startswith(".")]
