"""What the web page's worker processes run: the command line's pipeline,
returning plain data (it crosses processes and becomes JSON).

``check_upload`` is ``reportgen validate`` for one file (``build.check``),
with the part of the sheet around each finding's cell; building is
``batch.build_one``, exactly as ``reportgen build`` runs it for a batch.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.build import Options, check
from reportgen.core.errors import TemplateError, UnusableInput

def watch_parent(parent: int, interval: float = 1.0) -> None:
    """Worker initializer: end this worker as soon as the server process
    ``parent`` is gone (killed outright, it could not stop its workers),
    so that no process of ours outlives ``reportgen serve``."""
    import os
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


# a workbook with more findings than this shows the grid for the first ones only
MAX_WINDOWS = 200
WORKBOOK = "（整个工作簿）"


def check_upload(path: str, shown_name: str, after=None) -> dict:
    """Validate the workbook at ``path``; every outcome is a dict, never an
    exception.

    Returns ``{"status": "ok"|"warnings"|"errors"|"unusable", "unit", "year",
    "errors", "warnings", "message", "sheets": [{"sheet", "title",
    "findings": [{"code", "severity", "cell", "where", "message", "fix",
    "window"}]}]}`` where ``window`` is ``read.window.Window.as_dict()`` or
    None.  ``shown_name`` replaces the internal file name in messages.
    """
    try:
        return _check(Path(path), shown_name)
    except UnusableInput as exc:
        return _unusable(exc.message, path, shown_name)
    except TemplateError as exc:
        return _unusable(f"模板错误：{exc}", path, shown_name)
    except Exception as exc:  # noqa: BLE001 - one bad workbook must not break the page
        return _unusable(f"内部错误（{type(exc).__name__}: {exc}）", path, shown_name)
    finally:
        if after is not None:   # the caller's memory policy (the CLI's gc.collect)
            after()


def _unusable(message: str, path: str, shown_name: str) -> dict:
    return {"status": "unusable", "unit": "", "year": None, "errors": 0, "warnings": 0,
            "message": rename(message, path, shown_name), "sheets": []}


def rename(text: str, path: str, shown_name: str) -> str:
    """``text`` with the internal path and file name of an upload replaced by
    the name the clerk gave it."""
    p = Path(path)
    return text.replace(str(p), shown_name).replace(p.name, shown_name)


def _check(path: Path, shown_name: str) -> dict:
    from reportgen.read.window import sheet_windows
    from reportgen.validate.report import by_sheet

    checked = check(path, Options())
    res = checked.result
    groups = by_sheet(res.findings)
    placed = [f for fs in groups.values() for f in fs if f.sheet and f.cell][:MAX_WINDOWS]
    windows = dict(zip(((f.sheet, f.cell) for f in placed),
                       sheet_windows(path, [(f.sheet, f.cell) for f in placed])))
    sheets = []
    for sheet, findings in groups.items():
        items = []
        for f in findings:
            w = windows.get((f.sheet, f.cell))
            items.append({"code": f.code, "severity": f.severity, "cell": f.cell,
                          "where": f.where or WORKBOOK,
                          "message": rename(f.message, str(path), shown_name),
                          "fix": rename(f.fix, str(path), shown_name),
                          "window": w.as_dict() if w is not None else None})
        sheets.append({"sheet": sheet, "title": sheet or WORKBOOK, "findings": items})
    status = "errors" if res.errors else "warnings" if res.warnings else "ok"
    wb = checked.workbook
    return {"status": status, "unit": wb.unit or "", "year": getattr(wb, "year", None),
            "errors": len(res.errors), "warnings": len(res.warnings), "message": "",
            "sheets": sheets}
