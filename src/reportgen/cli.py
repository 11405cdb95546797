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
        """Print the Chinese message on stderr (``file`` is ignored: click
        passes its own)."""
        name = self.param.opts[0] if self.param is not None and self.param.opts else "选项"
        click.echo(f"选项 {name} 的值有误：{self.message}", err=True)


# a tolerance is a rounding allowance in 万元: more than this switches the
# balance checks off in effect
MAX_TOLERANCE = Decimal("100")


# ---------------------------------------------------------------- Chinese help and usage errors
_SECTIONS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}


class _Formatter(click.HelpFormatter):
    """click's help layout with Chinese headings."""

    def write_usage(self, prog: str, args: str = "", prefix=None) -> None:
        super().write_usage(prog, args.replace("[OPTIONS]", "[选项]").replace("COMMAND", "命令")
                            .replace("[ARGS]", "[参数]"), prefix="用法：")

    def section(self, name: str):
        return super().section(_SECTIONS.get(name, name))


class _Context(click.Context):
    formatter_class = _Formatter


def _hint(exc: click.UsageError) -> str:
    param = getattr(exc, "param", None)
    if param is not None:
        if isinstance(param, click.Option):
            return "/".join(param.opts)
        return param.human_readable_name
    return getattr(exc, "param_hint", None) or ""


def _has_cjk(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in text)


def _path_reason(message: str, kind: click.Path) -> str:
    """Why click refused a path, in Chinese and naming it (click quotes the
    path in its English message)."""
    import re
    m = re.search(r"['\"\u2018\u201c](.+?)['\"\u2019\u201d]", message)
    path = m.group(1) if m else ""
    if path and os.path.isfile(path) and not kind.file_okay:
        return f"“{path}”是一个文件，这里需要文件夹"
    if path and os.path.isdir(path) and not kind.dir_okay:
        return f"“{path}”是一个文件夹，这里需要文件"
    if path and not os.path.exists(path):
        return f"“{path}”不存在"
    return f"路径“{path}”不可用" if path else "路径不可用"


def usage_error_text(exc: click.UsageError) -> str:
    """click's usage error (a wrong option, a missing argument, a bad value)
    as a Chinese message: what is wrong, and how to see the help."""
    ctx = exc.ctx
    cmd = ctx.command_path if ctx is not None else "reportgen"
    param = getattr(exc, "param", None)
    if isinstance(exc, click.NoSuchOption):
        what = f"没有选项 {exc.option_name}"
        if exc.possibilities:
            what += f"（是否想用 {'、'.join(sorted(exc.possibilities))}？）"
    elif isinstance(exc, click.MissingParameter):
        what = f"缺少参数 {_hint(exc) or ''}".rstrip()
        if param is not None and param.name == "inputs":
            what = "缺少要处理的工作簿：请在命令后写上输入工作簿的路径"
        elif param is not None and param.name == "path":
            what = "缺少工作簿路径"
    elif isinstance(exc, click.BadParameter):
        if _has_cjk(exc.message):
            why = exc.message
        elif param is not None and isinstance(param.type, click.Choice):
            why = "须为 " + "、".join(map(str, param.type.choices)) + " 之一"
        elif param is not None and isinstance(param.type, click.IntRange):
            low, high = param.type.min, param.type.max
            why = (f"须为 {low}–{high} 之间的整数" if low is not None and high is not None
                   else f"须为不小于 {low} 的整数" if low is not None else "须为整数")
        elif param is not None and param.type is click.INT:
            why = "须为整数"
        elif param is not None and isinstance(param.type, click.Path):
            why = _path_reason(exc.message, param.type)
        else:
            why = "值无效"
        what = f"{_hint(exc)} 的值无效：{why}"
    elif isinstance(exc, click.BadOptionUsage):
        what = f"选项 {exc.option_name} 后面需要一个值"
    elif exc.message.startswith("No such command"):
        name = exc.message.split("'")[1] if "'" in exc.message else ""
        what = f"没有命令 {name}（可用：init、validate、build、consolidate、rules、serve）".replace("  ", " ")
    elif exc.message.startswith("Got unexpected extra argument"):
        what = "多余的参数：" + exc.message.split("(", 1)[-1].rstrip(")")
    elif _has_cjk(exc.message):
        what = exc.message
    else:
        what = "命令行用法有误"
    # a message of its own may end with its full stop already: not “。。”
    return f"错误：{what.rstrip('。')}。\n请运行“{cmd} -h”查看用法。"


def _chinese_help_option(opt):
    if opt is not None:
        opt.help = "显示本帮助并退出。"
    return opt


class _Command(click.Command):
    context_class = _Context

    def get_help_option(self, ctx):
        return _chinese_help_option(super().get_help_option(ctx))


class _Group(click.Group):
    """The command group: Chinese help headings, and click's usage errors
    printed in Chinese (exit 2) instead of its English text."""

    context_class = _Context
    command_class = _Command

    def get_help_option(self, ctx):
        return _chinese_help_option(super().get_help_option(ctx))

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            click.echo(usage_error_text(exc), err=True)
            sys.exit(EXIT_UNUSABLE)
        except click.ClickException as exc:   # e.g. a file click could not open
            click.echo(f"错误：{exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("已中断，未写出不完整的文件。", err=True)
            sys.exit(130)
        sys.exit(rv if isinstance(rv, int) else 0)


def _tolerance(ctx, param, value):
    """--tolerance: a finite, non-negative decimal of at most MAX_TOLERANCE
    万元 (NaN, inf and 1e999999999 are refused here, with a message)."""
    text = str(value).strip()
    try:
        d = Decimal(text)
    except (InvalidOperation, ValueError):
        raise OptionError(f"须为数字，如 0.01（万元）；“{text}”不是数字。") from None
    if not d.is_finite():
        raise OptionError(f"“{text}”不是有限的数；请填写如 0.01 的小数（万元）。")
    if d < 0:
        raise OptionError("不能为负数；请填写如 0.01 的小数（万元）。")
    if d > MAX_TOLERANCE:
        raise OptionError(f"{text} 过大（上限 {MAX_TOLERANCE} 万元），会使平衡校验失去作用；"
                                 "请填写如 0.01 的小数（万元）。")
    return d.quantize(Decimal("0.000001")) if d.adjusted() >= -6 else Decimal(0)


def _jobs(ctx, param, value):
    if value is not None and value < 1:
        raise click.BadParameter("须为不小于 1 的整数")
    return value


def _common(f):
    f = click.option("--debug", is_flag=True, help="出错时显示完整的 Python 调用栈（供开发人员排查）。")(f)
    f = click.option("--catalogue", "catalogues", multiple=True, type=click.Path(dir_okay=False),
                     metavar="文件", help="补充科目目录文件（TSV，可多次指定）。")(f)
    f = click.option("--tolerance", default="0.01", callback=_tolerance, metavar="万元",
                     help="尾数误差容忍度（万元，每一汇总层级），默认 0.01。")(f)
    f = click.option("--strict", is_flag=True, help="警告也视为错误。")(f)
    f = click.option("-v", "--verbose", is_flag=True,
                     help="逐条列出全部问题（默认按编码归并，每类只列前几条）。")(f)
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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar="[选项]")
@click.version_option(__version__, prog_name="reportgen", message="%(prog)s %(version)s",
                      help="显示版本号并退出。")
@click.help_option("-h", "--help", help="显示本帮助并退出。")
def main():
    """reportgen：部门决算公开报告的校验与生成。

    \b
    reportgen init 输入.xlsx        生成空白输入工作簿
    reportgen validate 输入.xlsx    校验输入工作簿
    reportgen build 输入.xlsx       生成决算公开表（及 Word 文档）
    reportgen consolidate 单位…      把各单位的工作簿合并为部门的工作簿
    reportgen rules                 列出全部校验规则
    reportgen profiles              列出随程序提供的模板方案
    reportgen serve --open          在浏览器中使用（上传、检查、生成、下载）
    """
    if threading.current_thread() is threading.main_thread():
        from reportgen.core.lifeline import quiet_dropped_stops
        signal.signal(signal.SIGTERM, _terminate)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, _interrupt)
        quiet_dropped_stops()
    # a library's warning is never shown to a clerk (the reader also silences
    # openpyxl's around its calls; code that turns a warning into a message,
    # like the chart font check, records its own category explicitly)
    if not sys.warnoptions:
        import warnings
        warnings.simplefilter("ignore")
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


@main.command(options_metavar="[选项]")
@click.argument("path", type=click.Path(dir_okay=False), metavar="工作簿路径")
@click.option("--year", type=click.IntRange(1990, 2100), metavar="年度",
              help="决算年度，如 2023（1990–2100，与校验规则 S192 相同）。")
@click.option("--unit", metavar="名称", help="单位名称。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
@click.option("--from", "last", type=click.Path(dir_okay=False), metavar="上年工作簿",
              help="从上年工作簿生成下一年度的工作簿：带入年初结转和结余、上年数和单位的固定文字。")
@click.option("--debug", is_flag=True, hidden=True)
@_guard
def init(path, year, unit, force, last, debug):
    """生成空白输入工作簿（含填表说明、下拉列表和格式）。

    加 --from 上年工作簿 时生成下一年度的工作簿，带入上年的数字和固定文字。
    """
    from reportgen.init_workbook import write_blank

    p = Path(path)
    if p.suffix.lower() != ".xlsx":
        raise click.BadParameter(f"新工作簿的文件名须以 .xlsx 结尾（如 {p.stem or p.name}.xlsx），"
                                 f"现为“{p.name}”", param_hint="工作簿路径")
    if p.exists() and not force:
        click.echo(f"{p} 已存在，未覆盖。如确需覆盖，请加 --force。", err=True)
        sys.exit(EXIT_UNUSABLE)
    try:
        if last is not None:
            _init_from(p, Path(last), year, unit)
            return
        write_blank(p, year=year, unit=unit)
    except OSError as exc:
        # read-only folder, full disk, file-size limit: the message build gives
        from reportgen.core.safeio import unwritable
        raise unwritable(exc, p.absolute().parent, p, "或换一个文件夹保存新工作簿") from exc
    click.echo(f"已生成空白输入工作簿：{p}")


def _init_from(p: Path, last: Path, year, unit) -> None:
    """init --from: next year's workbook from last year's (reportgen.carry)."""
    from reportgen.carry import note_lines, write_next

    if p.resolve() == last.resolve():
        click.echo(f"新工作簿 {p} 与上年工作簿是同一个文件，上年工作簿不会被改写。请另起文件名。", err=True)
        sys.exit(EXIT_UNUSABLE)
    if year is not None or unit is not None:
        click.echo("--from 时年度为上年年度加一、单位名称取自上年工作簿，不能同时指定 --year 或 --unit。",
                   err=True)
        sys.exit(EXIT_UNUSABLE)
    done = write_next(p, last)
    for line in note_lines(last, done):
        click.echo(line)
    click.echo(f"已生成 {done.year} 年度输入工作簿：{p}")


def _last_option(f):
    return click.option("--last", type=click.Path(dir_okay=False), metavar="上年工作簿",
                        help="同时与上年工作簿核对：年初结转和结余、上年数、单位和年度。")(f)


def _with_last(options, last):
    """``options`` with last year's figures (reportgen.carry) when --last is given."""
    if last is None:
        return options
    from reportgen.carry import last_year

    return dataclasses.replace(options, last=last_year(Path(last), options))


def _options(profile, strict, tolerance, catalogues):
    from reportgen.build import Options

    return Options(profile=profile, strict=strict, tolerance=tolerance,
                   catalogue_files=[Path(c) for c in catalogues])


@main.command(options_metavar="[选项]")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(), metavar="工作簿或文件夹...")
@click.option("--format", "fmt", type=click.Choice(["human", "json"]), default="human",
              metavar="human|json", help="输出格式：human（默认）供人阅读，json 供程序处理（列出全部问题）。")
@_last_option
@_common
@_guard
def validate(inputs, fmt, strict, tolerance, catalogues, debug, verbose, last=None):
    """校验输入工作簿，逐条指出问题所在的工作表和单元格。

    参数可以是一个或多个工作簿，也可以是文件夹（校验其中全部 .xlsx，同 build）。
    --format json：一个工作簿时输出一个 JSON 对象；几个工作簿或文件夹时输出一个
    JSON 数组，每个工作簿一个对象（没有找到工作簿时为 []）。
    """
    import json

    from reportgen.batch import unit_inputs
    from reportgen.build import check
    from reportgen.validate.report import format_human, json_doc

    worst = EXIT_OK
    options = _with_last(_options("default", strict, tolerance, catalogues), last)
    found, notes = unit_inputs(inputs)
    paths = [str(p) for p in found]
    for m in notes:
        click.echo(f"提示：{m}", err=True)
    # one workbook named: one object; several, or a folder: one array of them
    single = len(inputs) == 1 and not Path(inputs[0]).is_dir()
    docs = []
    if not paths:
        if fmt == "json":
            click.echo("[]")
        click.echo("没有找到要校验的 .xlsx 工作簿。", err=True)
        sys.exit(EXIT_UNUSABLE)
    for path in paths:
        try:
            checked = check(Path(path), options)
        except UnusableInput as exc:
            if debug:
                raise
            if fmt == "json":
                docs.append({"file": path, "ok": False, "unusable": exc.kind,
                             "message": exc.message})
            else:
                click.echo(f"{path}\n无法使用：{exc.message}", err=True)
            worst = max(worst, EXIT_UNUSABLE)
            continue
        res = checked.result
        if fmt == "json":
            docs.append(json_doc(res, path, strict))
        else:
            click.echo(format_human(res, path, verbose))
        worst = max(worst, res.exit_code(strict))
    if fmt == "json":
        click.echo(json.dumps(docs[0] if single else docs, ensure_ascii=False, indent=2))
    sys.exit(worst)


def _department_options(f):
    """build --each: the department consolidated from the units, then each unit."""
    f = click.option("--internal", type=click.Path(dir_okay=False), metavar="内部往来.xlsx",
                     help="与 --each 一起：含“内部往来”工作表的工作簿（见 consolidate）。")(f)
    f = click.option("--main", "main_unit", type=click.Path(dir_okay=False), metavar="本级.xlsx",
                     help="与 --each 一起：本级单位的工作簿（见 consolidate）。")(f)
    f = click.option("--unit", "department", metavar="部门名称",
                     help="与 --each 一起：部门名称。")(f)
    f = click.option("--each", is_flag=True,
                     help="把给出的各单位工作簿先合并为部门工作簿（同 consolidate，写在输出文件夹的"
                          "“部门名称_合并”文件夹中），再用同一模板方案生成部门和每个单位各自的公开文件。")(f)
    return f


@main.command(options_metavar="[选项]")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(), metavar="工作簿或文件夹...")
@click.option("-o", "--output-dir", default="outputs", metavar="文件夹",
              type=click.Path(file_okay=False), help="输出文件夹，默认 outputs。")
@click.option("--profile", default="default", metavar="方案",
              help="模板方案：templates/ 下的文件夹名，或一个文件夹路径，默认 default。")
@click.option("-j", "--jobs", type=int, default=None, callback=_jobs, metavar="N",
              help="并行进程数（默认等于 CPU 核数）。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF（带书签）。")
@click.option("--pdf-a", "pdf_a", is_flag=True, help="PDF 采用 PDF/A-2b 归档格式（含 --pdf）。")
@_last_option
@_department_options
@_common
@_guard
def build(inputs, output_dir, profile, jobs, pdf, pdf_a, strict, tolerance, catalogues, debug,
          verbose, last=None, each=False, department=None, main_unit=None, internal=None):
    """校验输入工作簿，无错误时生成决算公开文件。

    \b
    每个工作簿在输出文件夹下它自己的“单位_年度年度”文件夹中生成：
      单位_年度部门决算公开表.xlsx   九张决算公开表（收支总表至“三公”经费表）
      单位_年度部门决算.docx         部门决算 Word 文档（部门概况、情况说明、
                                    名词解释、决算公开表、绩效自评等）
      单位_年度绩效自评表.xlsx       绩效自评表（仅当工作簿填了绩效自评）
      以及加 --pdf 时上述文件的 PDF（需要 LibreOffice）

    \b
    存在错误时不写出该单位的任何文件；生成后、输出前还检查文档本身
    （模板残留、占位文字、重复的引导语、空标题、与表格不符的数字），
    有问题同样不输出。参数可以是一个或多个工作簿，也可以是文件夹
    （处理其中全部 .xlsx）。
    """
    from reportgen.batch import expand_inputs, run_batch, summary_table, unit_inputs
    from reportgen.build import build as run_build
    from reportgen.validate.report import format_human

    options = _with_last(_options(profile, strict, tolerance, catalogues), last)
    # the profile whole, before any workbook: a mistake in it stops the run (exit 2)
    from reportgen.build import check_profile
    check_profile(options.profile)
    if each:   # consolidate recognises and notes its own outputs
        paths = expand_inputs(inputs)
    else:
        paths, notes = unit_inputs(inputs)
        for m in notes:
            click.echo(f"提示：{m}", err=True)
    if not paths:
        click.echo("没有找到要处理的 .xlsx 工作簿。", err=True)
        sys.exit(EXIT_UNUSABLE)
    if not each and (department or main_unit or internal):
        raise click.UsageError("--unit、--main、--internal 只与 --each 一起使用（合并部门时）")
    if each and last:
        # last year's workbook is one unit's: it cannot stand for the department and each unit
        raise click.UsageError("--last 不能与 --each 一起使用：请对部门和各单位分别用 --last 校验")
    if each:
        # the department first, consolidated from the units; then every unit
        dept, paths = _consolidate_for_build(paths, Path(output_dir), department, main_unit,
                                             internal, options, verbose)
        paths = [dept] + paths
    pdf = pdf or pdf_a
    if pdf:
        _prepare_pdf(options)
        options = dataclasses.replace(options, pdf=True, pdf_a=pdf_a)
    single = len(paths) == 1 and not any(Path(i).is_dir() for i in inputs) and not each
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
            click.echo(format_human(res, str(paths[0]), verbose))
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
        if single:
            # one workbook (with --pdf, through the batch): a single build's words
            if stop.finished:
                click.echo(summary_table(stop.finished))
            click.echo("已中断，已生成的文件已保留。" if stop.finished and stop.finished[0].outputs
                       else "已中断，未写出不完整的文件。", err=True)
            sys.exit(stop.exit_code)
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
    for o in outcomes:   # as a single build says them: kept files, no chart font …
        for m in o.messages:
            click.echo(f"提示：{m}", err=True)
    click.echo(summary_table(outcomes))
    sys.exit(max(o.status for o in outcomes))


@main.command(options_metavar="[选项]")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(), metavar="单位工作簿或文件夹...")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              metavar="部门.xlsx", help="合并后的部门输入工作簿；旁边另写“部门_合并过程.xlsx”。")
@click.option("--unit", "department", required=True, metavar="部门名称", help="部门名称（写入单位信息）。")
@click.option("--main", "main_unit", type=click.Path(dir_okay=False), metavar="本级.xlsx",
              help="本级单位的工作簿（文字说明、重点工作等取自本级）；不指定时取单位名称为"
                   "部门名称或“部门名称本级”的单位。")
@click.option("--internal", type=click.Path(dir_okay=False), metavar="内部往来.xlsx",
              help="含“内部往来”工作表的工作簿（可以就是本级的工作簿），列出单位之间要抵消的补助和上缴。")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件。")
@_common
@_guard
def consolidate(inputs, output, department, main_unit, internal, force, strict, tolerance, catalogues,
                debug, verbose):
    """把各单位的输入工作簿合并为部门的输入工作簿（按科目、资金性质和栏目相加，抵消内部往来）。

    \b
    每个单位的工作簿须先各自通过校验；年度、科目目录年版须相同。
    合并后的部门工作簿同样经过校验，通过后与合并过程工作簿一起写出
    （两个文件都写出或都不写出）；输入文件不会被修改。
    """
    from reportgen.batch import expand_inputs
    from reportgen.consolidate import consolidate as run, process_path

    out = Path(output)
    if not force:
        for p in (out, process_path(out)):
            if p.exists():
                click.echo(f"{p} 已存在，未覆盖。如确需覆盖，请加 --force。", err=True)
                sys.exit(EXIT_UNUSABLE)
    # each argument expanded on its own: a workbook given twice is reported, not merged
    # once; an earlier run's outputs and an output onto an input: see consolidate()
    paths = [p for item in inputs for p in expand_inputs([item])]
    if not paths:
        click.echo(f"没有找到要合并的 .xlsx 工作簿（{'、'.join(inputs)}）。", err=True)
        sys.exit(EXIT_UNUSABLE)
    from reportgen.consolidate import other_spreadsheets
    for item in inputs:
        if Path(item).is_dir():
            for f in other_spreadsheets(Path(item)):
                click.echo(f"提示：{f} 不是 .xlsx 工作簿，未纳入合并。如它是单位的工作簿，请在 Excel 中另存为 .xlsx 后重新合并。",
                           err=True)

    def progress(i, n, path):
        click.echo(f"[{i}/{n}] 校验 {path}", err=True)

    done = run(paths, out, department, Path(main_unit) if main_unit else None,
               Path(internal) if internal else None,
               _options("default", strict, tolerance, catalogues), progress)
    if _told_consolidation(done, out, verbose):
        click.echo("未写出任何文件。", err=True)
        sys.exit(EXIT_ERRORS)
    for p in done.outputs:
        click.echo(f"已生成：{p}")


def _consolidate_for_build(paths, out_dir: Path, department, main_unit, internal, options,
                           verbose) -> tuple[Path, list[Path]]:
    """build --each: consolidate ``paths`` into ``out_dir/部门_合并/部门.xlsx``
    (replacing an earlier one — unless the clerk changed it since the last
    --each wrote it, its SHA-256 kept beside it as ``.部门.xlsx.sha256``:
    then nothing is done, exit 2, for the clerk's edits the consolidation's
    notes ask for are never overwritten); returns it and the units to build (``paths``
    without reportgen's consolidation outputs and 内部往来 lists, see
    consolidate.kind_of_file); exits 1 with the findings when refused."""
    from reportgen.consolidate import EACH_SUFFIX
    from reportgen.consolidate import consolidate as run
    from reportgen.core.safeio import safe_filename

    if not department:
        raise click.UsageError("--each 需要用 --unit 给出部门名称")
    name = safe_filename(department)
    target = out_dir / f"{name}{EACH_SUFFIX}" / f"{name}.xlsx"
    from reportgen.consolidate import kind_of_file

    # neither an earlier run's department (here or from consolidate), its 合并过程
    # workbook nor a 内部往来 list is a unit to build
    given = [p for p in paths if not Path(os.path.abspath(p)).is_relative_to(os.path.abspath(target.parent))]
    from reportgen.core.safeio import file_hash
    record = target.parent / f".{target.name}.sha256"   # the department workbook as last written
    try:
        edited = target.is_file() and record.read_text(encoding="ascii").strip() != file_hash(target)
    except (OSError, UnicodeDecodeError):
        edited = False   # not written by --each (or by an earlier version): cannot tell
    if edited:
        click.echo(f"部门工作簿 {target} 在上次 build --each 写出后被修改过；--each 每次都重新合并，"
                   "会覆盖这些修改，因此已停止，未合并，未生成任何文件。请二选一：用修改后的部门工作簿"
                   f"直接生成（reportgen build \"{target}\"，各单位另行 build），或把它移走、"
                   "改名后重新 build --each。", err=True)
        sys.exit(EXIT_UNUSABLE)
    done = run(given, target, department, Path(main_unit) if main_unit else None,
               Path(internal) if internal else None, options,
               lambda i, n, p: click.echo(f"[{i}/{n}] 合并前校验 {p}", err=True))
    if _told_consolidation(done, target, verbose):
        click.echo("未合并，未生成任何文件。", err=True)
        sys.exit(EXIT_ERRORS)
    click.echo(f"已合并：{target}（合并过程见 {done.outputs[1].name}）", err=True)
    try:
        record.write_text(file_hash(target) + "\n", encoding="ascii")
    except OSError:
        pass   # only the guard of the next run: it then overwrites as before
    if done.notes:
        click.echo(f"提示：build --each 每次都重新合并并写出部门工作簿 {target}。按上述提示修改它之后，"
                   f"请用 reportgen build \"{target}\" 生成部门的文件；修改过的部门工作簿不会被"
                   "再次的 build --each 覆盖（会停止并提示）。", err=True)
    skipped = {os.path.abspath(p) for p in done.skipped}
    return target, [p for p in given if kind_of_file(p) == "unit" and os.path.abspath(p) not in skipped]


def _told_consolidation(done, target: Path, verbose: bool) -> bool:
    """Show a consolidation's findings, problems and notes; True when refused."""
    from reportgen.validate.report import format_human

    for path, result in done.unit_results:
        click.echo(format_human(result, str(path), verbose))
    if done.dept_result is not None and done.refused:
        click.echo(format_human(done.dept_result, f"{target}（合并结果）", verbose))
    if done.internal_result is not None:
        click.echo(format_human(done.internal_result[1], f"{done.internal_result[0]}（内部往来）", verbose))
    for m in done.problems:
        click.echo(f"错误：{m}", err=True)
    for m in done.notes:
        click.echo(f"提示：{m}", err=True)
    return done.refused


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
@click.option("--profile", default="default", show_default=True, metavar="方案",
              help="页面上默认选中的模板方案（见 reportgen profiles），或一个方案文件夹的路径。")
@click.option("--debug", is_flag=True, help="显示服务器日志和内部错误的调用栈。")
@_guard
def serve(port, host, open_browser, jobs, profile, debug):
    """在本机启动网页：上传工作簿、查看问题所在单元格、生成并下载报告。"""
    from reportgen.web.server import serve as run_server

    run_server(host, port, open_browser, jobs, debug, echo=click.echo, after=gc.collect,
               profile=profile)


@main.command()
def profiles():
    """列出随程序提供的模板方案（名称和说明），供 build --profile 选用。"""
    from reportgen.core.profile import bundled_profiles

    found = bundled_profiles()
    if not found:
        click.echo("没有找到随程序提供的模板方案（templates/ 文件夹）。", err=True)
        sys.exit(EXIT_UNUSABLE)
    width = max(len(n) for n, _ in found)
    for name, description in found:
        click.echo(f"{name:<{width}}  {description}")
    click.echo("\n使用：reportgen build 输入.xlsx --profile 名称；自建方案：复制 templates/default"
               " 文件夹并修改其中的 profile.toml，见 README“模板方案”。")


@main.command(options_metavar="[选项]")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text",
              metavar="text|markdown", help="输出格式：text（默认）或 markdown（生成 docs/rules.md）。")
def rules(fmt):
    """列出全部校验规则（编码、级别、说明）。"""
    from reportgen.validate.report import rules_markdown, rules_table

    click.echo(rules_markdown() if fmt == "markdown" else rules_table(), nl=fmt != "markdown")


if __name__ == "__main__":  # pragma: no cover
    main()
