"""Last year's figures, as a plain structure that validation may receive.

``reportgen validate X.xlsx --last LAST.xlsx`` checks this year's workbook
against last year's: the 年初结转和结余 of each line against last year's
年末, each 上年 cell against last year's 决算, the unit and the year.  The
figures come from last year's *computed* report; computing is a later stage
than validation (the layers contract), so the carry module
(``reportgen.carry``, above build) computes them and hands validation this
structure, which holds only values and where they came from — no Report, no
import of ``compute``.  The same structure fills next year's workbook
(``reportgen init --from``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, Union

Figure = Union[Decimal, int]


@dataclass(frozen=True)
class LastFigure:
    """One of last year's figures: ``value`` (Decimal 万元, or an int count)
    and ``source``, where it comes from in last year's report or workbook
    (“表1 收入总计”, “补充数据!B8”), for messages."""

    value: Figure
    source: str


@dataclass(frozen=True)
class LastYear:
    """Last year's workbook as validation and ``init --from`` need it.

    ``path``: last year's file (named in messages); ``unit``, ``year``: its
    单位名称 and 决算年度; ``closing``: per (功能分类 项 code, 资金性质) the
    年末结转和结余 (万元) summed over its lines, with the cells it was read
    from; ``figures``: per (sheet name, row key) of this year's 上年 cells
    (``schema.SUPPLEMENT`` and ``schema.SANGONG``, column ``last_year``) the
    figure of last year's report that belongs there (None in ``value`` is
    never stored: a figure last year left blank is absent)."""

    path: str
    unit: str
    year: Optional[int]
    closing: dict[tuple[str, str], LastFigure] = field(default_factory=dict)
    figures: dict[tuple[str, str], LastFigure] = field(default_factory=dict)
