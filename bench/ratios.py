"""Ratios that cannot flatter (issue 15), for bench/run.py.

Every figure is a ratio of two commands measured in the same run, the two
alternated (A B, B A, A B, …, so that a change of load hits both alike),
after one untimed warm-up of each; medians of at least 5 pairs, batches
included; CPU time (user + system of the process and every child it waited
for: the chart process, the batch workers, LibreOffice) beside wall time.
The machine's load is recorded at the start and the end; with --refuse-busy
a busy machine stops the run, otherwise the report is flagged.

Pairs measured:

* build vs bare library cost (bench/bare.py on the build's own outputs);
* build vs build --pdf (a lone build), against LibreOffice's floor: its own
  ``soffice --convert-to pdf`` of the report's three files in one run with a
  warm profile;
* batch of N -j 1 vs -j 2;
* batch of N -j 2 without and with --pdf, against a warm, already running
  LibreOffice converting one report's files (render/pdf.py's Converter).

And a cold profile (a fresh interpreter: imports, template compilation,
charts) beside the warm one (the second build in a process).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example-2022.xlsx"

TARGET_LONE_PDF_VS_FLOOR = 1.2       # a lone build --pdf adds ≤ 1.2 × LibreOffice's floor
BUSY_LOAD_PER_CORE = 0.5             # load average per core above which the machine is busy


def load() -> tuple[float, float, float]:
    return os.getloadavg()


def busy(avg: tuple[float, float, float]) -> bool:
    return avg[0] > BUSY_LOAD_PER_CORE * (os.cpu_count() or 1)


def alternate(run_once: Callable, a: tuple[str, list], b: tuple[str, list], runs: int, env: dict,
              cwd: Path, before: Callable[[str], None] = lambda name: None) -> dict:
    """Runs ``a`` and ``b`` (name, command) alternately, ``runs`` pairs after
    a warm-up of each; ``before(name)`` runs untimed before each command
    (e.g. clearing its output folder).  Returns the runs of each and the
    per-pair ratios b/a (wall and CPU)."""
    out = {a[0]: [], b[0]: [], "ratio_wall": [], "ratio_cpu": []}

    def once(cmd):     # a command line, or a callable(env, cwd) measuring itself
        return cmd(env, cwd) if callable(cmd) else run_once(cmd, env, cwd)

    for name, cmd in (a, b):
        before(name)
        once(cmd)
    for i in range(runs):
        order = (a, b) if i % 2 == 0 else (b, a)
        pair = {}
        for name, cmd in order:
            before(name)
            pair[name] = once(cmd)
            out[name].append(pair[name])
            print(f"  {name}: {pair[name].wall:.2f} s", file=sys.stderr)
        out["ratio_wall"].append(pair[b[0]].wall / pair[a[0]].wall)
        out["ratio_cpu"].append(pair[b[0]].cpu / pair[a[0]].cpu if pair[a[0]].cpu else float("nan"))
    return out


def bare_once(source: Path, outputs: Path) -> Callable:
    """bench/bare.py as one side of a pair: wall and CPU time of its process
    minus the time it spends loading the outputs it then saves (not part of
    the bare cost; bare.py reports it)."""
    import json
    from types import SimpleNamespace

    cmd = [sys.executable, str(ROOT / "bench" / "bare.py"), str(source), str(outputs)]

    def run(env: dict, cwd: Path):
        t = time.perf_counter()
        proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=True)
        wall = time.perf_counter() - t
        excluded = json.loads(proc.stdout.strip().splitlines()[-1])["excluded"]
        # CPU not measured: the loading cannot be taken off it
        return SimpleNamespace(wall=wall - excluded, cpu=float("nan"))
    return run


def med(runs, attr: str = "wall") -> float:
    return statistics.median(getattr(r, attr) for r in runs)


_FLOOR_WARM = """
import json, statistics, sys, time
from pathlib import Path
from reportgen.render.pdf import Converter
files = [Path(p) for p in sys.argv[2:]]
out = Path(sys.argv[1])
times = []
with Converter() as conv:
    t = time.perf_counter()
    for f in files:
        conv.convert(f, out / (f.stem + ".pdf"))
    first = time.perf_counter() - t          # LibreOffice's start-up included
    for _ in range(int(__import__("os").environ.get("BENCH_RUNS", "5"))):
        t = time.perf_counter()
        for f in files:
            conv.convert(f, out / (f.stem + ".pdf"))
        times.append(time.perf_counter() - t)
print(json.dumps({"first": first, "warm": times}))
"""


def libreoffice_floor(outputs: list[Path], work: Path, runs: int, env: dict) -> dict:
    """LibreOffice's own cost for one report's files: ``soffice --convert-to
    pdf`` of all of them in one run with a warm profile (median of ``runs``
    after a warm-up that creates the profile), and the time an already
    running LibreOffice (our Converter) takes for them (median of ``runs``)."""
    import json

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    profile = work / "lo-floor-profile"
    outdir = work / "lo-floor-out"
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(outdir), *map(str, outputs)]
    subprocess.run(cmd, capture_output=True, check=True, env=env)        # warm-up: the profile
    cold_cli = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, env=env)
        cold_cli.append(time.perf_counter() - t)
    proc = subprocess.run([sys.executable, "-c", _FLOOR_WARM, str(outdir), *map(str, outputs)],
                          capture_output=True, text=True, check=True,
                          env=dict(env, BENCH_RUNS=str(runs)))
    warm = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"soffice_one_run": cold_cli, "converter_first": warm["first"],
            "converter_warm": warm["warm"]}


_COLD = """
import cProfile, io, pstats, sys
prof = cProfile.Profile()
prof.enable()
from pathlib import Path
from reportgen.build import build
build(Path(sys.argv[1]), Path(sys.argv[2]))
prof.disable()
buf = io.StringIO()
pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(int(sys.argv[3]))
print(buf.getvalue())
"""


def cold_profile(source: Path, out: Path, env: dict, cwd: Path, top: int = 40) -> str:
    """cProfile of a build in a fresh interpreter, imports included (bytecode
    cached, as an installed package has it); charts drawn in this process."""
    proc = subprocess.run([sys.executable, "-c", _COLD, str(source), str(out), str(top)],
                          env=env, cwd=cwd, capture_output=True, text=True, check=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    site = str(Path(sys.prefix))
    return "\n".join(ln.replace(str(ROOT) + "/", "").replace(site + "/", "") for ln in lines)


def _n(x: float, suffix: str = "") -> str:
    return "—" if x != x else f"{x:.2f}{suffix}"


def _fmt_pair(name_a: str, name_b: str, res: dict) -> list[str]:
    a, b = res[name_a], res[name_b]
    cpu_ratio = [r for r in res["ratio_cpu"] if r == r]
    return [f"| {name_a} | {_n(med(a))} | {_n(med(a, 'cpu'))} | {len(a)} |",
            f"| {name_b} | {_n(med(b))} | {_n(med(b, 'cpu'))} | {len(b)} |",
            f"| ratio {name_b} / {name_a} (median of pairs) | {_n(statistics.median(res['ratio_wall']), '×')} "
            f"| {_n(statistics.median(cpu_ratio), '×') if cpu_ratio else '—'} | {len(res['ratio_wall'])} pairs |"]


def report(pairs: dict, floor: dict | None, info: dict, profiles: dict[str, str],
           batch: int) -> str:
    lines = ["## Ratios (issue 15 method)", "",
             f"Load average (1, 5, 15 min) at start: {info['load_start']}; at end: {info['load_end']}; "
             f"{info['cores']} cores. " + ("**BUSY: the machine was loaded (load above "
                                            f"{BUSY_LOAD_PER_CORE} per core); wall times and "
                                            "parallel speed-ups are not representative.**"
                                            if info["busy"] else "Machine idle."), "",
             "| measurement | wall s (median) | CPU s (median) | runs |", "|---|---|---|---|"]
    for (a, b), res in pairs.items():
        lines += _fmt_pair(a, b, res)
    rows = []
    if floor:
        f_cli = statistics.median(floor["soffice_one_run"])
        f_warm = statistics.median(floor["converter_warm"])
        lines += [f"| LibreOffice floor: soffice --convert-to, the report's files in one run, warm profile "
                  f"| {f_cli:.2f} | — | {len(floor['soffice_one_run'])} |",
                  f"| LibreOffice already running (Converter), the report's files "
                  f"| {f_warm:.2f} | — | {len(floor['converter_warm'])} |",
                  f"| Converter's first report (LibreOffice start-up included) "
                  f"| {floor['converter_first']:.2f} | — | 1 |"]
        lone = pairs.get(("build", "build --pdf"))
        if lone:
            added = [pb.wall - pa.wall for pa, pb in zip(lone["build"], lone["build --pdf"])]
            add = statistics.median(added)
            rows.append(("a lone build --pdf adds ≤ 1.2 × the floor",
                         f"adds {add:.2f} s = {add / f_cli:.2f}× floor ({f_cli:.2f} s)",
                         add <= TARGET_LONE_PDF_VS_FLOOR * f_cli))
        bj = pairs.get((f"batch {batch} -j 2", f"batch {batch} -j 2 --pdf"))
        if bj:
            added = [(pb.wall - pa.wall) / batch
                     for pa, pb in zip(bj[f"batch {batch} -j 2"], bj[f"batch {batch} -j 2 --pdf"])]
            add = statistics.median(added)
            rows.append((f"batch of {batch}, -j 2: --pdf adds per report ≤ a running LibreOffice's "
                         "time for that report's files",
                         f"adds {add:.2f} s per report; running LibreOffice {f_warm:.2f} s",
                         add <= f_warm))
    bare = pairs.get(("bare", "build"))
    if bare:
        rows.append(("build / bare library cost (no target here; issue 5: ≤ 2)",
                     f"{statistics.median(bare['ratio_wall']):.2f}×", None))
    jj = pairs.get((f"batch {batch} -j 1", f"batch {batch} -j 2"))
    if jj:
        rows.append(("-j 2 speed-up (wall of -j 1 / -j 2)",
                     f"{1 / statistics.median(jj['ratio_wall']):.2f}×", None))
    lines += ["", "| target | result | met |", "|---|---|---|"]
    for name, value, ok in rows:
        lines.append(f"| {name} | {value} | {'—' if ok is None else ('yes' if ok else 'NO')} |")
    for name, text in profiles.items():
        lines += ["", f"### Profile: {name}", "", "```", text, "```"]
    return "\n".join(lines) + "\n"


def run(run_once: Callable, exe: list[str], env: dict, work: Path, runs: int, batch: int,
        make_batch: Callable[[Path], None], refuse_busy: bool, pdf: bool,
        profile: bool) -> tuple[str, bool]:
    """The whole ratio suite; returns the report and whether it was refused."""
    info = {"cores": os.cpu_count(), "load_start": " ".join(f"{x:.2f}" for x in load())}
    info["busy"] = busy(load())
    if info["busy"] and refuse_busy:
        return (f"Refused: load average {info['load_start']} on {info['cores']} cores "
                "(busy). Re-run on an idle machine or without --refuse-busy.\n"), True
    pairs: dict = {}
    out = work / "ratio-out"

    def clear(name: str) -> None:
        shutil.rmtree(out, ignore_errors=True)

    build = ("build", exe + ["build", str(EXAMPLE), "-o", str(out)])
    # build vs bare: bare needs the build's outputs, kept in their own folder
    keep = work / "bare-src"
    shutil.rmtree(keep, ignore_errors=True)
    subprocess.run(exe + ["build", str(EXAMPLE), "-o", str(keep)], env=env, cwd=work,
                   capture_output=True, check=True)
    bare = ("bare", bare_once(EXAMPLE, keep))
    print("build vs bare", file=sys.stderr)
    pairs[("bare", "build")] = alternate(run_once, bare, build, runs, env, work, clear)
    floor = None
    if pdf:
        print("build vs build --pdf", file=sys.stderr)
        pairs[("build", "build --pdf")] = alternate(
            run_once, build, ("build --pdf", build[1] + ["--pdf"]), runs, env, work, clear)
        print("LibreOffice floor", file=sys.stderr)
        # the report's files, in its own folder below the output folder
        floor = libreoffice_floor(sorted(x for x in keep.rglob("*") if x.is_file()
                                         and x.suffix in (".xlsx", ".docx")), work, runs, env)
    if batch:
        folder = work / "batch-in"
        make_batch(folder)
        j1 = (f"batch {batch} -j 1", exe + ["build", str(folder), "-j", "1", "-o", str(out)])
        j2 = (f"batch {batch} -j 2", exe + ["build", str(folder), "-j", "2", "-o", str(out)])
        print("batch -j 1 vs -j 2", file=sys.stderr)
        pairs[(j1[0], j2[0])] = alternate(run_once, j1, j2, runs, env, work, clear)
        if pdf:
            print("batch -j 2 vs -j 2 --pdf", file=sys.stderr)
            pairs[(j2[0], j2[0] + " --pdf")] = alternate(
                run_once, j2, (j2[0] + " --pdf", j2[1] + ["--pdf"]), runs, env, work, clear)
    profiles = {}
    if profile:
        profiles["cold build (fresh interpreter, imports included)"] = cold_profile(
            EXAMPLE, work / "prof-cold", env, work)
    info["load_end"] = " ".join(f"{x:.2f}" for x in load())
    info["busy"] = info["busy"] or busy(load())
    return report(pairs, floor, info, profiles, batch), False
