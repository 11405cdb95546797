"""Fuzz: the example workbook mutated at random (types, empty cells, huge and
negative numbers, odd Unicode, deleted sheets and columns, merges, formulas,
truncation; lines after long blank gaps, wide rows, late entity
declarations, odd, long and control-character unit names, extreme years).
For every case: exit code 0, 1 or 2, no traceback, no internal error (an
exit 2 must name what is wrong with the input, never “内部错误”), and no
partial output file.

Seeded and repeatable: REPORTGEN_FUZZ_CASES (default 300) and
REPORTGEN_FUZZ_SEED (default 20221231) choose the cases.
"""

from __future__ import annotations

import os
import traceback
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.core.safeio import REPORT_MARK
from support import EXAMPLE

from fuzz.mutate import make_case

CASES = int(os.environ.get("REPORTGEN_FUZZ_CASES", "300"))
SEED = int(os.environ.get("REPORTGEN_FUZZ_SEED", "20221231"))
BATCH = 25

pytestmark = pytest.mark.slow


@pytest.mark.slow
@pytest.mark.parametrize("start", range(0, CASES, BATCH))
def test_fuzz(tmp_path, start):
    runner = CliRunner()
    failures = []
    for seed in range(SEED + start, SEED + min(start + BATCH, CASES)):
        src = tmp_path / f"case-{seed}.xlsx"
        done = make_case(seed, EXAMPLE, src)
        out = tmp_path / f"out-{seed}"
        result = runner.invoke(main, ["build", str(src), "-o", str(out)])
        text = result.output
        problem = None
        if result.exit_code not in (0, 1, 2):
            problem = f"exit {result.exit_code}"
        elif result.exception is not None and not isinstance(result.exception, SystemExit):
            problem = "".join(traceback.format_exception(result.exception))[-800:]
        elif "Traceback" in text:
            problem = "traceback printed"
        elif "内部错误" in text:
            problem = "internal error (exit 2 with the internal-error message)"
        else:
            files = [f for f in out.rglob("*") if f.is_file() and f.name != REPORT_MARK] \
                if out.exists() else []
            partial = [f.name for f in files
                       if f.name.endswith(".part") or any(p.startswith(".") for p in
                                                          f.relative_to(out).parts)]
            if partial:
                problem = f"partial files {partial}"
            elif result.exit_code != 0 and files:
                problem = f"exit {result.exit_code} but wrote {[f.name for f in files]}"
            for f in files:
                if f.suffix in (".xlsx", ".docx"):
                    with zipfile.ZipFile(f) as zf:   # complete, readable archives
                        if zf.testzip() is not None:
                            problem = f"corrupt {f.name}"
        if problem:
            failures.append(f"seed {seed} ({'; '.join(done)}): {problem}\n{text[-400:]}")
        if src.exists():
            src.unlink()
    assert not failures, "\n\n".join(failures)
