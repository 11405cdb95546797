"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support import ROOT, soffice_path


def pytest_configure(config):
    """The persistent template cache of the tests (and of the commands they
    run) is their own, not the user's ~/.cache."""
    if "REPORTGEN_CACHE_DIR" not in os.environ:
        import tempfile
        os.environ["REPORTGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="reportgen-test-cache-")


def pytest_collection_modifyitems(config, items):
    """Every test that runs LibreOffice is in the slow tier."""
    for item in items:
        if "soffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def root() -> Path:
    return ROOT


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
