"""The self-evaluation tables as one workbook: <单位>_<年度>年度绩效自评表.xlsx.

One sheet per table, laid out as the reference prints them: the 部门（单位）
整体绩效自评表, one 项目支出绩效自评表 per project (⑴…), one 转移支付整体
绩效目标自评表 per programme (numbered on after the projects), each with its
merged label cells and the scoring notes under it.  The scores are the
computed ones (``evaluation``); amounts are numbers in 万元 (#,##0.00),
rates and scores the text ``fmt`` makes of them, as printed.

Layout conventions the Word document relies on (it copies these sheets as
its 第六部分 tables from the same sheets, ``render/grid.py``): the table is the bordered
block; rows above it (title, 单位名称 line) and below it (备注) are
unbordered, one text per row, or two for a line with a right-hand part.
"""

from __future__ import annotations

import re
import weakref
from copy import copy
from decimal import Decimal
from pathlib import Path
from typing import Optional

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.borders import DEFAULT_BORDER
from openpyxl.utils import get_column_letter

from reportgen.core import fmt, schema
from reportgen.selfeval.tables import Evaluation, Indicator, Table, Unit, source_total
from reportgen.core.safeio import atomic_path
from reportgen.render.grid import Grid, grids_of
from reportgen.render.sheets import merge

NCOLS = 7
# A label, B 一级, C 二级, D 三级, E 目标值, F 完成值, G 得分
WIDTHS = (13, 8, 11, 28, 16, 16, 11)
# a transfer table's B column also holds 年度资金总额 / 其中：省级补助
TRANSFER_WIDTHS = (12, 12, 11, 26, 15, 15, 11)
AMOUNT_FORMAT = "#,##0.00"
PAGE_FOOTER = "第 &P 页 共 &N 页"
_FONT = "宋体"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TEXT_PREFIXES = ("=", "+", "-", "@")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
CHECKED, UNCHECKED = "■", "□"
# workbook -> {style key: StyleArray}; style ids are the workbook's own
_STYLES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

NOTES = (
    "备注：",
    "1.预算执行情况口径：预算数为调整后财政资金总额（包括上年结余结转），执行数为资金使用单位财政资金"
    "实际支出数。",
    "2.定量指标完成数汇总原则：绝对值直接累加计算，相对值按照资金额度加权平均计算。定量指标计分原则："
    "正向指标（即目标值为≥X,得分=权重*B/A），反向指标（即目标值为≤X，得分=权重*A/B），得分不得突破"
    "权重总额。定量指标先汇总完成数，再计算得分。",
    "3.定性指标计分原则：达成预期指标、部分达成预期指标、未达成预期指标三档，分别按照该指标对应分值区"
    "间 100%-80%（≥80%）、80%-50%（≥50%，＜80%）、50%-0%（＜50%）合理确定分值。汇总时，以资金额度为"
    "权重，对分值进行加权平均计算。",
    "4.基于经济性和必要性等因素考虑，满意度指标暂可不作为必评指标。",
)
TRANSFER_NOTES = (
    "注：1.其他资金包括和省级补助、市县财政资金共同投入到同一项目的自有资金、社会资金，以及以前"
    "年度的结转结余资金等。",
    "2.定量指标计分原则：正向指标（即目标值为≥X,得分=权重*B/A），反向指标（即目标值为≤X，得分="
    "权重*A/B），得分不得突破权重总额。定量指标先汇总完成数，再计算得分。定量指标汇总原则，对绝"
    "对值直接累加计算，相对值按照资金额度加权平均计算。",
    "3.定性指标计分原则：达成预期指标、部分达成预期指标并具有一定效果、未达成预期指标且效果较差"
    "三档，分别按照该指标对应分值区间 100-80%（含 80%）、80-50%（含 50%）、50-0%合理确定分值。汇"
    "总时，以资金额度为权重，对分值进行加权平均计算。",
)


def unit_sheet_name() -> str:
    return "整体绩效自评表"


def table_sheet_name(t: Table) -> str:
    """⑴人力资源局机关业务工作经费 (at most 31 characters, Excel's limit)."""
    return _SHEET_UNSAFE.sub("_", f"{t.mark}{t.name}")[:31]


def sheet_names(ev: Evaluation) -> list[str]:
    """The sheets in the order of the attachments."""
    names = [unit_sheet_name()] if ev.unit is not None else []
    return names + [table_sheet_name(t) for t in ev.tables]


def _score(v: Optional[Decimal]) -> str:
    return fmt.score(v)


def _rate(budget: Optional[Decimal], actual: Optional[Decimal]) -> str:
    if budget is None or actual is None or budget <= 0:
        return ""
    return fmt.percent(actual, budget, 2)


def _units(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


class _Writer:
    """Cells of one sheet, row by row; every cell of a merged bordered range
    gets the border (openpyxl draws only what each cell carries)."""

    def __init__(self, ws, widths: tuple = WIDTHS):
        self.ws = ws
        self.widths = widths
        self.row = 1
        self.heights: dict[int, float] = {}
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w

    def put(self, row: int, col: int, value, *, to_col: Optional[int] = None,
            to_row: Optional[int] = None, bold: bool = False, align: str = "center",
            border: bool = True, size: float = 10.5, amount: bool = False) -> None:
        to_col, to_row = to_col or col, to_row or row
        if isinstance(value, str):
            value = _ILLEGAL.sub("", value)
        if amount and isinstance(value, Decimal) and value.is_finite():
            value = fmt.rounded(value)   # an exact 万元 figure, published to the cent once
        ws = self.ws
        merged = to_col > col or to_row > row
        if merged:
            merge(ws, row, col, to_row, to_col)
        cell = ws.cell(row=row, column=col)
        cell.value = value if value != "" else None
        if isinstance(value, str) and value.startswith(_TEXT_PREFIXES):
            cell.data_type = "s"   # text stays text: never a formula
        key = (size, bold, align, border)
        # the range's style first: making a new style passes through ``cell``
        rest = self._style(cell, key + (False,)) if merged else None
        cell._style = copy(self._style(cell, key + (amount and value is not None,)))
        if merged:
            for r in range(row, to_row + 1):
                for c in range(col, to_col + 1):
                    if r != row or c != col:
                        ws.cell(row=r, column=c)._style = copy(rest)
        # a row tall enough for its text (no program fits merged cells' rows)
        if isinstance(value, str) and value:
            width = sum(self.widths[c - 1] for c in range(col, to_col + 1))
            lines = sum(max(1, -(-_units(part) // max(1, int(width * 1.1) - 1)))
                        for part in value.split("\n"))
            rows = to_row - row + 1
            per_row = max(15.0, 14.0 * lines / rows + 2)
            for r in range(row, to_row + 1):
                self.heights[r] = max(self.heights.get(r, 15.0), per_row)

    def _style(self, cell, key: tuple):
        """The style of ``key`` (size, bold, align, border, amount), made once
        per workbook on ``cell`` and copied from then on: setting fonts and
        borders through openpyxl's proxies cell by cell hashes every style
        object each time, which took half of a build."""
        cache = _STYLES.setdefault(self.ws.parent, {})
        style = cache.get(key)
        if style is None:
            size, bold, align, border, amount = key
            cell.font = Font(name=_FONT, size=size, bold=bold)
            cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
            cell.border = _BORDER if border else DEFAULT_BORDER
            cell.number_format = AMOUNT_FORMAT if amount else "General"
            style = cache[key] = copy(cell._style)
        return style

    def line(self, value, **kw) -> int:
        """A whole-width row; returns its number."""
        r = self.row
        self.put(r, 1, value, to_col=NCOLS, **kw)
        self.row += 1
        return r

    def finish(self, title_rows: int) -> None:
        ws = self.ws
        for r, h in self.heights.items():
            ws.row_dimensions[r].height = h
        ws.page_setup.orientation = "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.print_options.horizontalCentered = True
        # page numbers in the printout: 第 1 页 共 3 页
        ws.oddFooter.center.text = PAGE_FOOTER
        ws.oddFooter.center.size = 9
        # the title rows and the table's first row (项目名称 / 单位名称 /
        # 转移支付名称) repeat on every page, in Excel and in the Word copy
        if title_rows:
            ws.print_title_rows = f"1:{title_rows}"


def _header_line(w: _Writer, unit: str, date: str, total: Decimal) -> None:
    """单位名称（盖章）… 填报日期 … | 自评得分：…分 (unbordered)."""
    r = w.row
    w.put(r, 1, f"单位名称（盖章）：{unit}　　填报日期：{date}", to_col=5, border=False,
          align="left")
    w.put(r, 6, f"自评得分：{_score(total)}分", to_col=7, border=False, align="right")
    w.row += 1


def _notes(w: _Writer, notes: tuple[str, ...]) -> None:
    for text in notes:
        w.line(text, border=False, align="left", size=9)


def _indicator_rows(w: _Writer, indicators: list[Indicator], label_top: int) -> int:
    """The indicator rows below a header; 一级指标 merged over its run.
    Returns the last row written."""
    start = w.row
    runs: list[tuple[int, int, str]] = []
    for i in indicators:
        r = w.row
        w.put(r, 3, i.level2)
        if i.no_weight:
            w.put(r, 4, i.name, to_col=7, align="left")
        else:
            w.put(r, 4, i.name, align="left")
            w.put(r, 5, i.target)
            w.put(r, 6, i.actual)
            w.put(r, 7, _score(i.score))
        if runs and runs[-1][2] == i.level1:
            runs[-1] = (runs[-1][0], r, i.level1)
        else:
            runs.append((r, r, i.level1))
        w.row += 1
    for top, bottom, level1 in runs:
        w.put(top, 2, level1, to_row=bottom)
    last = max(w.row - 1, start - 1, label_top)
    return last


def _indicator_header(w: _Writer, r: int, target: str = "年初目标值（A）",
                      actual: str = "实际完成值（B）") -> None:
    for col, text in ((2, "一级指标"), (3, "二级指标"), (4, "三级指标"), (5, target),
                      (6, actual), (7, "得分")):
        w.put(r, col, text, bold=True)


def _budget_block(w: _Writer, label: str, row_label: str, budget, actual, rate: str,
                  score: str) -> None:
    r = w.row
    w.put(r, 1, label, to_row=r + 1)
    w.put(r, 2, "", to_col=3)
    for col, text in ((4, "预算数（A）"), (5, "执行数（B）"), (6, "执行率（B/A）"),
                      (7, "得分（20分*执行率）")):
        w.put(r, col, text)
    w.put(r + 1, 2, row_label, to_col=3)
    w.put(r + 1, 4, budget, amount=True)
    w.put(r + 1, 5, actual, amount=True)
    w.put(r + 1, 6, rate)
    w.put(r + 1, 7, score)
    w.row += 2


def _closing(w: _Writer, deviation: str, improvement: str) -> None:
    for label, text in (("偏差大或目标未完成原因分析", deviation),
                        ("改进措施及结果应用方案", improvement)):
        r = w.row
        w.put(r, 1, label, to_col=2)
        w.put(r, 3, text, to_col=NCOLS, align="left")
        w.row += 1


def _unit_sheet(ws, u: Unit, unit: str, year: int) -> None:
    w = _Writer(ws)
    w.line(f"{year}年度部门（单位）整体绩效自评表", border=False, bold=True, size=14)
    _header_line(w, unit, u.text("date"), u.total)
    r = w.row
    w.put(r, 1, "单位名称")
    w.put(r, 2, unit, to_col=NCOLS)
    r += 1
    w.put(r, 1, "基本支出总额")
    w.put(r, 2, u.basic_budget, to_col=3, amount=True)
    w.put(r, 4, "项目支出总额")
    w.put(r, 5, u.project_budget, to_col=NCOLS, amount=True)
    w.row = r + 1
    b = u.budget
    _budget_block(w, "预算执行情况（万元）（20分）", "部门整体支出总额", b.budget, b.actual,
                  _rate(b.budget, b.actual), _score(b.score))
    for k, g in enumerate(u.goals):
        r = w.row
        w.put(r, 1, f"年度目标{g.no}：（{_score(g.weight)}分）")
        w.put(r, 2, g.text, to_col=NCOLS, align="left")
        w.row += 1
        top = w.row
        if k == 0:
            _indicator_header(w, top)
            w.row += 1
        last = _indicator_rows(w, g.indicators, top)
        w.put(top, 1, "年度绩效指标", to_row=max(last, top))
        w.row = max(last, top) + 1
    _closing(w, u.text("deviation"), u.text("improvement"))
    _notes(w, NOTES)
    w.finish(3)


def _project_sheet(ws, t: Table, unit: str, year: int) -> None:
    w = _Writer(ws)
    w.line(f"{year}年度项目支出绩效自评表{t.mark}", border=False, bold=True, size=14)
    _header_line(w, unit, t.text("date"), t.total)
    r = w.row
    w.put(r, 1, "项目名称")
    w.put(r, 2, t.name, to_col=NCOLS)
    w.put(r + 1, 1, "主管部门")
    w.put(r + 1, 2, t.text("department"), to_col=4)
    w.put(r + 1, 5, "项目实施单位")
    w.put(r + 1, 6, t.text("implementer"), to_col=NCOLS)
    kind = t.text("kind")
    boxes = "　".join(f"{k}、{name} {CHECKED if name == kind else UNCHECKED}"
                      for k, name in enumerate(schema.PROJECT_KINDS, start=1))
    w.put(r + 2, 1, "项目类型")
    w.put(r + 2, 2, boxes, to_col=NCOLS, align="left")
    r += 3
    w.put(r, 1, "预算来源及资金规模", to_row=r + 2)
    for k, (key, name) in enumerate((("fund_department", "部门预算项目"),
                                     ("fund_special", "专项资金"),
                                     ("fund_transfer", "上级转移支付项目")), start=1):
        v = t.amount(key)
        w.put(r + k - 1, 2, f"{k}、{name} {CHECKED if v is not None else UNCHECKED}", to_col=4,
              align="left")
        w.put(r + k - 1, 5, f"资金量：{fmt.money_short(v)}万元" if v is not None else "资金量：",
              to_col=NCOLS, align="left")
    w.row = r + 3
    b = t.budget
    _budget_block(w, "预算执行情况（万元）（20分）", "年度财政资金总额", b.budget, b.actual,
                  _rate(b.budget, b.actual), _score(b.score))
    r = w.row
    w.put(r, 1, "项目绩效总目标（20分）", to_row=r + 1)
    w.put(r, 2, "年初设定目标", to_col=4)
    w.put(r, 5, "全年实际完成情况", to_col=6)
    w.put(r, 7, "得分")
    w.put(r + 1, 2, t.text("goal"), to_col=4, align="left")
    w.put(r + 1, 5, t.text("result"), to_col=6, align="left")
    w.put(r + 1, 7, _score(t.goal_score))
    w.row = r + 2
    top = w.row
    _indicator_header(w, top)
    w.row += 1
    last = _indicator_rows(w, t.indicators, top)
    w.put(top, 1, "项目年度绩效指标（60分）", to_row=last)
    w.row = last + 1
    _closing(w, t.text("deviation"), t.text("improvement"))
    _notes(w, NOTES)
    w.finish(3)


def _transfer_sheet(ws, t: Table, year: int) -> None:
    w = _Writer(ws, TRANSFER_WIDTHS)
    # one title line: the Word copy centres only a table's first line
    w.line(f"{t.name}转移支付整体绩效目标自评表{t.mark}（{year}年度）", border=False, bold=True,
           size=14)
    r = w.row
    w.put(r, 1, "转移支付（省直专项）名称", to_col=2)
    w.put(r, 3, t.name, to_col=NCOLS)
    w.put(r + 1, 1, "省直部门", to_col=2)
    w.put(r + 1, 3, t.text("department"), to_col=NCOLS)
    r += 2
    total = source_total(t.sources, t.typed_total) if t.typed_total is not None else None
    rows = [("年度资金总额：", t.budget.budget, t.budget.actual,
             total.initial if total is not None else None)]
    labels = {"province": "其中：省级补助", "county": "市县资金", "other": "其他资金"}
    for s in t.sources:
        rows.append((labels.get(s.key, s.label), s.budget, s.actual, s.initial))
    w.put(r, 1, "转移支付（省直专项）资金（万元）（20分）", to_row=r + len(rows))
    for col, text in ((2, ""), (3, "年初预算数"), (4, "全年预算数（A）"), (5, "全年执行数（B）"),
                      (6, "执行率（B/A）"), (7, "得分（20分*执行率）")):
        w.put(r, col, text)
    for k, (label, budget, actual, initial) in enumerate(rows, start=1):
        w.put(r + k, 2, label)
        w.put(r + k, 3, initial, amount=True)
        w.put(r + k, 4, budget, amount=True)
        w.put(r + k, 5, actual, amount=True)
        w.put(r + k, 6, _rate(budget, actual))
        w.put(r + k, 7, _score(t.budget.score) if k == 1 else "")
    w.row = r + len(rows) + 1
    top = w.row
    _indicator_header(w, top, "年初目标值", "实际完成值")
    w.row += 1
    last = _indicator_rows(w, t.indicators, top)
    w.put(top, 1, "绩效指标（80分）", to_row=last)
    w.row = last + 1
    r = w.row
    w.put(r, 1, "总分", to_col=2)
    w.put(r, 3, f"{_score(t.total)}分", to_col=NCOLS)
    w.row += 1
    _closing(w, t.text("deviation"), t.text("improvement"))
    _notes(w, TRANSFER_NOTES)
    w.finish(2)


def performance_workbook(ev: Evaluation, unit: str, year: int) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if ev.unit is not None:
        _unit_sheet(wb.create_sheet(unit_sheet_name()), ev.unit, unit, year)
    for t in ev.tables:
        ws = wb.create_sheet(table_sheet_name(t))
        if t.kind == "project":
            _project_sheet(ws, t, unit, year)
        else:
            _transfer_sheet(ws, t, year)
    return wb


def render_performance(ev: Evaluation, unit: str, year: int,
                       target: Optional[Path] = None) -> list[Grid]:
    """Write the workbook to ``target`` (complete or not at all; not written
    when None) and return the grids of its sheets, in the order of the
    attachments: the Word document's 第六部分 tables are laid out from them."""
    wb = performance_workbook(ev, unit, year)
    grids = grids_of(wb)          # before saving: see grids_of
    if target is not None:
        with atomic_path(Path(target)) as tmp:
            wb.save(tmp)
    return grids
