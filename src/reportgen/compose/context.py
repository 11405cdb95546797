"""The Word document's context, typed: the contract of ``document.docx``.

Every name a clerk may write in ``{{ … }}`` of the template is a field of
``Context`` below (or of a class it holds); ``docs/template-fields.md`` is
generated from these classes (``python tools/template_fields.py``) and a
test fails when it is stale.  Amounts are ``Decimal`` 万元, rates and shares
exact ``Decimal`` percentages: the template formats them with the filters
(``money``, ``plain``, ``rate``, ``change`` …), it computes nothing.

The renderer hands the template ``Context.as_dict()``: the same tree as plain
dicts and lists.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Optional

from reportgen.compute.report import (Assets, Change, GlossaryItem, ItemBudget, KeyWork,
                                      Operation, Procurement, Project, Sangong, Share, UnitLine)
from reportgen.core.fields import PCT, WAN, fld


def as_dict(value: Any) -> Any:
    """A dataclass tree as dicts and lists (other values as they are)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_dict(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [as_dict(v) for v in value]
    if isinstance(value, dict):
        return {k: as_dict(v) for k, v in value.items()}
    return value


@dataclass
class Section:
    """A section of a part, as the profile orders and titles it: a built-in
    one (its ``key``), a free one (``key`` free: heading and paragraphs the
    clerk wrote on the 其他说明 sheet) or one holding subsections (``key``
    group), numbered 一、 at level 2 and （一） at level 3."""

    key: str = fld("小节键，如 total、income；自由小节为 free，含下级小节的为 group")
    index: int = fld("同级内的序号（从 1 起）")
    title: str = fld("小节标题")
    level: int = fld("标题级别：2 为“一、”级小节，3 为“（一）”级下级小节", default=2)
    number: str = fld("编号，如“一、”“（一）”", default="")
    free: str = fld("自由小节在“其他说明”表中的标题（其余小节为空）", default="")
    paragraphs: list[str] = fld("自由小节的内容（每行一段）", default_factory=list)
    sections: list["Section"] = fld("下级小节（key 为 group 时）", default_factory=list)


@dataclass
class Part:
    """A part of the document (第一部分 …), as the profile orders it."""

    key: str = fld("部分键：overview、tables、explanation、key_work、glossary、appendix")
    index: int = fld("部分序号（从 1 起）")
    title: str = fld("部分标题")
    sections: list[Section] = fld("本部分的小节")
    flat: list[Section] = fld("本部分的全部小节与下级小节，按出现的先后（模板按此逐个输出标题）",
                              default_factory=list)
    free: str = fld("自由部分在“其他说明”表中的标题（key 为 free 时）", default="")
    paragraphs: list[str] = fld("自由部分的内容（每行一段）", default_factory=list)


@dataclass
class Layout:
    """The profile's ``[document]`` section, checked."""

    toc: bool = fld("文档以“目录”开头")
    parts: list[Part] = fld("各部分，按输出顺序")
    budget_base: str = fld("“完成…预算的X%”的基数：年初预算或全年预算（[document] budget_base）",
                           default="年初预算")


@dataclass
class Overview:
    """第一部分 概况."""

    functions: list[str] = fld("部门主要职能（每行一段）")
    composition: list[str] = fld("部门决算单位构成（每行一段）")
    units: list[UnitLine] = fld("纳入决算编制范围的单位")


@dataclass
class Amount:
    """A named amount."""

    name: str = fld("名称")
    amount: Decimal = fld("金额", WAN)


@dataclass
class FundIncome:
    """A 财政拨款 fund's 本年收入 (表4)."""

    key: str = fld("general、gov 或 soe")
    name: str = fld("收入名称")
    amount: Decimal = fld("金额", WAN)


@dataclass
class Total:
    """情况说明 一：收入支出决算总体情况 (表1)."""

    amount: Decimal = fld("收入总计", WAN)
    income_parts: list[Amount] = fld("收入总计的组成（有金额的）")
    expense_parts: list[Amount] = fld("支出总计的组成（有金额的）")
    expense_amount: Decimal = fld("支出总计", WAN)
    income_total: Decimal = fld("本年收入合计", WAN)
    expense_total: Decimal = fld("本年支出合计", WAN)
    carry_begin: Decimal = fld("年初结转和结余", WAN)
    carry_end: Decimal = fld("年末结转和结余", WAN)
    use_balance: Decimal = fld("使用非财政拨款结余", WAN)
    distribution: Decimal = fld("结余分配", WAN)
    has_carry: bool = fld("有结转结余、非财政拨款结余或结余分配")
    change: Change = fld("收入总计与上年比较")
    reason: str = fld("变动原因")


@dataclass
class Income:
    """情况说明 二：收入决算情况 (表1 收入)."""

    total: Decimal = fld("本年收入合计", WAN)
    sources: list[Share] = fld("收入来源（财政拨款合为一项；有金额的），含占比")
    carry_begin: Decimal = fld("年初结转和结余", WAN)
    use_balance: Decimal = fld("使用非财政拨款结余", WAN)


@dataclass
class Expense:
    """情况说明 三：支出决算情况 (表3)."""

    total: Decimal = fld("本年支出合计", WAN)
    parts: list[Share] = fld("基本支出、项目支出等（有金额的），含占比")
    basic: Decimal = fld("基本支出", WAN)
    project: Decimal = fld("项目支出", WAN)
    carry_end: Decimal = fld("年末结转和结余", WAN)
    distribution: Decimal = fld("结余分配", WAN)


@dataclass
class Fiscal:
    """情况说明 四：财政拨款收入支出决算总体情况 (表4)."""

    amount: Decimal = fld("财政拨款收入总计", WAN)
    expense_amount: Decimal = fld("财政拨款支出总计", WAN)
    income_total: Decimal = fld("本年财政拨款收入", WAN)
    expense_total: Decimal = fld("本年财政拨款支出", WAN)
    carry_begin: Decimal = fld("年初财政拨款结转和结余", WAN)
    carry_end: Decimal = fld("年末财政拨款结转和结余", WAN)
    has_carry: bool = fld("有年初或年末结转结余")
    change: Change = fld("财政拨款收入总计与上年比较")
    reason: str = fld("变动原因")
    incomes: list[FundIncome] = fld("各项财政拨款收入（有金额的）")
    general_income: Decimal = fld("一般公共预算财政拨款收入", WAN)
    general_income_change: Change = fld("一般公共预算财政拨款收入与上年比较")
    general_income_reason: str = fld("一般公共预算财政拨款收入变动原因")


@dataclass
class GeneralClass:
    """A 类 of 表5 for 情况说明 五（二）."""

    index: int = fld("序号")
    code: str = fld("类级科目编码")
    name: str = fld("类名称")
    short_name: str = fld("类名称去掉末尾的“支出”")
    amount: Decimal = fld("支出", WAN)
    share: Optional[Decimal] = fld("占一般公共预算财政拨款支出的百分比", PCT)
    uses: list[str] = fld("所含款的名称")
    uses_text: str = fld("所含款的名称，以“、”“和”连接")


@dataclass
class General:
    """情况说明 五：一般公共预算财政拨款支出 (表5)."""

    amount: Decimal = fld("一般公共预算财政拨款支出", WAN)
    expense_total: Decimal = fld("本年支出合计（表3）", WAN)
    share: Optional[Decimal] = fld("占本年支出合计的百分比", PCT)
    change: Change = fld("与上年比较")
    reason: str = fld("变动原因")
    classes: list[GeneralClass] = fld("各类支出")
    budget: Decimal = fld("基数预算合计（各项之和；基数见 base_name）", WAN)
    budget_rate: Optional[Decimal] = fld("完成基数预算的百分比（未填预算时为空）", PCT)
    basic: Decimal = fld("基本支出", WAN)
    project: Decimal = fld("项目支出", WAN)
    projects: list[Project] = fld("项目支出的各项目（列在“项目支出”表中的）")
    items: list[ItemBudget] = fld("各项：年初预算（全年预算）与决算")
    base_name: str = fld("完成率的基数名称：年初预算或全年预算", default="年初预算")


@dataclass
class Basic:
    """情况说明 六：一般公共预算财政拨款基本支出 (表6)."""

    amount: Decimal = fld("基本支出（表5）", WAN)
    personnel: Decimal = fld("人员经费", WAN)
    personnel_items: list[str] = fld("人员经费的科目名称")
    personnel_text: str = fld("人员经费的科目名称，以“、”连接")
    public: Decimal = fld("公用经费", WAN)
    public_items: list[str] = fld("公用经费的科目名称")
    public_text: str = fld("公用经费的科目名称，以“、”连接")


@dataclass
class Gov:
    """情况说明 七：政府性基金 (表7)."""

    absent: bool = fld("没有政府性基金（无此资金或全为 0）")
    carry_begin: Decimal = fld("年初结转和结余", WAN)
    income: Decimal = fld("本年收入", WAN)
    amount: Decimal = fld("本年支出", WAN)
    basic: Decimal = fld("基本支出", WAN)
    project: Decimal = fld("项目支出", WAN)
    parts: list[Amount] = fld("基本支出、项目支出（有金额的）")
    carry_end: Decimal = fld("年末结转和结余", WAN)
    uses: list[str] = fld("支出的款名称")
    uses_text: str = fld("支出的款名称，以“、”“和”连接")
    items: list[ItemBudget] = fld("各项：年初预算（全年预算）与决算（填了预算或有支出的项）",
                                  default_factory=list)


@dataclass
class Soe:
    """情况说明 八：国有资本经营预算 (表8)."""

    absent: bool = fld("没有国有资本经营预算资金（无此资金或全为 0）")
    amount: Decimal = fld("本年支出", WAN)
    basic: Decimal = fld("基本支出", WAN)
    project: Decimal = fld("项目支出", WAN)
    parts: list[Amount] = fld("基本支出、项目支出（有金额的）")
    uses: list[str] = fld("支出的款名称")
    uses_text: str = fld("支出的款名称，以“、”“和”连接")
    # 收入支出 as Shanghai's 九 tells it (issue 12)
    income: Decimal = fld("本年收入（表4 国有资本经营预算财政拨款收入）", WAN, default=Decimal(0))
    items: list[ItemBudget] = fld("各项：年初预算（全年预算）与决算（填了预算的项）",
                                  default_factory=list)


@dataclass
class PerformanceSub:
    """The numbers of 预算绩效情况's sub-headings （一）…（四）, counted among
    those printed (0: the sub-heading is left out, nothing to say under it)."""

    scope: int = fld("“预算绩效管理工作开展情况”的序号（有自评项目或工作文字时）")
    unit: int = fld("“单位整体支出自评结果”的序号（填了整体自评时）")
    projects: int = fld("“项目支出自评结果”的序号（有自评项目时）")
    application: int = fld("“绩效自评结果应用情况”的序号（填了应用情况时）")


@dataclass
class Performance:
    """情况说明 十三：预算绩效情况."""

    unit_evaluated: bool = fld("填了整体支出绩效自评（整体绩效自评表、自评情况文字或得分）："
                               "只有这时文档才写整体自评")
    sub: PerformanceSub = fld("各小标题的序号（只数印出的）")
    projects: list[Project] = fld("开展绩效自评的项目（序号重排）")
    count: int = fld("开展绩效自评的项目数")
    amount: Decimal = fld("这些项目的资金", WAN)
    project_total: Decimal = fld("一般公共预算项目支出总额（表5）", WAN)
    share: Optional[Decimal] = fld("自评项目资金占项目支出总额的百分比", PCT)
    text: list[str] = fld("预算绩效管理工作开展情况（每行一段）")
    unit_amount: Decimal = fld("整体支出（表3 本年支出合计）", WAN)
    unit_text: str = fld("整体支出绩效自评情况")
    unit_score: Optional[Decimal] = fld("整体支出绩效得分")
    unit_output: str = fld("整体支出主要产出和效果")
    application: list[str] = fld("绩效自评结果应用情况（每行一段）")


@dataclass
class IndicatorItem:
    """A 绩效指标 of the 整体 self-evaluation."""

    level1: str = fld("一级指标")
    level2: str = fld("二级指标")
    name: str = fld("三级指标")
    target: str = fld("年度指标值")
    actual: str = fld("实际完成值")
    weight: Decimal = fld("分值")
    score: Decimal = fld("得分（按计分规则）")
    met: bool = fld("完成了目标")
    target_said: str = fld("句中“年初目标值为…”的年度指标值：开头与句子重复的“为”已去掉"
                           "（引导语表 lead_ins.tsv 的 indicator）", default="")
    actual_said: str = fld("句中“实际完成值为…”的实际完成值：开头与句子重复的“为”已去掉", default="")


@dataclass
class IndicatorGroup:
    """The indicators of one 二级指标 kind, with the clerk's text on it."""

    name: str = fld("组名，如“数量指标”“经济效益”")
    items: list[IndicatorItem] = fld("指标（有分值的）")
    total: Decimal = fld("得分合计")
    text: list[str] = fld("单位对此的文字（每行一段）")


@dataclass
class AppendixTable:
    """A 绩效自评表 of 第六部分."""

    mark: str = fld("序号，如“⑴”")
    name: str = fld("表名")
    project: str = fld("项目名称")
    kind: str = fld("项目或转移支付")
    budget: Decimal = fld("预算数", WAN)
    actual: Decimal = fld("执行数", WAN)
    score: Decimal = fld("自评得分")


@dataclass
class AppendixUnit:
    """部门整体支出绩效自评报告 (整体绩效自评表)."""

    total: Decimal = fld("自评得分")
    budget_score: Decimal = fld("预算执行得分")
    conclusion_head: list[str] = fld("自评结论除最后一段外")
    conclusion_last: str = fld("自评结论最后一段")
    basic_budget: Decimal = fld("基本支出预算数", WAN)
    project_budget: Decimal = fld("项目支出预算数", WAN)
    basic_actual: Decimal = fld("基本支出执行数", WAN)
    project_actual: Decimal = fld("项目支出执行数", WAN)
    basic_rate: Optional[Decimal] = fld("基本支出执行率", PCT)
    project_rate: Optional[Decimal] = fld("项目支出执行率", PCT)
    budget: Decimal = fld("预算数合计", WAN)
    actual: Decimal = fld("执行数合计", WAN)
    rate: Optional[Decimal] = fld("年度预算执行率", PCT)
    achieved: list[IndicatorItem] = fld("完成的绩效目标（数量、质量指标）")
    missed: list[IndicatorItem] = fld("未完成的绩效目标（数量、质量指标）")
    problems: list[str] = fld("存在的问题（每行一段）")
    measures: list[str] = fld("改进措施（每行一段）")
    work: list[str] = fld("绩效管理工作情况（每行一段）")
    outputs: list[IndicatorGroup] = fld("产出指标，按二级指标分组")
    benefits: list[IndicatorGroup] = fld("效益指标，按二级指标分组")
    satisfaction: IndicatorGroup = fld("满意度指标")
    evidence: list[str] = fld("佐证材料（未填为“无。”）")
    date: str = fld("填报日期")


@dataclass
class Appendix:
    """第六部分 附件：绩效自评报告和自评表."""

    present: bool = fld("填了绩效自评")
    tables: list[AppendixTable] = fld("项目和转移支付绩效自评表")
    unit: Optional[AppendixUnit] = fld("整体绩效自评（未填为空）")


@dataclass
class Glossary:
    """第五部分 名词解释."""

    level: str = fld("财政级次，如“区级”（未填为“本级”）")
    level_short: str = fld("财政级次去掉“级”，如“区”")
    items: list[GlossaryItem] = fld("表中出现的功能分类项级科目")
    missing: list[str] = fld("科目目录中没有说明的科目编码")
    departments: str = fld("该级次部门的称谓，如“区直部门”（财政级次列表 finance_levels.tsv；"
                           "“市本级”等写法同“市级”；乡镇级或不在列表中为空）")


@dataclass
class Context:
    """Everything ``document.docx`` may name (the top-level names)."""

    unit: str = fld("单位名称")
    year: int = fld("决算年度")
    last_year: int = fld("上一年度")
    doc: Layout = fld("文档结构（profile.toml [document]）")
    overview: Overview = fld("第一部分 概况")
    total: Total = fld("情况说明 一 收入支出决算总体情况")
    income: Income = fld("情况说明 二 收入决算情况")
    expense: Expense = fld("情况说明 三 支出决算情况")
    fiscal: Fiscal = fld("情况说明 四 财政拨款收入支出决算总体情况")
    general: General = fld("情况说明 五 一般公共预算财政拨款支出")
    basic: Basic = fld("情况说明 六 一般公共预算财政拨款基本支出")
    gov: Gov = fld("情况说明 七 政府性基金")
    soe: Soe = fld("情况说明 八 国有资本经营预算")
    sangong: Sangong = fld("情况说明 九 “三公”经费")
    operation: Operation = fld("情况说明 十 机关运行经费")
    procurement: Procurement = fld("情况说明 十一 政府采购")
    assets: Assets = fld("情况说明 十二 国有资产占用")
    performance: Performance = fld("情况说明 十三 预算绩效")
    appendix: Appendix = fld("第六部分 附件")
    key_work: list[KeyWork] = fld("第四部分 重点工作完成情况")
    glossary: Glossary = fld("第五部分 名词解释")
    phone: str = fld("咨询电话")

    def as_dict(self) -> dict:
        """The context as the template engine takes it: dicts and lists."""
        return as_dict(self)
