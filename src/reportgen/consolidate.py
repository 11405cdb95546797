"""A department's input workbook from its units' workbooks (``reportgen consolidate``).

``consolidate(units, out, department)`` reads and validates every unit's
input workbook (each must be valid on its own), then writes two files:

* ``out`` (the department's input workbook, laid out as ``reportgen init``
  makes it, built like any unit's): the 项 lines of 支出功能分类 summed by
  科目编码, 资金性质 and column; 基本支出经济分类 by code; 三公经费 and 补充数据
  cell by cell; 项目支出 and 接待明细 listed unit after unit; 单位构成 one row
  per unit (name, 单位性质); 文字说明, 重点工作, 财政级次 and 咨询电话 from
  the unit marked 本级 (not its 部门决算单位构成); the 科目 sheets merged
  (本级 first);
* beside it ``<out>_合并过程.xlsx``: per table line and column each unit's
  figure, the internal transfers offset and the department's total, so an
  auditor can follow every sum.

Amounts are summed exactly (Decimal, held in 万元 by the reader); the
department's workbook is entered in the units' common 金额单位 (元 or 万元),
in 万元 when they differ — both exact.

**本级**: the unit given with ``main``; else the unit whose 单位名称 is the
department's name, or that name followed by “本级”.

**内部往来**: transfers between units of the department are listed on a
sheet named 内部往来 (in a workbook given as ``internal``: its own file, or
the 本级 workbook, whose other sheets are ignored here), one transfer a row,
columns 付款单位, 收款单位, 类型 (对附属单位补助 / 附属单位上缴), 金额 (“金额（元）”
for 元, else 万元), and optionally 付款方科目编码, 收款方科目编码 (needed when
that unit books the column on more than one line).  Without ``internal``,
the only 内部往来 workbook among the units' files, else a 内部往来 sheet in
the 本级 workbook, is used (with a note).  The clerk's mistakes in it (a
name, 类型, amount, a payment to itself, more than 6 decimals in 万元 or 2
in 元) are problems naming their cell, like the units' (exit 1).  A 对附属单位补助 of A to
B is taken off A's 对附属单位补助支出 and B's 上级补助收入; a 附属单位上缴
of A to B off A's 上缴上级支出 and B's 附属单位上缴收入, on the 非财政拨款资金
line of the code named.  Both sides are checked: each unit's line must hold
at least what is listed against it.

reportgen's own outputs among the files (an earlier department workbook,
marked with DEPT_MARK in its document property 类别, and 合并过程
workbooks) are skipped with a note.  The 本级's 部门决算单位构成 text is not
carried (it describes the 本级 alone): a note, in the console and at the end
of the department's 填表说明, asks the clerk to write it.  An output that is
one of the inputs (resolved path or os.path.samefile) is refused.

The inputs are never written; both outputs are written to temporary files,
the department's workbook validated, and only then both moved into place
(core.safeio.replace_together): both or neither.
"""

from __future__ import annotations

import os
import tempfile
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Optional, Sequence

from reportgen.build import Checked, Options, check
from reportgen.core import schema
from reportgen.core.errors import UnusableInput
from reportgen.core.model import Cell, Workbook
from reportgen.core.safeio import replace_together
from reportgen.validate import ValidationResult

ZERO = Decimal(0)
PROCESS_SUFFIX = "_合并过程"
INTERNAL_SHEET = "内部往来"
MAIN_SUFFIX = "本级"
# the department's workbook is marked so that a later run recognises it (its
# document property “类别”, kept when Excel or WPS saves the file); the
# 合并过程 workbook is recognised by its sheets
DEPT_MARK = "reportgen 部门合并工作簿"
PROCESS_SHEETS = ("说明", "内部往来抵消")
# 内部往来 problems that are the clerk's data (reported, not raised by consolidate)
_INTERNAL_DATA = ("internal_row", "internal_headers", "no_internal_sheet")

# kind of transfer -> (payer's column, payee's column, the name shown)
SUBSIDY, REMIT = "subsidy", "remit"
TRANSFER_COLUMNS = {
    SUBSIDY: ("exp_subsidy", "income_superior", "对附属单位补助"),
    REMIT: ("exp_remit", "income_affiliated", "附属单位上缴"),
}
_KIND_WORDS = {
    "对附属单位补助": SUBSIDY, "对附属单位补助支出": SUBSIDY, "上级补助": SUBSIDY, "上级补助收入": SUBSIDY,
    "附属单位上缴": REMIT, "附属单位上缴收入": REMIT, "上缴上级": REMIT, "上缴上级支出": REMIT,
}
# 内部往来 headers -> key
_INTERNAL_HEADERS = {
    "付款单位": "payer", "收款单位": "payee", "类型": "kind", "往来类型": "kind",
    "金额": "amount", "金额（万元）": "amount", "金额（元）": "amount_yuan",
    "付款方科目编码": "payer_code", "收款方科目编码": "payee_code",
}
# 补充数据 rows whose 本年数 the program computes: left blank in the department
COMPUTED_SUPPLEMENT = ("total", "fiscal_total", "general_income", "general_exp")
MONEY_COLUMNS = tuple(c.key for c in schema.FUNCTIONAL.columns if c.kind == schema.AMOUNT)


@dataclass(frozen=True)
class Unit:
    """One unit's workbook, read and validated: its path, model, 单位性质 and
    whether it is the 本级."""

    path: Path
    checked: Checked
    kind: str = ""
    main: bool = False

    @property
    def wb(self) -> Workbook:
        return self.checked.workbook

    @property
    def name(self) -> str:
        return self.wb.unit


@dataclass(frozen=True)
class Transfer:
    """One row of 内部往来: ``amount`` 万元 from ``payer`` to ``payee``; the
    (code, column) of each side's 非财政拨款资金 line it is taken off;
    ``where`` the row for messages (“内部往来.xlsx 内部往来!A3”)."""

    payer: str
    payee: str
    kind: str
    amount: Decimal
    payer_code: str
    payee_code: str
    where: str


@dataclass
class Consolidated:
    """The outcome: ``outputs`` written (the department's workbook, then the
    process workbook), or nothing written and ``problems`` (Chinese, each
    naming file, sheet and cell) and/or ``unit_results`` (units with
    errors: path and findings) saying why; ``notes`` for the clerk either way."""

    outputs: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unit_results: list[tuple[Path, ValidationResult]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dept_result: Optional[ValidationResult] = None
    found_internal: Optional[Path] = None

    @property
    def refused(self) -> bool:
        """Nothing was written."""
        return not self.outputs


def process_path(out: Path) -> Path:
    """The consolidation workbook beside ``out``: ``DEPT_合并过程.xlsx``."""
    out = Path(out)
    return out.with_name(out.stem + PROCESS_SUFFIX + out.suffix)


def consolidate(paths: Sequence[Path], out: Path, department: str, main: Optional[Path] = None,
                internal: Optional[Path] = None, options: Options = Options(),
                progress: Optional[Callable[[int, int, Path], None]] = None) -> Consolidated:
    """Consolidate the units' workbooks ``paths`` into ``out`` (see the module).

    ``department``: the department's 单位名称; ``main``: the 本级 unit's
    workbook (one of ``paths``); ``internal``: the workbook holding the
    内部往来 sheet; ``progress(i, n, path)`` is called as each unit is checked.
    Returns a Consolidated.  Raises UnusableInput for a file that cannot be
    read, an output that would overwrite an input, or an output folder that
    cannot be written."""
    out = Path(out)
    paths = [Path(p) for p in paths]
    res = Consolidated()
    if out.suffix.lower() != ".xlsx":
        raise UnusableInput("bad_output", f"输出文件 {out} 应以 .xlsx 结尾。")
    if not department.strip():
        raise UnusableInput("no_department", "请用 --unit 给出部门名称。")
    paths = _only_units(paths, internal, res)
    if internal is None and res.found_internal is not None:
        internal = res.found_internal
    inputs = {_key(p): p for p in paths}
    for extra in (main, internal):
        if extra is not None:
            inputs.setdefault(_key(Path(extra)), Path(extra))
    for target in (out, process_path(out)):
        for given in inputs.values():
            if _same_file(target, given):
                raise UnusableInput("output_is_input",
                                    f"输出文件 {target} 与输入文件 {given} 是同一个文件，"
                                    "已拒绝覆盖输入。请用 -o 指定另一个文件名。")
    seen: dict[str, Path] = {}
    for p in paths:
        if _key(p) in seen:
            res.problems.append(f"{p}：同一个工作簿给了两次（与 {seen[_key(p)]} 相同），同一单位不能合并两次。")
        seen[_key(p)] = p
    if len(paths) < 2 and not res.problems:
        res.problems.append("合并至少需要两个单位的工作簿。")
    if res.problems:
        return res
    # the list of transfers is read first: a file that cannot be used stops at once
    transfers = _transfers(Path(internal), res) if internal is not None else []
    if res.problems:
        return res

    units: list[Unit] = []
    for i, p in enumerate(paths, start=1):
        if progress is not None:
            progress(i, len(paths), p)
        checked = check(p, options)
        r = checked.result
        if r.errors or (options.strict and r.warnings):
            res.unit_results.append((p, r))
        units.append(Unit(p, checked, _kind_of(checked.workbook)))
    if res.unit_results:
        res.problems.append("以上单位的工作簿有错误，未合并。请先逐个改正（reportgen validate 单位.xlsx），"
                            "每个单位的工作簿都通过校验后再合并。")
        return res

    _check_names(units, res)
    if res.problems:
        return res
    units = _mark_main(units, department, main, res)
    if res.problems:
        return res
    _check_same(units, res)
    if res.problems:
        return res
    if internal is None and INTERNAL_SHEET in _sheet_names(units[0].path):
        # a 内部往来 sheet in the 本级 workbook is used, and said so
        transfers = _transfers(units[0].path, res)
        if res.problems:
            return res
        res.notes.append(f"已使用本级工作簿 {units[0].path} 中“{INTERNAL_SHEET}”表列出的 {len(transfers)} 笔"
                         "内部往来抵消（未用 --internal 指定）。")
    offsets = _offsets(units, transfers, res)
    if res.problems:
        return res

    res.notes += _unmatched(units, offsets)
    amount_unit = _common_unit(units)
    values, notes = department_values(units, offsets, department, amount_unit)
    res.notes += notes
    _write(units, transfers, offsets, values, amount_unit, out, department, options, res)
    return res


def _key(p: Path) -> str:
    return os.path.normcase(os.path.abspath(os.path.realpath(p)))


def _same_file(a: Path, b: Path) -> bool:
    """The same file: by resolved path, or (both existing) os.path.samefile
    (hard links, case-insensitive file systems)."""
    if _key(a) == _key(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _sheet_names(path: Path) -> list[str]:
    """The sheet names of ``path`` ([] when it cannot be opened: the reader
    names what is wrong with it later)."""
    return _peek(path)[0]


def _peek(path: Path) -> tuple[list[str], str]:
    """(sheet names, document property 类别) of ``path``; ([], '') when it
    cannot be opened."""
    import openpyxl
    from reportgen.read.reader import check_file

    try:
        check_file(Path(path))
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - the reader names what is wrong with it later
        return [], ""
    try:
        return list(book.sheetnames), book.properties.category or ""
    finally:
        book.close()


def kind_of_file(path: Path) -> str:
    """What a workbook found among the units is: ``"department"`` (a
    department workbook reportgen consolidate wrote: marked with DEPT_MARK),
    ``"process"`` (a 合并过程 workbook: sheets 说明 and 内部往来抵消, no 单位信息),
    ``"internal"`` (a 内部往来 sheet and no 单位信息) or ``"unit"``."""
    names, category = _peek(path)
    if category == DEPT_MARK:
        return "department"
    if schema.UNIT_INFO.name in names:
        return "unit"
    if all(n in names for n in PROCESS_SHEETS):
        return "process"
    if INTERNAL_SHEET in names:
        return "internal"
    return "unit"


def _only_units(paths: list[Path], internal: Optional[Path], res: "Consolidated") -> list[Path]:
    """``paths`` without reportgen's own consolidation outputs (an earlier
    run's department and 合并过程 workbooks: skipped with a note) and without
    内部往来 lists: with ``internal`` given they are skipped (noted when not
    that one); without it the only one found becomes ``res.found_internal``
    (noted), several are a problem."""
    units, lists = [], []
    for p in paths:
        kind = kind_of_file(p)
        if kind == "department":
            res.notes.append(f"{p} 是 reportgen consolidate 写出的部门工作簿，不是单位的工作簿，已跳过。")
        elif kind == "process":
            res.notes.append(f"{p} 是 reportgen consolidate 写出的合并过程工作簿，不是单位的工作簿，已跳过。")
        elif kind == "internal":
            lists.append(p)
        else:
            units.append(p)
    if internal is not None:
        for p in lists:
            if not _same_file(p, Path(internal)):
                res.notes.append(f"{p} 是内部往来工作簿，不是单位的工作簿，已跳过（本次使用 --internal 指定的 {internal}）。")
    elif len(lists) == 1:
        res.found_internal = lists[0]
        res.notes.append(f"已使用 {lists[0]} 中的内部往来（它在单位的工作簿中间，未用 --internal 指定）。")
    elif lists:
        res.problems.append(f"单位的工作簿中有 {len(lists)} 个内部往来工作簿（{'、'.join(map(str, lists))}），"
                            "请用 --internal 指定要使用的一个。")
    return units


def _transfers(path: Path, res: "Consolidated") -> list[Transfer]:
    """read_transfers, the clerk's mistakes in it added to ``res.problems``."""
    try:
        return read_transfers(path)
    except UnusableInput as exc:
        if exc.kind not in _INTERNAL_DATA:
            raise
        res.problems += exc.message.split("\n")
        return []


def _kind_of(wb: Workbook) -> str:
    """The unit's 单位性质 from its own 单位构成 sheet: the row of its name,
    else the only row; '' when not stated."""
    rows = [ln for ln in wb.units if ln.text("name")]
    for ln in rows:
        if ln.text("name").strip() == wb.unit.strip():
            return ln.text("kind")
    return rows[0].text("kind") if len(rows) == 1 else ""


def _mark_main(units: list[Unit], department: str, main: Optional[Path],
               res: Consolidated) -> list[Unit]:
    """The units with the 本级 marked (see the module); a problem when none."""
    if main is not None:
        hits = [u for u in units if _key(u.path) == _key(Path(main))]
        if not hits:
            res.problems.append(f"--main 指定的 {main} 不在要合并的工作簿中。请把本级单位的工作簿也列在命令中。")
            return units
    else:
        names = {department.strip(), department.strip() + MAIN_SUFFIX}
        hits = [u for u in units if u.name.strip() in names]
        if len(hits) != 1:
            res.problems.append(
                f"无法确定本级单位：没有单位的名称是“{department}”或“{department}{MAIN_SUFFIX}”。"
                "请用 --main 本级单位.xlsx 指定本级单位的工作簿（部门的文字说明、重点工作等取自本级）。")
            return units
    chosen = _key(hits[0].path)
    ordered = [Unit(u.path, u.checked, u.kind, _key(u.path) == chosen) for u in units]
    # the 本级 first: its texts, names and catalogue lines win
    return sorted(ordered, key=lambda u: not u.main)


def _check_same(units: list[Unit], res: Consolidated) -> None:
    """Same year, same catalogue edition."""
    first = units[0]
    for u in units[1:]:
        if u.wb.year != first.wb.year:
            res.problems.append(f"{u.path}：年度为 {u.wb.year}（{u.wb.info['year'].where}），"
                                f"与 {first.path} 的 {first.wb.year} 不同。只能合并同一年度的决算。")
        elif u.wb.catalogue_year != first.wb.catalogue_year:
            res.problems.append(f"{u.path}：科目目录年版为 {u.wb.catalogue_year}，与 {first.path} 的 "
                                f"{first.wb.catalogue_year} 不同（单位信息“科目目录年版”）。"
                                "请各单位使用同一年版的科目目录。")


def _check_names(units: list[Unit], res: Consolidated) -> None:
    """Each unit once (by 单位名称), before the 本级 is looked for."""
    names: dict[str, Path] = {}
    for u in units:
        name = u.name.strip()
        if name in names:
            res.problems.append(f"{u.path}：单位名称“{u.name}”（{u.wb.info['unit'].where}）与 "
                                f"{names[name]} 相同：同一单位给了两次，同一单位不能合并两次。")
        names[name] = u.path


# ---------------------------------------------------------------- 内部往来
def read_transfers(path: Path) -> list[Transfer]:
    """The 内部往来 rows of ``path`` (its sheet 内部往来, or its only sheet),
    amounts in 万元.  Raises UnusableInput naming the file, sheet and cell
    of anything that cannot be used."""
    from reportgen.read.reader import check_file, norm_label
    from reportgen.read.values import clean_text, parse_amount, parse_code
    import openpyxl

    from reportgen.core.safeio import check_input_file
    from reportgen.read.reader import MAX_FILE_BYTES

    path = Path(path)
    check_input_file(path, MAX_FILE_BYTES, "内部往来工作簿")
    check_file(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise UnusableInput("not_a_workbook", f"{path} 无法打开：{exc}") from None
    try:
        if INTERNAL_SHEET in book.sheetnames:
            ws = book[INTERNAL_SHEET]
        elif len(book.sheetnames) == 1:
            ws = book[book.sheetnames[0]]
        else:
            raise UnusableInput("no_internal_sheet",
                                f"{path} 中没有名为“{INTERNAL_SHEET}”的工作表。请把内部往来填在该名称的工作表中。")
        rows = list(ws.iter_rows(max_row=5000, max_col=20, values_only=True))
    finally:
        book.close()
    sheet = ws.title
    header_at, cols = None, {}
    for r, row in enumerate(rows[:10], start=1):
        found = {_INTERNAL_HEADERS[norm_label(v)]: i for i, v in enumerate(row)
                 if norm_label(v) in _INTERNAL_HEADERS}
        if "payer" in found and "payee" in found:
            header_at, cols = r, found
            break
    if header_at is None:
        raise UnusableInput("internal_headers",
                            f"{path} 工作表“{sheet}”前 10 行中找不到表头“付款单位”“收款单位”。"
                            "表头应为：付款单位、收款单位、类型、金额（可加付款方科目编码、收款方科目编码）。")
    for need in ("kind",):
        if need not in cols:
            raise UnusableInput("internal_headers", f"{path} 工作表“{sheet}”第 {header_at} 行缺少表头“类型”。")
    if "amount" not in cols and "amount_yuan" not in cols:
        raise UnusableInput("internal_headers",
                            f"{path} 工作表“{sheet}”第 {header_at} 行缺少表头“金额”（万元）或“金额（元）”。")
    from openpyxl.utils import get_column_letter

    out: list[Transfer] = []
    problems: list[str] = []
    places = 2 if "amount" not in cols else 6
    for r, row in enumerate(rows[header_at:], start=header_at + 1):
        def get(key):
            i = cols.get(key)
            return row[i] if i is not None and i < len(row) else None

        def at(key):
            return f"{path.name} {sheet}!{get_column_letter(cols[key] + 1)}{r}"

        if all(v is None or str(v).strip() == "" for v in row):
            continue
        payer, payee = (clean_text(get("payer"))[0] or "").strip(), (clean_text(get("payee"))[0] or "").strip()
        if not payer or not payee:
            key = "payer" if not payer else "payee"
            problems.append(f"{at(key)}：请填写{'付款单位' if key == 'payer' else '收款单位'}。")
            continue
        if payer == payee:
            problems.append(f"{at('payer')}：付款单位和收款单位都是“{payer}”。单位付给自己的不是单位之间的往来，"
                       "请改为收款的单位，或删去这一行。")
            continue
        kind_text = norm_label(get("kind"))
        kind = _KIND_WORDS.get(kind_text)
        if kind is None:
            problems.append(f"{at('kind')}：类型“{get('kind') or ''}”无法识别，"
                       "请填写“对附属单位补助”或“附属单位上缴”。")
            continue
        akey = "amount" if "amount" in cols else "amount_yuan"
        amount, problem = parse_amount(get(akey))
        if amount is None or problem is not None or amount <= 0:
            problems.append(f"{at(akey)}：金额“{get(akey) if get(akey) is not None else ''}”应为大于 0 的数字。")
            continue
        if -amount.normalize().as_tuple().exponent > places:
            problems.append(f"{at(akey)}：金额“{get(akey)}”超过{'两' if places == 2 else '六'}位小数"
                       f"（{'元' if places == 2 else '万元'}最多{'两' if places == 2 else '六'}位小数）。"
                       "请按各单位工作簿中的账面数填写。")
            continue
        if akey == "amount_yuan":
            amount = amount.scaleb(schema.UNIT_SCALE[schema.UNIT_YUAN])
        codes = []
        for key in ("payer_code", "payee_code"):
            v = get(key)
            code = parse_code(v)[0] if v is not None and str(v).strip() else None
            codes.append(code or "")
        out.append(Transfer(payer, payee, kind, amount, codes[0], codes[1], f"{path.name} {sheet}!A{r}"))
    if problems:
        raise UnusableInput("internal_row", "\n".join(problems))
    return out


# (unit name, code, fund, column) -> amount 万元 taken off
Offsets = dict[tuple[str, str, str, str], Decimal]


def _offsets(units: list[Unit], transfers: list[Transfer], res: Consolidated) -> Offsets:
    """Each transfer's two sides, as amounts taken off a unit's line; a
    problem for a unit not in the department, a code not found, or a side
    whose line holds less than is listed against it."""
    by_name = {u.name.strip(): u for u in units}
    offsets: Offsets = {}
    for t in transfers:
        pay_col, get_col, label = TRANSFER_COLUMNS[t.kind]
        sides = ((t.payer, t.payer_code, pay_col, "付款单位"), (t.payee, t.payee_code, get_col, "收款单位"))
        for name, code, col, role in sides:
            u = by_name.get(name)
            if u is None:
                res.problems.append(f"{t.where}：{role}“{name}”不是要合并的单位之一"
                                    f"（{'、'.join(by_name)}）。请按各单位“单位信息”的单位名称填写。")
                continue
            lines = [ln for ln in u.wb.functional_items()
                     if ln.text("fund") == schema.FUND_OTHER and ln.amt(col) != 0
                     and (not code or ln.code == code)]
            header = schema.FUNCTIONAL.column(col).header
            if not lines:
                res.problems.append(f"{t.where}：{role}“{name}”（{u.path.name}）的支出功能分类中没有"
                                    f"{'科目 ' + code + ' ' if code else ''}非财政拨款资金行填了“{header}”，"
                                    f"无法抵消这笔{label} {_wan(t.amount)} 万元。请核对该单位的工作簿或内部往来的科目编码。")
                continue
            codes = sorted({ln.code for ln in lines})
            if len(codes) > 1:
                res.problems.append(f"{t.where}：{role}“{name}”在 {len(codes)} 个科目（{'、'.join(codes)}）"
                                    f"填了“{header}”，请在“{'付款方' if role == '付款单位' else '收款方'}科目编码”"
                                    "列写明这笔往来在哪个科目。")
                continue
            key = (name, codes[0], schema.FUND_OTHER, col)
            offsets[key] = offsets.get(key, ZERO) + t.amount
    if res.problems:
        return offsets
    for (name, code, fund, col), taken in offsets.items():
        u = by_name[name]
        lines = [ln for ln in u.wb.functional_items() if ln.code == code and ln.text("fund") == fund]
        booked = sum((ln.amt(col) for ln in lines), ZERO)
        if taken > booked:
            header = schema.FUNCTIONAL.column(col).header
            cells = "、".join(ln[col].where for ln in lines)
            res.problems.append(f"{u.path.name} {cells}：{name} 科目 {code} {fund}“{header}”为 {_wan(booked)} 万元，"
                                f"内部往来列出的抵消合计 {_wan(taken)} 万元，多于账面数。两边应一致：请核对内部往来的金额，"
                                "或该单位的工作簿。")
    return offsets


def _unmatched(units: list[Unit], offsets: Offsets) -> list[str]:
    """Notes where, after the offsets, the department still both pays and
    receives the same kind of transfer: perhaps one between its own units
    that 内部往来 does not list."""
    notes = []
    for pay_col, get_col, label in TRANSFER_COLUMNS.values():
        left = []
        for col in (pay_col, get_col):
            booked = sum((ln.amt(col) for u in units for ln in u.wb.functional_items()), ZERO)
            taken = sum((v for (_, _, _, c), v in offsets.items() if c == col), ZERO)
            left.append(booked - taken)
        if left[0] > 0 and left[1] > 0:
            pay, get = (schema.FUNCTIONAL.column(c).header for c in (pay_col, get_col))
            notes.append(f"抵消后部门仍有“{pay}” {_wan(left[0])} 万元和“{get}” {_wan(left[1])} 万元："
                         f"如其中有部门内单位之间的{label}，请列在“{INTERNAL_SHEET}”表中抵消（--internal）。")
    return notes


# ---------------------------------------------------------------- sums
def _wan(v: Decimal) -> str:
    """An amount (万元) for a message: thousands grouped, every digit kept."""
    from reportgen.core.fmt import money_as_entered
    return money_as_entered(v, 0)


def _common_unit(units: list[Unit]) -> str:
    kinds = {u.wb.amount_unit for u in units}
    return kinds.pop() if len(kinds) == 1 else schema.UNIT_WAN


def _shown(v: Decimal, amount_unit: str) -> Decimal:
    """万元 → the workbook's 金额单位, exactly."""
    return v.scaleb(-schema.UNIT_SCALE[amount_unit])


def _stated(c: Optional[Cell]) -> bool:
    return c is not None and not c.empty


FUNCTIONAL_KEY = tuple[str, str]   # (code, fund)


def functional_table(units: list[Unit]) -> "OrderedDict[FUNCTIONAL_KEY, dict[str, dict[str, Decimal]]]":
    """(code, fund) -> column -> unit name -> amount 万元, for every cell a
    unit stated, in code then fund order."""
    table: dict = {}
    for u in units:
        for ln in u.wb.functional_items():
            row = table.setdefault((ln.code, ln.text("fund")), {})
            for col in MONEY_COLUMNS:
                if _stated(ln.cells.get(col)):
                    cell = row.setdefault(col, {})
                    cell[u.name] = cell.get(u.name, ZERO) + ln.amt(col)
    funds = {f: i for i, f in enumerate(schema.FUNDS)}
    return OrderedDict(sorted(table.items(), key=lambda kv: (kv[0][0], funds.get(kv[0][1], 9), kv[0][1])))


def department_values(units: list[Unit], offsets: Offsets, department: str,
                      amount_unit: str) -> tuple[dict[str, object], list[str]]:
    """The department's workbook as ``init_workbook.write_filled`` takes it,
    amounts in ``amount_unit``; and notes for the clerk."""
    main = units[0]
    notes: list[str] = []

    def conv(v: Decimal) -> Decimal:
        return _shown(v, amount_unit)

    # 支出功能分类
    lines = []
    texts: dict[FUNCTIONAL_KEY, dict[str, str]] = {}
    for u in units:
        for ln in u.wb.functional_items():
            t = texts.setdefault((ln.code, ln.text("fund")), {})
            for key in ("name", "reason", "uses"):
                if ln.text(key) and key not in t:
                    t[key] = ln.text(key)
    off_by_line: dict[tuple[str, str, str], Decimal] = {}
    for (name, code, fund, col), v in offsets.items():
        off_by_line[(code, fund, col)] = off_by_line.get((code, fund, col), ZERO) + v
    for (code, fund), row in functional_table(units).items():
        rec: dict[str, object] = {"code": code, "fund": fund, **texts.get((code, fund), {})}
        for col, per_unit in row.items():
            rec[col] = conv(sum(per_unit.values(), ZERO) - off_by_line.get((code, fund, col), ZERO))
        lines.append(rec)

    # 基本支出经济分类
    econ: dict[str, dict[str, object]] = {}
    for u in units:
        for ln in u.wb.economic_items():
            rec = econ.setdefault(ln.code, {"code": ln.code, "amount": ZERO})
            if ln.text("name") and "name" not in rec:
                rec["name"] = ln.text("name")
            rec["amount"] += ln.amt("amount")
    economic = [{**r, "amount": conv(r["amount"])} for _, r in sorted(econ.items())]

    def keyed(decl, get, skip=()):
        out: dict[str, dict[str, object]] = {}
        for item in decl.rows:
            for col in decl.columns:
                if (item.key, col.key) in skip:
                    continue
                cells = [c for c in (get(u.wb).get(item.key, {}).get(col.key) for u in units) if _stated(c)]
                if not cells:
                    continue
                if item.kind == schema.INT:
                    v: object = sum(c.value for c in cells if isinstance(c.value, int))
                else:
                    v = conv(sum((c.value for c in cells if isinstance(c.value, Decimal)), ZERO))
                out.setdefault(item.key, {})[col.key] = v
        return out

    sangong = keyed(schema.SANGONG, lambda wb: wb.sangong)
    supplement = keyed(schema.SUPPLEMENT, lambda wb: wb.supplement,
                       skip={(k, "current") for k in COMPUTED_SUPPLEMENT})
    if offsets and supplement.get("total", {}).get("last_year") is not None:
        notes.append("补充数据“收支总计”上年数是各单位上年数之和，未抵消上年的内部往来；"
                     "如上年有内部往来，请在合并后的工作簿中改为上年部门决算的收支总计。")

    def records(lines_of, decl):
        keys = [c.key for c in decl.columns]
        out = []
        for u in units:
            for ln in lines_of(u.wb):
                rec = {}
                for k in keys:
                    c = ln.cells.get(k)
                    if c is None or c.empty:
                        continue
                    col = decl.column(k)
                    rec[k] = conv(c.value) if col.kind == schema.AMOUNT and col.money and \
                        isinstance(c.value, Decimal) else c.value
                out.append(rec)
        return out

    # the clerk's catalogue lines, the 本级's first, each (分类, code) once
    user_cat, seen = [], set()
    scheme_name = {"functional": "功能分类", "economic": "经济分类"}
    for u in units:
        for e in u.wb.user_catalogue:
            key = (e.scheme, e.code.value)
            if key in seen or e.code.empty:
                continue
            seen.add(key)
            user_cat.append({"scheme": scheme_name.get(e.scheme, e.scheme), "code": e.code.value,
                             "name": e.name.value, "explanation": e.explanation.value,
                             "group": e.group.value})

    info = {k: (None if c.empty else c.value) for k, c in main.wb.info.items()}
    info.update(unit=department, amount_unit=amount_unit)
    texts_main = {k: c.value for k, c in main.wb.texts.items() if not c.empty}
    if texts_main.pop("composition", None) is not None:
        # the 本级's text describes the 本级 alone: not the department's
        notes.append(composition_note(units))
    values: dict[str, object] = {
        schema.UNIT_INFO.name: info,
        schema.TEXTS.name: texts_main,
        schema.FUNCTIONAL.name: lines,
        schema.ECONOMIC.name: economic,
        schema.SANGONG.name: sangong,
        schema.SUPPLEMENT.name: supplement,
        schema.USER_CATALOGUE.name: user_cat,
        schema.PROJECTS.name: records(lambda wb: wb.projects, schema.PROJECTS),
        schema.RECEPTION.name: records(lambda wb: wb.receptions, schema.RECEPTION),
        schema.KEY_WORK.name: records(lambda wb: wb.key_work if wb is main.wb else [], schema.KEY_WORK),
        schema.UNITS.name: [{"name": u.name, "kind": u.kind or None,
                             "note": MAIN_SUFFIX if u.main else None} for u in units],
    }
    return values, notes


def composition_note(units: list[Unit]) -> str:
    """The note that the 本级's 部门决算单位构成 text was not carried."""
    return (f"本级“{schema.TEXTS.name}”中的“部门决算单位构成”说的是本级自己，没有带入部门工作簿："
            f"请在部门工作簿“{schema.TEXTS.name}”的“部门决算单位构成”中按纳入合并的 {len(units)} 个单位"
            f"（{'、'.join(u.name for u in units)}）填写。")


def _mark(wb, notes: Sequence[str]) -> None:
    """The department's workbook marked as consolidate's output (DEPT_MARK),
    and the consolidation's notes at the end of its 填表说明."""
    from reportgen.init_workbook import append_notes

    wb.properties.category = DEPT_MARK
    if notes:
        append_notes(wb[schema.INSTRUCTIONS_SHEET], "合并时的提示", notes)


# ---------------------------------------------------------------- writing
def _write(units, transfers, offsets, values, amount_unit, out: Path, department: str,
           options: Options, res: Consolidated) -> None:
    """Both files to temporary paths, the department's validated, then both
    moved into place together; on errors nothing is published."""
    from reportgen.build import output_fault
    from reportgen.init_workbook import write_filled

    proc = process_path(out)
    tmps: list[Path] = []
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        for target in (out, proc):
            fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".part.xlsx",
                                        dir=target.parent)
            os.close(fd)
            tmps.append(Path(name))
        write_filled(tmps[0], values, finish=lambda wb: _mark(wb, res.notes))
        _process_workbook(tmps[1], units, transfers, offsets, amount_unit, department, res.notes)
        r = check(tmps[0], options).result
        res.dept_result = r
        if r.errors or (options.strict and r.warnings):
            res.problems.append("合并后的部门工作簿未通过校验（见上），未写出任何文件。"
                                "请核对各单位的工作簿和内部往来。")
            return
        replace_together([(tmps[0], out), (tmps[1], proc)])
    except OSError as exc:
        raise output_fault(exc, out.parent) from exc
    finally:
        for t in tmps:
            t.unlink(missing_ok=True)
    res.outputs = [out, proc]


def _name(units: list[Unit], scheme: str, code: str) -> str:
    """A code's name in the first unit's catalogue that knows it (the 本级's
    first, with its 科目 sheet); '' when none does."""
    for u in units:
        e = getattr(u.checked.catalogues, scheme).lookup(code, u.wb.catalogue_year or 0)
        if e is not None:
            return e.name
    return ""


def _process_workbook(path: Path, units: list[Unit], transfers: list[Transfer], offsets: Offsets,
                      amount_unit: str, department: str, notes: Sequence[str] = ()) -> None:
    """The consolidation workbook: 说明 (units, which is 本级, the ``notes``), 内部往来抵消,
    and per sheet each line's per-unit figures, offsets and total, in
    ``amount_unit``."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    from reportgen.init_workbook import one_page_wide

    bold = Font(name="宋体", bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    fmt = "#,##0.00" if amount_unit == schema.UNIT_YUAN else "#,##0.00####"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    year = units[0].wb.year
    ws.append([f"{department} {year} 年度部门决算 合并过程"])
    ws["A1"].font = Font(name="宋体", bold=True, size=14)
    ws.append([f"金额单位：{amount_unit}。各表按行列出每个单位的数、内部往来抵消数和部门合计数："
               "部门合计 = 各单位之和 − 内部往来抵消。"])
    ws.append([])
    ws.append(["序号", "单位名称", "单位性质", "本级", "工作簿", "原金额单位"])
    for c in ws[ws.max_row]:
        c.font, c.fill = bold, fill
    for i, u in enumerate(units, start=1):
        ws.append([i, u.name, u.kind, "是" if u.main else "", str(u.path), u.wb.amount_unit])
    if notes:
        ws.append([])
        ws.append(["提示"])
        ws.cell(ws.max_row, 1).font = bold
        for n in notes:
            ws.append([n])
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 22
    ws.column_dimensions["E"].width = 50
    names = [u.name for u in units]

    def head(sheet, cols, widths=None):
        sheet.append(cols)
        for c in sheet[sheet.max_row]:
            c.font, c.fill = bold, fill
        for i, h in enumerate(cols, start=1):
            # a Chinese character takes about two width units
            w = (widths or {}).get(i) or min(40, max(12, 2 * len(str(h)) + 4))
            sheet.column_dimensions[get_column_letter(i)].width = w
        sheet.freeze_panes = "A2"

    def money(sheet, first_col):
        for row in sheet.iter_rows(min_row=2, min_col=first_col):
            for c in row:
                if isinstance(c.value, Decimal):
                    c.number_format = fmt

    conv = lambda v: _shown(v, amount_unit)  # noqa: E731
    # 内部往来抵消
    ws = wb.create_sheet("内部往来抵消")
    head(ws, ["付款单位", "收款单位", "类型", "金额", "付款方抵消的栏目", "收款方抵消的栏目", "来源"],
         {1: 24, 2: 24, 3: 16, 5: 22, 6: 22, 7: 36})
    for t in transfers:
        pay, get, label = TRANSFER_COLUMNS[t.kind]
        ws.append([t.payer, t.payee, label, conv(t.amount), schema.FUNCTIONAL.column(pay).header,
                   schema.FUNCTIONAL.column(get).header, t.where])
    if not transfers:
        ws.append(["（没有内部往来）"])
    money(ws, 4)

    # 支出功能分类
    ws = wb.create_sheet(schema.FUNCTIONAL.name)
    head(ws, ["科目编码", "科目名称", "资金性质", "栏目", *names, "内部往来抵消", "部门合计"],
         {2: 30, 3: 24, 4: 18})
    off_by_line: dict[tuple[str, str, str], Decimal] = {}
    for (_, code, fund, col), v in offsets.items():
        off_by_line[(code, fund, col)] = off_by_line.get((code, fund, col), ZERO) + v
    for (code, fund), row in functional_table(units).items():
        for col in MONEY_COLUMNS:
            if col not in row:
                continue
            per = row[col]
            off = off_by_line.get((code, fund, col), ZERO)
            ws.append([code, _name(units, "functional", code), fund, schema.FUNCTIONAL.column(col).header,
                       *[conv(per[n]) if n in per else None for n in names],
                       conv(off) if off else None, conv(sum(per.values(), ZERO) - off)])
    money(ws, 5)

    # 基本支出经济分类
    ws = wb.create_sheet(schema.ECONOMIC.name)
    head(ws, ["经济分类编码", "科目名称", *names, "部门合计"], {2: 30})
    econ: dict[str, dict[str, Decimal]] = {}
    for u in units:
        for ln in u.wb.economic_items():
            d = econ.setdefault(ln.code, {})
            d[u.name] = d.get(u.name, ZERO) + ln.amt("amount")
    for code, per in sorted(econ.items()):
        ws.append([code, _name(units, "economic", code), *[conv(per[n]) if n in per else None for n in names],
                   conv(sum(per.values(), ZERO))])
    money(ws, 3)

    for decl, get in ((schema.SANGONG, lambda wb: wb.sangong), (schema.SUPPLEMENT, lambda wb: wb.supplement)):
        ws = wb.create_sheet(decl.name)
        head(ws, ["项目", "栏目", *names, "部门合计"], {1: 30})
        for item in decl.rows:
            for col in decl.columns:
                cells = [get(u.wb).get(item.key, {}).get(col.key) for u in units]
                if not any(_stated(c) for c in cells):
                    continue
                vals = [c.value if _stated(c) and isinstance(c.value, (int, Decimal)) else None
                        for c in cells]
                if item.kind != schema.INT:
                    vals = [conv(v) if isinstance(v, Decimal) else None for v in vals]
                if decl is schema.SUPPLEMENT and item.key in COMPUTED_SUPPLEMENT and col.key == "current":
                    total: object = "由程序计算"
                elif item.kind == schema.INT:
                    total = sum(v for v in vals if v is not None)
                else:
                    total = sum((v for v in vals if v is not None), ZERO)
                ws.append([item.label, col.header, *vals, total])
        money(ws, 3)
    for sheet in wb.worksheets:
        one_page_wide(sheet)     # as the input workbook's 填表说明
    wb.properties.creator = "reportgen"
    wb.save(path)
