"""Shared by the web tests: the app under Starlette's TestClient, a broken
copy of the example, the shared cases folder."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import openpyxl

from support import EXAMPLE, ROOT

# the cell made wrong in the broken copy, and what is typed there
BROKEN_SHEET, BROKEN_CELL, BROKEN_TEXT = "支出功能分类", "E5", "十二点五"


def shared_case(name: str) -> Path | None:
    """A workbook of shared/cases/ (beside the clone in CI, two folders up
    from a worktree), or None where shared/ is not there."""
    for base in (ROOT.parent, ROOT.parent.parent):
        p = base / "shared" / "cases" / name
        if p.is_file():
            return p
    return None


def broken_copy(folder: Path) -> Path:
    """The example with text typed into an amount cell: an error at one cell."""
    wb = openpyxl.load_workbook(EXAMPLE)
    wb[BROKEN_SHEET][BROKEN_CELL] = BROKEN_TEXT
    target = folder / "损坏的工作簿.xlsx"
    wb.save(target)
    return target


def client(web, host: str = "127.0.0.1", base_url: str = "http://127.0.0.1:8765"):
    """A TestClient of ``web`` whose requests come from ``host``."""
    warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
    from starlette.testclient import TestClient
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TestClient(web.asgi, base_url=base_url, client=(host, 50000))


def csrf_of(page_html: str) -> str:
    return re.search(r'name="reportgen-csrf" content="([^"]+)"', page_html).group(1)


def upload(c, csrf: str, path: Path, name: str | None = None, **headers):
    from urllib.parse import quote
    h = {"X-Reportgen-CSRF": csrf, "X-File-Name": quote(name or path.name)}
    h.update(headers)
    return c.post("/api/upload", content=path.read_bytes(), headers=h)
