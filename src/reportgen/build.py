"""The pipeline: read → evaluate → validate → compute → render, each a function.

The workbook is read once and its self-evaluation made once (``check``);
both go down to validation, ``compute`` (the typed report), the document
context and the renderers.  The CLI is a thin layer over ``check()`` and
``build()``; tests call them directly.  Memory policy (the garbage
collector) is the CLI's, not the pipeline's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Mapping, Optional, Sequence

from reportgen.core import catalogue as cat
from reportgen.compute.tables import Catalogues, Report, RowChoice, compute
from reportgen.core.errors import UnusableInput
from reportgen.core.lastyear import LastYear
from reportgen.core.model import Workbook
from reportgen.read.reader import read_workbook
from reportgen.core.safeio import safe_filename, staged  # noqa: F401 - safe_filename: public here too
from reportgen.selfeval.tables import Evaluation, evaluate
from reportgen.validate import ValidationResult, validate

DEFAULT_TOLERANCE = Decimal("0.01")


@dataclass
class Options:
    """How to build: the template ``profile`` (name or folder), ``strict``
    (warnings refuse the build too), the ``tolerance`` of sums (万元), extra
    ``catalogue_files`` (TSV), charts drawn in the background, and the
    batch's ``claims`` folder."""

    profile: str = "default"
    strict: bool = False
    tolerance: Decimal = DEFAULT_TOLERANCE
    catalogue_files: Sequence[Path] = ()
    # draw the charts in a second process meanwhile: for a build that runs
    # alone (in a batch the other cores are busy with other workbooks)
    background_charts: bool = False
    # in a batch: the folder where each build claims its output names, so
    # that two workbooks of the same unit and year cannot overwrite each other
    claims: Optional[str] = None
    # the workbook's place in the batch: with claims, two workbooks of one
    # unit are settled by this order, not by which finishes first
    claim_index: Optional[int] = None
    # also a PDF of each output (LibreOffice, render/pdf.py), made in the
    # staging folder with the rest: the set is complete or absent
    pdf: bool = False
    pdf_a: bool = False      # PDF/A-2b for archiving (with pdf)
    # last year's figures (--last; reportgen.carry.last_year) checked by the L9xx rules
    last: Optional[LastYear] = None


@dataclass
class Checked:
    """A workbook read and validated: the model, the catalogues, its
    self-evaluation (made once here) and the findings."""

    workbook: Workbook
    catalogues: Catalogues
    evaluation: Evaluation
    result: ValidationResult


@dataclass
class Built:
    """The outcome of ``build``: ``report`` None means refused (errors, or
    warnings with ``strict``), nothing written; else the files written and
    the renderers' notes for the clerk."""

    checked: Checked
    report: Optional[Report] = None
    outputs: list[Path] = field(default_factory=list)
    # notes for the clerk from rendering (e.g. no Chinese font for the charts)
    messages: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        """Nothing was written: errors, or warnings with ``strict``."""
        return self.report is None


def prewarm() -> None:
    """Start, now, what a single build with ``background_charts`` will use
    (the chart process, render.charts), so that its start-up overlaps the
    reading and checking.  For the CLI, before ``build``; harmless if no
    build follows (the process ends with the program, or with its parent)."""
    from reportgen.render import charts
    charts.prewarm()


# a clerk's catalogue file is a few hundred lines of TSV
MAX_CATALOGUE_BYTES = 10 * 1024 * 1024


def load_catalogues(wb: Workbook, files: Sequence[Path]) -> Catalogues:
    """The bundled catalogues plus the workbook's 科目 sheet and the clerk's
    ``--catalogue`` files (TSV) over them; each file is checked (a regular
    file of at most MAX_CATALOGUE_BYTES) before it is read.  Raises
    UnusableInput for a file that cannot be used."""
    from reportgen.core.safeio import check_input_file

    extra: list[cat.Entry] = []
    for f in files:
        check_input_file(Path(f), MAX_CATALOGUE_BYTES, "科目目录文件")
        try:
            extra += cat.read_file(Path(f))
        except (OSError, ValueError, KeyError) as exc:
            raise UnusableInput("bad_catalogue", f"科目目录文件 {f} 无法读取：{exc}") from exc
    return Catalogues.load(wb, extra)


def check(path: Path, options: Options = Options()) -> Checked:
    """Read, evaluate and validate; raises UnusableInput for a file that
    cannot be read, or that is the very file given as last year's (--last)."""
    if options.last is not None and _same_file(path, options.last.path):
        raise UnusableInput(
            "same_as_last",
            f"{Path(path).name} 与上年工作簿 {options.last.path} 是同一个文件。"
            "--last 须指定上一年度的工作簿，请另选文件。")
    wb = read_workbook(path)
    cats = load_catalogues(wb, options.catalogue_files)
    ev = evaluate(wb)
    return Checked(wb, cats, ev, validate(wb, cats, ev, tolerance=options.tolerance,
                                          last=options.last))


def _same_file(a, b) -> bool:
    """Whether paths ``a`` and ``b`` name one file (links and spellings alike)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def output_paths(report: Report, out_dir: Path,
                 names: Optional[Mapping[str, str]] = None) -> dict[str, Path]:
    """Where the outputs of ``report`` go: ``out_dir/<report folder>/<file>``
    with the keys ``tables``, ``document`` and ``performance``, the report's
    own folder and each file named by the profile's ``[names]`` patterns
    (``names``: ``folder`` and the files'; None: the default profile's) with
    {unit} (made safe by core.safeio.safe_filename) and {year}.  The
    folder's files are replaced as one set (core.safeio.publish)."""
    if names is None:
        from reportgen.core.profile import load_profile
        names = load_profile("default").names or {}
    unit = safe_filename(report.unit)

    def named(pattern: str) -> str:
        # the patterns hold no character a file name cannot (core.profile checks
        # them); the unit's part is made safe and short by safe_filename
        return pattern.replace("{unit}", unit).replace("{year}", str(report.year))

    folder = Path(out_dir) / named(names["folder"])
    return {key: folder / named(pattern) for key, pattern in names.items() if key != "folder"}


class SameOutputs(UnusableInput):
    """Another workbook of this batch, before this one, has the same output
    names; ``checked`` is this workbook as read and validated (for its unit
    and counts in the batch's summary)."""

    def __init__(self, message: str, checked: Optional["Checked"] = None):
        super().__init__("same_outputs", message)
        self.checked = checked


# how long a workbook waits for the earlier ones of its batch to know their
# output names (the claim comes after reading and validating, before rendering)
CLAIM_WAIT_S = 1800.0


def claim_outputs(claims: Path, name: str, source: Path, unit: str = "",
                  index: Optional[int] = None) -> None:
    """Claim the output names (``name``: the report folder's) of ``source``
    for this batch, instead of silently overwriting another workbook's files.

    With ``index`` (the workbook's place in the batch, command line or
    folder order): the claim is written as ``〈index〉.claim``; then, for
    each earlier workbook, this one waits until it has claimed or is
    settled (``〈j〉.done``, written by the batch when it ends), and is
    refused when an earlier one claimed the same name — the order decides,
    whatever ``-j`` and timing.  Without ``index`` (the web page): the
    first to arrive keeps the names.  Raises SameOutputs naming the other
    workbook; when the two units' names differ (only in characters a file
    name cannot hold), the message says so."""
    import hashlib
    import os
    import time

    key = hashlib.sha256(name.encode("utf-8")).hexdigest()
    text = f"{key}\n{unit}\n{source}"
    other: Optional[list[str]] = None
    if index is None:
        mark = claims / key
        try:
            fd = os.open(mark, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            other = []
            for _ in range(50):   # the first may not have written its name yet
                other = mark.read_text(encoding="utf-8").split("\n")
                if len(other) == 3:
                    break
                time.sleep(0.01)
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
    else:
        tmp = claims / f".{index}.claim.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, claims / f"{index}.claim")
        end = time.monotonic() + CLAIM_WAIT_S
        for j in range(index):
            claim, done = claims / f"{j}.claim", claims / f"{j}.done"
            while not claim.exists() and not done.exists() and time.monotonic() < end:
                time.sleep(0.05)
            if claim.exists():
                theirs = claim.read_text(encoding="utf-8").split("\n")
                if theirs[0] == key:
                    other = theirs
                    break
    if other is None:
        return
    if len(other) == 3 and other[1] != unit:
        raise SameOutputs(
            f"单位名称“{unit}”与 {other[2]} 的“{other[1]}”不同，但用作文件名时相同"
            "（多余的空格、不能用于文件名的字符会被去掉或替换），为免覆盖，本工作簿未生成文件。"
            "请修改“单位信息”表中的单位名称。")
    raise SameOutputs(
        f"与 {other[2] if len(other) == 3 else '本批另一个工作簿'} 的输出文件同名（同一单位、同一年度），"
        "为免覆盖，本工作簿未生成文件。请检查是否重复放入了同一单位的工作簿，"
        "或核对“单位信息”表中的单位名称和年度。")


def check_profile(name_or_path: str):
    """Load the profile and check all of it — tables, [names], [charts],
    [format], [document] (parts and sections), [fonts], [word_tables] —
    before any workbook is read, so a mistake stops the run at once.
    Returns the ``Profile``; raises TemplateError, each problem naming the
    file, the line and the allowed values."""
    from reportgen.compose.narrative import layout
    from reportgen.core.errors import TemplateError
    from reportgen.core.profile import load_profile, with_lines
    from reportgen.render.docx import read_fonts
    from reportgen.render.docx_tables import TableLook

    profile = load_profile(name_or_path)
    where = f"模板配置 {profile.toml_path}"
    problems = []
    for check in (lambda: layout(profile.document, "单位", 2000, where),
                  lambda: read_fonts(profile.fonts, where),
                  lambda: TableLook.from_profile(profile.word_tables, where)):
        try:
            check()
        except TemplateError as exc:
            problems.append(str(exc))
    if problems:
        raise TemplateError(with_lines("\n".join(problems), profile.toml_path))
    return profile


def row_choice(profile):
    """The rows ``profile`` asks 表1/表4 (class_rows) and 表6 (always) to print."""
    sets = cat.class_row_sets()
    classes = tuple((t.id, sets[t.class_rows]) for t in profile.tables if t.class_rows)
    t6 = next((t for t in profile.tables if t.id == "t6" and t.always is not None), None)
    return RowChoice(classes, t6.always if t6 is not None else None)


def build(path: Path, out_dir: Path, options: Options = Options()) -> Built:
    """Check, and when no error (no warning with ``strict``) remains, render.

    Raises UnusableInput (file cannot be used, output would overwrite the
    input, same outputs claimed in a batch) and TemplateError (profile)."""
    path, out_dir = Path(path), Path(out_dir)
    checked = check(path, options)
    res = checked.result
    if res.errors or (options.strict and res.warnings):
        return Built(checked)
    profile = check_profile(options.profile)
    # the charts need a CJK font: without one, stop before writing anything
    from reportgen.render.fonts import require_chart_font
    require_chart_font()
    ev = checked.evaluation
    report = compute(checked.workbook, checked.catalogues, ev, row_choice(profile))
    paths = output_paths(report, out_dir, profile.names)
    folder = paths["tables"].parent
    if path.resolve().is_relative_to(folder.resolve()):
        # the folder is replaced whole: the input would go with it
        raise UnusableInput("output_is_input",
                            f"输入文件 {path} 位于本报告的输出文件夹 {folder} 中，生成时该文件夹会被整体替换，"
                            "已拒绝覆盖输入。请把输入工作簿移到别处，或用 -o 指定其他输出文件夹。")
    if options.claims:
        try:
            claim_outputs(Path(options.claims), folder.name, path, report.unit,
                          options.claim_index)
        except SameOutputs as exc:
            exc.checked = checked
            raise
    from reportgen.render.selfcheck import SelfCheckFailed
    try:
        return _render(checked, report, profile, ev, paths, out_dir, options)
    except SelfCheckFailed as exc:
        # nothing was published (the staging folder is gone): the clerk gets
        # the self-check's findings with the workbook's
        return Built(Checked(checked.workbook, checked.catalogues, ev,
                             ValidationResult(res.findings + exc.findings)))
    except Exception as exc:
        from reportgen.core.safeio import write_error
        err = write_error(exc)
        if err is None:
            raise
        raise output_fault(err, out_dir) from exc


def output_fault(exc: OSError, out_dir: Path) -> UnusableInput:
    """An OSError met while writing the outputs, as a message for the clerk
    naming the path and the cause (read-only folder, disk full, a file where
    a folder should be, a file-size limit …): the environment's fault, not
    an internal error.  The one message of every command that writes
    (core.safeio.unwritable)."""
    from reportgen.core.safeio import unwritable

    return unwritable(exc, out_dir)


def _render(checked: Checked, report: Report, profile, ev: Evaluation, paths: dict[str, Path],
            out_dir: Path, options: Options) -> Built:
    """The outputs, rendered into a staging folder and moved into place only
    when all are complete."""
    from reportgen.render.docx import DocumentJob
    from reportgen.render.performance_xlsx import render_performance
    from reportgen.render.xlsx import render_tables

    kept: list = []   # the clerk's own files in the previous folder, carried over (safeio.Kept)
    # every name an output of this report may have (its PDFs too, with or
    # without --pdf): a clerk's file of such a name is kept renamed
    reserved = {p.name for p in paths.values()} | {p.stem + ".pdf" for p in paths.values()}
    with staged(out_dir, paths["tables"].parent.name, kept, reserved) as stage, \
            DocumentJob(report, ev, profile, options.background_charts) as doc:
        tmp = {k: stage / p.name for k, p in paths.items()}
        # the Word tables laid out from each workbook's grids as soon as it is filled
        doc.lay_out(tables=render_tables(report, profile, tmp["tables"]))
        # the 绩效自评表 only when the workbook holds a self-evaluation
        if not ev.empty:
            doc.lay_out(performance=render_performance(ev, report.unit, report.year,
                                                       tmp["performance"], profile))
        messages = doc.finish(tmp["document"])
        # the outputs read back before anything moves into place
        from reportgen.render.selfcheck import SelfCheckFailed, check_outputs
        hits = check_outputs(tmp["document"], [tmp["tables"]] + ([] if ev.empty else
                                                                 [tmp["performance"]]),
                             figures=doc.figures, texts=doc.texts, style=profile.format)
        if hits:
            raise SelfCheckFailed(hits)
        outputs = [paths["tables"], paths["document"]] + ([] if ev.empty else [paths["performance"]])
        if options.pdf:
            # in the staging folder too: the PDFs are part of the one set
            outputs += _pdfs(report, [tmp[k] for k in paths if tmp[k].exists()],
                             paths["tables"].parent, options)
    if kept:
        messages = list(messages) + kept_notes(kept, paths["tables"].parent,
                                               {p.name for p in outputs})
    return Built(checked, report, outputs, messages)


def kept_notes(kept: list, folder: Path, made: "set[str] | frozenset[str]" = frozenset()) -> list[str]:
    """The clerk's notes on the files of the previous report ``folder``
    carried into the new one (``core.safeio.Kept``): one naming those kept
    as they were, one for each renamed “（上次保留）” — a generated file the
    clerk changed since, or a file with the name of an output (its content
    not updated by this build); ``made``: the names of this build's files."""
    notes = []
    plain = [k.name for k in kept if not k.renamed]
    if plain:
        notes.append(f"报告文件夹 {folder} 中原有不是本工具生成的文件："
                     f"{'、'.join(plain[:5])}{f' 等 {len(plain)} 项' if len(plain) > 5 else ''}，"
                     "已原样保留在重新生成的报告文件夹中。")
    for k in kept:
        if not k.renamed:
            continue
        if k.edited:
            if k.was in made:
                notes.append(f"报告文件夹 {folder} 中上次生成的“{k.was}”在生成后被修改过，"
                             f"已原样保留并改名为“{k.name}”；“{k.was}”现为本次新生成的文件，"
                             "手工修改的内容请对照保留的文件补到新文件中。")
            else:
                notes.append(f"报告文件夹 {folder} 中上次生成的“{k.was}”在生成后被修改过，"
                             f"已原样保留并改名为“{k.name}”；本次未生成“{k.was}”。")
        else:
            notes.append(f"报告文件夹 {folder} 中原有的“{k.was}”与本工具的输出文件同名"
                         "（可能是按上次生成的文件另存或导出的，内容未随本次更新），"
                         f"已原样保留并改名为“{k.name}”，以免与本次生成的文件混淆。")
    return notes


def _pdfs(report: Report, staged_files: list[Path], folder: Path, options: Options) -> list[Path]:
    """A PDF beside each staged output, through this process's LibreOffice;
    their final paths in the report's ``folder``.  A failed conversion fails the build
    (UnusableInput ``pdf_failed``), so nothing of it is published."""
    from reportgen.render.pdf import PdfError, to_pdf

    made = []
    for f in staged_files:
        try:
            pdf = to_pdf(f, title=f.stem.replace("_", ""), author=report.unit, pdf_a=options.pdf_a)
        except PdfError as exc:
            raise UnusableInput("pdf_failed", str(exc)) from None
        made.append(folder / pdf.name)
    return made
