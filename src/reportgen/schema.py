"""The input workbook's layout, declared once.

The reader, ``reportgen init`` and the validation rules all work from these
declarations, so a sheet or column is added here and nowhere else.

Three kinds of sheet:

* ``TableSheet``: a header row, then one record per row (the 科目 lines).
  Columns are found by their header text, so a clerk may reorder them.
* ``KeyValueSheet``: two columns, 项目 and 内容; rows found by the 项目 label.
* ``KeyedTableSheet``: a fixed list of row labels in column A and several value
  columns (三公经费, 补充数据).

Column kinds: ``code`` (classification code, digits), ``text``, ``longtext``,
``amount`` (万元, Decimal, two decimals), ``int``, ``choice``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

AMOUNT = "amount"
CODE = "code"
TEXT = "text"
LONGTEXT = "longtext"
INT = "int"
CHOICE = "choice"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str
    required: bool = False
    width: float = 14
    choices: tuple[str, ...] = ()
    help: str = ""
    # amounts that can legitimately be negative (結余 may be overdrawn)
    signed: bool = False


@dataclass(frozen=True)
class TableSheet:
    name: str
    columns: tuple[Column, ...]
    help: str
    required: bool = True
    # which catalogue the code column is looked up in: "functional" / "economic"
    catalogue: str = ""

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    kind: str
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class KeyValueSheet:
    name: str
    items: tuple[Item, ...]
    help: str
    required: bool = True
    label_header: str = "项目"
    value_header: str = "内容"

    def item(self, key: str) -> Item:
        for i in self.items:
            if i.key == key:
                return i
        raise KeyError(key)


@dataclass(frozen=True)
class KeyedTableSheet:
    name: str
    rows: tuple[Item, ...]
    columns: tuple[Column, ...]
    help: str
    required: bool = True
    label_header: str = "项目"

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def row(self, key: str) -> Item:
        for i in self.rows:
            if i.key == key:
                return i
        raise KeyError(key)


# ---------------------------------------------------------------- fund types
FUND_GENERAL = "一般公共预算财政拨款"
FUND_GOV = "政府性基金预算财政拨款"
FUND_SOE = "国有资本经营预算财政拨款"
FUND_OTHER = "非财政拨款资金"
FUNDS = (FUND_GENERAL, FUND_GOV, FUND_SOE, FUND_OTHER)
FISCAL_FUNDS = (FUND_GENERAL, FUND_GOV, FUND_SOE)

# ------------------------------------------------------------- column groups
# income sources of 表1/表2, in table order; the first is only for fiscal lines
INCOME_FISCAL = "income_fiscal"
INCOME_OTHER_KEYS = ("income_superior", "income_business", "income_operating",
                     "income_affiliated", "income_other")
INCOME_KEYS = (INCOME_FISCAL, *INCOME_OTHER_KEYS)
# expenditure columns of 表3, in table order
EXPENSE_KEYS = ("exp_basic", "exp_project", "exp_remit", "exp_operating", "exp_subsidy")


def _amount(key: str, header: str, help: str = "", signed: bool = False, width: float = 14) -> Column:
    return Column(key, header, AMOUNT, width=width, help=help, signed=signed)


FUNCTIONAL = TableSheet(
    name="支出功能分类",
    catalogue="functional",
    help=(
        "每行填一个支出功能分类“项”级科目（7 位编码）和一种资金性质。"
        "同一科目既有财政拨款又有其他资金时分行填写。类、款合计由程序汇总，"
        "如另行填写类（3 位）或款（5 位）合计行，仅用于核对，不作为数据来源。"
    ),
    columns=(
        Column("code", "科目编码", CODE, required=True, width=12,
               help="支出功能分类科目编码，项级 7 位，如 2080101。可从下拉列表选择。"),
        Column("name", "科目名称", TEXT, width=30,
               help="选定编码后自动显示；手工填写时须与科目目录一致。"),
        Column("fund", "资金性质", CHOICE, required=True, width=22, choices=FUNDS,
               help="一般公共预算财政拨款 / 政府性基金预算财政拨款 / 国有资本经营预算财政拨款 / 非财政拨款资金。"),
        _amount("carry_begin", "年初结转和结余", "上年末结转到本年的资金。", signed=True),
        _amount(INCOME_FISCAL, "财政拨款收入", "仅财政拨款资金行填写。"),
        _amount("income_superior", "上级补助收入", "仅非财政拨款资金行填写。"),
        _amount("income_business", "事业收入", "仅非财政拨款资金行填写。"),
        _amount("income_operating", "经营收入", "仅非财政拨款资金行填写。"),
        _amount("income_affiliated", "附属单位上缴收入", "仅非财政拨款资金行填写。"),
        _amount("income_other", "其他收入", "仅非财政拨款资金行填写。"),
        _amount("exp_basic", "基本支出"),
        _amount("exp_project", "项目支出"),
        _amount("exp_remit", "上缴上级支出"),
        _amount("exp_operating", "经营支出"),
        _amount("exp_subsidy", "对附属单位补助支出"),
        _amount("carry_end", "年末结转和结余", "结转到下年的资金。", signed=True),
        _amount("budget", "年初预算数",
                "一般公共预算财政拨款行填写年初预算数，用于情况说明“完成年初预算的…%”。"),
        Column("reason", "决算与预算差异原因", LONGTEXT, width=40,
               help="决算数大于或小于年初预算数时填写主要原因，如“人员减少，经费划转”。"),
    ),
)

ECONOMIC = TableSheet(
    name="基本支出经济分类",
    catalogue="economic",
    help=(
        "一般公共预算财政拨款基本支出按支出经济分类“款”级科目（5 位）填写，"
        "用于表6。类（3 位）合计由程序汇总，如另行填写仅用于核对。"
    ),
    columns=(
        Column("code", "经济分类编码", CODE, required=True, width=12,
               help="支出经济分类科目编码，款级 5 位，如 30101。"),
        Column("name", "科目名称", TEXT, width=30),
        _amount("amount", "决算数", "本年一般公共预算财政拨款基本支出。"),
    ),
)

UNIT_INFO = KeyValueSheet(
    name="单位信息",
    help="单位名称与年度用于表头和文件名。",
    items=(
        Item("unit", "单位名称", TEXT, required=True, help="部门（单位）全称，如“某某区人力资源局”。"),
        Item("year", "年度", INT, required=True, help="决算年度，如 2022。"),
        Item("catalogue_year", "科目目录年版", INT, help="留空则按决算年度选用科目目录。"),
        Item("finance_level", "财政级次", TEXT, help="如“区级”“市级”，用于名词解释。"),
        Item("phone", "咨询电话", TEXT),
    ),
)

TEXTS = KeyValueSheet(
    name="文字说明",
    required=False,
    help="情况说明中由单位撰写的文字。未填写的段落按无此内容处理。",
    items=(
        Item("functions", "部门主要职能", LONGTEXT, help="每条职能一行（单元格内换行）。"),
        Item("composition", "部门决算单位构成", LONGTEXT),
        Item("reason_total", "收支总计变动原因", LONGTEXT),
        Item("reason_fiscal", "财政拨款收支总计变动原因", LONGTEXT),
        Item("reason_general_exp", "一般公共预算财政拨款支出变动原因", LONGTEXT),
        Item("reason_3gong", "三公经费变动原因", LONGTEXT),
        Item("reason_operation", "机关运行经费变动原因", LONGTEXT),
        Item("assets", "国有资产占用情况", LONGTEXT),
        Item("performance", "预算绩效管理工作开展情况", LONGTEXT),
        # -- added for the Word document (情况说明); all optional
        Item("reason_general_income", "一般公共预算财政拨款收入变动原因", LONGTEXT,
             help="与上年决算数相比增加或减少的主要原因。"),
        Item("reason_abroad", "因公出国（境）费变动原因", LONGTEXT),
        Item("reason_car", "公务用车购置及运行维护费变动原因", LONGTEXT),
        Item("reason_reception", "公务接待费变动原因", LONGTEXT),
        Item("perf_unit_text", "整体支出绩效自评情况", LONGTEXT,
             help="情况说明十三（二）：从评价情况来看……的评价文字。"),
        Item("perf_unit_score", "整体支出绩效得分", AMOUNT, help="如 94.5。"),
        Item("perf_unit_output", "整体支出主要产出和效果", LONGTEXT),
        Item("perf_application", "绩效自评结果应用情况", LONGTEXT),
    ),
)

# 三公经费: 表9 columns and the narrative's year-on-year comparison
SANGONG_ROWS = (
    Item("abroad", "因公出国（境）费", AMOUNT),
    Item("car_purchase", "公务用车购置费", AMOUNT),
    Item("car_running", "公务用车运行维护费", AMOUNT),
    Item("reception", "公务接待费", AMOUNT),
)
SANGONG = KeyedTableSheet(
    name="三公经费",
    help="财政拨款“三公”经费。预算数为全年预算数（含调整），决算数为实际支出，上年决算数用于同比。",
    rows=SANGONG_ROWS,
    columns=(
        _amount("budget", "预算数"),
        _amount("actual", "决算数"),
        _amount("last_year", "上年决算数"),
    ),
)

SUPPLEMENT = KeyedTableSheet(
    name="补充数据",
    help="总表中不按科目填写的数，以及情况说明所需的上年数和其他数据。",
    rows=(
        Item("use_nonfiscal_balance", "使用非财政拨款结余", AMOUNT),
        Item("balance_distribution", "结余分配", AMOUNT),
        Item("total", "收支总计", AMOUNT, help="本年数由程序计算，只填上年数。"),
        Item("fiscal_total", "财政拨款收支总计", AMOUNT, help="本年数由程序计算，只填上年数。"),
        Item("general_income", "一般公共预算财政拨款收入", AMOUNT, help="本年数由程序计算，只填上年数。"),
        Item("general_exp", "一般公共预算财政拨款支出", AMOUNT, help="本年数由程序计算，只填上年数。"),
        Item("operation", "机关运行经费", AMOUNT),
        Item("procurement", "政府采购支出总额", AMOUNT),
        Item("procurement_goods", "政府采购货物支出", AMOUNT),
        Item("procurement_works", "政府采购工程支出", AMOUNT),
        Item("procurement_services", "政府采购服务支出", AMOUNT),
        Item("sme", "授予中小企业合同金额", AMOUNT),
        Item("sme_small", "其中：授予小微企业合同金额", AMOUNT),
        Item("sme_goods", "货物采购授予中小企业合同金额", AMOUNT),
        Item("sme_works", "工程采购授予中小企业合同金额", AMOUNT),
        Item("sme_services", "服务采购授予中小企业合同金额", AMOUNT),
        Item("cars", "公务用车（辆）", INT),
        Item("other_cars", "其他用车（辆）", INT),
        Item("general_equipment", "单价50万元(含)以上通用设备（台、套）", INT),
        Item("special_equipment", "单价100万元(含)以上专用设备（台、套）", INT),
    ),
    columns=(
        _amount("current", "本年数"),
        _amount("last_year", "上年数"),
    ),
)

USER_CATALOGUE = TableSheet(
    name="科目",
    required=False,
    help=(
        "补充或更正科目目录：内置目录中没有的科目，或名称、说明与本年目录不同的科目，"
        "在此填写后优先于内置目录使用。"
    ),
    columns=(
        Column("scheme", "分类", CHOICE, required=True, width=12, choices=("功能分类", "经济分类")),
        Column("code", "科目编码", CODE, required=True, width=12),
        Column("name", "科目名称", TEXT, required=True, width=30),
        Column("explanation", "说明", LONGTEXT, width=50,
               help="功能分类项级科目的解释，以“反映”开头，用于名词解释。"),
        Column("group", "经费类别", CHOICE, width=12, choices=("人员经费", "公用经费", "其他"),
               help="经济分类科目属于人员经费还是公用经费。"),
    ),
)

# ---- sheets for the Word document (情况说明 and 第一、四部分); all optional
PROJECTS = TableSheet(
    name="项目支出",
    required=False,
    help=(
        "一般公共预算财政拨款项目支出，每个项目一行，用于情况说明五（三）“项目支出主要用于”"
        "和十三“预算绩效情况”。填写了全年预算数的项目列入绩效自评。"
    ),
    columns=(
        Column("name", "项目名称", TEXT, required=True, width=36),
        _amount("amount", "决算数", "本年支出决算数（执行数）。"),
        Column("effect", "主要成效", LONGTEXT, width=50,
               help="写在“主要成效是”之后，如“确保了机关各业务科室事业任务的顺利完成”。"),
        _amount("budget", "全年预算数", "项目全年预算数；填写后该项目列入绩效自评。"),
        Column("problems", "发现的问题及原因", LONGTEXT, width=40),
        Column("measures", "下一步改进措施", LONGTEXT, width=40),
    ),
)

RECEPTION = TableSheet(
    name="接待明细",
    required=False,
    help="财政拨款公务接待费的构成，用于情况说明九“三公”经费。每类接待一行。",
    columns=(
        Column("category", "接待类别", TEXT, required=True, width=20,
               help="如“外省市交流接待”“省内接待活动”“外事接待”。"),
        _amount("amount", "金额"),
        Column("purpose", "用途说明", LONGTEXT, width=50,
               help="写在“主要用于”之后、“的接待工作”之前，如“某省人社厅来我局调研”。"),
        Column("batches", "批次", INT, width=8),
        Column("persons", "人次", INT, width=8),
        Column("accompany", "陪同人次", INT, width=10),
    ),
)

KEY_WORK = TableSheet(
    name="重点工作",
    required=False,
    help="第四部分 重点工作完成情况：每项重点工作一行。",
    columns=(
        Column("no", "序号", INT, width=6),
        Column("title", "重要事项", TEXT, required=True, width=24),
        Column("content", "工作内容及目标", LONGTEXT, width=50),
        Column("result", "完成情况", LONGTEXT, width=60),
    ),
)

UNITS = TableSheet(
    name="单位构成",
    required=False,
    help=(
        "纳入部门决算的单位，每个单位一行，用于第一部分“部门决算单位构成”。"
        "只有本级一个单位时可不填，改在“文字说明”中写明。"
    ),
    columns=(
        Column("name", "单位名称", TEXT, required=True, width=36),
        Column("kind", "单位性质", TEXT, width=24,
               help="如“行政单位”“参照公务员法管理事业单位”“全额拨款事业单位”。"),
        Column("note", "备注", TEXT, width=24),
    ),
)

SHEETS = (UNIT_INFO, TEXTS, FUNCTIONAL, ECONOMIC, SANGONG, SUPPLEMENT, USER_CATALOGUE,
          PROJECTS, RECEPTION, KEY_WORK, UNITS)
INSTRUCTIONS_SHEET = "填表说明"


def sheet(name: str):
    for s in SHEETS:
        if s.name == name:
            return s
    raise KeyError(name)
