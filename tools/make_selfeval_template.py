"""Write templates/default/selfeval.xlsx: the layouts of the 绩效自评表.

    .venv/bin/python tools/make_selfeval_template.py [OUT.xlsx]

The file holds one sheet per kind of self-evaluation table — 整体绩效自评表,
项目支出绩效自评表, 转移支付绩效自评表 (profile.toml ``[selfeval]`` names
them) — and a 说明 sheet for the clerk.  Each layout sheet is a sample of its
table, one row of each kind, and ``render/performance_xlsx.py`` builds every
output table by copying these rows (values, merged cells, fonts, borders,
alignment, number formats) in the order the table needs, repeating the
indicator and source rows once per line of the workbook:

* the last used column holds each row's kind (``title``, ``indicator`` …);
  consecutive rows of the same kind form one block, copied together with the
  cells merged inside it; the columns left of it, up to one blank spacer
  column, are the table's;
* a cell holds plain text, or Jinja: ``{{ t.name }}``; a cell that is
  exactly one ``{{ … }}`` receives the value itself (an amount keeps the
  cell's number format, and is blank when there is none);
* column widths, fonts, borders, the page setup, the footer and the print
  title rows (which must lie in the rows above the first repeated row) are
  the output's;
* the first column of an ``indicator_head`` / ``source_head`` row holds the
  label the output merges down the whole indicator (source) group; the second
  column of the indicator rows (一级指标) is merged over each run of equal
  values.

The bundled layout reproduces the tables as the Wuhan 2022 report prints
them.  The bundled file is generated: change this script, re-run it and
commit both (tests/render/test_selfeval_layout.py checks they agree).  A
region's copy of the profile is edited in Excel.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

OUT = Path(__file__).resolve().parents[1] / "templates" / "default" / "selfeval.xlsx"

FONT = "宋体"
AMOUNT = "#,##0.00"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NCOLS = 7
KEY_COL = NCOLS + 2            # one blank spacer column, then the row kinds
# A label, B 一级, C 二级, D 三级, E 目标值, F 完成值, G 得分
WIDTHS = (13, 8, 11, 28, 16, 16, 11)
# a transfer table's B column also holds 年度资金总额 / 其中：省级补助
TRANSFER_WIDTHS = (12, 12, 11, 26, 15, 15, 11)
FOOTER = "第 &P 页 共 &N 页"

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

SOURCE_LABEL = ("{% if s.key == 'province' %}其中：省级补助{% elif s.key == 'county' %}市县资金"
                "{% elif s.key == 'other' %}其他资金{% else %}{{ s.label }}{% endif %}")
KINDS = ("{% for k in kinds %}{% if not loop.first %}　{% endif %}{{ loop.index }}、{{ k }} "
         "{{ '■' if k == kind else '□' }}{% endfor %}")


def _fund(no: int, key: str, name: str) -> tuple[str, str]:
    return (f"{no}、{name} {{{{ '■' if funds.{key} is not none else '□' }}}}",
            f"资金量：{{% if funds.{key} is not none %}}{{{{ funds.{key}|money_short }}}}万元"
            "{% endif %}")


class Sheet:
    """One layout sheet, written row by row; ``put`` styles a cell as the
    tables print it (the merged range's other cells get their borders from
    openpyxl's merge)."""

    def __init__(self, wb: openpyxl.Workbook, name: str, widths: tuple, title_rows: int):
        self.ws = wb.create_sheet(name)
        self.row = 1
        for i, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        self.ws.column_dimensions[get_column_letter(KEY_COL)].width = 16
        ws = self.ws
        ws.page_setup.orientation = "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.print_options.horizontalCentered = True
        ws.oddFooter.center.text = FOOTER
        ws.oddFooter.center.size = 9
        ws.print_title_rows = f"1:{title_rows}"
        ws.print_area = f"A1:{get_column_letter(NCOLS)}200"

    def put(self, row: int, col: int, value, *, to_col=None, to_row=None, bold=False,
            align="center", border=True, size=10.5, amount=False) -> None:
        to_col, to_row = to_col or col, to_row or row
        if to_col > col or to_row > row:
            self.ws.merge_cells(start_row=row, start_column=col, end_row=to_row, end_column=to_col)
        cell = self.ws.cell(row=row, column=col)
        cell.value = value if value != "" else None
        cell.font = Font(name=FONT, size=size, bold=bold)
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        if border:
            cell.border = BOX
        if amount:
            cell.number_format = AMOUNT

    def kind(self, key: str, rows: int = 1) -> int:
        """Mark the next ``rows`` rows as a block of ``key``; returns its first row."""
        r = self.row
        for k in range(rows):
            c = self.ws.cell(row=r + k, column=KEY_COL, value=key)
            c.font = Font(name=FONT, size=9, color="808080")
        self.row += rows
        return r

    def line(self, key: str, value, **kw) -> None:
        r = self.kind(key)
        self.put(r, 1, value, to_col=NCOLS, **kw)

    def pair(self, key: str, label: str, value, label_cols: int = 1, **kw) -> None:
        """A row of ``key``: ``label`` over the first ``label_cols`` columns,
        ``value`` merged over the others (``kw`` as for ``put``)."""
        r = self.kind(key)
        self.put(r, 1, label, to_col=label_cols)
        self.put(r, label_cols + 1, value, to_col=NCOLS, **kw)

    def title(self, text: str) -> None:
        self.line("title", text, border=False, bold=True, size=14)

    def header(self) -> None:
        """单位名称（盖章）… 填报日期 … | 自评得分：…分 (unbordered)."""
        r = self.kind("header")
        self.put(r, 1, "单位名称（盖章）：{{ unit }}　　填报日期：{{ date }}", to_col=5,
                 border=False, align="left")
        self.put(r, 6, "自评得分：{{ total|score }}分", to_col=7, border=False, align="right")

    def notes(self, notes: tuple[str, ...]) -> None:
        r = self.kind("notes", len(notes))
        for k, text in enumerate(notes):
            self.put(r + k, 1, text, to_col=NCOLS, border=False, align="left", size=9)

    def budget(self, row_label: str) -> None:
        r = self.kind("budget", 2)
        self.put(r, 1, "预算执行情况（万元）（20分）", to_row=r + 1)
        self.put(r, 2, "", to_col=3)
        for col, text in ((4, "预算数（A）"), (5, "执行数（B）"), (6, "执行率（B/A）"),
                          (7, "得分（20分*执行率）")):
            self.put(r, col, text)
        self.put(r + 1, 2, row_label, to_col=3)
        self.put(r + 1, 4, "{{ b.budget }}", amount=True)
        self.put(r + 1, 5, "{{ b.actual }}", amount=True)
        self.put(r + 1, 6, "{{ b.rate|rate(2) }}")
        self.put(r + 1, 7, "{{ b.score|score }}")

    def indicators(self, label: str, target="年初目标值（A）", actual="实际完成值（B）") -> None:
        r = self.kind("indicator_head")
        self.put(r, 1, label, to_row=r + 2)     # shown merged over the group in the output
        for col, text in ((2, "一级指标"), (3, "二级指标"), (4, "三级指标"), (5, target),
                          (6, actual), (7, "得分")):
            self.put(r, col, text, bold=True)
        r = self.kind("indicator")
        self.put(r, 2, "{{ i.level1 }}")
        self.put(r, 3, "{{ i.level2 }}")
        self.put(r, 4, "{{ i.name }}", align="left")
        self.put(r, 5, "{{ i.target }}")
        self.put(r, 6, "{{ i.actual }}")
        self.put(r, 7, "{{ i.score|score }}")
        # an 无…指标 line: no weight, no score
        r = self.kind("indicator_text")
        self.put(r, 2, "{{ i.level1 }}")
        self.put(r, 3, "{{ i.level2 }}")
        self.put(r, 4, "{{ i.name }}", to_col=7, align="left")

    def closing(self) -> None:
        r = self.kind("closing", 2)
        for k, (label, text) in enumerate((("偏差大或目标未完成原因分析", "{{ deviation }}"),
                                           ("改进措施及结果应用方案", "{{ improvement }}"))):
            self.put(r + k, 1, label, to_col=2)
            self.put(r + k, 3, text, to_col=NCOLS, align="left")


def unit_sheet(wb) -> None:
    s = Sheet(wb, "整体绩效自评表", WIDTHS, 3)
    s.title("{{ year }}年度部门（单位）整体绩效自评表")
    s.header()
    s.pair("unit", "单位名称", "{{ unit }}")
    r = s.kind("totals")
    s.put(r, 1, "基本支出总额")
    s.put(r, 2, "{{ u.basic_budget }}", to_col=3, amount=True)
    s.put(r, 4, "项目支出总额")
    s.put(r, 5, "{{ u.project_budget }}", to_col=NCOLS, amount=True)
    s.budget("部门整体支出总额")
    r = s.kind("goal")
    s.put(r, 1, "年度目标{{ g.no }}：（{{ g.weight|score }}分）")
    s.put(r, 2, "{{ g.text }}", to_col=NCOLS, align="left")
    s.indicators("年度绩效指标")
    s.closing()
    s.notes(NOTES)


def project_sheet(wb) -> None:
    s = Sheet(wb, "项目支出绩效自评表", WIDTHS, 3)
    s.title("{{ year }}年度项目支出绩效自评表{{ t.mark }}")
    s.header()
    s.pair("name", "项目名称", "{{ t.name }}")
    r = s.kind("department")
    s.put(r, 1, "主管部门")
    s.put(r, 2, "{{ department }}", to_col=4)
    s.put(r, 5, "项目实施单位")
    s.put(r, 6, "{{ implementer }}", to_col=NCOLS)
    s.pair("kind", "项目类型", KINDS, align="left")
    r = s.kind("funds", 3)
    s.put(r, 1, "预算来源及资金规模", to_row=r + 2)
    for k, (key, name) in enumerate((("department", "部门预算项目"), ("special", "专项资金"),
                                     ("transfer", "上级转移支付项目"))):
        box, amount = _fund(k + 1, key, name)
        s.put(r + k, 2, box, to_col=4, align="left")
        s.put(r + k, 5, amount, to_col=NCOLS, align="left")
    s.budget("年度财政资金总额")
    r = s.kind("goal", 2)
    s.put(r, 1, "项目绩效总目标（20分）", to_row=r + 1)
    s.put(r, 2, "年初设定目标", to_col=4)
    s.put(r, 5, "全年实际完成情况", to_col=6)
    s.put(r, 7, "得分")
    s.put(r + 1, 2, "{{ goal }}", to_col=4, align="left")
    s.put(r + 1, 5, "{{ result }}", to_col=6, align="left")
    s.put(r + 1, 7, "{{ t.goal_score|score }}")
    s.indicators("项目年度绩效指标（60分）")
    s.closing()
    s.notes(NOTES)


def transfer_sheet(wb) -> None:
    s = Sheet(wb, "转移支付绩效自评表", TRANSFER_WIDTHS, 2)
    # one title line: the Word copy centres only a table's first line
    s.title("{{ t.name }}转移支付整体绩效目标自评表{{ t.mark }}（{{ year }}年度）")
    s.pair("name", "转移支付（省直专项）名称", "{{ t.name }}", 2)
    s.pair("department", "省直部门", "{{ department }}", 2)
    r = s.kind("source_head")
    s.put(r, 1, "转移支付（省直专项）资金（万元）（20分）", to_row=r + 2)
    for col, text in ((2, ""), (3, "年初预算数"), (4, "全年预算数（A）"), (5, "全年执行数（B）"),
                      (6, "执行率（B/A）"), (7, "得分（20分*执行率）")):
        s.put(r, col, text)
    for key, label, score in (("source_total", "年度资金总额：", "{{ t.budget.score|score }}"),
                              ("source", SOURCE_LABEL, "")):
        r = s.kind(key)
        s.put(r, 2, label)
        s.put(r, 3, "{{ s.initial }}", amount=True)
        s.put(r, 4, "{{ s.budget }}", amount=True)
        s.put(r, 5, "{{ s.actual }}", amount=True)
        s.put(r, 6, "{{ s.rate|rate(2) }}")
        s.put(r, 7, score)
    s.indicators("绩效指标（80分）", "年初目标值", "实际完成值")
    s.pair("total", "总分", "{{ t.total|score }}分", 2)
    s.closing()
    s.notes(TRANSFER_NOTES)


GUIDE = (
    ("绩效自评表版式", ""),
    ("本文件的三张工作表分别是整体、项目支出、转移支付绩效自评表的版式（profile.toml 的 [selfeval] 指定"
     "工作表名；整体绩效自评表输出时沿用其工作表名）。生成时按表的需要逐行复制这些行，指标行、资金来源行"
     "按工作簿逐条重复。", ""),
    ("可以修改：文字、字体、字号、边框、对齐、列宽、数字格式、页面设置、页脚、备注（增删 notes 行）。", ""),
    ("最右一列是行的类型，勿改；相邻同类型的行为一块，一起复制（块内合并的单元格照样合并）。", ""),
    ("单元格可以是文字，或 Jinja：{{ t.name }}。只含一个 {{ … }} 的单元格直接得到该值（金额保留数字格式，"
     "没有时为空）。", ""),
    ("indicator_head / source_head 行第一列是整组指标（资金来源）合并显示的标签；指标行第二列（一级指标）"
     "相同的相邻行合并。", ""),
    ("", ""),
    ("可用的值", "含义"),
    ("year、unit", "年度、单位名称"),
    ("date、total", "填报日期、自评得分（分）"),
    ("deviation、improvement", "偏差原因分析、改进措施"),
    ("b", "预算执行：b.budget 预算数、b.actual 执行数（万元）、b.rate 执行率（%）、b.score 得分"),
    ("u", "整体表：u.basic_budget 基本支出总额、u.project_budget 项目支出总额（万元）"),
    ("g", "goal 行：g.no 年度目标序号、g.text 目标、g.weight 分值"),
    ("i", "指标行：i.level1、i.level2、i.name、i.target、i.actual、i.score"),
    ("t", "项目、转移支付表：t.name、t.mark（⑴…）、t.total、t.goal_score、t.budget"),
    ("department、implementer、goal、result", "主管（省直）部门、实施单位、年初设定目标、全年实际完成情况"),
    ("kind、kinds", "项目类型、全部项目类型"),
    ("funds", "资金规模：funds.department、funds.special、funds.transfer（万元，未填为空）"),
    ("s", "资金来源行：s.key（province/county/other）、s.label、s.initial、s.budget、s.actual、s.rate"),
    ("过滤器", "score 分数、rate(2) 百分比、money_short 金额"),
)


def guide_sheet(wb) -> None:
    ws = wb.create_sheet("说明")
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 80
    for row in GUIDE:
        ws.append(row)
    for cell in ws["A"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=12)


def build(out: Path) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    unit_sheet(wb)
    project_sheet(wb)
    transfer_sheet(wb)
    guide_sheet(wb)
    wb.save(out)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    build(target)
    print(f"written {target}")
