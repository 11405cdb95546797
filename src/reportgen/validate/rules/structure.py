"""S1xx: sheets, columns and cell contents.

What the reader could not use as it stands: a missing sheet or column, an
empty required cell, text where a number belongs, a formula Excel never
calculated.  These come first because every later rule trusts the values.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Iterator

from reportgen.core import model, schema
from reportgen.core.model import Cell
from reportgen.validate.findings import ERROR, WARNING
from reportgen.validate.registry import rule
from reportgen.validate.rules.common import (all_cells, amount_cells, amount_cells_money, cell_kinds, fund, is_total, kv_data, table_lines)


def _present(ctx, decl) -> bool:
    info = ctx.wb.sheets.get(decl.name)
    return info is not None and info.present


def _shown(raw: object) -> str:
    return "" if raw is None else str(raw).strip()


@rule("S101", ERROR, "缺少工作表“{sheet}”", "请使用 reportgen init 生成的模板，补上该工作表。")
def missing_sheet(ctx):
    """A required sheet is missing.

    Every declared sheet marked required must exist (names compared without
    spaces).  Without it no table can be derived.
    """
    for decl in schema.SHEETS:
        info = ctx.wb.sheets.get(decl.name)
        if decl.required and (info is None or not info.present):
            yield ctx.finding("S101", loc=(decl.name, ""), sheet=decl.name)


def _missing_columns(ctx) -> Iterator[tuple[str, schema.Column]]:
    """(sheet, column) of every declared column not found on a present sheet."""
    for decl in schema.SHEETS:
        info = ctx.wb.sheets.get(decl.name)
        if info is None or not info.present:
            continue
        if not isinstance(decl, (schema.TableSheet, schema.KeyedTableSheet)):
            continue
        for col in decl.columns:
            if col.header in info.missing_columns:
                yield decl.name, col


def _data_column(col: schema.Column) -> bool:
    """A column whose absence changes figures or loses lines (not a text note)."""
    return col.required or col.kind not in (schema.TEXT, schema.LONGTEXT, schema.DATE)


@rule("S102", ERROR, "工作表“{sheet}”缺少列“{column}”",
      "请在表头行补上“{column}”列（列名须与模板一致，可以为空列），或用 reportgen init 重新生成模板。")
def missing_column(ctx):
    """A column that carries figures or identifies lines is missing.

    Columns are found by their header text (spaces, line breaks and a
    trailing * ignored) in the first rows of the sheet.  A column that is not
    found is read as empty, so its amounts would silently be zero in every
    table: the header must be there even when the column is empty.  Applies
    to amount, code, choice and number columns and to required columns, on
    every record sheet and on 三公经费 and 补充数据; a missing optional text
    column is S116.
    """
    for sheet, col in _missing_columns(ctx):
        if _data_column(col):
            yield ctx.finding("S102", loc=(sheet, ""), sheet=sheet, column=col.header)


@rule("S116", WARNING, "工作表“{sheet}”没有“{column}”列，按空列处理",
      "如需填写，请在表头行补上“{column}”列（列名须与模板一致）。")
def missing_text_column(ctx):
    """An optional text column is missing.

    A missing 科目名称, 差异原因, 说明 or similar text column is read as
    empty: names then come from the catalogue, and texts are left out.
    Nothing is lost from the tables, so this is a warning (S102 covers
    columns that carry figures).
    """
    for sheet, col in _missing_columns(ctx):
        if not _data_column(col):
            yield ctx.finding("S116", loc=(sheet, ""), sheet=sheet, column=col.header)


def _row_items(decl) -> tuple[schema.Item, ...]:
    if isinstance(decl, schema.KeyValueSheet):
        return decl.items
    if isinstance(decl, schema.KeyedTableSheet):
        return decl.rows
    return ()


@rule("S103", WARNING, "工作表“{sheet}”没有“{label}”行，按未填写处理",
      "如需填写，请在第一列补上“{label}”行（文字须与模板一致）。")
def missing_row(ctx):
    """A labelled row of a 项目/内容 sheet or of 三公经费/补充数据 is missing.

    单位信息, 文字说明, 三公经费, 补充数据 and the like find their rows by the
    label in column A.  A missing row is read as empty; a required one
    (单位名称, 年度) is reported by S104 instead.
    """
    for decl in schema.SHEETS:
        info = ctx.wb.sheets.get(decl.name)
        if info is None or not info.present:
            continue
        for item in _row_items(decl):
            if item.label in info.missing_columns and not item.required:
                yield ctx.finding("S103", loc=(decl.name, ""), sheet=decl.name, label=item.label)


def _required_cells(ctx) -> Iterator[tuple[Cell, str]]:
    for decl, lines in table_lines(ctx.wb):
        for ln in lines:
            if is_total(ln):
                continue
            for col in decl.columns:
                if not col.required or col.key not in ln.cells:
                    continue
                # 类/款 subtotal lines may sum over every 资金性质
                if col.key == "fund" and ln.level in ("类", "款"):
                    continue
                yield ln.cells[col.key], col.header
    for e in ctx.wb.user_catalogue:
        for c, header in ((e.scheme_cell, "分类"), (e.code, "科目编码"), (e.name, "科目名称")):
            if c is not None:
                yield c, header


@rule("S104", ERROR, "必填项“{label}”未填写", "请填写“{label}”。")
def required_empty(ctx):
    """A required cell is empty.

    Every column the schema marks required, on every line of a record
    sheet: 科目编码 and 资金性质 on 支出功能分类 (a 类/款 subtotal line may
    leave 资金性质 empty: it then sums every fund), 经济分类编码 on
    基本支出经济分类, 分类/科目编码/科目名称 on the 科目 sheet, and the
    required columns of the optional sheets for the Word document; and
    every required item of a 项目/内容 sheet that is present, such as 单位名称
    and 年度 on 单位信息 (also when their row is missing).  Typed total lines
    (“合计”) need no code.
    """
    for c, header in _required_cells(ctx):
        if c.empty and c.problem is None:
            yield ctx.finding("S104", c, label=header)
    kv = kv_data(ctx.wb)
    for decl in schema.SHEETS:
        if not isinstance(decl, schema.KeyValueSheet) or not _present(ctx, decl):
            continue
        for item in decl.items:
            if not item.required:
                continue
            c = kv.get(decl.name, {}).get(item.key)
            if c is None:
                yield ctx.finding("S104", loc=(decl.name, ""), label=item.label)
            elif c.empty and c.problem is None:
                yield ctx.finding("S104", c, label=item.label)


def _cells_by_problem(wb) -> dict[str, list[Cell]]:
    by_problem: dict[str, list[Cell]] = {}
    for c in all_cells(wb):
        if c.problem is not None:
            by_problem.setdefault(c.problem, []).append(c)
    return by_problem


def _problem_cells(ctx, problem: str) -> Iterator[Cell]:
    # cells in reading order, from one walk shared by S105/S106/S107/S117
    return iter(ctx.shared("cells by problem", lambda: _cells_by_problem(ctx.wb)).get(problem, ()))


_PLACES_WORD = {2: "两", 6: "六"}


def _wanted(ctx, c: Cell) -> str:
    """What belongs in cell ``c``, for the fix text: from its declared kind and
    the workbook's 金额单位 (元: two decimals; 万元: six)."""
    kinds = ctx.shared("cell kinds", lambda: cell_kinds(ctx.wb))
    kind, money, year, label = kinds.get((c.sheet, c.ref), (schema.AMOUNT, True, False, ""))
    if year:
        return f"{label}请填写四位数的年份，如 2022。"
    if kind == schema.INT:
        return f"{label}请填写整数（如 2）；没有的可留空或填 0。"
    if not money:
        return "请填写数字（最多两位小数）；没有数可留空或填 0。"
    unit = ctx.wb.amount_unit
    return (f"请填写数字（{unit}，最多{_PLACES_WORD[schema.UNIT_PLACES[unit]]}位小数）；"
            "没有数可留空或填 0。")


@rule("S105", ERROR, "“{text}”不是数字", "{wanted}")
def not_a_number(ctx):
    """Text where an amount or a whole number belongs.

    Thousands separators, full-width digits, spaces and a bracketed negative
    are accepted, and a year written “2022年” or “2022年度” is read as 2022;
    anything else (“约100”, a date) is refused rather than guessed.  A cell
    that only holds “-”, “—”, “/” or “无” counts as empty.  The fix says what
    the cell takes: an amount in the workbook's 金额单位 (元 with up to two
    decimals, 万元 with up to six), a score, a whole number, a year.
    """
    for c in _problem_cells(ctx, model.NOT_A_NUMBER):
        yield ctx.finding("S105", c, text=_shown(c.raw), wanted=_wanted(ctx, c))


@rule("S122", ERROR, "“{text}”不是整数", "{wanted}")
def not_a_whole_number(ctx):
    """A number with a fraction where a whole number belongs.

    Counts (公务用车辆数, 因公出国（境）人次, 接待批次与人次, 序号) and years
    are whole numbers: 1.5 辆 or 2022.5 is a typing slip, not rounded.
    """
    for c in _problem_cells(ctx, model.NOT_WHOLE):
        yield ctx.finding("S122", c, text=_shown(c.raw), wanted=_wanted(ctx, c))


@rule("S117", ERROR, "数值 {text} 超出合理范围", "金额以万元为单位：请检查是否多打了位数，或误把元当作万元、粘贴了科学计数法的数。")
def out_of_range(ctx):
    """A number far beyond any budget (10^12 万元 or more).

    Such a value comes from a typing or pasting accident (1E+300, a column of
    元 pasted as 万元 several times over); it is refused rather than carried
    into totals it would swamp.
    """
    for c in _problem_cells(ctx, model.OUT_OF_RANGE):
        yield ctx.finding("S117", c, text=_shown(c.raw))


@rule("S106", ERROR, "单元格是公式，但文件中没有保存计算结果",
      "请用 Excel 打开文件、确认公式已计算后保存；或把公式改为数值。")
def formula_without_value(ctx):
    """A formula whose result was never saved.

    Only the value Excel stored when it last saved the file is read; a file
    written by a program that does not calculate holds formulas without
    results.  The value is never guessed.
    """
    for c in _problem_cells(ctx, model.NO_CACHED_VALUE):
        yield ctx.finding("S106", c)


@rule("S107", WARNING, "文字中有不可见的控制字符，已删除", "请核对该单元格文字是否完整；从 PDF 或网页复制的文字常带此类字符。")
def control_characters(ctx):
    """Control characters were removed from a text.

    Characters that Word and Excel files cannot hold (pasted from PDFs or
    web pages) are removed while reading; the text is used without them.
    """
    for c in _problem_cells(ctx, model.CONTROL_CHARS):
        yield ctx.finding("S107", c)


def _choice_cells(ctx) -> Iterator[tuple[Cell, schema.Column]]:
    for decl, lines in table_lines(ctx.wb):
        for ln in lines:
            for col in decl.columns:
                if col.kind == schema.CHOICE and col.key in ln.cells:
                    yield ln.cells[col.key], col
    decl = schema.USER_CATALOGUE
    for e in ctx.wb.user_catalogue:
        if e.scheme_cell is not None:
            yield e.scheme_cell, decl.column("scheme")
        yield e.group, decl.column("group")
    # 单位信息 金额单位 and any other choice of a key–value sheet
    for name, data in kv_data(ctx.wb).items():
        for item in schema.sheet(name).items:
            if item.kind == schema.CHOICE and item.key in data:
                yield data[item.key], schema.Column(item.key, item.label, item.kind,
                                                    choices=item.choices)


@rule("S108", ERROR, "“{text}”不是“{column}”的可选值（可选：{choices}）", "请从下拉列表中选择。")
def bad_choice(ctx):
    """A value that is not one of the column's choices.

    资金性质, 分类 and 经费类别 on the 科目 sheet, 金额单位 on 单位信息
    (元 or 万元; a workbook with another unit is read as 万元 and not built)
    and 财政级次 on 单位信息 (the list of ``core/catalogues/finance_levels.tsv``,
    which also gives 名词解释 its “区直部门” word; left blank, 名词解释 says
    the profile's 本级; a 财政级次 outside the list is S123, a warning) take
    one of a fixed list of values (compared without spaces and bracket width).
    """
    for c, col in _choice_cells(ctx):
        if c.problem == model.BAD_CHOICE:
            yield ctx.finding("S108", c, text=_shown(c.raw), column=col.header,
                              choices="、".join(col.choices))


@rule("S123", WARNING, "财政级次“{text}”不在列表中，名词解释“三公”经费的句子将不写部门称谓"
      "（如“区直部门”），只写“是指用财政拨款安排的……”",
      "如属列表中的级次，请从下拉列表中选择（可选：{choices}）；确是本地的写法则不必修改。")
def unlisted_finance_level(ctx):
    """A 财政级次 (单位信息) outside the list of ``core/catalogues/finance_levels.tsv``.

    The list gives each level the word 名词解释（七） uses for its departments
    (“区级” -> “区直部门”) and accepts the usual other spellings (“市本级”);
    a value it does not know (“区（县）级”) is printed as typed, and the
    “三公”经费 sentence is written without a departments word, as for a blank
    财政级次.  A warning: last year's workbooks with such a value still build
    and carry (``init --from``, ``--last``).
    """
    for c in _problem_cells(ctx, model.UNLISTED_CHOICE):
        yield ctx.finding("S123", c, text=_shown(c.raw),
                          choices="、".join(schema.UNIT_INFO.item("finance_level").choices))


@rule("S109", ERROR, "科目编码“{text}”不是数字编码", "请填写数字编码，如 2080101；名称填在“科目名称”列。")
def bad_code(ctx):
    """A classification code that holds no digits.

    A code may be typed as a number or as text, with the name after it
    (“2080101 行政运行”); it must start with its digits.  Typed total lines
    (“合计”) are recognised and are not codes.
    """
    cells = [ln["code"] for ln in (*ctx.wb.functional, *ctx.wb.economic)
             if "code" in ln.cells and not is_total(ln)]
    cells += [e.code for e in ctx.wb.user_catalogue]
    for c in cells:
        if c.problem == model.BAD_CODE:
            yield ctx.finding("S109", c, text=_shown(c.raw))


@rule("S110", ERROR, "金额 {text} 超过{places}位小数",
      "{unit_text}：请四舍五入到{places}位小数后再填，或在“单位信息”的“金额单位”中改选实际的单位。")
def too_many_decimals(ctx):
    """An amount with more decimals than its unit carries.

    Money is entered in the workbook's 金额单位 (单位信息): in 元 with up to
    two decimals (分), in 万元 with up to six (a 元 ledger figure converted
    exactly).  More means a figure was converted or pasted without rounding.
    Scores and weights (绩效自评) carry two decimals at most.  (Binary noise
    from a formula, such as 0.30000000000000004, is not reported.)
    """
    unit = ctx.wb.amount_unit
    money_places = schema.UNIT_PLACES[unit]
    # money is held in 万元: its decimals there are the entered unit's plus the scale
    held_places = money_places - schema.UNIT_SCALE[unit]
    for c, _, money in amount_cells_money(ctx.wb):
        v = c.value
        allowed, shown = (held_places, money_places) if money else (2, 2)
        # normalize(), not quantize(): quantize fails on figures beyond 28 digits
        if isinstance(v, Decimal) and v.is_finite() and v.normalize().as_tuple().exponent < -allowed:
            text = format(v.scaleb(schema.UNIT_SCALE[unit] * -1) if money else v, "f")
            unit_text = (f"本工作簿金额以{unit}为单位、最多保留{shown}位小数" if money
                         else "得分、分值最多保留两位小数")
            yield ctx.finding("S110", c, text=text, places="两" if shown == 2 else "六",
                              unit_text=unit_text)


@rule("S111", ERROR, "金额 {amount} 不能为负数", "请检查正负号；支出、收入等金额不能为负。")
def negative_amount(ctx):
    """A negative amount where none is possible.

    Only 年初结转和结余 and 年末结转和结余 may be negative (an overdrawn
    balance); every income, expenditure, budget, 三公 and 补充数据 amount
    must be zero or more.
    """
    for c, signed in amount_cells(ctx.wb):
        v = c.value
        if not signed and isinstance(v, Decimal) and v < 0:
            yield ctx.finding("S111", c, amount=v)


@rule("S124", ERROR, "“{label}”为 {value}，数量不能为负数",
      "辆、台（套）、团组、批次、人次和序号等数量只能是 0 或正整数：请检查正负号。")
def negative_count(ctx):
    """A negative count.

    Every whole-number cell that is not a year (公务用车 and 设备 counts on
    补充数据, 因公出国（境）团组数/人次, 接待明细's 批次, 人次 and 陪同人次,
    序号) counts something: it is 0 or more.  A minus sign is a typing slip
    that would otherwise be published (“共有公务用车-2辆”).
    """
    kinds = ctx.shared("cell kinds", lambda: cell_kinds(ctx.wb))
    for c in all_cells(ctx.wb):
        kind, _money, year, label = kinds.get((c.sheet, c.ref), ("", True, False, ""))
        if kind == schema.INT and not year and isinstance(c.value, int) and c.value < 0:
            yield ctx.finding("S124", c, label=label, value=c.value)


@rule("S112", ERROR, "{what} 与第 {first} 行重复", "同一{unit}只填一行：请把金额合并到一行，删除重复行。")
def duplicate_line(ctx):
    """Two lines for the same code.

    On 支出功能分类 a code may appear once per 资金性质 (the same 项 with
    财政拨款 and with 非财政拨款资金 is two lines); on 基本支出经济分类 once;
    on the 科目 sheet once per 分类.  A duplicate would be added twice.
    """
    seen: dict[tuple, int] = {}
    for ln in ctx.wb.functional:
        if not ln.code:
            continue
        key = ("f", ln.code, fund(ln) or ln.text("fund"))
        if key in seen:
            f = ln.text("fund")
            what = f"科目 {ln.code}" + (f"（{f}）" if f else "")
            yield ctx.finding("S112", ln["code"], what=what, first=seen[key],
                              unit="科目同一资金性质")
        else:
            seen[key] = ln.row
    for ln in ctx.wb.economic:
        if not ln.code:
            continue
        key = ("e", ln.code)
        if key in seen:
            yield ctx.finding("S112", ln["code"], what=f"经济分类科目 {ln.code}",
                              first=seen[key], unit="经济分类科目")
        else:
            seen[key] = ln.row
    for e in ctx.wb.user_catalogue:
        if not e.code.value:
            continue
        key = ("c", e.scheme, e.code.value)
        row = int("".join(ch for ch in e.code.ref if ch.isdigit()) or 0)
        if key in seen:
            yield ctx.finding("S112", e.code, what=f"科目 {e.code.value}", first=seen[key],
                              unit="分类的同一科目")
        else:
            seen[key] = row


@rule("S113", WARNING, "“{text}”不是本表的项目，该行未读取",
      "请把第一列改为模板中的项目名称（{expected}），或删除该行。")
def unknown_label(ctx):
    """A row label that the sheet does not declare.

    单位信息, 文字说明, 三公经费 and 补充数据 find their rows by the label in
    column A; a row with another label is not read.  Usually a typo: the
    row it was meant to be is then reported missing (S103).
    """
    for decl in schema.SHEETS:
        info = ctx.wb.sheets.get(decl.name)
        items = _row_items(decl)
        if info is None or not info.present or not items:
            continue
        expected = "、".join(i.label for i in items)
        for c in info.unknown_labels:
            yield ctx.finding("S113", c, text=_shown(c.value), expected=expected)


@rule("S114", ERROR, "项目“{text}”重复，只读取第一行", "请删除重复的行，或合并为一行。")
def duplicate_label(ctx):
    """A row label that appears twice.

    On 单位信息, 文字说明, 三公经费 and 补充数据 only the first row with a label
    is read; a second one would be lost silently.
    """
    for decl in schema.SHEETS:
        info = ctx.wb.sheets.get(decl.name)
        if info is None or not info.present:
            continue
        for c in info.duplicate_labels:
            yield ctx.finding("S114", c, text=_shown(c.value))


@rule("S115", ERROR, "“{sheet}”没有项级科目（7 位编码）的数据行",
      "请按支出功能分类项级科目逐行填写本年收支；类、款合计由程序汇总。")
def no_item_lines(ctx):
    """支出功能分类 holds no 项 line.

    Every table is derived from the 7-digit 项 lines; a sheet with none
    (an empty template, or only 类/款 lines) would produce empty tables.
    """
    decl = schema.FUNCTIONAL
    info = ctx.wb.sheets.get(decl.name)
    if info is None or not info.present or "科目编码" in info.missing_columns:
        return
    if not any(ln.level == "项" for ln in ctx.wb.functional):
        yield ctx.finding("S115", loc=(decl.name, ""), sheet=decl.name)


@rule("S118", ERROR, "合并单元格：{range} 只有左上角的单元格有值，被合并的“{column}”单元格无法读取",
      "请选中 {range}，点“开始→合并后居中”取消合并，再在每个单元格填写应有的值（“{column}”）。")
def merged_range(ctx):
    """Data cells merged: a read column merged down several rows, across
    columns, or both.

    A merged range keeps its value in its top-left cell only; the cells it
    covers would read as empty (a 资金性质 merged over 21 lines gave 21
    “未填写” findings and an unbalanced 表1; 财政拨款收入 merged across into
    上级补助收入 lost that column's amount).  One finding names the range
    and the columns whose cells are lost; the cells it covers are not read
    and give no finding of their own, and the sums over them are not
    checked until the merge is undone.  A merge over the heading rows, or
    over columns the reader does not read, is not a finding.
    """
    for decl, _ in table_lines(ctx.wb):
        info = ctx.wb.sheets.get(decl.name)
        for ref, column in (info.merged_ranges if info is not None else ()):
            yield ctx.finding("S118", loc=(decl.name, ref), range=ref, column=column)


@rule("S119", ERROR, "公式计算出错（{error}：{meaning}），该单元格没有可用的值",
      "请在 Excel 中点开该单元格检查公式（引用的行、列或工作表是否被删除，除数是否为 0），"
      "改正公式或直接填写数值后保存。")
def formula_error(ctx):
    """A formula whose saved result is an Excel error value.

    #REF!, #DIV/0!, #VALUE!, #NAME?, #N/A, #NUM!, #NULL! and the newer
    #SPILL!/#CALC! are what Excel caches when a formula fails.  The cell is
    read as having no value; one finding says which error it is, and the
    sums that would include the cell are not checked (no follow-on finding
    from the same cause).
    """
    from reportgen.read.values import FORMULA_ERRORS
    for c in _problem_cells(ctx, model.FORMULA_ERROR):
        err = str(c.raw)
        yield ctx.finding("S119", c, error=err, meaning=FORMULA_ERRORS.get(err, ""))


def comma_readings(text: str) -> str:
    """The two ways a comma that groups no three digits may be meant, as
    the S120 message says them: “80,5” -> “无法确定是 80.5 还是 805”;
    “1.234,50” (dots grouping, a decimal comma) -> “无法确定是 1234.50 还是
    1.23450”; when dropping the comma leaves no number (“1.234.567,8”), the
    decimal reading alone."""
    t = "".join(unicodedata.normalize("NFKC", text).split()).replace("，", ",")
    sign = ""
    if t.startswith("(") and t.endswith(")"):
        sign, t = "-", t[1:-1]
    elif t[:1] in "+-":
        sign, t = ("-" if t[0] == "-" else ""), t[1:]
    head, _, tail = t.rpartition(",")
    whole = head.replace(",", "").replace(".", "")
    frac = tail.replace(".", "")
    as_decimal = f"{sign}{whole or '0'}.{frac}" if frac else f"{sign}{whole}"
    grouped = t.replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", grouped):
        grouped = format(Decimal(grouped), "f")      # 075 -> 75
        if grouped != as_decimal.lstrip("-"):
            return f"无法确定是 {as_decimal} 还是 {sign}{grouped}"
    return f"若逗号是小数点，应为 {as_decimal}"


@rule("S120", ERROR, "“{text}”中的逗号不是千位分隔符：{readings}",
      "金额请用小数点表示小数（如 80.5）；千位分隔符只能每三位一个（如 1,234.50），也可不加。")
def decimal_comma(ctx):
    """A comma that does not group three digits (“80,5”, “12,34”, “1.234,50”).

    Typed with a decimal comma, “80,5” means 80.5; read with the comma
    dropped as a thousands separator it became 805.  A comma is accepted
    only where it groups three digits (1,234 or 12,345.60); any other comma
    is refused rather than guessed, and the message gives both readings
    (the last comma as the decimal point, dots and other commas grouping;
    or the comma dropped).
    """
    for c in _problem_cells(ctx, model.DECIMAL_COMMA):
        text = _shown(c.raw)
        yield ctx.finding("S120", c, text=text, readings=comma_readings(text))


@rule("S121", WARNING, "“{text}”不是日期，文档和绩效自评表中将照原样写出",
      "请填写日期，如 2023年4月20日、2023/4/20、2023-4-20，或在单元格中填 Excel 日期。")
def not_a_date(ctx):
    """A date field (填报日期) holding something that cannot be a date.

    A date is printed 2023年4月20日 whatever way it was typed: an Excel
    date, an Excel serial number in a General-format cell (45036), or text
    such as “2023/4/20”, “2023.4.20”, “2023-4-20”, “2023年4月20日”,
    “20230420”.  A month alone, a day that does not exist (2023/2/30), a
    year outside 1990–2100 or other words are printed as typed, with this
    warning.
    """
    for c in _problem_cells(ctx, model.BAD_DATE):
        yield ctx.finding("S121", c, text=_shown(c.raw))
