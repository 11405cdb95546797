"""Command line: thin wrappers over build.check() / build.build().

Exit codes: 0 no error, 1 errors found (nothing written), 2 the input or a
template could not be used.  A clerk never sees a traceback unless --debug.
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import gc
import os
import signal
import sys
import threading
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from reportgen import __version__
from reportgen.core.errors import TemplateError, UnusableInput

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2


class OptionError(click.BadParameter):
    """A bad option value, told to the clerk in Chinese (click's own
    framing is English): ``选项 --x 的值有误：…`` on stderr, exit 2."""

    def show(self, file=None) -> None:
        name = self.param.opts[0] if self.param is not None and self.param.opts else "选项"
        click.echo(f"选项 {name} 的值有误：{self.message}", err=True)


# a tolerance is a rounding allowance in 万元: more than this switches the
# balance checks off in effect
MAX_TOLERANCE = Decimal("100")


def _tolerance(ctx, param, value):
    """--tolerance: a finite, non-negative decimal of at most MAX_TOLERANCE
    万元 (NaN, inf and 1e999999999 are refused here, with a message)."""
    text = str(value).strip()
    try:
        d = Decimal(text)
    except (InvalidOperation, ValueError):
        raise OptionError(f"“{text}”不是数字；请填写如 0.01 的小数（万元）。") from None
    if not d.is_finite():
        raise OptionError(f"“{text}”不是有限的数；请填写如 0.01 的小数（万元）。")
    if d < 0:
        raise OptionError("不能为负数；请填写如 0.01 的小数（万元）。")
    if d > MAX_TOLERANCE:
        raise OptionError(f"{text} 过大（上限 {MAX_TOLERANCE} 万元），会使平衡校验失去作用；"
                                 "请填写如 0.01 的小数（万元）。")
    return d.quantize(Decimal("0.000001")) if d.adjusted() >= -6 else Decimal(0)


def _common(f):
    f = click.option("--debug", is_flag=True, help="出错时显示完整的 Python 调用栈（供开发人员排查）。")(f)
    f = click.option("--catalogue", "catalogues", multiple=True, type=click.Path(dir_okay=False),
                     help="补充科目目录文件（TSV，可多次指定）。")(f)
    f = click.option("--tolerance", default="0.01", callback=_tolerance, show_default=True,
                     help="尾数误差容忍度（万元，每一汇总层级）。")(f)
    f = click.option("--strict", is_flag=True, help="警告也视为错误。")(f)
    return f


def _guard(func):
    """Turn every failure into a Chinese message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        debug = kwargs.get("debug", False)
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except UnusableInput as exc:
            if debug:
                raise
            click.echo(f"无法使用：{exc.message}", err=True)
            sys.exit(EXIT_UNUSABLE)
        except TemplateError as exc:
            if debug:
                raise
            click.echo(f"模板错误：{exc}", err=True)
            sys.exit(EXIT_UNUSABLE)
        except KeyboardInterrupt:
            click.echo("已中断，未写出不完整的文件。", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - last line of defence for clerks
            if debug:
                raise
            click.echo(
                f"内部错误（{type(exc).__name__}: {exc}）。输入文件未被修改，未写出任何文件。"
                "请加 --debug 重新运行，并把输出反馈给维护人员。",
                err=True,
            )
            sys.exit(EXIT_UNUSABLE)

    return wrapper


def _terminate(signum, frame):
    # SIGTERM unwinds like Ctrl-C, so staging folders and .part files are
    # removed; recorded too, in case the exit is dropped in a finalizer
    from reportgen.core.lifeline import request_stop
    request_stop(signum)
    raise SystemExit(128 + signum)


def _interrupt(signum, frame):
    # Ctrl-C, as Python's own handler, recorded as well
    from reportgen.core.lifeline import request_stop
    request_stop(signum)
    raise KeyboardInterrupt


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def main():
    """reportgen：部门决算公开报告的校验与生成。

    \b
    reportgen init 输入.xlsx        生成空白输入工作簿
    reportgen validate 输入.xlsx    校验输入工作簿
    reportgen build 输入.xlsx       生成决算公开表（及 Word 文档）
    reportgen rules                 列出全部校验规则
    reportgen serve --open          在浏览器中使用（上传、检查、生成、下载）
    """
    if threading.current_thread() is threading.main_thread():
        from reportgen.core.lifeline import quiet_dropped_stops
        signal.signal(signal.SIGTERM, _terminate)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, _interrupt)
        quiet_dropped_stops()
    gc_policy()


def gc_policy() -> None:
    """The one garbage-collector policy of reportgen, set by the CLI (the
    library modules leave the collector alone).

    A command makes a few hundred thousand objects that live until it ends
    (cells, styles, XML); the cyclic collector's default pace, a pass every
    700 new objects, re-walked them for nothing: 8% of a build.  It still
    runs, less often.  At exit nothing is left for it to do (outputs are
    closed files by then): without the freeze, the interpreter's last
    collection walked the whole heap, 0.07 s of every build.  Registered
    first, it runs last.  In a batch each worker collects after each build
    (``run_batch(after=gc.collect)``): a build leaves cycles behind
    (workbooks and their sheets point at each other), and a worker's memory
    stays that of one build.
    """
    gc.set_threshold(10_000, 20, 20)
    atexit.register(gc.freeze)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--year", type=int, help="决算年度，如 2023。")
@click.option("--unit", help="单位名称。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
@click.option("--debug", is_flag=True, hidden=True)
@_guard
def init(path, year, unit, force, debug):
    """生成空白输入工作簿 PATH（含填表说明、下拉列表和格式）。"""
    from reportgen.init_workbook import write_blank

    p = Path(path)
    if p.exists() and not force:
        click.echo(f"{p} 已存在，未覆盖。如确需覆盖，请加 --force。", err=True)
        sys.exit(EXIT_UNUSABLE)
    write_blank(p, year=year, unit=unit)
    click.echo(f"已生成空白输入工作簿：{p}")


def _options(profile, strict, tolerance, catalogues):
    from reportgen.build import Options

    return Options(profile=profile, strict=strict, tolerance=tolerance,
                   catalogue_files=[Path(c) for c in catalogues])


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["human", "json"]), default="human",
              show_default=True, help="输出格式：human 供人阅读，json 供程序处理。")
@_common
@_guard
def validate(inputs, fmt, strict, tolerance, catalogues, debug):
    """校验输入工作簿，逐条指出问题所在的工作表和单元格。"""
    from reportgen.build import check
    from reportgen.validate.report import format_human, format_json

    worst = EXIT_OK
    for path in inputs:
        try:
            checked = check(Path(path), _options("default", strict, tolerance, catalogues))
        except UnusableInput as exc:
            if debug:
                raise
            if fmt == "json":
                import json
                click.echo(json.dumps({"file": path, "unusable": exc.kind, "message": exc.message},
                                      ensure_ascii=False))
            else:
                click.echo(f"{path}\n无法使用：{exc.message}", err=True)
            worst = max(worst, EXIT_UNUSABLE)
            continue
        res = checked.result
        click.echo(format_json(res, path) if fmt == "json" else format_human(res, path))
        worst = max(worst, res.exit_code(strict))
    sys.exit(worst)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output-dir", default="outputs", show_default=True,
              type=click.Path(file_okay=False), help="输出文件夹。")
@click.option("--profile", default="default", show_default=True,
              help="模板方案：templates/ 下的文件夹名，或一个文件夹路径。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="并行进程数（默认等于 CPU 核数）。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF（带书签）。")
@click.option("--pdf-a", "pdf_a", is_flag=True, help="PDF 采用 PDF/A-2b 归档格式（含 --pdf）。")
@_common
@_guard
def build(inputs, output_dir, profile, jobs, pdf, pdf_a, strict, tolerance, catalogues, debug):
    """校验并生成决算公开表。存在错误时不写出该单位的任何文件。

    INPUTS 可以是一个或多个工作簿，也可以是文件夹（处理其中全部 .xlsx）。
    """
    from reportgen.batch import expand_inputs, run_batch, summary_table
    from reportgen.build import build as run_build
    from reportgen.validate.report import format_human

    options = _options(profile, strict, tolerance, catalogues)
    paths = expand_inputs(inputs)
    if not paths:
        click.echo("没有找到要处理的 .xlsx 工作簿。", err=True)
        sys.exit(EXIT_UNUSABLE)
    pdf = pdf or pdf_a
    if pdf:
        _prepare_pdf(options)
        options = dataclasses.replace(options, pdf=True, pdf_a=pdf_a)
    single = len(paths) == 1 and not any(Path(i).is_dir() for i in inputs)
    if pdf and (len(paths) == 1 or jobs == 1):
        # the builds run in this process: LibreOffice boots while they render
        from reportgen.render.pdf import shared_converter
        shared_converter().start()
    if single and not pdf:
        if (jobs or os.cpu_count() or 1) > 1:
            # one build alone: the charts are drawn on a second core meanwhile,
            # by a process started now
            from reportgen.build import prewarm
            prewarm()
            options = dataclasses.replace(options, background_charts=True)
        built = run_build(paths[0], Path(output_dir), options)
        res = built.checked.result
        if res.findings:
            click.echo(format_human(res, str(paths[0])))
        if built.refused:
            why = "存在错误" if res.errors else "存在警告（--strict）"
            click.echo(f"{why}，未生成任何文件。请按上述提示修改输入工作簿后重试。", err=True)
            sys.exit(EXIT_ERRORS)
        for p in built.outputs:
            click.echo(f"已生成：{p}")
        for m in built.messages:
            click.echo(f"提示：{m}", err=True)
        return

    from reportgen.batch import BatchInterrupted

    jobs = jobs or os.cpu_count() or 1
    try:
        with click.progressbar(length=len(paths), label="生成中", file=sys.stderr) as bar:
            outcomes = run_batch(paths, Path(output_dir), options, jobs, pdf,
                                 progress=lambda o: bar.update(1), after=gc.collect)
    except BatchInterrupted as stop:
        if stop.finished:
            click.echo(summary_table(stop.finished))
        click.echo(f"已中断：已完成的 {len(stop.finished)} 个工作簿的文件已保留，"
                   f"其余 {len(paths) - len(stop.finished)} 个未生成（没有写出不完整的文件）。", err=True)
        sys.exit(stop.exit_code)
    for o in outcomes:
        if o.report and o.status != 0:
            click.echo(o.report)
        elif o.message:   # the summary has room for its start only
            click.echo(f"{o.path}\n无法使用：{o.message}")
    click.echo(summary_table(outcomes))
    sys.exit(max(o.status for o in outcomes))


def _prepare_pdf(options) -> None:
    """Before any build: LibreOffice is there (else UnusableInput with install
    advice), and each official face the profile's document asks for that is
    not installed is named once, with the face standing in for it."""
    from reportgen.core.profile import load_profile
    from reportgen.render.fonts import substitution_notes
    from reportgen.render.pdf import require_soffice

    require_soffice()
    template = load_profile(options.profile).folder / "document.docx"
    if template.exists():
        for note in substitution_notes(Path(template)):
            click.echo(f"提示：{note}", err=True)


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="端口。")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址。默认只有本机可访问；其他地址（如 0.0.0.0）须使用启动时显示的令牌。")
@click.option("--open", "open_browser", is_flag=True, help="启动后在浏览器中打开本页。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=2, show_default=True,
              help="同时检查或生成的工作簿数。")
@click.option("--debug", is_flag=True, help="显示服务器日志和内部错误的调用栈。")
@_guard
def serve(port, host, open_browser, jobs, debug):
    """在本机启动网页：上传工作簿、查看问题所在单元格、生成并下载报告。"""
    from reportgen.web.server import serve as run_server

    run_server(host, port, open_browser, jobs, debug, echo=click.echo, after=gc.collect)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text",
              show_default=True)
def rules(fmt):
    """列出全部校验规则（编码、级别、说明）。"""
    from reportgen.validate.report import rules_markdown, rules_table

    click.echo(rules_markdown() if fmt == "markdown" else rules_table(), nl=fmt != "markdown")


if __name__ == "__main__":  # pragma: no cover
    main()
