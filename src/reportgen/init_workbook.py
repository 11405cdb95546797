"""A blank input workbook for a clerk (``reportgen init``).

Everything is generated from the declarations in ``schema.py``: the sheets,
their headers, which cells are amounts, the drop-down lists and the 填表说明
sheet.  A column added to the schema appears here without a change.

Layout choices a clerk benefits from:

* amount cells are formatted ``#,##0.00`` and only accept numbers, so a typo
  is caught while typing rather than at ``reportgen validate``;
* code cells are text (a leading zero or a long code stays as typed) and
  offer the year's catalogue as a drop-down; a code not in the list is
  allowed after a warning, because the 科目 sheet may add it;
* the 科目名称 beside a code is a lookup formula, shown for the clerk's
  convenience: the program takes names from the catalogue and uses this
  column only for a code the catalogue lacks (the reader treats it as
  optional and ignores an uncalculated formula there).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.core import catalogue as cat
from reportgen.core import schema
from reportgen.core.safeio import save_workbook

# rows prepared (formats, validations, name formulas) below each header
LINE_ROWS = 300          # 支出功能分类, 基本支出经济分类
OTHER_ROWS = 100        # 科目 and the other record sheets
LOOKUP_SHEET = "_目录"
AMOUNT_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
# a bound far above any department's figure in 万元, for the "between" rule
_AMOUNT_BOUND = "999999999.99"

_HEADER_FONT = Font(name="宋体", bold=True)
_BODY_FONT = Font(name="宋体")
_TITLE_FONT = Font(name="宋体", bold=True, size=14)
_SECTION_FONT = Font(name="宋体", bold=True, size=12)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# catalogue scheme of a table sheet -> (catalogue, level offered in the
# drop-down, columns of the lookup sheet holding code / name / "code name")
_LOOKUP = {
    "functional": (cat.FUNCTIONAL, "项", ("A", "B", "C")),
    "economic": (cat.ECONOMIC, "款", ("E", "F", "G")),
}


# ------------------------------------------------------------------ texts
def _kind_text(kind: str, choices: tuple[str, ...] = (), money: bool = True) -> str:
    """What a clerk types in a cell of this kind, for 填表说明 and the docs
    (``money=False``: an AMOUNT that is a score or weight)."""
    if kind == schema.AMOUNT:
        if not money:
            return "数值（最多两位小数）"
        return "金额（单位按“单位信息”的金额单位）"
    if kind == schema.CODE:
        return "编码（文本，可下拉选择）"
    if kind == schema.INT:
        return "整数"
    if kind == schema.CHOICE:
        return "下拉选择：" + "／".join(choices)
    if kind == schema.LONGTEXT:
        return "文字（可在单元格内换行）"
    if kind == schema.DATE:
        return "日期（如 2023年4月20日、2023/4/20，或 Excel 日期）"
    return "文字"


def _header(text: str, required: bool) -> str:
    # the reader strips the trailing * when matching headers
    return f"{text}*" if required else text


GENERAL_NOTES = (
    "金额单位在“单位信息”的“金额单位”中选择：万元（最多六位小数，留空即为万元）或元"
    "（最多两位小数，可按账面数照填）；全部工作表的金额都用这一个单位。"
    "公开的九张表和情况说明一律以万元、两位小数列示，由程序从精确数四舍五入一次，"
    "因此合计可能与各分项四舍五入后之和相差 0.01，这是正常的。"
    "可直接输入数字，也可粘贴文本形式的数字"
    "（带千分位逗号、全角数字或空格均可识别）；空白、“-”“—”“无”视为 0。",
    "表头带 * 的列、带 * 的项目为必填。请勿修改工作表名称和表头文字；列的先后顺序可以调整。",
    "“支出功能分类”表只填项级（7 位编码）科目，每个科目每种资金性质一行；"
    "类、款合计和九张决算表全部由程序根据项级数据计算。",
    "如另行填写了类（3 位）或款（5 位）合计行，程序仅用它核对项级数据之和，"
    "不作为数据来源；合计不符时会指出单元格。经济分类表的类（3 位）合计行同样仅用于核对。",
    "资金性质分四种：一般公共预算财政拨款、政府性基金预算财政拨款、国有资本经营预算财政拨款、"
    "非财政拨款资金。财政拨款行的收入填在“财政拨款收入”，非财政拨款资金行的收入按来源"
    "填在上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入。",
    "科目编码可从下拉列表选择（列表显示“编码 名称”），也可直接输入编码（数字格式也可识别）。"
    "科目名称列按编码自动显示，仅供核对；程序使用科目目录中的名称。",
    "编码不在内置科目目录中，或本年科目名称、说明与目录不同时，在“科目”表逐行填写分类、"
    "编码、名称和说明（功能分类项级科目的说明以“反映”开头，用于名词解释），"
    "程序优先使用“科目”表的内容；也可用命令行参数 --catalogue 指定科目目录文件。",
    "单元格中可以使用公式：程序读取 Excel 保存时计算出的结果。若文件由不计算公式的程序保存，"
    "公式没有结果，程序会指出该单元格，请用 Excel 打开后重新保存。",
    "隐藏工作表“_目录”是下拉列表所用的科目目录，请勿修改；程序不读取它。",
)


_GUIDE_WIDTHS = (30, 26, 10, 80)
_LINE_HEIGHT = 16


def _text_lines(text: str, width: float) -> int:
    """Lines a wrapped text needs in a column of this width (a Chinese
    character takes about two width units)."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return max(1, -(-units // max(1, int(width) - 2)))


def append_notes(ws: Worksheet, heading: str, lines: Iterable[str]) -> int:
    """Notes added at the end of a 填表说明 sheet ``ws`` (by ``init --from``
    and ``consolidate``): ``heading`` two rows below the last row, in the
    section font, then each of ``lines`` in a row of its own, wrapped,
    merged over the sheet's four columns and tall enough for its text (a
    Chinese character about two width units).  Returns the heading's row."""
    row = ws.max_row + 2
    ws.cell(row=row, column=1, value=heading).font = _SECTION_FONT
    at = row
    for text in lines:
        at += 1
        c = ws.cell(row=at, column=1, value=text)
        c.font = _BODY_FONT
        c.alignment = _WRAP
        ws.merge_cells(start_row=at, start_column=1, end_row=at, end_column=len(_GUIDE_WIDTHS))
        ws.row_dimensions[at].height = _LINE_HEIGHT * max(1, -(-len(text) * 2 // 140))
    return row


def _instructions(ws: Worksheet) -> None:
    for i, w in enumerate(_GUIDE_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    row = 1

    def put(values, font=_BODY_FONT, fill=None, border=False, merged=False):
        nonlocal row
        for i, v in enumerate(values, start=1):
            c = ws.cell(row=row, column=i, value=v)
            c.font = font
            c.alignment = _WRAP
            if fill is not None:
                c.fill = fill
            if border:
                c.border = _BORDER
        if merged:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(_GUIDE_WIDTHS))
            lines = _text_lines(str(values[0]), sum(_GUIDE_WIDTHS))
        else:
            lines = max((_text_lines(str(v or ""), _GUIDE_WIDTHS[i]) for i, v in enumerate(values)),
                        default=1)
        # spreadsheets do not grow a row for wrapped text in merged cells
        if lines > 1:
            ws.row_dimensions[row].height = _LINE_HEIGHT * lines
        row += 1

    put(["部门决算公开输入工作簿 填表说明"], _TITLE_FONT, merged=True)
    row += 1
    put(["一、总体要求"], _SECTION_FONT, merged=True)
    for i, note in enumerate(GENERAL_NOTES, start=1):
        put([f"{i}. {note}"], merged=True)
    row += 1
    put(["二、各工作表"], _SECTION_FONT, merged=True)
    for n, decl in enumerate(schema.SHEETS, start=1):
        row += 1
        need = "必须有" if decl.required else "可选"
        put([f"{n}. {decl.name}（{need}）"], _SECTION_FONT, merged=True)
        put([decl.help], merged=True)
        if isinstance(decl, schema.TableSheet):
            put(["列（表头）", "内容及单位", "是否必填", "说明"], _HEADER_FONT, _HEADER_FILL, True)
            for col in decl.columns:
                put([col.header, _kind_text(col.kind, col.choices, col.money),
                     "必填" if col.required else "", col.help], border=True)
        elif isinstance(decl, schema.KeyValueSheet):
            put([f"项目（A 列“{decl.label_header}”）", f"内容（B 列“{decl.value_header}”）",
                 "是否必填", "说明"], _HEADER_FONT, _HEADER_FILL, True)
            for item in decl.items:
                put([item.label, _kind_text(item.kind, item.choices, item.money),
                     "必填" if item.required else "", item.help], border=True)
        else:
            cols = "、".join(c.header for c in decl.columns)
            put(["行（A 列）", f"各列：{cols}", "是否必填", "说明"],
                _HEADER_FONT, _HEADER_FILL, True)
            for item in decl.rows:
                put([item.label, _kind_text(item.kind), "必填" if item.required else "",
                     item.help], border=True)
            # what a column means, where it says (三公经费 年初预算数 / 全年预算数)
            for col in decl.columns:
                if col.help:
                    put([f"列：{col.header}", _kind_text(col.kind, col.choices, col.money), "",
                         col.help], border=True)
    ws.freeze_panes = "A2"
    one_page_wide(ws)


def one_page_wide(ws: Worksheet) -> None:
    """``ws`` printed landscape on A4, one page wide (填表说明, and the
    consolidation's workbook alike)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


# --------------------------------------------------------------- lookups
def _lookup_sheet(wb: openpyxl.Workbook, year: Optional[int]) -> dict[str, int]:
    """The hidden catalogue sheet; returns, per scheme, the last row of the
    drop-down range (the offered level comes first, other levels after it
    so the name formula also finds 类/款 subtotal codes)."""
    ws = wb.create_sheet(LOOKUP_SHEET)
    ws.sheet_state = "hidden"
    # no year: offer the newest edition of every code
    y = year if year else 9999
    last: dict[str, int] = {}
    for key, (scheme, level, (c_code, c_name, c_both)) in _LOOKUP.items():
        catalogue = cat.bundled(scheme)
        entries = catalogue.codes(y)
        offered = [e for e in entries if e.level == level]
        others = [e for e in entries if e.level != level]
        for c, title in zip((c_code, c_name, c_both), ("编码", "名称", "编码 名称")):
            ws[f"{c}1"] = title
        for r, e in enumerate(offered + others, start=2):
            ws[f"{c_code}{r}"].value = e.code
            ws[f"{c_code}{r}"].number_format = TEXT_FORMAT
            ws[f"{c_name}{r}"].value = e.name
            ws[f"{c_both}{r}"].value = f"{e.code} {e.name}"
        last[key] = max(2, len(offered) + 1)
    return last


def _name_formula(code_ref: str, lookup_cols: tuple[str, str, str]) -> str:
    """科目名称 from the code cell: the 科目 sheet first (it overrides the
    catalogue), then the hidden catalogue.  The code cell may hold
    "2080101 行政运行" (picked from the list), so only the part before the
    first space is looked up."""
    key = f'LEFT({code_ref},FIND(" ",{code_ref}&" ")-1)'
    user = schema.USER_CATALOGUE
    u_code = get_column_letter(_col_index(user, "code"))
    u_name = get_column_letter(_col_index(user, "name"))
    span = _col_index(user, "name") - _col_index(user, "code") + 1
    c_code, c_name, _ = lookup_cols
    return (
        f'=IF({code_ref}="","",IFERROR(VLOOKUP({key},\'{user.name}\'!${u_code}:${u_name},{span},FALSE)&"",'
        f'IFERROR(VLOOKUP({key},\'{LOOKUP_SHEET}\'!${c_code}:${c_name},2,FALSE),"")))'
    )


def _col_index(decl: schema.TableSheet, key: str) -> int:
    return [c.key for c in decl.columns].index(key) + 1


# ------------------------------------------------------------ validations
def _amount_rule(signed: bool) -> DataValidation:
    if signed:
        dv = DataValidation(type="decimal", operator="between",
                            formula1=f"-{_AMOUNT_BOUND}", formula2=_AMOUNT_BOUND)
        dv.error = "请输入数字，单位万元，保留两位小数（结转结余可为负数）。"
    else:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        dv.error = "请输入不小于 0 的数字，单位万元，保留两位小数。"
    dv.errorTitle = "金额格式不对"
    dv.allow_blank = True
    dv.showErrorMessage = True
    return dv


def _int_rule() -> DataValidation:
    dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                        allow_blank=True, showErrorMessage=True)
    dv.errorTitle = "整数格式不对"
    dv.error = "请输入不小于 0 的整数。"
    return dv


def _choice_rule(choices: tuple[str, ...], open_list: bool = False) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                        allow_blank=True, showErrorMessage=True)
    dv.errorTitle = "请从列表选择"
    dv.error = "只能填写：" + "、".join(choices) + "。"
    if open_list:
        # a warning, not a stop: another value is printed as typed (S123)
        dv.errorStyle = "warning"
        dv.error = "不在列表中（" + "、".join(choices) + "）。如确是本地的写法，请选择“是”保留。"
    return dv


def _code_rule(last_row: int, cols: tuple[str, str, str]) -> DataValidation:
    both = cols[2]
    dv = DataValidation(type="list", formula1=f"'{LOOKUP_SHEET}'!${both}$2:${both}${last_row}",
                        allow_blank=True, showErrorMessage=True)
    # a warning, not a stop: a code missing from the list may be added on the 科目 sheet
    dv.errorStyle = "warning"
    dv.errorTitle = "编码不在科目目录中"
    dv.error = ("该编码不在内置科目目录中。如确为本年新增或更名的科目，请选择“是”保留，"
                f"并在“{schema.USER_CATALOGUE.name}”表补充名称和说明。")
    return dv


# ----------------------------------------------------------------- sheets
def _style_header(cell, help_text: str) -> None:
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.border = _BORDER
    cell.alignment = _CENTER
    if help_text:
        cell.comment = Comment(help_text, "reportgen", width=260, height=110)


def _table_sheet(ws: Worksheet, decl: schema.TableSheet, last: dict[str, int]) -> None:
    n_rows = LINE_ROWS if decl.catalogue else OTHER_ROWS
    first, end = 2, 1 + n_rows
    lookup = _LOOKUP.get(decl.catalogue)
    code_letter = None
    for i, col in enumerate(decl.columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        _style_header(ws.cell(row=1, column=i, value=_header(col.header, col.required)), col.help)
        rng = f"{letter}{first}:{letter}{end}"
        dv = None
        fmt = None
        if col.kind == schema.AMOUNT:
            dv, fmt = _amount_rule(col.signed), AMOUNT_FORMAT
        elif col.kind == schema.INT:
            dv, fmt = _int_rule(), "0"
        elif col.kind == schema.CHOICE:
            dv = _choice_rule(col.choices)
        elif col.kind == schema.CODE:
            fmt = TEXT_FORMAT
            if col.key == "code" and lookup is not None:
                code_letter = letter
                dv = _code_rule(last[decl.catalogue], lookup[2])
        elif col.kind in (schema.TEXT, schema.LONGTEXT, schema.DATE):
            fmt = TEXT_FORMAT
        if dv is not None:
            dv.add(rng)
            ws.add_data_validation(dv)
        for r in range(first, end + 1):
            c = ws.cell(row=r, column=i)
            c.font = _BODY_FONT
            if fmt:
                c.number_format = fmt
            if col.kind == schema.LONGTEXT:
                c.alignment = _WRAP
    # the name follows the code the clerk picks
    if code_letter is not None and "name" in [c.key for c in decl.columns]:
        name_i = _col_index(decl, "name")
        for r in range(first, end + 1):
            c = ws.cell(row=r, column=name_i)
            c.value = _name_formula(f"{code_letter}{r}", lookup[2])
            c.number_format = "General"
    # keep the code and its name in view while scrolling right
    if decl.catalogue and "name" in [c.key for c in decl.columns]:
        ws.freeze_panes = f"{get_column_letter(_col_index(decl, 'name') + 1)}2"
    else:
        ws.freeze_panes = "A2"


def _value_cell(cell, kind: str) -> None:
    cell.font = _BODY_FONT
    cell.border = _BORDER
    if kind == schema.AMOUNT:
        cell.number_format = AMOUNT_FORMAT
    elif kind == schema.INT:
        cell.number_format = "0"
    else:
        cell.number_format = TEXT_FORMAT
        cell.alignment = _WRAP


def _key_value_sheet(ws: Worksheet, decl: schema.KeyValueSheet, prefill: dict[str, object]) -> None:
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 70
    ws.column_dimensions["C"].width = 40
    for i, h in enumerate((decl.label_header, decl.value_header, "填写说明"), start=1):
        _style_header(ws.cell(row=1, column=i, value=h), "")
    rules: dict[str, DataValidation] = {}
    for r, item in enumerate(decl.items, start=2):
        label = ws.cell(row=r, column=1, value=_header(item.label, item.required))
        label.font, label.fill, label.border, label.alignment = _BODY_FONT, _LABEL_FILL, _BORDER, _WRAP
        value = ws.cell(row=r, column=2)
        _value_cell(value, item.kind)
        if prefill.get(item.key) is not None:
            value.value = prefill[item.key]
            if isinstance(value.value, str):
                # a unit name starting with "=" is text, not a formula
                value.data_type = "s"
        note = ws.cell(row=r, column=3, value=item.help or None)
        note.font, note.alignment = _BODY_FONT, _WRAP
        if item.kind == schema.LONGTEXT:
            ws.row_dimensions[r].height = 60
        if item.kind in (schema.AMOUNT, schema.INT):
            if item.kind not in rules:
                rules[item.kind] = _amount_rule(False) if item.kind == schema.AMOUNT else _int_rule()
            rules[item.kind].add(value.coordinate)
        elif item.kind == schema.CHOICE:
            dv = _choice_rule(item.choices, item.open_list)
            dv.add(value.coordinate)
            ws.add_data_validation(dv)
    for dv in rules.values():
        ws.add_data_validation(dv)
    ws.freeze_panes = "A2"


def _keyed_table_sheet(ws: Worksheet, decl: schema.KeyedTableSheet) -> None:
    ws.column_dimensions["A"].width = 36
    _style_header(ws.cell(row=1, column=1, value=decl.label_header), "")
    for i, col in enumerate(decl.columns, start=2):
        ws.column_dimensions[get_column_letter(i)].width = col.width
        _style_header(ws.cell(row=1, column=i, value=_header(col.header, col.required)), col.help)
    note_col = len(decl.columns) + 2
    ws.column_dimensions[get_column_letter(note_col)].width = 40
    _style_header(ws.cell(row=1, column=note_col, value="填写说明"), "")
    rules: dict[tuple[str, bool], DataValidation] = {}
    for r, item in enumerate(decl.rows, start=2):
        label = ws.cell(row=r, column=1, value=_header(item.label, item.required))
        label.font, label.fill, label.border, label.alignment = _BODY_FONT, _LABEL_FILL, _BORDER, _WRAP
        for i, col in enumerate(decl.columns, start=2):
            c = ws.cell(row=r, column=i)
            # a row's kind wins over the column's (补充数据 holds counts of cars)
            _value_cell(c, item.kind)
            key = (item.kind, col.signed)
            if key not in rules:
                rules[key] = _int_rule() if item.kind == schema.INT else _amount_rule(col.signed)
            rules[key].add(c.coordinate)
        note = ws.cell(row=r, column=note_col, value=item.help or None)
        note.font, note.alignment = _BODY_FONT, _WRAP
    for dv in rules.values():
        ws.add_data_validation(dv)
    ws.freeze_panes = "B2"


def _build(year: Optional[int], unit: Optional[str]) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = schema.INSTRUCTIONS_SHEET
    _instructions(guide)
    sheets = {decl.name: wb.create_sheet(decl.name) for decl in schema.SHEETS}
    last = _lookup_sheet(wb, year)
    prefill = {"year": year, "unit": unit, "amount_unit": schema.UNIT_WAN}
    for decl in schema.SHEETS:
        ws = sheets[decl.name]
        if isinstance(decl, schema.TableSheet):
            _table_sheet(ws, decl, last)
        elif isinstance(decl, schema.KeyValueSheet):
            _key_value_sheet(ws, decl, prefill if decl is schema.UNIT_INFO else {})
        else:
            _keyed_table_sheet(ws, decl)
    wb.active = 0
    return wb


def blank_workbook(year: Optional[int] = None, unit: Optional[str] = None) -> openpyxl.Workbook:
    """The blank input workbook of ``write_blank``, not yet saved: ``reportgen.carry``
    fills last year's figures into it (cells at the positions the schema gives:
    records from row 2 in column order, 项目/行 rows from row 2 in item order)."""
    return _build(year, unit)


def write_blank(path: Path, year: Optional[int] = None, unit: Optional[str] = None) -> None:
    """Write a blank input workbook to ``path`` (replacing it: the caller
    decides whether an existing file may be overwritten)."""
    wb = _build(year, unit)
    wb.properties.creator = "reportgen"
    save_workbook(wb, Path(path))


def write_filled(path: Path, values: dict[str, object], year: Optional[int] = None,
                 unit: Optional[str] = None, finish=None) -> None:
    """Write an input workbook laid out as ``write_blank`` makes it (填表说明,
    formats, drop-downs) with ``values`` filled in, replacing ``path``
    atomically (core.safeio.save_workbook).

    ``values`` maps a sheet's name (schema.SHEETS) to its content, keyed as
    the schema declares it:

    * KeyValueSheet: ``{item key: value}`` (单位信息, 文字说明 …);
    * KeyedTableSheet: ``{row key: {column key: value}}`` (三公经费, 补充数据);
    * TableSheet: a list of ``{column key: value}``, one per record, written
      from row 2 down (支出功能分类 …).

    Amounts are written as given (``Decimal`` keeps every digit) in the
    workbook's 金额单位, which is ``values["单位信息"]["amount_unit"]`` (万元
    when absent); a sheet not named stays blank.  ``year`` and ``unit`` fill
    单位信息 where ``values`` does not.  ``finish(workbook)``, when given,
    is called last, before saving (notes, document properties).  Raises
    OSError when ``path`` cannot be written."""
    wb = _build(year, unit)
    for decl in schema.SHEETS:
        given = values.get(decl.name)
        if not given:
            continue
        ws = wb[decl.name]
        if isinstance(decl, schema.KeyValueSheet):
            for r, item in enumerate(decl.items, start=2):
                if given.get(item.key) is not None:
                    _put(ws.cell(row=r, column=2), given[item.key])
        elif isinstance(decl, schema.KeyedTableSheet):
            for r, item in enumerate(decl.rows, start=2):
                row = given.get(item.key) or {}
                for i, col in enumerate(decl.columns, start=2):
                    if row.get(col.key) is not None:
                        _put(ws.cell(row=r, column=i), row[col.key])
        else:
            keys = [c.key for c in decl.columns]
            for r, record in enumerate(given, start=2):
                for i, key in enumerate(keys, start=1):
                    if record.get(key) is not None:
                        _put(ws.cell(row=r, column=i), record[key])
    if finish is not None:
        finish(wb)
    wb.properties.creator = "reportgen"
    save_workbook(wb, Path(path))


def _put(cell, value) -> None:
    """A value into a prepared cell; text stays text (a name starting with
    “=” is not a formula)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
