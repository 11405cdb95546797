"""PDF through LibreOffice headless.

Each conversion gets its own LibreOffice user profile, so parallel workers
never share (and lock) one; the PDF is written beside the target under a
temporary name and renamed into place, like every other output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from reportgen.core.errors import UnusableInput
from reportgen.core.safeio import atomic_path

TIMEOUT = 300


def soffice() -> Optional[str]:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    path = soffice()
    if path is None:
        raise UnusableInput(
            "no_libreoffice",
            "未找到 LibreOffice（soffice），无法生成 PDF。请先安装，例如在 Debian/Ubuntu 上运行 "
            "`sudo apt-get install libreoffice-calc libreoffice-writer fonts-noto-cjk`，"
            "或去掉 --pdf 只生成 xlsx/docx。",
        )
    return path


def to_pdf(src: Path, target: Optional[Path] = None) -> Path:
    """Convert ``src`` (xlsx or docx) to ``target`` (default: beside it)."""
    exe = require_soffice()
    src = Path(src)
    target = Path(target) if target else src.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="reportgen-lo-") as work:
        work_dir = Path(work)
        profile = work_dir / "profile"
        # LibreOffice names the PDF after the source; convert a copy with a
        # plain name so odd characters in unit names cannot confuse it
        plain = work_dir / ("input" + src.suffix)
        shutil.copyfile(src, plain)
        env = dict(os.environ, HOME=str(work_dir))
        proc = subprocess.run(
            [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(work_dir), str(plain)],
            capture_output=True, text=True, timeout=TIMEOUT, env=env,
        )
        made = work_dir / "input.pdf"
        if proc.returncode != 0 or not made.exists():
            raise RuntimeError(f"LibreOffice 未能把 {src.name} 转换为 PDF：{proc.stderr.strip()[:300]}")
        with atomic_path(target) as tmp:
            shutil.copyfile(made, tmp)
    return target
