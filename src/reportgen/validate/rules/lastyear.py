"""L9xx: this year's workbook against last year's (``--last LAST.xlsx``).

These rules run only when the workbook is checked with last year's
workbook (``reportgen validate X.xlsx --last LAST.xlsx``, ``build --last``);
otherwise they are silent.  They receive last year's figures as a plain
structure, ``ctx.last`` (``core.lastyear.LastYear``), made by
``reportgen.carry`` from last year's computed report: validation sits below
compute in the pipeline and never computes a report itself.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportgen.core import fmt, schema
from reportgen.core.model import ZERO, Cell
from reportgen.validate.findings import ERROR
from reportgen.validate.registry import rule
from reportgen.validate.rules.common import fund, functional_items

_CARRY_HEADER = schema.FUNCTIONAL.column("carry_begin").header


def _file(path: str) -> str:
    return Path(path).name if path else "本工作簿"


@rule("L901", ERROR,
      "{code} {fund}的{column} {entered}（{file}）与上年工作簿 {last_file} 的年末结转和结余 "
      "{derived}（{last_cells}）不符，相差 {diff}{note}",
      "本年年初结转和结余应等于上年年末结转和结余：请按上年工作簿该科目、该资金性质的“年末结转和结余”"
      "填写（可用 reportgen init 新工作簿 --from 上年工作簿 自动带入）。{advice}", rounding=True)
def opening_is_last_closing(ctx):
    """年初结转和结余 differs from last year's 年末结转和结余.

    For each 功能分类 项 code and 资金性质, the 年初结转和结余 of this year's
    lines (summed when the code and fund take several lines) must equal the
    年末结转和结余 of last year's lines of the same code and fund.  A code
    and fund that carried a balance last year but has no line this year is
    reported on the sheet; a line with an opening balance that last year did
    not close with is reported at its cell.  A code and fund with an
    unreadable 年初 cell is left to the structure rules.  Only with ``--last``.
    """
    last = ctx.last
    if last is None:
        return
    this: dict[tuple[str, str], list] = {}
    for ln in functional_items(ctx.wb):
        f = fund(ln)
        if f:
            this.setdefault((ln.code, f), []).append(ln)
    file, last_file = _file(ctx.wb.path), _file(last.path)
    for key in sorted(set(this) | set(last.closing)):
        lines = this.get(key, [])
        if any(ln.cells["carry_begin"].problem for ln in lines if "carry_begin" in ln.cells):
            continue   # an unreadable 年初 has its own S finding; its sum is unknown
        opening = sum((ln.amt("carry_begin") for ln in lines), ZERO)
        closing = last.closing.get(key)
        derived = closing.value if closing is not None else ZERO
        source = closing.source if closing is not None else "无此科目、资金性质的行"
        cell = next((ln.cells["carry_begin"] for ln in lines if "carry_begin" in ln.cells), None)
        loc = (schema.FUNCTIONAL.name, "") if cell is None else ("", "")
        f = ctx.compare("L901", opening, derived, 1, cell, loc=loc, code=key[0], fund=key[1],
                        column=_CARRY_HEADER, file=file, last_file=last_file,
                        last_cells=source)
        if f is not None:
            yield f


def _entered(cell: Cell | None):
    """The 上年 cell's value: a Decimal or int, 0 when blank or unreadable."""
    if cell is None or not isinstance(cell.value, (Decimal, int)):
        return 0
    return cell.value


@rule("L902", ERROR,
      "“{sheet}”表“{label}”的{column} {entered} 与上年工作簿 {last_file} 的决算数 {derived}"
      "（{source}）不符，相差 {diff}{note}",
      "上年数应等于上年决算公开的数字：请按上年工作簿计算出的决算数填写"
      "（可用 reportgen init 新工作簿 --from 上年工作簿 自动带入）。{advice}", rounding=True)
def last_year_figure(ctx):
    """A 上年 figure differs from last year's 决算.

    Each 上年数 / 上年决算数 cell of this year's 补充数据 and 三公经费 sheets
    must equal the figure last year's report published: 收支总计 and
    财政拨款收支总计 (表1, 表4), 一般公共预算财政拨款收入 and 支出 (表4, 表5),
    each 三公 item (表9 决算数), 机关运行经费, 政府采购 and the counts of
    补充数据 (as last year's workbook gave them).  A blank 上年 cell counts
    as 0, so a figure last year published but this year left out is reported.
    An amount typed as last year published it — rounded half-up to two
    decimals of 万元, as an exact 0.998766 is published as 1.00 — is equal: no finding.
    Only with ``--last``.
    """
    last = ctx.last
    if last is None:
        return
    last_file = _file(last.path)
    for decl, data in ((schema.SUPPLEMENT, ctx.wb.supplement), (schema.SANGONG, ctx.wb.sangong)):
        column = decl.column("last_year").header
        for item in decl.rows:
            fig = last.figures.get((decl.name, item.key))
            derived = fig.value if fig is not None else 0
            cell = data.get(item.key, {}).get("last_year")
            if cell is None or cell.problem is not None:
                continue   # a missing row or an unreadable value has its own S finding
            entered = _entered(cell)
            if item.kind == schema.INT:
                if entered != derived:
                    yield ctx.finding("L902", cell, sheet=decl.name, label=item.label,
                                      column=column, entered=entered, derived=derived,
                                      diff=abs(entered - derived), note="",
                                      last_file=last_file,
                                      source=fig.source if fig is not None else "上年未填")
                continue
            if Decimal(entered) == fmt.rounded(Decimal(derived)):
                continue   # the published (rounded) figure, as the clerk reads it last year
            f = ctx.compare("L902", Decimal(entered), Decimal(derived), 1, cell,
                            sheet=decl.name, label=item.label, column=column,
                            last_file=last_file,
                            source=fig.source if fig is not None else "上年未填")
            if f is not None:
                yield f


@rule("L903", ERROR, "单位名称“{unit}”与上年工作簿 {last_file} 的单位名称“{last_unit}”不同",
      "与上年核对须是同一单位的工作簿：请检查 --last 指定的文件是否选错，或核对“单位信息”表的单位名称"
      "（更名时两年的单位名称须一致后再核对）。")
def same_unit(ctx):
    """Last year's workbook is of another unit.

    ``--last`` compares a unit's workbook with its own of last year: the
    单位名称 of 单位信息 must be the same in both (spaces aside).  Only with
    ``--last``.
    """
    last = ctx.last
    if last is None:
        return
    cell = ctx.wb.info.get("unit")
    unit = ctx.wb.unit
    if unit and last.unit and "".join(unit.split()) != "".join(last.unit.split()):
        yield ctx.finding("L903", cell, loc=(schema.UNIT_INFO.name, ""), unit=unit,
                          last_unit=last.unit, last_file=_file(last.path))


@rule("L904", ERROR, "决算年度 {year} 不是上年工作簿 {last_file} 的年度 {last_year} 的下一年",
      "--last 应指定上一年度的工作簿：请检查所选文件，或核对“单位信息”表的年度。")
def next_year(ctx):
    """Last year's workbook is not of the year before.

    The 年度 of this workbook must be the 年度 of the ``--last`` workbook
    plus one.  Only with ``--last``, and when both years are entered.
    """
    last = ctx.last
    if last is None or last.year is None or ctx.wb.year is None:
        return
    if ctx.wb.year != last.year + 1:
        yield ctx.finding("L904", ctx.wb.info.get("year"), loc=(schema.UNIT_INFO.name, ""),
                          year=ctx.wb.year, last_year=last.year, last_file=_file(last.path))
