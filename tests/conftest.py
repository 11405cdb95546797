"""Shared fixtures: paths and the LibreOffice converter."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example-2022.xlsx"
EVERY_COLUMN = ROOT / "tests" / "data" / "every-column.xlsx"


@pytest.fixture
def root() -> Path:
    return ROOT


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def soffice():
    """The LibreOffice binary; skipped where absent, except in CI where
    REPORTGEN_REQUIRE_SOFFICE=1 makes its absence a failure."""
    path = soffice_path()
    if path is None:
        if os.environ.get("REPORTGEN_REQUIRE_SOFFICE"):
            pytest.fail("LibreOffice (soffice) is required here but not installed")
        pytest.skip("LibreOffice not installed")
    return path


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
