"""Write templates/shanghai-2024/document.docx: the Word template of Shanghai's
official 2024 部门决算公开 template (``../shared/reference/shanghai-2024-template.pdf``).

    .venv/bin/python tools/make_shanghai_document.py [OUT.docx]

The sibling of ``tools/make_default_document.py``: the styles, page, fields,
tables and the reproducible save are that script's (``make(out, content=…)``);
only the words differ.  The template's sentence patterns become Jinja:

* “增加（减少）XXX万元，增长（下降）XX%” — the ``change`` filter picks the word
  from the computed figures (增加…增长 / 减少…下降);
* “（如持平作持平表述）” — ``…change.same`` → “持平”, no reason;
* “（不涉及的不列）” — the lists hold only the parts with an amount;
* “决算数大于（小于）预算数” — the computed ``compare`` word;
* “无…的部门，作下述说明” — the no-data sentence when the fund or item is absent.

The instructions to the department in the template (“由主管部门…填写”,
“按上述格式依次说明…”) are guidance, never output.  Percentages go through
``rate``, whose decimals profile.toml ``[format] percent_decimals`` sets.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_default_document as base  # noqa: E402  (the sibling script: styles and helpers)
from make_default_document import ctrl, lines, para, sentence  # noqa: E402

from reportgen.core.jinja import chinese_number  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "templates" / "shanghai-2024" / "document.docx"

# “增加（减少）XXX万元，增长（下降）XX%”: the word, the amount and the rate a
# computed Change named X holds, the amount written as every other amount
# (|money, [format] thousands) and the rate by [format] percent_decimals
CHANGE = ("{{ X.change.word }}{{ X.change.diff|money }}万元{% if X.change.rate is not none %}，"
          "{{ X.change.rate_word }}{{ X.change.rate|rate }}{% endif %}")
# “比上年增加…，增长…%” / “与上年持平”
VS_LAST = ("{% if X.change.same %}与{{ last_year }}年度持平"
           "{% else %}比{{ last_year }}年度" + CHANGE + "{% endif %}")


def change(x: str) -> str:
    return CHANGE.replace("X", x)
# the clerk's reason of a change, unless 持平 (“如持平作持平表述”)
REASON = "{% if X.reason and not X.change.same %}主要原因：{{ X.reason }}。{% endif %}"


def vs_last(x: str) -> str:
    return VS_LAST.replace("X", x)


def reason(x: str) -> str:
    return REASON.replace("X", x)


def total_sentence(x: str, what: str) -> str:
    """一、四: “XX局2024年度{what}总计XXX万元。与2023年度相比，{what}总计增加（减少）XXX万元，
    增长（下降）XX%。主要原因：…。”, 持平 said as such."""
    return sentence(
        f"{{{{ unit }}}}{{{{ year }}}}年度{what}总计{{{{ {x}.amount|money }}}}万元。",
        f"{{% if {x}.change.known %}}与{{{{ last_year }}}}年度相比，{what}总计",
        f"{{% if {x}.change.same %}}持平{{% else %}}", change(x), "{% endif %}。", reason(x), "{% endif %}")


def parts_sentence(x: str, parts: str, what: str) -> str:
    """二、三: “本年{what}合计XXX万元，其中：…XXX万元，占XX%；…”, only the parts with an amount."""
    return sentence(
        f"本年{what}合计{{{{ {x}.total|money }}}}万元",
        f"{{% if {x}.{parts} %}}，其中：{{% for p in {x}.{parts} %}}{{{{ p.name }}}}{{{{ p.amount|money }}}}万元，",
        "占{{ p.share|rate }}{{ '；' if not loop.last else '' }}{% endfor %}{% endif %}。")


def item_lines(doc, items: str) -> None:
    """“1、XX（类）XX（款）XX（项）。主要用于：…。年初预算为…万元，支出决算为…万元。
    决算数大于（小于）预算数的主要原因：…。” per 项 of ``items``."""
    ctrl(doc, f"for i in {items}")
    para(doc, sentence(
        "{{ i.index }}、{{ i.class_name }}（类）{{ i.kuan_name }}（款）{{ i.name }}（项）。",
        "{% if i.uses %}主要用于：{{ i.uses }}。{% endif %}",
        "{{ i.base_name }}为{{ i.base_budget|money }}万元，支出决算为{{ i.actual|money }}万元。",
        "{% if i.base_compare %}决算数{{ i.base_compare }}预算数",
        "{% if i.base_reason %}的主要原因：{{ i.base_reason }}{% endif %}。",
        "{% else %}决算数与预算数持平。{% endif %}"))
    ctrl(doc, "endfor")


def overview(doc) -> None:
    base.part_heading(doc, "overview", first=True)
    base.section_loop(doc)
    ctrl(doc, 'elif sec.key == "functions"')
    lines(doc, "overview.functions")
    ctrl(doc, 'elif sec.key == "composition"')
    ctrl(doc, "if overview.composition")
    lines(doc, "overview.composition")
    ctrl(doc, "else")
    para(doc, sentence(
        "从预算单位构成看，{{ unit }}部门决算包括：{{ unit }}本级决算",
        "{% if overview.units|length > 1 %}、下属行政事业单位决算{% endif %}。"))
    ctrl(doc, "endif")
    ctrl(doc, "if overview.units")
    para(doc, "纳入{{ unit }}{{ year }}年度部门决算编制范围的单位包括：")
    base.template_table(doc, ("序号", "单位名称", "备注"),
                        (["{{ u.index }}"], ["{{ u.name }}"], ["{{ u.note }}"]),
                        "u in overview.units", (16, 100, 40))
    ctrl(doc, "endif")
    ctrl(doc, "endif")
    ctrl(doc, "endfor")


def explanation(doc) -> None:
    """第三部分: every section and subsection in order (``part.flat``: “一、”
    at level 2, “（一）” at level 3 under a group such as 十一), each one of
    the keys below or a free section of the clerk's paragraphs."""
    base.part_heading(doc, "explanation")
    base.section_loop(doc)

    # 一、收入支出决算总体情况说明
    ctrl(doc, 'elif sec.key == "total"')
    para(doc, total_sentence("total", "收入支出"))

    # 二、收入决算情况说明
    ctrl(doc, 'elif sec.key == "income"')
    para(doc, parts_sentence("income", "sources", "收入"))

    # 三、支出决算情况说明
    ctrl(doc, 'elif sec.key == "expense"')
    para(doc, parts_sentence("expense", "parts", "支出"))

    # 四、财政拨款收入支出决算总体情况说明
    ctrl(doc, 'elif sec.key == "fiscal"')
    para(doc, total_sentence("fiscal", "财政拨款收入支出"))

    # 五、一般公共预算财政拨款支出决算情况说明
    ctrl(doc, 'elif sec.key == "general"')
    para(doc, "（一）一般公共预算财政拨款支出决算总体情况", "Heading 3")
    para(doc, sentence(
        "一般公共预算财政拨款支出{{ general.amount|money }}万元",
        "{% if general.share is not none %}，占本年支出合计的{{ general.share|rate }}{% endif %}。",
        "{% if general.change.known %}与{{ last_year }}年度相比，一般公共预算财政拨款支出",
        "{% if general.change.same %}持平{% else %}", change("general"), "{% endif %}。",
        reason("general"), "{% endif %}"))
    para(doc, "（二）一般公共预算财政拨款支出决算结构情况", "Heading 3")
    ctrl(doc, "if general.classes")
    para(doc, sentence(
        "一般公共预算财政拨款支出{{ general.amount|money }}万元，主要用于以下方面：",
        "{% for c in general.classes %}{{ c.name }}（类）{{ c.amount|money }}万元，占{{ c.share|rate }}",
        "{{ '；' if not loop.last else '。' }}{% endfor %}"))
    ctrl(doc, "else")
    para(doc, "{{ unit }}{{ year }}年度无一般公共预算财政拨款支出。")
    ctrl(doc, "endif")
    para(doc, "（三）一般公共预算财政拨款支出决算具体情况", "Heading 3")
    para(doc, sentence(
        "一般公共预算财政拨款支出{{ general.base_name }}为{{ general.budget|money }}万元，",
        "支出决算为{{ general.amount|money }}万元",
        "{% if general.budget_rate is not none %}，完成{{ general.base_name }}的",
        "{{ general.budget_rate|rate }}{% endif %}{% if general.items %}。其中：{% else %}。{% endif %}"))
    item_lines(doc, "general.items")

    # 六、一般公共预算财政拨款基本支出决算情况说明
    ctrl(doc, 'elif sec.key == "basic"')
    para(doc, sentence(
        "一般公共预算财政拨款基本支出{{ basic.amount|money }}万元。其中：",
        "人员经费{{ basic.personnel|money }}万元",
        "{% if basic.personnel_items %}，主要包括：{{ basic.personnel_text }}{% endif %}；",
        "公用经费{{ basic.public|money }}万元",
        "{% if basic.public_items %}，主要包括：{{ basic.public_text }}{% endif %}。"))

    sangong(doc)

    # 八、政府性基金预算财政拨款收入支出决算情况说明
    ctrl(doc, 'elif sec.key == "gov"')
    ctrl(doc, "if gov.absent")
    para(doc, "{{ unit }}{{ year }}年度无政府性基金预算财政拨款收入和支出。")
    ctrl(doc, "else")
    para(doc, sentence(
        "政府性基金预算财政拨款收入{{ gov.income|money }}万元，支出{{ gov.amount|money }}万元",
        "{% if gov.items %}，支出具体情况如下：{% else %}。{% endif %}"))
    item_lines(doc, "gov.items")
    ctrl(doc, "endif")

    # 九、国有资本经营预算财政拨款收入支出决算情况说明
    ctrl(doc, 'elif sec.key == "soe"')
    ctrl(doc, "if soe.absent")
    para(doc, "{{ unit }}{{ year }}年度无国有资本经营预算财政拨款收入和支出。")
    ctrl(doc, "else")
    para(doc, sentence(
        "国有资本经营预算财政拨款",
        "收入{{ soe.income|money }}万元，",
        "支出{{ soe.amount|money }}万元",
        "{% if soe.items %}，支出具体情况如下：{% else %}。{% endif %}"))
    item_lines(doc, "soe.items")
    ctrl(doc, "endif")

    # 十、预算绩效管理情况
    ctrl(doc, 'elif sec.key == "performance"')
    ctrl(doc, "if performance.text or performance.count")
    para(doc, "{{ unit }}{{ year }}年度预算绩效管理工作开展情况如下：")
    lines(doc, "performance.text")
    ctrl(doc, "if performance.count")
    para(doc, sentence(
        "绩效自评的{{ year }}年度项目{{ performance.count }}个，涉及预算金额",
        "{{ performance.amount|money }}万元",
        "{% if performance.unit_score is not none %}；部门整体支出绩效自评得分",
        "{{ performance.unit_score|plain }}分{% endif %}。"))
    ctrl(doc, "endif")
    ctrl(doc, "else")
    para(doc, "{{ unit }}{{ year }}年度未开展项目绩效自评。")
    ctrl(doc, "endif")

    # 十一（一）机关运行经费支出情况
    ctrl(doc, 'elif sec.key == "operation"')
    ctrl(doc, "if operation.amount")
    para(doc, sentence(
        "机关运行经费支出{{ operation.amount|money }}万元",
        "{% if operation.change.known %}，", vs_last("operation"), "{% endif %}。",
        "{% if operation.reason and operation.change.known and not operation.change.same %}",
        "主要原因是{{ operation.reason }}。{% endif %}"))
    ctrl(doc, "else")
    para(doc, "{{ unit }}{{ year }}年度无机关运行经费支出。")
    ctrl(doc, "endif")

    # 十一（二）政府采购支出情况
    ctrl(doc, 'elif sec.key == "procurement"')
    ctrl(doc, "if procurement.total")
    para(doc, sentence(
        "{{ unit }}{{ year }}年度政府采购金额（以合同签订为准）为{{ procurement.total|money }}万元",
        "{% if procurement.kinds %}，其中：{% for k in procurement.kinds %}",
        "{{ '货物' if k.key == 'goods' else '工程' if k.key == 'works' else '服务' }}采购金额",
        "{{ k.amount|money }}万元{{ '、' if not loop.last else '' }}{% endfor %}{% endif %}。"))
    para(doc, sentence(
        "{{ year }}年度本部门政府采购项目中，由中小企业供应商中标或成交的，采购金额",
        "{{ procurement.sme|money }}万元{% if procurement.sme_share is not none %}，",
        "占政府采购金额的{{ procurement.sme_share|rate }}{% endif %}",
        "{% if procurement.sme %}；其中由小微企业供应商中标或成交的，采购金额",
        "{{ procurement.sme_small|money }}万元{% endif %}。"))
    ctrl(doc, "else")
    para(doc, "{{ unit }}{{ year }}年度无政府采购支出。")
    ctrl(doc, "endif")

    # 十一（三）国有资产占有使用情况说明
    ctrl(doc, 'elif sec.key == "assets"')
    ctrl(doc, "if assets.text")
    lines(doc, "assets.text")
    ctrl(doc, "else")
    para(doc, sentence(
        "截至{{ year }}年12月31日，{{ unit }}",
        "{% if assets.cars or assets.other_cars %}共有公务用车{{ assets.cars }}辆、",
        "其他用车{{ assets.other_cars }}辆{% else %}无车辆{% endif %}。",
        "{% if assets.special_equipment %}单价100万元（含）以上设备（不含车辆）",
        "{{ assets.special_equipment }}台（套）。{% else %}无单价100万元（含）以上设备（不含车辆）。{% endif %}"))
    ctrl(doc, "endif")
    ctrl(doc, "endif")
    ctrl(doc, "endfor")


def sangong(doc) -> None:
    """七: the 三公 sentences — completion of the budget for the total and each
    item, the budget difference with its reason, the change per item with its
    reason, each item's share; the no-expenditure sentence when there is none
    (``sangong.none``).  The base of “完成预算的X%” is ``base_*``: 年初预算, or
    全年预算 where ``[document] budget_base`` asks and the clerk entered it."""
    parts = (("abroad", "因公出国（境）费"), ("car", "公务用车购置及运行维护费"),
             ("reception", "公务接待费"))

    def done(x: str) -> str:
        return f"{{% if {x}.base_rate is not none %}}，完成预算的{{{{ {x}.base_rate|rate }}}}{{% endif %}}"

    def each(text) -> list[str]:
        return [text(k, name) + ("；" if k != "reception" else "。") for k, name in parts]

    ctrl(doc, 'elif sec.key == "sangong"')
    ctrl(doc, "if sangong.none")
    para(doc, "{{ unit }}{{ year }}年度无“三公”经费财政拨款支出。")
    ctrl(doc, "else")
    para(doc, "（一）“三公”经费财政拨款支出决算总体情况说明", "Heading 3")
    para(doc, sentence(
        "“三公”经费财政拨款支出年初预算为{{ sangong.budget|money }}万元，",
        "{% if sangong.base_name != '年初预算' %}{{ sangong.base_name }}为",
        "{{ sangong.base_budget|money }}万元，{% endif %}",
        "支出决算为{{ sangong.amount|money }}万元", done("sangong"), "，其中：",
        *each(lambda k, name: f"{name}{'' if k == 'abroad' else '支出'}决算为"
                              f"{{{{ sangong.{k}.amount|money }}}}万元" + done(f"sangong.{k}")),
        "{% if sangong.base_compare and sangong.base_reason %}{{ year }}年度“三公”经费支出决算数",
        "{{ sangong.base_compare }}预算数的主要原因：{{ sangong.base_reason }}。",
        "{% elif not sangong.base_compare %}{{ year }}年度“三公”经费支出决算数与预算数持平。{% endif %}"))
    para(doc, sentence(
        "{% if sangong.change.known %}{{ year }}年度“三公”经费财政拨款支出决算数",
        vs_last("sangong"), "，其中：",
        *each(lambda k, name: f"{name}支出决算{{% if sangong.{k}.change.same %}}持平"
                              "{% else %}" + change(f"sangong.{k}") + "{% endif %}"),
        *[f"{{% if sangong.{k}.reason and not sangong.{k}.change.same %}}{name}支出"
          f"{{{{ sangong.{k}.change.word }}}}的主要原因是{{{{ sangong.{k}.reason }}}}。{{% endif %}}"
          for k, name in parts],
        # the total's reason only where no item has its own
        "{% if sangong.reason and not sangong.change.same and not (sangong.abroad.reason",
        " or sangong.car.reason or sangong.reception.reason) %}主要原因是{{ sangong.reason }}。{% endif %}",
        "{% endif %}"))
    para(doc, "（二）“三公”经费财政拨款支出决算具体情况说明", "Heading 3")
    para(doc, sentence(
        "“三公”经费财政拨款支出决算中，",
        *each(lambda k, name: f"{name}支出决算{{{{ sangong.{k}.amount|money }}}}万元"
                              f"{{% if sangong.{k}.share is not none %}}，"
                              f"占{{{{ sangong.{k}.share|rate }}}}{{% endif %}}"),
        "具体情况如下："))
    para(doc, sentence(
        "1、因公出国（境）费支出{{ sangong.abroad.amount|money }}万元。",
        "{% if sangong.abroad.groups is not none %}全年安排因公出国（境）团组{{ sangong.abroad.groups }}个",
        "{% if sangong.abroad.persons is not none %}、累计{{ sangong.abroad.persons }}人次{% endif %}。",
        "{% endif %}"))
    para(doc, "2、公务用车购置及运行维护费支出{{ sangong.car.amount|money }}万元。其中：")
    para(doc, sentence(
        "公务用车购置支出为{{ sangong.car.purchase|money }}万元。",
        "{% if sangong.car.purchased %}购置公务用车{{ sangong.car.purchased }}辆。{% endif %}"))
    para(doc, sentence(
        "公务用车运行维护支出{{ sangong.car.running|money }}万元。",
        "{% if sangong.car.fleet is not none %}{{ year }}年，{{ unit }}所属各预算单位开支财政拨款的",
        "公务用车保有量为{{ sangong.car.fleet }}辆。{% endif %}"))
    para(doc, sentence(
        "3、公务接待费支出{{ sangong.reception.amount|money }}万元。",
        "其中：国内公务接待支出{{ sangong.reception.amount|money }}万元",
        "{% if sangong.reception.foreign_amount is not none %}（含外宾接待支出",
        "{{ sangong.reception.foreign_amount|money }}万元）{% endif %}。",
        "{% for d in sangong.reception.details %}{{ d.category }}{{ d.amount|money }}万元",
        "{% if d.purpose %}，主要用于{{ d.purpose }}{% endif %}",
        # a count of 0 or blank is not printed (P530 warns)
        "{% if d.batches or d.persons %}，接待{% endif %}",
        "{% if d.batches %}{{ d.batches }}批次{% if d.persons %}、{% endif %}{% endif %}",
        "{% if d.persons %}{{ d.persons }}人次{% endif %}",
        "{{ '；' if not loop.last else '。' }}{% endfor %}"))
    ctrl(doc, "endif")


GLOSSARY = (
    "财政拨款收入：指单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、"
    "政府性基金预算财政拨款和国有资本经营预算财政拨款。",
    "事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。",
    "经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。",
    "其他收入：指单位取得的除“财政拨款收入”、“事业收入”、“经营收入”等以外的收入。",
    "年初结转和结余：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。",
    "年末结转和结余：指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，"
    "需延迟到以后年度按有关规定继续使用的资金。",
    "基本支出：指单位为保障机构正常运转、完成日常工作任务而发生的各项支出。",
    "项目支出：指单位为完成特定的行政工作任务或事业发展目标，在基本支出之外发生的各项支出。",
    "经营支出：指事业单位在专业活动及辅助活动之外开展非独立核算经营活动发生的支出。",
    "“三公”经费：指单位使用本级财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和"
    "公务接待费。其中：因公出国（境）费反映单位参加国际合作交流、重大项目洽谈、境外培训研修等的"
    "国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务接待费反映全国性专业会议、"
    "国家重大政策调研、专项检查以及外事团组接待交流等执行公务或开展业务所需住宿费、交通费、伙食费等"
    "支出；公务用车购置及运行维护费反映编制内公务车辆的报废更新，以及用于安排市内因公出差、公务文件"
    "交换、日常工作开展等所需公务用车燃料费、维修费、过路过桥费、保险费等支出。",
    "机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出"
    "中的日常公用经费支出。",
)


def build(doc) -> None:
    # ------------------------------------------------------ 封面与目录
    para(doc, "{{ unit }}", "Report Title")
    para(doc, "{{ year }}年度部门决算", "Report Title")
    base.toc(doc)
    ctrl(doc, "for part in doc.parts")
    overview(doc)
    # ------------------------------------------------------ 决算表
    base.part_heading(doc, "tables")
    para(doc, "{{p tables }}")
    explanation(doc)
    # ------------------------------------------------------ 名词解释
    base.part_heading(doc, "glossary")
    for n, text in enumerate(GLOSSARY, start=1):
        para(doc, f"{chinese_number(n)}、{text}")
    ctrl(doc, "endif")
    ctrl(doc, "endfor")


if __name__ == "__main__":
    print(base.make(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT, content=build,
                    comments="由 tools/make_shanghai_document.py 生成（上海市 2024 年度部门决算公开模板）。"))
