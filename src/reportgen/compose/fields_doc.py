"""``docs/template-fields.md``, generated from the typed context.

``markdown(context)`` lists every name ``document.docx`` may use: the field
path as written in the template, its meaning (the ``doc`` of the field), its
unit and the value it has in ``context`` (the example's).  Run
``python tools/template_fields.py`` after changing a context class; a test
fails when the committed file is stale.
"""

from __future__ import annotations

import dataclasses
import typing
from decimal import Decimal
from typing import Any, Optional

from reportgen.compose.context import Context
from reportgen.core import fmt
from reportgen.core.fields import PCT, WAN

HEADER = """# Word 模板可用的字段 / Template fields

本文件由 `python tools/template_fields.py` 根据 `src/reportgen/compose/context.py`
（及其引用的 `compute/report.py` 中的数据类）生成，请勿手工修改。

`document.docx` 中 `{{ … }}`、`{% … %}` 可以引用下列字段。金额单位为万元，
百分比为程序算好的精确值；模板只负责格式化，用过滤器把数值变成文字：

| 过滤器 | 用法 | 结果示例 |
|---|---|---|
| `money` | `{{ total.amount\\|money }}` | 1,234.56 |
| `money_short` | `{{ c.amount\\|money_short }}` | 1,234.5、55 |
| `plain` | `{{ i.budget\\|plain }}` | 1234.56、43.2 |
| `rate` | `{{ i.rate\\|rate }}` | 12.3%（四舍五入到一位小数；为空时不输出） |
| `change` | `{{ total.change\\|change }}` | 增加123.45万元，增长12.3% / 持平 |
| `score` | `{{ appendix.unit.total\\|score }}` | 90.5 |
| `cn` | `{{ part.index\\|cn }}` | 三 |
| `join_cn` | `{{ names\\|join_cn }}` | 甲、乙和丙 |

“示例”一栏是 `inputs/example-2022.xlsx` 生成时的取值（列表取第一项）。
`[]` 表示列表，在模板中用 `{% for x in … %}` 逐项引用。渲染时另有 `charts.fig1`–`charts.fig4`
（图1–图4）、`tables`（第二部分的九张表）和 `perf_tables`（第六部分的自评表），由程序填入。

| 字段 | 含义 | 单位 | 示例 |
|---|---|---|---|
"""


def _example(value: Any, unit: str) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        if unit == PCT:
            return fmt.rate(value)
        if unit == WAN:
            return fmt.money(value)
        return fmt.plain(fmt.rounded(value))
    if isinstance(value, dict):
        return "；".join(f"{k}={_example(v, unit)}" for k, v in list(value.items())[:3]) + "…"
    text = " ".join(str(value).split())
    return text if len(text) <= 30 else text[:30] + "…"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _rows(cls: type, value: Any, prefix: str, out: list[str], seen: tuple = ()) -> None:
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        doc, unit = f.metadata.get("doc", ""), f.metadata.get("unit", "")
        path = f"{prefix}{f.name}"
        v = getattr(value, f.name) if value is not None else None
        tp = hints[f.name]
        inner, is_list = _unwrap(tp)
        if dataclasses.is_dataclass(inner) and inner not in seen:
            shown = v[0] if is_list and v else (None if is_list else v)
            out.append(f"| `{path}{'[]' if is_list else ''}` | {_cell(doc or inner.__doc__.split(chr(10))[0])} | | |")
            _rows(inner, shown, f"{path}{'[].' if is_list else '.'}", out, seen + (inner,))
            continue
        if is_list:
            ex = _example(v[0], unit) if v else "（空列表）"
            out.append(f"| `{path}[]` | {_cell(doc)} | {unit} | {_cell(ex)} |")
        else:
            out.append(f"| `{path}` | {_cell(doc)} | {unit} | {_cell(_example(v, unit))} |")


def _unwrap(tp) -> tuple[Any, bool]:
    """(the dataclass or type inside, whether it is a list)."""
    origin = typing.get_origin(tp)
    if origin is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else (tp, False)
    if origin is list:
        inner, _ = _unwrap(typing.get_args(tp)[0])
        return inner, True
    return tp, False


def markdown(context: Optional[Context]) -> str:
    """The Markdown of ``docs/template-fields.md`` with ``context``'s values
    as examples (None: no examples)."""
    out: list[str] = []
    _rows(Context, context, "", out)
    return HEADER + "\n".join(out) + "\n"
