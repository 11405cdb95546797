"""Many workbooks in one run: parallel processes, one failure never stops
the others, a summary at the end, the worst result as the exit code."""

from __future__ import annotations

import gc
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from reportgen.core.errors import TemplateError, UnusableInput

OK, ERRORS, UNUSABLE = 0, 1, 2
STATUS_TEXT = {OK: "成功", ERRORS: "有错误", UNUSABLE: "无法使用"}


@dataclass
class Outcome:
    """What one workbook's run came to; plain data so it crosses processes."""

    path: str
    status: int
    unit: str = ""
    errors: int = 0
    warnings: int = 0
    outputs: list[str] = field(default_factory=list)
    message: str = ""      # for an unusable file, the reason
    report: str = ""       # the findings as the clerk reads them
    messages: list[str] = field(default_factory=list)   # renderers' notes (e.g. no CJK font)


def expand_inputs(items: Iterable[str]) -> list[Path]:
    """Files as given; folders searched for .xlsx (Excel's ~$ lock files and
    hidden files skipped), in a stable order."""
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*.xlsx")
                          if not f.name.startswith(("~$", ".")) and f.is_file())
        else:
            out.append(p)
    seen, unique = set(), []
    for p in out:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def build_one(path: str, out_dir: str, options, pdf: bool = False) -> Outcome:
    """Build one workbook; every failure becomes an Outcome, never an exception."""
    try:
        return _build_one(path, out_dir, options, pdf)
    finally:
        # a build leaves cycles behind (workbooks and their sheets point at
        # each other); collected here, a worker's memory stays that of one build
        gc.collect()


def _build_one(path: str, out_dir: str, options, pdf: bool = False) -> Outcome:
    from reportgen.build import build
    from reportgen.validate.report import format_human

    try:
        built = build(Path(path), Path(out_dir), with_pdf(options, pdf))
        res = built.checked.result
        o = Outcome(path, OK if not built.refused else ERRORS, built.checked.workbook.unit,
                    len(res.errors), len(res.warnings))
        o.report = format_human(res, path) if res.findings else ""
        o.outputs = [str(p) for p in built.outputs]
        o.messages = list(getattr(built, "messages", []))
        return o
    except UnusableInput as exc:
        return Outcome(path, UNUSABLE, message=exc.message)
    except TemplateError as exc:
        return Outcome(path, UNUSABLE, message=f"模板错误：{exc}")
    except Exception as exc:  # noqa: BLE001 - one bad workbook must not stop the batch
        return Outcome(path, UNUSABLE, message=f"内部错误（{type(exc).__name__}: {exc}）")


def with_pdf(options, pdf: bool):
    """``options`` asking for PDFs too.  The PDFs are made by this worker
    process's one LibreOffice (render/pdf.py: started by its first report,
    reused by the next ones, restarted if it dies, ended when the worker
    exits)."""
    import dataclasses
    return dataclasses.replace(options, pdf=True) if pdf and not options.pdf else options


def run_batch(paths: Sequence[Path], out_dir: Path, options, jobs: int, pdf: bool = False,
              progress: Optional[Callable[[Outcome], None]] = None) -> list[Outcome]:
    """Build all, ``jobs`` at a time; results in input order."""
    if len(paths) > 1 and options.claims is None:
        import dataclasses
        import tempfile
        with tempfile.TemporaryDirectory(prefix="reportgen-claims-") as claims:
            return run_batch(paths, out_dir, dataclasses.replace(options, claims=claims), jobs,
                             pdf, progress)
    results: dict[int, Outcome] = {}
    if jobs <= 1 or len(paths) == 1:
        for i, p in enumerate(paths):
            results[i] = build_one(str(p), str(out_dir), options, pdf)
            if progress:
                progress(results[i])
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            pending = {pool.submit(build_one, str(p), str(out_dir), options, pdf): i
                       for i, p in enumerate(paths)}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    i = pending.pop(fut)
                    try:
                        results[i] = fut.result()
                    except Exception as exc:  # noqa: BLE001 - a worker that died
                        results[i] = Outcome(str(paths[i]), UNUSABLE,
                                             message=f"处理进程异常退出（{type(exc).__name__}）")
                    if progress:
                        progress(results[i])
    return [results[i] for i in range(len(paths))]


def summary_table(outcomes: Sequence[Outcome]) -> str:
    head = ("文件", "单位", "结果", "错误", "警告", "输出")
    rows = [head]
    for o in outcomes:
        outputs = "；".join(Path(p).name for p in o.outputs) or (o.message[:60] if o.message else "")
        rows.append((Path(o.path).name, o.unit, STATUS_TEXT[o.status], str(o.errors),
                     str(o.warnings), outputs))

    def width(s: str) -> int:  # CJK characters take two columns in a terminal
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    widths = [max(width(r[i]) for r in rows) for i in range(len(head) - 1)]
    lines = []
    for r in rows:
        cells = [c + " " * (w - width(c)) for c, w in zip(r, widths)] + [r[-1]]
        lines.append("  ".join(cells))
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in STATUS_TEXT}
    lines.append(f"共 {len(outcomes)} 个文件：成功 {counts[OK]}，有错误 {counts[ERRORS]}，"
                 f"无法使用 {counts[UNUSABLE]}。")
    return "\n".join(lines)
