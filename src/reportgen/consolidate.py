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
the 本级 workbook, is used (with a note).  It is read by
``read.transfers`` and checked by the rules M101–M112
(``validate.transfers``, docs/rules.md): the clerk's mistakes in it are
findings naming their cell (``Consolidated.internal_result``), errors
refusing like the units' (exit 1).  A 对附属单位补助 of A to B is taken off
A's 对附属单位补助支出 and B's 上级补助收入; a 附属单位上缴 of A to B off A's
上缴上级支出 and B's 附属单位上缴收入, on the 非财政拨款资金 line of the code
named.  Both sides are checked: each unit's line must hold at least what
is listed against it.

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
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Optional, Sequence

from reportgen.build import Checked, Options, check
from reportgen.core import schema
from reportgen.core.errors import UnusableInput
from reportgen.core.model import Cell, Workbook
from reportgen.core.names import Names
from reportgen.core.safeio import part_file, replace_together, save_workbook
from reportgen.read.transfers import INTERNAL_SHEET, TRANSFER_COLUMNS, read_transfer_sheet
from reportgen.validate import ValidationResult
from reportgen.validate.findings import INFO
from reportgen.validate.transfers import Offsets, Transfer, check_transfers

ZERO = Decimal(0)
PROCESS_SUFFIX = "_合并过程"
# build --each writes the department into <输出文件夹>/<部门><EACH_SUFFIX>/<部门>.xlsx
EACH_SUFFIX = "_合并"
MAIN_SUFFIX = "本级"
# the department's workbook is marked so that a later run recognises it (its
# document property “类别”, kept when Excel or WPS saves the file); the
# 合并过程 workbook is recognised by its sheets
DEPT_MARK = "reportgen 部门合并工作簿"
PROCESS_SHEETS = ("说明", "内部往来抵消")
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
        """The unit's workbook as read (``checked.workbook``)."""
        return self.checked.workbook

    @property
    def name(self) -> str:
        """The unit's name (单位信息 单位名称)."""
        return self.wb.unit


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
    # unmarked department workbooks of an earlier run, found among the units and left out
    skipped: list[Path] = field(default_factory=list)
    # the 内部往来 list's findings (M1xx) when it holds errors: its path and result
    internal_result: Optional[tuple[Path, ValidationResult]] = None

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
    from reportgen.read.reader import check_file
    for p in [*paths, *([Path(main)] if main is not None else [])]:
        # a file that cannot be used (missing, unreadable, not .xlsx) stops at once, before any is checked
        check_file(p)
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
        res.problems.append(_too_few(paths))
    if main is not None and not any(_same_file(Path(main), p) for p in paths):
        res.problems.append(f"--main 指定的 {main} 不在要合并的工作簿中。请把本级单位的工作簿也列在命令中。")
    if res.problems:
        return res
    # the list of transfers is read first: a file that cannot be used stops at once
    sheet = read_transfer_sheet(Path(internal)) if internal is not None else None

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
    units = _without_old_departments(units, department, res)
    if len(units) < 2:
        res.problems.append(_too_few([u.path for u in units]))
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
        sheet = read_transfer_sheet(units[0].path)
        res.notes.append(f"已使用本级工作簿 {units[0].path} 中“{INTERNAL_SHEET}”表列出的 {len(sheet.rows)} 笔"
                         "内部往来抵消（未用 --internal 指定）。")
    checked = check_transfers(sheet, units, options.tolerance)
    if not checked.ok:
        res.internal_result = (sheet.path, checked.result)
        res.problems.append(f"内部往来 {sheet.path} 有错误（见上），未合并。请改正后重新合并。")
        return res
    transfers, offsets = checked.transfers, checked.offsets
    res.notes += [f"{f.message}。{f.fix}" for f in checked.result.findings if f.severity == INFO]
    amount_unit = _common_unit(units)
    if len({u.wb.amount_unit for u in units}) > 1:
        res.notes.append("各单位的金额单位不同（" + "、".join(f"{u.name} {u.wb.amount_unit}" for u in units)
                         + f"），部门工作簿一律按{amount_unit}填写（精确换算，不丢位数）。")
    values, notes = department_values(units, offsets, department, amount_unit)
    res.notes += notes
    _write(units, transfers, offsets, values, amount_unit, out, department, options, res)
    return res


def _too_few(paths: Sequence[Path]) -> str:
    """The problem of fewer than two units' workbooks, naming the one there is."""
    if not paths:
        return "没有单位的工作簿可以合并（给出的文件都是内部往来或以前合并写出的工作簿）。合并至少需要两个单位的工作簿。"
    return f"只有一个单位的工作簿（{paths[0]}）。合并至少需要两个单位的工作簿：请把部门所属各单位的工作簿都列出或放在文件夹中。"


# files a clerk may mean as a unit's workbook that are no .xlsx: named when a folder holds them
OTHER_SHEETS = (".xls", ".xlsm", ".xlsb", ".et", ".ods", ".csv", ".wps")


def other_spreadsheets(folder: Path) -> list[Path]:
    """Spreadsheet files under ``folder`` that are not .xlsx (an old .xls,
    WPS .et, .ods, .csv …): a folder of units is read for .xlsx only, so a
    unit saved in another format would be left out of the department."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.lower().endswith(OTHER_SHEETS) and not name.startswith(("~$", ".")):
                out.append(Path(root) / name)
    return sorted(out)


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


_TRANSFER_COLS = frozenset(c for pay, get, _ in TRANSFER_COLUMNS.values() for c in (pay, get))


def _line_sums(units: Sequence[Unit]) -> dict[tuple[str, str, str], Decimal]:
    """(code, fund, column) -> the units' amounts summed (万元), zeros left
    out, the columns internal transfers are offset from left out."""
    out: dict[tuple[str, str, str], Decimal] = {}
    for u in units:
        for ln in u.wb.functional_items():
            for col in MONEY_COLUMNS:
                if col not in _TRANSFER_COLS and ln.amt(col):
                    key = (ln.code, ln.text("fund"), col)
                    out[key] = out.get(key, ZERO) + ln.amt(col)
    return {k: v for k, v in out.items() if v}


def _without_old_departments(units: list[Unit], department: str, res: Consolidated) -> list[Unit]:
    """``units`` without a department workbook an earlier run wrote before
    the workbooks were marked (DEPT_MARK): a workbook whose 单位构成 lists at
    least two of the other units given, and whose every 支出功能分类 line and
    column equals those units' sum (the transfer columns aside, which the
    offsets change) is their consolidation: it is left out, with a note, and
    listed in ``res.skipped``.  One that lists them but is not their sum is
    kept (a 本级 may list its department); when its 单位名称 is the
    department's, or a 合并过程 workbook stands beside it, a note warns that
    it may be counted twice."""
    kept = []
    for u in units:
        listed = {ln.text("name").strip() for ln in u.wb.units if ln.text("name")}
        members = [o for o in units if o is not u and o.name.strip() in listed]
        if len(members) < 2:
            kept.append(u)
            continue
        names = "、".join(o.name for o in members)
        own = _line_sums([u])
        if own and own == _line_sums(members):
            res.skipped.append(u.path)
            res.notes.append(f"{u.path} 是以前合并写出的部门工作簿（没有合并标记，但“单位构成”列出的 {names} "
                             "都在本次合并中，且它的支出功能分类各科目、各栏目都等于这些单位之和），"
                             "不是单位的工作簿，已跳过。")
            continue
        kept.append(u)
        if u.name.strip() == department.strip() or process_path(u.path).exists():
            res.notes.append(f"请确认 {u.path}：它的“单位构成”列出了本次合并的 {names}，单位名称为"
                             f"“{u.name}”，可能是以前合并写出的部门工作簿（但它的数不等于这些单位之和）。"
                             "已当作单位合并；如它是部门工作簿，请把它移出单位文件夹后重新合并，否则部门合计会重复计算。")
    return kept


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


# ---------------------------------------------------------------- sums
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
    from reportgen.core.safeio import unwritable
    from reportgen.init_workbook import write_filled

    proc = process_path(out)
    tmps: list[Path] = []
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        for target in (out, proc):
            # named with this process's id: a killed run's are removed by the next
            tmps.append(part_file(target, ".part.xlsx"))
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
        # the message of build and init (core.safeio.unwritable), naming the output
        raise unwritable(exc, out.parent, out) from exc
    finally:
        for t in tmps:
            t.unlink(missing_ok=True)
    res.outputs = [out, proc]


def _name(units: list[Unit], scheme: str, code: str) -> str:
    """A code's name in the first unit's catalogue that knows it (the 本级's
    first, with its 科目 sheet), by the one resolver (``core.names.Names``);
    '' when none does."""
    for u in units:
        name = Names(getattr(u.checked.catalogues, scheme), u.wb.catalogue_year or 0)(code)
        if name:
            return name
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
    save_workbook(wb, path)
