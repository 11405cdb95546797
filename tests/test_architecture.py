"""Rules of the pipeline a reviewer can grep for, kept by tests."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "reportgen"


def _sources():
    return sorted(SRC.rglob("*.py"))


def test_only_the_cli_sets_the_garbage_collector_policy():
    used = re.compile(r"^\s*(import gc\b|from gc import)|\bgc\.\w+\(", re.M)
    offenders = [p.relative_to(SRC).as_posix() for p in _sources()
                 if p.name != "cli.py" and used.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_no_evaluation_fallbacks():
    """The pipeline makes the self-evaluation once and passes it down."""
    fallback = re.compile(r"is not None else evaluate\(|evaluate\(ctx\.wb\)")
    assert [p.name for p in _sources() if fallback.search(p.read_text(encoding="utf-8"))] == []


def test_compose_never_sees_the_workbook():
    """The document context is built from the report and the evaluation only."""
    for p in (SRC / "compose").glob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert "Workbook" not in text and "read_workbook" not in text, p.name


def test_public_names_have_docstrings():
    """Every module of src/ (the pipeline, render, validate's rules, the CLI,
    batch, web): every public function, class and method says what it takes
    and gives."""
    import ast
    files = _sources()
    missing = []

    def walk(body, where, prefix=""):
        for n in body:
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if n.name.startswith("_"):
                    continue
                if ast.get_docstring(n) is None:
                    missing.append(f"{where}:{prefix}{n.name}")
                if isinstance(n, ast.ClassDef):
                    walk(n.body, where, f"{prefix}{n.name}.")

    for p in files:
        walk(ast.parse(p.read_text(encoding="utf-8")).body, p.relative_to(SRC).as_posix())
    assert missing == []


def test_compose_and_render_compute_no_rate():
    """A rate or share is computed once, by compute or the self-evaluation
    (``core.model.rate``); compose and render pick and format it (``fmt.rate``)."""
    computing = re.compile(r"(?<![\w.])rate\(|\bpercent\(|percent_value\(")
    offenders = [f"{p.relative_to(SRC).as_posix()}:{n}" for d in ("compose", "render")
                 for p in sorted((SRC / d).glob("*.py"))
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
                 if computing.search(line.split("#")[0]) and not line.lstrip().startswith("def ")]
    assert offenders == []
