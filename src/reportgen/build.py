"""The pipeline: read → validate → compute → render, each a function.

The CLI is a thin layer over ``check()`` and ``build()``; tests call them
directly.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Optional, Sequence

from reportgen.core import catalogue as cat
from reportgen.compute.tables import Catalogues, Report, compute
from reportgen.core.errors import UnusableInput
from reportgen.core.model import Workbook
from reportgen.read.reader import read_workbook
from reportgen.core.safeio import staged
from reportgen.validate import ValidationResult, validate

DEFAULT_TOLERANCE = Decimal("0.01")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass
class Options:
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


@dataclass
class Checked:
    workbook: Workbook
    catalogues: Catalogues
    result: ValidationResult


@dataclass
class Built:
    checked: Checked
    report: Optional[Report] = None
    outputs: list[Path] = field(default_factory=list)
    # notes for the clerk from rendering (e.g. no Chinese font for the charts)
    messages: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.report is None


def load_catalogues(wb: Workbook, files: Sequence[Path]) -> Catalogues:
    extra: list[cat.Entry] = []
    for f in files:
        try:
            extra += cat.read_file(Path(f))
        except (OSError, ValueError, KeyError) as exc:
            raise UnusableInput("bad_catalogue", f"科目目录文件 {f} 无法读取：{exc}") from exc
    return Catalogues.load(wb, extra)


def check(path: Path, options: Options = Options()) -> Checked:
    """Read and validate; raises UnusableInput for a file that cannot be read."""
    wb = read_workbook(path)
    cats = load_catalogues(wb, options.catalogue_files)
    return Checked(wb, cats, validate(wb, cats, tolerance=options.tolerance))


def safe_filename(text: str) -> str:
    return _UNSAFE.sub("_", text).strip(" .") or "未命名单位"


def output_paths(report: Report, out_dir: Path) -> dict[str, Path]:
    stem = f"{safe_filename(report.unit)}_{report.year}年度"
    return {
        "tables": out_dir / f"{stem}部门决算公开表.xlsx",
        "document": out_dir / f"{stem}部门决算.docx",
        "performance": out_dir / f"{stem}绩效自评表.xlsx",
    }


def claim_outputs(claims: Path, name: str, source: Path) -> None:
    """Claim the output names of ``source`` for this batch; the first
    workbook to reach them keeps them, a later one for the same unit and
    year is refused (UnusableInput) naming the first, instead of silently
    overwriting its files."""
    import hashlib
    import os
    import time

    mark = claims / hashlib.sha256(name.encode("utf-8")).hexdigest()
    try:
        fd = os.open(mark, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        other = ""
        for _ in range(50):   # the first may not have written its name yet
            other = mark.read_text(encoding="utf-8")
            if other:
                break
            time.sleep(0.01)
        raise UnusableInput(
            "same_outputs",
            f"与 {other or '本批另一个工作簿'} 的输出文件同名（同一单位、同一年度），"
            "为免覆盖，本工作簿未生成文件。请检查是否重复放入了同一单位的工作簿，"
            "或核对“单位信息”表中的单位名称和年度。") from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(str(source))


def build(path: Path, out_dir: Path, options: Options = Options()) -> Built:
    """Check, and when no error (no warning with ``strict``) remains, render."""
    from reportgen.selfeval.tables import evaluate
    from reportgen.core.profile import load_profile

    path, out_dir = Path(path), Path(out_dir)
    checked = check(path, options)
    res = checked.result
    if res.errors or (options.strict and res.warnings):
        return Built(checked)
    profile = load_profile(options.profile)
    report = compute(checked.workbook, checked.catalogues)
    paths = output_paths(report, out_dir)
    for p in paths.values():
        if p.resolve() == path.resolve():
            raise UnusableInput("output_is_input", f"输出文件 {p} 与输入文件相同，已拒绝覆盖输入。")
    if options.claims:
        claim_outputs(Path(options.claims), paths["document"].name, path)
    ev = evaluate(checked.workbook)
    # what exists now (the input's model, modules) lives to the end: frozen,
    # the cyclic collector passes over it while rendering
    gc.freeze()
    from reportgen.render.selfcheck import SelfCheckFailed
    try:
        return _render(checked, report, profile, ev, paths, out_dir, options)
    except SelfCheckFailed as exc:
        # nothing was published (the staging folder is gone): the clerk gets
        # the self-check's findings with the workbook's
        return Built(Checked(checked.workbook, checked.catalogues,
                             ValidationResult(res.findings + exc.findings)))
    finally:
        gc.unfreeze()


def _render(checked: Checked, report: Report, profile, ev, paths: dict[str, Path],
            out_dir: Path, options: Options) -> Built:
    """The outputs, rendered into a staging folder and moved into place only
    when all are complete."""
    from reportgen.render.docx import DocumentJob
    from reportgen.render.performance_xlsx import render_performance
    from reportgen.render.xlsx import render_tables

    with staged(out_dir) as stage, DocumentJob(report, checked.workbook, checked.catalogues,
                                               profile, options.background_charts, ev) as doc:
        tmp = {k: stage / p.name for k, p in paths.items()}
        render_tables(report, profile, tmp["tables"])
        # the 绩效自评表 only when the workbook holds a self-evaluation
        if not ev.empty:
            render_performance(ev, report.unit, report.year, tmp["performance"])
        # the workbooks just saved are cyclic garbage (sheets and workbook
        # point at each other): freed now, not kept through the document
        gc.collect()
        messages = doc.finish(tmp["document"], tables_xlsx=tmp["tables"],
                              performance_xlsx=None if ev.empty else tmp["performance"])
        # the outputs read back before anything moves into place
        from reportgen.render.selfcheck import SelfCheckFailed, check_outputs
        hits = check_outputs(tmp["document"], [tmp["tables"]] + ([] if ev.empty else
                                                                 [tmp["performance"]]))
        if hits:
            raise SelfCheckFailed(hits)
    outputs = [paths["tables"], paths["document"]] + ([] if ev.empty else [paths["performance"]])
    return Built(checked, report, outputs, messages)
