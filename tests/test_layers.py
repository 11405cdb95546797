"""The one-way pipeline is a contract (pyproject.toml, [tool.importlinter]):
no stage imports a later one. This runs import-linter as CI does."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contract_is_kept():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    res = subprocess.run([exe, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 broken" in res.stdout


def test_consolidate_sits_between_batch_and_build():
    """consolidate reads and validates units (build.check) and writes with
    init_workbook; batch and cli may use it, build may not."""
    import pytest
    tomllib = pytest.importorskip("tomllib")
    layers = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["importlinter"]["contracts"][0]["layers"]
    # beside reportgen.carry (init --from), independent of it
    at = next(i for i, layer in enumerate(layers)
              if "reportgen.consolidate" in [m.strip() for m in layer.split("|")])
    assert layers[at - 1] == "reportgen.batch"
    assert layers[at + 1] == "reportgen.build | reportgen.init_workbook"
