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


def mutate_book(rng: random.Random, wb) -> list[str]:
    done = []
    for _ in range(rng.randint(1, 4)):
        ws = wb[rng.choice(wb.sheetnames)]
        op = rng.randrange(10)
        if op <= 3:
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
    return done
