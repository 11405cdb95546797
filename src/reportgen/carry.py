"""Next year from last year's workbook (``reportgen init NEXT --from LAST``),
and last year's figures for ``validate``/``build --last``.

Last year's workbook is read, validated and **computed** here (read →
evaluate → validate → compute, as ``build`` does); its figures are taken
from the computed ``Report`` (表1, 表4, 表5, 表9, 机关运行经费, 政府采购,
国有资产), never summed again by hand.  They are handed on as a plain
``core.lastyear.LastYear``: validation (below compute in the pipeline) gets
that structure, not the Report.  This module sits above ``build`` and
``init_workbook`` in the layers contract (pyproject.toml), because it uses
both.

Last year's file is only read; next year's is written atomically
(``core.safeio.save_workbook``): complete or absent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Optional

from reportgen.build import Checked, Options, check
from reportgen.compute.tables import Catalogues, Report, compute
from reportgen.core import catalogue as cat
from reportgen.core import schema
from reportgen.core.errors import UnusableInput
from reportgen.core.lastyear import LastFigure, LastYear
from reportgen.core.model import ZERO, Workbook
from reportgen.core.safeio import save_workbook

# how many of last year's errors the refusal names
_SHOWN_ERRORS = 3


def read_last(path: Path, options: Options = Options()) -> tuple[Checked, Report]:
    """Last year's workbook read, validated and computed.

    Raises UnusableInput (kind ``last_unusable``) when the file cannot be
    read, and (kind ``last_invalid``) when it has validation errors: figures
    of a workbook that would not build are not last year's published ones.
    The messages are Chinese and name the file (and the first errors' cells)."""
    path = Path(path)
    if not path.is_file():
        # missing or a folder: said of the 上年工作簿, not of an 输入工作簿
        from reportgen.core.safeio import check_input_file
        from reportgen.read.reader import MAX_FILE_BYTES
        try:
            check_input_file(path, MAX_FILE_BYTES, "上年工作簿")
        except UnusableInput as exc:
            raise UnusableInput("last_unusable", exc.message) from None
    try:
        checked = check(path, Options(tolerance=options.tolerance,
                                      catalogue_files=options.catalogue_files))
    except UnusableInput as exc:
        raise UnusableInput("last_unusable", f"上年工作簿 {path} 无法读取：{exc.message}") from None
    errors = checked.result.errors
    if errors:
        shown = "；".join(f"{f.where or path.name} {f.message}" for f in errors[:_SHOWN_ERRORS])
        more = f"；共 {len(errors)} 个错误" if len(errors) > _SHOWN_ERRORS else ""
        raise UnusableInput(
            "last_invalid",
            f"上年工作簿 {path} 校验有错误（{shown}{more}），不能据以结转或核对。"
            f"请先运行 reportgen validate {path} 并按提示修改上年工作簿。")
    return checked, compute(checked.workbook, checked.catalogues, checked.evaluation)


def _f(value, source: str) -> LastFigure:
    return LastFigure(value, source)


def figures(report: Report) -> dict[tuple[str, str], LastFigure]:
    """Per (sheet, row key) of next year's 上年 cells (补充数据 and 三公经费,
    column ``last_year``) the figure of last year's ``report`` that belongs
    there: Decimal 万元, or int for the counts; a count last year left blank
    is absent."""
    sup, sg = schema.SUPPLEMENT.name, schema.SANGONG.name
    t1, t4, t5, t9 = report.t1, report.t4, report.t5, report.t9
    p, a, s = report.procurement, report.assets, report.sangong
    kinds = {k.key: k for k in p.kinds}
    out = {
        (sup, "use_nonfiscal_balance"): _f(t1.use_nonfiscal_balance, "表1 使用非财政拨款结余"),
        (sup, "balance_distribution"): _f(t1.balance_distribution, "表1 结余分配"),
        (sup, "total"): _f(t1.income_grand_total, "表1 收入总计"),
        (sup, "fiscal_total"): _f(t4.income_grand_total, "表4 收入总计"),
        (sup, "general_income"): _f(t4.income.general, "表4 一般公共预算财政拨款收入"),
        (sup, "general_exp"): _f(t5.total["total"], "表5 合计"),
        (sup, "operation"): _f(report.operation.amount, "补充数据 机关运行经费本年数"),
        (sup, "procurement"): _f(p.total, "补充数据 政府采购支出总额本年数"),
        (sup, "sme"): _f(p.sme, "补充数据 授予中小企业合同金额本年数"),
        (sup, "sme_small"): _f(p.sme_small, "补充数据 授予小微企业合同金额本年数"),
        (sup, "cars"): _f(a.cars, "补充数据 公务用车本年数"),
        (sup, "other_cars"): _f(a.other_cars, "补充数据 其他用车本年数"),
        (sup, "general_equipment"): _f(a.general_equipment, "补充数据 通用设备本年数"),
        (sup, "special_equipment"): _f(a.special_equipment, "补充数据 专用设备本年数"),
    }
    for key, label in (("goods", "货物"), ("works", "工程"), ("services", "服务")):
        k = kinds.get(key)
        out[(sup, f"procurement_{key}")] = _f(k.amount if k else ZERO,
                                              f"补充数据 政府采购{label}支出本年数")
        out[(sup, f"sme_{key}")] = _f(k.sme if k else ZERO,
                                      f"补充数据 {label}采购授予中小企业合同金额本年数")
    for key, value, label in (("abroad_groups", s.abroad.groups, "因公出国（境）团组数"),
                              ("abroad_persons", s.abroad.persons, "因公出国（境）人次"),
                              ("car_purchased", s.car.purchased, "公务用车购置数")):
        if value is not None:
            out[(sup, key)] = _f(value, f"补充数据 {label}本年数")
    for item in schema.SANGONG_ROWS:
        out[(sg, item.key)] = _f(getattr(t9.actual, item.key), f"表9 {item.label}决算数")
    return out


def closing(wb: Workbook) -> dict[tuple[str, str], LastFigure]:
    """Per (项 code, 资金性质) the 年末结转和结余 of ``wb``'s 支出功能分类 项
    lines (万元, summed over the lines of one code and fund), with the cells
    read (the input figure itself: the report keeps it only by fund)."""
    sums: dict[tuple[str, str], Decimal] = {}
    cells: dict[tuple[str, str], list[str]] = {}
    for ln in wb.functional_items():
        fund = ln.text("fund")
        if fund not in schema.FUNDS:
            continue
        key = (ln.code, fund)
        sums[key] = sums.get(key, ZERO) + ln.amt("carry_end")
        c = ln.cells.get("carry_end")
        cells.setdefault(key, []).append(c.where if c is not None else f"{ln.sheet} 第 {ln.row} 行")
    return {k: LastFigure(v, "、".join(cells[k])) for k, v in sums.items()}


def last_year(path: Path, options: Options = Options()) -> LastYear:
    """Last year's figures for ``validate``/``build --last``: last year's
    workbook at ``path`` read, validated and computed (``read_last``, whose
    UnusableInput it raises)."""
    checked, report = read_last(path, options)
    return _last_year(path, checked.workbook, report)


def _last_year(path: Path, wb: Workbook, report: Report) -> LastYear:
    return LastYear(path=str(path), unit=wb.unit, year=wb.year, closing=closing(wb),
                    figures=figures(report))


# ------------------------------------------------------------------ init --from

@dataclass
class Carried:
    """What ``write_next`` wrote: next year's ``year``, the ``lines`` of
    年初结转和结余 and the 上年 ``figures`` filled, and ``codes``: one Chinese
    line per code of last year's workbook the new catalogue edition renamed or
    does not list."""

    year: int
    lines: int = 0
    figures: int = 0
    codes: list[str] = field(default_factory=list)


def changed_codes(wb: Workbook, cats: Catalogues, year: int) -> list[str]:
    """The codes of last year's ``wb`` (功能分类 项, 经济分类 款) whose name in
    the catalogue edition of ``year`` differs from last year's (renamed), or
    which no edition lists, one Chinese line each.  ``cats``: last year's
    catalogues (bundled, with its 科目 sheet, which is carried).  The bundled
    catalogues hold no retirement marks, so a code no edition lists is the
    nearest the catalogue says to retired."""
    old_year = wb.catalogue_year or (year - 1)
    out = []
    for catalogue, lines, label in ((cats.functional, wb.functional_items(), "功能分类"),
                                    (cats.economic, wb.economic_items(), "经济分类")):
        seen = set()
        for ln in lines:
            code = ln.code
            if code in seen:
                continue
            seen.add(code)
            old, new = catalogue.lookup(code, old_year), catalogue.lookup(code, year)
            cell = ln.cells["code"].where if "code" in ln.cells else ln.sheet
            if new is None:
                out.append(f"{label} {code}（{cell}）：{year} 年版科目目录中没有此编码，"
                           "可能已取消或改用其他编码，请核对后在“科目”表补充或改用新编码。")
            elif old is not None and old.name != new.name:
                out.append(f"{label} {code}（{cell}）：名称由“{old.name}”改为“{new.name}”"
                           f"（{new.edition} 年版科目目录）。")
    return out


def _scaled(value: Decimal, unit: str) -> Decimal:
    """A 万元 amount in the workbook's 金额单位, exactly (元 = 万元 × 10⁴)."""
    out = value.scaleb(-schema.UNIT_SCALE[unit])
    # a plain decimal, never 1E+2 in the file
    return Decimal(format(out, "f"))


def _put(ws, row: int, col: int, value) -> None:
    c = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        c.data_type = "s"   # a text starting with "=" stays text


def write_next(target: Path, last_path: Path, options: Options = Options()) -> Carried:
    """Write next year's input workbook to ``target`` from last year's at
    ``last_path`` (read only): the blank workbook of ``reportgen init`` for
    last year + 1 with the unit, 金额单位, 财政级次, 咨询电话, 部门主要职能,
    单位构成, 部门决算单位构成 and the 科目 sheet carried; each (项 code, 资金性质) that
    closed last year with a balance as a line whose 年初结转和结余 is last
    year's 年末; every 上年 cell of 补充数据 and 三公经费 from last year's
    computed report.  Last year's reasons, results and this year's figures
    are left blank.  The codes the new catalogue edition renamed or does not
    list are returned and written on the 填表说明 sheet.

    Raises UnusableInput (last year's file unreadable or with errors).  The
    caller decides whether ``target`` may be replaced."""
    from reportgen.init_workbook import blank_workbook

    checked, report = read_last(Path(last_path), options)
    wb = checked.workbook
    last = _last_year(Path(last_path), wb, report)
    year = (wb.year or 0) + 1
    out = blank_workbook(year, wb.unit)
    done = Carried(year=year, codes=changed_codes(wb, checked.catalogues, year))

    _standing_texts(out, wb)
    _units(out, wb)
    _user_catalogue(out, wb)
    done.lines = _openings(out, last, wb.amount_unit)
    done.figures = _last_year_cells(out, last, wb.amount_unit)
    _notes(out[schema.INSTRUCTIONS_SHEET], Path(last_path), done)
    out.properties.creator = "reportgen"
    save_workbook(out, Path(target))
    return done


def _kv(out, decl: schema.KeyValueSheet, key: str, value) -> None:
    """Item ``key`` of a 项目/内容 sheet set to ``value`` (blank left blank)."""
    if value is None or value == "":
        return
    row = [i.key for i in decl.items].index(key) + 2
    _put(out[decl.name], row, 2, value)


def _standing_texts(out, wb: Workbook) -> None:
    """金额单位, 财政级次, 咨询电话 (单位信息); 部门主要职能, 部门决算单位构成 (文字说明)."""
    _kv(out, schema.UNIT_INFO, "amount_unit", wb.amount_unit)
    for key in ("finance_level", "phone"):
        c = wb.info.get(key)
        _kv(out, schema.UNIT_INFO, key, None if c is None else c.value)
    for key in ("functions", "composition"):
        c = wb.texts.get(key)
        _kv(out, schema.TEXTS, key, None if c is None else c.value)


def _units(out, wb: Workbook) -> None:
    """The 单位构成 lines with a name."""
    cols = [c.key for c in schema.UNITS.columns]
    r = 2
    for ln in wb.units:
        if not ln.text("name"):
            continue
        for key in ("name", "kind", "note"):
            if ln.text(key):
                _put(out[schema.UNITS.name], r, cols.index(key) + 1, ln.text(key))
        r += 1


def _user_catalogue(out, wb: Workbook) -> None:
    """The 科目 sheet: the clerk's additions and corrections of the catalogue."""
    cols = [c.key for c in schema.USER_CATALOGUE.columns]
    labels = {cat.FUNCTIONAL: "功能分类", cat.ECONOMIC: "经济分类"}
    ws = out[schema.USER_CATALOGUE.name]
    r = 2
    for e in wb.user_catalogue:
        if e.code.value in (None, "") or e.scheme not in labels:
            continue
        for key, c in (("code", e.code), ("name", e.name), ("explanation", e.explanation),
                       ("group", e.group)):
            if c.value not in (None, ""):
                _put(ws, r, cols.index(key) + 1, str(c.value))
        _put(ws, r, cols.index("scheme") + 1, labels[e.scheme])
        r += 1


def _openings(out, last: LastYear, unit: str) -> int:
    """A 支出功能分类 line per (code, fund) that closed last year with a
    balance, its 年初结转和结余 that balance (in ``unit``); returns how many."""
    ws = out[schema.FUNCTIONAL.name]
    cols = [c.key for c in schema.FUNCTIONAL.columns]
    r = 2
    for (code, fund), fig in sorted(last.closing.items()):
        if not fig.value:
            continue
        _put(ws, r, cols.index("code") + 1, code)
        _put(ws, r, cols.index("fund") + 1, fund)
        ws.cell(row=r, column=cols.index("carry_begin") + 1, value=_scaled(fig.value, unit))
        r += 1
    return r - 2


def _last_year_cells(out, last: LastYear, unit: str) -> int:
    """The 上年 cells of 补充数据 and 三公经费 from last year's figures (amounts
    in ``unit``, counts as they are); returns how many were filled."""
    n = 0
    for decl in (schema.SUPPLEMENT, schema.SANGONG):
        ws = out[decl.name]
        col = [c.key for c in decl.columns].index("last_year") + 2
        for i, item in enumerate(decl.rows, start=2):
            fig = last.figures.get((decl.name, item.key))
            if fig is None:
                continue
            value = fig.value if item.kind == schema.INT else _scaled(fig.value, unit)
            ws.cell(row=i, column=col, value=value)
            n += 1
    return n


def note_lines(last_path: Path, done: Carried) -> list[str]:
    """What ``write_next`` says of the carry, on 填表说明 and in the console."""
    lines = [
        f"本工作簿由 reportgen init --from 从上年工作簿 {Path(last_path).name} 生成（{done.year} 年度）。",
        f"已带入：单位名称、金额单位、财政级次、咨询电话、部门主要职能、部门决算单位构成、单位构成、“科目”表；"
        f"{done.lines} 行年初结转和结余（= 上年年末结转和结余，按科目和资金性质）；"
        f"“补充数据”“三公经费”的 {done.figures} 个上年数（= 上年决算数）。",
        "上年的变动原因、绩效、项目、重点工作等文字和本年数均已清空，请按本年情况填写。"
        f"填好后可用 reportgen validate 本工作簿 --last {Path(last_path).name} 与上年核对。",
    ]
    if done.codes:
        lines.append(f"上年工作簿中有 {len(done.codes)} 个科目在 {done.year} 年版科目目录中已更名或未列出：")
        lines += [f"  {c}" for c in done.codes]
    else:
        lines.append(f"上年工作簿中的科目在 {done.year} 年版科目目录中都没有更名或取消。")
    return lines


def _notes(ws, last_path: Path, done: Carried) -> None:
    """The carry's notes at the end of 填表说明, and a pointer to them in the
    empty row under its title."""
    from openpyxl.styles import Alignment, Font

    from reportgen.init_workbook import append_notes

    row = append_notes(ws, "三、从上年工作簿结转", note_lines(last_path, done))
    changed = f"，其中列出 {len(done.codes)} 个已更名或未列出的科目" if done.codes else ""
    pointer = ws.cell(row=2, column=1, value=f"本工作簿由上年工作簿 {Path(last_path).name} 结转生成："
                                             f"带入了哪些内容见本表第 {row} 行起“三、从上年工作簿结转”{changed}。")
    pointer.font = Font(name="宋体", bold=True, color="C00000")
    pointer.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=4)
    ws.row_dimensions[2].height = 32
