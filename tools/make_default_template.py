"""Bootstrap only: write templates/default/tables.xlsx from scratch.

This script was run once to create the bundled layouts of 表1–表9 (the 2022
部门决算公开 format).  After that the .xlsx is the source of truth: clerks open
it in Excel and restyle it there, and this script is NOT re-run (it would
overwrite their edits).  Keep it as the record of how the file was first
made, and as a starting point for a completely new layout.

    .venv/bin/python tools/make_default_template.py [OUT.xlsx]

Conventions of the file (render/xlsx.py):
* a cell holds plain text, a number, or Jinja: ``{{ title }}``, ``{{ unit }}``,
  ``{{ t.total.total }}``; a cell that is exactly one ``{{ … }}`` is written
  as the value itself (a number keeps the cell's number format; 0 is blank);
* the one row whose cells use ``r`` is the data row: it is repeated once per
  data row (``r`` the row, ``i`` its 1-based number, ``n`` the row count);
* sheets not listed in profile.toml are dropped from the output.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

OUT = Path(__file__).resolve().parents[1] / "templates" / "default" / "tables.xlsx"

FONT = "宋体"
MONEY = "#,##0.00"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

STYLES = {
    # kind: (font size, bold, horizontal, wrap, number format, border);
    # text, codes and amounts are indented one step off the cell border
    "title": (16, True, "center", False, "General", False),
    "unit_l": (10, False, "left", False, "General", False),
    "unit_r": (10, False, "right", False, "General", False),
    "head": (10, False, "center", True, "General", True),
    "num": (10, False, "center", False, "General", True),       # 栏次, 行次
    "text": (10, False, "left", False, "General", True),
    "label": (10, False, "center", False, "General", True),     # 合计, 总计
    "code": (10, False, "left", False, "@", True),
    "money": (10, False, "right", False, MONEY, True),
    "note": (10, False, "left", True, "General", False),
}


class Layout:
    """One sheet, written top to bottom."""

    def __init__(self, wb: openpyxl.Workbook, name: str, widths: list[float]):
        self.ws: Worksheet = wb.create_sheet(name)
        self.ncols = len(widths)
        for i, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        self.row = 0

    def put(self, row: int, col: int, value, kind: str, to_row: int = 0, to_col: int = 0) -> None:
        """Write a value, merging to (to_row, to_col); every cell of a merged
        range gets the style, so borders show on all its edges."""
        to_row, to_col = to_row or row, to_col or col
        if (to_row, to_col) != (row, col):
            self.ws.merge_cells(start_row=row, start_column=col, end_row=to_row, end_column=to_col)
        size, bold, horizontal, wrap, number_format, border = STYLES[kind]
        for r in range(row, to_row + 1):
            for c in range(col, to_col + 1):
                cell = self.ws.cell(r, c)
                cell.font = Font(name=FONT, size=size, bold=bold)
                indent = 1 if kind in ("text", "code", "money") else 0
                cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap,
                                           indent=indent)
                cell.number_format = number_format
                if border:
                    cell.border = BOX
        if value is not None:
            self.ws.cell(row, col).value = value

    def height(self, row: int, points: float) -> None:
        self.ws.row_dimensions[row].height = points

    def title_and_unit(self, unit_split: int) -> None:
        """Row 1 the title across the table, row 2 部门 left and 单位 right."""
        self.put(1, 1, "{{ title }}", "title", to_col=self.ncols)
        self.height(1, 36)
        self.put(2, 1, "部门：{{ unit }}", "unit_l", to_col=unit_split)
        self.put(2, unit_split + 1, "单位：万元", "unit_r", to_col=self.ncols)
        self.height(2, 20)
        self.row = 2

    def header(self, rows: int, cells: list[tuple], heights: list[float]) -> None:
        """cells: (row offset, col, text, rows spanned, cols spanned)."""
        top = self.row + 1
        for r in range(top, top + rows):       # borders also where no text is
            for c in range(1, self.ncols + 1):
                self.put(r, c, None, "head")
        for dr, col, text, rspan, cspan in cells:
            r = top + dr
            kind = "num" if isinstance(text, int) else "head"
            self.put(r, col, text, kind, to_row=r + rspan - 1, to_col=col + cspan - 1)
        for dr, h in enumerate(heights):
            self.height(top + dr, h)
        self.row = top + rows - 1

    def line(self, cells: list[tuple], height: float = 16) -> None:
        """One body row; cells: (col, value, kind[, cols spanned])."""
        self.row += 1
        for c in range(1, self.ncols + 1):
            self.put(self.row, c, None, "text")
        for spec in cells:
            col, value, kind = spec[:3]
            span = spec[3] if len(spec) > 3 else 1
            self.put(self.row, col, value, kind, to_col=col + span - 1)
        self.height(self.row, height)

    def notes(self, lines: list[str], height: float = 16) -> None:
        for text in lines:
            self.row += 1
            self.put(self.row, 1, text, "note", to_col=self.ncols)
            printed = re.sub(r"\{\{.*?\}\}", "00", text)   # a placeholder prints ~2 digits
            lines_needed = max(1, -(-len(printed) * 2 // int(self._width() * 0.95)))
            self.height(self.row, max(height, 15 * lines_needed))

    def _width(self) -> float:
        return sum(self.ws.column_dimensions[get_column_letter(i)].width
                   for i in range(1, self.ncols + 1))

    def print_setup(self, title_rows: str) -> None:
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        # each table on one page, as published (表1–表5 of the example broke onto a
        # second page at full width); the renderer lets a table too long to be
        # read on one page run on over pages (render.xlsx)
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1
        ws.print_options.horizontalCentered = True
        ws.print_title_rows = title_rows
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.sheet_view.showGridLines = False
        # page numbers in the printout
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        ws.oddFooter.center.size = 9


# ------------------------------------------------------------------ layouts
CODE_WIDTHS = [4.5, 4.5, 4.5, 36]   # 类 款 项 (the code is merged across them), 科目名称


def code_header(cols_after: list[tuple]) -> list[tuple]:
    """项目 / 功能分类科目编码 (类 款 项) / 科目名称 block of 表2/3/5/7/8."""
    return [
        (0, 1, "项目", 1, 4),
        (1, 1, "功能分类科目编码", 1, 3),
        (1, 4, "科目名称", 2, 1),
        (2, 1, "类", 1, 1), (2, 2, "款", 1, 1), (2, 3, "项", 1, 1),
        *cols_after,
    ]


def code_table(wb, sheet: str, heads: list[str], keys: list[str], notes: list[str],
               group: tuple[str, int, int] | None = None, absent: bool = False) -> None:
    """表2/3/5/7/8: a 类款项 code table. ``group`` = (text, first, last) of a
    value-column group header such as 本年支出 over 小计/基本支出/项目支出."""
    lay = Layout(wb, sheet, CODE_WIDTHS + [13.5] * len(heads))
    lay.title_and_unit(unit_split=4)
    cells = []
    for j, text in enumerate(heads):
        col = 5 + j
        if group and group[1] <= j <= group[2]:
            cells.append((1, col, text, 2, 1))
        else:
            cells.append((0, col, text, 3, 1))
    if group:
        cells.append((0, 5 + group[1], group[0], 1, group[2] - group[1] + 1))
    lay.header(3, code_header(cells), [22, 22, 22])
    lay.line([(1, "栏次", "label", 4)] + [(5 + j, j + 1, "num") for j in range(len(heads))])
    lay.line([(1, "合计", "label", 4)] + [(5 + j, f"{{{{ t.total.{k} }}}}", "money")
                                        for j, k in enumerate(keys)])
    lay.line([(1, "{{ r.code }}", "code", 3), (4, "{{ r.name }}", "text")]
             + [(5 + j, f"{{{{ r.{k} }}}}", "money") for j, k in enumerate(keys)])
    lay.notes(notes + (["{{ absent_note }}"] if absent else []))
    lay.print_setup("3:6")


def table1(wb) -> None:
    lay = Layout(wb, "收入支出决算总表", [34, 6, 15, 34, 6, 15])
    lay.title_and_unit(unit_split=4)
    lay.header(2, [
        (0, 1, "收入", 1, 3), (0, 4, "支出", 1, 3),
        (1, 1, "项目", 1, 1), (1, 2, "行次", 1, 1), (1, 3, "决算数", 1, 1),
        (1, 4, "项目", 1, 1), (1, 5, "行次", 1, 1), (1, 6, "决算数", 1, 1),
    ], [20, 20])
    lay.line([(1, "栏次", "label", 2), (3, 1, "num"), (4, "栏次", "label", 2), (6, 2, "num")])
    lay.line([
        (1, "{% if r.left %}{{ i|cn }}、{{ r.left.name }}{% endif %}", "text"),
        (2, "{{ i }}", "num"), (3, "{{ r.left.amount }}", "money"),
        (4, "{% if r.right %}{{ i|cn }}、{{ r.right.name }}{% endif %}", "text"),
        (5, "{{ n + 5 + i }}", "num"), (6, "{{ r.right.amount }}", "money"),
    ])
    below = [
        ("本年收入合计", "t.income_total", "本年支出合计", "t.expense_total"),
        ("使用非财政拨款结余", "t.use_nonfiscal_balance", "结余分配", "t.balance_distribution"),
        ("年初结转和结余", "t.carry_begin", "年末结转和结余", "t.carry_end"),
        ("", "", "", ""),
        ("总计", "t.income_grand_total", "总计", "t.expense_grand_total"),
    ]
    for k, (left, lv, right, rv) in enumerate(below, start=1):
        lay.line([
            (1, left, "label"), (2, f"{{{{ n + {k} }}}}", "num"),
            (3, f"{{{{ {lv} }}}}" if lv else None, "money"),
            (4, right, "label"), (5, f"{{{{ 2 * n + {5 + k} }}}}", "num"),
            (6, f"{{{{ {rv} }}}}" if rv else None, "money"),
        ])
    lay.notes([
        "注：1.本表反映部门本年度的总收支和年末结转结余情况。",
        "2.本套报表金额单位转换时可能存在尾数误差。",
        "{{ n + 1 }}行＝（1＋2＋3＋4＋5＋6+7+8）行；{{ n + 5 }}行＝（{{ n + 1 }}＋{{ n + 2 }}＋{{ n + 3 }}）行；",
        "{{ 2 * n + 6 }}行＝（{{ n + 6 }}＋{{ n + 7 }}＋…＋{{ 2 * n + 5 }}）行；"
        "{{ 2 * n + 10 }}行＝（{{ 2 * n + 6 }}＋{{ 2 * n + 7 }}＋{{ 2 * n + 8 }}）行。",
    ])
    lay.print_setup("3:5")


def table4(wb) -> None:
    lay = Layout(wb, "财政拨款收入支出决算总表", [28, 5, 14, 30, 5, 14, 14, 14, 14])
    lay.title_and_unit(unit_split=6)
    lay.header(3, [
        (0, 1, "收 入", 1, 3), (0, 4, "支 出", 1, 6),
        (1, 1, "项目", 2, 1), (1, 2, "行次", 2, 1), (1, 3, "决算数", 2, 1),
        (1, 4, "项目", 2, 1), (1, 5, "行次", 2, 1), (1, 6, "决算数", 1, 4),
        (2, 6, "小计", 1, 1), (2, 7, "一般公共预算财政拨款", 1, 1),
        (2, 8, "政府性基金预算财政拨款", 1, 1), (2, 9, "国有资本经营预算财政拨款", 1, 1),
    ], [20, 18, 40])
    lay.line([(1, "栏次", "label", 2), (3, 1, "num"), (4, "栏次", "label", 2)]
             + [(6 + j, 2 + j, "num") for j in range(4)])
    funds = ("general", "gov", "soe")
    lay.line([
        (1, "{% if r.left %}{{ i|cn }}、{{ r.left.name }}{% endif %}", "text"),
        (2, "{{ i }}", "num"), (3, "{{ r.left.amount }}", "money"),
        (4, "{% if r.right %}{{ i|cn }}、{{ r.right.name }}{% endif %}", "text"),
        (5, "{{ n + 6 + i }}", "num"), (6, "{{ r.right.total }}", "money"),
        *[(7 + j, f"{{{{ r.right.{f} }}}}", "money") for j, f in enumerate(funds)],
    ])

    def right(label: str, total: str, by_fund: str) -> list[tuple]:
        out = [(4, label, "label")]
        if total:
            out.append((6, f"{{{{ {total} }}}}", "money"))
            out += [(7 + j, f"{{{{ {by_fund}.{f} }}}}", "money") for j, f in enumerate(funds)]
        return out

    below = [
        ("本年收入合计", "t.income_total", "本年支出合计", "t.expense_total.total", "t.expense_total"),
        ("年初财政拨款结转和结余", "t.carry_begin_total", "年末财政拨款结转和结余",
         "t.carry_end_total", "t.carry_end"),
        ("一般公共预算财政拨款", "t.carry_begin.general", "", "", ""),
        ("政府性基金预算财政拨款", "t.carry_begin.gov", "", "", ""),
        ("国有资本经营预算财政拨款", "t.carry_begin.soe", "", "", ""),
        ("总计", "t.income_grand_total", "总计", "t.expense_grand_total.total", "t.expense_grand_total"),
    ]
    for k, (left, lv, rlabel, rtotal, rfunds) in enumerate(below, start=1):
        kind = "text" if k in (3, 4, 5) else "label"   # the three funds under 年初…
        lay.line([(1, left, kind), (2, f"{{{{ n + {k} }}}}", "num"), (3, f"{{{{ {lv} }}}}", "money"),
                  *right(rlabel, rtotal, rfunds), (5, f"{{{{ 2 * n + {6 + k} }}}}", "num")])
    lay.notes([
        "注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款"
        "的总收支和年末结转结余情况。",
        "{{ n + 1 }}行＝（1＋2+3）行；{{ n + 2 }}行＝（{{ n + 3 }}＋{{ n + 4 }}+{{ n + 5 }}）行；"
        "{{ n + 6 }}行＝（{{ n + 1 }}＋{{ n + 2 }}）行；",
        "{{ 2 * n + 7 }}行＝（{{ n + 7 }}＋{{ n + 8 }}＋…＋{{ 2 * n + 6 }}）行；"
        "{{ 2 * n + 12 }}行＝（{{ 2 * n + 7 }}＋{{ 2 * n + 8 }}）行。",
    ])
    lay.print_setup("3:6")


def table6(wb) -> None:
    lay = Layout(wb, "一般公共预算财政拨款基本支出决算明细表", [10, 28, 13, 10, 26, 13, 10, 24, 13])
    lay.title_and_unit(unit_split=6)
    heads = []
    for g in range(3):
        heads += [(1, 1 + 3 * g, "经济分类科目", 1, 1), (1, 2 + 3 * g, "科目名称", 1, 1),
                  (1, 3 + 3 * g, "决算数", 1, 1)]
    lay.header(2, [(0, 1, "人员经费", 1, 3), (0, 4, "公用经费", 1, 6), *heads], [20, 30])
    row = []
    for g, p in enumerate("abc"):
        row += [(1 + 3 * g, f"{{{{ r.{p}_code }}}}", "code"), (2 + 3 * g, f"{{{{ r.{p}_name }}}}", "text"),
                (3 + 3 * g, f"{{{{ r.{p}_amount }}}}", "money")]
    lay.line(row)
    lay.line([(1, "人员经费合计", "label", 2), (3, "{{ t.personnel_total }}", "money"),
              (4, "公用经费合计", "label", 5), (9, "{{ t.public_total }}", "money")])
    lay.notes(["注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"])
    lay.print_setup("3:4")


def table9(wb) -> None:
    lay = Layout(wb, "财政拨款“三公”经费支出决算表", [11.5] * 12)
    lay.title_and_unit(unit_split=8)
    cells = []
    for g, text in enumerate(("预算数", "决算数")):
        c = 1 + 6 * g
        cells += [
            (0, c, text, 1, 6),
            (1, c, "合计", 2, 1), (1, c + 1, "因公出国（境）费", 2, 1),
            (1, c + 2, "公务用车购置及运行维护费", 1, 3), (1, c + 5, "公务接待费", 2, 1),
            (2, c + 2, "小计", 1, 1), (2, c + 3, "公务用车购置费", 1, 1),
            (2, c + 4, "公务用车运行维护费", 1, 1),
        ]
    lay.header(3, cells, [20, 30, 30])
    lay.line([(c, c, "num") for c in range(1, 13)])
    keys = ("total", "abroad", "car", "car_purchase", "car_running", "reception")
    lay.line([(1 + 6 * g + j, f"{{{{ t.{col}.{k} }}}}", "money")
              for g, col in enumerate(("budget", "actual")) for j, k in enumerate(keys)])
    lay.notes([
        "注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
        "反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。",
        "1栏＝（2＋3＋6）栏；3栏＝（4＋5）栏；7栏＝（8＋9＋12）栏；9栏=（10+11）栏。",
    ])
    lay.print_setup("3:6")


# ------------------------------------- tables beyond the nine (not in the default profile)
# Each is bound to a data set of the report (core/profile.py DATA_SETS); a
# region lists it in its profile.toml.  Fixed rows name their figures by key
# (``t.by.<key>``), so a region may drop, reorder or rename rows in Excel.
COUNT = "0"


def table8_flow(wb) -> None:
    """表8 as 收入支出 (Shanghai's 九): [[table]] id = "t8", form = "收入支出"."""
    code_table(wb, "国有资本经营预算财政拨款收入支出决算表",
               ["年初结转和结余", "本年收入", "小计", "基本支出", "项目支出", "年末结转和结余"],
               ["carry_begin", "income", "total", "exp_basic", "exp_project", "carry_end"],
               ["注：本表反映部门本年度国有资本经营预算财政拨款收入、支出及结转和结余情况。",
                "6栏各行＝（1＋2－3）栏各行；3栏各行＝（4＋5）栏各行。"],
               group=("本年支出", 2, 4), absent=True)


def projects_table(wb) -> None:
    """项目支出决算表 (data set ``projects``): one row per project."""
    lay = Layout(wb, "项目支出决算表", [8, 40, 16, 36, 16])
    lay.title_and_unit(unit_split=3)
    lay.header(1, [(0, 1, "序号", 1, 1), (0, 2, "项目名称", 1, 1), (0, 3, "功能分类科目编码", 1, 1),
                   (0, 4, "科目名称", 1, 1), (0, 5, "决算数", 1, 1)], [30])
    lay.line([(1, "合计", "label", 4), (5, "{{ t.total }}", "money")])
    lay.line([(1, "{{ i }}", "num"), (2, "{{ r.name }}", "text"), (3, "{{ r.code }}", "code"),
              (4, "{{ r.code_name }}", "text"), (5, "{{ r.amount }}", "money")])
    lay.notes(["注：本表反映部门本年度一般公共预算财政拨款项目支出情况，按“项目支出”表逐项列示。",
               "{{ absent_note }}"])
    lay.print_setup("3:3")


def fixed_table(wb, sheet: str, heads: list[str], widths: list[float],
                rows: list[tuple[str, str]], columns: list[str], notes: list[str],
                number: str = MONEY, unit: str = "") -> None:
    """A table of fixed rows: ``rows`` (label, key) by ``columns`` (fields of
    the data set's rows: current, budget, last, extra, share)."""
    lay = Layout(wb, sheet, widths)
    split = max(1, len(widths) - 2)
    lay.title_and_unit(unit_split=split)
    if unit:
        lay.ws.cell(2, split + 1).value = unit
    lay.header(1, [(0, 1 + j, text, 1, 1) for j, text in enumerate(heads)], [30])
    for label, key in rows:
        kind = "label" if not label.startswith(("其中", "  ")) and key in ("total", "vehicles") else "text"
        cells = [(1, label, kind)]
        for j, col in enumerate(columns):
            cells.append((2 + j, f"{{{{ t.by.{key}.{col} }}}}", "money"))
        lay.line(cells)
        for j, col in enumerate(columns):
            lay.ws.cell(lay.row, 2 + j).number_format = "0.00" if col == "share" else number
    lay.notes(notes + ["{{ absent_note }}"])
    lay.print_setup("3:3")


def extra_tables(wb) -> None:
    table8_flow(wb)
    projects_table(wb)
    fixed_table(wb, "财政拨款“三公”经费及机关运行经费支出决算表",
                ["项目", "预算数", "决算数", "上年决算数"], [36, 16, 16, 16],
                [("“三公”经费合计", "total"), ("1.因公出国（境）费", "abroad"),
                 ("2.公务用车购置及运行维护费", "car"), ("  其中：公务用车购置费", "car_purchase"),
                 ("        公务用车运行维护费", "car_running"), ("3.公务接待费", "reception"),
                 ("机关运行经费", "operation")],
                ["budget", "current", "last"],
                ["注：本表反映部门本年度财政拨款“三公”经费和机关运行经费支出情况。"
                 "机关运行经费没有预算数一栏。"])
    fixed_table(wb, "政府采购支出情况表",
                ["项目", "政府采购支出", "授予中小企业合同金额", "占比（%）"], [34, 16, 18, 12],
                [("合计", "total"), ("货物", "goods"), ("工程", "works"), ("服务", "services"),
                 ("其中：授予小微企业合同金额", "sme_small")],
                ["current", "extra", "share"],
                ["注：占比为授予中小企业合同金额占该类政府采购支出的百分比；"
                 "小微企业一行为授予小微企业合同金额占授予中小企业合同金额的百分比。"])
    fixed_table(wb, "国有资产占有使用情况表", ["项目", "数量"], [50, 16],
                [("车辆合计（辆）", "vehicles"), ("  其中：公务用车（辆）", "cars"),
                 ("      其中：主要领导干部用车", "cars_leader"),
                 ("            机要通信用车", "cars_confidential"),
                 ("            应急保障用车", "cars_emergency"),
                 ("            执法执勤用车", "cars_law"),
                 ("            特种专业技术用车", "cars_special"),
                 ("            离退休干部服务用车", "cars_retired"),
                 ("            其他公务用车", "cars_general"),
                 ("        其他用车（辆）", "other_cars"),
                 ("单价50万元（含）以上通用设备（台、套）", "general_equipment"),
                 ("单价100万元（含）以上专用设备（台、套）", "special_equipment")],
                ["current"],
                ["注：本表反映部门截至本年末国有资产占有使用情况（车辆和大型设备）。"],
                number=COUNT, unit="单位：辆、台（套）")
    fixed_table(wb, "一般性支出情况表", ["项目", "本年决算数", "上年决算数"], [34, 16, 16],
                [("合计", "total"), ("会议费", "meeting"), ("培训费", "training")],
                ["current", "last"],
                ["注：本表反映部门本年度财政拨款会议费、培训费支出情况。"])


def readme(wb) -> None:
    """A first sheet for whoever opens the file in Excel (dropped from outputs)."""
    ws = wb.create_sheet("模板说明")
    ws.column_dimensions["A"].width = 110
    lines = [
        "本文件是 reportgen 的表格模板（模板方案 default）。用 Excel 修改后保存即可生效。",
        "",
        "1. 每张决算表一个工作表；哪些表出现、顺序、输出的工作表名和标题写在同一文件夹的 profile.toml 中。",
        "2. 单元格中 {{ … }} 是占位符，由程序填入；其余文字原样输出。可改字体、列宽、边框、表头文字和“注”的措辞。",
        "3. 用到 r 的那一行是“数据行”（如 {{ r.code }}），程序按数据逐行复制它（含格式、行高、合并单元格）；"
        "下面的行自动下移。每张表只能有一行数据行。",
        "4. 单元格内容恰好是一个 {{ … }} 时写入数值本身，保留该单元格的数字格式；数值为 0 时留空。",
        "5. 可用的变量：unit 单位名称，year 年度，title 标题，absent_note 基金表无数据时的说明，"
        "t 本表数据，n 数据行数；数据行中另有 r 当前行、i 行号（从 1 起）。",
        "6. 过滤器：money 金额文字（1,234.50），percent 百分比，plain 去掉多余的零，cn 中文数字（26 → 二十六）。",
        "7. 本工作表（模板说明）不在 profile.toml 中，不会出现在输出里。",
        "8. 九张表之后的工作表（项目支出决算表、“三公”经费及机关运行经费、政府采购、国有资产、一般性支出，"
        "以及收入支出格式的国有资本经营预算表）默认不输出；在 profile.toml 中列出即输出。"
        "固定行的表用 t.by.<行键>.<栏> 取数，如 {{ t.by.meeting.current }}。",
    ]
    for i, text in enumerate(lines, start=1):
        cell = ws.cell(i, 1, text)
        cell.font = Font(name=FONT, size=11, bold=(i == 1))
        cell.alignment = Alignment(wrap_text=True, vertical="top")


# 收入决算表 and 支出决算表: the column heads and the computed rows' keys
INCOME_COLUMNS = (["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                   "附属单位上缴收入", "其他收入"],
                  ["total", "income_fiscal", "income_superior", "income_business",
                   "income_operating", "income_affiliated", "income_other"])
EXPENSE_COLUMNS = (["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
                   ["total", "exp_basic", "exp_project", "exp_remit", "exp_operating", "exp_subsidy"])


def build(out: Path) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    readme(wb)
    table1(wb)
    code_table(wb, "收入决算表", *INCOME_COLUMNS,
               ["注：本表反映部门本年度取得的各项收入情况。", "1栏各行＝（2＋3＋4＋5＋6＋7）栏各行。"])
    code_table(wb, "支出决算表", *EXPENSE_COLUMNS,
               ["注：本表反映部门本年度各项支出情况。", "1栏各行＝（2＋3＋4＋5＋6）栏各行。"])
    table4(wb)
    code_table(wb, "一般公共预算财政拨款支出决算表", ["小计", "基本支出", "项目支出"],
               ["total", "exp_basic", "exp_project"],
               ["注：本表反映部门本年度一般公共预算财政拨款支出情况。", "1栏各行＝（2＋3）栏各行。"],
               group=("本年支出", 0, 2))
    table6(wb)
    code_table(wb, "政府性基金预算财政拨款收入支出决算表",
               ["年初结转和结余", "本年收入", "小计", "基本支出", "项目支出", "年末结转和结余"],
               ["carry_begin", "income", "total", "exp_basic", "exp_project", "carry_end"],
               ["注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
                "6栏各行＝（1＋2－3）栏各行；3栏各行＝（4＋5）栏各行。"],
               group=("本年支出", 2, 4), absent=True)
    code_table(wb, "国有资本经营预算财政拨款支出决算表", ["合计", "基本支出", "项目支出"],
               ["total", "exp_basic", "exp_project"],
               ["注：本表反映部门本年度国有资本经营预算财政拨款支出情况。", "1栏各行＝（2＋3）栏各行。"],
               group=("本年支出", 0, 2), absent=True)
    table9(wb)
    extra_tables(wb)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"written {sys.argv[1] if len(sys.argv) > 1 else OUT}")
