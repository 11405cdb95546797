"""Child processes that never outlive their parent.

A process we fork (the chart process, a batch's pool workers) must end when
the command ends, however it ends: normally, by Ctrl-C, SIGTERM, SIGKILL or
the OOM killer.  Two guards, both set up by ``die_with_parent()`` in the
child:

- on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` (through ctypes, from the C
  library): the kernel kills the child the moment its parent dies;
- everywhere, a daemon thread that looks at ``os.getppid()`` every
  ``POLL_S`` seconds and ends the process when the parent has changed (the
  child was re-parented to init or a subreaper), in case the first guard is
  missing or was armed too late.

Neither needs the parent's cooperation, so a SIGKILLed parent is covered.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

POLL_S = 0.25
_PR_SET_PDEATHSIG = 1


def _prctl_pdeathsig(sig: int) -> bool:
    """Ask the Linux kernel to send ``sig`` to this process when its parent
    dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        import ctypes.util
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except Exception:  # noqa: BLE001 - no libc / no prctl: the watch thread remains
        return False


def _watch(parent: int) -> None:
    import time
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(POLL_S)


def die_with_parent(parent: int | None = None) -> None:
    """Make the calling (child) process end when ``parent`` (by default its
    current parent) ends.  Call it first thing in the child.  Never raises."""
    if parent is None:
        parent = os.getppid()
    _prctl_pdeathsig(signal.SIGKILL)
    if os.getppid() != parent:   # the parent died before the guard was armed
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="reportgen-parent-watch",
                     daemon=True).start()
