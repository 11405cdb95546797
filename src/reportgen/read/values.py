"""Turning what clerks type into values.

Clerks type numbers as text, with thousands separators, full-width digits and
spaces, codes as numbers; text pasted from PDFs carries control characters.
Each parser returns ``(value, problem)``: the value or None, and a problem
code from ``model`` when the input could not be used as it stands.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from reportgen.core import model
from reportgen.core.text import (_CLAUSE_END_PUNCT as _END_PUNCT, _LEAD_IN,  # noqa: F401
                                 _LEAD_PUNCT, one_line, reason_clause)

# XML 1.0 forbids these; python-docx and openpyxl refuse them on writing
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BLANKS = {"", "-", "—", "－", "–", "/", "无"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_TWO_PLACES = Decimal("0.01")
# 10^12 万元 is a thousand times the national budget: anything larger is a
# typing or pasting accident, and would overflow Decimal's 28-digit context
# when rounded for display
LIMIT = Decimal(10) ** 12


# the error values Excel caches for a formula that failed, and what each means
FORMULA_ERRORS = {
    "#REF!": "引用的单元格或工作表已被删除",
    "#DIV/0!": "除数为 0 或为空",
    "#VALUE!": "参与计算的值类型不对（如文字参与了加减）",
    "#NAME?": "公式中有无法识别的函数或名称",
    "#N/A": "查找的值不存在",
    "#NUM!": "数值无效或超出范围",
    "#NULL!": "引用的区域没有交集",
    "#SPILL!": "结果溢出区域被占用",
    "#CALC!": "计算无法完成",
    "#GETTING_DATA": "数据尚未取回",
}
# a comma that groups thousands: 1,234 or 12,345,678.90
_GROUPED = re.compile(r"^[+-]?\(?\d{1,3}(,\d{3})+(\.\d*)?\)?$")
_SPACE_GROUPED = re.compile(r"^[+-]?\(?\s?\d{1,3}( \d{3})+(\.\d*)?\s?\)?$")


def formula_error(value: object) -> str | None:
    """The Excel error literal ("#REF!") a cell holds, else None."""
    if isinstance(value, str):
        t = value.strip().upper()
        if t in FORMULA_ERRORS:
            return t
    return None


def date_text(value: _dt.date) -> str:
    """A date as printed in the document: 2023年3月17日 (the time of a
    datetime dropped)."""
    return f"{value.year}年{value.month}月{value.day}日"


# the dates a 填报日期 may hold: 1990–2100 (the years ``reportgen init`` accepts)
DATE_YEARS = (1990, 2100)
_EXCEL_EPOCH = _dt.date(1899, 12, 30)   # serial 1 = 1900-01-01 (after Excel's 1900 leap day)
_DATE_TEXT = re.compile(
    r"^(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _plausible(d: _dt.date) -> bool:
    return DATE_YEARS[0] <= d.year <= DATE_YEARS[1]


def parse_date(value: object) -> tuple[str | None, str | None]:
    """A date as the document prints it, 2023年4月20日, from what a clerk
    types: an Excel date; an Excel serial number in a General-format cell
    (45036); text “2023/4/20”, “2023.4.20”, “2023-4-20”, “2023-04-20
    00:00:00”, “2023年4月20日” (spaces and full-width digits allowed), or
    “20230420”.  Not a date of 1990–2100 (a month alone, a day that does not
    exist, other words): the text as typed and ``model.BAD_DATE``; empty: (None, None).
    A date typed as printed, “2023 年 4 月 20 日”, is kept as typed."""
    if value is None:
        return None, None
    if isinstance(value, _dt.date):    # datetime too
        return (date_text(value), None) if _plausible(value) else (date_text(value), model.BAD_DATE)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
        if number == number.to_integral_value():
            text = str(int(number))
            m = _DATE_DIGITS.match(text)
            try:
                d = (_dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m
                     else _EXCEL_EPOCH + _dt.timedelta(days=int(number)))
            except (ValueError, OverflowError):
                d = None
            if d is not None and _plausible(d):
                return date_text(d), None
        return clean_text(value)[0], model.BAD_DATE
    text, problem = clean_text(value)
    if text is None:
        return None, problem
    t = unicodedata.normalize("NFKC", text).strip()
    m = _DATE_TEXT.match(t) or _DATE_DIGITS.match(t)
    if m:
        try:
            d = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            d = None
        if d is not None and _plausible(d):
            # typed the way it is printed (“2023 年 4 月 20 日”): kept as typed
            chinese = "年" in t and "月" in t and t.endswith("日")
            return (text if chinese else date_text(d)), problem
    return text, model.BAD_DATE


def clean_text(value: object) -> tuple[str | None, str | None]:
    """Text with control characters removed and surrounding space stripped;
    an Excel date as 2023年3月17日."""
    if value is None:
        return None, None
    if isinstance(value, _dt.date):   # datetime too: Excel stores dates as datetimes
        return date_text(value), None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    cleaned = _CONTROL.sub("", text)
    problem = model.CONTROL_CHARS if cleaned != text else None
    cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n").strip()
    return (cleaned or None), problem


def _normalise_number_text(text: str) -> str:
    # NFKC maps full-width digits, signs, dots, commas and spaces to ASCII
    t = unicodedata.normalize("NFKC", text)
    t = t.replace(",", "").replace("，", "").replace(" ", "").replace("\u00a0", "")
    t = t.replace("\u3000", "")
    if t.startswith("(") and t.endswith(")"):
        t = "-" + t[1:-1]
    return t


def _from_float(f: float) -> Decimal:
    d = Decimal(repr(f))
    if abs(d) >= LIMIT:
        return d
    # binary noise from a spreadsheet formula (0.30000000000000004): keep 2 places
    q = d.quantize(_TWO_PLACES)
    if d != q and abs(d - q) < Decimal("1e-9"):
        return q
    return d


def parse_amount(value: object) -> tuple[Decimal | None, str | None]:
    """An amount in 万元 as Decimal; None for an empty cell."""
    d, problem = _parse_amount(value)
    if d is not None and (not d.is_finite() or abs(d) >= LIMIT):
        return None, model.OUT_OF_RANGE
    return d, problem


def _parse_amount(value: object) -> tuple[Decimal | None, str | None]:
    if value is None or isinstance(value, bool):
        return (None, model.NOT_A_NUMBER) if isinstance(value, bool) else (None, None)
    if isinstance(value, int):
        return Decimal(value), None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None, model.NOT_A_NUMBER
        return _from_float(value), None
    if isinstance(value, Decimal):
        return value, None
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time, _dt.timedelta)):
        return None, model.NOT_A_NUMBER
    text, _ = clean_text(value)
    if text is None:
        return None, None
    if formula_error(text):
        return None, model.FORMULA_ERROR
    spaced = " ".join(unicodedata.normalize("NFKC", text).split())
    if re.search(r"\d\s\d", spaced) and not _SPACE_GROUPED.match(spaced):
        # "80 5" is no number (never 805): only a space grouping three digits
        # ("80 500") may stand between digits
        return None, model.NOT_A_NUMBER
    nfkc = spaced.replace(" ", "")
    if "," in nfkc and not _GROUPED.match(nfkc):
        # "80,5" is 80.5 written with a decimal comma, or a typo: never 805
        return None, model.DECIMAL_COMMA
    t = _normalise_number_text(text)
    if t in _BLANKS:
        return None, None
    if not _NUMBER.match(t):
        return None, model.NOT_A_NUMBER
    try:
        return Decimal(t), None
    except InvalidOperation:  # pragma: no cover - regex guards this
        return None, model.NOT_A_NUMBER


def parse_int(value: object) -> tuple[int | None, str | None]:
    """A whole number from a cell value: (int, None); (None, the problem code, e.g.
    ``model.NOT_A_NUMBER``) when it is not one; (None, None) for a blank."""
    d, problem = parse_amount(value)
    if d is None:
        return None, problem
    if d != d.to_integral_value():
        return None, model.NOT_WHOLE
    return int(d), None


_YEAR = re.compile(r"^(\d{4})年度?$")


def parse_year(value: object) -> tuple[int | None, str | None]:
    """A year as ``parse_int`` reads it, also when written “2022年” or “2022年度”
    (full-width digits too): (2022, None)."""
    if isinstance(value, str):
        m = _YEAR.match("".join(unicodedata.normalize("NFKC", value).split()))
        if m:
            return int(m.group(1)), None
    return parse_int(value)


_CODE = re.compile(r"^(\d+)\s*(.*)$", re.S)
# a code copied as published tables print it: 201 01 01, 201.01.01, 201-01-01,
# 201 01 (款), 301 01 (经济分类款); the parts are 3, then 2-digit groups
_SEPARATED = re.compile(r"^(\d{3})((?:[\s.\-_/·]+\d{2}){1,2})(?!\d)\s*(.*)$", re.S)


def parse_code(value: object) -> tuple[str | None, str | None, str | None]:
    """A classification code as digits; also the name if typed after it.

    Returns (code, trailing name or None, problem).
    """
    if value is None:
        return None, None, None
    if isinstance(value, bool):
        return None, None, model.BAD_CODE
    if isinstance(value, float):
        if not value.is_integer():
            return None, None, model.BAD_CODE
        value = int(value)
    text, _ = clean_text(value)
    if text is None:
        return None, None, None
    t = unicodedata.normalize("NFKC", text).strip()
    m = _SEPARATED.match(t)
    if m:
        code = m.group(1) + re.sub(r"\D", "", m.group(2))
        rest = m.group(3).strip(" 　-—:：")
        return code, (rest or None), None
    m = _CODE.match(t)
    if not m:
        return None, None, model.BAD_CODE
    code, rest = m.group(1), m.group(2).strip(" 　-—:：")
    return code, (rest or None), None

