"""Paths and the LibreOffice converter, importable from any test as `support`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example-2022.xlsx"
EVERY_COLUMN = ROOT / "tests" / "data" / "every-column.xlsx"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(soffice: str, src: Path, outdir: Path) -> Path:
    """Convert with a private user profile, so parallel runs do not collide;
    returns the PDF, failing the test if LibreOffice did not produce one."""
    profile = outdir / "lo-profile"
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(outdir), str(src)],
        capture_output=True, text=True, timeout=240,
    )
    pdf = outdir / (src.stem + ".pdf")
    assert proc.returncode == 0 and pdf.exists() and pdf.stat().st_size > 1000, (
        f"LibreOffice failed on {src.name}: {proc.stdout} {proc.stderr}")
    return pdf
