"""Outputs are complete or absent: write beside the target, then rename."""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from reportgen.core.errors import UnusableInput


def check_input_file(path: Path, max_bytes: int, what: str) -> int:
    """Refuse, before opening it, a file the tool is asked to read (``what``
    names it for the clerk: 输入工作簿, 科目目录文件 …) that is missing, a
    folder, not a regular file (a FIFO or a device such as /dev/zero, which
    would block or never end) or larger than ``max_bytes``.  Returns its
    size in bytes.  Raises UnusableInput with a Chinese message naming the path."""
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise UnusableInput("file_missing", f"找不到文件：{path}（{what}）。请检查文件名和路径。") from None
    except OSError as exc:
        raise UnusableInput("unreadable", f"无法读取{what} {path}：{os_reason(exc)}") from None
    if stat.S_ISDIR(st.st_mode):
        raise UnusableInput("not_a_file", f"{path} 是文件夹，不是{what}。")
    if not stat.S_ISREG(st.st_mode):
        raise UnusableInput("not_a_file", f"{path} 不是普通文件（是设备、管道或套接字），不能作为{what}读取。")
    if st.st_size > max_bytes:
        raise UnusableInput(
            "too_large", f"{what} {path} 有 {st.st_size / 1024 / 1024:,.1f} MB，超过上限 "
                         f"{max_bytes // 1024 // 1024} MB，不像是{what}，已拒绝读取。")
    if not os.access(path, os.R_OK):
        raise UnusableInput("unreadable", f"没有读取{what} {path} 的权限。请检查文件权限。")
    return st.st_size


def os_reason(exc: OSError) -> str:
    """What an OSError means, in Chinese for the clerk (no errno jargon)."""
    import errno
    reasons = {
        errno.EACCES: "没有权限（文件夹或文件只读，或属于其他用户）",
        errno.EPERM: "操作不被允许（没有权限）",
        errno.EROFS: "所在磁盘只读",
        errno.ENOSPC: "磁盘空间已满",
        errno.EDQUOT: "磁盘配额已用完",
        errno.ENOTDIR: "路径中的某一部分是文件而不是文件夹",
        errno.EEXIST: "同名的文件或文件夹已存在",
        errno.EISDIR: "这是一个文件夹",
        errno.ENAMETOOLONG: "文件名或路径过长",
        errno.ENOENT: "文件或文件夹不存在",
        errno.EIO: "磁盘读写错误",
        errno.EMFILE: "同时打开的文件过多",
        errno.EFBIG: "文件超过了系统或磁盘允许的大小",
    }
    return reasons.get(exc.errno, exc.strerror or type(exc).__name__)


def write_error(exc: BaseException) -> "OSError | None":
    """The OSError behind a failed write, or None when ``exc`` is not one:
    ``exc`` itself when it is an OSError; lxml's ``SerialisationError``
    (openpyxl writes each sheet through lxml, which reports a full disk or
    a file-size limit as ``IO_ENOSPC`` / ``IO_EFBIG``) as the OSError of
    that errno."""
    import errno
    if isinstance(exc, OSError):
        return exc
    try:
        from lxml.etree import SerialisationError
    except ImportError:   # openpyxl without lxml writes through the standard library
        return None
    text = str(exc)
    if isinstance(exc, SerialisationError) and text.startswith("IO_E"):
        code = getattr(errno, text[3:], None)
        if isinstance(code, int):
            return OSError(code, os.strerror(code))
    return None


def unwritable(exc: OSError, folder: Path, where: "Path | None" = None,
               other: str = "或用 -o 指定其他输出文件夹") -> UnusableInput:
    """An OSError met while writing outputs into ``folder`` (the output
    folder of build, consolidate, init), as the one message every command
    gives the clerk: the folder, the path (``where``, else the error's
    file), the cause in Chinese (os_reason: read-only, full disk, file too
    large …) and what to do (``other``: the command's own way out).  The
    environment's fault, not an internal error: the CLI exits 2."""
    where = where or exc.filename or folder
    return UnusableInput(
        "output_unwritable",
        f"无法写入输出文件夹 {folder}（{where}）：{os_reason(exc)}。未写出任何文件，输入文件未被修改。"
        f"请检查该文件夹是否存在、可写、磁盘是否有空间，{other}。")


def save_workbook(wb, target: Path) -> None:
    """Save the openpyxl workbook ``wb`` at ``target``, complete or absent
    (``atomic_path``).  The workbook is serialised in memory first, so a
    write fault (full disk, read-only folder, file-size limit) is one plain
    OSError from writing the bytes — never a half-closed zip file whose
    clean-up prints a traceback later; lxml's write faults are raised as
    their OSError too (``write_error``)."""
    import io
    import sys

    buf = io.BytesIO()
    err = None
    hook = sys.unraisablehook
    try:
        try:
            wb.save(buf)
        except Exception as exc:  # noqa: BLE001 - only write faults are translated
            err = write_error(exc)
            if err is None:
                raise
            err = OSError(err.errno, err.strerror, err.filename)
            # the failed save's zip file and sheet writers (openpyxl's, the
            # sheets' temporary files) fail again in their own clean-up when
            # the failure is dropped, here: that second failure is this one,
            # not news to print.  (Those left in reference cycles are never
            # finalised at exit: the CLI freezes the collector, cli.py.)
            sys.unraisablehook = lambda args: None
    finally:
        sys.unraisablehook = hook
    if err is not None:
        raise err
    with atomic_path(Path(target)) as tmp:
        tmp.write_bytes(buf.getvalue())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it
    over the target, on any failure remove it."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = part_file(target, target.suffix + ".part")
    try:
        yield tmp_path
        # mkstemp creates 0600; outputs are ordinary files for the clerk
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


_STAGE_PREFIX = ".reportgen-"

# a temporary file beside its target carries this and the writing process's
# id: .〈stem〉.reportgen-part-〈pid〉-〈random〉〈suffix〉
_PART_TAG = ".reportgen-part-"


def part_file(target: Path, suffix: str) -> Path:
    """A new, empty, hidden temporary file in ``target``'s folder to write
    ``target``'s content into before it is renamed into place (``suffix``,
    e.g. ``.part.xlsx``, ends its name).  Its name holds this process's id,
    so that the files of a process killed outright (SIGKILL, 任务管理器)
    are known and removed here, by the next run writing into that folder
    (``clean_stale_parts``)."""
    target = Path(target)
    clean_stale_parts(target.parent)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}{_PART_TAG}{os.getpid()}-", suffix=suffix,
                                dir=target.parent)
    os.close(fd)
    return Path(name)


def clean_stale_parts(folder: Path) -> None:
    """Remove the temporary files (``part_file``) in ``folder`` whose
    process is gone; those of running processes are left alone."""
    import re

    pattern = re.compile(r"^\..*?" + re.escape(_PART_TAG) + r"(\d+)-")
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for e in entries:
        m = pattern.match(e.name)
        if m and e.is_file(follow_symlinks=False) and not _pid_alive(int(m.group(1))):
            try:
                os.unlink(e.path)
            except OSError:
                pass


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (this process does).  On Windows
    ``os.kill(pid, 0)`` would send Ctrl-C (signal 0 is CTRL_C_EVENT there),
    so the process is asked for its exit code instead."""
    if pid == os.getpid():
        return True
    if os.name == "nt":
        import ctypes
        kernel = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5            # access denied: it exists
        code = ctypes.c_ulong()
        ok = kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return not ok or code.value == 259                 # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_stages(out_dir: Path) -> None:
    """Remove staging folders left by a build that was killed outright."""
    import shutil

    if not out_dir.is_dir():
        return
    for d in out_dir.glob(_STAGE_PREFIX + "*"):
        try:
            pid = int(d.name[len(_STAGE_PREFIX):].split("-")[0])
        except ValueError:
            continue
        if d.is_dir() and not _pid_alive(pid):
            shutil.rmtree(d, ignore_errors=True)


# the file inside every report folder that marks it as ours: only such a
# folder is ever replaced, and a folder holding it is never read as input
REPORT_MARK = ".reportgen-report"


class OutputConflict(UnusableInput):
    """The report's folder exists and is not one reportgen made."""


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE, through
    ctypes); False where the system cannot."""
    import sys
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        import ctypes.util
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    rc = fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return rc == 0


def written_by_us(folder: Path) -> "set[str] | None":
    """The names of the files reportgen wrote into the report ``folder``,
    as its REPORT_MARK lists them (one a line after the first, each
    followed by a tab and its SHA-256 since ``written_hashes``); None for a
    mark of an earlier version, which lists none."""
    hashes = written_hashes(folder)
    return None if hashes is None else set(hashes)


def written_hashes(folder: Path) -> "dict[str, str] | None":
    """Each file reportgen wrote into the report ``folder`` and the SHA-256
    (hex) of its content as written, from its REPORT_MARK; "" for a file a
    mark of an earlier version lists without one; None for a mark that
    lists no file (or cannot be read)."""
    try:
        lines = (folder / REPORT_MARK).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if len(lines) <= 1:
        return None
    return dict((line.split("\t", 1) + [""])[:2] for line in lines[1:])


def file_hash(path: "Path | str") -> str:
    """The SHA-256 (hex) of the file at ``path``, read in 1 MiB pieces.
    Raises OSError."""
    import hashlib
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for piece in iter(lambda: fh.read(1 << 20), b""):
            h.update(piece)
    return h.hexdigest()


def mark_text(stage: Path) -> str:
    """The REPORT_MARK of a finished report folder ``stage``: “reportgen”,
    then each file in it, a tab and the SHA-256 of its content (so that
    the next build knows which are ours and whether the clerk changed one
    since, ``carry_over``)."""
    lines = ["reportgen"]
    for p in sorted(stage.iterdir(), key=lambda p: p.name):
        lines.append(f"{p.name}\t{file_hash(p)}" if p.is_file() and not p.is_symlink() else p.name)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Kept:
    """A file of the previous report folder carried into the new one:
    ``name`` as it is in the new folder, ``was`` its name in the old one
    (different when it was renamed “〈name〉（上次保留）〈ext〉”), ``edited``
    whether it is a file reportgen wrote and the clerk changed since (its
    SHA-256 is not the mark's), ``output_name`` whether ``was`` is a name
    the report's outputs have or may have."""

    name: str
    was: str
    edited: bool = False
    output_name: bool = False

    @property
    def renamed(self) -> bool:
        """Kept under another name than it had (“（上次保留）”)."""
        return self.name != self.was


def _link_or_copy(src: str, dst: str) -> None:
    """``dst`` a second name of ``src`` (a hard link: instant, no space),
    or a copy where the file system has no hard links (FAT, some shares)."""
    import shutil
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def carry_over(old: Path, new: Path, reserved: "frozenset[str] | set[str]" = frozenset(),
               log: "list[Kept] | None" = None) -> list[str]:
    """Put into the finished report folder ``new`` everything of the
    previous one, ``old``, that reportgen did not write there (``written_by_us``;
    for an earlier version's mark: files named as a new output, whatever
    the extension — its PDF too): the clerk's own files — a hand-finished
    copy of the document, a scan, a subfolder — survive the rebuild.  They
    are hard-linked (copied where links are impossible), so that until the
    one-step exchange the old folder still holds them, and after it the new
    one does: never lost, whenever the build stops.
    Kept under “〈name〉（上次保留）〈ext〉” (“（上次保留2）” … where that name
    is taken), never under an output's name: a clerk's file named as a new
    output or as one of ``reserved`` (every name the report's outputs may
    have, e.g. the document's PDF in a build without PDFs: most likely an
    export of the previous version, its figures not updated), and a file
    reportgen wrote that the clerk changed since (its SHA-256 differs from
    the mark's: the generated document edited and saved in place).
    Returns the names kept, as they are in ``new``; each is appended to
    ``log`` as a ``Kept`` (when given).  Raises OSError (e.g. a full disk
    while copying): then nothing is replaced."""
    import shutil

    hashes = written_hashes(old)
    made = {p.name for p in new.iterdir()}
    if hashes is None:
        stems = {Path(n).stem for n in made}
        hashes = {e.name: "" for e in os.scandir(old) if Path(e.name).stem in stems}
    carried: list[tuple[os.DirEntry, bool]] = []
    for e in sorted(os.scandir(old), key=lambda e: e.name):
        if e.name == REPORT_MARK:
            continue
        edited = False
        if e.name in hashes:
            if not hashes[e.name] or not e.is_file(follow_symlinks=False):
                continue   # ours, as written (or an earlier mark's: cannot tell)
            if file_hash(e.path) == hashes[e.name]:
                continue
            edited = True
        carried.append((e, edited))
    # those that keep their names first, so that a renamed one never takes
    # the name of a file kept from an earlier rebuild
    stay = [(e, ed) for e, ed in carried
            if not ed and e.name not in made and e.name not in reserved]
    moved = [(e, ed) for e, ed in carried if (e, ed) not in stay]
    kept = []
    for e, edited in stay + moved:
        name, n, p = e.name, 1, Path(e.name)
        while (e, edited) in moved and name == e.name or (new / name).exists() \
                or (new / name).is_symlink():
            name = f"{p.stem}（上次保留{'' if n == 1 else n}）{p.suffix}"
            n += 1
        dest = new / name
        if e.is_symlink():
            os.symlink(os.readlink(e.path), dest)
        elif e.is_dir():
            shutil.copytree(e.path, dest, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(e.path, str(dest))
        kept.append(name)
        if log is not None:
            log.append(Kept(name, e.name, edited, e.name in made or e.name in reserved))
    return kept


def publish(stage: Path, target: Path, reserved: "frozenset[str] | set[str]" = frozenset(),
            log: "list[Kept] | None" = None) -> list[str]:
    """Put the finished folder ``stage`` at ``target`` in one rename: where
    ``target`` does not exist, a rename; where it holds an earlier set of
    the same report (it carries REPORT_MARK), the files there that
    reportgen did not write are first carried into ``stage``
    (``carry_over``), then the two folders are exchanged
    in one step and the old one removed — a reader sees the old set or the
    new one, never a mix.  Where the system has no exchange, the old folder
    is first renamed aside (hidden; removed after, or by the next run if
    killed): the set is then briefly absent, never mixed.  A ``target`` that
    is not a report folder is never touched (OutputConflict).  Returns the
    names of the clerk's files carried over (empty for a first build);
    ``reserved`` and ``log`` as for ``carry_over``."""
    import shutil

    if not target.exists() and not target.is_symlink():
        os.rename(stage, target)
        return []
    if not target.is_dir() or target.is_symlink() or not (target / REPORT_MARK).is_file():
        raise OutputConflict(
            "output_conflict",
            f"输出文件夹中已有同名的“{target.name}”（{target}），它不是 reportgen 生成的报告文件夹，"
            "为免覆盖未写出。请移走或改名后重试，或用 -o 指定其他输出文件夹。")
    kept = carry_over(target, stage, reserved, log)
    if _exchange(stage, target):
        shutil.rmtree(stage, ignore_errors=True)
        return kept
    aside = Path(tempfile.mkdtemp(prefix=f"{_STAGE_PREFIX}{os.getpid()}-old-", dir=target.parent))
    os.rename(target, aside / "old")
    os.rename(stage, target)
    shutil.rmtree(aside, ignore_errors=True)
    return kept


@contextmanager
def staged(out_dir: Path, name: str | None = None,
           kept: "list[Kept] | None" = None,
           reserved: "frozenset[str] | set[str]" = frozenset()) -> Iterator[Path]:
    """A hidden folder inside ``out_dir`` to render every output into.

    With ``name`` (a report): on success the folder, marked as a report
    folder, becomes ``out_dir / name`` in one step (``publish``), replacing
    the previous set of that report whole — except the clerk's own files in
    it, which are carried into the new folder (``carry_over``; ``reserved``:
    every name the report's outputs may have); a ``Kept`` for each is
    appended to ``kept`` (when given), for the build to say so.  The mark
    lists the files written here and their SHA-256 (``mark_text``), so
    that the next build knows which are ours and which the clerk changed.  Without ``name``: each file is
    renamed into ``out_dir``.  On any failure (or Ctrl-C) the folder and
    everything in it is removed; a folder left by a killed build is removed
    by the next build into ``out_dir``.  A build thus leaves its whole set
    of outputs or none of them."""
    import shutil

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    clean_stale_stages(out_dir)
    stage = Path(tempfile.mkdtemp(prefix=f"{_STAGE_PREFIX}{os.getpid()}-", dir=out_dir))
    _ACTIVE_STAGES.add(stage)
    try:
        yield stage
        from reportgen.core import lifeline
        if lifeline.stop_requested is not None:
            # stopped while rendering, the stop's SystemExit dropped in a
            # finalizer (core.lifeline): a stopped build publishes nothing
            raise SystemExit(128 + lifeline.stop_requested)
        if name is not None:
            (stage / REPORT_MARK).write_text(mark_text(stage), encoding="utf-8")
            os.chmod(stage, 0o777 & ~_umask())
            publish(stage, out_dir / name, reserved, kept)
        else:
            for f in sorted(stage.iterdir()):
                if f.is_file() and not f.name.startswith("."):
                    os.replace(f, out_dir / f.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        _ACTIVE_STAGES.discard(stage)


# the staging folders this process has open (see remove_active_stages)
_ACTIVE_STAGES: set[Path] = set()


def remove_active_stages() -> None:
    """Remove every staging folder this process has open: for a process
    about to end without unwinding (a batch worker's last resort)."""
    import shutil
    for stage in list(_ACTIVE_STAGES):
        shutil.rmtree(stage, ignore_errors=True)


# ---------------------------------------------------------------- file names
# the unit's part of an output file name, in UTF-8 bytes: with the year, the
# table's name, the extension and the staging prefixes, far below the 255
# bytes a file name may have on Linux, macOS and Windows file systems
MAX_NAME_BYTES = 120
_FORBIDDEN = set('\\/:*?"<>|')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def _allowed(ch: str) -> bool:
    import unicodedata
    # Cc control (newline, tab), Cf format (U+202E and the other bidi
    # overrides, zero-width characters), Zl/Zp line breaks, Co/Cs/Cn private,
    # surrogate and unassigned code points
    return ch not in _FORBIDDEN and unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp",
                                                                    "Co", "Cs", "Cn")


def safe_filename(text: str) -> str:
    """The unit's part of an output file name, from its name as typed: every
    character a file name cannot or should not hold (``\\ / : * ? " < > |``,
    control, bidirectional-override, zero-width, line-break and unassigned
    characters) replaced by “_”, runs of spaces collapsed, leading and
    trailing spaces and dots removed; a name longer than MAX_NAME_BYTES
    (UTF-8) cut at a character boundary and ended with “…” and 6 hex digits
    of the full name's SHA-256 (two long names differing only at the end
    never share a file name).  A name changed by more than its spaces
    (a character replaced, a dot dropped, a reserved name such as CON) ends
    with the same “…” and 6 hex digits: “测试/局”, “测试:局” and “测试_局”
    are three units and get three file names.  Never empty (“未命名单位”).
    Deterministic: validate and build derive the same name from the same text."""
    import hashlib
    import unicodedata

    text = unicodedata.normalize("NFC", text or "")
    cleaned = "".join(ch if _allowed(ch) else "_" for ch in text)
    cleaned = " ".join(cleaned.split()).strip(" .")
    if not cleaned:
        return "未命名单位"
    if cleaned.split(".")[0].upper() in _WINDOWS_RESERVED:
        cleaned = "_" + cleaned
    altered = cleaned != " ".join(text.split())
    if not altered and len(cleaned.encode("utf-8")) <= MAX_NAME_BYTES:
        return cleaned
    tag = "…" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]
    if len((cleaned + tag).encode("utf-8")) <= MAX_NAME_BYTES:
        return cleaned + tag
    room = MAX_NAME_BYTES - len(tag.encode("utf-8"))
    cut = cleaned.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" .")
    return cut + tag


def replace_together(pairs: list[tuple[Path, Path]]) -> None:
    """Move each finished temporary file onto its target (same folder), as
    one set: a target that exists is first renamed aside (hidden); should a
    move fail, the files already moved are removed and the old ones put
    back, and the OSError raised — a reader finds all the new files or the
    old set, never a mix (the set is briefly incomplete while moving).
    The temporary files are removed on failure."""
    import shutil

    mode = 0o666 & ~_umask()
    aside: list[tuple[Path, Path]] = []
    moved: list[Path] = []
    try:
        for tmp, target in pairs:
            os.chmod(tmp, mode)
            if target.exists():
                fd, old = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".old", dir=target.parent)
                os.close(fd)
                os.replace(target, old)
                aside.append((Path(old), target))
        for tmp, target in pairs:
            os.replace(tmp, target)
            moved.append(target)
    except BaseException:
        for target in moved:
            Path(target).unlink(missing_ok=True)
        for old, target in aside:
            shutil.move(str(old), str(target))
        for tmp, _ in pairs:
            Path(tmp).unlink(missing_ok=True)
        raise
    for old, _ in aside:
        old.unlink(missing_ok=True)
