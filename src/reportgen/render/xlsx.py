"""The nine tables as one Excel workbook, filled into a profile's tables.xlsx.

The layout of every table lives in the template, not here.  Conventions:

* A cell holds plain text, a number, or Jinja.  Context of a sheet: ``unit``,
  ``year``, ``title`` and ``absent_note`` (rendered from profile.toml; the
  note is "" when the fund is present), ``t`` (the computed table) and ``n``
  (its number of data rows).
* A cell whose whole text is one ``{{ expression }}`` receives the value
  itself: a number keeps the cell's number format, 0 and None leave the cell
  empty (the published tables print blanks, not 0.00).  Any other text is
  rendered as text.  Text starting with = + - @ stays text, never a formula.
* The one row whose cells use ``r`` is the data row.  It is repeated once per
  data row (``r`` the row, ``i`` its number from 1) with its style, height
  and merged cells; rows below move down (merged cells, row heights, print
  titles and print area follow).  With no data rows it disappears.
* Sheets not named in the profile are dropped; the rest are ordered and
  renamed as the profile says.

Not carried along when rows move: conditional formats, data validations and
workbook-level names (the bundled template uses none).

The only per-table Python here is ``ROWS``: what ``r`` iterates over.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Optional

import jinja2
from jinja2 import meta

from reportgen.compose import narrative
from reportgen.compute import tables as compute
from reportgen.core import fmt
from reportgen.core.errors import TemplateError
from reportgen.core.jinja import jinja_reason
from reportgen.core.profile import Profile, TableSpec
from reportgen.core.safeio import atomic_path
from reportgen.core.jinja import shared_env
from reportgen.render.grid import Grid, grids_of
from reportgen.render.sheets import ILLEGAL, StyleCopier, cell_value, merge, open_layout

SHEET_VARS = frozenset({"unit", "year", "title", "absent_note", "t", "n", "number"})
ROW_VARS = frozenset({"r", "i"})
_JINJA_MARK = ("{{", "{%", "{#")
_SINGLE = re.compile(r"^\s*\{\{-?(?P<expr>.*?)-?\}\}\s*$", re.S)


# ------------------------------------------------------------ row adapters
class Blank:
    """The missing side of a 表1/表4 row (one side is longer): false in
    ``{% if r.left %}``, and every field of it is empty."""

    def __bool__(self) -> bool:
        return False

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return None


@dataclass(frozen=True)
class Pair:
    """A row of a two-sided table: income item left, expense item right."""

    left: Any
    right: Any


def _pairs(left: list, right: list) -> list[Pair]:
    blank = Blank()
    size = max(len(left), len(right))
    return [Pair(left[k] if k < len(left) else blank, right[k] if k < len(right) else blank)
            for k in range(size)]


def _t4_income(t) -> list[dict]:
    return [{"key": key, "name": fund, "amount": getattr(t.income, key)}
            for fund, key in compute.FUND_KEY.items()]


ROWS: dict[str, Callable[[Any], list]] = {
    "t1": lambda t: _pairs(t.income, t.expense),
    "t2": lambda t: t.rows,
    "t3": lambda t: t.rows,
    "t4": lambda t: _pairs(_t4_income(t), t.expense),
    "t5": lambda t: t.rows,
    "t6": lambda t: t.rows,
    "t7": lambda t: t.rows,
    "t8": lambda t: t.rows,
    "t8_flow": lambda t: t.rows,
    # the data sets beyond the nine (core/profile.py DATA_SETS)
    "projects": lambda t: t.rows,
    "sangong_operation": lambda t: t.rows,
    "procurement": lambda t: t.rows,
    "assets": lambda t: t.rows,
    "general_spending": lambda t: t.rows,
}


# ---------------------------------------------------------- cell templates
class CellTemplate:
    """One template cell's Jinja, parsed once."""

    def __init__(self, env: jinja2.Environment, source: str):
        self.source = source
        ast = env.parse(source)                      # TemplateSyntaxError
        self.names = frozenset(meta.find_undeclared_variables(ast))
        m = _SINGLE.match(source)
        expr = m["expr"] if m else None
        if expr is not None and not any(tok in expr for tok in ("{{", "}}", "{%", "%}", "{#")):
            self._expr = env.compile_expression(expr.strip(), undefined_to_none=False)
            self._template = None
        else:
            self._expr = None
            self._template = env.from_string(source)   # compiled once, kept between runs

    def value(self, ctx: dict) -> Any:
        """The cell's value in ``ctx``: a lone ``{{ expr }}`` gives the
        expression's value as it is (a Decimal stays a number), anything else
        the rendered text.  Raises jinja2.UndefinedError for an unknown name."""
        if self._expr is not None:
            result = self._expr(**ctx)
            if isinstance(result, jinja2.Undefined):
                str(result)                            # raises UndefinedError
            return result
        return self._template.render(ctx)


class _Compiler:
    def __init__(self, env: jinja2.Environment):
        self.env = env

    def __call__(self, source: str) -> CellTemplate:
        # kept by the shared environment: the next workbook of a batch finds
        # its cells compiled
        return self.env.remember(("cell", source), lambda: CellTemplate(self.env, source))


@dataclass
class _SheetPlan:
    spec: TableSpec
    cells: dict[tuple[int, int], CellTemplate]   # template coordinates
    data_row: Optional[int]


def _ref(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def _where(profile: Profile, sheet: str, ref: str = "") -> str:
    at = f"表格模板 {profile.xlsx_path} 工作表“{sheet}”"
    return f"{at}单元格 {ref}" if ref else at


def _plan(ws, spec: TableSpec, profile: Profile, compile_: _Compiler,
          allowed: frozenset[str]) -> tuple[_SheetPlan, list[str]]:
    """Parse every Jinja cell, find the data row, list what is wrong."""
    problems: list[str] = []
    cells: dict[tuple[int, int], CellTemplate] = {}
    for row in ws.iter_rows():
        for cell in row:
            v = cell.value
            if isinstance(v, str) and any(m in v for m in _JINJA_MARK):
                try:
                    cells[(cell.row, cell.column)] = compile_(v)
                except jinja2.TemplateSyntaxError as exc:
                    problems.append(f"{_where(profile, ws.title, cell.coordinate)}："
                                    f"{jinja_reason(exc)}（单元格内容：“{v}”）。")
    data_rows = sorted({r for (r, _), ct in cells.items() if "r" in ct.names})
    data_row = data_rows[0] if data_rows else None
    if len(data_rows) > 1:
        problems.append(f"{_where(profile, ws.title)}：第 {'、'.join(map(str, data_rows))} 行都用到 r；"
                        f"每张表只能有一行数据行。")
    elif data_row is not None and spec.data not in ROWS:
        problems.append(f"{_where(profile, ws.title)}：表 {spec.id} 没有逐行数据，"
                        f"第 {data_row} 行不能用 r。")
    if data_row is not None and ws.print_title_rows:
        lo, hi = _title_rows(ws.print_title_rows)
        if lo <= data_row <= hi:
            problems.append(f"{_where(profile, ws.title)}：打印标题行（第 {lo}–{hi} 行）包含数据行"
                            f"（第 {data_row} 行）。数据行按数据逐行展开，不能作为每页重复的标题；"
                            f"请在“页面布局 → 打印标题”中只选数据行以上的表头行。")
    for (r, c), ct in sorted(cells.items()):
        ok = allowed | (ROW_VARS if r == data_row else frozenset())
        unknown = sorted(ct.names - ok)
        if unknown:
            problems.append(f"{_where(profile, ws.title, _ref(r, c))}：引用了未定义的变量 {'、'.join(unknown)}"
                            f"（可用：{'、'.join(sorted(ok))}）。")
    return _SheetPlan(spec, cells, data_row), problems


# ------------------------------------------------------------- row moving
def _move_bounds(lo: int, hi: int, d: int, k: int) -> Optional[tuple[int, int]]:
    """Where rows lo..hi go when row d becomes k rows (k may be 0)."""
    delta = k - 1
    if lo == hi == d:
        return None if k == 0 else (d, d)
    new_lo = lo if lo <= d else lo + delta
    new_hi = hi if hi < d else hi + delta
    return (new_lo, new_hi) if new_lo <= new_hi else None


def _expand(ws, d: int, k: int, styles: StyleCopier) -> None:
    """Turn template row d into k copies of itself, moving what is below."""
    from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
    from openpyxl.worksheet.merge import MergedCellRange

    delta = k - 1
    # the row's styles as they are now: re-recording the merges below
    # touches the borders of their top-left cells
    template = ([(c.column, c.value, styles.name_of(c), c.quotePrefix) for c in ws[d]]
                if delta > 0 else [])
    merges = [CellRange(m.coord) for m in ws.merged_cells.ranges]
    in_row = [m for m in merges if m.min_row == m.max_row == d]
    dims = dict(ws.row_dimensions)
    if delta > 0:
        ws.insert_rows(d + 1, delta)
    elif delta < 0:
        ws.delete_rows(d, 1)

    ws.merged_cells = MultiCellRange()
    for m in merges:
        moved = _move_bounds(m.min_row, m.max_row, d, k)
        if moved is not None:
            ws.merged_cells.add(MergedCellRange(ws, CellRange(
                min_col=m.min_col, max_col=m.max_col, min_row=moved[0], max_row=moved[1]).coord))

    ws.row_dimensions.clear()
    for idx, dim in dims.items():
        moved = _move_bounds(idx, idx, d, k)
        if moved is not None:
            dim.index = moved[0]
            ws.row_dimensions[moved[0]] = dim
    # openpyxl gives the top-left cell of a new merged range the right and
    # bottom borders of its bottom-right cell (MergedCellRange), hashing
    # border objects each time; every copy of the row gets the same result,
    # so it is made once, on the first copy, and assigned by name after, to
    # the range's other cells too (as _same_style_across_merges would)
    merged: dict[int, str] = {}     # column -> style of its merged range's top-left cell
    for j in range(1, k):
        row = d + j
        for col, value, style, quote_prefix in template:
            cell = ws.cell(row, col)
            styles.apply(cell, merged.get(col, style), quote_prefix)
            cell.value = value
        for m in in_row:
            if j == 1:
                merge(ws, row, m.min_col, row, m.max_col)
            else:
                ws.merged_cells.ranges.add(CellRange(min_col=m.min_col, max_col=m.max_col,
                                                     min_row=row, max_row=row))
        if j == 1:
            merged = {col: styles.name_of(ws.cell(row, m.min_col))
                      for m in in_row for col in range(m.min_col, m.max_col + 1)}
        if d in dims:
            dim = copy(dims[d])
            dim.index = row
            ws.row_dimensions[row] = dim

    if ws.print_title_rows:
        # never None: _plan refuses title rows that hold the data row
        lo, hi = _title_rows(ws.print_title_rows)
        moved = _move_bounds(lo, hi, d, k)
        ws.print_title_rows = f"{moved[0]}:{moved[1]}"
    if ws.print_area:
        areas = []
        for part in ws.print_area.split(","):
            cr = CellRange(part)
            moved = _move_bounds(cr.min_row, cr.max_row, d, k)
            if moved is not None:
                areas.append(CellRange(min_col=cr.min_col, max_col=cr.max_col,
                                       min_row=moved[0], max_row=moved[1]).coord)
        ws.print_area = areas or None


# a table the template fits to one page tall (fitToHeight = 1) is shrunk no
# further than this; a longer one runs on over pages, one page wide, its
# header rows repeated (print titles)
MIN_ONE_PAGE_SCALE = 0.5
# paper height and width in points by the sheet's paperSize (9 A4, 8 A3, 1 Letter)
_PAPER_POINTS = {9: (841.9, 595.3), 8: (1190.6, 841.9), 1: (792.0, 612.0)}


def _fit_pages(ws) -> None:
    """Keep a sheet's “one page tall” print setting only while its rows, data
    rows repeated, fit the page at MIN_ONE_PAGE_SCALE or more; otherwise print
    it over as many pages as needed (fitToHeight = 0)."""
    props = ws.sheet_properties.pageSetUpPr
    setup = ws.page_setup
    if props is None or not props.fitToPage or str(setup.fitToHeight) != "1":
        return
    tall, wide = _PAPER_POINTS.get(int(setup.paperSize or 9), _PAPER_POINTS[9])
    page = wide if setup.orientation == "landscape" else tall
    margins = ws.page_margins
    room = page - 72 * ((margins.top or 0) + (margins.bottom or 0))
    default = ws.sheet_format.defaultRowHeight or 15
    rows = sum((ws.row_dimensions[r].height or default) if r in ws.row_dimensions else default
               for r in range(1, ws.max_row + 1))
    if rows * MIN_ONE_PAGE_SCALE > room:
        setup.fitToHeight = 0


def _title_rows(text: str) -> tuple[int, int]:
    """``"$1:$4"`` -> (1, 4)."""
    lo, hi = (int(x.strip("$")) for x in text.split(":"))
    return lo, hi


def _same_style_across_merges(ws, styles: StyleCopier) -> None:
    """Every cell of a merged range takes the top-left cell's style, so its
    borders show on all edges (Excel draws them from the edge cells)."""
    for m in ws.merged_cells.ranges:
        start = ws.cell(m.min_row, m.min_col)
        sid, style, quote_prefix = start.style_id, None, start.quotePrefix
        for row in range(m.min_row, m.max_row + 1):
            for col in range(m.min_col, m.max_col + 1):
                cell = ws.cell(row, col)
                if cell.style_id != sid:     # the top-left cell itself has it
                    style = style or styles.name_of(start)
                    styles.apply(cell, style, quote_prefix)


# ------------------------------------------------------------------ values
def _write(cell, value: Any, words=None) -> None:
    """``value`` into ``cell``: a yes/no as the profile's [words] ``yes``/``no``
    (``words``: ``core.profile.Words``; None: the default profile's), an
    amount rounded half-up to the cent."""
    if isinstance(value, jinja2.Undefined):
        str(value)
    if isinstance(value, bool):
        w = fmt.words_or_default(words)
        value = w.yes if value else w.no
    if isinstance(value, Decimal) and value.is_finite():
        # an exact 万元 figure (six decimals from a 元 workbook) is published
        # rounded half-up to two decimals, once, here (core/fmt)
        value = fmt.rounded(value)
    if value is None or (isinstance(value, (int, float, Decimal)) and value == 0):
        cell.value = None
        return
    if isinstance(value, (int, float, Decimal)):
        cell.value = value
        return
    text = ILLEGAL.sub("", str(value))
    if not text.strip():
        cell.value = None
        return
    cell.value = text
    # openpyxl takes "=…" for a formula and "#N/A" for an error: force text
    cell.data_type = "s"


def _render_text(env: jinja2.Environment, source: str, ctx: dict, where: str) -> str:
    try:
        return env.from_string(source).render(ctx)
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{where}：{jinja_reason(exc)}（“{source}”）。") from exc


def _render_sheet(ws, plan: _SheetPlan, report: compute.Report, profile: Profile,
                  env: jinja2.Environment, styles: StyleCopier) -> None:
    spec = plan.spec
    try:
        t = report.tables[spec.data]
    except KeyError:
        raise TemplateError(f"模板配置 {profile.toml_path}：计算结果中没有表 {spec.id}。") from None
    rows = ROWS[spec.data](t) if spec.data in ROWS else []
    base = {"unit": report.unit, "year": report.year, "t": t, "n": len(rows),
            "number": spec.number}
    at = f"模板配置 {profile.toml_path} 表 {spec.id}"
    ctx = {**base,
           "title": _render_text(env, spec.title, base, f"{at} 的 title"),
           "absent_note": (_render_text(env, spec.absent_note, base, f"{at} 的 absent_note")
                           if getattr(t, "empty", getattr(t, "absent", False)) else "")}

    d, k = plan.data_row, len(rows)
    if d is not None:
        _expand(ws, d, k, styles)
    for (r, c), ct in plan.cells.items():
        if d is not None and r == d:
            targets = [(d + j, {**ctx, "r": rows[j], "i": j + 1}) for j in range(k)]
        else:
            targets = [(r + k - 1 if d is not None and r > d else r, ctx)]
        for row, cell_ctx in targets:
            value = cell_value(ct, cell_ctx, lambda: _where(profile, spec.sheet, _ref(r, c)))
            _write(ws.cell(row, c), value, profile.format.words)
    _same_style_across_merges(ws, styles)
    _fit_pages(ws)


def fill_tables(report: compute.Report, profile: Profile):
    """The profile's tables.xlsx filled with the report: an openpyxl
    workbook in memory, its sheets ordered and named as the profile says.
    Raises TemplateError naming the sheet and cell of a faulty layout."""
    # the names of 表1's rows are the profile's [labels]
    report = narrative.reworded(report, profile.format.words)
    wb = open_layout(profile.xlsx_path, "表格模板")
    env = shared_env()
    compile_ = _Compiler(env)
    allowed = SHEET_VARS | frozenset(env.globals)
    plans, problems = [], []
    for spec in profile.tables:
        if spec.sheet not in wb.sheetnames:
            problems.append(f"{_where(profile, spec.sheet)}不存在。")
            continue
        plan, found = _plan(wb[spec.sheet], spec, profile, compile_, allowed)
        plans.append(plan)
        problems += found
    if problems:
        raise TemplateError("\n".join(problems))

    styles = StyleCopier(wb)
    for plan in plans:
        _render_sheet(wb[plan.spec.sheet], plan, report, profile, env, styles)

    keep = [wb[spec.sheet] for spec in profile.tables]
    for name in list(wb.sheetnames):
        if wb[name] not in keep:
            wb.remove(wb[name])
    for pos, ws in enumerate(keep):
        wb.move_sheet(ws, offset=pos - wb.index(ws))
        ws.title = f"__reportgen_{pos}"   # two passes: a new name may be another's old one
    for ws, spec in zip(keep, profile.tables):
        ws.title = spec.name
        ws.sheet_view.tabSelected = ws is keep[0]
    wb.active = 0
    return wb


def render_tables(report: compute.Report, profile: Profile,
                  out_path: Optional[Path] = None) -> list[Grid]:
    """Fill the profile's tables.xlsx with the report, write it to
    ``out_path`` (complete or not at all; not written when None) and return
    the grids of its sheets in the profile's order: the one table model the
    Word tables are laid out from (``render/grid.py``)."""
    wb = fill_tables(report, profile)
    grids = grids_of(wb)          # before saving: see grids_of
    if out_path is not None:
        with atomic_path(Path(out_path)) as tmp:
            wb.save(tmp)
    return grids
