"""C2xx: codes against the classification catalogue of the report year.

The catalogue is the bundled one for the year (科目目录年版, or 年度), with
the rows of the workbook's 科目 sheet taking precedence: a code the bundled
catalogue lacks is added there, not worked around.
"""

from __future__ import annotations

from reportgen.core import catalogue as cat
from reportgen.validate.findings import ERROR, WARNING
from reportgen.validate.registry import rule
from reportgen.validate.rules.common import is_total, norm

_SCHEME_NAME = {"functional": "支出功能分类", "economic": "支出经济分类"}
_LEVEL = {3: "类", 5: "款", 7: "项"}


def _sheets(ctx):
    """(scheme, lines, catalogue) for the two 科目 sheets."""
    return (("functional", ctx.wb.functional, ctx.cats.functional),
            ("economic", ctx.wb.economic, ctx.cats.economic))


def _year_text(ctx) -> str:
    return f"{ctx.year} 年" if ctx.year else "本年"


@rule("C201", ERROR, "{what} {code} 不在 {year}的{scheme}科目目录中",
      "请核对编码；如确为目录未收录的科目，请在“科目”表补充一行（分类、科目编码、科目名称{extra}），"
      "补充后即按该行使用。")
def unknown_code(ctx):
    """A code that is not in the year's catalogue.

    Checked for every code on 支出功能分类 (类, 款, 项) and 基本支出经济分类
    (类, 款), and for the 类 and 款 above every line: the tables print the
    name of each 类 and 款, and 名词解释 explains each 项.  A parent typed as
    a subtotal line is reported on that line; otherwise once, on the first
    line under it.  The bundled functional catalogue holds only codes seen in
    published documents, so a real code may be missing from it: it is then
    added on the 科目 sheet (with its 说明 for 名词解释).
    """
    year = _year_text(ctx)
    for scheme, lines, catalogue in _sheets(ctx):
        valid = (3, 5, 7) if scheme == "functional" else (3, 5)
        typed = {ln.code for ln in lines if ln.code}
        reported: set[str] = set()
        extra = "、说明" if scheme == "functional" else "、经费类别"
        for ln in lines:
            code = ln.code
            if len(code) not in valid or is_total(ln):
                continue
            if catalogue.lookup(code, ctx.year) is None and code not in reported:
                reported.add(code)
                yield ctx.finding("C201", ln["code"], what="科目", code=code, year=year,
                                  scheme=_SCHEME_NAME[scheme], extra=extra)
            for parent in (code[:3], code[:5]):
                if len(parent) >= len(code) or parent in typed or parent in reported:
                    continue
                if catalogue.lookup(parent, ctx.year) is None:
                    reported.add(parent)
                    yield ctx.finding("C201", ln["code"], what=f"{code} 的上级科目", code=parent,
                                      year=year, scheme=_SCHEME_NAME[scheme], extra=extra)


def _item_heads(lines, item_len: int, valid_sub: tuple[int, ...]) -> set[str]:
    """The 类/款 codes that have an item line under them, collected once:
    scanning every line per subtotal line was quadratic."""
    return {o.code[:n] for o in lines if len(o.code) == item_len for n in valid_sub}


def _level_problem(heads: set[str], ln, item_len: int, valid_sub: tuple[int, ...]):
    """Why ``ln``'s code cannot stand on its sheet, or None (``heads``: ``_item_heads``)."""
    n = len(ln.code)
    if n == item_len:
        return None
    if n in valid_sub:
        if ln.code in heads:
            return None
        return f"{_LEVEL[n]}级", f"其下没有{_LEVEL[item_len]}级科目行：{_LEVEL[n]}行只用于核对合计，金额不会进入报表"
    return f"{n} 位", f"不是{_LEVEL[item_len]}级科目（{item_len} 位）"


@rule("C202", ERROR, "科目编码 {code}（{level}）{problem}",
      "请按 7 位项级科目逐行填写；类（3 位）、款（5 位）行只用于核对合计，其下须有项级科目行。")
def functional_level(ctx):
    """支出功能分类 needs 7-digit 项 codes.

    The tables are summed from 项 lines.  A 类 (3 digits) or 款 (5 digits)
    line is allowed only as a subtotal of 项 lines typed under it (it is then
    checked by T301); with no 项 line under it its amounts would reach no
    table.  A code of any other length is not a functional code.
    """
    lines = ctx.wb.functional
    heads = _item_heads(lines, 7, (3, 5))
    for ln in lines:
        if not ln.code:
            continue
        p = _level_problem(heads, ln, 7, (3, 5))
        if p:
            yield ctx.finding("C202", ln["code"], code=ln.code, level=p[0], problem=p[1])


@rule("C203", ERROR, "经济分类编码 {code}（{level}）{problem}",
      "请按 5 位款级经济分类科目逐行填写；类（3 位）行只用于核对合计，其下须有款级科目行。")
def economic_level(ctx):
    """基本支出经济分类 needs 5-digit 款 codes.

    表6 is filled from 款 lines.  A 类 (3 digits) line is allowed only as a
    subtotal of 款 lines typed under it (checked by T304); with none its
    amount would reach no table.  A code of any other length is not an
    economic code of this table.
    """
    lines = ctx.wb.economic
    heads = _item_heads(lines, 5, (3,))
    for ln in lines:
        if not ln.code:
            continue
        p = _level_problem(heads, ln, 5, (3,))
        if p:
            yield ctx.finding("C203", ln["code"], code=ln.code, level=p[0], problem=p[1])


@rule("C204", WARNING, "科目 {code} 的名称“{typed}”与目录名称“{name}”不一致",
      "表中按目录名称“{name}”印出；如名称确已变化，请在“科目”表更正该科目名称。")
def name_differs(ctx):
    """A typed name that differs from the catalogue's name for the code.

    Names are compared without spaces, width or bracket style.  The tables
    print the catalogue's name; a difference usually means a wrong code, an
    outdated name, or a name from another year's edition.
    """
    for scheme, lines, catalogue in _sheets(ctx):
        for ln in lines:
            typed = ln.text("name")
            if not ln.code or not typed or is_total(ln):
                continue
            e = catalogue.lookup(ln.code, ctx.year)
            if e is not None and norm(typed) != norm(e.name):
                yield ctx.finding("C204", ln["name"], code=ln.code, typed=typed, name=e.name)


@rule("C205", ERROR, "经济分类科目 {code} 的经费类别填为“{group}”，但 {cls} {cls_name} 属于“{expected}”",
      "请改为“{expected}”：经费类别由所属类决定（人员经费或公用经费），表6 按类归入人员经费或公用经费。")
def wrong_group(ctx):
    """An economic code filed under the wrong group on the 科目 sheet.

    表6 puts each 款 under 人员经费 or 公用经费 by its 类.  A row of the 科目
    sheet that gives an economic code a 经费类别 other than its 类's (in the
    bundled catalogue, or as given for a new 类 on the same sheet) is wrong.
    """
    bundled = cat.bundled(cat.ECONOMIC)
    user_groups = {str(e.code.value): str(e.group.value) for e in ctx.wb.user_catalogue
                   if e.scheme == "economic" and e.code.value and e.group.value}
    for e in ctx.wb.user_catalogue:
        if e.scheme != "economic" or not e.code.value or e.group.empty or e.group.problem:
            continue
        code = str(e.code.value)
        cls = code[:3]
        known = bundled.lookup(cls, ctx.year)
        expected = known.group if known is not None and known.group else (
            user_groups.get(cls, "") if cls != code else "")
        if expected and str(e.group.value) != expected:
            yield ctx.finding("C205", e.group, code=code, group=str(e.group.value), cls=cls,
                              cls_name=known.name if known else "", expected=expected)


@rule("C206", WARNING, "科目 {code} 只见于 {edition} 年版目录，{year}的目录中没有",
      "请核对该科目在本年是否已设立：如是，请在“科目”表补充该科目以确认；否则改用本年科目。")
def later_edition_only(ctx):
    """A code found only in a later edition of the catalogue.

    The lookup takes the latest edition not after the report year; a code
    seen only in later editions is still named from them (codes rarely
    change), but it may not have existed in the report year.

    The bundled editions are partial (only codes attested in published
    documents), so a code missing from an edition before the report year
    proves nothing when the catalogue also has editions after it: the code
    is then named from the later edition without a finding.  The warning is
    given only for a year before every edition of the catalogue.
    """
    if not ctx.year:
        return
    year = _year_text(ctx)
    for scheme, lines, catalogue in _sheets(ctx):
        editions = catalogue.editions()
        if editions and editions[0] <= ctx.year:
            continue   # editions before and after the year: absence is no evidence
        for ln in lines:
            if not ln.code or is_total(ln):
                continue
            e = catalogue.lookup(ln.code, ctx.year)
            if e is not None and e.later_edition:
                yield ctx.finding("C206", ln["code"], code=ln.code, edition=e.edition, year=year)
