"""The per-sheet column tables of ``docs/input-format.md``, from ``schema.py``.

The tables sit between the GENERATED markers of the document; run
``python tools/input_format_tables.py --write`` after changing the schema.
A test fails while the document and the schema disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportgen.core import schema
from reportgen.init_workbook import _kind_text

DOC = Path(__file__).resolve().parents[1] / "docs" / "input-format.md"
BEGIN = "<!-- BEGIN GENERATED: python tools/input_format_tables.py --write -->"
END = "<!-- END GENERATED -->"


def _cell(text: str) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _row(*cells: str) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def render() -> str:
    out: list[str] = []
    for decl in schema.SHEETS:
        need = "必须有" if decl.required else "可选"
        out += [f"### {decl.name}（{need}）", "", decl.help, ""]
        if isinstance(decl, schema.TableSheet):
            out += [_row("表头", "键", "内容及单位", "必填", "说明"), _row(*["---"] * 5)]
            out += [_row(c.header, f"`{c.key}`", _kind_text(c.kind, c.choices, c.money),
                         "是" if c.required else "", c.help) for c in decl.columns]
        elif isinstance(decl, schema.KeyValueSheet):
            out += [f"A 列“{decl.label_header}”为项目名称，B 列“{decl.value_header}”为内容。", ""]
            out += [_row("项目", "键", "内容", "必填", "说明"), _row(*["---"] * 5)]
            out += [_row(i.label, f"`{i.key}`", _kind_text(i.kind, i.choices, i.money), "是" if i.required else "",
                         i.help) for i in decl.items]
        else:
            cols = "、".join(f"{c.header}（`{c.key}`）" for c in decl.columns)
            out += [f"A 列“{decl.label_header}”为行名称；各列：{cols}。", ""]
            out += [_row("行", "键", "内容", "说明"), _row(*["---"] * 4)]
            out += [_row(i.label, f"`{i.key}`", _kind_text(i.kind, i.choices, i.money), i.help) for i in decl.rows]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def generated_part(text: str) -> str:
    """The text between the markers of the document."""
    start = text.index(BEGIN) + len(BEGIN)
    return text[start:text.index(END)].strip("\n") + "\n"


def write(doc: Path = DOC) -> None:
    text = doc.read_text("utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{BEGIN}\n\n{render()}\n{END}{tail}", "utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write()
    else:
        sys.stdout.write(render())
