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


def check_upload(path: str, shown_name: str, after=None, last=None,
                 last_name: str = "") -> dict:
    """Validate the workbook at ``path``; every outcome is a dict, never an
    exception.  ``last``: last year's figures (``core.lastyear.LastYear``,
    from ``read_last_upload``) to check against, as ``validate --last``
    does (rules L901–L904); ``last_name`` is that upload's shown name.

    Returns ``{"status": "ok"|"warnings"|"errors"|"unusable", "unit", "year",
    "errors", "warnings", "message", "sheets": [{"sheet", "title",
    "findings": [{"code", "severity", "cell", "where", "message", "fix",
    "window"}]}]}`` where ``window`` is ``read.window.Window.as_dict()`` or
    None, and ``"last"``: the ``last_name`` checked against ('' without).
    ``shown_name`` (and ``last_name``) replace the internal file names in
    messages.
    """
    names = [(path, shown_name)] + ([(last.path, last_name)] if last is not None else [])
    try:
        out = _check(Path(path), names, last)
    except UnusableInput as exc:
        out = _unusable(exc.message, names)
    except TemplateError as exc:
        out = _unusable(f"模板错误：{exc}", names)
    except Exception as exc:  # noqa: BLE001 - one bad workbook must not break the page
        out = _unusable(f"内部错误（{type(exc).__name__}: {exc}）", names)
    finally:
        if after is not None:   # the caller's memory policy (the CLI's gc.collect)
            after()
    out["last"] = last_name if last is not None else ""
    return out


def read_last_upload(path: str, shown_name: str, after=None) -> dict:
    """Last year's workbook at ``path`` read, validated and computed, as
    ``validate/build --last`` does (``carry.last_year``); never an exception.

    Returns ``{"status": "ok", "unit", "year", "message": "", "last":
    LastYear}`` or ``{"status": "unusable", "message"}``: the Chinese reason
    (unreadable, or its own validation errors) naming ``shown_name``."""
    from reportgen.carry import last_year

    names = [(path, shown_name)]
    try:
        last = last_year(Path(path))
    except UnusableInput as exc:
        message = rename(exc.message, names)
        if exc.kind == "last_invalid":
            # the command line's advice (reportgen validate) in the page's words
            message = message.split("请先运行 reportgen validate")[0] + (
                "请把它当作本年工作簿在下面上传，逐条查看问题所在的单元格并修改。")
        return {"status": "unusable", "message": message}
    except TemplateError as exc:
        return {"status": "unusable", "message": rename(f"模板错误：{exc}", names)}
    except Exception as exc:  # noqa: BLE001 - one bad workbook must not break the page
        return {"status": "unusable",
                "message": rename(f"内部错误（{type(exc).__name__}: {exc}）", names)}
    finally:
        if after is not None:
            after()
    return {"status": "ok", "unit": last.unit or "", "year": last.year, "message": "",
            "last": last}


def _unusable(message: str, names) -> dict:
    return {"status": "unusable", "unit": "", "year": None, "errors": 0, "warnings": 0,
            "message": rename(message, names), "sheets": []}


def rename(text: str, names, shown_name: str = "") -> str:
    """``text`` with the internal paths and file names of uploads replaced by
    the names the clerk gave them: ``names`` a list of (path, shown name),
    or one path with ``shown_name``."""
    if isinstance(names, str):
        names = [(names, shown_name)]
    for path, shown in names:
        p = Path(path)
        text = text.replace(str(p), shown).replace(p.name, shown)
    return text


def shown(data, names, root=None):
    """``data`` (a str, or a dict/list of them, as the page's JSON) with
    every upload's internal path and file name replaced by the name the
    clerk gave it (``rename``; ``names`` a list of (path, shown name): all
    of the session's uploads, so a message naming *another* upload names it
    as the clerk does), and any other path under the server's folder
    ``root`` cut to its last part: the server's folders never reach the page."""
    if isinstance(data, str):
        text = rename(data, names)
        if root is not None:
            text = _root_path(root).sub(lambda m: Path(m.group(0)).name, text)
        return text
    if isinstance(data, dict):
        return {k: shown(v, names, root) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [shown(v, names, root) for v in data]
    return data


def _root_path(root):
    import re
    # a path: the root, then anything up to a space or Chinese punctuation
    return re.compile(re.escape(str(root)) + r"[^\s“”‘’\"'，。；：、（）()<>]*")


def _check(path: Path, names, last=None) -> dict:
    from reportgen.read.window import sheet_windows
    from reportgen.validate.report import by_sheet

    checked = check(path, Options(last=last))
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
                          "message": rename(f.message, names),
                          "fix": rename(f.fix, names),
                          "window": w.as_dict() if w is not None else None})
        sheets.append({"sheet": sheet, "title": sheet or WORKBOOK, "findings": items})
    status = "errors" if res.errors else "warnings" if res.warnings else "ok"
    wb = checked.workbook
    return {"status": status, "unit": wb.unit or "", "year": getattr(wb, "year", None),
            "errors": len(res.errors), "warnings": len(res.warnings), "message": "",
            "sheets": sheets}
