"""Importing this package registers every rule.

One module per family: S1xx structure, C2xx catalogue, T3xx sums inside a
table, X4xx equalities across tables, P5xx plausibility.
"""

from reportgen.validate.rules import catalogue, cross, plausibility, structure, sums  # noqa: F401
from reportgen.validate.rules import consistency  # noqa: F401,E402  - X410-X412

FAMILY_MODULES = {"S": structure, "C": catalogue, "T": sums, "X": cross, "P": plausibility}

from reportgen.validate.rules import performance  # noqa: E402  - V6xx 绩效自评
FAMILY_MODULES["V"] = performance

from reportgen.validate.rules import names  # noqa: E402,F401  - S19x: what the build needs of names and cells

from reportgen.validate.rules import optional  # noqa: E402  - I7xx 提示
FAMILY_MODULES["I"] = optional

from reportgen.validate.rules import document  # noqa: E402  - D8xx, reported by render.selfcheck
FAMILY_MODULES["D"] = document

from reportgen.validate.rules import lastyear  # noqa: E402  - L9xx 与上年工作簿核对 (--last)
FAMILY_MODULES["L"] = lastyear
from reportgen.validate.rules import extra_tables  # noqa: E402,F401  - X413-X416: inputs of the tables beyond the nine
from reportgen.validate.rules import transfers  # noqa: E402  - M1xx 内部往来 (consolidate)
FAMILY_MODULES["M"] = transfers
from reportgen.validate.rules import typed_text  # noqa: E402,F401  - S13x: slips in the clerk's texts
