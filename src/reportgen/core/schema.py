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
``amount`` (Decimal, in the workbook's 金额单位: 元 with up to two decimals or
万元 with up to six; the reader hands on every money amount in exact 万元),
``int``, ``choice``.  An ``amount`` that is not money (a score, a weight) is
declared ``money=False`` and is read as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from reportgen.core.catalogue import finance_level_variants, finance_levels

AMOUNT = "amount"
CODE = "code"
TEXT = "text"
LONGTEXT = "longtext"
INT = "int"
CHOICE = "choice"
DATE = "date"       # a date (填报日期): printed 2023年4月20日, read from a date, a serial or text


@dataclass(frozen=True)
class Column:
    """One column of an input sheet: its key, the header the clerk sees, the value kind
    (AMOUNT, TEXT, …), whether required, its width, choices and help; ``signed``
    amounts may be negative."""

    key: str
    header: str
    kind: str
    required: bool = False
    width: float = 14
    choices: tuple[str, ...] = ()
    help: str = ""
    # amounts that can legitimately be negative (結余 may be overdrawn)
    signed: bool = False
    # an AMOUNT in the workbook's 金额单位 (False: a score or weight, read as typed)
    money: bool = True
    # added after workbooks were written without it: an absent column reads as
    # blank and is not reported (those workbooks read and build as before)
    added_later: bool = False
    # headers this column had in earlier versions (三公经费 “预算数”): still read
    aliases: tuple[str, ...] = ()


def _by_key(entries, key: str):
    """The entry of ``entries`` (Columns or Items) whose ``key`` is ``key``;
    raises KeyError."""
    for e in entries:
        if e.key == key:
            return e
    raise KeyError(key)


@dataclass(frozen=True)
class TableSheet:
    """An input sheet of records (one line per 科目 or item) with its columns;
    ``catalogue`` names the scheme its code column is looked up in."""

    name: str
    columns: tuple[Column, ...]
    help: str
    required: bool = True
    # which catalogue the code column is looked up in: "functional" / "economic"
    catalogue: str = ""

    def column(self, key: str) -> Column:
        """The column of ``key``; raises KeyError."""
        return _by_key(self.columns, key)


@dataclass(frozen=True)
class Item:
    """One row of a key–value sheet (单位信息, 文字说明, 补充资料): key, label, kind, help;
    ``choices`` for a CHOICE; ``money=False`` for an AMOUNT that is not money;
    ``default``: what a blank or absent row means — a row with a default was added
    after workbooks were written without it, so its absence is not reported."""

    key: str
    label: str
    kind: str
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    money: bool = True
    default: Optional[str] = None
    # a row added after workbooks were written without it: its absence is not reported
    added_later: bool = False
    # an INT that is a year (年度): “2022年”, “2022年度” are read as 2022
    year: bool = False
    # a CHOICE's other spellings read without a finding (not in the drop-down list)
    variants: tuple[str, ...] = ()
    # a CHOICE whose list is a suggestion: another value is read as typed
    # (model.UNLISTED_CHOICE, a warning) instead of refused (BAD_CHOICE)
    open_list: bool = False


@dataclass(frozen=True)
class KeyValueSheet:
    """An input sheet of label/value rows (单位信息, 文字说明)."""

    name: str
    items: tuple[Item, ...]
    help: str
    required: bool = True
    label_header: str = "项目"
    value_header: str = "内容"

    def item(self, key: str) -> Item:
        """The item of ``key``; raises KeyError."""
        return _by_key(self.items, key)


@dataclass(frozen=True)
class KeyedTableSheet:
    """An input sheet of fixed rows by several columns (三公经费, 补充资料)."""

    name: str
    rows: tuple[Item, ...]
    columns: tuple[Column, ...]
    help: str
    required: bool = True
    label_header: str = "项目"

    def column(self, key: str) -> Column:
        """The column of ``key``; raises KeyError."""
        return _by_key(self.columns, key)

    def row(self, key: str) -> Item:
        """The row item of ``key``; raises KeyError."""
        return _by_key(self.rows, key)


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


def _amount(key: str, header: str, help: str = "", signed: bool = False, width: float = 14,
            money: bool = True) -> Column:
    return Column(key, header, AMOUNT, width=width, help=help, signed=signed, money=money)


def _score(key: str, header: str, help: str = "", width: float = 14) -> Column:
    """A number that is not money (a score, a weight): read as typed, whatever the 金额单位."""
    return _amount(key, header, help, width=width, money=False)


# 单位信息 金额单位: what every money amount of the workbook is entered in
UNIT_YUAN = "元"
UNIT_WAN = "万元"
AMOUNT_UNITS = (UNIT_WAN, UNIT_YUAN)
# decimals a money amount may carry, by 金额单位 (exports from the 元 ledger
# converted to 万元 carry six)
UNIT_PLACES = {UNIT_YUAN: 2, UNIT_WAN: 6}
# 万元 per unit: amounts are held in exact 万元 (a 元 figure is scaled by 10⁻⁴, exactly)
UNIT_SCALE = {UNIT_YUAN: -4, UNIT_WAN: 0}


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
                "财政拨款行填写年初预算数，用于情况说明“完成年初预算的…%”（一般公共预算逐项列示；"
                "政府性基金、国有资本经营预算的行填了预算数时也逐项列示）。"),
        Column("budget_full", "全年预算数", AMOUNT, added_later=True, help=
                "调整后的全年预算数（含追加、调减），可不填。模板方案 [document] 的 budget_base = "
                "\"全年预算\" 时，情况说明写“完成全年预算的…%”；某项未填全年预算数时仍按年初预算数。"
                "旧版工作簿没有此列时按未填处理。"),
        Column("reason", "决算与预算差异原因", LONGTEXT, width=40,
               help="决算数大于或小于年初预算数时填写主要原因，如“人员减少，经费划转”。"),
        Column("uses", "主要用于", LONGTEXT, width=40, added_later=True,
               help="该项支出主要用于什么，写在情况说明五（三）该项之后的“主要用于……”，"
                    "如“机关人员工资福利及日常运转”。"),
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
        Item("year", "年度", INT, required=True, help="决算年度，如 2022。", year=True),
        Item("catalogue_year", "科目目录年版", INT, help="留空则按决算年度选用科目目录。", year=True),
        Item("amount_unit", "金额单位", CHOICE, choices=AMOUNT_UNITS, default=UNIT_WAN,
             help="本工作簿所有金额的单位：“万元”（最多六位小数）或“元”（最多两位小数，"
                  "按账面数照填）。留空按万元。公开的表格和说明一律以万元、两位小数列示，"
                  "由程序从精确数四舍五入一次。"),
        Item("finance_level", "财政级次", CHOICE, choices=tuple(finance_levels()),
             variants=tuple(finance_level_variants()), open_list=True,
             help="如“区级”“市级”，从下拉列表中选择，用于名词解释（“区直部门”等）；"
                  "列表外的级次照填照印，名词解释不写部门称谓。"),
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
        Item("reason_3gong_budget", "三公经费决算与预算差异原因", LONGTEXT, added_later=True,
             help="“三公”经费决算数大于或小于预算数的主要原因，写在情况说明“完成预算的…%”之后。"),
        Item("perf_unit_text", "整体支出绩效自评情况", LONGTEXT,
             help="情况说明十三（二）：从评价情况来看……的评价文字。"),
        Item("perf_unit_score", "整体支出绩效得分", AMOUNT, money=False,
             help="如 94.5。填了“整体绩效自评”表时，程序按计分规则计算得分，此处的填报数只用于核对。"),
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
    help="财政拨款“三公”经费。年初预算数为年初批复的预算，全年预算数为按规定程序调整后的预算"
         "（可不填；填写后表9的预算数列示全年预算数），决算数为实际支出，上年决算数用于同比。"
         "旧版工作簿的“预算数”列按年初预算数读取。",
    rows=SANGONG_ROWS,
    columns=(
        Column("budget", "年初预算数", AMOUNT, aliases=("预算数",), help=
               "年初批复的“三公”经费预算数，用于情况说明“年初预算数为…万元，完成年初预算的…%”。"
               "旧版工作簿的“预算数”列按此列读取。"),
        Column("budget_full", "全年预算数", AMOUNT, added_later=True, help=
               "调整后的全年预算数（含追加、调减），可不填。填写后表9的“预算数”列示全年预算数"
               "（未填的行仍列示年初预算数）；模板方案 [document] 的 budget_base = \"全年预算\" 时，"
               "情况说明写“完成全年预算的…%”。旧版工作簿没有此列时按未填处理。"),
        _amount("actual", "决算数"),
        _amount("last_year", "上年决算数"),
    ),
)

# 补充数据 rows of the 公务用车 by category: when any is filled they add up to 公务用车 (X416)
CAR_CATEGORIES = ("cars_leader", "cars_confidential", "cars_emergency", "cars_law", "cars_special",
                  "cars_retired", "cars_general")

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
        Item("abroad_groups", "因公出国（境）团组数", INT, added_later=True,
             help="情况说明九（二）：全年安排因公出国（境）团组数；不填则不写此句。"),
        Item("abroad_persons", "因公出国（境）人次", INT, added_later=True),
        Item("car_purchased", "公务用车购置数（辆）", INT, added_later=True,
             help="本年购置的公务用车辆数；保有量填在“公务用车（辆）”。"),
        Item("cars", "公务用车（辆）", INT),
        Item("other_cars", "其他用车（辆）", INT),
        Item("general_equipment", "单价50万元(含)以上通用设备（台、套）", INT),
        Item("special_equipment", "单价100万元(含)以上专用设备（台、套）", INT),
        # 国有资产占有使用情况表: the 公务用车 by category (optional; when filled they add up to 公务用车)
        Item("cars_leader", "其中：主要领导干部用车（辆）", INT, added_later=True,
             help="公务用车按类别（可不填）：填写时各类之和应等于“公务用车（辆）”，用于国有资产占有使用情况表。"),
        Item("cars_confidential", "其中：机要通信用车（辆）", INT, added_later=True),
        Item("cars_emergency", "其中：应急保障用车（辆）", INT, added_later=True),
        Item("cars_law", "其中：执法执勤用车（辆）", INT, added_later=True),
        Item("cars_special", "其中：特种专业技术用车（辆）", INT, added_later=True),
        Item("cars_retired", "其中：离退休干部服务用车（辆）", INT, added_later=True),
        Item("cars_general", "其中：其他公务用车（辆）", INT, added_later=True),
        Item("meeting", "会议费", AMOUNT, added_later=True,
             help="一般性支出：财政拨款会议费（基本支出和项目支出），用于一般性支出情况表；"
                  "不应小于“基本支出经济分类”30215 会议费。可不填。"),
        Item("training", "培训费", AMOUNT, added_later=True,
             help="一般性支出：财政拨款培训费（基本支出和项目支出）；"
                  "不应小于“基本支出经济分类”30216 培训费。可不填。"),
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
        Column("code", "功能分类科目编码", CODE, width=14, added_later=True,
               help="该项目支出所列的支出功能分类项级科目（7 位），用于项目支出决算表；"
                    "须是“支出功能分类”中一般公共预算财政拨款填了项目支出的科目。可不填。"),
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

FREE_TEXTS = TableSheet(
    name="其他说明",
    required=False,
    help=(
        "模板方案中的自由小节（如“联系方式”“相关口径说明”）的文字：每节一行，“标题”与模板方案"
        "profile.toml 中 free = \"…\" 写的名称相同，“内容”每行一段。内容为空的小节不出现。"
    ),
    columns=(
        Column("title", "标题", TEXT, required=True, width=24,
               help="小节名称，如“联系方式”，须与模板方案中的写法一致。"),
        Column("content", "内容", LONGTEXT, width=80, help="小节正文，每行一段。"),
    ),
)

# ---- sheets for the performance self-evaluation (第六部分 附件); all optional
# The tables' fixed weights: 预算执行 20 on every table; the 项目 table's
# 总目标 20 and indicators 60; a 转移支付 table's indicators 80; each 年度目标
# of the 整体 table its 分值 (20 unless stated).
UNIT_TABLE = "部门整体"
PROJECT_KINDS = ("经常性项目", "延续性项目", "一次性项目")
LEVEL1 = ("产出指标", "效益指标", "满意度指标")
SCORING_MODES = ("正向", "反向", "定性")

PERF_UNIT = KeyValueSheet(
    name="整体绩效自评",
    required=False,
    help=(
        "部门（单位）整体绩效自评表和部门整体支出绩效自评报告。预算数（A）为基本支出与项目支出"
        "预算数之和（调整后财政资金总额，含上年结转结余），执行数（B）为两者执行数之和；"
        "执行数留空时按表3 的基本支出、项目支出。年度目标及其指标填在“整体绩效目标”"
        "“绩效指标”表。得分由程序按表下备注的计分规则计算，这里填的得分只用于核对。"
        "自评得分（填报数）填在“文字说明”的“整体支出绩效得分”。"
    ),
    items=(
        Item("basic_budget", "基本支出预算数", AMOUNT, help="整体绩效自评表“基本支出总额”。"),
        Item("project_budget", "项目支出预算数", AMOUNT, help="整体绩效自评表“项目支出总额”。"),
        Item("basic_actual", "基本支出执行数", AMOUNT, help="留空按表3 基本支出合计。"),
        Item("project_actual", "项目支出执行数", AMOUNT, help="留空按表3 项目支出合计。"),
        Item("rate", "执行率", TEXT, help="可不填；填写时（如 88.74%）与 B/A 核对。"),
        Item("budget_score", "预算执行得分", AMOUNT, money=False,
             help="填报数，仅用于核对；程序按 20 分×执行率计算，最高 20 分。"),
        Item("date", "填报日期", DATE, help="如“2023 年 3 月 17 日”。"),
        Item("conclusion", "自评结论", LONGTEXT,
             help="自评报告一（一）部门整体绩效自评得分的文字；总分一句由程序按计算结果写出。"),
        Item("problems", "存在的问题和原因", LONGTEXT, help="每条一行。"),
        Item("measures", "下一步拟改进措施", LONGTEXT, help="每条一行。"),
        Item("deviation", "偏差大或目标未完成原因分析", LONGTEXT, help="整体绩效自评表中的同名栏。"),
        Item("improvement", "改进措施及结果应用方案", LONGTEXT, help="整体绩效自评表中的同名栏。"),
        Item("work", "部门支出情况以及重点工作", LONGTEXT,
             help="佐证材料（一）1 中支出数字之后的文字；支出数字由程序写出。"),
        Item("economic", "经济效益分析", LONGTEXT,
             help="效益指标完成情况分析（1）经济效益；不填则逐项列出经济效益指标。"),
        Item("social", "社会效益分析", LONGTEXT, help="不填则逐项列出社会效益指标。"),
        Item("ecological", "生态效益分析", LONGTEXT, help="不填则逐项列出生态效益指标。"),
        Item("sustainable", "可持续影响分析", LONGTEXT, help="不填则逐项列出可持续影响指标。"),
        Item("satisfaction", "满意度分析", LONGTEXT, help="不填则逐项列出满意度指标。"),
        Item("evidence", "其他佐证材料", LONGTEXT, help="不填写为“无”。"),
    ),
)

PERF_GOALS = TableSheet(
    name="整体绩效目标",
    required=False,
    help="整体绩效自评表的年度目标，每个目标一行；其指标填在“绩效指标”表，自评表填“部门整体”。",
    columns=(
        Column("no", "序号", INT, required=True, width=6, help="年度目标 1、2、……；“绩效指标”表按此序号归属。"),
        Column("goal", "年度目标", LONGTEXT, required=True, width=50,
               help="如“聚焦‘稳就业’，切实守好民生底线”。"),
        _score("weight", "分值", "该目标各指标分值之和；留空按 20 分。", width=8),
    ),
)

# columns of both the 项目 and the 转移支付 self-evaluation sheets
_BUDGET_SCORE = _score("budget_score", "预算执行得分", "填报数，仅用于核对；程序按 20 分×执行率计算。")
_CLOSING = (   # the two closing rows of each table
    Column("deviation", "偏差原因", LONGTEXT, width=36, help="偏差大或目标未完成原因分析。"),
    Column("improvement", "改进措施", LONGTEXT, width=36, help="改进措施及结果应用方案。"),
)

PERF_PROJECTS = TableSheet(
    name="项目绩效自评",
    required=False,
    help=(
        "项目支出绩效自评表，每个项目一行；指标填在“绩效指标”表（自评表填本表的项目名称）。"
        "预算执行 20 分、项目绩效总目标 20 分、年度绩效指标 60 分。"
        "得分由程序按计分规则计算，这里填的得分只用于核对。"
    ),
    columns=(
        Column("name", "项目名称", TEXT, required=True, width=30),
        Column("project", "对应项目支出", TEXT, width=30,
               help="“项目支出”表中该项目的名称；与项目名称相同时可不填。"),
        Column("department", "主管部门", TEXT, width=24),
        Column("implementer", "项目实施单位", TEXT, width=24),
        Column("kind", "项目类型", CHOICE, width=14, choices=PROJECT_KINDS),
        _amount("fund_department", "部门预算项目资金量", "预算来源及资金规模：部门预算项目。"),
        _amount("fund_special", "专项资金资金量", "预算来源及资金规模：专项资金。"),
        _amount("fund_transfer", "上级转移支付项目资金量", "预算来源及资金规模：上级转移支付项目。"),
        _amount("budget", "预算数（A）", "年度财政资金总额的预算数（调整后，含上年结转结余）。"),
        _amount("actual", "执行数（B）", "年度财政资金总额的实际支出数。"),
        Column("rate", "执行率", TEXT, width=10, help="可不填；填写时（如 38% 或 0.38）与 B/A 核对。"),
        _BUDGET_SCORE,
        Column("goal", "年初设定目标", LONGTEXT, width=40),
        Column("result", "全年实际完成情况", LONGTEXT, width=40),
        _score("goal_score", "总目标得分", "项目绩效总目标得分（满分 20 分，按完成情况评定）。"),
        *_CLOSING,
        Column("date", "填报日期", DATE, width=16, help="如“2023 年 4 月 20 日”。"),
        _score("score", "自评得分", "填报数，仅用于与程序计算的总分核对。"),
    ),
)

TRANSFER_SOURCES = (("total", "年度资金总额"), ("province", "省级补助"),
                    ("county", "市县资金"), ("other", "其他资金"))


def _transfer_funds() -> tuple[Column, ...]:
    cols = []
    for key, label in TRANSFER_SOURCES:
        note = ("仅用于核对：填写了各来源时，年度资金总额由程序相加。" if key == "total"
                else "")
        cols += [_amount(f"{key}_initial", f"{label}年初预算数", note),
                 _amount(f"{key}_budget", f"{label}全年预算数", note),
                 _amount(f"{key}_actual", f"{label}全年执行数", note)]
    return tuple(cols)


PERF_TRANSFERS = TableSheet(
    name="转移支付绩效自评",
    required=False,
    help=(
        "转移支付（省直专项）整体绩效目标自评表，每个转移支付一行：资金按来源（省级补助、"
        "市县资金、其他资金）填年初预算数、全年预算数（A）、全年执行数（B）；指标填在“绩效指标”表"
        "（自评表填本表的转移支付名称）。资金 20 分、绩效指标 80 分。"
    ),
    columns=(
        Column("name", "转移支付名称", TEXT, required=True, width=30),
        Column("project", "对应项目支出", TEXT, width=30,
               help="“项目支出”表中该资金的项目名称；与转移支付名称相同时可不填。"),
        Column("department", "省直部门", TEXT, width=16),
        *_transfer_funds(),
        Column("rate", "执行率", TEXT, width=10, help="可不填；填写时与 B/A 核对。"),
        _BUDGET_SCORE,
        *_CLOSING,
        _score("score", "总分", "填报数，仅用于与程序计算的总分核对。"),
    ),
)

PERF_INDICATORS = TableSheet(
    name="绩效指标",
    required=False,
    help=(
        "各绩效自评表的指标，每个三级指标一行。“自评表”填“部门整体”、项目名称或转移支付名称。"
        "年初目标值、实际完成值照表填写，如“≥90%”“97%≤执行率≤100%”“100 人左右”“5.5%以内”"
        "“23 场”“好”“可持续”：目标为≥X（或不带符号、“以上”“左右”）的为正向指标，得分 = 分值×B/A；"
        "≤X（“以内”“以下”）的为反向指标，得分 = 分值×A/B；区间的在区间内得满分；得分不超过分值。"
        "不是数值的为定性指标，得分按所填得分（达成 80%–100%、部分达成 50%–80%、未达成 50% 以下）。"
        "“无生态效益指标”一类的行不计分。"
    ),
    columns=(
        Column("table", "自评表", TEXT, required=True, width=24,
               help="“部门整体”，或“项目绩效自评”“转移支付绩效自评”表中的名称。"),
        Column("goal", "年度目标序号", INT, width=8, help="仅部门整体：所属“整体绩效目标”的序号。"),
        Column("level1", "一级指标", CHOICE, required=True, width=12, choices=LEVEL1),
        Column("level2", "二级指标", TEXT, required=True, width=14,
               help="如 数量指标、质量指标、时效指标、成本指标、经济效益指标、社会效益指标、"
                    "生态效益指标、可持续影响指标、满意度指标。"),
        Column("name", "三级指标", TEXT, width=36),
        Column("target", "年初目标值", TEXT, width=18, help="年初目标值（A），照表填写。"),
        Column("actual", "实际完成值", TEXT, width=18, help="实际完成值（B），照表填写。"),
        _score("weight", "分值", "该指标的权重（满分）。", width=8),
        Column("mode", "计分方式", CHOICE, width=10, choices=SCORING_MODES,
               help="一般不填，按目标值的写法判断；目标值未写方向时可指定，如失业率填“反向”。"),
        _score("score", "得分", "填报数，仅用于核对；定性指标按此计分。", width=8),
    ),
)

SHEETS = (UNIT_INFO, TEXTS, FUNCTIONAL, ECONOMIC, SANGONG, SUPPLEMENT, USER_CATALOGUE,
          PROJECTS, RECEPTION, KEY_WORK, UNITS, FREE_TEXTS,
          PERF_UNIT, PERF_GOALS, PERF_PROJECTS, PERF_TRANSFERS, PERF_INDICATORS)
INSTRUCTIONS_SHEET = "填表说明"


def sheet(name: str):
    """The declaration of the input sheet called ``name``; raises KeyError."""
    for s in SHEETS:
        if s.name == name:
            return s
    raise KeyError(name)
