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


# ---------------------------------------------------------------- stopping
# A signal handler that raises (SystemExit for SIGTERM, KeyboardInterrupt for
# Ctrl-C) may fire while Python runs a finalizer or a weakref callback; the
# exception is then printed as “Exception ignored …” and dropped, and the
# program goes on.  So a stop is also recorded here, for loops to look at,
# and such dropped stops are not printed.
stop_requested: int | None = None


def request_stop(signum: int) -> None:
    """Record that the program was asked to stop by ``signum``."""
    global stop_requested
    if stop_requested is None:
        stop_requested = signum


def _quiet_hook(unraisable) -> None:
    if isinstance(unraisable.exc_value, (SystemExit, KeyboardInterrupt)):
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            request_stop(signal.SIGINT)
        return
    _default_hook(unraisable)


_default_hook = sys.unraisablehook


def quiet_dropped_stops() -> None:
    """Install a ``sys.unraisablehook`` that does not print a stop dropped in
    a finalizer (the clerk would see a traceback) but records it."""
    sys.unraisablehook = _quiet_hook
