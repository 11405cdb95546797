"""Benchmarks of reportgen (a script, not a test): python bench/run.py

Every measurement runs the command line as a clerk does (`reportgen
validate|build …`) in a fresh process, several times, and reports the
median wall time, the CPU time (user + system, which other work on the
machine disturbs less than the wall time) and the peak memory: the largest
resident size of any one process (``ru_maxrss``), and for a batch also of
all its processes together (sampled from /proc).

Measured:

* ``validate`` and ``build`` of inputs/example-2022.xlsx, and of synthetic
  workbooks 10× and 100× its size (bench/synth.py): how time grows with size;
* a batch of 100 copies of the example (distinct unit names) with -j 1 and -j 2;
* the bare cost of the libraries: importing openpyxl and python-docx, loading
  the input and saving the build's outputs (bench/bare.py), against which
  each build is compared;
* with --profile, a cProfile of one build of each size: where the time goes.

Bytecode is cached for the runs (in the work folder), as an installed
package has it; the first run of each command is a warm-up and not counted.
The results go to stdout as Markdown, and with --json/--markdown to files;
docs/performance.md records a run and the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example-2022.xlsx"

# the targets of issue 5
TARGET_BUILD_S = 1.0
TARGET_BARE_RATIO = 2.0
TARGET_VALIDATE_S = 0.3
TARGET_BATCH_S = 60.0
TARGET_MEMORY_MB = 250.0


# ------------------------------------------------------------ measuring
@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float          # largest single process
    tree_mb: float         # all processes of the run together (sampled)
    code: int


@dataclass
class Result:
    name: str
    cmd: list[str]
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    def median(self, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in self.runs)

    def peak(self, attr: str) -> float:
        return max(getattr(r, attr) for r in self.runs)


def _tree_rss_kb(root: int) -> int:
    """Resident size of ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read().rsplit(b")", 1)[1].split()
            parents[int(entry.name)] = int(stat[1])
            rss[int(entry.name)] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += [p for p, pp in parents.items() if pp == pid]
    return total


def run_once(cmd: list[str], env: dict, cwd: Path) -> Run:
    peak = [0]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.stderr.write(f"\n{' '.join(cmd)} exited {proc.returncode}:\n"
                         f"{stderr.decode('utf-8', 'replace')[-2000:]}\n")
    # ru_maxrss: the largest resident set of the process or of any child it waited for
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               max(peak[0], usage.ru_maxrss) / 1024, proc.returncode)


def measure(name: str, cmd: list[str], runs: int, env: dict, cwd: Path,
            warmup: bool = True) -> Result:
    res = Result(name, cmd)
    if warmup:
        run_once(cmd, env, cwd)
    for i in range(runs):
        res.runs.append(run_once(cmd, env, cwd))
        print(f"  {name}: run {i + 1}/{runs} {res.runs[-1].wall:.2f} s", file=sys.stderr)
    return res


def bare_cost(name: str, source: Path, outputs: Path, runs: int, env: dict, cwd: Path) -> Result:
    """bench/bare.py, minus the time it spends loading the outputs."""
    cmd = [sys.executable, str(ROOT / "bench" / "bare.py"), str(source), str(outputs)]
    res = Result(name, cmd)
    subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, check=True)   # warm-up
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, check=True, text=True)
        wall = time.perf_counter() - t
        info = json.loads(out.stdout.strip().splitlines()[-1])
        nan = float("nan")   # not measured: the process also loads the outputs
        res.runs.append(Run(wall - info["excluded"], nan, nan, nan, 0))
        res.note = ", ".join(f"{k} {v:.3f}" for k, v in info["parts"].items())
    return res


# ------------------------------------------------------------ inputs
def make_input(args: list[str], env: dict) -> None:
    """bench/synth.py in its own process: this one stays small, because a
    child's peak memory (ru_maxrss) counts what it shared with its parent
    when it was forked."""
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), *args], env=env,
                   check=True, stdout=subprocess.DEVNULL)


_PROFILE = """
import cProfile, io, pstats, sys
from pathlib import Path
from reportgen.build import build
src, out, top = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
build(src, out)   # warm: imports, font cache
prof = cProfile.Profile()
prof.enable()
build(src, out)
prof.disable()
buf = io.StringIO()
pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
print(buf.getvalue())
"""


def profile_build(source: Path, out: Path, env: dict, cwd: Path, top: int = 30) -> str:
    """The cumulative profile of one build in a warm process (imports not included)."""
    proc = subprocess.run([sys.executable, "-c", _PROFILE, str(source), str(out), str(top)],
                          env=env, cwd=cwd, capture_output=True, text=True, check=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    site = str(Path(sys.prefix))
    return "\n".join(ln.replace(str(ROOT) + "/", "").replace(site + "/", "") for ln in lines)


# ------------------------------------------------------------ report
def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    info = {"python": platform.python_version(), "platform": platform.platform(),
            "cores": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    libs = {}
    for name in ("openpyxl", "python-docx", "docxtpl", "matplotlib", "lxml", "Jinja2", "numpy"):
        try:
            libs[name] = version(name)
        except PackageNotFoundError:
            pass
    info["libraries"] = libs
    return info


def _num(x: float, digits: int) -> str:
    return "—" if x != x else f"{x:.{digits}f}"


def _row(res: Result, extra: str = "") -> str:
    return (f"| {res.name} | {_num(res.median('wall'), 2)} | {_num(res.median('cpu'), 2)} | "
            f"{_num(res.peak('rss_mb'), 0)} | {_num(res.peak('tree_mb'), 0)} | {len(res.runs)} "
            f"| {extra} |")


def report(results: dict[str, Result], info: dict, profiles: dict[str, str]) -> tuple[str, dict]:
    lines = ["## Results", "",
             f"Machine: {info.get('cpu', '?')}, {info['cores']} cores, "
             f"{info.get('memory_gb', '?')} GB; Python {info['python']}; "
             + ", ".join(f"{k} {v}" for k, v in info["libraries"].items()) + ".",
             f"Load average before / after: {info['load_before']} / {info['load_after']}.",
             f"Code measured: {info['measured']}.", "",
             "| measurement | wall s (median) | CPU s (median) | peak MB (one process) "
             "| peak MB (all processes) | runs | note |",
             "|---|---|---|---|---|---|---|"]
    for res in results.values():
        lines.append(_row(res, res.note))
    summary: dict = {}

    def med(key):
        return results[key].median("wall") if key in results else None

    # growth with size: time per 1× of size between the sizes measured
    lines += ["", "### Growth with size", "",
              "| command | 1× s | 10× s | 100× s | s per 1× (1→10) | s per 1× (10→100) | ratio |",
              "|---|---|---|---|---|---|---|"]
    linear = True
    for cmd in ("validate", "build"):
        t1, t10, t100 = med(f"{cmd} 1×"), med(f"{cmd} 10×"), med(f"{cmd} 100×")
        if t1 is None or t10 is None:
            continue
        a = (t10 - t1) / 9
        b = (t100 - t10) / 90 if t100 is not None else None
        ratio = b / a if b is not None and a > 0 else None
        # linear: the cost of one more 1× does not grow with the size (within 2×)
        if ratio is not None and not (0.5 <= ratio <= 2.0):
            linear = False
        lines.append(f"| {cmd} | {t1:.2f} | {t10:.2f} | "
                     f"{'' if t100 is None else f'{t100:.2f}'} | {a:.3f} | "
                     f"{'' if b is None else f'{b:.3f}'} | {'' if ratio is None else f'{ratio:.2f}'} |")
        summary[f"{cmd}_per_1x"] = [a, b]

    build1, bare1 = med("build 1×"), med("bare 1×")
    rows = []
    if build1 is not None:
        rows.append(("example build ≤ 1 s (median)", f"{build1:.2f} s", build1 <= TARGET_BUILD_S))
    if build1 is not None and bare1:
        ratio = build1 / bare1
        rows.append(("example build ≤ 2× bare library cost",
                     f"{ratio:.2f}× (bare {bare1:.2f} s)", ratio <= TARGET_BARE_RATIO))
    for size in ("10×", "100×"):
        b, bare = med(f"build {size}"), med(f"bare {size}")
        if b is not None and bare:
            rows.append((f"{size} build vs bare (no target)", f"{b / bare:.2f}× (bare {bare:.2f} s)", None))
    if med("validate 1×") is not None:
        v = med("validate 1×")
        rows.append(("validate ≤ 0.3 s", f"{v:.2f} s", v <= TARGET_VALIDATE_S))
    if med("batch 100 -j 2") is not None:
        b = med("batch 100 -j 2")
        rows.append(("100 workbooks ≤ 60 s with -j 2", f"{b:.1f} s", b <= TARGET_BATCH_S))
    # memory per measurement: a 100× workbook is no example's size
    for k, r in results.items():
        if not k.startswith("bare"):
            mem = r.peak("rss_mb")
            rows.append((f"peak memory ≤ 250 MB: {k} (largest process)", f"{mem:.0f} MB",
                         mem <= TARGET_MEMORY_MB))
    if "build 10×" in results:
        rows.append(("time linear in size", "see growth table", linear))
    lines += ["", "### Targets", "", "| target | result | met |", "|---|---|---|"]
    for name, value, ok in rows:
        lines.append(f"| {name} | {value} | {'—' if ok is None else ('yes' if ok else 'NO')} |")
    summary["targets"] = [{"target": n, "result": v, "met": ok} for n, v, ok in rows]
    for name, text in profiles.items():
        lines += ["", f"### Profile: {name}", "", "```", text, "```"]
    data = {"machine": info, "summary": summary,
            "results": {k: {**asdict(v), "median_wall": v.median("wall"),
                            "median_cpu": v.median("cpu")} for k, v in results.items()}}
    return "\n".join(lines) + "\n", data


# ------------------------------------------------------------ main
def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs of each 1× and 10× measurement")
    ap.add_argument("--big-runs", type=int, default=3, help="runs of each 100× measurement")
    ap.add_argument("--batch", type=int, default=100, help="workbooks in the batch (0: none)")
    ap.add_argument("--batch-runs", type=int, default=1)
    ap.add_argument("--sizes", default="1,10,100", help="input sizes, times the example")
    ap.add_argument("--profile", action="store_true", help="add a cProfile of one build per size")
    ap.add_argument("--json", type=Path, help="write the results as JSON here")
    ap.add_argument("--markdown", type=Path, help="write the report here")
    ap.add_argument("--work", type=Path, help="keep inputs and outputs in this folder")
    ap.add_argument("--suite", choices=["ratios", "sizes", "all"], default="ratios",
                    help="ratios: the alternated pairs of bench/ratios.py (default); "
                         "sizes: validate/build at 1×, 10×, 100× and a batch (issue 5)")
    ap.add_argument("--ratio-batch", type=int, default=10, help="workbooks in the ratio batches")
    ap.add_argument("--no-pdf", action="store_true", help="ratios without the --pdf pairs")
    ap.add_argument("--refuse-busy", action="store_true",
                    help="stop (exit 3) when the machine's load is above 0.5 per core at the start")
    ap.add_argument("--src", type=Path,
                    help="measure another copy of the project (a folder holding src/ and "
                         "templates/, e.g. an older checkout) instead of this one")
    args = ap.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)        # an installed package has its bytecode
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    if args.src:
        env["PYTHONPATH"] = str(args.src.resolve() / "src")
    exe = [sys.executable, "-m", "reportgen"]
    info = machine()
    info["load_before"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    info["measured"] = str(args.src.resolve()) if args.src else str(ROOT)
    results: dict[str, Result] = {}
    profiles: dict[str, str] = {}
    if args.suite in ("ratios", "all"):
        import ratios
        text, refused = ratios.run(
            run_once, exe, env, work, max(args.runs, 5), args.ratio_batch,
            lambda folder: make_input(["copies", str(args.ratio_batch), str(folder)], env),
            args.refuse_busy, not args.no_pdf, args.profile)
        if args.profile and not refused:
            text += ("\n### Profile: warm build (the second build in one process)\n\n```\n"
                     + profile_build(EXAMPLE, work / "prof-warm", env, work) + "\n```\n")
        print(text)
        if args.markdown:
            args.markdown.write_text(text, "utf-8")
        if refused or args.suite == "ratios":
            if args.work is None:
                shutil.rmtree(work, ignore_errors=True)
            return 3 if refused else 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    try:
        for k in sizes:
            src = EXAMPLE if k == 1 else work / f"example-x{k}.xlsx"
            if k != 1:
                make_input([str(k), str(src)], env)
            runs = args.big_runs if k >= 100 else args.runs
            out = work / f"out-x{k}"
            shutil.rmtree(out, ignore_errors=True)
            print(f"size {k}×: {src}", file=sys.stderr)
            # a warm-up run caches the bytecode; at 100× it would only cost minutes
            warm = k == sizes[0] or k < 100
            results[f"validate {k}×"] = measure(f"validate {k}×", exe + ["validate", str(src)],
                                                runs, env, work, warmup=warm)
            results[f"build {k}×"] = measure(f"build {k}×", exe + ["build", str(src), "-o", str(out)],
                                             runs, env, work, warmup=warm)
            if any(r.code != 0 for r in results[f"build {k}×"].runs):
                results[f"build {k}×"].note = "build refused or failed"
            elif any(out.iterdir()):
                results[f"bare {k}×"] = bare_cost(f"bare {k}×", src, out, runs, env, work)
            if args.profile:
                profiles[f"build {k}×"] = profile_build(src, work / f"prof-x{k}", env, work)
        if args.batch:
            folder = work / "batch-in"
            make_input(["copies", str(args.batch), str(folder)], env)
            for jobs in (1, 2):
                out = work / f"batch-out-j{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                name = f"batch {args.batch} -j {jobs}"
                results[name] = measure(name, exe + ["build", str(folder), "-j", str(jobs), "-o", str(out)],
                                        args.batch_runs, env, work, warmup=False)
                per = results[name].median("wall") / args.batch
                results[name].note = f"{per:.2f} s per workbook"
    finally:
        info["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        text, data = report(results, info, profiles)
        print(text)
        if args.json:
            args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
        if args.markdown:
            with args.markdown.open("a" if args.suite == "all" else "w", encoding="utf-8") as fh:
                fh.write(text)
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
