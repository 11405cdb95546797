"""The bare cost of reportgen's own libraries, for bench/run.py.

In a fresh process: import openpyxl and python-docx, load the input workbook
(read-only, every cell's value, as the reader does) and save each output of
a build (loaded first, untimed) with the library that wrote it.  Prints one
JSON line: the seconds spent loading the outputs, which bench/run.py takes
off the process's wall time, and the parts.

    python bench/bare.py INPUT.xlsx OUTPUT_DIR
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

t0 = time.perf_counter()
import docx  # noqa: E402
import openpyxl  # noqa: E402

t_import = time.perf_counter() - t0


def main(source: Path, outputs: Path) -> dict:
    parts = {"import": t_import}
    t = time.perf_counter()
    wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass
    wb.close()
    parts["load_input"] = time.perf_counter() - t
    excluded = 0.0
    with tempfile.TemporaryDirectory(prefix="reportgen-bare-") as tmp:
        # the build writes each report in its own folder: every file below
        for p in sorted(x for x in outputs.rglob("*") if x.is_file()):
            if p.suffix == ".xlsx":
                t = time.perf_counter()
                book = openpyxl.load_workbook(p)
                excluded += time.perf_counter() - t
                t = time.perf_counter()
                book.save(Path(tmp) / p.name)
                parts[f"save {p.name}"] = time.perf_counter() - t
            elif p.suffix == ".docx":
                t = time.perf_counter()
                doc = docx.Document(str(p))
                excluded += time.perf_counter() - t
                t = time.perf_counter()
                doc.save(str(Path(tmp) / p.name))
                parts[f"save {p.name}"] = time.perf_counter() - t
    return {"excluded": excluded, "parts": parts}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2])), ensure_ascii=False))
