"""Smaller gaps of issue 13: the batch summary never cuts a message
mid-sentence; an interrupted single build speaks of one build; S120's two
readings of a comma are numbers a clerk recognises."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from reportgen.batch import BatchInterrupted, Outcome, clause_prefix, summary_table
from reportgen.validate.rules.structure import comma_readings

from support import EXAMPLE


# ------------------------------------------------------------ the batch summary
LONG = ("输入文件 a.xlsx 位于本报告的输出文件夹 out 中，生成时该文件夹会被整体替换，"
        "已拒绝覆盖输入。请把输入工作簿移到别处，或用 -o 指定其他输出文件夹。")


PATH = "无法写入输出文件夹 /很长的路径/" + "子文件夹/" * 12 + "磁盘已满"


@pytest.mark.parametrize("message,shown", [
    ("短消息。", "短消息。"),
    (LONG, "输入文件 a.xlsx 位于本报告的输出文件夹 out 中，生成时该文件夹会被整体替换，已拒绝覆盖输入。"),
    ("甲" * 50 + "，乙乙乙乙乙" + "，丙丙丙丙丙" * 3, "甲" * 50 + "，乙乙乙乙乙，…"),
    (PATH, PATH),                  # no clause end within the limit: whole, never mid-path
])
def test_a_message_is_cut_at_a_clause_end_or_not_at_all(message, shown):
    assert clause_prefix(message) == shown


def test_the_summary_table_shows_whole_clauses():
    o = Outcome(path="a.xlsx", unit="某局", status=2, errors=0, warnings=0, message=LONG)
    table = summary_table([o])
    assert "已拒绝覆盖输入。" in table and "请把输入工作簿移到别处" not in table


# ------------------------------------------------------------ Ctrl-C in a single build
def test_an_interrupted_single_build_with_pdf_speaks_of_one_build(monkeypatch, tmp_path):
    import reportgen.batch as batch
    import reportgen.cli as cli

    def interrupted(*a, **kw):
        raise BatchInterrupted([], KeyboardInterrupt())
    monkeypatch.setattr(cli, "_prepare_pdf", lambda options: None)
    monkeypatch.setattr(batch, "run_batch", interrupted)
    monkeypatch.setattr("reportgen.render.pdf.shared_converter",
                        lambda: type("C", (), {"start": lambda self: None})())
    res = CliRunner().invoke(cli.main, ["build", "--pdf", "-o", str(tmp_path), str(EXAMPLE)])
    assert res.exit_code == 130
    assert "已中断，未写出不完整的文件。" in res.stderr
    assert "工作簿的文件已保留" not in res.stderr and "其余" not in res.stderr


# ------------------------------------------------------------ S120's readings
@pytest.mark.parametrize("text,readings", [
    ("80,5", "无法确定是 80.5 还是 805"),
    ("0,75", "无法确定是 0.75 还是 75"),
    ("1.234,50", "无法确定是 1234.50 还是 1.23450"),
    ("1,234,5", "无法确定是 1234.5 还是 12345"),
    ("(80,5)", "无法确定是 -80.5 还是 -805"),
    ("1.234.567,89", "若逗号是小数点，应为 1234567.89"),
])
def test_the_two_readings_of_a_comma_are_numbers(text, readings):
    assert comma_readings(text) == readings
