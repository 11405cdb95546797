"""Copies of a workbook with one change, for the members of each kind."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path
from typing import Callable

import openpyxl

from support import ROOT

CASES = ROOT / "tests" / "data" / "cases"


def case(name: str) -> Path:
    """A handed case of ../shared/cases (copied into tests/data/cases)."""
    return CASES / f"{name}.xlsx"


def variant(src: Path, out: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    """``src`` loaded with openpyxl, changed by ``change(wb)``, saved to ``out``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(out)
    return out


def copy(src: Path, out: Path) -> Path:
    shutil.copyfile(src, out)
    return out
