"""The typed report: every figure any output uses, as dataclasses.

``compute(workbook, catalogues, evaluation)`` (``compute/tables.py``) fills
one ``Report``.  The xlsx renderer reads the nine tables (``Report.t1`` …
``Report.t9``), the Word document's context (``compose/narrative.py``) reads
the tables and the narrative figures below; nobody reads the workbook again.

Units: every amount is ``Decimal`` 万元 exactly as summed (never rounded
here); every rate or share is an exact ``Decimal`` percentage (``part × 100 ÷
whole``, not rounded) or None when the whole is 0.  ``core/fmt`` rounds
half-up once, when a figure becomes text (the ``money``/``rate`` filters).

Field documentation lives in each field's ``metadata`` (``doc``, ``unit``)
so that ``docs/template-fields.md`` is generated from these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from reportgen.core.fields import PCT, WAN, fld
from reportgen.core.model import ZERO, rate  # noqa: F401  (rate: the one rate, core.model.rate)


# ------------------------------------------------------------------ tables


@dataclass
class Row:
    """A 类/款/项 row of a code table (表2, 表3, 表5, 表7, 表8).

    ``v`` maps the table's column key to its amount (万元): 表2 ``total`` and
    ``schema.INCOME_KEYS``; 表3 ``total`` and ``schema.EXPENSE_KEYS``;
    表5/表8 ``total``, ``exp_basic``, ``exp_project``; 表7 also
    ``carry_begin``, ``income``, ``carry_end``.  Templates write ``r.total``
    for ``r.v["total"]``.
    """

    code: str = fld("功能分类科目编码（3、5 或 7 位）")
    name: str = fld("科目名称")
    level: str = fld("科目级次：类、款或项")
    v: dict[str, Decimal] = fld("各栏金额，按栏目键", WAN)

    def __getattr__(self, key: str):
        # templates write r.total rather than r.v.total
        try:
            return self.__dict__["v"][key]
        except KeyError:
            raise AttributeError(key) from None


@dataclass
class CodeTable:
    """表2, 表3, 表5, 表7 or 表8: the 合计 and the 类/款/项 rows in code
    order (a row appears when any column is non-zero).  ``total`` is keyed
    like ``Row.v``.  ``absent`` (表7, 表8): no 项 line uses the fund."""

    total: dict[str, Decimal] = fld("合计行各栏金额", WAN)
    rows: list[Row] = fld("类、款、项各行")
    absent: bool = fld("本单位没有该项资金（表7、表8）", default=False)

    @property
    def empty(self) -> bool:
        """No data: the fund is absent (表7, 表8) or no row has an amount
        (a profile's ``absent_note`` is printed then)."""
        return self.absent or not self.rows


@dataclass
class IncomeLine:
    """One 收入 row of 表1 (``key`` as in ``compute.tables.T1_INCOME``)."""

    key: str
    name: str
    amount: Decimal


@dataclass
class ClassLine:
    """One 支出 row of 表1: a 功能分类 类 with its 本年支出 (万元)."""

    code: str
    name: str
    amount: Decimal


@dataclass
class T1:
    """表1 收入支出决算总表 (万元).  Source: every 项 line of 支出功能分类;
    使用非财政拨款结余 and 结余分配 from 补充资料."""

    income: list[IncomeLine]
    expense: list[ClassLine]
    income_total: Decimal
    use_nonfiscal_balance: Decimal
    carry_begin: Decimal
    income_grand_total: Decimal
    expense_total: Decimal
    balance_distribution: Decimal
    carry_end: Decimal
    expense_grand_total: Decimal

    @property
    def empty(self) -> bool:
        """No data: both grand totals are 0 (``absent_note`` is printed then)."""
        return not self.income_grand_total and not self.expense_grand_total


@dataclass
class FundAmounts:
    """One figure split by 财政拨款 fund (万元): 一般公共预算 ``general``,
    政府性基金 ``gov``, 国有资本经营 ``soe``, and their ``total``."""

    general: Decimal = ZERO
    gov: Decimal = ZERO
    soe: Decimal = ZERO
    total: Decimal = ZERO

    @classmethod
    def of(cls, general: Decimal, gov: Decimal, soe: Decimal) -> "FundAmounts":
        """The three funds and their sum."""
        return cls(general, gov, soe, general + gov + soe)


@dataclass
class T4Class:
    """One 支出 row of 表4: a 类 with its 财政拨款 支出 by fund (万元)."""

    code: str
    name: str
    general: Decimal
    gov: Decimal
    soe: Decimal
    total: Decimal


@dataclass
class T4:
    """表4 财政拨款收入支出决算总表 (万元).  Source: the 项 lines whose
    资金性质 is one of the three 财政拨款 funds."""

    income: FundAmounts
    income_total: Decimal
    carry_begin: FundAmounts
    carry_begin_total: Decimal
    income_grand_total: Decimal
    expense: list[T4Class]
    expense_total: FundAmounts
    carry_end: FundAmounts
    carry_end_total: Decimal
    expense_grand_total: FundAmounts

    @property
    def empty(self) -> bool:
        """No 财政拨款 at all (``absent_note`` is printed then)."""
        return not self.income_grand_total and not self.expense_grand_total.total


@dataclass
class EconomicRow:
    """One printed row of 表6: three column groups side by side (人员经费,
    对个人和家庭的补助, 公用经费), each a code, its name and amount (万元;
    None and '' where the group has no row here)."""

    a_code: str = ""
    a_name: str = ""
    a_amount: Optional[Decimal] = None
    b_code: str = ""
    b_name: str = ""
    b_amount: Optional[Decimal] = None
    c_code: str = ""
    c_name: str = ""
    c_amount: Optional[Decimal] = None


@dataclass
class EconomicItem:
    """An 经济分类 款 the clerk entered with a non-zero amount (万元), with
    its 类's group (人员经费 / 公用经费 / …)."""

    code: str = fld("经济分类科目编码")
    name: str = fld("科目名称")
    amount: Decimal = fld("金额", WAN)
    group: str = fld("经费类别：人员经费或公用经费")


@dataclass
class T6:
    """表6 一般公共预算财政拨款基本支出决算明细表 (万元).  Source: the
    支出经济分类 sheet; layout of the codes from the catalogue."""

    rows: list[EconomicRow]
    personnel_total: Decimal
    public_total: Decimal
    total: Decimal
    items: list[EconomicItem]

    @property
    def empty(self) -> bool:
        """No data: no 经济分类 款 has an amount (``absent_note`` is printed then)."""
        return not self.total and not self.items


@dataclass
class SangongAmounts:
    """One column of 表9 (万元): the four rows of the 三公经费 sheet, 公务用车
    ``car`` = 购置 + 运行维护, ``total`` = 出国 + 公务用车 + 接待."""

    abroad: Decimal
    car_purchase: Decimal
    car_running: Decimal
    reception: Decimal
    car: Decimal
    total: Decimal


@dataclass
class T9:
    """表9 财政拨款“三公”经费支出决算表: 预算数, 决算数 and 上年决算数.

    ``budget`` is the table's 预算数 column, the 全年预算数 as the table's note
    says: ``full`` where the clerk entered a 全年预算数 on any row (a row left
    blank counts its 年初预算数), else ``initial``.  ``initial`` is the
    三公经费 sheet's 年初预算数 column; ``full`` is None when no row has a
    全年预算数 (workbooks written before the column existed)."""

    budget: SangongAmounts
    actual: SangongAmounts
    last_year: SangongAmounts
    initial: Optional[SangongAmounts] = None
    full: Optional[SangongAmounts] = None

    @property
    def empty(self) -> bool:
        """No “三公” at all: 预算, 决算 and 上年决算 are all 0 (``absent_note``
        is printed then)."""
        return not (self.budget.total or self.actual.total or self.last_year.total)


# ------------------------------------------------------ tables beyond the nine
# Data sets a profile may bind a layout of tables.xlsx to (``[[table]] id``);
# ``Report.tables`` names them.  Each has ``rows`` (what a data row's ``r``
# iterates over) and its totals.


@dataclass
class ProjectRow:
    """One line of 项目支出决算表: a project of the 项目支出 sheet with its
    功能分类 项 (code and name; '' when the clerk left the code blank)."""

    index: int = fld("序号（从 1 起）")
    name: str = fld("项目名称")
    code: str = fld("功能分类项级科目编码（未填为空）")
    code_name: str = fld("功能分类科目名称（未填编码为空）")
    amount: Decimal = fld("决算数", WAN)


@dataclass
class ProjectTable:
    """项目支出决算表 (data set ``projects``): the 项目支出 sheet's projects
    in sheet order and their total (万元)."""

    rows: list[ProjectRow] = fld("各项目")
    total: Decimal = fld("合计", WAN)
    absent: bool = fld("没有项目（项目支出表未填）", default=False)


@dataclass
class LabelledRow:
    """One row of a small fixed table: a ``key`` and the figures of the
    table's columns (万元, or a count where the table says).  The row's
    printed label and indentation are the layout's (tables.xlsx writes
    them beside ``{{ t.by.<key>.<column> }}``), so a clerk rewords them there."""

    key: str = fld("行的键")
    current: Optional[Decimal] = fld("本年数（或决算数、数量）", default=None)
    budget: Optional[Decimal] = fld("预算数（有预算数的表）", default=None)
    last: Optional[Decimal] = fld("上年数（未填为空）", default=None)
    share: Optional[Decimal] = fld("占比（%，政府采购表：中小企业合同金额占本类采购支出）", PCT,
                                   default=None)
    extra: Optional[Decimal] = fld("另一栏金额（政府采购表：授予中小企业合同金额）", default=None)


@dataclass
class LabelledTable:
    """A small fixed table (三公经费及机关运行经费, 政府采购, 国有资产占有使用,
    一般性支出): its ``rows`` in print order and ``absent`` when every figure is 0
    (the profile's absent_note is printed then)."""

    rows: list[LabelledRow] = fld("各行")
    absent: bool = fld("各数均为 0 或未填", default=False)

    @property
    def by(self) -> dict[str, LabelledRow]:
        """The rows by key: a layout writes ``{{ t.by.meeting.current }}``."""
        return {r.key: r for r in self.rows}


# ------------------------------------------------------------------ narrative figures


@dataclass
class Change:
    """A figure against last year's (万元).  ``known`` False: the clerk gave
    no last-year figure and the document leaves the comparison out."""

    known: bool = fld("填了上年数，可以比较")
    current: Decimal = fld("本年数", WAN)
    last: Optional[Decimal] = fld("上年数（未填为空）", WAN)
    diff: Decimal = fld("增减额（绝对值）", WAN)
    up: bool = fld("比上年增加")
    down: bool = fld("比上年减少")
    same: bool = fld("与上年持平（增减额四舍五入为 0.00 万元时也算持平）")
    last_zero: bool = fld("上年数为 0")
    word: str = fld("增加、减少或持平（模板方案 [words] 的写法）")
    rate_word: str = fld("增长、下降或空（模板方案 [words] 的写法）")
    rate: Optional[Decimal] = fld("增减率（上年数或增减额为 0 时为空；按模板方案的百分比小数位数四舍五入为 0 时也为空，不写“增长0%”）", PCT)


@dataclass
class Compared:
    """A figure of 情况说明 with its change and the clerk's reason (a clause
    without “主要原因是” and the final full stop)."""

    change: Change = fld("与上年比较")
    reason: str = fld("变动原因（单位填写）")


@dataclass
class ItemBudget:
    """One 项 of a 财政拨款 fund (一般公共预算; 政府性基金 and 国有资本经营 in
    ``Report.gov_items`` / ``soe_items``): 年初预算 against 决算 (several lines of one code
    added up, their reasons joined with “；”).  Source: 支出功能分类."""

    index: int = fld("序号（从 1 起）")
    code: str = fld("功能分类项级科目编码")
    class_name: str = fld("所属类名称")
    kuan_name: str = fld("所属款名称")
    name: str = fld("项名称")
    budget: Decimal = fld("年初预算数", WAN)
    actual: Decimal = fld("决算数（基本支出 + 项目支出）", WAN)
    rate: Optional[Decimal] = fld("完成年初预算的百分比（预算为 0 时为空）", PCT)
    compare: str = fld("决算大于或小于预算；相等时为空")
    reason: str = fld("决算与预算差异原因（相等时为空）")
    full_budget: Optional[Decimal] = fld("全年预算数（各行均未填时为空）", WAN, default=None)
    full_rate: Optional[Decimal] = fld("完成全年预算的百分比（全年预算为 0 或未填时为空）", PCT,
                                       default=None)
    full_compare: str = fld("决算大于或小于全年预算；相等或未填时为空", default="")
    full_reason: str = fld("决算与全年预算差异原因（相等或未填时为空）", default="")
    # the base the sentence uses, chosen by the profile ([document] budget_base);
    # compute sets it to 年初预算, compose replaces it by 全年预算 where asked
    base_name: str = fld("完成率的基数名称：年初预算或全年预算", default="年初预算")
    base_budget: Decimal = fld("基数的预算数", WAN, default=ZERO)
    base_rate: Optional[Decimal] = fld("完成基数预算的百分比（基数为 0 时为空：不写完成率）", PCT,
                                       default=None)
    base_compare: str = fld("决算大于或小于基数预算；相等时为空", default="")
    base_reason: str = fld("决算与基数预算差异原因（相等时为空）", default="")
    uses: str = fld("主要用于（支出功能分类“主要用于”列，几行以“；”连接）", default="")


@dataclass
class Share:
    """A named part of a whole (万元) and its share of the whole (%)."""

    key: str = fld("键")
    name: str = fld("名称")
    amount: Decimal = fld("金额", WAN)
    share: Optional[Decimal] = fld("占合计的百分比", PCT)


@dataclass
class SangongPart:
    """出国, 公务用车 or 接待 of 三公经费 (万元)."""

    budget: Decimal = fld("预算数", WAN)
    amount: Decimal = fld("决算数", WAN)
    change: Change = fld("与上年比较")
    empty: bool = fld("预算、决算、上年都为 0：只写“…为0万元”")
    reason: str = fld("变动原因")
    # 公务用车 only
    purchase: Decimal = fld("公务用车购置费决算数（仅公务用车）", WAN, default=ZERO)
    running: Decimal = fld("公务用车运行维护费决算数（仅公务用车）", WAN, default=ZERO)
    purchase_budget: Decimal = fld("公务用车购置费预算数（仅公务用车）", WAN, default=ZERO)
    running_budget: Decimal = fld("公务用车运行维护费预算数（仅公务用车）", WAN, default=ZERO)
    # 公务接待 only
    details: list["Reception"] = fld("公务接待明细（仅公务接待）", default_factory=list)
    # counts for the sentences of 九（二）; None when the clerk left them blank
    groups: Optional[int] = fld("因公出国（境）团组数（仅因公出国）", default=None)
    persons: Optional[int] = fld("因公出国（境）人次（仅因公出国）", default=None)
    purchased: Optional[int] = fld("公务用车购置数，辆（仅公务用车）", default=None)
    fleet: Optional[int] = fld("公务用车保有量，辆（仅公务用车）", default=None)
    foreign_batches: Optional[int] = fld("外事接待批次（接待类别含“外事”的明细之和；仅公务接待）",
                                         default=None)
    foreign_persons: Optional[int] = fld("外事接待人次（仅公务接待）", default=None)
    foreign_amount: Optional[Decimal] = fld("外事（外宾）接待金额（接待类别含“外事”的明细之和；"
                                            "无此明细时为空；仅公务接待）", WAN, default=None)
    # against the budget (issue 12): completion and share
    share: Optional[Decimal] = fld("占“三公”经费决算合计的百分比（合计为 0 时为空）", PCT,
                                   default=None)
    rate: Optional[Decimal] = fld("完成年初预算的百分比（年初预算为 0 时为空）", PCT, default=None)
    compare: str = fld("决算大于或小于年初预算；相等时为空", default="")
    full_budget: Optional[Decimal] = fld("全年预算数（该项各行均未填全年预算数时为空；"
                                         "未填的行按年初预算数）", WAN, default=None)
    full_rate: Optional[Decimal] = fld("完成全年预算的百分比（全年预算为 0 或未填时为空）", PCT,
                                       default=None)
    full_compare: str = fld("决算大于或小于全年预算；相等或未填时为空", default="")
    # the base of “完成…预算的X%”, chosen by the profile ([document] budget_base):
    # compute sets 年初预算, compose replaces it by 全年预算 where asked and entered
    base_name: str = fld("完成率的基数名称：年初预算或全年预算", default="年初预算")
    base_budget: Decimal = fld("基数的预算数", WAN, default=ZERO)
    base_rate: Optional[Decimal] = fld("完成基数预算的百分比（基数为 0 时为空：不写完成率）", PCT,
                                       default=None)
    base_compare: str = fld("决算大于或小于基数预算；相等时为空", default="")


@dataclass
class Reception:
    """One line of the 公务接待 sheet."""

    category: str = fld("接待类别")
    amount: Decimal = fld("金额", WAN)
    purpose: str = fld("接待事由")
    batches: Optional[int] = fld("批次")
    persons: Optional[int] = fld("人次")
    accompany: Optional[int] = fld("陪同人次")


@dataclass
class Sangong:
    """财政拨款“三公”经费 for 情况说明 九: 表9 and the last year's figures."""

    budget: Decimal = fld("预算数合计", WAN)
    amount: Decimal = fld("决算数合计", WAN)
    change: Change = fld("合计与上年比较")
    reason: str = fld("变动原因")
    abroad: SangongPart = fld("因公出国（境）费")
    car: SangongPart = fld("公务用车购置及运行维护费")
    reception: SangongPart = fld("公务接待费")
    # issue 12: the section when there is nothing, and the total against its budget
    none: bool = fld("无“三公”经费财政拨款支出：预算（年初、全年）、决算、上年决算都为 0 或未填",
                     default=False)
    rate: Optional[Decimal] = fld("合计完成年初预算的百分比（年初预算为 0 时为空）", PCT,
                                  default=None)
    compare: str = fld("决算合计大于或小于年初预算；相等时为空", default="")
    full_budget: Optional[Decimal] = fld("全年预算数合计（各行均未填时为空；未填的行按年初预算数）",
                                         WAN, default=None)
    full_rate: Optional[Decimal] = fld("合计完成全年预算的百分比（全年预算为 0 或未填时为空）", PCT,
                                       default=None)
    full_compare: str = fld("决算合计大于或小于全年预算；相等或未填时为空", default="")
    budget_reason: str = fld("决算与预算差异原因（文字说明“三公经费决算与预算差异原因”）",
                             default="")
    base_name: str = fld("完成率的基数名称：年初预算或全年预算", default="年初预算")
    base_budget: Decimal = fld("基数的预算数合计", WAN, default=ZERO)
    base_rate: Optional[Decimal] = fld("合计完成基数预算的百分比（基数为 0 时为空：写无基数的措辞）",
                                       PCT, default=None)
    base_compare: str = fld("决算合计大于或小于基数预算；相等时为空", default="")
    base_reason: str = fld("决算与基数预算差异原因（相等时为空）", default="")


@dataclass
class Operation:
    """机关运行经费 (补充资料)."""

    amount: Decimal = fld("本年数", WAN)
    change: Change = fld("与上年比较")
    reason: str = fld("变动原因")


@dataclass
class ProcurementKind:
    """货物, 工程 or 服务 of 政府采购 (补充资料)."""

    key: str = fld("goods（货物）、works（工程）或 services（服务）；名称由模板写出")
    amount: Decimal = fld("采购支出", WAN)
    sme: Decimal = fld("授予中小企业合同金额", WAN)
    sme_share: Optional[Decimal] = fld("中小企业合同金额占本类采购支出的百分比", PCT)


@dataclass
class Procurement:
    """政府采购支出 (补充资料)."""

    total: Decimal = fld("政府采购支出总额", WAN)
    kinds: list[ProcurementKind] = fld("货物、工程、服务（有金额的）")
    sme: Decimal = fld("授予中小企业合同金额", WAN)
    sme_small: Decimal = fld("其中授予小微企业合同金额", WAN)
    sme_share: Optional[Decimal] = fld("中小企业合同金额占采购总额的百分比", PCT)
    sme_small_share: Optional[Decimal] = fld("小微企业合同金额占中小企业合同金额的百分比", PCT)


@dataclass
class Assets:
    """国有资产占用 counts (补充资料), 0 when blank."""

    cars: int = fld("公务用车（辆）")
    other_cars: int = fld("其他用车（辆）")
    general_equipment: int = fld("单价50万元(含)以上通用设备（台、套）")
    special_equipment: int = fld("单价100万元(含)以上专用设备（台、套）")
    text: list[str] = fld("国有资产占用情况文字（每行一段）")


@dataclass
class Project:
    """A 项目支出 line with its self-evaluation figures (a table of 项目 or
    转移支付绩效自评 naming it), or a table whose project has no line
    (``on_sheet`` False).  Source: 项目支出 sheet and the evaluation."""

    index: int = fld("序号（从 1 起）")
    name: str = fld("项目名称")
    title: str = fld("项目标题（以 profile.toml [words] project_suffix 结尾，默认“项目”）")
    amount: Decimal = fld("决算数（执行数）", WAN)
    on_sheet: bool = fld("列在“项目支出”表中")
    effect: str = fld("绩效目标完成情况及效果")
    evaluated: bool = fld("开展了绩效自评")
    budget: Decimal = fld("全年预算数", WAN)
    rate: Optional[Decimal] = fld("执行率（预算为 0 时为空）", PCT)
    problems: str = fld("发现的问题")
    measures: str = fld("下一步改进措施")
    score: Optional[Decimal] = fld("自评得分（按计分规则计算）")
    mark: str = fld("自评表序号，如“⑴”")


@dataclass
class UnitLine:
    """One line of the 单位构成 sheet."""

    index: int = fld("序号")
    name: str = fld("单位名称")
    kind: str = fld("单位性质")
    note: str = fld("备注")


@dataclass
class KeyWork:
    """One 重点工作 line; content and result as paragraphs."""

    index: int = fld("序号")
    no: int = fld("填写的编号（未填为序号）")
    title: str = fld("工作名称")
    content: list[str] = fld("工作内容（每行一段）")
    result: list[str] = fld("完成情况（每行一段）")
    content_cell: list[str] = fld("工作内容，表格单元格用（至少一段）")
    result_cell: list[str] = fld("完成情况，表格单元格用（至少一段）")


@dataclass
class FreeText:
    """One line of the 其他说明 sheet: a free section's title and its
    paragraphs (placed by the profile's ``free = "…"``)."""

    title: str = fld("标题")
    paragraphs: list[str] = fld("内容（每行一段）")


@dataclass
class GlossaryItem:
    """A 项 used by 表2/3/7/8, named for 名词解释."""

    index: int = fld("序号")
    code: str = fld("项级科目编码")
    class_name: str = fld("类名称")
    kuan_name: str = fld("款名称")
    name: str = fld("项名称")
    explanation: str = fld("科目说明（“反映……”，无句号）")


@dataclass
class Texts:
    """The clerk's texts (文字说明, 单位信息) the document prints, cleaned:
    ``*_paragraphs`` one entry per line, the others as one clause."""

    functions: list[str]
    composition: list[str]
    performance: list[str]
    perf_unit_text: str
    perf_unit_output: str
    perf_application: list[str]
    phone: str
    finance_level: str      # as typed; "" when blank (compose prints [words] finance_level)


@dataclass
class Report:
    """Everything computed from one workbook (and its evaluation).

    Tables: ``t1`` … ``t9`` as the xlsx renderer prints them.  Narrative
    figures: the comparisons with last year, the 一般公共预算 项, 三公,
    机关运行经费, 政府采购, 国有资产, the 项目 and the clerk's texts.
    """

    unit: str
    year: int
    t1: T1
    t2: CodeTable
    t3: CodeTable
    t4: T4
    t5: CodeTable
    t6: T6
    t7: CodeTable
    t8: CodeTable
    t9: T9
    total: Compared
    fiscal: Compared
    general_income: Compared
    general_exp: Compared
    income_sources: list[Share]
    expense_parts: list[Share]
    items: list[ItemBudget]
    items_budget: Decimal
    # 情况说明 五 (一般公共预算财政拨款支出, 表5): its share of 本年支出合计
    # (表3), each 类's share of 表5's 合计 (``Share.key``: the 类 code), the
    # 项's budgets added up on 全年预算 (年初预算 where no 全年预算 was
    # entered) and 表5's 合计 against either sum (compose picks the one of
    # the profile's [document] budget_base)
    general_share: Optional[Decimal]
    general_classes: list[Share]
    items_full_budget: Decimal
    items_rate: Optional[Decimal]
    items_full_rate: Optional[Decimal]
    sangong: Sangong
    operation: Operation
    procurement: Procurement
    assets: Assets
    projects: list[Project]
    # 情况说明 十一: the self-evaluated 项目 (``Project.evaluated``) added up,
    # and their share of 表5's 项目支出
    evaluated_amount: Decimal
    evaluated_share: Optional[Decimal]
    unit_score: Optional[Decimal]
    units: list[UnitLine]
    key_work: list[KeyWork]
    glossary: list[GlossaryItem]
    texts: Texts
    # per 项 budgets of the other 财政拨款 funds (issue 11): 政府性基金, 国有资本经营
    gov_items: list[ItemBudget] = field(default_factory=list)
    soe_items: list[ItemBudget] = field(default_factory=list)
    # the 其他说明 lines with a title, for the profile's free sections
    free_texts: list[FreeText] = field(default_factory=list)
    # tables beyond the nine, by data set name (core/profile.py DATA_SETS)
    t8_flow: Optional[CodeTable] = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def tables(self) -> dict[str, object]:
        """Every data set a profile's ``[[table]] id`` may name: the nine
        tables (``"t1"`` … ``"t9"``), ``"t8_flow"`` (表8 as 收入支出) and
        the data sets of ``extra`` (``core.profile.DATA_SETS``)."""
        out = {f"t{i}": getattr(self, f"t{i}") for i in range(1, 10)}
        if self.t8_flow is not None:
            out["t8_flow"] = self.t8_flow
        out.update(self.extra)
        return out

