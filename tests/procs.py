"""Processes of a command under test, found by process group and parentage
in /proc (never by name alone): for the no-orphan and kill tests."""

from __future__ import annotations

import os
import time
from pathlib import Path


def _stat(pid: int) -> tuple[int, int, str] | None:
    """(ppid, pgid, state) of ``pid``, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rest = text[text.rindex(")") + 2:].split()
    return int(rest[1]), int(rest[2]), rest[0]


def living(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, dead and waiting to be reaped, is not living)."""
    st = _stat(pid)
    return st is not None and st[2] not in ("Z", "X")


def all_pids() -> list[int]:
    return [int(d) for d in os.listdir("/proc") if d.isdigit()]


def descendants(pid: int) -> set[int]:
    """Every living process below ``pid``."""
    children: dict[int, list[int]] = {}
    for p in all_pids():
        st = _stat(p)
        if st is not None and st[2] not in ("Z", "X"):
            children.setdefault(st[0], []).append(p)
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def in_group(pgid: int) -> set[int]:
    """Every living process of process group ``pgid``."""
    out = set()
    for p in all_pids():
        st = _stat(p)
        if st is not None and st[1] == pgid and st[2] not in ("Z", "X"):
            out.add(p)
    return out


def wait_gone(pids: set[int], timeout: float) -> set[int]:
    """Wait up to ``timeout`` s for ``pids`` to end; those still living."""
    end = time.monotonic() + timeout
    left = {p for p in pids if living(p)}
    while left and time.monotonic() < end:
        time.sleep(0.05)
        left = {p for p in left if living(p)}
    return left
