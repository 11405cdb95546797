"""The self-evaluation tables as one workbook: <单位>_<年度>年度绩效自评表.xlsx.

One sheet per table, laid out as the profile's ``selfeval.xlsx`` says
(``tools/make_selfeval_template.py`` describes the file; profile.toml
``[selfeval]`` names its three layout sheets): the 部门（单位）整体绩效自评表,
one 项目支出绩效自评表 per project (⑴…), one 转移支付整体绩效目标自评表 per
programme (numbered on after the projects).  This module only decides which
rows a table has — the title, the fixed blocks, one row per indicator and per
funding source, the closing rows and notes — and fills them: texts, fonts,
borders, widths, merged cells, number formats, the page setup and the notes
are the layout's.  The scores are the computed ones (``evaluation``);
amounts are numbers in 万元, published to the cent (``fmt.rounded``); rates
and scores are text made by the template's filters.

Two merges are structure, not layout: the first column of an indicator
(funding source) group shows its head row's label merged over the whole
group, and the second column of the indicator rows (一级指标) is merged over
each run of equal values.

Layout conventions the Word document relies on (it copies these sheets as
its 第六部分 tables from the same grids, ``render/grid.py``): the table is the
bordered block; rows above it (title, 单位名称 line) and below it (备注) are
unbordered, one text per row, or two for a line with a right-hand part.

Styles are copied as openpyxl named styles: one per distinct style of the
layout, made once per output workbook and assigned by name (``cell.style``),
so no cell's font or border passes through openpyxl's style proxies.
"""

from __future__ import annotations

import os
import re
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Optional

import jinja2
import openpyxl
from openpyxl.styles import NamedStyle
from openpyxl.utils import get_column_letter

from reportgen.core import fmt, schema
from reportgen.core.errors import TemplateError
from reportgen.core.jinja import shared_env
from reportgen.core.profile import Profile, load_profile
from reportgen.core.safeio import atomic_path
from reportgen.render.grid import Grid, grids_of
from reportgen.render.sheets import ILLEGAL, cell_value, merge, open_layout
from reportgen.render.xlsx import CellTemplate
from reportgen.selfeval.tables import Evaluation, Indicator, Source, Table, Unit, source_total

SELFEVAL_FILE = "selfeval.xlsx"
ROLES = ("unit", "project", "transfer")      # profile.toml [selfeval]: layout sheet of each
LABEL_COL = 1            # a group's label, merged down the group
LEVEL1_COL = 2           # 一级指标, merged over each run of equal values
_JINJA_MARK = ("{{", "{%", "{#")
_TEXT_PREFIXES = ("=", "+", "-", "@")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
# ``{{ i.name }}``, ``{{ i.score|score }}``: looked up without a Jinja context
_PATH = re.compile(r"^\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*(?:\|\s*([A-Za-z_]\w*)\s*)?\}\}$")
GENERAL = "General"
_PAGE_SETUP = ("orientation", "paperSize", "fitToWidth", "fitToHeight", "scale")


# ------------------------------------------------------------------ layout
class _Lookup:
    """A cell that is one name path, perhaps through one filter without
    arguments (``{{ i.name }}``, ``{{ g.weight|score }}``): the same
    sandboxed attribute lookups and filter Jinja makes, without making a
    template context for each of the table's thousands of cells."""

    def __init__(self, env, source: str, path: str, filter_: Optional[str]):
        self.env, self.source = env, source
        self.first, *self.rest = path.split(".")
        self.filter = env.filters[filter_] if filter_ else None

    def value(self, ctx: dict):
        try:
            obj = ctx[self.first]
        except KeyError:
            raise jinja2.UndefinedError(f"'{self.first}' is undefined") from None
        for name in self.rest:
            obj = self.env.getattr(obj, name)
            if isinstance(obj, jinja2.Undefined):
                raise jinja2.UndefinedError(f"'{name}' is undefined")
        return obj if self.filter is None else self.filter(obj)


def _compile(env, source: str):
    """A layout cell's Jinja: a ``_Lookup`` when it is a plain name path,
    else a ``CellTemplate``.  Raises jinja2.TemplateSyntaxError."""
    m = _PATH.match(source)
    if m and (m[2] is None or m[2] in env.filters):
        return _Lookup(env, source, m[1], m[2])
    return env.remember(("cell", source), lambda: CellTemplate(env, source))


@dataclass
class _TCell:
    """A layout cell: its Jinja (or plain value), its style index, and where
    it sits in the layout file (for messages)."""
    source: Any
    style: int
    ref: str


@dataclass
class _Block:
    """Consecutive layout rows of one kind: ``rows`` of cells (columns 1…n),
    ``merges`` inside it as (row, col, to_row, to_col), rows from 0."""
    rows: list[list[_TCell]]
    merges: list[tuple[int, int, int, int]]
    merged_at: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)


@dataclass
class _SheetLayout:
    """One layout sheet of selfeval.xlsx, parsed."""
    title: str
    ncols: int
    widths: list[Optional[float]]
    blocks: dict[str, _Block]
    # its page setup (attribute -> value), fit-to-page properties, print
    # title rows, and copies of its margins, print options and header/footer,
    # made once and given to every output sheet (only ever written out); no
    # reference to the layout workbook is kept
    setup: dict
    fit: Any
    title_rows: Optional[str]
    page: tuple


@dataclass
class _Layout:
    path: Path
    sheets: dict[str, _SheetLayout]        # role -> layout
    styles: list[tuple]                    # (font, border, alignment, number format, fill, protection)


_CACHE: dict[tuple, _Layout] = {}


def _where(path: Path, sheet: str, ref: str = "") -> str:
    at = f"绩效自评表模板 {path} 工作表“{sheet}”"
    return f"{at}单元格 {ref}" if ref else at


def _source(profile: Profile) -> tuple[Path, dict]:
    """selfeval.xlsx and the [selfeval] sheet names: the profile's, or the
    bundled default profile's when the profile has none (an older copy)."""
    path = profile.folder / SELFEVAL_FILE
    names = getattr(profile, "selfeval", None)
    if not path.is_file() or not names:
        default = load_profile("default")
        path, names = default.folder / SELFEVAL_FILE, getattr(default, "selfeval", None)
    if not isinstance(names, dict) or not all(isinstance(names.get(r), str) for r in ROLES):
        raise TemplateError(f"模板配置 {profile.toml_path}：[selfeval] 应列出 unit、project、transfer"
                            f" 三个键，各为 {SELFEVAL_FILE} 中的工作表名。")
    return path, names


def load_layout(profile: Profile) -> _Layout:
    """The profile's selfeval.xlsx parsed (kept while the file is unchanged).
    Raises TemplateError naming the file, sheet and cell of a faulty layout."""
    path, names = _source(profile)
    try:
        st = os.stat(path)
    except OSError as exc:
        from reportgen.core.safeio import os_reason
        raise TemplateError(f"绩效自评表模板 {path} 无法打开：{os_reason(exc)}。") from exc
    key = (str(path), st.st_mtime_ns, st.st_size, tuple(names[r] for r in ROLES))
    found = _CACHE.get(key)
    if found is None:
        found = _parse(path, names)
        _CACHE.clear()
        _CACHE[key] = found
    return found


def _parse(path: Path, names: dict) -> _Layout:
    wb = open_layout(path, "绩效自评表模板")
    env = shared_env()
    styles: list[tuple] = []
    index: dict[tuple, int] = {}
    by_id: dict[tuple[int, bool], int] = {}

    def style_of(cell, general: bool) -> int:
        # looked at once per distinct style of the file (copying and comparing
        # style objects cell by cell took most of the parse)
        key = (cell.style_id, general)
        if key not in by_id:
            spec = (copy(cell.font), copy(cell.border), copy(cell.alignment),
                    GENERAL if general else cell.number_format, copy(cell.fill),
                    copy(cell.protection))
            if spec not in index:
                index[spec] = len(styles)
                styles.append(spec)
            by_id[key] = index[spec]
        return by_id[key]

    sheets, problems = {}, []
    for role in ROLES:
        name = names[role]
        if name not in wb.sheetnames:
            problems.append(f"{_where(path, name)}不存在（profile.toml [selfeval] 的 {role}）。")
            continue
        ws = wb[name]
        key_col = ws.max_column
        ncols = key_col - 2
        if ncols < 1:
            problems.append(f"{_where(path, name)}：最右一列应为各行的类型。")
            continue
        # a merged cell other than the top-left takes the top-left's style
        owner: dict[tuple[int, int], tuple[int, int]] = {}
        for m in ws.merged_cells.ranges:
            for r in range(m.min_row, m.max_row + 1):
                for c in range(m.min_col, m.max_col + 1):
                    owner[(r, c)] = (m.min_row, m.min_col)
        spans: dict[str, list[int]] = {}
        previous = None
        for r in range(1, ws.max_row + 1):
            kind = ws.cell(r, key_col).value
            kind = str(kind).strip() if kind is not None else ""
            if not kind:
                previous = None
                continue
            if kind == previous:
                spans[kind].append(r)
            elif kind in spans:
                problems.append(f"{_where(path, name, f'{get_column_letter(key_col)}{r}')}："
                                f"行类型“{kind}”出现了两次。")
            else:
                spans[kind] = [r]
            previous = kind
        blocks = {}
        for kind, rows in spans.items():
            cells = []
            for r in rows:
                line = []
                for c in range(1, ncols + 1):
                    top = owner.get((r, c), (r, c))
                    src_cell = ws.cell(*top)
                    value = ws.cell(r, c).value if top == (r, c) else None
                    ref = f"{get_column_letter(c)}{r}"
                    if isinstance(value, str) and any(m in value for m in _JINJA_MARK):
                        try:
                            value = _compile(env, value)
                        except jinja2.TemplateSyntaxError as exc:
                            problems.append(f"{_where(path, name, ref)}：Jinja 写法有误：{exc.message}。")
                            value = None
                    line.append(_TCell(value, style_of(src_cell, top != (r, c)), ref))
                cells.append(line)
            merges = [(m.min_row - rows[0], m.min_col, m.max_row - rows[0], m.max_col)
                      for m in ws.merged_cells.ranges
                      if rows[0] <= m.min_row and m.max_row <= rows[-1] and m.max_col <= ncols]
            merged_at = {}
            for (r0, c0, r1, c1) in merges:
                for rr in range(r0, r1 + 1):
                    for cc in range(c0, c1 + 1):
                        merged_at[(rr, cc)] = (r0, c0)
            blocks[kind] = _Block(cells, merges, merged_at)
        widths = [None] * ncols
        for dim in ws.column_dimensions.values():
            lo, hi = dim.min or 0, dim.max or 0
            for c in range(max(lo, 1), min(hi, ncols) + 1):
                widths[c - 1] = dim.width if dim.customWidth or dim.width else None
        pr = ws.sheet_properties.pageSetUpPr
        sheets[role] = _SheetLayout(
            name, ncols, widths, blocks,
            {a: getattr(ws.page_setup, a) for a in _PAGE_SETUP},
            copy(pr) if pr is not None else None,
            ws.print_title_rows.replace("$", "") if ws.print_title_rows else None,
            (copy(ws.page_margins), copy(ws.print_options), copy(ws.HeaderFooter)))
    if problems:
        raise TemplateError("\n".join(problems))
    return _Layout(path, sheets, styles)


# ------------------------------------------------------------------ writing
def _units(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


class _Styles:
    """The layout's styles as named styles of one output workbook, made on
    first use; ``blank`` is the style's variant with the General number
    format (an empty amount cell, as the tables have always had it)."""

    def __init__(self, wb, layout: _Layout):
        self.wb, self.layout = wb, layout
        self.names: dict[tuple[int, bool], str] = {}

    def name(self, index: int, blank: bool = False) -> str:
        font, border, alignment, number_format, fill, protection = self.layout.styles[index]
        blank = blank and number_format != GENERAL
        found = self.names.get((index, blank))
        if found is None:
            found = self.names[(index, blank)] = f"selfeval {index}{' blank' if blank else ''}"
            self.wb.add_named_style(NamedStyle(
                name=found, font=copy(font), border=copy(border), alignment=copy(alignment),
                number_format=GENERAL if blank else number_format, fill=copy(fill),
                protection=copy(protection)))
        return found


class _Sheet:
    """One output sheet written block by block from its layout."""

    def __init__(self, ws, lay: _SheetLayout, layout: _Layout, styles: _Styles):
        self.ws, self.lay, self.layout, self.styles = ws, lay, layout, styles
        self.row = 1
        self.texts: list[tuple[str, int, int, int, int]] = []   # text, row, col, to_row, to_col
        for c, w in enumerate(lay.widths, start=1):
            if w is not None:
                ws.column_dimensions[get_column_letter(c)].width = w

    def _block(self, kind: str) -> _Block:
        try:
            return self.lay.blocks[kind]
        except KeyError:
            raise TemplateError(f"{_where(self.layout.path, self.lay.title)}：缺少类型为“{kind}”的行。") \
                from None

    def value(self, tc: _TCell, ctx: dict):
        """The cell's value in ``ctx``: text, an amount rounded to the cent, or None."""
        v = tc.source
        if isinstance(v, (CellTemplate, _Lookup)):
            v = cell_value(v, ctx, lambda: _where(self.layout.path, self.lay.title, tc.ref))
        if isinstance(v, Decimal) and v.is_finite():
            return fmt.rounded(v)   # an exact 万元 figure, published to the cent once
        if v is not None and not isinstance(v, (str, int, float, Decimal)):
            v = str(v)              # whatever else a clerk's expression gives, as text
        if isinstance(v, str):
            v = ILLEGAL.sub("", v)
            return v if v != "" else None
        return v

    def put(self, row: int, col: int, value, style: str) -> None:
        cell = self.ws.cell(row=row, column=col)
        if value is not None:        # a new cell is empty (and a merged one read-only)
            cell.value = value
            if isinstance(value, str) and value.startswith(_TEXT_PREFIXES):
                cell.data_type = "s"   # text stays text: never a formula
        cell.style = style

    def block(self, kind: str, ctx: dict, skip: tuple[int, ...] = ()) -> int:
        """Append the rows of ``kind``, filled from ``ctx``, leaving the
        columns ``skip`` to the caller; returns the block's first row."""
        b = self._block(kind)
        top = self.row
        ws = self.ws
        for r0, c0, r1, c1 in b.merges:
            merge(ws, top + r0, c0, top + r1, c1)
        for k, line in enumerate(b.rows):
            for c, tc in enumerate(line, start=1):
                if c in skip:
                    continue
                at = b.merged_at.get((k, c))
                if at is not None and at != (k, c):
                    self.put(top + k, c, None, self.styles.name(tc.style))
                    continue
                value = self.value(tc, ctx)
                self.put(top + k, c, value, self.styles.name(tc.style, value is None))
                if isinstance(value, str) and value:
                    span = next(((r1 - r0, c1) for r0, c0, r1, c1 in b.merges
                                 if (r0, c0) == (k, c)), (0, c))
                    self.texts.append((value, top + k, c, top + k + span[0], span[1]))
        self.row += len(b.rows)
        return top

    def merge_down(self, col: int, top: int, bottom: int, value, style: int) -> None:
        """``value`` in column ``col`` from ``top`` to ``bottom``, merged."""
        if bottom > top:
            merge(self.ws, top, col, bottom, col)
        self.put(top, col, value, self.styles.name(style, value is None))
        rest = self.styles.name(style, True)
        for r in range(top + 1, bottom + 1):
            self.put(r, col, None, rest)
        if isinstance(value, str) and value:
            self.texts.append((value, top, col, bottom, col))

    def group(self, head: str, with_head: bool, kind_of, items: list, ctx: dict, name: str,
              runs: bool = False) -> None:
        """The ``head`` row (unless not ``with_head``) and one row per item
        (of the kind ``kind_of(item)``, the item as ``name`` in its context),
        the head row's label merged down the first column; with ``runs`` the
        一级指标 column merged over each run of equal values.  With neither a
        head nor items the label takes one row of its own."""
        label = self._block(head).rows[0][LABEL_COL - 1]
        top = self.row
        skip = (LABEL_COL,)
        if with_head:
            self.block(head, ctx, skip)
        level: list[tuple[int, Any, _TCell]] = []
        for item in items:
            item_ctx = {**ctx, name: item}
            b = self._block(kind_of(item))
            r = self.block(kind_of(item), item_ctx, skip + ((LEVEL1_COL,) if runs else ()))
            if runs:
                tc = b.rows[0][LEVEL1_COL - 1]
                level.append((r, self.value(tc, item_ctx), tc))
        k = 0
        while k < len(level):
            j = k
            while j + 1 < len(level) and level[j + 1][1] == level[k][1]:
                j += 1
            self.merge_down(LEVEL1_COL, level[k][0], level[j][0], level[k][1], level[k][2].style)
            k = j + 1
        bottom = max(self.row - 1, top)
        self.merge_down(LABEL_COL, top, bottom, self.value(label, ctx), label.style)
        self.row = bottom + 1

    def finish(self) -> None:
        """Row heights for the texts (no program fits merged cells' rows), and
        the layout's page setup, footer and print title rows."""
        widths = [w if w is not None else 13 for w in self.lay.widths]
        heights: dict[int, float] = {}
        for text, row, col, to_row, to_col in self.texts:
            width = sum(widths[c - 1] for c in range(col, to_col + 1))
            lines = sum(max(1, -(-_units(part) // max(1, int(width * 1.1) - 1)))
                        for part in text.split("\n"))
            per_row = max(15.0, 14.0 * lines / (to_row - row + 1) + 2)
            for r in range(row, to_row + 1):
                heights[r] = max(heights.get(r, 15.0), per_row)
        ws, lay = self.ws, self.lay
        for r, h in heights.items():
            ws.row_dimensions[r].height = h
        for attr, value in lay.setup.items():
            setattr(ws.page_setup, attr, value)
        if lay.fit is not None:
            ws.sheet_properties.pageSetUpPr = copy(lay.fit)
        ws.page_margins, ws.print_options, ws.HeaderFooter = lay.page
        if lay.title_rows:
            ws.print_title_rows = lay.title_rows


def _fill(ws, layout: _Layout, role: str, styles: _Styles, fill) -> None:
    out = _Sheet(ws, layout.sheets[role], layout, styles)
    fill(out)
    out.finish()


def _indicators(out: _Sheet, indicators: list[Indicator], ctx: dict, head: bool) -> None:
    out.group("indicator_head", head, lambda i: "indicator_text" if i.no_weight else "indicator",
              indicators, ctx, "i", runs=True)


def _unit_sheet(out: _Sheet, u: Unit, unit: str, year: int) -> None:
    ctx = {"year": year, "unit": unit, "u": u, "date": u.text("date"), "total": u.total,
           "b": u.budget, "deviation": u.text("deviation"), "improvement": u.text("improvement")}
    for kind in ("title", "header", "unit", "totals", "budget"):
        out.block(kind, ctx)
    for k, g in enumerate(u.goals):
        goal_ctx = {**ctx, "g": g}
        out.block("goal", goal_ctx)
        _indicators(out, g.indicators, goal_ctx, head=(k == 0))
    out.block("closing", ctx)
    out.block("notes", ctx)


def _table_ctx(t: Table, unit: str, year: int) -> dict:
    return {"year": year, "unit": unit, "t": t, "date": t.text("date"), "total": t.total,
            "b": t.budget, "department": t.text("department"),
            "implementer": t.text("implementer"), "goal": t.text("goal"),
            "result": t.text("result"), "deviation": t.text("deviation"),
            "improvement": t.text("improvement"), "kind": t.text("kind"),
            "kinds": schema.PROJECT_KINDS,
            "funds": {"department": t.amount("fund_department"),
                      "special": t.amount("fund_special"),
                      "transfer": t.amount("fund_transfer")}}


def _project_sheet(out: _Sheet, t: Table, unit: str, year: int) -> None:
    ctx = _table_ctx(t, unit, year)
    for kind in ("title", "header", "name", "department", "kind", "funds", "budget", "goal"):
        out.block(kind, ctx)
    _indicators(out, t.indicators, ctx, head=True)
    out.block("closing", ctx)
    out.block("notes", ctx)


def _transfer_sheet(out: _Sheet, t: Table, unit: str, year: int) -> None:
    ctx = _table_ctx(t, unit, year)
    for kind in ("title", "name", "department"):
        out.block(kind, ctx)
    total = source_total(t.sources, t.typed_total) if t.typed_total is not None else None
    rows = [Source("total", "", total.initial if total is not None else None,
                   t.budget.budget, t.budget.actual)] + list(t.sources)
    out.group("source_head", True, lambda s: "source_total" if s is rows[0] else "source", rows, ctx, "s")
    _indicators(out, t.indicators, ctx, head=True)
    for kind in ("total", "closing", "notes"):
        out.block(kind, ctx)


# ------------------------------------------------------------------ sheets
def _profile(profile: Optional[Profile]) -> Profile:
    return profile if profile is not None else load_profile("default")


def unit_sheet_name(profile: Optional[Profile] = None) -> str:
    """The 整体 table's sheet: named as its layout sheet in selfeval.xlsx."""
    return load_layout(_profile(profile)).sheets["unit"].title


def table_sheet_name(t: Table) -> str:
    """⑴人力资源局机关业务工作经费 (at most 31 characters, Excel's limit)."""
    return _SHEET_UNSAFE.sub("_", f"{t.mark}{t.name}")[:31]


def sheet_names(ev: Evaluation, profile: Optional[Profile] = None) -> list[str]:
    """The sheets in the order of the attachments."""
    names = [unit_sheet_name(profile)] if ev.unit is not None else []
    return names + [table_sheet_name(t) for t in ev.tables]


def performance_workbook(ev: Evaluation, unit: str, year: int,
                         profile: Optional[Profile] = None) -> openpyxl.Workbook:
    """The 绩效自评表 workbook in memory, laid out by the profile's
    selfeval.xlsx (the default profile's when None).  Raises TemplateError
    naming the file, sheet and cell of a faulty layout."""
    layout = load_layout(_profile(profile))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    styles = _Styles(wb, layout)
    if ev.unit is not None:
        _fill(wb.create_sheet(layout.sheets["unit"].title), layout, "unit", styles,
              lambda out: _unit_sheet(out, ev.unit, unit, year))
    for t in ev.tables:
        ws = wb.create_sheet(table_sheet_name(t))
        if t.kind == "project":
            _fill(ws, layout, "project", styles, lambda out, t=t: _project_sheet(out, t, unit, year))
        else:
            _fill(ws, layout, "transfer", styles, lambda out, t=t: _transfer_sheet(out, t, unit, year))
    return wb


def render_performance(ev: Evaluation, unit: str, year: int, target: Optional[Path] = None,
                       profile: Optional[Profile] = None) -> list[Grid]:
    """Write the workbook to ``target`` (complete or not at all; not written
    when None) and return the grids of its sheets, in the order of the
    attachments: the Word document's 第六部分 tables are laid out from them.
    ``profile``: whose selfeval.xlsx lays the tables out (None: default)."""
    wb = performance_workbook(ev, unit, year, profile)
    grids = grids_of(wb)          # before saving: see grids_of
    if target is not None:
        with atomic_path(Path(target)) as tmp:
            wb.save(tmp)
    return grids
