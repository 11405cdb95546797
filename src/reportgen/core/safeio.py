"""Outputs are complete or absent: write beside the target, then rename."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


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
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix + ".part",
                               dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates 0600; outputs are ordinary files for the clerk
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


_STAGE_PREFIX = ".reportgen-"


def _pid_alive(pid: int) -> bool:
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


@contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """A hidden folder inside ``out_dir`` to render every output into; on
    success each file is renamed into ``out_dir``, on any failure (or Ctrl-C)
    the folder and everything in it is removed.  A build thus leaves its whole
    set of outputs or none of them."""
    import shutil

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    clean_stale_stages(out_dir)
    stage = Path(tempfile.mkdtemp(prefix=f"{_STAGE_PREFIX}{os.getpid()}-", dir=out_dir))
    try:
        yield stage
        for f in sorted(stage.iterdir()):
            if f.is_file() and not f.name.startswith("."):
                os.replace(f, out_dir / f.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
