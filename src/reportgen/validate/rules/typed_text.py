"""S13x: slips in the clerk's typed texts that would be printed as they stand.

Template syntax, a blank form's placeholders and doubled punctuation typed
into the workbook (文字说明, 项目支出 主要成效, 差异原因, …) reach the Word
document and the tables word for word.  They are found here, at their cell,
before anything is rendered; the document checks D801–D803
(render.selfcheck) stay the last net for what a template adds.
"""

from __future__ import annotations

import re
from typing import Iterator

from reportgen.core.model import Cell
from reportgen.core.text import DOUBLED_PUNCT, PLACEHOLDER, TEMPLATE_SYNTAX, reason_clause
from reportgen.validate.findings import ERROR
from reportgen.validate.registry import rule
from reportgen.validate.rules.common import all_cells, kv_data, table_lines

_SNIPPET = 12


def _texts(ctx) -> list[tuple[Cell, str]]:
    """(cell, text as the report uses it) of every text cell the reader kept as
    typed (no reading problem).  A reason (a cell whose key starts with
    ``reason``) is used as ``core.text.reason_clause`` makes it: the lead-ins
    and punctuation at its start and end are dropped, so they are no slip."""
    def make():
        keys = {(c.sheet, c.ref): k for data in kv_data(ctx.wb).values() for k, c in data.items()
                if c is not None}
        keys.update({(c.sheet, c.ref): k for _, lines in table_lines(ctx.wb) for ln in lines
                     for k, c in ln.cells.items() if c is not None})
        out = []
        for c in all_cells(ctx.wb):
            if isinstance(c.value, str) and c.problem is None:
                reason = keys.get((c.sheet, c.ref), "").startswith("reason")
                out.append((c, reason_clause(c.value) if reason else c.value.strip()))
        return out
    return ctx.shared("typed_texts", make)


def _hits(ctx, pattern: re.Pattern) -> Iterator[tuple[Cell, str, str]]:
    """(cell, what matched, the match with a few characters around it) of the
    first match in each text."""
    for c, text in _texts(ctx):
        m = pattern.search(text)
        if m:
            a, b = max(0, m.start() - _SNIPPET), min(len(text), m.end() + _SNIPPET)
            yield c, m.group(), ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


@rule("S131", ERROR, "文字中含有模板语法“{found}”：“{text}”",
      "请删除 {{{{ }}}}、{{% %}}、{{# #}} 等符号，只写要公开的文字：输入的文字不会被当作模板执行，会原样印在报告中。")
def typed_template_syntax(ctx):
    """Template syntax ({{ }}, {% %}, {# #}) typed in a text of the workbook.

    The clerk's texts are never run as a template: the braces would be
    printed in the published document as they stand (and the document check
    D801 would then refuse it without naming the cell).
    """
    for c, found, snippet in _hits(ctx, TEMPLATE_SYNTAX):
        yield ctx.finding("S131", c, text=snippet, found=found)


@rule("S132", ERROR, "文字中有占位文字“{found}”：“{text}”",
      "请把占位文字换成实际内容：XX、××、*** 写出具体名称或数字，“（增加）”“增加/减少”"
      "只保留实际情况的一个词且不加括号。")
def typed_placeholder(ctx):
    """A blank form's placeholder typed or left in a text: XX (either case,
    half or full width, not inside a word such as XXL), ××, a run of
    * or ＊, a change word in brackets of any kind (“（增加）”, “(减少)”,
    “【增长】”, “（增加/减少）”) or two to choose from (“增加/减少”).

    Copied from a template or last year's wording (“增加了XX路改造项目资金”,
    “改善了就餐环境（增加）”), it would be published as it stands.  (某某 is
    not one: a name may hold it; a 单位名称 like the 填写说明's example
    “某某区人力资源局” is warned of by P505.)
    """
    for c, found, snippet in _hits(ctx, PLACEHOLDER):
        yield ctx.finding("S132", c, text=snippet, found=found)


@rule("S133", ERROR, "文字中有重复的标点“{found}”：“{text}”",
      "请删除多余的标点（如“：：”“。。”“，。”只保留一个）。")
def typed_doubled_punctuation(ctx):
    """Doubled punctuation inside a text: “：：”, “。。”, “，，”, “，。”, “！。”.

    Also with a space between (“。 。”) and in ASCII (“,,”, “..”; an ASCII
    ellipsis “...” is not one).

    Texts are printed as typed, except a reason (差异原因, 变动原因): the
    sentence around it says “主要原因是…。” itself, so the lead-in and
    punctuation typed at its start and end are dropped and not counted
    (“主要原因：：人员增加。。” is fine).
    """
    for c, found, snippet in _hits(ctx, DOUBLED_PUNCT):
        yield ctx.finding("S133", c, text=snippet, found=found)
