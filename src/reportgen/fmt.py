"""The one place where numbers become text.

Money is 万元 with two decimals and thousands separators; shares and rates
are rounded half-up to one decimal, once, here.  Templates reach these
through the Jinja filters of the same names.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

CENT = Decimal("0.01")


def money(value: Optional[Decimal], blank_zero: bool = False) -> str:
    """13258.64 -> '13,258.64'; None -> ''."""
    if value is None or (blank_zero and value == 0):
        return ""
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def percent_value(part: Decimal, whole: Decimal, places: int = 1) -> Optional[Decimal]:
    """part / whole in percent, rounded half-up; None when whole is 0."""
    if not whole:
        return None
    q = Decimal(1).scaleb(-places)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(q, rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal, places: int = 1) -> str:
    """'10.2%'; a whole number drops its decimals as the reference does ('100%')."""
    v = percent_value(part, whole, places)
    if v is None:
        return ""
    return f"{plain(v)}%"


def plain(value: Decimal) -> str:
    """A number without trailing zeros: 55.00 -> '55', 43.20 -> '43.2'."""
    v = Decimal(value)
    if v == v.to_integral_value():
        return str(v.quantize(Decimal(1)))
    return format(v.normalize(), "f")
