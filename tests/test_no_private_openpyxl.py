"""No code of src/ uses openpyxl's private internals (issue 10, item 7).

The private names are taken from openpyxl's own source (every ``_name`` it
assigns on ``self``, lists in ``__slots__``, defines as a method or class
attribute), so a new use of any of them fails here, not only of the ones
once removed (``ws._cells``, ``cell._style``, ``ws._print_rows``).  A
private module or name imported from openpyxl fails too."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import openpyxl

SRC = Path(__file__).resolve().parents[1] / "src" / "reportgen"
OPENPYXL = Path(openpyxl.__file__).resolve().parent


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@lru_cache(maxsize=None)
def openpyxl_private_names() -> frozenset[str]:
    """Every private attribute name openpyxl defines on its objects."""
    names: set[str] = set()
    for path in OPENPYXL.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                    and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                names.add(node.attr)
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        names.add(item.name)
                    elif isinstance(item, ast.Assign):
                        for target in item.targets:
                            if isinstance(target, ast.Name):
                                names.add(target.id)
                            if isinstance(target, ast.Name) and target.id == "__slots__" \
                                    and isinstance(item.value, (ast.Tuple, ast.List)):
                                names.update(e.value for e in item.value.elts
                                             if isinstance(e, ast.Constant) and isinstance(e.value, str))
    return frozenset(n for n in names if _private(n))


def uses(source: str) -> list[tuple[int, str]]:
    """(line, what) of each use of openpyxl's internals in ``source``: an
    attribute with one of openpyxl's private names (read, written or named
    to getattr/setattr) on anything but ``self``/``cls``, or an import of a
    private openpyxl module or name."""
    private = openpyxl_private_names()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in private \
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
            found.append((node.lineno, f"{ast.unparse(node)}"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("getattr", "setattr", "delattr") \
                and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) \
                and node.args[1].value in private:
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "openpyxl":
            parts = node.module.split(".") + [a.name for a in node.names]
            if any(_private(p) for p in parts):
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "openpyxl" and any(_private(p) for p in a.name.split(".")):
                    found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def test_the_private_names_are_known():
    # the list is openpyxl's own: it holds what was once used here
    assert {"_cells", "_style", "_print_rows", "_print_area", "_named_styles",
            "_cell_styles", "_clean_merge_range"} <= openpyxl_private_names()


def test_the_check_finds_a_use():
    found = uses("ws._cells[(1, 2)] = cell\n"
                 "target._style = copy(source._style)\n"
                 "ws._print_rows = None\n"
                 "getattr(ws, '_cells')\n"
                 "from openpyxl.worksheet._reader import WorkSheetParser\n"
                 "self._style = 1\n")
    assert [line for line, _ in found] == [1, 2, 2, 3, 4, 5]


def test_src_uses_no_private_openpyxl_internals():
    offenders = [f"{p.relative_to(SRC).as_posix()}:{line}: {what}"
                 for p in sorted(SRC.rglob("*.py"))
                 for line, what in uses(p.read_text(encoding="utf-8"))]
    assert offenders == []
