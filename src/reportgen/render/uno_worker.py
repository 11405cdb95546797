"""The LibreOffice side of reportgen's PDF conversion: a script run by the
system's Python (Debian: /usr/bin/python3 with python3-uno), never imported
by reportgen itself (its Python usually has no ``uno``).

    /usr/bin/python3 uno_worker.py SOFFICE PROFILE_DIR FONTS_JSON

It writes a private font substitution table into the user profile
PROFILE_DIR, starts one LibreOffice (``soffice.bin --headless --accept=pipe``)
with that profile, connects to it over UNO and then serves requests, one JSON
object a line on stdin, each answered by one JSON line on stdout:

    {"src": "/a.docx", "dst": "/a.pdf.tmp", "title": "…", "author": "…",
     "pdfa": false}
    -> {"ok": true} | {"ok": false, "error": "…", "dead": bool}

The first line written is ``{"ready": true, "pid": N}`` (N: LibreOffice's
process id) or ``{"ready": false, "error": "…"}``.

Nothing of it outlives its parent: LibreOffice is started with
PR_SET_PDEATHSIG (it dies with this process), and a thread watching stdin
ends LibreOffice and this process as soon as the parent's end of the pipe
closes — however the parent ended, a conversion in progress or not.  When
LibreOffice itself dies, the answer says ``"dead": true`` and this process
exits; the parent starts a new one.
"""

import ctypes
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from xml.sax.saxutils import escape

STARTUP_TIMEOUT = 90.0
PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """In the child, before exec: SIGKILL when this process ends."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except Exception:  # noqa: BLE001 - not Linux: the stdin watch still ends it
        pass


def write_profile(profile, fonts):
    """A user profile whose registry holds the font substitution table
    ``fonts`` ({official face: stand-in face}), applied only where the
    official face is not installed."""
    user = os.path.join(profile, "user")
    os.makedirs(user, exist_ok=True)
    items = [
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
        '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>',
        # no first-start wizard, no recovery, no update check
        '<item oor:path="/org.openoffice.Office.Common/Misc">'
        '<prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>',
    ]
    for i, (face, stand_in) in enumerate(sorted(fonts.items())):
        items.append(
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
            f'<node oor:name="_{i}" oor:op="replace">'
            '<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
            '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
            f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{escape(face)}</value></prop>'
            f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(stand_in)}</value></prop>'
            '</node></item>')
    with open(os.path.join(user, "registrymodifications.xcu"), "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                 'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                 + "\n".join(items) + "\n</oor:items>\n")


# every LibreOffice this worker started, and whether it is finishing: the
# stdin watcher may finish while the main thread is still starting one, and
# must neither miss it nor see another started after it looked
_STARTS = threading.Lock()
_STARTED: list = []
_STOPPING = False


_SOCKETS: list = []   # the pipe files of every LibreOffice started


def _pipe_files(pipe_name, profile_url):
    """The socket files LibreOffice makes for its pipes: ours (--accept) and
    its single-instance pipe, named by the MD5 of the UTF-16 user-installation
    URL, each byte in hex without padding (desktop/source/app/officeipcthread.cxx).
    LibreOffice's osl puts them in /tmp (else /var/tmp), whatever TMPDIR says;
    a killed LibreOffice leaves them behind."""
    import hashlib
    digest = hashlib.md5(profile_url.encode("utf-16-le")).digest()
    ipc = "SingleOfficeIPC_" + "".join(format(b, "x") for b in digest)
    uid = os.getuid()
    return [os.path.join(folder, f"OSL_PIPE_{uid}_{name}")
            for folder in ("/tmp", "/var/tmp") for name in (pipe_name, ipc)]


def _remove_pipe_files(paths) -> None:
    import stat
    for path in paths:
        try:
            if stat.S_ISSOCK(os.lstat(path).st_mode):
                os.unlink(path)
        except OSError:
            pass


def _kill_all() -> None:
    """Stop starting LibreOffice, kill (and reap) each one started, and
    remove the pipe files they leave."""
    global _STOPPING
    with _STARTS:
        _STOPPING = True
        procs = list(_STARTED)
    for proc in procs:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.wait()
    _remove_pipe_files(_SOCKETS)


class Office:
    """One running LibreOffice and the UNO connection to it."""

    def __init__(self, soffice, profile):
        import uno  # only here: the module is importable for its docs without uno
        self.uno = uno
        self.profile = profile
        self.pipe = f"reportgen_{os.getpid()}_{int(time.time() * 1000)}"
        cmd = [soffice, "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
               "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
               "--nolockcheck", f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"]
        # its temporary files (lu*.tmp) in the profile too, removed with it
        tmp = os.path.join(profile, "tmp")
        os.makedirs(tmp, exist_ok=True)
        env = dict(os.environ, HOME=profile, TMPDIR=tmp, TMP=tmp, TEMP=tmp)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        self.proc = None
        self.sockets = _pipe_files(self.pipe, uno.systemPathToFileUrl(profile))
        _SOCKETS.extend(self.sockets)
        while True:
            if self.proc is None or self.proc.poll() is not None:
                # a first start with a new profile may end with 81 ("restart me")
                if self.proc is not None and self.proc.returncode != 81:
                    raise RuntimeError(f"LibreOffice 启动后立即退出（退出码 {self.proc.returncode}）")
                with _STARTS:
                    if _STOPPING:   # the worker is finishing: start nothing more
                        raise RuntimeError("stopping")
                    self.proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL,
                                                 stdout=subprocess.DEVNULL,
                                                 stderr=subprocess.DEVNULL,
                                                 preexec_fn=_die_with_parent,
                                                 start_new_session=True)
                    _STARTED.append(self.proc)
            try:
                ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # noqa: BLE001 - NoConnectException until it listens
                if time.monotonic() > deadline:
                    self.kill()
                    raise RuntimeError(f"LibreOffice 在 {STARTUP_TIMEOUT:.0f} 秒内未能启动")
                time.sleep(0.1)
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def alive(self):
        """Whether the LibreOffice process is still running (its UNO bridge
        may be gone already: see ``usable``)."""
        return self.proc is not None and self.proc.poll() is None

    def usable(self):
        """Running and answering over its UNO bridge (a LibreOffice just
        killed may still be a process while its bridge is already gone)."""
        if not self.alive():
            return False
        try:
            self.desktop.getFrames()
            return True
        except Exception:  # noqa: BLE001 - DisposedException and the like
            return False

    def kill(self):
        """SIGKILL LibreOffice's process group, reap it and remove its pipe
        files; harmless when it is already gone."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            self.proc.wait()
        _remove_pipe_files(self.sockets)

    def _pv(self, name, value):
        from com.sun.star.beans import PropertyValue
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    def convert(self, src, dst, title=None, author=None, pdfa=False):
        """``src`` to the PDF ``dst``.  LibreOffice opens a private copy (in
        the profile folder), so its lock file never lands beside the source
        and a killed LibreOffice leaves no stale lock there."""
        uno = self.uno
        work = os.path.join(self.profile, "work")
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        copy = os.path.join(work, "input" + os.path.splitext(src)[1].lower())
        shutil.copyfile(src, copy)
        doc = self.desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(copy), "_blank", 0,
            (self._pv("Hidden", True), self._pv("UpdateDocMode", 0)))
        if doc is None:
            raise RuntimeError("LibreOffice 无法打开该文件")
        try:
            writer = copy.endswith((".docx", ".doc", ".odt"))
            if writer and hasattr(doc, "getDocumentIndexes"):
                # the 目录 (and any other index) with the page numbers of
                # this layout; twice, since a longer 目录 moves what follows
                for _ in range(2):
                    indexes = doc.getDocumentIndexes()
                    for i in range(indexes.getCount()):
                        indexes.getByIndex(i).update()
                doc.getTextFields().refresh()
            props = doc.getDocumentProperties()
            if title:
                props.Title = title
            if author:
                props.Author = author
            data = [self._pv("ExportBookmarks", True),
                    self._pv("ExportNotes", False),
                    self._pv("SelectPdfVersion", 2 if pdfa else 0),   # 2: PDF/A-2b
                    self._pv("UseTaggedPDF", bool(pdfa))]
            if writer:
                data.append(self._pv("ExportBookmarksToPDFDestination", False))
            filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(data))
            args = (self._pv("FilterName", "writer_pdf_Export" if writer else "calc_pdf_Export"),
                    self._pv("FilterData", filter_data), self._pv("Overwrite", True))
            # written in the private work folder and moved into place whole: a
            # LibreOffice still writing when the build is stopped never writes
            # (or leaves lock files) in the build's staging folder
            made = os.path.join(work, "output.pdf")
            uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(made), args))
        finally:
            try:
                doc.close(True)
            except Exception:  # noqa: BLE001 - a dead office cannot close it
                pass
        shutil.move(made, dst)


def main():
    """Run the worker: ``argv`` is SOFFICE PROFILE_DIR FONTS_JSON; serve
    conversion requests from stdin until it closes (see the module's
    docstring for the protocol); exit 1 when LibreOffice cannot start, 3
    when it died during a conversion."""
    soffice, profile, fonts_json = sys.argv[1:4]
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent decides when we stop
    out = sys.stdout
    lines = queue.Queue()
    office = None

    def finish(code):
        # every LibreOffice started, also one still starting, killed and
        # reaped before its profile goes (a live one would write it again)
        _kill_all()
        with _STARTS:   # nothing writes the profile any more (_STOPPING)
            shutil.rmtree(profile, ignore_errors=True)
        os._exit(code)

    def read_stdin():
        for line in sys.stdin:
            lines.put(line)
        finish(0)   # the parent is gone or done: LibreOffice goes with it

    def say(obj):
        try:
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
            out.flush()
        except OSError:     # the parent is gone
            finish(0)

    # watching stdin from the start: a parent that ends while LibreOffice is
    # still starting takes it along too (PDEATHSIG once we exit)
    threading.Thread(target=read_stdin, daemon=True).start()
    try:
        with _STARTS:
            if _STOPPING:   # the parent ended before we began: write nothing
                raise RuntimeError("stopping")
            write_profile(profile, json.loads(fonts_json))
        office = Office(soffice, profile)
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        say({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        finish(1)
    say({"ready": True, "pid": office.proc.pid})
    while True:
        req = json.loads(lines.get())
        try:
            office.convert(req["src"], req["dst"], req.get("title"), req.get("author"),
                           bool(req.get("pdfa")))
            say({"ok": True})
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            dead = not office.usable()
            say({"ok": False, "dead": dead, "error": f"{type(exc).__name__}: {exc}"[:500]})
            if dead:
                finish(3)


if __name__ == "__main__":
    main()
