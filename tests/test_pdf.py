"""`reportgen build --pdf`: every output also as a PDF that LibreOffice made
without error (the generated files open without a repair prompt)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support import EXAMPLE

pytestmark = pytest.mark.slow


def test_build_with_pdf(tmp_path, soffice):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(out),
                           "--pdf", "-j", "1"], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (folder,) = out.iterdir()   # the report's folder
    out = folder
    made = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    stems = {p.rsplit(".", 1)[0] for p in made if p.endswith((".xlsx", ".docx"))}
    assert len(stems) == 3
    for stem in stems:
        pdf = out / f"{stem}.pdf"
        assert pdf.exists(), made
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 10_000
