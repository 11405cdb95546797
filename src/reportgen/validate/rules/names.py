"""What the build needs beyond the figures (S19x): every cell of a data
sheet read, one column per header, a year and a unit name the output files
can carry.  Checked here so that validate and build never disagree: what
passes validation builds, and what the build would refuse or rename is said
by validation first.
"""

from __future__ import annotations

from reportgen.core import model
from reportgen.core.safeio import safe_filename
from reportgen.validate.findings import ERROR, WARNING
from reportgen.validate.registry import rule

# a final account's year: a typing slip beyond these (−5, 99999, 22) would
# reach the titles and the output file names
YEAR_MIN, YEAR_MAX = 1990, 2100


def _problems(ctx, problem: str):
    for cell, p in ctx.wb.problems:
        if p == problem:
            yield cell


@rule("S190", ERROR, "工作表“{sheet}”中表头以外的列有内容，未被读取：{text}",
      "请把这些数据移到表头所在的列中；如不需要，请删除这些单元格的内容。")
def ignored_cells(ctx):
    """Non-empty cells right of the columns read.

    The reader reads every row of a sheet, however long the blank gap above
    a line and whatever size the sheet declares, and the first 200 columns;
    a value further right would otherwise be dropped silently.  The finding
    is at the first such cell and lists up to 20 of them.
    """
    for c in _problems(ctx, model.IGNORED_CELLS):
        yield ctx.finding("S190", c, sheet=c.sheet, text=str(c.raw))


@rule("S191", ERROR, "列名“{text}”在表头中出现了不止一次，只读取了第一列（{first}）",
      "请删除重复的列，或把重复列的数据并入第一列后删除该列。")
def duplicate_column(ctx):
    """A header that appears twice in the header row.

    Only the first column of a header is read; the figures in a second
    column of the same name would be lost silently.
    """
    for c in _problems(ctx, model.DUPLICATE_COLUMN):
        text, _, first = str(c.raw).partition("\t")
        yield ctx.finding("S191", c, text=text, first=first)


def _unit_headers(ctx):
    """(cell, column, unit, in conflict) of every header read with a unit after its name:
    in conflict when the column holds money and the unit is not the 金额单位."""
    for c in _problems(ctx, model.UNIT_IN_HEADER):
        column, unit, money = (str(c.raw).split("\t") + ["", "", ""])[:3]
        yield c, column, unit, bool(money) and unit != ctx.wb.amount_unit


@rule("S194", WARNING, "列名“{text}”带有单位，已按“{column}”列读取",
      "可把列名改回“{column}”：金额的单位只在“单位信息”表的“金额单位”中填写（本工作簿为{amount_unit}）。")
def unit_in_header(ctx):
    """A header with a unit after the column's name (“财政拨款收入（万元）”, “(元)”).

    The column is read as the named one: the figures are not lost, and no
    follow-on finding is made as if the column were missing.  The unit of the
    amounts is the 金额单位 of 单位信息; when the header's unit differs from
    it, S195 (an error) is reported instead.
    """
    for c, column, unit, conflict in _unit_headers(ctx):
        if not conflict:
            yield ctx.finding("S194", c, text=str(c.value), column=column,
                              amount_unit=ctx.wb.amount_unit)


@rule("S195", ERROR, "列名“{text}”注明单位为{unit}，但“单位信息”的金额单位为{amount_unit}，"
      "该列金额会按{amount_unit}读取",
      "请确认本列金额的单位：如按{unit}填写，请把“单位信息”的“金额单位”改为{unit}（全部金额须为同一单位）；"
      "如按{amount_unit}填写，请把列名改回“{column}”。")
def unit_in_header_conflicts(ctx):
    """A money column's header names a unit other than the 金额单位.

    “财政拨款收入（元）” in a workbook whose 金额单位 is 万元: every amount of the
    column would be read 10,000 times too large (or small) if the header is
    right.  Only the clerk knows which is right, so nothing is built until
    the header or the 金额单位 is corrected.
    """
    for c, column, unit, conflict in _unit_headers(ctx):
        if conflict:
            yield ctx.finding("S195", c, text=str(c.value), column=column, unit=unit,
                              amount_unit=ctx.wb.amount_unit)


@rule("S192", ERROR, "年度 {text} 不是合理的决算年度（应在 {low}–{high} 之间）",
      "请在“单位信息”表填写四位数的决算年度，如 2023。")
def year_range(ctx):
    """The year is outside 1990–2100.

    The year is printed in every title and in the output file names; −5 or
    99999 is a typing slip, not a year.
    """
    c = ctx.wb.info.get("year")
    if c is not None and isinstance(c.value, int) and not YEAR_MIN <= c.value <= YEAR_MAX:
        yield ctx.finding("S192", c, text=str(c.value), low=str(YEAR_MIN), high=str(YEAR_MAX))


@rule("S193", WARNING, "单位名称不能原样用作文件名，输出文件名中写作“{name}”",
      "表格和文档的标题仍使用完整的单位名称。如需改动文件名，请修改单位名称。")
def unit_name_as_file_name(ctx):
    """The unit name is too long for a file name, or holds characters a
    file name cannot carry (``\\ / : * ? " < > |``, line breaks, invisible
    format characters such as U+202E).

    The output files are named from the unit name; such a name is shortened
    (at 120 bytes) or the characters are replaced by “_”, and a short code of
    the full name is added (“测试/局” → “测试_局…ff8b06”), so that two units
    whose names differ only in such characters never share a file name —
    the same way in validate and build.  The titles inside the files keep
    the name as typed.
    """
    c = ctx.wb.info.get("unit")
    if c is None or c.value is None:
        return
    typed = str(c.value)
    name = safe_filename(typed)
    if name != " ".join(typed.split()).strip(" .") and name != "未命名单位":
        yield ctx.finding("S193", c, name=name)

