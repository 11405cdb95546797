"""Many workbooks in one run: parallel processes, one failure never stops
the others, a summary at the end, the worst result as the exit code."""

from __future__ import annotations

import os
import signal
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from reportgen.core import lifeline
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


def _workbooks_in(folder: Path) -> list[Path]:
    """The .xlsx files under ``folder``, skipping Excel's ~$ lock files,
    hidden files and folders (staging folders among them) and reportgen's
    own report folders (those holding core.safeio.REPORT_MARK): outputs are
    never read back as inputs, even with ``build D -o D``."""
    from reportgen.core.safeio import REPORT_MARK

    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        if REPORT_MARK in files:
            dirs[:] = []
            continue
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            f = Path(root) / name
            if name.lower().endswith(".xlsx") and not name.startswith(("~$", ".")) and f.is_file():
                found.append(f)
    return sorted(found)


def expand_inputs(items: Iterable[str]) -> list[Path]:
    """Files as given; folders searched for .xlsx (see ``_workbooks_in``),
    in a stable order; each file once."""
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out += _workbooks_in(p)
        else:
            out.append(p)
    seen, unique = set(), []
    for p in out:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def unit_inputs(items: Iterable[str]) -> tuple[list[Path], list[str]]:
    """The workbooks ``build`` and ``validate`` take from ``items``
    (``expand_inputs``) without reportgen's consolidation by-products, as
    ``consolidate`` recognises them (``consolidate.kind_of_file``): a
    合并过程 workbook and a 内部往来 list are never a report's input (named
    or found in a folder); a department workbook ``build --each`` wrote in
    its ``部门_合并`` folder is left out when found in a folder (named as a
    file, it is built like any).  Returns (paths, Chinese notes naming each
    file left out)."""
    from reportgen.consolidate import EACH_SUFFIX, kind_of_file

    named = {os.path.abspath(i) for i in items if not Path(i).is_dir()}
    kept, notes = [], []
    for p in expand_inputs(items):
        kind = kind_of_file(p) if p.is_file() else "unit"
        if kind == "process":
            notes.append(f"{p} 是 reportgen consolidate 写出的合并过程工作簿（供核对合并），"
                         "不是单位的输入工作簿，已跳过。")
        elif kind == "internal":
            notes.append(f"{p} 是内部往来工作簿（供 consolidate、build --each 合并时使用），"
                         "不是单位的输入工作簿，已跳过。")
        elif (kind == "department" and os.path.abspath(p) not in named
              and p.parent.name == p.stem + EACH_SUFFIX):
            notes.append(f"{p} 是 build --each 合并写出的部门工作簿（每次 --each 重新生成），"
                         "不是单位的输入工作簿，已跳过；要单独校验或生成它，请直接给出这个文件。")
        else:
            kept.append(p)
    return kept, notes


def _worker_init(parent: int) -> None:
    """A pool worker's first steps: it dies with the batch however the batch
    dies (core.lifeline), leaves Ctrl-C to the batch (a terminal sends it to
    the whole process group; the batch then stops the workers itself), and
    unwinds on SIGTERM, so that its staging folder is removed."""
    import signal

    from reportgen.core.lifeline import die_with_parent, quiet_dropped_stops
    die_with_parent(parent)
    quiet_dropped_stops()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _unwind)


# a stopped worker that has not ended by then (its SystemExit was dropped
# in a finalizer, or its clean-up hangs) removes its staging folder and ends
LAST_RESORT_S = 3.0


def _unwind(signum, frame):
    """A worker's SIGTERM: unwind (removing the staging folder on the way);
    the stop is recorded, so a build whose SystemExit a finalizer dropped
    publishes nothing; should that not end it within LAST_RESORT_S, a timer removes what this
    process is staging and ends it."""
    import threading

    from reportgen.core import lifeline
    from reportgen.core.safeio import remove_active_stages

    def last_resort():
        remove_active_stages()
        os._exit(128 + signum)
    # recorded too: should the SystemExit be dropped in a finalizer, the
    # build still publishes nothing (core.safeio.staged)
    lifeline.request_stop(signum)
    t = threading.Timer(LAST_RESORT_S, last_resort)
    t.daemon = True
    t.start()
    raise SystemExit(128 + signum)


def build_one(path: str, out_dir: str, options, pdf: bool = False,
              after: Optional[Callable[[], object]] = None) -> Outcome:
    """Build one workbook; every failure becomes an Outcome, never an exception.
    Stopped by a signal (SystemExit, KeyboardInterrupt), it cleans up as it
    unwinds and, in a pool worker, ends the worker.  ``after`` (the caller's
    memory policy, e.g. the CLI's ``gc.collect``) runs when it is done, in
    the process that built it."""
    import multiprocessing

    try:
        return _build_one(path, out_dir, options, pdf)
    except (SystemExit, KeyboardInterrupt):
        if multiprocessing.parent_process() is not None:
            os._exit(1)   # a worker told to stop: no next job
        raise
    finally:
        if after is not None:
            after()


def _build_one(path: str, out_dir: str, options, pdf: bool = False) -> Outcome:
    from reportgen.build import build
    from reportgen.validate.report import format_human

    import dataclasses

    if pdf:
        options = dataclasses.replace(options, pdf=True)
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
        o = Outcome(path, UNUSABLE, message=exc.message)
        checked = getattr(exc, "checked", None)   # build.SameOutputs: read and checked
        if checked is not None:
            res = checked.result
            o.unit, o.errors, o.warnings = checked.workbook.unit, len(res.errors), len(res.warnings)
        return o
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
              progress: Optional[Callable[[Outcome], None]] = None,
              after: Optional[Callable[[], object]] = None) -> list[Outcome]:
    """Build all, ``jobs`` at a time; results in input order.  ``after``
    (picklable) runs after each build in its process (``build_one``)."""
    if len(paths) > 1 and options.claims is None:
        import dataclasses
        import tempfile
        with tempfile.TemporaryDirectory(prefix="reportgen-claims-") as claims:
            return run_batch(paths, out_dir, dataclasses.replace(options, claims=claims), jobs,
                             pdf, progress, after)
    results: dict[int, Outcome] = {}

    def nth(i: int):
        # each workbook knows its place: two of one unit are settled by the
        # order of the command line or folder, whatever -j (build.claim_outputs)
        if options.claims is None:
            return options
        import dataclasses
        return dataclasses.replace(options, claim_index=i)

    def settled(i: int) -> None:
        # the i-th has ended (built, refused or died): later ones stop waiting for its claim
        if options.claims is not None:
            (Path(options.claims) / f"{i}.done").touch()

    if jobs <= 1 or len(paths) == 1:
        try:
            for i, p in enumerate(paths):
                if lifeline.stop_requested is not None:   # a stop the handler could not raise
                    raise SystemExit(128 + lifeline.stop_requested)
                results[i] = build_one(str(p), str(out_dir), nth(i), pdf, after)
                settled(i)
                if progress:
                    progress(results[i])
        except (KeyboardInterrupt, SystemExit) as exc:
            raise BatchInterrupted([results[i] for i in sorted(results)], exc) from None
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init,
                                   initargs=(os.getpid(),))
        try:
            # submitted in order, taken in order: an earlier workbook is always
            # running or done when a later one waits for its claim
            pending = {pool.submit(build_one, str(p), str(out_dir), nth(i), pdf, after): i
                       for i, p in enumerate(paths)}
            while pending:
                done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                if lifeline.stop_requested is not None:   # a stop the handler could not raise
                    sig = lifeline.stop_requested
                    raise KeyboardInterrupt if sig == signal.SIGINT else SystemExit(128 + sig)
                for fut in done:
                    i = pending.pop(fut)
                    try:
                        results[i] = fut.result()
                    except Exception as exc:  # noqa: BLE001 - a worker that died
                        results[i] = Outcome(str(paths[i]), UNUSABLE,
                                             message=f"处理进程异常退出（{type(exc).__name__}）")
                    settled(i)
                    if progress:
                        progress(results[i])
        except BaseException as exc:
            # Ctrl-C or SIGTERM: nothing more is started, the workers are
            # stopped (each removes its unfinished output as it unwinds)
            stop_workers(pool)
            # a worker killed before it could unwind left its staging folder
            from reportgen.core.safeio import clean_stale_stages
            clean_stale_stages(Path(out_dir))
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise BatchInterrupted([results[i] for i in sorted(results)], exc) from None
            raise
        pool.shutdown(wait=True)
    return [results[i] for i in range(len(paths))]


class BatchInterrupted(Exception):
    """A batch stopped by Ctrl-C or SIGTERM: ``finished`` holds the outcomes
    of the workbooks completed before (their outputs are kept); no other
    was started after the signal, and no worker is left running.
    ``cause`` is the KeyboardInterrupt or SystemExit that stopped it."""

    def __init__(self, finished: list[Outcome], cause: BaseException):
        super().__init__("interrupted")
        self.finished, self.cause = finished, cause

    @property
    def exit_code(self) -> int:
        """The command's exit status: the SystemExit's own code (a SIGTERM
        stops with 143), else 130 (Ctrl-C)."""
        if isinstance(self.cause, SystemExit) and isinstance(self.cause.code, int):
            return self.cause.code
        return 130


# how long a stopped worker has to clean up before it is killed
STOP_GRACE_S = 5.0


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started, ask every worker process of ours to stop
    (SIGTERM: it unwinds, removing its staging folder), kill any still
    running after STOP_GRACE_S, and reap them all.  The workers are found
    through multiprocessing's public ``active_children()``."""
    import multiprocessing
    import time

    pool.shutdown(wait=False, cancel_futures=True)
    procs = multiprocessing.active_children()
    for p in procs:
        try:
            p.terminate()
        except Exception:  # noqa: BLE001 - already gone
            pass
    end = time.monotonic() + STOP_GRACE_S
    for p in procs:
        p.join(max(0.0, end - time.monotonic()))
    for p in procs:
        if p.is_alive():
            p.kill()
            p.join(1)


SUMMARY_MESSAGE = 60   # characters of a message the summary's last column shows


def clause_prefix(message: str, limit: int = SUMMARY_MESSAGE) -> str:
    """``message`` as the summary shows it: whole when it fits in ``limit``
    characters, else up to the last clause end (。；，：) within the limit,
    with “…”; a message with no clause end that early is shown whole
    (never cut mid-word or mid-path)."""
    message = " ".join(message.split())
    if len(message) <= limit:
        return message
    cut = max(message.rfind(p, 0, limit) for p in "。；，：！？")
    if cut <= 0:
        return message
    return message[:cut + 1] + ("" if message[cut] == "。" else "…")


def summary_table(outcomes: Sequence[Outcome]) -> str:
    """The batch summary printed after a build of several workbooks: one
    line per outcome (文件, 单位, 结果, 错误 and 警告 counts, the outputs'
    file names, or the start of the message when there are none), columns
    aligned for a terminal (CJK characters two cells wide), then a line
    counting the files that succeeded, had errors or could not be used."""
    head = ("文件", "单位", "结果", "错误", "警告", "输出")
    rows = [head]
    for o in outcomes:
        outputs = "；".join(Path(p).name for p in o.outputs) or (clause_prefix(o.message)
                                                                 if o.message else "")
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
