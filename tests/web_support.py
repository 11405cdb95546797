"""Shared by the web tests: the app under Starlette's TestClient, a broken
copy of the example, the shared cases folder."""

from __future__ import annotations

import re
import time
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


def session_of(web, c):
    return web.sessions[c.cookies.get("reportgen_session")]


def wait_run(c, rid: str, timeout: float = 240, jobs: int = 1) -> dict:
    """The run's final state; on the way, never more than ``jobs`` builds
    at a time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = c.get(f"/api/runs/{rid}").json()
        assert sum(i["state"] == "running" for i in state["items"]) <= jobs
        if state["done"]:
            return state
        time.sleep(0.2)
    raise AssertionError("build did not finish")


def findings_of(result: dict) -> list[dict]:
    return [f for s in result["sheets"] for f in s["findings"]]


def assert_every_cell_highlighted(result: dict, source: Path) -> None:
    """Each finding placed at a cell shows a grid holding that cell,
    highlighted, with the workbook's own values around it."""
    wb = openpyxl.load_workbook(source, data_only=True)
    placed = [f for f in findings_of(result) if "!" in f["where"]]
    assert placed
    for f in placed:
        w = f["window"]
        assert w is not None, f
        col, row = openpyxl.utils.cell.coordinate_from_string(f["cell"].split(":")[0])
        c = openpyxl.utils.column_index_from_string(col)
        assert [row, c] in w["marked"]
        ws = wb[f["where"].split("!")[0]]
        for i, r in enumerate(w["rows"]):
            for j, _ in enumerate(w["columns"]):
                v = ws.cell(r, w["first_col"] + j).value
                if v is None:
                    assert w["cells"][i][j] == ""
                elif isinstance(v, str):
                    assert w["cells"][i][j] == v
                else:
                    assert float(w["cells"][i][j]) == float(v)
