"""No process of ours outlives the command, however the command ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from procs import descendants, in_group, wait_gone
from support import EXAMPLE

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the chart process is forked on Linux only")


def _start_build(out, *extra):
    return subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(EXAMPLE),
                             "-o", str(out), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


@linux_only
@pytest.mark.slow
@pytest.mark.parametrize("moment", ["at_once", "after_reading"])
def test_chart_process_dies_within_2s_of_a_sigkilled_build(tmp_path, moment):
    proc = _start_build(tmp_path / "out", "-j", "2")
    try:
        children: set[int] = set()
        end = time.monotonic() + 30
        while not children and time.monotonic() < end and proc.poll() is None:
            children = descendants(proc.pid)
            time.sleep(0.02)
        assert children, "the build started no chart process (prewarm)"
        if moment == "after_reading":
            time.sleep(0.6)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        left = wait_gone(children, 2.0)
        assert not left, f"still running 2 s after the build was killed: {left}"
        assert not in_group(proc.pid)
        # and the caller's pipes are closed: reading them ends
        proc.stdout.read()
        proc.stderr.read()
    finally:
        for p in in_group(proc.pid):
            os.kill(p, signal.SIGKILL)


PARENT = """
import os, sys, time
from reportgen.core.lifeline import die_with_parent
from reportgen.batch import _worker_init
pid = os.fork()
if pid == 0:
    {guard}
    time.sleep(60)
    os._exit(0)
print(pid, flush=True)
time.sleep(60)
"""


@linux_only
@pytest.mark.slow
@pytest.mark.parametrize("guard", ["die_with_parent()", "_worker_init(os.getppid())"],
                         ids=["lifeline", "pool-worker-init"])
def test_a_guarded_child_dies_within_2s_of_its_parent(guard):
    proc = subprocess.Popen([sys.executable, "-c", PARENT.format(guard=guard)],
                            stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        child = int(proc.stdout.readline())
        time.sleep(0.5)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        assert not wait_gone({child}, 2.0)
    finally:
        for p in in_group(proc.pid):
            os.kill(p, signal.SIGKILL)
