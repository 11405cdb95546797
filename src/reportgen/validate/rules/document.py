"""D8xx: the produced document checks itself before it is published.

These rules do not look at the workbook: ``reportgen.render.selfcheck``
reads the text of the rendered Word document and workbooks in the staging
folder, after rendering and before anything moves into place, and reports
these codes.  Any of them is an error: nothing is published.  They are the
last defence for the kinds of slip the workbook rules cannot see — a
template edited by a clerk, a sentence that doubles what the clerk typed.
"""

from __future__ import annotations

from reportgen.validate.findings import ERROR
from reportgen.validate.registry import rule

_FIX = "请检查模板方案中的 document.docx / tables.xlsx，或输入工作簿中相应的文字；改正后重新生成。"


@rule("D801", ERROR, "{output}“{section}”中残留模板语法：“{text}”", _FIX)
def template_syntax_left(ctx):
    """Template syntax left in the output ({{ … }}, {% … %}, {# … #}).

    A field the template names but the renderer did not fill (a typo in a
    clerk's copy of document.docx, a tag split by Word) is printed as it
    stands.
    """
    return ()


@rule("D802", ERROR, "{output}“{section}”中有占位文字“{text}”", _FIX)
def placeholder_left(ctx):
    """Placeholder text in the output: XX, XXX (either case and width), ××,
    ***, “（增加）” or “(减少)” in any brackets, “增长（下降）”, “增加/减少”
    (``core.text.PLACEHOLDER``, as S132 finds them typed).

    The wording of a blank form (“比上年增加（减少）XX万元”) that a template
    or a typed text still carries.  The bracketed words are the
    year-on-year words of the profile's ``[words]`` and the default
    profile's: a profile writing “上升/回落” has “（回落）” found too.
    """
    return ()


@rule("D803", ERROR, "{output}“{section}”中有重复的引导语或标点：“{text}”", _FIX)
def doubled_words(ctx):
    """A lead-in, word or punctuation said twice: “主要原因是主要是”, “：：”, “。。”.

    The lead-ins a clerk types are absorbed when the report is computed
    (core.text.reason_clause for reasons; core.text.field_clause for the
    fields of ``core/catalogues/lead_ins.tsv``: 主要成效, 主要用于, 用途说明,
    发现的问题及原因, 下一步改进措施, 整体支出主要产出和效果, 指标值);
    this catches what a template adds again: any lead-in of that list said
    twice (“主要成效是主要成效是”, “主要用于用于”, “的接待工作的接待工作”,
    “发现的问题及原因：发现的问题及原因：”) and a character Chinese does
    not double there (“目标值为为全区…”, “的的”, “是是”; not “认为为”,
    “较为为难”, “目的的”, “的的确确”, “是是非非”).
    """
    return ()


@rule("D804", ERROR, "{output}的标题“{section}”下没有内容", _FIX)
def empty_heading(ctx):
    """A heading with nothing under it before the next heading of its level.

    A section with nothing to say is left out or takes its no-data sentence;
    a heading standing alone means a template condition is missing.
    """
    return ()


@rule("D805", ERROR, "{output}“{section}”中写的 {stated} 与{cell} 不符：“{text}”", _FIX)
def figure_disagrees(ctx):
    """An amount or percentage in a sentence that differs from the figure its words announce.

    Every “…万元” and “…%” of every paragraph is read with the words just
    before it in its clause: “收、支总计” announces 表1 总计, “收入合计/支出合计”
    表1 本年收入合计/本年支出合计, “财政拨款收、支总计” 表4 总计,
    “一般公共预算财政拨款支出” 表5 合计, “增加/减少” and “增长/下降” a change,
    “占” a share, “完成…预算的” a completion rate, “年初预算为”/“决算为” a
    项's budget and spending, a 项's or 项目's name its figures.  A figure
    that is not the one announced (a template edit that swaps two fields,
    a typed figure) is refused, naming the table cell where there is one.

    The change words are the profile's ``[words]`` (``increase``/``decrease``
    before the amount, ``rise``/``fall`` before the rate) and the names
    “基本支出”, “项目支出”, “年初/年末结转和结余”, “本年收入/支出合计”
    its ``[labels]`` (the default profile's names count too): a reworded
    profile is checked as the default is.
    """
    return ()


@rule("D806", ERROR, "{output}“{section}”中的 {stated} 不是报告中任何数字应有的写法"
      "（金额四舍五入到分，百分比四舍五入到 {step}）：“{text}”", _FIX)
def figure_unknown(ctx):
    """An amount or percentage in a sentence that is no figure of the report as the filters print it.

    The document may state only the report's figures, printed by the
    filters (``money``, ``plain``, ``money_short``, ``rate``, ``change``):
    a figure typed into the template, a field printed raw or rounded by
    other means (``|round(1)``, ``"%.1f"|format``) is refused.  Numbers
    inside the clerk's own texts (reasons, effects) are not checked.
    """
    return ()
