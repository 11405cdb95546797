"""Write templates/shanghai-2024/tables.xlsx: the nine tables as Shanghai's
official 2024 部门决算公开 template lays them out
(``../shared/reference/shanghai-2024-template.pdf``).

    .venv/bin/python tools/make_shanghai_template.py [OUT.xlsx]

The sibling of ``tools/make_default_template.py``, whose ``Layout`` (styles,
merges, print setup) it uses; only the layouts differ from the default:

* no 行次 and no 栏次 columns; one 功能分类科目编码 column instead of 类/款/项;
* 一 总表: 项目/决算数 on both sides (the 类 rows come from the computed
  table, ``class_rows`` of profile.toml);
* 五: the 合计 row below the rows, as the template prints it;
* 七 “三公”: 预算数/决算数 under each of 合计, 因公出国（境）费, 公务用车购置及
  运行维护费 (小计, 购置费, 运行维护费) and 公务接待费;
* 八 and 九 both 收入支出 tables (年初结转和结余, 本年收入, 本年支出 合计/基本支出/
  项目支出, 年末结转和结余); 七, 八 and 九 print ``{{ absent_note }}`` below.

Change the script and regenerate; the .xlsx is not edited by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_default_template as base  # noqa: E402  (the sibling script: Layout and styles)

OUT = Path(__file__).resolve().parents[1] / "templates" / "shanghai-2024" / "tables.xlsx"

CODE_W, NAME_W, MONEY_W = 14, 34, 13.5


def title_and_unit(lay: base.Layout) -> None:
    """Row 1 the title across the table, row 2 单位：万元 on the right."""
    lay.put(1, 1, "{{ title }}", "title", to_col=lay.ncols)
    lay.height(1, 36)
    lay.put(2, 1, "部门：{{ unit }}", "unit_l", to_col=lay.ncols // 2)
    lay.put(2, lay.ncols // 2 + 1, "单位：万元", "unit_r", to_col=lay.ncols)
    lay.height(2, 20)
    lay.row = 2


def code_table(wb, sheet: str, heads: list[str], keys: list[str], notes: list[str],
               total_below: bool = False, absent: bool = False) -> None:
    """二、三、五: 项目 (功能分类科目编码, 科目名称) then one column per head."""
    lay = base.Layout(wb, sheet, [CODE_W, NAME_W] + [MONEY_W] * len(heads))
    title_and_unit(lay)
    lay.header(2, [(0, 1, "项目", 1, 2), (1, 1, "功能分类科目编码", 1, 1), (1, 2, "科目名称", 1, 1),
                   *[(0, 3 + j, text, 2, 1) for j, text in enumerate(heads)]], [20, 30])
    total = [(1, "合计", "label", 2)] + [(3 + j, f"{{{{ t.total.{k} }}}}", "money")
                                       for j, k in enumerate(keys)]
    if not total_below:
        lay.line(total)
    lay.line([(1, "{{ r.code }}", "code"), (2, "{{ r.name }}", "text")]
             + [(3 + j, f"{{{{ r.{k} }}}}", "money") for j, k in enumerate(keys)])
    if total_below:
        lay.line(total)
    lay.notes(notes + (["{{ absent_note }}"] if absent else []))
    lay.print_setup("3:4")


def fund_table(wb, sheet: str, what: str) -> None:
    """八、九: 年初结转和结余 / 本年收入 / 本年支出 (合计, 基本支出, 项目支出) / 年末结转和结余."""
    keys = ["carry_begin", "income", "total", "exp_basic", "exp_project", "carry_end"]
    lay = base.Layout(wb, sheet, [CODE_W, NAME_W] + [MONEY_W] * len(keys))
    title_and_unit(lay)
    lay.header(2, [(0, 1, "项目", 1, 2), (1, 1, "功能分类科目编码", 1, 1), (1, 2, "科目名称", 1, 1),
                   (0, 3, "年初结转和结余", 2, 1), (0, 4, "本年收入", 2, 1), (0, 5, "本年支出", 1, 3),
                   (1, 5, "合计", 1, 1), (1, 6, "基本支出", 1, 1), (1, 7, "项目支出", 1, 1),
                   (0, 8, "年末结转和结余", 2, 1)], [20, 30])
    lay.line([(1, "合计", "label", 2)] + [(3 + j, f"{{{{ t.total.{k} }}}}", "money")
                                        for j, k in enumerate(keys)])
    lay.line([(1, "{{ r.code }}", "code"), (2, "{{ r.name }}", "text")]
             + [(3 + j, f"{{{{ r.{k} }}}}", "money") for j, k in enumerate(keys)])
    lay.notes([f"注：本表反映部门本年度{what}收入支出及结转和结余情况。", "{{ absent_note }}"])
    lay.print_setup("3:4")


def table1(wb) -> None:
    lay = base.Layout(wb, "收入支出决算总表", [36, 15, 36, 15])
    title_and_unit(lay)
    lay.header(2, [(0, 1, "收入", 1, 2), (0, 3, "支出", 1, 2),
                   (1, 1, "项目", 1, 1), (1, 2, "决算数", 1, 1),
                   (1, 3, "项目", 1, 1), (1, 4, "决算数", 1, 1)], [20, 20])
    lay.line([
        (1, "{% if r.left %}{{ i|cn }}、{{ r.left.name }}{% endif %}", "text"),
        (2, "{{ r.left.amount }}", "money"),
        (3, "{% if r.right %}{{ i|cn }}、{{ r.right.name }}{% endif %}", "text"),
        (4, "{{ r.right.amount }}", "money"),
    ])
    for left, lv, right, rv in (
            ("本年收入合计", "t.income_total", "本年支出合计", "t.expense_total"),
            ("使用非财政拨款结余", "t.use_nonfiscal_balance", "结余分配", "t.balance_distribution"),
            ("年初结转和结余", "t.carry_begin", "年末结转和结余", "t.carry_end"),
            ("总计", "t.income_grand_total", "总计", "t.expense_grand_total")):
        lay.line([(1, left, "label"), (2, f"{{{{ {lv} }}}}", "money"),
                  (3, right, "label"), (4, f"{{{{ {rv} }}}}", "money")])
    lay.notes(["注：本表反映部门本年度的总收支和年末结转结余情况。"])
    lay.print_setup("3:4")


def table4(wb) -> None:
    lay = base.Layout(wb, "财政拨款收入支出决算总表", [30, 14, 32, 14, 14, 14, 14])
    title_and_unit(lay)
    lay.header(2, [
        (0, 1, "收入", 1, 2), (0, 3, "支出", 1, 5),
        (1, 1, "项目", 1, 1), (1, 2, "决算数", 1, 1), (1, 3, "项目", 1, 1), (1, 4, "合计", 1, 1),
        (1, 5, "一般公共预算财政拨款", 1, 1), (1, 6, "政府性基金预算财政拨款", 1, 1),
        (1, 7, "国有资本经营预算财政拨款", 1, 1),
    ], [20, 40])
    funds = ("general", "gov", "soe")
    lay.line([
        (1, "{% if r.left %}{{ i|cn }}、{{ r.left.name }}{% endif %}", "text"),
        (2, "{{ r.left.amount }}", "money"),
        (3, "{% if r.right %}{{ i|cn }}、{{ r.right.name }}{% endif %}", "text"),
        (4, "{{ r.right.total }}", "money"),
        *[(5 + j, f"{{{{ r.right.{f} }}}}", "money") for j, f in enumerate(funds)],
    ])

    def right(label: str, total: str, by_fund: str) -> list[tuple]:
        if not total:
            return []
        return [(3, label, "label"), (4, f"{{{{ {total} }}}}", "money"),
                *[(5 + j, f"{{{{ {by_fund}.{f} }}}}", "money") for j, f in enumerate(funds)]]

    for k, (left, lv, rlabel, rtotal, rfunds) in enumerate((
            ("本年收入合计", "t.income_total", "本年支出合计", "t.expense_total.total", "t.expense_total"),
            ("年初财政拨款结转和结余", "t.carry_begin_total", "年末财政拨款结转和结余",
             "t.carry_end_total", "t.carry_end"),
            ("一、一般公共预算财政拨款", "t.carry_begin.general", "", "", ""),
            ("二、政府性基金预算财政拨款", "t.carry_begin.gov", "", "", ""),
            ("三、国有资本经营预算财政拨款", "t.carry_begin.soe", "", "", ""),
            ("总计", "t.income_grand_total", "总计", "t.expense_grand_total.total",
             "t.expense_grand_total")), start=1):
        kind = "text" if k in (3, 4, 5) else "label"
        lay.line([(1, left, kind), (2, f"{{{{ {lv} }}}}", "money"), *right(rlabel, rtotal, rfunds)])
    lay.notes(["注：本表反映部门本年度财政拨款总收支和结转结余情况。"])
    lay.print_setup("3:4")


def table6(wb) -> None:
    """六: the default's 表6 layout (人员经费 301/303; 公用经费 302 and 310, each
    科目编码 / 科目名称 / 决算数) under the template's sheet name and head."""
    base.table6(wb)
    ws = wb["一般公共预算财政拨款基本支出决算明细表"]
    ws.title = "一般公共预算财政拨款基本支出决算表"
    for cell in ws[4]:
        if cell.value == "经济分类科目":
            cell.value = "经济分类科目编码"


def table_sangong(wb) -> None:
    """七: 预算数 / 决算数 under each item of 财政拨款“三公”经费."""
    lay = base.Layout(wb, "财政拨款“三公”经费支出决算表", [11.5] * 12)
    title_and_unit(lay)
    items = (("total", "合计"), ("abroad", "因公出国（境）费"), ("car", "小计"),
             ("car_purchase", "公务用车购置费"), ("car_running", "公务用车运行维护费"),
             ("reception", "公务接待费"))
    cells = [(0, 1, "财政拨款“三公”经费", 1, 12), (1, 5, "公务用车购置及运行维护费", 1, 6)]
    for j, (_, text) in enumerate(items):
        c = 1 + 2 * j
        if 2 <= j <= 4:
            cells.append((2, c, text, 1, 2))
        else:
            cells.append((1, c, text, 2, 2))
        cells += [(3, c, "预算数", 1, 1), (3, c + 1, "决算数", 1, 1)]
    lay.header(4, cells, [20, 20, 30, 20])
    lay.line([(1 + 2 * j + g, f"{{{{ t.{col}.{k} }}}}", "money")
              for j, (k, _) in enumerate(items) for g, col in enumerate(("budget", "actual"))])
    lay.notes(["注：本表反映部门本年度“三公”经费支出预决算情况。", "{{ absent_note }}"])
    lay.print_setup("3:6")


def readme(wb) -> None:
    """A first sheet for whoever opens the file in Excel (dropped from outputs)."""
    ws = wb.create_sheet("模板说明")
    ws.column_dimensions["A"].width = 110
    lines = [
        "本文件是 reportgen 的表格模板（模板方案 shanghai-2024，上海市 2024 年度部门决算公开格式），"
        "由 tools/make_shanghai_template.py 生成。",
        "",
        "写法与模板方案 default 的 tables.xlsx 相同（见其“模板说明”工作表）：{{ … }} 是占位符，"
        "用到 r 的一行是逐行复制的数据行；哪些表出现、顺序、工作表名和标题写在同一文件夹的 profile.toml 中。",
        "本工作表不在 profile.toml 中，不会出现在输出里。",
    ]
    for i, text in enumerate(lines, start=1):
        cell = ws.cell(i, 1, text)
        cell.font = base.Font(name=base.FONT, size=11, bold=(i == 1))
        cell.alignment = base.Alignment(wrap_text=True, vertical="top")


def build(out: Path) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    readme(wb)
    table1(wb)
    code_table(wb, "收入决算表", *base.INCOME_COLUMNS, ["注：本表反映部门本年度取得的各项收入情况。"])
    code_table(wb, "支出决算表", *base.EXPENSE_COLUMNS, ["注：本表反映部门本年度各项支出情况。"])
    table4(wb)
    code_table(wb, "一般公共预算财政拨款支出决算表", ["合计", "基本支出", "项目支出"],
               ["total", "exp_basic", "exp_project"],
               ["注：本表反映部门本年度一般公共预算财政拨款支出情况。"], total_below=True)
    table6(wb)
    table_sangong(wb)
    fund_table(wb, "政府性基金预算财政拨款收入支出决算表", "政府性基金预算财政拨款")
    fund_table(wb, "国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算财政拨款")
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    build(target)
    print(f"written {target}")
