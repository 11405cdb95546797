"""Seeded random mutations of an input workbook, for the fuzz test."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import openpyxl

ODD_TEXT = [
    "", " ", "　", "-", "无", "N/A", "#N/A", "#DIV/0!", "=1/0", "=A1+", "=cmd|' /C calc'!A0",
    "+1", "@SUM(A1)", "1e400", "-0.00", "1,2,3", "１２３．４５６", "12.345", "(5.00)",
    "2080101", "208010199", "0000000", "科目", "\u202e反向文字", "a\u0301\u0302\u0303",
    "😀" * 50, "长" * 5000, "人员\x00减少\x0b", "<w:t>&amp;</w:t>", "{{ unit }}", "{% for %}",
    "\ud7ff", "\ufeff2022",
]


def odd_value(rng: random.Random):
    kind = rng.randrange(9)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([10**30, -10**30, 1e300, -1e-300, 0, -1, 2**63])
    if kind == 2:
        return round(rng.uniform(-1e6, 1e6), rng.randrange(0, 6))
    if kind == 3:
        return rng.choice([True, False])
    if kind == 4:
        return dt.datetime(2022, 1, 1) + dt.timedelta(days=rng.randrange(1000))
    if kind == 5:
        return "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(1, 40)))
    return rng.choice(ODD_TEXT)


def _random_cell(rng, ws):
    return rng.randint(1, max(ws.max_row, 2) + 2), rng.randint(1, max(ws.max_column, 2) + 1)


ODD_NAMES = [
    "人力\u202e资源局", "人力资源局\n二科", "人力/资源:局*?", "CON", "..", " ", "\u200b",
    "武汉市江汉区人力资源和社会保障局所属事业单位综合服务中心" * 4, "局" * 300, "a" * 250,
]
ODD_YEARS = [-5, 0, 22, 99999, 10**12, 1899, 2101]


def _unit_info(wb):
    return wb["单位信息"] if "单位信息" in wb.sheetnames else None


def mutate_kind(rng: random.Random, wb) -> list[str]:
    """One of the kinds issue 14 found: a line after a long blank gap, a
    wide row, a value far right, an odd or long unit name, an extreme year."""
    ws = wb[rng.choice(wb.sheetnames)]
    kind = rng.randrange(5)
    if kind == 0:   # a copy of a line far below, after a long blank run
        src = rng.randint(2, max(ws.max_row, 2))
        dest = ws.max_row + rng.choice([250, 700, 5000])
        for c in range(1, ws.max_column + 1):
            try:
                ws.cell(dest, c).value = ws.cell(src, c).value
            except Exception:  # noqa: BLE001 - a merged cell
                pass
        return [f"gap {ws.title}: row {src} copied to {dest}"]
    if kind == 1:   # a wide row of styled empty cells
        r, n = rng.randint(1, max(ws.max_row, 1) + 3), rng.choice([300, 2000, 17000])
        for c in range(1, n + 1):
            ws.cell(r, c).number_format = "0.00"
        return [f"wide row {ws.title}:{r} x{n}"]
    if kind == 2:   # a value right of the columns read
        r = rng.randint(1, max(ws.max_row, 1) + 3)
        ws.cell(r, rng.choice([201, 300, 16384])).value = 500
        return [f"far right {ws.title}:{r}"]
    info = _unit_info(wb)
    if info is None:
        return []
    label = "单位名称" if kind == 3 else "年度"
    value = rng.choice(ODD_NAMES) if kind == 3 else rng.choice(ODD_YEARS)
    for r in range(1, info.max_row + 1):
        if str(info.cell(r, 1).value or "").strip().rstrip("*") == label:
            info.cell(r, 2).value = value
            return [f"{label}={value!r:.40}"]
    return []


LATE_DECL = '<!DOCTYPE x [<!ENTITY e "boom">]>'


def late_declaration(rng: random.Random, target: Path) -> list[str]:
    """Rewrite ``target`` with an entity declaration after the first 4 KB of
    a part, in UTF-16, or in a part not named .xml."""
    import zipfile
    how = rng.randrange(3)
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(target) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        if how == 0:
            data = ('<?xml version="1.0"?><!--' + " " * 6000 + "-->" + LATE_DECL + "<x/>").encode()
            zout.writestr("docProps/extra.xml", data)
        elif how == 1:
            zout.writestr("docProps/extra.xml", ('<?xml version="1.0" encoding="UTF-16"?>'
                                                 + LATE_DECL + "<x>&e;</x>").encode("utf-16"))
        else:
            zout.writestr("xl/extra.bin", (LATE_DECL + "<x>&e;</x>").encode())
    tmp.replace(target)
    return [f"late declaration {('after 4 KB', 'utf-16', 'not .xml')[how]}"]


def mutate_book(rng: random.Random, wb) -> list[str]:
    done = []
    for _ in range(rng.randint(1, 4)):
        ws = wb[rng.choice(wb.sheetnames)]
        op = rng.randrange(12)
        if op >= 10:
            done += mutate_kind(rng, wb)
        elif op <= 3:
            r, c = _random_cell(rng, ws)
            v = odd_value(rng)
            try:
                ws.cell(row=r, column=c).value = v
            except Exception:  # noqa: BLE001 - openpyxl refuses some values itself; merged cells are read-only
                continue
            done.append(f"set {ws.title}!{r},{c}={v!r:.40}")
        elif op == 4 and len(wb.sheetnames) > 1:
            done.append(f"delete sheet {ws.title}")
            wb.remove(ws)
        elif op == 5:
            c = rng.randint(1, max(ws.max_column, 1))
            ws.delete_cols(c)
            done.append(f"delete col {ws.title}:{c}")
        elif op == 6:
            r = rng.randint(1, max(ws.max_row, 1))
            ws.delete_rows(r, rng.randint(1, 3))
            done.append(f"delete rows {ws.title}:{r}")
        elif op == 7:
            r, c = _random_cell(rng, ws)
            ws.merge_cells(start_row=r, start_column=c, end_row=r + rng.randint(0, 2),
                           end_column=c + rng.randint(1, 3))
            done.append(f"merge {ws.title}:{r},{c}")
        elif op == 8:
            ws.title = (ws.title + "x")[:31]
            done.append(f"rename {ws.title}")
        else:
            r = rng.randint(1, max(ws.max_row, 1))
            ws.insert_rows(r, rng.randint(1, 2))
            done.append(f"insert rows {ws.title}:{r}")
    return done


def make_case(seed: int, source: Path, target: Path) -> list[str]:
    """Write a mutated copy of ``source`` to ``target``; returns what was done."""
    rng = random.Random(seed)
    if rng.random() < 0.08:
        data = source.read_bytes()
        cut = rng.randrange(0, len(data))
        target.write_bytes(data[:cut])
        return [f"truncate at {cut}"]
    wb = openpyxl.load_workbook(source)
    done = mutate_book(rng, wb)
    wb.save(target)
    if rng.random() < 0.05:
        done += late_declaration(rng, target)
    return done
