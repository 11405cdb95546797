"""Synthetic input workbooks k times the size of the example, for bench/run.py.

The example is scaled so that it still validates without errors:

* every 项 line of 支出功能分类 is kept and k-1 copies are added under new
  codes (new 款 and 项 in the same 类, declared in the 科目 sheet with the
  original's name and explanation), each with the original's amounts, so
  every total becomes k times the original;
* the sheets that hold totals (基本支出经济分类, 三公经费, 补充数据 and the
  整体绩效自评 amounts) are multiplied by k to match;
* the record sheets grow the same way: each project (项目支出), reception
  (接待明细), project self-evaluation (项目绩效自评) and its indicators
  (绩效指标) gets k-1 copies with a numbered name.

Run directly to write one: ``python bench/synth.py 10 out.xlsx``; or the
batch's copies: ``python bench/synth.py copies 100 folder``.
"""

from __future__ import annotations

import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Optional

import openpyxl

from reportgen.core import catalogue as cat
from reportgen.core import schema
from reportgen.read.reader import norm_label

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example-2022.xlsx"
_HEADER_ROWS = 10


def _sheet(wb, decl):
    names = {norm_label(n): n for n in wb.sheetnames}
    real = names.get(norm_label(decl.name))
    return wb[real] if real else None


def _columns(ws, decl) -> tuple[int, dict[str, int]]:
    """(header row, column key -> column index) as the reader finds them."""
    wanted = {norm_label(c.header): c.key for c in decl.columns}
    best_row, best = 1, {}
    for r in range(1, _HEADER_ROWS + 1):
        found = {}
        for c in range(1, ws.max_column + 1):
            key = wanted.get(norm_label(ws.cell(r, c).value))
            if key:
                found.setdefault(key, c)
        if len(found) > len(best):
            best_row, best = r, found
    return best_row, best


def _value(v):
    """A typed value, not a formula (the 科目名称 lookups)."""
    if isinstance(v, str) and v.startswith("="):
        return None
    return v


def _records(ws, decl, key: str) -> tuple[int, dict[str, int], list[int]]:
    """Header row, columns, and the rows whose ``key`` column holds a value."""
    head, cols = _columns(ws, decl)
    rows = [r for r in range(head + 1, ws.max_row + 1)
            if _value(ws.cell(r, cols[key]).value) not in (None, "")]
    return head, cols, rows


def _copy_rows(ws, decl, key: str, k: int, rename) -> dict[str, list[str]]:
    """Append k-1 copies of every record; ``rename(row_values, j)`` changes a
    copy's values in place.  Returns original name -> copy names (by ``key``)."""
    head, cols, rows = _records(ws, decl, key)
    if not rows:
        return {}
    next_row = rows[-1] + 1
    names: dict[str, list[str]] = {}
    for j in range(1, k):
        for r in rows:
            values = {c: _value(ws.cell(r, i).value) for c, i in cols.items()}
            original = str(values[key])
            rename(values, j)
            names.setdefault(original, []).append(str(values[key]))
            for c, i in cols.items():
                ws.cell(next_row, i).value = values[c]
            next_row += 1
    return names


def _scale_table(ws, decl, k: int) -> None:
    _, cols, rows = _records(ws, decl, "code")
    amounts = [c.key for c in decl.columns if c.kind == schema.AMOUNT]
    for r in rows:
        for key in amounts:
            if key in cols:
                _scale_cell(ws.cell(r, cols[key]), k)


def _scale_cell(cell, k: int) -> None:
    v = cell.value
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        cell.value = float(Decimal(repr(v)) * k)


def _label_rows(ws, labels: dict[str, str]) -> dict[str, int]:
    out = {}
    for r in range(1, ws.max_row + 1):
        key = labels.get(norm_label(ws.cell(r, 1).value))
        if key and key not in out:
            out[key] = r
    return out


def _scale_keyed(ws, decl, k: int) -> None:
    head, cols = _columns(ws, decl)
    rows = _label_rows(ws, {norm_label(i.label): i.key for i in decl.rows})
    for item in decl.rows:
        if item.kind == schema.AMOUNT and item.key in rows:
            for col in decl.columns:
                if col.key in cols:
                    _scale_cell(ws.cell(rows[item.key], cols[col.key]), k)


def _scale_key_value(ws, decl, keys: tuple[str, ...], k: int) -> None:
    rows = _label_rows(ws, {norm_label(i.label): i.key for i in decl.items})
    for key in keys:
        if key in rows:
            _scale_cell(ws.cell(rows[key], 2), k)


class _Codes:
    """New 项 codes: in the same 类 as the original, under 款 numbers the
    bundled catalogue does not use (from 99 down), 01–99 each."""

    def __init__(self, year: int):
        self.year = year
        self.functional = cat.bundled(cat.FUNCTIONAL)
        used = {e.code for e in self.functional.codes(year)}
        self.free_kuan = {}
        for lei in sorted({c[:3] for c in used}):
            self.free_kuan[lei] = [f"{lei}{n:02d}" for n in range(99, 0, -1)
                                   if f"{lei}{n:02d}" not in used]
        self.kuan: dict[str, tuple[str, int]] = {}   # 类 -> (current 款, last 项 number)
        self.new_kuan: list[str] = []

    def next(self, code: str) -> str:
        lei = code[:3]
        kuan, n = self.kuan.get(lei, (None, 99))
        if n >= 99:
            kuan, n = self.free_kuan[lei].pop(0), 0
            self.new_kuan.append(kuan)
        n += 1
        self.kuan[lei] = (kuan, n)
        return f"{kuan}{n:02d}"

    def entry(self, code: str) -> Optional[cat.Entry]:
        return self.functional.lookup(code, self.year)


def make_scaled(k: int, target: Path, source: Path = EXAMPLE) -> Path:
    """Write the example scaled k times to ``target``."""
    wb = openpyxl.load_workbook(source)
    info = _sheet(wb, schema.UNIT_INFO)
    year = int(info.cell(_label_rows(info, {norm_label("年度"): "year"})["year"], 2).value)
    if k > 1:
        codes = _Codes(year)
        user_cat: list[tuple[str, str, str, str]] = []

        def recode(values: dict, j: int) -> None:
            original = str(values["code"]).strip()
            new = codes.next(original)
            entry = codes.entry(original)
            name = f"{entry.name if entry else original}（样例{j}）"
            values["code"], values["name"] = new, name
            user_cat.append(("功能分类", new, name, entry.explanation if entry else ""))

        _copy_rows(_sheet(wb, schema.FUNCTIONAL), schema.FUNCTIONAL, "code", k, recode)
        ws = _sheet(wb, schema.USER_CATALOGUE)
        head, cols, rows = _records(ws, schema.USER_CATALOGUE, "code")
        r = (rows[-1] if rows else head) + 1
        for kuan in codes.new_kuan:
            user_cat.insert(0, ("功能分类", kuan, f"样例款{kuan}", ""))
        for scheme, code, name, explanation in user_cat:
            for key, v in (("scheme", scheme), ("code", code), ("name", name),
                           ("explanation", explanation)):
                if key in cols:
                    ws.cell(r, cols[key]).value = v
            r += 1

        for decl in (schema.ECONOMIC,):
            ws = _sheet(wb, decl)
            if ws is not None:
                _scale_table(ws, decl, k)
        for decl in (schema.SANGONG, schema.SUPPLEMENT):
            ws = _sheet(wb, decl)
            if ws is not None:
                _scale_keyed(ws, decl, k)
        ws = _sheet(wb, schema.PERF_UNIT)
        if ws is not None:
            _scale_key_value(ws, schema.PERF_UNIT,
                             ("basic_budget", "project_budget", "basic_actual", "project_actual"), k)

        def numbered(key: str, also: tuple[str, ...] = ()):
            def rename(values: dict, j: int) -> None:
                for c in (key, *also):
                    if values.get(c) not in (None, ""):
                        values[c] = f"{values[c]}（{j}）"
            return rename

        for decl, key in ((schema.PROJECTS, "name"), (schema.RECEPTION, "category")):
            ws = _sheet(wb, decl)
            if ws is not None:
                _copy_rows(ws, decl, key, k, numbered(key))
        perf_names: dict[str, list[str]] = {}
        ws = _sheet(wb, schema.PERF_PROJECTS)
        if ws is not None:
            perf_names = _copy_rows(ws, schema.PERF_PROJECTS, "name", k,
                                    numbered("name", ("project",)))
        ws = _sheet(wb, schema.PERF_INDICATORS)
        if ws is not None and perf_names:
            head, cols, rows = _records(ws, schema.PERF_INDICATORS, "table")
            r_out = rows[-1] + 1
            for j in range(1, k):
                for r in rows:
                    table = str(ws.cell(r, cols["table"]).value)
                    if table not in perf_names:
                        continue
                    for key, i in cols.items():
                        v = _value(ws.cell(r, i).value)
                        ws.cell(r_out, i).value = perf_names[table][j - 1] if key == "table" else v
                    r_out += 1
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def batch_copies(n: int, folder: Path, source: Path = EXAMPLE) -> Path:
    """n copies of the example in ``folder``, each for another unit (its own
    unit name), so that their outputs do not overwrite each other."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    token = "BENCHUNITTOKEN"
    wb = openpyxl.load_workbook(source)
    ws = _sheet(wb, schema.UNIT_INFO)
    ws.cell(_label_rows(ws, {norm_label(schema.UNIT_INFO.item("unit").label): "unit"})["unit"],
            2).value = token
    template = folder / "_template.xlsx.tmp"
    wb.save(template)
    with zipfile.ZipFile(template) as zf:
        parts = [(i, zf.read(i)) for i in zf.infolist()]
    template.unlink()
    for k in range(1, n + 1):
        with zipfile.ZipFile(folder / f"unit-{k:03d}.xlsx", "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in parts:
                out.writestr(info, data.replace(token.encode(), f"样例单位{k:03d}".encode()))
    return folder


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "copies":
        print(batch_copies(int(sys.argv[2]), Path(sys.argv[3])))
    elif len(sys.argv) == 3:
        print(make_scaled(int(sys.argv[1]), Path(sys.argv[2])))
    else:
        sys.exit("usage: python bench/synth.py K OUT.xlsx | python bench/synth.py copies N FOLDER")
