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
    """Placeholder text in the output: XX, XXX, ××, “（增加）”, “增长（下降）”.

    The wording of a blank form (“比上年增加（减少）XX万元”) that a template
    or a typed text still carries.
    """
    return ()


@rule("D803", ERROR, "{output}“{section}”中有重复的引导语或标点：“{text}”", _FIX)
def doubled_words(ctx):
    """A lead-in or punctuation said twice: “主要原因是主要是”, “：：”, “。。”.

    The lead-ins a clerk types are absorbed when the report is computed
    (core.text.reason_clause);
    this catches what a template adds again.
    """
    return ()


@rule("D804", ERROR, "{output}的标题“{section}”下没有内容", _FIX)
def empty_heading(ctx):
    """A heading with nothing under it before the next heading of its level.

    A section with nothing to say is left out or takes its no-data sentence;
    a heading standing alone means a template condition is missing.
    """
    return ()


@rule("D805", ERROR, "{output}“{section}”中写的 {stated} 万元与{cell} 不符：“{text}”", _FIX)
def figure_disagrees(ctx):
    """An amount in a sentence that differs from the table cell it reports.

    The totals sentences are compared with the tables just written:
    “收、支总计…万元” with 表1 总计, “收入合计/支出合计…万元” with 表1
    本年收入合计/本年支出合计, “财政拨款收、支总计…万元” with 表4 总计, and
    “…年度一般公共预算财政拨款支出…万元” with 表5 合计.
    """
    return ()
