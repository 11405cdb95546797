"""Make ``tests/data/every-column.xlsx``: a synthetic unit that uses every column.

The reference's unit has only 一般公共预算 money, no carry-over and almost no
三公经费, so most columns of the nine tables stay empty there.  This made-up
unit (云岭市公共服务管理局, 2023; a name without the placeholders 某某/示例,
which the validator reports) has lines of all four fund types, non-fiscal income
of every source, every kind of expenditure, carry-over at both ends, use of
non-fiscal balance and 结余分配, 经济分类 lines in 301/302/303/310, every 三公
part, every 补充数据 row, every 文字说明 row, and several rows on each record
sheet for the Word document (项目支出, 接待明细, 重点工作, 单位构成).  The
amounts are chosen so that every equality of the tables holds:

* each fiscal line: 年初结转和结余 + 财政拨款收入 − 支出 = 年末结转和结余;
* overall: 本年收入 + 使用非财政拨款结余 + 年初结转和结余
  = 本年支出 + 结余分配 + 年末结转和结余 (1,424.35 both sides);
* Σ 经济分类 = 一般公共预算财政拨款 基本支出 (620.35);
* the typed-in 类 221 line and 经济分类 302 line equal the sums of their items;
* Σ 项目支出 = 一般公共预算 项目支出 (290.00); Σ 接待明细 = 公务接待费 决算 (3.00).

Codes the bundled catalogue lacks (a 彩票公益金 项 and a 国有资本经营 项) are
added on the 科目 sheet, as a clerk would.  A few cells are typed the way
clerks type them: a code as a number, a code followed by its name, and name
cells left holding the template's lookup formula (no cached value, since
openpyxl does not calculate).

``make(path)`` writes the workbook; tests regenerate it and compare it with the
committed file.  Run ``python tests/data/make_every_column.py`` to refresh it.
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl

from reportgen import schema
from reportgen.init_workbook import write_blank
from reportgen.reader import norm_label

OUT = Path(__file__).resolve().parent / "every-column.xlsx"
UNIT = "云岭市公共服务管理局"
YEAR = 2023

G, F, S, O = schema.FUND_GENERAL, schema.FUND_GOV, schema.FUND_SOE, schema.FUND_OTHER
KEEP_FORMULA = object()   # leave the template's 科目名称 formula in place

# column order of LINE rows
LINE_KEYS = ("code", "name", "fund", "carry_begin", schema.INCOME_FISCAL,
             "income_superior", "income_business", "income_operating",
             "income_affiliated", "income_other",
             "exp_basic", "exp_project", "exp_remit", "exp_operating", "exp_subsidy",
             "carry_end", "budget", "reason")
_ = None
LINES = [
    # 一般公共预算财政拨款
    ("2080101", "行政运行", G, "10.00", "500.00", _, _, _, _, _,
     "505.00", _, _, _, _, "5.00", "520.00", "人员减少，经费划转"),
    ("2080102", KEEP_FORMULA, G, "20.00", "300.00", _, _, _, _, _,
     _, "290.00", _, _, _, "30.00", "280.00", "年中追加信息化建设经费"),
    (2101101, "行政单位医疗", G, _, "40.35", _, _, _, _, _,
     "40.35", _, _, _, _, _, "40.00", _),
    # a 类 subtotal typed by the clerk: kept for checking only
    ("221", "住房保障支出", G, _, "75.00", _, _, _, _, _,
     "75.00", _, _, _, _, _, "78.00", _),
    ("2210201", "住房公积金", G, _, "60.00", _, _, _, _, _,
     "60.00", _, _, _, _, _, "62.00", _),
    ("2210202 提租补贴", _, G, _, "15.00", _, _, _, _, _,
     "15.00", _, _, _, _, _, "16.00", _),
    # 政府性基金预算财政拨款
    ("2296002", "用于社会福利的彩票公益金支出", F, "15.00", "100.00", _, _, _, _, _,
     "10.00", "80.00", _, _, _, "25.00", "95.00", "彩票公益金收入增加"),
    ("2121999", KEEP_FORMULA, F, _, "50.00", _, _, _, _, _,
     _, "50.00", _, _, _, _, "50.00", _),
    # 国有资本经营预算财政拨款
    ("2230199", "其他解决历史遗留问题及改革成本支出", S, "5.00", "30.00", _, _, _, _, _,
     _, "32.00", _, _, _, "3.00", "35.00", _),
    # 非财政拨款资金: every source and every kind of expenditure
    ("2080150", "事业运行", O, "40.00", _, "20.00", "150.00", "30.00", "10.00", "5.00",
     "100.00", "20.00", "8.00", "25.00", "12.00", "92.00", _, _),
    ("2080101", "行政运行", O, _, _, _, "18.00", _, _, _,
     "18.00", _, _, _, _, _, _, _),
]

ECONOMIC = [
    ("30101", "基本工资", "150.00"), ("30102", "津贴补贴", "90.00"), ("30103", "奖金", "40.00"),
    ("30107", "绩效工资", "60.00"), ("30108", "机关事业单位基本养老保险缴费", "35.00"),
    ("30110", "职工基本医疗保险缴费", "20.35"), ("30113", "住房公积金", "60.00"),
    # a 类 subtotal typed by the clerk: kept for checking only
    ("302", "商品和服务支出", "70.00"),
    ("30201", "办公费", "20.00"), ("30211", "差旅费", "8.00"),
    ("30212", "因公出国（境）费用", "8.00"), ("30217", "公务接待费", "3.00"),
    ("30228", "工会经费", "10.00"), ("30231", "公务用车运行维护费", "12.00"),
    ("30299", KEEP_FORMULA, "9.00"),
    ("30302", "退休费", "30.00"), ("30305", "生活补助", "5.00"),
    ("31002", "办公设备购置", "25.00"), ("31013", "公务用车购置", "35.00"),
]

USER_CATALOGUE = [
    ("功能分类", "22960", "彩票公益金安排的支出", _, _),
    ("功能分类", "2296002", "用于社会福利的彩票公益金支出", "反映用于社会福利的彩票公益金支出。", _),
    ("功能分类", "22301", "解决历史遗留问题及改革成本支出", _, _),
    ("功能分类", "2230199", "其他解决历史遗留问题及改革成本支出",
     "反映用国有资本经营预算收入安排的其他解决历史遗留问题及改革成本支出。", _),
    # the bundled rows are attested only in a later edition: confirm them for 2023
    ("功能分类", "21219", "国有土地使用权出让收入对应专项债务收入安排的支出", _, _),
    ("功能分类", "2121999", "其他国有土地使用权出让收入对应专项债务收入安排的支出",
     "反映用国有土地使用权出让收入对应专项债务收入安排的其他支出。", _),
    ("经济分类", "30399", "其他对个人和家庭的补助", _, "人员经费"),
]

INFO = {"unit": UNIT, "year": YEAR, "catalogue_year": YEAR, "finance_level": "市级",
        "phone": "0000-12345678"}

TEXTS = {
    "functions": "1.贯彻执行有关法律法规和政策。\n2.负责本行业的规划和管理。\n3.完成上级交办的其他任务。",
    "composition": ("从单位构成看，云岭市公共服务管理局部门决算由局本级和所属 3 家事业单位决算组成："
                    "云岭市公共服务管理局本级、云岭市公共服务中心、云岭市城市发展研究所、云岭市职业培训中心。"),
    "reason_total": "事业收入增加",
    "reason_fiscal": "彩票公益金项目增加",
    "reason_general_exp": "人员增加，基本支出相应增加",
    "reason_3gong": "按计划更新公务用车",
    "reason_operation": "压减一般性支出",
    "assets": "截至年末，本部门共有车辆 3 辆，单价 50 万元以上通用设备 1 台（套）。",
    "performance": "本部门对全部项目支出开展了绩效自评，自评结果良好。",
    "reason_general_income": "人员增加，基本支出相应增加",
    "reason_abroad": "按计划开展对外交流",
    "reason_car": "按计划更新公务用车",
    "reason_reception": "厉行节约，压减接待",
    "perf_unit_text": "部门整体支出绩效目标合理，绩效指标明确。\n资金使用规范，项目管理到位。",
    "perf_unit_score": "90.5",
    "perf_unit_output": "保障了单位正常运转，完成了各项工作任务。",
    "perf_application": "将自评结果用于下年预算安排。",
}

# 项目支出: the 一般公共预算 项目支出 (290.00) project by project
PROJECTS = [
    {"name": "信息化建设项目", "amount": "200.00", "effect": "完成了业务系统升级",
     "budget": "220.00", "problems": "部分设备到货推迟", "measures": "加快项目实施进度"},
    {"name": "业务培训项目", "amount": "90.00", "effect": "培训业务骨干300人次", "budget": "90.00"},
]
# 接待明细: the 公务接待费 决算数 (3.00) by kind
RECEPTIONS = [
    {"category": "外省市交流接待", "amount": "2.00", "purpose": "外省同行来我局考察交流",
     "batches": 2, "persons": 20, "accompany": 4},
    {"category": "省内接待活动", "amount": "1.00", "purpose": "省级部门来我局督导检查",
     "batches": 1, "persons": 8, "accompany": 2},
]
KEY_WORK = [
    {"no": 1, "title": "推进信息化建设", "content": "完成业务系统升级。",
     "result": "系统按期上线运行。\n办理时限缩短一半。"},
    {"no": 2, "title": "加强队伍建设", "content": "开展全员业务培训。", "result": "培训300人次。"},
]
UNITS = [
    {"name": "云岭市公共服务管理局本级", "kind": "行政单位", "note": "本级"},
    {"name": "云岭市公共服务中心", "kind": "全额拨款事业单位", "note": "所属事业单位"},
    {"name": "云岭市城市发展研究所", "kind": "差额拨款事业单位", "note": "所属事业单位"},
    {"name": "云岭市职业培训中心", "kind": "自收自支事业单位", "note": "所属事业单位"},
]

SANGONG = {  # 预算数, 决算数, 上年决算数
    "abroad": ("10.00", "8.00", "6.00"),
    "car_purchase": ("40.00", "35.00", "0"),
    "car_running": ("15.00", "12.00", "14.00"),
    "reception": ("5.00", "3.00", "4.00"),
}

SUPPLEMENT = {  # 本年数, 上年数; the four totals are computed this year
    "use_nonfiscal_balance": ("6.00", "2.00"),
    "balance_distribution": ("4.00", "1.00"),
    "total": (_, "1300.00"),
    "fiscal_total": (_, "1100.00"),
    "general_income": (_, "880.00"),
    "general_exp": (_, "870.00"),
    "operation": ("70.00", "75.00"),
    "procurement": ("120.00", "110.00"),
    "procurement_goods": ("50.00", "45.00"),
    "procurement_works": ("40.00", "35.00"),
    "procurement_services": ("30.00", "30.00"),
    "sme": ("100.00", "90.00"),
    "sme_small": ("80.00", "70.00"),
    "sme_goods": ("40.00", "35.00"),
    "sme_works": ("35.00", "30.00"),
    "sme_services": ("25.00", "25.00"),
    "cars": (2, 2),
    "other_cars": (1, 1),
    "general_equipment": (1, 1),
    "special_equipment": (1, 0),
}


def _num(v):
    return Decimal(v) if isinstance(v, str) else v


def _headers(ws, decl) -> dict[str, int]:
    by_label = {norm_label(c.value): c.column for c in ws[1] if c.value}
    return {col.key: by_label[norm_label(col.header)] for col in decl.columns}


def _label_rows(ws, items) -> dict[str, int]:
    by_label = {norm_label(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1)}
    return {i.key: by_label[norm_label(i.label)] for i in items}


def _put(ws, row: int, col: int, value, amount: bool = False) -> None:
    if value is KEEP_FORMULA:
        return
    cell = ws.cell(row=row, column=col)
    cell.value = _num(value) if amount else value
    if isinstance(cell.value, str):
        cell.data_type = "s"


def _table(ws, decl, keys, rows) -> None:
    """Rows as tuples in the order of ``keys``, or as dicts (``keys`` None)."""
    cols = _headers(ws, decl)
    for r, values in enumerate(rows, start=2):
        pairs = values.items() if keys is None else zip(keys, values)
        for key, v in pairs:
            _put(ws, r, cols[key], v, decl.column(key).kind == schema.AMOUNT)


def fill(wb) -> None:
    _table(wb[schema.FUNCTIONAL.name], schema.FUNCTIONAL, LINE_KEYS, LINES)
    _table(wb[schema.ECONOMIC.name], schema.ECONOMIC, ("code", "name", "amount"), ECONOMIC)
    _table(wb[schema.USER_CATALOGUE.name], schema.USER_CATALOGUE,
           ("scheme", "code", "name", "explanation", "group"), USER_CATALOGUE)
    for decl, data in ((schema.UNIT_INFO, INFO), (schema.TEXTS, TEXTS)):
        ws = wb[decl.name]
        rows = _label_rows(ws, decl.items)
        for key, v in data.items():
            _put(ws, rows[key], 2, v, decl.item(key).kind == schema.AMOUNT)
    for decl, records in ((schema.PROJECTS, PROJECTS), (schema.RECEPTION, RECEPTIONS),
                          (schema.KEY_WORK, KEY_WORK), (schema.UNITS, UNITS)):
        _table(wb[decl.name], decl, None, records)
    for decl, data in ((schema.SANGONG, SANGONG), (schema.SUPPLEMENT, SUPPLEMENT)):
        ws = wb[decl.name]
        rows, cols = _label_rows(ws, decl.rows), _headers(ws, decl)
        for key, values in data.items():
            for col, v in zip(decl.columns, values):
                if v is not None:
                    _put(ws, rows[key], cols[col.key], v, amount=True)


def make(out: Path = OUT) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank.xlsx"
        write_blank(blank, year=YEAR, unit=UNIT)
        wb = openpyxl.load_workbook(blank)
    fill(wb)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


if __name__ == "__main__":
    print(make(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
