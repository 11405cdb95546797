"""The one code → name resolver.

Every output (the nine tables, 情况说明, 名词解释) and every validation
message names a 功能分类 or 经济分类 code the same way: the catalogue's name
for the report's catalogue year (bundled rows, overridden by ``--catalogue``
files and the workbook's 科目 sheet), else the first name the clerk typed
beside the code on the input sheet, else ''.
"""

from __future__ import annotations

from typing import Iterable, Optional

from reportgen.core import catalogue as cat
from reportgen.core.model import Line


class Names:
    """Names of one classification scheme for one catalogue year.

    ``catalogue``: the scheme's catalogue (with the clerk's overrides);
    ``year``: the catalogue year (``Workbook.catalogue_year`` or the report
    year); ``lines``: the input lines whose typed names are the fallback.
    Calling it with a code (3, 5 or 7 digits) gives the name, '' when
    unknown; it never raises.
    """

    def __init__(self, catalogue: cat.Catalogue, year: int, lines: Iterable[Line] = ()):
        self.catalogue, self.year = catalogue, year
        self.typed: dict[str, str] = {}
        for ln in lines:
            name = ln.text("name")
            if name:
                self.typed.setdefault(ln.code, name)

    def entry(self, code: str) -> Optional[cat.Entry]:
        """The catalogue entry of ``code`` for the year, or None."""
        return self.catalogue.lookup(code, self.year)

    def __call__(self, code: str) -> str:
        e = self.entry(code)
        return e.name if e else self.typed.get(code, "")

    def explanation(self, code: str) -> str:
        """The catalogue's “反映……” sentence of a 功能分类 code ('' if none)."""
        e = self.entry(code)
        return e.explanation if e else ""

    def group(self, code: str) -> str:
        """The 经济分类 group of a code's 类 (人员经费 / 公用经费 / …, '' if unknown)."""
        e = self.catalogue.lookup(code[:3], self.year)
        return e.group if e else ""
