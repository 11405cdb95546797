"""The one place where numbers become text.

Money is 万元 with two decimals and thousands separators; shares and rates
are rounded half-up to one decimal, once, here.  Templates reach these
through the Jinja filters of the same names.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

CENT = Decimal("0.01")


def money(value: Optional[Decimal], blank_zero: bool = False, thousands: bool = True) -> str:
    """1234.5 -> '1,234.50' ('1234.50' without ``thousands``); None -> ''."""
    if value is None or (blank_zero and value == 0):
        return ""
    v = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{v:,.2f}" if thousands else f"{v:.2f}"


def grouped(text: str) -> str:
    """A plain number's text with thousands separators: '4332.89' -> '4,332.89',
    '-1234' -> '-1,234' (the digits are not touched)."""
    sign = "-" if text.startswith("-") else ""
    whole, dot, frac = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}{dot}{frac}"


def percent_text(value: Decimal, places: int = 1, trim: bool = True) -> str:
    """An exact percentage as printed: rounded half-up to ``places``
    decimals, trailing zeros dropped when ``trim`` ('10.2%', '100%'), else
    kept ('37.50%', '100.00%')."""
    q = Decimal(1).scaleb(-places)
    v = Decimal(value).quantize(q, rounding=ROUND_HALF_UP)
    return f"{plain(v) if trim else format(v, 'f')}%"


def money_as_entered(value: Optional[Decimal], scale: int = 0) -> str:
    """An exact amount held in 万元 shown as the clerk entered it, for messages:
    in the workbook's unit (``scale`` the power of ten from that unit to 万元,
    -4 for 元, 0 for 万元), thousands separators, at least two decimals and
    every further one it has — nothing rounded away, so a difference of
    0.004 万元 is not shown as 0.00.  1.234567 (scale -4) -> '12,345.67';
    0.000003 -> '0.000003'; None -> ''."""
    if value is None:
        return ""
    v = Decimal(value).scaleb(-scale) if scale else Decimal(value)
    if v.as_tuple().exponent >= -2 or v == v.quantize(CENT, rounding=ROUND_HALF_UP):
        return f"{v.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"
    return f"{v.normalize():,f}"


def percent_value(part: Decimal, whole: Decimal, places: int = 1) -> Optional[Decimal]:
    """part / whole in percent, rounded half-up; None when whole is 0."""
    if not whole:
        return None
    q = Decimal(1).scaleb(-places)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(q, rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal, places: int = 1, trim: bool = True) -> str:
    """'10.2%'; a whole number drops its decimals as the reference does ('100%'),
    unless ``trim`` is False ('100.0%'); '' when whole is 0."""
    if not whole:
        return ""
    return percent_text(Decimal(part) * 100 / Decimal(whole), places, trim)


def rate(value: Optional[Decimal], places: int = 1, trim: bool = True) -> str:
    """A rate or share computed once (an exact percentage, ``compute.report.rate``)
    as printed: rounded half-up to ``places`` decimals, '10.2%', '100%'
    (``trim`` False: '100.0%'); None -> ''."""
    if value is None:
        return ""
    return percent_text(value, places, trim)


def plain(value: Decimal) -> str:
    """A number without trailing zeros: 12.00 -> '12', 12.30 -> '12.3'."""
    v = Decimal(value)
    if v == v.to_integral_value():
        return str(v.quantize(Decimal(1)))
    return format(v.normalize(), "f")


def money_plain(value: Optional[Decimal], thousands: bool = False) -> str:
    """An amount as the sentences print it: rounded half-up to the cent, once,
    from its exact value, trailing zeros dropped, no separators (unless
    ``thousands``: 4332.89 -> '4,332.89'):
    764.062137 -> '764.06', 40.00 -> '40', 93.697863 -> '93.7'; None -> ''."""
    if value is None:
        return ""
    text = plain(rounded(value, 2))
    return grouped(text) if thousands else text


def money_short(value: Optional[Decimal], thousands: bool = True) -> str:
    """Thousands separators (unless ``thousands`` is False), trailing zeros
    dropped: 1234.56 -> '1,234.56', 12.00 -> '12', 1234.50 -> '1,234.5' (the
    类 lines and project lists of 情况说明 print amounts this way)."""
    if value is None:
        return ""
    v = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    text = f"{v:,.2f}" if thousands else f"{v:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def words_or_default(words):
    """``words`` (``core.profile.Words``), or the default profile's [words]."""
    if words is None:
        from reportgen.core.profile import default_words
        return default_words()
    return words


def change_phrase(current: Decimal, last: Decimal, unit: Optional[str] = None,
                  words=None) -> str:
    """The year-on-year clause, its words chosen by sign from ``words`` (a
    profile's ``[words]``, ``core.profile.Words``; None: the default
    profile's): '增加4332.89万元，增长48.5%' / '减少0.12万元，下降25.5%';
    '增加0.35万元' when last year was 0 (no rate of a zero base) or the rate
    rounds to 0% ('增加0.01万元', never '增长0%'); '持平' when equal.
    ``unit`` after the amount: None is ``words``' ``amount_unit`` (万元)."""
    w = words_or_default(words)
    unit = w.amount_unit if unit is None else unit
    cur, prev = Decimal(current), Decimal(last)
    diff = cur - prev
    if diff == 0:
        return w.same
    word, rate_word = (w.increase, w.rise) if diff > 0 else (w.decrease, w.fall)
    text = f"{word}{plain(abs(diff).quantize(CENT, rounding=ROUND_HALF_UP))}{unit}"
    if prev and rounded(abs(diff) * 100 / abs(prev), 1):
        text += f"{w.rate_sep}{rate_word}{percent(abs(diff), abs(prev))}"
    return text


def change_text(diff: Decimal, rate_value: Optional[Decimal], up: bool, same: bool,
                unit: Optional[str] = None, places: int = 1, trim: bool = True,
                thousands: bool = False, words=None) -> str:
    """A computed change (``compute.report.Change``: absolute ``diff``, exact
    ``rate_value`` or None, its direction ``up``/``same``, else down) as the
    year-on-year clause in ``words`` (a profile's ``[words]``; None: the
    default profile's): '增加4332.89万元，增长48.5%'; '持平' when ``same``.
    The rate as ``rate(rate_value, places, trim)`` — left out when it
    rounds to 0 there ('增加0.01万元', never '增长0%') —, the amount as
    ``money_plain(diff, thousands)`` followed by ``unit`` (None: ``words``'
    ``amount_unit``, 万元)."""
    w = words_or_default(words)
    unit = w.amount_unit if unit is None else unit
    if same:
        return w.same
    word, rate_word = (w.increase, w.rise) if up else (w.decrease, w.fall)
    text = f"{word}{money_plain(Decimal(diff), thousands)}{unit}"
    if rate_value is not None and rounded(rate_value, places):
        text += f"{w.rate_sep}{rate_word}{rate(rate_value, places, trim)}"
    return text


def join_cn(items, last: Optional[str] = None, words=None) -> str:
    """['甲', '乙', '丙'] -> '甲、乙和丙' (the joints ``list_sep`` and, before
    the last, ``last`` or ``list_and`` of ``words``, a profile's ``[words]``;
    None: the default profile's); one item alone; '' for none."""
    items = [str(i) for i in items if str(i)]
    if len(items) <= 1:
        return "".join(items)
    w = words_or_default(words)
    return w.list_sep.join(items[:-1]) + (w.list_and if last is None else last) + items[-1]


def rounded(value: Decimal, places: int = 2) -> Decimal:
    """``value`` rounded half-up to ``places`` decimals (a score as printed)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def score(value: Optional[Decimal]) -> str:
    """A 绩效 score as the tables print it: two decimals at most, trailing
    zeros dropped (17.748 -> '17.75', 20.00 -> '20', 0.50 -> '0.5'); None -> ''."""
    if value is None:
        return ""
    return plain(rounded(value, 2))
