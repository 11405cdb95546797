"""图1–图4 of 情况说明, drawn with matplotlib (Agg, no display needed).

Chinese labels need a CJK font.  One is looked for among the fonts matplotlib
knows (Noto Sans CJK, Source Han, WenQuanYi, SimHei, …); when none is
installed the charts are still drawn, with a warning, because a missing
glyph is a cosmetic problem the clerk can fix by installing a font, not a
reason to withhold the whole document.

The figures come from the narrative context (already computed), so the
charts and the sentences beside them cannot disagree.
"""

from __future__ import annotations

import io
import warnings
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from reportgen.core import fmt
from reportgen.core.lifeline import die_with_parent
from reportgen.core.profile import ChartsSpec, load_profile

# matplotlib is imported when a chart is drawn, not with this module, and
# without pyplot (a quarter of a second of imports a build does not need):
# a Figure on an Agg canvas never opens a window.

# preferred families, best first; the first one installed is used
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC",
    "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Serif SC",
    "SimSun", "AR PL UMing CN", "AR PL UKai CN",
)
NO_FONT_WARNING = (
    "未找到中文字体（如 Noto Sans CJK、文泉驿），图1–图4 中的中文可能显示为方框。"
    "请安装中文字体，例如 Debian/Ubuntu 上 `sudo apt-get install fonts-noto-cjk`。"
)
DPI = 200


class ChartFontWarning(UserWarning):
    """No CJK font was found for the charts."""


def find_cjk_font() -> Optional[str]:
    """The family name of an installed CJK font, or None."""
    return _find_cjk_font()


@lru_cache(maxsize=1)   # the installed fonts do not change during a run
def _find_cjk_font() -> Optional[str]:
    from reportgen.render.fonts import chart_font, register_chart_font
    fam = chart_font()      # fontconfig's answer (the build stops without one)
    if fam is not None:
        register_chart_font(fam)
        return fam
    from matplotlib import font_manager
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for fam in CJK_FAMILIES:
        if fam in installed:
            return fam
    # any other family that declares itself CJK
    for name in sorted(installed):
        if any(k in name for k in ("CJK", "Han Sans", "Hei", "Song", "Kai", "Ming")):
            return name
    return None


def _font() -> Optional[str]:
    fam = find_cjk_font()
    if fam is None:
        warnings.warn(NO_FONT_WARNING, ChartFontWarning, stacklevel=3)
    return fam


def _style(fam: Optional[str]) -> dict:
    rc = {"font.size": 11, "axes.unicode_minus": False}
    if fam:
        rc["font.family"] = "sans-serif"
        rc["font.sans-serif"] = [fam, "DejaVu Sans"]
    return rc


def _f(v) -> float:
    return float(Decimal(v))


def _figure(figsize: tuple[float, float]):
    """A figure on an Agg canvas, as pyplot would make it, without pyplot."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig


def _encode(size: tuple[int, int], rgba: bytes, path: Path) -> Path:
    from PIL import Image
    Image.frombuffer("RGBA", size, rgba, "raw", "RGBA", 0, 1).convert("RGB").save(path)
    return path


def _save(fig, path: Path, pool=None):
    """PNG without an alpha channel: some PDF converters grey a transparent image.
    The pixels are taken from the canvas and encoded once (writing a PNG with
    matplotlib, then reading and writing it again, doubled the time).  With
    ``pool`` the PNG is encoded there (Pillow releases the GIL while it
    compresses, so the next chart is drawn meanwhile) and a future is returned."""
    buf = io.BytesIO()
    fig.savefig(buf, format="rgba", dpi=DPI, facecolor="white")
    size = (int(fig.get_figwidth() * DPI), int(fig.get_figheight() * DPI))
    data = buf.getvalue()
    if len(data) == size[0] * size[1] * 4:
        if pool is not None:
            return pool.submit(_encode, size, data, path)
        return _encode(size, data, path)
    from PIL import Image
    fig.savefig(path, dpi=DPI, facecolor="white")   # a canvas of another size: the long way
    with Image.open(path) as im:
        rgb = im.convert("RGB")
    rgb.save(path)
    return path


def bar_change(path: Path, title: str, categories: Sequence[str],
               series: Sequence[tuple[str, Sequence[Optional[Decimal]]]], _pool=None,
               colours: Sequence[str] = ("#4472C4",), axis_unit: str = "") -> Path:
    """Grouped bars: one group per year, one bar per series, amounts on top.
    ``title`` is what the chart shows; the document's caption prints it.
    ``colours`` and ``axis_unit`` come from the profile's [charts]."""
    from matplotlib import rc_context
    fam = _font()
    with rc_context(_style(fam)):
        fig = _figure((5.6, 3.0))
        ax = fig.subplots()
        n = len(series)
        width = 0.7 / max(n, 1)
        xs = range(len(categories))
        top = 0.0
        for k, (label, values) in enumerate(series):
            pos = [x - 0.35 + width * (k + 0.5) for x in xs]
            vals = [_f(v) if v is not None else 0.0 for v in values]
            bars = ax.bar(pos, vals, width * 0.9, label=label, color=colours[k % len(colours)])
            for b, v in zip(bars, values):
                if v is None:
                    continue
                ax.annotate(fmt.money(v), (b.get_x() + b.get_width() / 2, b.get_height()),
                            ha="center", va="bottom", fontsize=10, xytext=(0, 2),
                            textcoords="offset points")
            top = max([top, *vals])
        ax.set_xticks(list(xs), list(categories), fontsize=12)
        ax.set_ylabel(axis_unit, fontsize=11)
        ax.set_ylim(0, top * 1.2 if top > 0 else 1)
        if len(categories) == 1:
            ax.set_xlim(-1.0, 1.0)    # one year alone: bars as wide as beside another year
        ax.spines[["top", "right"]].set_visible(False)
        if n > 1:
            # above the bars, never over them
            ax.legend(frameon=False, fontsize=11, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                      ncol=n)
        fig.tight_layout()
        # no layout engine left behind: savefig would lay the figure out
        # (draw it) once more for nothing
        fig.set_layout_engine(None)
        return _save(fig, path, _pool)


def pie(path: Path, title: str, parts: Sequence[tuple[str, Decimal, Optional[Decimal]]],
        _pool=None, colours: Sequence[str] = ("#4472C4",), axis_unit: str = "",
        empty: str = "", slice_label: Optional[str] = None, places: int = 1,
        trim: bool = True) -> Path:
    """Shares of a whole: the pie on the left, a legend with each part's
    name, amount (in ``axis_unit``) and share on the right, one line per
    part written as ``slice_label`` ({name}, {amount}, {unit}, {share};
    None: the default profile's; the share with ``places`` decimals,
    trailing zeros dropped when ``trim``); ``empty`` shown when no part has an
    amount.  ``parts``: (name, amount 万元, share %) as compute made them
    (``compute.report.Share``: the legend prints the document's share, it
    divides nothing).  Texts and colours from the profile's [charts]."""
    if slice_label is None:
        slice_label = default_spec().slice_label
    fam = _font()
    parts = [(n, v, share) for n, v, share in parts if v and v > 0]
    from matplotlib import rc_context
    with rc_context(_style(fam)):
        fig = _figure((5.6, 2.8))
        ax = fig.add_axes((0.02, 0.04, 0.42, 0.92))
        if not parts:
            ax.text(0.5, 0.5, empty, ha="center", va="center", fontsize=12)
            ax.axis("off")
        else:
            wedges, _texts = ax.pie(
                [_f(v) for _, v, _s in parts], startangle=90, counterclock=False,
                colors=[colours[i % len(colours)] for i in range(len(parts))],
                wedgeprops={"linewidth": 1, "edgecolor": "white"})
            ax.axis("equal")
            labels = [_fill(slice_label, name=n, amount=fmt.money(v), unit=axis_unit,
                            share=fmt.rate(share, places, trim)) for n, v, share in parts]
            fig.legend(wedges, labels, loc="center left", bbox_to_anchor=(0.47, 0.5),
                       frameon=False, fontsize=11, labelspacing=0.9)
        return _save(fig, path, _pool)


def _fill(pattern: str, **values: str) -> str:
    """``pattern`` with each {key} replaced by its value (the names are
    checked when the profile is loaded; other braces are left alone)."""
    for key, value in values.items():
        pattern = pattern.replace("{" + key + "}", value)
    return pattern


def default_spec() -> ChartsSpec:
    """The default profile's [charts] (for a caller that names no profile)."""
    spec = load_profile("default").charts
    assert spec is not None   # load_profile refuses a profile without it
    return spec


def year_groups(years: Sequence[str], last: Optional[Decimal],
                *current: Decimal) -> tuple[list[str], list[list[Optional[Decimal]]]]:
    """The year groups of a bar chart of 上年 against 本年 and each series'
    values: ``years`` is (上年 label, 本年 label), ``last`` last year's figure
    (万元; None when 上年数 was not filled), ``current`` this year's figure of
    each series.  Without last year's figure only this year is drawn — an
    empty 上年 group would read as 0."""
    if last is None:
        return list(years[1:]), [[c] for c in current]
    return list(years), [[last, c] for c in current]


def draw_all(ctx: dict, out_dir: Path, spec: Optional[ChartsSpec] = None) -> dict[str, Path]:
    """图1–图4 from the document context, as PNG files in ``out_dir``; titles,
    series names, labels and colours from the profile's [charts] (``spec``;
    None: the default profile's)."""
    spec = spec or default_spec()
    out_dir = Path(out_dir)
    year, last_year = ctx["year"], ctx["last_year"]
    years = [spec.year_label.replace("{year}", str(y)) for y in (last_year, year)]
    total, fiscal = ctx["total"], ctx["fiscal"]
    last_total = total["change"]["last"]
    last_fiscal = fiscal["change"]["last"]
    f = spec.figures
    look = {"_pool": None, "colours": spec.colours, "axis_unit": spec.axis_unit}
    from concurrent.futures import Future, ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=1) as pool:
        look["_pool"] = pool
        # 收、支总计 are equal in a balanced book; last year only one figure is kept
        groups1, values1 = year_groups(years, last_total, total["amount"], total["expense_amount"])
        groups4, values4 = year_groups(years, last_fiscal, fiscal["amount"],
                                       fiscal["expense_amount"])
        figs = {
            "fig1": bar_change(out_dir / "fig1.png", f["fig1"].title, groups1,
                               list(zip(f["fig1"].series, values1)), **look),
            "fig2": pie(out_dir / "fig2.png", f["fig2"].title,
                        [(s["name"], s["amount"], s["share"]) for s in ctx["income"]["sources"]],
                        empty=spec.empty, slice_label=spec.slice_label,
                        places=spec.percent_decimals, trim=spec.percent_trim, **look),
            "fig3": pie(out_dir / "fig3.png", f["fig3"].title,
                        [(p["name"], p["amount"], p["share"]) for p in ctx["expense"]["parts"]],
                        empty=spec.empty, slice_label=spec.slice_label,
                        places=spec.percent_decimals, trim=spec.percent_trim, **look),
            "fig4": bar_change(out_dir / "fig4.png", f["fig4"].title, groups4,
                               list(zip(f["fig4"].series, values4)), **look),
        }
        return {k: (v.result() if isinstance(v, Future) else v) for k, v in figs.items()}


def _draw_recording(ctx: dict, out_dir: Path,
                    spec: Optional[ChartsSpec] = None) -> tuple[dict[str, Path], list[str]]:
    """draw_all, with the font warnings returned as messages."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ChartFontWarning)
        pngs = draw_all(ctx, out_dir, spec)
    msgs: list[str] = []
    for w in caught:
        if issubclass(w.category, ChartFontWarning) and str(w.message) not in msgs:
            msgs.append(str(w.message))
    return pngs, msgs


def _child(parent_end, conn, parent: int) -> None:
    """The chart process's first steps: the parent's end of the pipe closed
    (else ``recv`` would never see the parent go), the process tied to its
    parent's life (core.lifeline), then ``_worker``."""
    parent_end.close()
    die_with_parent(parent)
    _worker(conn)


def _worker(conn) -> None:
    """The chart process: matplotlib imported at once, then one job from
    ``conn`` (the context and the folder), drawn, and the answer sent back;
    None back, or nothing, makes the parent draw the charts itself."""
    import signal
    signal.signal(signal.SIGTERM, signal.SIG_DFL)   # terminate() ends it, whatever the CLI set
    signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C is the parent's to handle
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401
        from matplotlib.figure import Figure  # noqa: F401
        _find_cjk_font()
        job = conn.recv()
        if job is None:
            return
        ctx, out_dir, spec = job
        pngs, msgs = _draw_recording(ctx, Path(out_dir), spec)
        conn.send(({k: str(p) for k, p in pngs.items()}, msgs))
    except BaseException:  # noqa: BLE001 - the parent draws them itself
        try:
            conn.send(None)
        except Exception:  # noqa: BLE001 - the parent has gone
            pass
    finally:
        conn.close()


def _fork_worker():
    """(process, connection) of a new chart process, or None where fork is
    not available (Windows) or fails."""
    import multiprocessing as mp
    import os
    import sys
    # Linux only: macOS offers fork, but a forked child that touches system
    # frameworks may crash with messages a clerk should not see
    if not sys.platform.startswith("linux") or "fork" not in mp.get_all_start_methods():
        return None
    for stream in (sys.stdout, sys.stderr):   # else the child would print their buffers again
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a closed or odd stream
            pass
    import signal
    try:
        # the child must not inherit the CLI's SIGTERM handler: a terminate()
        # arriving before _worker resets it would raise inside fork's own
        # hooks, be ignored, and leave the child waiting on its pipe
        old = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:   # not the main thread: nothing of ours to inherit
        old = None
    try:
        ctx = mp.get_context("fork")
        here, there = ctx.Pipe()
        proc = ctx.Process(target=_child, args=(here, there, os.getpid()), daemon=True)
        proc.start()
    except Exception:  # noqa: BLE001 - e.g. a daemonic parent: drawn here later
        return None
    finally:
        if old is not None:
            signal.signal(signal.SIGTERM, old)
    there.close()
    return proc, here


_spare = None   # a chart process started by prewarm(), waiting for its job


def prewarm() -> None:
    """Start the chart process now, before the workbook is even read: its
    import of matplotlib (0.3 s) then overlaps the reading and checking, and
    the charts are ready before the document needs them.  The next
    background ``Drawing`` takes it; unused, it ends with the program."""
    global _spare
    if _spare is None:
        _spare = _fork_worker()
        if _spare is not None:
            import atexit
            # unused at exit: its pipe closed first, so it ends at once, before
            # multiprocessing's own exit handler joins it
            atexit.register(_stop_spare)


def _stop_spare() -> None:
    global _spare
    if _spare is not None:
        proc, conn = _spare
        _spare = None
        _stop(proc, conn)


def _stop(proc, conn) -> None:
    if conn is not None:
        conn.close()
    if proc is not None:
        if proc.is_alive():
            proc.terminate()
        proc.join(5)
        if proc.is_alive():
            proc.kill()
            proc.join()


class Drawing:
    """图1–图4 being drawn while the rest of the build goes on.

    Importing matplotlib and drawing take about half a second, a third of a
    build; with ``background`` (one build alone on a machine with a core to
    spare) they run in a forked process meanwhile (the one ``prewarm``
    started, if any).  Elsewhere than on Linux (fork missing, or unsafe on
    macOS), or where the process fails in any way, the charts are drawn here
    when ``result()`` is asked for, as before: the background is only ever a
    head start."""

    # generous: four small charts take well under a second
    TIMEOUT_S = 120

    def __init__(self, ctx: dict, out_dir: Path, background: bool = False,
                 spec: Optional[ChartsSpec] = None):
        global _spare
        self.ctx, self.out_dir = ctx, Path(out_dir)
        self.spec = spec or default_spec()   # the profile's [charts]
        self._proc = self._conn = None
        if not background:
            return
        worker, _spare = (_spare or _fork_worker()), None
        if worker is None:
            return
        try:
            worker[1].send((ctx, str(self.out_dir), self.spec))
        except Exception:  # noqa: BLE001 - not picklable, or the process is gone
            _stop(*worker)
            return
        self._proc, self._conn = worker

    def result(self) -> tuple[dict[str, Path], list[str]]:
        """The PNG files by name, and the messages for the clerk."""
        got = None
        if self._conn is not None:
            try:
                if self._conn.poll(self.TIMEOUT_S):
                    got = self._conn.recv()
            except (EOFError, OSError):
                got = None
            self.close()
        if got is not None:
            pngs, msgs = got
            paths = {k: Path(p) for k, p in pngs.items()}
            if all(p.is_file() for p in paths.values()):
                return paths, msgs
        return _draw_recording(self.ctx, self.out_dir, self.spec)

    def close(self) -> None:
        """Stop the process if it still runs (the build was interrupted)."""
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        _stop(proc, conn)
