"""``build`` and ``validate`` of a folder leave out what ``consolidate``
writes or reads beside the units: a 合并过程 workbook,
a 内部往来 list, and the department workbook ``build --each`` wrote in its
``部门_合并`` folder — each with a note, as ``consolidate`` does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from department import DEPT, write_department, write_internal
from factory import write_input
from reportgen.batch import unit_inputs
from reportgen.consolidate import DEPT_MARK, PROCESS_SHEETS


def _process(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = PROCESS_SHEETS[0]
    for name in PROCESS_SHEETS[1:]:
        wb.create_sheet(name)
    wb.save(path)
    return path


def _department(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_input(path, info={"unit": DEPT})
    wb = openpyxl.load_workbook(path)
    wb.properties.category = DEPT_MARK
    wb.save(path)
    return path


@pytest.fixture
def folder(tmp_path):
    units = tmp_path / "各单位"
    units.mkdir()
    files = {
        "unit": write_input(units / "本级.xlsx"),
        "process": _process(units / f"{DEPT}_合并过程.xlsx"),
        "internal": write_internal(units / "内部往来.xlsx", [("甲", "乙", "对附属单位补助", "1")]),
        # consolidate -o 各单位/某某局.xlsx: the department's own input, built like any
        "department": _department(units / f"{DEPT}.xlsx"),
        # build --each -o 各单位/: its merge folder
        "each": _department(units / f"{DEPT}_合并" / f"{DEPT}.xlsx"),
        "each_process": _process(units / f"{DEPT}_合并" / f"{DEPT}_合并过程.xlsx"),
    }
    return units, files


def test_a_folder_leaves_out_consolidations_by_products_with_a_note(folder):
    units, f = folder
    kept, notes = unit_inputs([str(units)])
    assert sorted(kept) == sorted([f["unit"], f["department"]])
    for key, words in (("process", "合并过程工作簿"), ("internal", "内部往来工作簿"),
                       ("each", "build --each 合并写出的部门工作簿"), ("each_process", "合并过程工作簿")):
        assert any(n.startswith(f"{f[key]} 是") and words in n and "已跳过" in n for n in notes), key
    assert len(notes) == 4


def test_named_files_a_merge_folders_department_is_built_a_process_workbook_never(folder):
    _, f = folder
    kept, notes = unit_inputs([str(f["each"]), str(f["process"]), str(f["unit"])])
    assert kept == [f["each"], f["unit"]]
    assert len(notes) == 1 and "合并过程工作簿" in notes[0]


def test_validate_of_the_folder_is_clean_and_says_what_it_skipped(folder):
    units, f = folder
    from click.testing import CliRunner
    from reportgen.cli import main
    r = CliRunner().invoke(main, ["validate", str(units)], catch_exceptions=False)
    assert f"检查 {f['unit']}" in r.stdout and str(f["process"]) not in r.stdout
    assert f"提示：{f['process']} 是 reportgen consolidate 写出的合并过程工作簿" in r.stderr
    # only the process workbook would have had errors (缺少工作表“单位信息”)
    assert "缺少工作表" not in r.stdout


@pytest.mark.slow
def test_consolidate_into_the_units_folder_then_build_and_validate_it(tmp_path):
    """The README's steps: consolidate in the units' folder, then validate and
    build the folder: no 合并过程 workbook among the results, exit 0."""
    p = write_department(tmp_path / "units")
    units = p[DEPT + "本级"].parent
    run = lambda *a: subprocess.run([sys.executable, "-m", "reportgen", *map(str, a)],  # noqa: E731
                                    capture_output=True, text=True, timeout=600)
    done = run("consolidate", units, "-o", units / f"{DEPT}.xlsx", "--unit", DEPT,
               "--internal", p["internal"])
    assert done.returncode == 0, done.stdout + done.stderr
    checked = run("validate", units)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "合并过程工作簿" in checked.stderr and "已跳过" in checked.stderr
    built = run("build", units, "-o", tmp_path / "out", "-j", "1")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "_合并过程.xlsx" not in built.stdout
