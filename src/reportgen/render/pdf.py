"""PDF through one long-lived LibreOffice per process.

A :class:`Converter` starts ``uno_worker.py`` under a Python that has
LibreOffice's UNO bridge (Debian: /usr/bin/python3 with python3-uno; our own
Python usually has none), which starts one headless LibreOffice with a
private user profile (so parallel workers never share or lock one) holding a
font substitution table (:mod:`reportgen.render.fonts`), and converts file
after file over UNO: the start-up (2–4 s) is paid once per process, not per
file.  See docs/performance.md.

Per file: the 目录 and other indexes are refreshed (page numbers), the
document's title and author set, bookmarks exported from the headings,
optionally PDF/A-2b.  A file that takes longer than ``timeout`` seconds ends
that LibreOffice (the next file starts a new one) and raises
:class:`PdfError` with a message naming the file; a LibreOffice that died is
restarted and the file tried once more.

Nothing outlives us: the worker ends LibreOffice and itself when our end of
its stdin closes (however this process ended, SIGKILL included), and
LibreOffice is started with PR_SET_PDEATHSIG, so it dies with the worker.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Optional

from reportgen.core.errors import UnusableInput
from reportgen.core.safeio import atomic_path

TIMEOUT = 300          # seconds per file
START_TIMEOUT = 120    # seconds for LibreOffice to start and listen
WORKER = Path(__file__).with_name("uno_worker.py")
INSTALL = ("请先安装，例如在 Debian/Ubuntu 上运行 `sudo apt-get install libreoffice-calc "
           "libreoffice-writer python3-uno fonts-noto-cjk`，或去掉 --pdf 只生成 xlsx/docx。")


class PdfError(RuntimeError):
    """A file LibreOffice could not convert (message in Chinese, naming it)."""


def soffice() -> Optional[str]:
    """The LibreOffice program to start: soffice.bin itself where it sits
    beside the ``soffice`` launcher (so that it is our direct child and
    PR_SET_PDEATHSIG reaches it), else the launcher; None if not installed."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return None
    binary = Path(os.path.realpath(exe)).with_name("soffice.bin")
    return str(binary) if binary.exists() else exe


@lru_cache(maxsize=1)
def uno_python() -> Optional[str]:
    """A Python interpreter that can ``import uno``: $REPORTGEN_UNO_PYTHON,
    the system's python3, or the one LibreOffice bundles (Windows, macOS)."""
    candidates = [os.environ.get("REPORTGEN_UNO_PYTHON"), "/usr/bin/python3",
                  shutil.which("python3")]
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe:
        candidates.append(str(Path(os.path.realpath(exe)).with_name("python")))
    for py in candidates:
        if not py or not Path(py).exists():
            continue
        try:
            ok = subprocess.run([py, "-c", "import uno"], capture_output=True,
                                timeout=60).returncode == 0
        except (OSError, subprocess.SubprocessError):
            ok = False
        if ok:
            return py
    return None


def require_soffice() -> str:
    """LibreOffice and its UNO bridge, or UnusableInput saying how to install
    them."""
    path = soffice()
    if path is None:
        raise UnusableInput("no_libreoffice", "未找到 LibreOffice（soffice），无法生成 PDF。" + INSTALL)
    if uno_python() is None:
        raise UnusableInput(
            "no_libreoffice",
            "未找到 LibreOffice 的 Python 接口（python3-uno），无法生成 PDF。" + INSTALL)
    return path


class Converter:
    """One LibreOffice, converting files one after another.

    Started on first use; ``close()`` (or leaving a ``with`` block) ends it.
    ``pid`` is the running LibreOffice's process id (None when none runs).
    """

    def __init__(self, timeout: float = TIMEOUT, fonts: Optional[dict[str, str]] = None):
        self.timeout = timeout
        self.fonts = fonts
        self.pid: Optional[int] = None
        self.starts = 0          # LibreOffice processes started so far
        self._proc: Optional[subprocess.Popen] = None
        self._profile: Optional[str] = None
        self._buf = b""
        self._lock = threading.Lock()

    def __enter__(self) -> "Converter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ process
    def start(self) -> None:
        """Start LibreOffice now, without waiting for it to listen: it boots
        (2–3 s, on another core) while the caller renders; the first
        ``convert`` waits for it.  Does nothing if one runs."""
        with self._lock:
            if not self.running:
                self._spawn()

    def _spawn(self) -> None:
        from reportgen.render import fonts as fontmod

        exe = require_soffice()
        if self._proc is not None:
            self._kill()          # a worker that ended: its pipes and profile go
        table = self.fonts if self.fonts is not None else fontmod.substitution_table()
        self._profile = tempfile.mkdtemp(prefix="reportgen-lo-")
        self._buf = b""
        self.pid = None
        self._proc = subprocess.Popen(
            [uno_python(), str(WORKER), exe, self._profile, json.dumps(table, ensure_ascii=False)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            close_fds=True)
        self.starts += 1

    def _start(self) -> None:
        if not self.running:
            self._spawn()
        if self.pid is not None:
            return
        reply = self._reply(START_TIMEOUT)
        if not reply or not reply.get("ready"):
            why = (reply or {}).get("error", "无响应")
            self._kill()
            raise PdfError(f"LibreOffice 未能启动（{why}）。" + INSTALL)
        self.pid = reply["pid"]

    def _reply(self, timeout: float) -> Optional[dict]:
        """The worker's next line, or None when it ended or ``timeout`` passed."""
        deadline = time.monotonic() + timeout
        fd = self._proc.stdout.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buf:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    return None
                chunk = os.read(fd, 65536)
                if not chunk:
                    return None
                self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return json.loads(line)

    def _kill(self) -> None:
        proc, self._proc, self.pid = self._proc, None, None
        if proc is not None:
            try:
                proc.stdin.close()        # the worker ends LibreOffice and itself
            except OSError:
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()               # LibreOffice dies with it (PDEATHSIG)
                proc.wait()
            proc.stdout.close()
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    def close(self) -> None:
        """End LibreOffice (idempotent)."""
        with self._lock:
            self._kill()

    @property
    def running(self) -> bool:
        """Whether the LibreOffice worker process is alive now."""
        return self._proc is not None and self._proc.poll() is None

    # ------------------------------------------------------------ converting
    def convert(self, src: Path, target: Optional[Path] = None, *, title: Optional[str] = None,
                author: Optional[str] = None, pdf_a: bool = False) -> Path:
        """Convert ``src`` (docx or xlsx) to ``target`` (default: beside it,
        .pdf), written complete or not at all.  Raises PdfError naming the
        file when LibreOffice fails, dies twice or exceeds the timeout."""
        src = Path(src).resolve()
        target = Path(target) if target else src.with_suffix(".pdf")
        with self._lock, atomic_path(target) as tmp:
            for attempt in (1, 2):
                self._start()
                req = {"src": str(src), "dst": str(Path(tmp).resolve()), "title": title,
                       "author": author, "pdfa": pdf_a}
                try:
                    self._proc.stdin.write((json.dumps(req, ensure_ascii=False) + "\n").encode())
                    self._proc.stdin.flush()
                except OSError:
                    reply = None
                else:
                    reply = self._reply(self.timeout)
                if reply and reply.get("ok") and Path(tmp).exists():
                    return target
                if reply is None and self.running:
                    # alive but silent: over time.  This LibreOffice is ended
                    self._kill()
                    raise PdfError(f"LibreOffice 转换 {src.name} 超过 {self.timeout:.0f} 秒仍未完成，"
                                   "已停止。请确认文件能用 Word/WPS 正常打开后重试。")
                dead = reply is None or reply.get("dead")
                if dead:
                    self._kill()
                    if attempt == 1:
                        continue          # a new LibreOffice gets one more try
                why = (reply or {}).get("error", "LibreOffice 意外退出")
                raise PdfError(f"LibreOffice 未能把 {src.name} 转换为 PDF（{why}）。"
                               "请确认文件能用 Word/WPS 正常打开后重试。")
        raise AssertionError("unreachable")


_shared: Optional[Converter] = None
_shared_pid: Optional[int] = None


def shared_converter() -> Converter:
    """This process's converter, started on first use and reused by every
    later build in the process (a batch worker's reports included)."""
    global _shared, _shared_pid
    if _shared is None or _shared_pid != os.getpid():   # a forked child starts its own
        _shared, _shared_pid = Converter(), os.getpid()
        import atexit
        from multiprocessing import util
        atexit.register(_shared.close)
        util.Finalize(None, _shared.close, exitpriority=10)   # pool workers skip atexit
    return _shared


def close_shared() -> None:
    """End this process's converter, if one runs (the next use starts a new one)."""
    global _shared
    if _shared is not None and _shared_pid == os.getpid():
        _shared.close()
        _shared = None


def to_pdf(src: Path, target: Optional[Path] = None, *, title: Optional[str] = None,
           author: Optional[str] = None, pdf_a: bool = False) -> Path:
    """Convert ``src`` (xlsx or docx) to ``target`` (default: beside it)
    through this process's shared converter."""
    return shared_converter().convert(src, target, title=title, author=author, pdf_a=pdf_a)
