"""Make ``tests/data/every-column.xlsx``: a synthetic unit that uses every column.

The reference's unit has only 一般公共预算 money, no carry-over and almost no
三公经费, so most columns of the nine tables stay empty there.  This made-up
unit (云岭市公共服务管理局, 2023; a name without the placeholders 某某/示例,
which the validator reports) has lines of all four fund types, non-fiscal income
of every source, every kind of expenditure, carry-over at both ends, use of
non-fiscal balance and 结余分配, 经济分类 lines in 301/302/303/310, every 三公
part, every 补充数据 row, every 文字说明 row, and several rows on each record
sheet for the Word document (项目支出, 接待明细, 重点工作, 单位构成, 其他说明), and a
self-evaluation on each 绩效 sheet (整体, one project, one transfer programme).  The
amounts are chosen so that every equality of the tables holds:

* each fiscal line: 年初结转和结余 + 财政拨款收入 − 支出 = 年末结转和结余;
* overall: 本年收入 + 使用非财政拨款结余 + 年初结转和结余
  = 本年支出 + 结余分配 + 年末结转和结余 (1,424.35 both sides);
* Σ 经济分类 = 一般公共预算财政拨款 基本支出 (620.35);
* the typed-in 类 221 line and 经济分类 302 line equal the sums of their items;
* Σ 项目支出 = 一般公共预算 项目支出 (290.00), both projects coded 2080102 (its
  项目支出 290.00); Σ 接待明细 = 公务接待费 决算 (3.00).

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

from reportgen.core import schema
from reportgen.init_workbook import write_blank
from reportgen.read.reader import norm_label

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
        "phone": "0000-12345678", "amount_unit": "万元"}
# 全年预算数 (issue 11): on the first 一般公共预算 line (row 2) only
FULL_BUDGETS = ({"budget_full": "515.00", "uses": "机关人员工资福利及日常运转"},)

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
    "reason_3gong_budget": "厉行节约，从严控制“三公”经费开支",
    "perf_unit_text": "部门整体支出绩效目标合理，绩效指标明确。\n资金使用规范，项目管理到位。",
    "perf_unit_score": "90.5",
    "perf_unit_output": "保障了单位正常运转，完成了各项工作任务。",
    "perf_application": "将自评结果用于下年预算安排。",
}

# 项目支出: the 一般公共预算 项目支出 (290.00) project by project
PROJECTS = [
    {"name": "信息化建设项目", "amount": "200.00", "effect": "完成了业务系统升级",
     "budget": "220.00", "problems": "部分设备到货推迟", "measures": "加快项目实施进度",
     "code": "2080102"},
    {"name": "业务培训项目", "amount": "90.00", "effect": "培训业务骨干300人次", "budget": "90.00",
     "code": "2080102"},
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
# 其他说明: the text of a profile's free sections ({ free = "联系方式" } …)
FREE_TEXTS = [
    {"title": "联系方式", "content": "联系人：李明\n联系电话：0871-12345678"},
    {"title": "相关口径说明", "content": "本报告金额单位为万元，尾数因四舍五入可能存在差异。"},
]

SANGONG = {  # 年初预算数, 决算数, 上年决算数, 全年预算数 (issue 11: 公务接待费 adjusted down)
    "abroad": ("10.00", "8.00", "6.00", "10.00"),
    "car_purchase": ("40.00", "35.00", "0", "40.00"),
    "car_running": ("15.00", "12.00", "14.00", "15.00"),
    "reception": ("5.00", "3.00", "4.00", "4.00"),
}
SANGONG_KEYS = ("budget", "actual", "last_year", "budget_full")

SUPPLEMENT = {  # 本年数, 上年数; the four totals are computed this year
    "abroad_groups": (1, 2), "abroad_persons": (3, 6), "car_purchased": (1, 0),
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
    # 公务用车 by category (issue 12): 1 + 1 = 2, the others typed as 0
    "cars_leader": (0, 0), "cars_confidential": (1, 1), "cars_emergency": (0, 0),
    "cars_law": (1, 1), "cars_special": (0, 0), "cars_retired": (0, 0), "cars_general": (0, 0),
    "other_cars": (1, 1),
    "general_equipment": (1, 1),
    "special_equipment": (1, 0),
    # 一般性支出 (issue 12): no 30215/30216 economic line, so nothing to stay above
    "meeting": ("6.00", "5.00"),
    "training": ("12.00", "10.00"),
}

# 绩效自评 (第六部分): the 整体 table with two 年度目标 of 40 分 each, one
# project table and one transfer table, each figure consistent with the
# rules, so that the typed scores are the computed ones: 整体 19.53 (20 ×
# 1,220.35 ÷ 1,250.00) + 36 + 34.97 = 90.5 (文字说明's 整体支出绩效得分);
# ⑴ 20 + 18 + 60 = 98; ⑵ 18.18 (20 × 200 ÷ 220) + 79.37 = 97.55.  The
# indicators use each value form: ≥X, a range, 以内, 左右, a plain figure,
# 以上, words, a “无…指标” line, and both 计分方式.
PERF_UNIT = {
    "basic_budget": "750.00", "project_budget": "500.00",
    "basic_actual": "748.35", "project_actual": "472.00",
    "rate": "97.63%", "budget_score": "19.53", "date": "2024 年 3 月 20 日",
    "conclusion": "本局严格执行预算，各项工作任务顺利完成。",
    "problems": "1、个别项目执行进度偏慢。", "measures": "1、加快项目执行进度。",
    "deviation": "个别项目因招标延期，执行进度偏慢。", "improvement": "加强项目跟踪管理。",
    "work": "全年完成了信息化建设和业务培训等重点工作。",
    "economic": "带动了相关产业发展。", "social": "提升了公共服务水平。", "ecological": "无",
    "sustainable": "建立了长效管理机制。", "satisfaction": "服务对象满意度为95%。",
    "evidence": "无",
}
PERF_GOALS = [
    {"no": 1, "goal": "提升公共服务能力", "weight": "40"},
    {"no": 2, "goal": "推进信息化建设", "weight": "40"},
]
_PROJECT_TABLE, _TRANSFER_TABLE = "业务骨干培训", "信息化建设补助资金"
PERF_PROJECTS = [
    {"name": _PROJECT_TABLE, "project": "业务培训项目", "department": UNIT,
     "implementer": "云岭市职业培训中心", "kind": "经常性项目", "fund_department": "60.00",
     "fund_special": "20.00", "fund_transfer": "10.00", "budget": "90.00", "actual": "90.00",
     "rate": "100%", "budget_score": "20", "goal": "培训业务骨干300人次。",
     "result": "培训业务骨干300人次，考核合格率98%。", "goal_score": "18",
     "deviation": "培训内容与岗位需求结合还不够紧密。", "improvement": "按岗位需求调整培训课程。",
     "date": "2024 年 4 月 10 日", "score": "98"},
]
PERF_TRANSFERS = [
    {"name": _TRANSFER_TABLE, "project": "信息化建设项目", "department": "省财政厅",
     "total_initial": "200.00", "total_budget": "220.00", "total_actual": "200.00",
     "province_initial": "100.00", "province_budget": "120.00", "province_actual": "110.00",
     "county_initial": "80.00", "county_budget": "80.00", "county_actual": "70.00",
     "other_initial": "20.00", "other_budget": "20.00", "other_actual": "20.00",
     "rate": "90.91%", "budget_score": "18.18", "deviation": "部分设备到货推迟。",
     "improvement": "加快项目实施进度。", "score": "97.55"},
]
_INDICATOR_KEYS = ("table", "goal", "level1", "level2", "name", "target", "actual", "weight",
                   "mode", "score")
_U, _P, _T = schema.UNIT_TABLE, _PROJECT_TABLE, _TRANSFER_TABLE
PERF_INDICATORS = [dict(zip(_INDICATOR_KEYS, row)) for row in (
    (_U, 1, "产出指标", "数量指标", "培训人次", "≥300 人次", "320 人次", "8", _, "8"),
    (_U, 1, "产出指标", "质量指标", "系统可用率", "97%≤可用率≤100%", "99%", "8", _, "8"),
    (_U, 1, "产出指标", "时效指标", "按期完成率", "100%", "100%", "6", _, "6"),
    (_U, 1, "产出指标", "成本指标", "预算执行率", "≥95%", "97.63%", "4", _, "4"),
    (_U, 1, "效益指标", "社会效益指标", "公共服务水平", "好", "较好", "10", _, "6"),
    (_U, 1, "效益指标", "生态效益指标", "无生态效益指标", _, _, _, _, _),
    (_U, 1, "满意度指标", "满意度指标", "服务对象满意度", "90%以上", "95%", "4", _, "4"),
    (_U, 2, "产出指标", "数量指标", "新增就业岗位", "100 个左右", "120 个", "10", _, "10"),
    (_U, 2, "产出指标", "数量指标", "信息化投资完成额", "≥500 万元", "248.5 万元", "10", _, "4.97"),
    (_U, 2, "效益指标", "经济效益指标", "城镇登记失业率", "5%以内", "4.2%", "10", _, "10"),
    (_U, 2, "效益指标", "可持续影响指标", "长效机制", "可持续", "可持续", "6", "定性", "6"),
    (_U, 2, "满意度指标", "满意度指标", "群众满意度", "≥85%", "96%", "4", "正向", "4"),
    (_P, _, "产出指标", "数量指标", "培训人次", "300 人次", "300 人次", "30", _, "30"),
    (_P, _, "满意度指标", "满意度指标", "参训人员满意度", "95%以上", "98%", "30", _, "30"),
    (_T, _, "产出指标", "数量指标", "升级系统数量", "3 个", "3 个", "20", _, "20"),
    (_T, _, "产出指标", "质量指标", "验收合格率", "100%", "100%", "20", _, "20"),
    (_T, _, "产出指标", "成本指标", "预算完成率", "97%≤执行率≤100%", "90.91%", "10", _, "9.37"),
    (_T, _, "效益指标", "社会效益指标", "办事效率", "明显提升", "明显提升", "15", _, "15"),
    (_T, _, "满意度指标", "服务对象满意度指标", "使用人员满意度", "≥90%", "93%", "15", _, "15"),
)]


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
    _table(wb[schema.FUNCTIONAL.name], schema.FUNCTIONAL, None, FULL_BUDGETS)
    _table(wb[schema.ECONOMIC.name], schema.ECONOMIC, ("code", "name", "amount"), ECONOMIC)
    _table(wb[schema.USER_CATALOGUE.name], schema.USER_CATALOGUE,
           ("scheme", "code", "name", "explanation", "group"), USER_CATALOGUE)
    for decl, data in ((schema.UNIT_INFO, INFO), (schema.TEXTS, TEXTS)):
        ws = wb[decl.name]
        rows = _label_rows(ws, decl.items)
        for key, v in data.items():
            _put(ws, rows[key], 2, v, decl.item(key).kind == schema.AMOUNT)
    for decl, records in ((schema.PROJECTS, PROJECTS), (schema.RECEPTION, RECEPTIONS),
                          (schema.KEY_WORK, KEY_WORK), (schema.UNITS, UNITS),
                          (schema.FREE_TEXTS, FREE_TEXTS),
                          (schema.PERF_GOALS, PERF_GOALS), (schema.PERF_PROJECTS, PERF_PROJECTS),
                          (schema.PERF_TRANSFERS, PERF_TRANSFERS),
                          (schema.PERF_INDICATORS, PERF_INDICATORS)):
        _table(wb[decl.name], decl, None, records)
    ws = wb[schema.PERF_UNIT.name]
    rows = _label_rows(ws, schema.PERF_UNIT.items)
    for key, v in PERF_UNIT.items():
        _put(ws, rows[key], 2, v, schema.PERF_UNIT.item(key).kind == schema.AMOUNT)
    for decl, data in ((schema.SANGONG, SANGONG), (schema.SUPPLEMENT, SUPPLEMENT)):
        ws = wb[decl.name]
        rows, cols = _label_rows(ws, decl.rows), _headers(ws, decl)
        keys = SANGONG_KEYS if decl is schema.SANGONG else [c.key for c in decl.columns]
        for key, values in data.items():
            for col, v in zip(keys, values):
                if v is not None:
                    _put(ws, rows[key], cols[col], v, amount=True)


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
