"""I7xx: optional parts left blank — 提示 only, never blocking a build.

The document leaves a part out (or uses its no-data sentence) when the
workbook gives nothing for it; validate says which, so the clerk can fill
them if they were meant to be there.
"""

from __future__ import annotations

from reportgen.core import schema
from reportgen.validate.findings import INFO
from reportgen.validate.registry import rule

# 文字说明 items whose absence leaves something out of the document, and what
_TEXTS = (
    ("functions", "第一部分不列“部门主要职能”一节"),
    ("performance", "情况说明“预算绩效管理工作开展情况”中不写这段说明文字（填了绩效自评时仍按自评表写该节，都没有时整节不写）"),
    ("perf_unit_text", "“单位整体支出自评结果”不写评价文字"),
    ("perf_application", "“绩效自评结果应用情况”不写"),
)
_REASON_EFFECT = "情况说明只写增减数，不写原因"


def _blank(cell) -> bool:
    return cell is None or cell.empty


@rule("I701", INFO, "可选内容“{label}”未填写：{effect}",
      "如需在文档中写这部分，请在“{sheet}”表填写；不需要则可忽略本提示。")
def optional_part_blank(ctx):
    """An optional part of the input left blank, and what the document does.

    One 提示 per part: the 文字说明 texts the document would print
    (部门主要职能, 预算绩效管理工作开展情况, 整体支出绩效自评情况, 绩效自评结果
    应用情况), a 变动原因 whose figure changed on last year, the 重点工作
    sheet, and the self-evaluation sheets (整体/项目/转移支付绩效自评).  A
    提示 never blocks a build, not even with --strict.
    """
    from reportgen.validate.rules.consistency import _REASONS, _figures
    texts = schema.TEXTS
    for key, effect in _TEXTS:
        if _blank(ctx.wb.texts.get(key)):
            yield _at(ctx, texts, key, effect)
    figures = _figures(ctx)
    for key, _ in _REASONS:
        current, last = figures[key]
        if last is not None and current != last and _blank(ctx.wb.texts.get(key)):
            yield _at(ctx, texts, key, _REASON_EFFECT)
    if not [ln for ln in ctx.wb.key_work if ln.text("title")]:
        yield ctx.finding("I701", loc=(schema.KEY_WORK.name, ""), label=schema.KEY_WORK.name,
                          effect="文档不含“重点工作完成情况”部分", sheet=schema.KEY_WORK.name)
    ev = ctx.evaluation   # made once by the pipeline and given to ``validate``
    if ev.unit is None:
        yield ctx.finding("I701", loc=(schema.PERF_UNIT.name, ""), label=schema.PERF_UNIT.name,
                          effect="文档不写“单位整体支出自评结果”，不生成整体绩效自评表",
                          sheet=schema.PERF_UNIT.name)
    if not ev.tables:
        yield ctx.finding("I701", loc=(schema.PERF_PROJECTS.name, ""),
                          label="项目绩效自评、转移支付绩效自评",
                          effect="文档不写“项目支出自评结果”，不生成项目绩效自评表",
                          sheet=schema.PERF_PROJECTS.name)


def _at(ctx, decl, key, effect):
    cell = ctx.wb.texts.get(key)
    label = decl.item(key).label
    if cell is not None and cell.ref:
        return ctx.finding("I701", cell, label=label, effect=effect, sheet=decl.name)
    return ctx.finding("I701", loc=(decl.name, ""), label=label, effect=effect, sheet=decl.name)
