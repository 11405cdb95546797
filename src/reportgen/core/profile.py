"""Template profiles: which tables appear, in which order, under which titles.

A profile is a folder (``templates/<name>/``) holding

* ``profile.toml`` — one ``[[table]]`` block per output sheet, in output order::

      [[table]]
      id = "t1"                      # computed table: t1 … t9
      sheet = "收入支出决算总表"       # sheet of tables.xlsx holding its layout
      name = "表1"                    # output sheet name
      title = "{{ year }}年度收入支出决算总表（表1）"
      # any table: printed when it has no data (the table's ``empty``)
      absent_note = "说明:{{ year }}年度{{ unit }}没有政府性基金。"
      class_rows = "2022"            # t1/t4: the set of 类 rows (catalogues/class_rows.tsv)
      always = ["301", "31001"]      # t6: rows from the catalogue, these always
      place = "决算表"               # or "附表": the Word document prints it after the text
      form = "收入支出"               # t8 only: 支出 (default) or 收入支出

  and ``[format]`` (percent_decimals, percent_trim, thousands, table_numbering).

* ``tables.xlsx`` — the layouts, edited in Excel (see ``render/xlsx.py``).

A region copies the folder and edits it.  Everything is checked here, before
any figure is computed, and every problem is reported at once, in Chinese,
naming the file, the line (``line_of``) and the key.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import jinja2
from jinja2 import meta

from reportgen.core.errors import TemplateError
from reportgen.core.jinja import jinja_reason, shared_env

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PROFILE_FILE = "profile.toml"
TABLES_FILE = "tables.xlsx"
# the data sets beyond the nine a [[table]] id may name (compute/tables.py extra_tables)
DATA_SETS = {
    "projects": "项目支出决算表",
    "sangong_operation": "“三公”经费及机关运行经费表",
    "procurement": "政府采购情况表",
    "assets": "国有资产占有使用情况表",
    "general_spending": "一般性支出（会议费、培训费）表",
}
TABLE_IDS = (*(f"t{i}" for i in range(1, 10)), *DATA_SETS)
# place: where the Word document prints a table — in 决算表 (the tables part) or
# as 附表 after the text; form: t8 as 支出 (合计/基本/项目) or 收入支出 (年初结转和结余/收入/支出/年末)
PLACES = ("决算表", "附表")
T8_FORMS = ("支出", "收入支出")
# [document]: the Word document's layout; [fonts], [word_tables]: its faces and
# its tables' look (checked by render/docx.py)
TOP_KEYS = ("description", "names", "charts", "table", "document", "fonts", "word_tables",
            "format", "annex_title")
# [words]: the words of the document's sentences a clerk may reword
TOP_KEYS += ("words", "labels")
# [selfeval]: the layout sheets of selfeval.xlsx (checked by render/performance_xlsx.py)
TOP_KEYS += ("selfeval",)
# [names]: output file names, patterns of {unit} and {year}; ``folder`` the
# report's own folder in the output folder (no suffix; a profile that leaves
# it out takes the default profile's)
NAME_KEYS = {"tables": ".xlsx", "document": ".docx", "performance": ".xlsx", "folder": ""}
NAME_FIELDS = frozenset({"unit", "year"})
# [charts]: 图1–图4; fig1 and fig4 compare two series over two years
CHART_KEYS = ("colours", "year_label", "axis_unit", "empty", "slice_label", "fig1", "fig2", "fig3",
              "fig4")
# what [charts] slice_label (a pie's legend line) may use
SLICE_FIELDS = frozenset({"name", "amount", "unit", "share"})
CHART_SERIES = {"fig1": 2, "fig2": 0, "fig3": 0, "fig4": 2}
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
DEFAULT_PROFILE = "default"
REQUIRED_KEYS = ("id", "sheet", "name", "title")
TABLE_KEYS = (*REQUIRED_KEYS, "absent_note", "class_rows", "always", "place", "form")
# keys that only some tables take: key -> the table ids
TABLE_ONLY = {"class_rows": ("t1", "t4"), "always": ("t6",), "form": ("t8",)}
# what a title or absent_note may use (the sheet context before any row);
# ``number``: the table's number as [format] table_numbering writes it
TITLE_VARIABLES = frozenset({"unit", "year", "t", "n", "number"})
# [format]: how numbers become text in the document (core/fmt.py)
FORMAT_KEYS = ("percent_decimals", "percent_trim", "thousands", "table_numbering")
# [words] keys, the fields of Words: the comparison words and a list's joints
WORD_KEYS = ("increase", "decrease", "rise", "fall", "same", "rate_sep", "list_and", "list_sep",
             "yes", "no", "more", "less", "document_title", "amount_unit", "project_suffix",
             "finance_level")
# [labels] keys: the names of 表1's 收入 rows, 财政拨款收入 as one source, the kinds of 支出
LABEL_KEYS = ("general", "gov", "soe", "income_superior", "income_business", "income_operating",
              "income_affiliated", "income_other", "fiscal", "exp_basic", "exp_project",
              "exp_remit", "exp_operating", "exp_subsidy",
              # the parts of 收入总计 and 支出总计 in 情况说明 (total.income_parts, expense_parts)
              "income_total", "use_balance", "carry_begin", "expense_total", "distribution",
              "carry_end")
TABLE_NUMBERINGS = ("表1", "一、")
MAX_PERCENT_DECIMALS = 4
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class TableSpec:
    """One ``[[table]]`` of profile.toml: the computed table ``id`` (t1…t9), the layout
    ``sheet`` of tables.xlsx, the output sheet ``name``, the ``title`` and
    the ``absent_note`` (printed when the table is empty), both Jinja text of
    {{ unit }}, {{ year }} and {{ number }}; ``class_rows``, ``always`` and the
    table's ``number`` as described in the fields below."""

    id: str
    sheet: str
    name: str
    title: str
    absent_note: str = ""
    # t1/t4: the named set of expenditure 类 rows (catalogues/class_rows.tsv);
    # "": every 类 of the catalogue edition of the report year
    class_rows: str = ""
    # t6: None, the fixed 2022 rows; else rows from the catalogue, these
    # 经济分类 codes (类: with all its 款) printed even without an amount
    always: Optional[tuple[str, ...]] = None
    # the table's number in profile order (1, 2, …) and as table_numbering writes it
    index: int = 0
    number: str = ""

    place: str = PLACES[0]
    form: str = ""

    @property
    def data(self) -> str:
        """The data set of the report this table shows: its ``id``, or
        ``t8_flow`` for t8 in the 收入支出 form."""
        return "t8_flow" if self.id == "t8" and self.form == T8_FORMS[1] else self.id

    @property
    def annex(self) -> bool:
        """The Word document prints this table as 附表 after the text."""
        return self.place == PLACES[1]


@dataclass(frozen=True)
class FormatSpec:
    """The profile's ``[format]``: percentages rounded half-up to
    ``percent_decimals`` places, trailing zeros dropped when ``percent_trim``
    (10.0% -> 10%); amounts in the document's text with thousands separators
    (``thousands`` True: 1,715.06), without (False: 1715.06) or, None, as each
    sentence of the template has it (the 2022 reference's mix); tables
    numbered “表1” or “一、” (``table_numbering``)."""

    percent_decimals: int = 1
    percent_trim: bool = True
    thousands: Optional[bool] = None
    table_numbering: str = TABLE_NUMBERINGS[0]
    # the profile's [words] (None: the default profile's), for the filters
    words: Optional["Words"] = None


@dataclass(frozen=True)
class Words:
    """The profile's ``[words]``: the year-on-year words the ``change``
    filter writes — ``increase``/``decrease`` before the amount,
    ``rise``/``fall`` before the rate (after ``rate_sep``), ``same`` when
    nothing changed — and
    the joints of a list (``join_cn``): ``list_sep`` between the items,
    ``list_and`` before the last; ``yes``/``no``: a yes-or-no figure in a
    table cell; ``more``/``less``: 决算 against its budget;
    ``document_title``: the Word file's title property, a pattern of {unit}
    and {year} (``title_of``); ``amount_unit``: the unit after the amount
    of a change (the ``change`` filter); ``project_suffix``: the word a
    project's title ends with (added to a name without it);
    ``finance_level``: the 财政级次 名词解释 names when the clerk left it
    blank.  A key a profile
    leaves out is the default
    profile's (``default_words``)."""

    increase: str
    decrease: str
    rise: str
    fall: str
    same: str
    rate_sep: str
    list_and: str
    list_sep: str
    yes: str
    no: str
    more: str
    less: str
    document_title: str
    amount_unit: str
    project_suffix: str
    finance_level: str
    # the profile's [labels]: (key, name) of each LABEL_KEYS row
    labels: tuple[tuple[str, str], ...] = ()

    def title_of(self, unit: str, year: int) -> str:
        """``document_title`` with {unit} and {year} filled in."""
        return self.document_title.replace("{unit}", unit).replace("{year}", str(year))

    def label(self, key: str) -> Optional[str]:
        """The [labels] name of row ``key``, or None when it has none."""
        return dict(self.labels).get(key)


def table_number(index: int, numbering: str) -> str:
    """The k-th table's number: 表1 style -> '表3'; 一、 style -> '三、'."""
    if numbering == TABLE_NUMBERINGS[1]:
        from reportgen.core.jinja import chinese_number
        return f"{chinese_number(index)}、"
    return f"表{index}"


@dataclass(frozen=True)
class ChartSpec:
    """One chart of 情况说明: the title drawn on it and, for the bar charts
    (fig1, fig4), the names of its two series."""

    title: str
    series: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartsSpec:
    """The profile's ``[charts]``: bar and slice ``colours`` (#RRGGBB, in
    order), the year category label (``year_label``, a pattern of {year}),
    the value axis unit, the text of an empty pie, fig1 … fig4, and a pie's
    legend line (``slice_label``, a pattern of {name}, {amount}, {unit} and
    {share}; a profile leaving it out takes the default profile's).  The
    share is written as the profile's ``[format]`` writes a percentage
    (``percent_decimals``, ``percent_trim``, copied here from it)."""

    colours: tuple[str, ...]
    year_label: str
    axis_unit: str
    empty: str
    figures: dict[str, ChartSpec]
    slice_label: str
    percent_decimals: int = 1
    percent_trim: bool = True


@dataclass(frozen=True)
class Profile:
    """A checked template profile: the tables in output order, the output
    file name patterns (``names``: tables, document, performance → a
    pattern of {unit} and {year}; ``folder`` the pattern of the report's own
    folder), the charts and the [document] section."""

    name: str
    folder: Path
    tables: tuple[TableSpec, ...]
    description: str = ""
    # the [document] section as written (parts, sections, toc); checked by
    # narrative.layout() when the document is rendered.  None: built-in layout.
    document: Optional[dict] = None
    names: Optional[dict[str, str]] = None
    charts: Optional[ChartsSpec] = None
    # [fonts] and [word_tables] as written; None: the template's own
    fonts: Optional[dict] = None
    word_tables: Optional[dict] = None
    format: FormatSpec = FormatSpec()
    # the heading over the 附表 (tables with place = "附表"), after the text
    annex_title: str = ""
    # [selfeval] as written: selfeval.xlsx's sheet of each 绩效自评表 layout
    # (unit, project, transfer); None: the default profile's
    selfeval: Optional[dict] = None

    @property
    def toml_path(self) -> Path:
        """The profile's profile.toml."""
        return self.folder / PROFILE_FILE

    @property
    def xlsx_path(self) -> Path:
        """The profile's tables.xlsx."""
        return self.folder / TABLES_FILE


def project_root(start: Optional[Path] = None) -> Optional[Path]:
    """The nearest folder above the package that holds ``templates/``."""
    here = (start or Path(__file__)).resolve()
    for folder in here.parents:
        if (folder / "templates").is_dir():
            return folder
    return None


def _resolve(name_or_path: str) -> Path:
    text = str(name_or_path).strip()
    if not text:
        raise TemplateError("未指定模板方案。")
    p = Path(text).expanduser()
    plain_name = len(p.parts) == 1 and not p.is_absolute()
    searched = []
    # a bare name is a folder of templates/ first, so a stray folder of the
    # same name in the working directory does not shadow the bundled profile
    if plain_name:
        root = project_root()
        if root is not None:
            cand = root / "templates" / text
            searched.append(str(cand))
            if cand.is_dir():
                return cand
    if p.is_file() and p.name == PROFILE_FILE:
        return p.parent
    if p.is_dir():
        return p
    searched.append(str(p.resolve()))
    raise TemplateError(f"找不到模板方案“{text}”（已查找：{'；'.join(searched)}）。")


# a profile's files are small; larger ones are refused before they are read
MAX_PROFILE_FILE_BYTES = {PROFILE_FILE: 1024 * 1024, TABLES_FILE: 50 * 1024 * 1024}


def _check_size(path: Path) -> None:
    """Refuse a profile file larger than its cap, before reading it."""
    limit = MAX_PROFILE_FILE_BYTES.get(path.name)
    if limit is not None and path.is_file() and path.stat().st_size > limit:
        raise TemplateError(f"模板文件 {path} 过大（超过 {limit // 1024 // 1024} MB），不像是模板，已拒绝读取。")


def load_profile(name_or_path: str) -> Profile:
    """Read and check a profile; raises TemplateError listing every problem."""
    folder = _resolve(name_or_path)
    toml_path = folder / PROFILE_FILE
    xlsx_path = folder / TABLES_FILE
    if not toml_path.is_file():
        raise TemplateError(f"模板方案文件夹 {folder} 中没有 {PROFILE_FILE}。")
    _check_size(toml_path)
    _check_size(xlsx_path)
    try:
        text = read_toml_text(toml_path)
    except UnicodeDecodeError as exc:
        raise TemplateError(f"模板配置 {toml_path} 不是 UTF-8 编码的文本（可能存成了 GBK/ANSI）。"
                            "请用记事本打开，“另存为”时编码选 UTF-8 后保存。") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(toml_error(toml_path, text, exc)) from exc
    sheets = _sheet_names(xlsx_path)

    problems: list[str] = []
    where = f"模板配置 {toml_path}"
    for key in data:
        if key not in TOP_KEYS:
            problems.append(f"{where}：未知的键“{key}”（可用：{'、'.join(TOP_KEYS)}）。")
    description = data.get("description", "")
    if not isinstance(description, str):
        problems.append(f"{where}：键“description”应为文字。")
        description = ""
    blocks = data.get("table")
    if not isinstance(blocks, list) or not blocks or not all(isinstance(b, dict) for b in blocks):
        problems.append(f"{where}：缺少 [[table]] 段，至少要列出一张表。")
        blocks = []

    env = shared_env()
    specs: list[TableSpec] = []
    seen: dict[str, dict[str, int]] = {"id": {}, "sheet": {}, "name": {}}
    for k, block in enumerate(blocks, start=1):
        at = f"{where} 第 {k} 个 [[table]]"
        bad = len(problems)
        for key in block:
            if key not in TABLE_KEYS:
                problems.append(f"{at}：未知的键“{key}”（可用：{'、'.join(TABLE_KEYS)}）。")
        for key in REQUIRED_KEYS:
            if key not in block:
                problems.append(f"{at}：缺少键“{key}”。")
        for key in TABLE_KEYS:
            if key == "always":
                if key in block and (not isinstance(block[key], list) or not all(
                        isinstance(c, str) and c.isdigit() and len(c) in (3, 5) for c in block[key])):
                    problems.append(f"{at}：键“always”应为经济分类科目编码（3 位类或 5 位款）的列表，"
                                    f"如 [\"301\", \"31001\"]。")
            elif key in block and not isinstance(block[key], str):
                problems.append(f"{at}：键“{key}”应为文字（用引号括起）。")
        if len(problems) > bad:
            continue
        tid, sheet, name = block["id"], block["sheet"], block["name"]
        if tid not in TABLE_IDS:
            problems.append(f"{at}：键“id”的值“{tid}”不是已知的表（可用：{'、'.join(TABLE_IDS)}）。")
        if sheet not in sheets:
            problems.append(f"{at}：键“sheet”指向的工作表“{sheet}”在 {xlsx_path} 中不存在"
                            f"（现有：{'、'.join(sheets)}）。")
        problems += [f"{at}：键“name”{p}" for p in _sheet_name_problems(name)]
        for key, value in (("id", tid), ("sheet", sheet), ("name", name.lower())):
            if value in seen[key]:
                problems.append(f"{at}：键“{key}”的值“{block[key]}”与第 {seen[key][value]} 个"
                                f" [[table]] 重复。")
            seen[key].setdefault(value, k)
        for key, ids in TABLE_ONLY.items():
            if key in block and tid not in ids:
                problems.append(f"{at}：键“{key}”只用于 {'、'.join(ids)}。")
        class_rows = block.get("class_rows", "")
        if class_rows:
            from reportgen.core.catalogue import class_row_sets
            sets = class_row_sets()
            if class_rows not in sets:
                problems.append(f"{at}：键“class_rows”的值“{class_rows}”不是已知的类行集"
                                f"（可用：{'、'.join(sets)}）。")
        for key in ("title", "absent_note"):
            if key in block:
                problems += [f"{at}：键“{key}”{p}" for p in _template_problems(env, block[key])]
        if block.get("place", PLACES[0]) not in PLACES:
            problems.append(f"{at}：键“place”的值“{block['place']}”不可用（可用：{'、'.join(PLACES)}）。")
        if tid == "t8" and block.get("form", T8_FORMS[0]) not in T8_FORMS:
            problems.append(f"{at}：键“form”的值“{block['form']}”不可用（可用：{'、'.join(T8_FORMS)}）。")
        specs.append(TableSpec(tid, sheet, name, block["title"], block.get("absent_note", ""),
                               class_rows, tuple(block["always"]) if "always" in block else None,
                               index=k, place=block.get("place", PLACES[0]),
                               form=block.get("form", "")))
    annex_title = data.get("annex_title", "")
    if not isinstance(annex_title, str):
        problems.append(f"{where}：键“annex_title”应为文字（用引号括起）。")
        annex_title = ""
    names = _names(data, where, problems, folder)
    charts = _charts(data, where, problems, folder)
    form = _format(data, where, problems)
    form = dataclasses.replace(form, words=_words(data, where, problems, folder))
    specs = [dataclasses.replace(t, number=table_number(t.index, form.table_numbering))
             for t in specs]
    document = data.get("document")
    if document is not None and not isinstance(document, dict):
        problems.append(f"{where}：[document] 应为一段设置（[document]）。")
    if problems:
        raise TemplateError(with_lines("\n".join(problems), toml_path))
    if charts is not None:   # a pie's share written as [format] writes a percentage
        charts = dataclasses.replace(charts, percent_decimals=form.percent_decimals,
                                     percent_trim=form.percent_trim)
    return Profile(name=folder.name, folder=folder, tables=tuple(specs), description=description,
                   document=document, names=names, charts=charts,
                   fonts=data.get("fonts"), word_tables=data.get("word_tables"), format=form,
                   annex_title=annex_title, selfeval=data.get("selfeval"))


def as_written(value) -> str:
    """A profile.toml value as the clerk wrote it, for “（现为 …）”: text in
    double quotes marked （文字）, true/false, numbers and lists in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"（文字）'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(as_written(v).removesuffix("（文字）") for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {as_written(v).removesuffix('（文字）')}"
                                for k, v in value.items()) + " }"
    return str(value)


def _unknown_keys(raw: dict, keys, at: str, problems: list[str]) -> None:
    """A problem for each key of the section ``raw`` (named ``at``) not in ``keys``."""
    for key in raw:
        if key not in keys:
            problems.append(f"{at}：未知的键“{key}”（可用：{'、'.join(keys)}）。")


def _section(raw, keys, at: str, problems: list[str]) -> Optional[dict]:
    """``raw``, the section named ``at``, with a problem for each key not in
    ``keys``; None, with a problem, when it is not a section (a table)."""
    if not isinstance(raw, dict):
        problems.append(f"{at} 应为一段设置。")
        return None
    _unknown_keys(raw, keys, at, problems)
    return raw


def _format(data: dict, where: str, problems: list[str]) -> FormatSpec:
    """The [format] section checked; absent: the 2022 reference's style."""
    raw = data.get("format")
    if raw is None:
        return FormatSpec()
    at = f"{where} [format]"
    raw = _section(raw, FORMAT_KEYS, at, problems)
    if raw is None:
        return FormatSpec()
    out = FormatSpec()
    places = raw.get("percent_decimals", out.percent_decimals)
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= MAX_PERCENT_DECIMALS:
        problems.append(f"{at}：键“percent_decimals”应为 0 到 {MAX_PERCENT_DECIMALS} 的整数"
                        f"（现为 {as_written(places)}）。")
        places = out.percent_decimals
    flags = {}
    for key in ("percent_trim", "thousands"):
        value = raw.get(key, getattr(out, key))
        if value is not None and not isinstance(value, bool):
            problems.append(f"{at}：键“{key}”应为 true 或 false（现为 {as_written(value)}）。")
            value = getattr(out, key)
        flags[key] = value
    numbering = raw.get("table_numbering", out.table_numbering)
    if numbering not in TABLE_NUMBERINGS:
        problems.append(f"{at}：键“table_numbering”应为{'或'.join(f'“{n}”' for n in TABLE_NUMBERINGS)}"
                        f"（现为 {as_written(numbering)}）。")
        numbering = out.table_numbering
    return FormatSpec(places, flags["percent_trim"], flags["thousands"], numbering)


def _words(data: dict, where: str, problems: list[str], folder: Optional[Path] = None) -> Words:
    """The [words] section checked; a key left out is the default profile's
    (the default profile itself must give every key)."""
    at = f"{where} [words]"
    raw = _section(data.get("words", {}), WORD_KEYS, at, problems) or {}
    own = folder is None or _is_default(folder)
    base = None if own else default_words()
    values = {}
    labels = _labels(data, where, problems, base)
    for key in WORD_KEYS:
        value = _text_key(raw, key, None if base is None else getattr(base, key), at, problems)
        if key == "document_title" and (set(re.findall(r"\{(\w*)\}", value)) - NAME_FIELDS
                                        or "{" in re.sub(r"\{(\w*)\}", "", value)):
            problems.append(f"{at}：键“{key}”的“{value}”只能用 {{unit}} 和 {{year}}。")
        values[key] = value
    return Words(**values, labels=labels)


def _labels(data: dict, where: str, problems: list[str], base: Optional[Words]):
    """The [labels] section checked, as (key, name) pairs in LABEL_KEYS
    order; a key left out is ``base``'s (the default profile's; None: the
    default profile itself, which must give every key)."""
    at = f"{where} [labels]"
    raw = _section(data.get("labels", {}), LABEL_KEYS, at, problems) or {}
    out = []
    for key in LABEL_KEYS:
        out.append((key, _text_key(raw, key, None if base is None else base.label(key), at,
                                   problems, blank=False)))
    return tuple(out)


def _text_key(raw: dict, key: str, default: Optional[str], at: str, problems: list[str],
              blank: bool = True) -> str:
    """The text of ``key`` in the section ``raw`` (named ``at``), or
    ``default`` (the default profile's; None: there is none) where it is left
    out.  Missing, not text, or (unless ``blank``) blank: a problem, and
    ``default`` or ""."""
    value = raw.get(key, default)
    if value is None:
        problems.append(f"{at}：缺少键“{key}”。")
        return ""
    if not isinstance(value, str) or (not blank and not value.strip()):
        problems.append(f"{at}：键“{key}”应为文字（用引号括起，现为 {as_written(value)}）。")
        return default or ""
    return value


def _is_default(folder: Path) -> bool:
    root = project_root()
    return root is not None and folder.resolve() == (root / "templates" / DEFAULT_PROFILE).resolve()


@lru_cache(maxsize=None)
def default_words() -> Words:
    """The default profile's ``[words]`` (templates/default/profile.toml):
    the words of a profile that leaves them out, and of the filters when no
    profile is given.  Raises TemplateError when that section is missing a
    key or is not valid."""
    root = project_root()
    toml_path = (root or Path(".")) / "templates" / DEFAULT_PROFILE / PROFILE_FILE
    try:
        text = read_toml_text(toml_path)
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"读不出默认模板配置 {toml_path}（{exc}）。") from exc
    problems: list[str] = []
    words = _words(data, f"模板配置 {toml_path}", problems)
    if problems:
        raise TemplateError(with_lines("\n".join(problems), toml_path))
    return words


# a table header of profile.toml: [names], [charts.fig1], [[table]], [[document.parts]]
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(#.*)?$")
# where a message of this module (or of the checks of [document], [fonts],
# [word_tables]) points: the k-th array table, a [section], the key, a value
_AT_ARRAY = re.compile(r"第 (\d+) 个 \[\[([\w.]+)\]\]")
_AT_TABLE = re.compile(r"\[([\w]+)\](?:\.(\w+))?")
_AT_KEY = (re.compile(r"键“([\w-]+)”"), re.compile(r"\] ([A-Za-z_]\w*) 应为"))
_AT_VALUE = re.compile(r"第 \d+ 节：“([^”]*)”")


def _blocks(text: str) -> dict[tuple[str, int], tuple[int, int]]:
    """The tables of a TOML text by (name, ordinal) -> (first line, end line),
    0-based; the top level is ("", 0), a [section] (name, 0), the k-th [[array]]
    (name, k)."""
    lines = text.splitlines()
    out: dict[tuple[str, int], tuple[int, int]] = {}
    counts: dict[str, int] = {}
    current, start = ("", 0), 0
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if not m:
            continue
        out.setdefault(current, (start, i))
        name = m.group(2)
        if m.group(1) == "[[":
            counts[name] = counts.get(name, 0) + 1
            current = (name, counts[name])
        else:
            current = (name, 0)
        start = i
    out.setdefault(current, (start, len(lines)))
    return out


def line_of(text: str, message: str) -> Optional[int]:
    """The line (1-based) of ``text`` (a profile.toml) a problem ``message``
    points at: the table it names (“第 3 个 [[table]]”, “[format]”,
    “[charts].fig1”), in it the line of the key it names (键“…”) or of the
    value it quotes (a section “…”); the table's header line when the key is
    not written there; None when the message names no table or key found."""
    blocks = _blocks(text)
    lines = text.splitlines()
    m = _AT_ARRAY.search(message)
    if m:
        block = (m.group(2), int(m.group(1)))
    else:
        t = _AT_TABLE.search(message)
        block = ((f"{t.group(1)}.{t.group(2)}" if t.group(2) else t.group(1)), 0) if t else ("", 0)
    if block not in blocks:
        return None
    first, end = blocks[block]
    value = _AT_VALUE.search(message)
    if value and value.group(1):
        for i in range(first, end):
            if f'"{value.group(1)}"' in lines[i] or f"'{value.group(1)}'" in lines[i]:
                return i + 1
    for pattern in _AT_KEY:
        k = pattern.search(message)
        if k:
            key = re.compile(rf"^\s*[\"']?{re.escape(k.group(1))}[\"']?\s*=")
            for i in range(first, end):
                if key.match(lines[i]):
                    return i + 1
            # a key of an inline section: { key = "…" } on a line of its own
            inline = re.compile(rf"[{{,]\s*{re.escape(k.group(1))}\s*=")
            for i in range(first, end):
                if inline.search(lines[i]):
                    return i + 1
            # a top-level key written as a table: [fontz], [[tabel]], [fontz.x]
            if block == ("", 0):
                for i, line in enumerate(lines):
                    h = _HEADER.match(line)
                    if h and h.group(2).split(".")[0] == k.group(1):
                        return i + 1
            break
    return first + 1 if block != ("", 0) else None


def read_toml_text(toml_path: Path) -> str:
    """The text of a profile.toml, UTF-8; the byte-order mark Notepad puts
    at the start of a UTF-8 file is dropped.  Raises UnicodeDecodeError for
    a file in another encoding (GBK …), OSError when it cannot be read."""
    return Path(toml_path).read_bytes().decode("utf-8-sig")


# tomllib's (English) reasons, and what they mean for the clerk
_TOML_REASONS = (
    ("Invalid value", "值的写法不对（文字要用英文双引号括起，数字和 true/false 不加引号）"),
    ("Expected '=' after a key in a key/value pair", "键后面缺少“=”"),
    ("Invalid statement", "无法识别的一行（应为 键 = 值，或 [段名]）"),
    ("Unterminated string", "文字的引号没有结束（缺少右边的英文双引号）"),
    ("Illegal character", "含有不允许的控制字符（如制表符以外的不可见字符）"),
    ("Unclosed array", "方括号 [ ] 不成对，或列表中的项之间缺少逗号"),
    ("Unclosed inline table", "花括号 { } 不成对，或其中的项之间缺少逗号"),
    ("Invalid initial character for a key part", "键的写法不对（键由英文字母、数字、_ 和 - 组成）"),
    ("Expected newline or end of document after a statement", "一行只能写一个 键 = 值，多余的内容请删除"),
    ("Cannot declare", "同一个段写了两次"),
    ("Cannot overwrite a value", "同一个键写了两次"),
    ("Cannot mutate", "同一个键写了两次"),
    ("Duplicate inline table key", "花括号中同一个键写了两次"),
    ("Invalid date or datetime", "日期的写法不对"),
    ("Expected ']' at the end of a table declaration", "段名缺少右边的“]”"),
    ("Expected ']]' at the end of an array declaration", "段名缺少右边的“]]”"),
)


def toml_error(toml_path: Path, text: str, exc: Exception) -> str:
    """A profile.toml syntax error (tomllib's TOMLDecodeError, “Invalid value
    (at line 56, column 16)”) in Chinese: the line and column, what is wrong
    and the line as written."""
    raw = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", raw)
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", raw).strip()
    zh = next((c for e, c in _TOML_REASONS if reason.startswith(e)), "写法不符合 TOML 格式")
    if m is None:
        return f"模板配置 {toml_path} 格式错误：{zh}（读到文件末尾时发现）。"
    line, col = int(m.group(1)), int(m.group(2))
    lines = text.splitlines()
    shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return (f"模板配置 {toml_path} 第 {line} 行第 {col} 列格式错误：{zh}"
            + (f"（该行：{shown}）" if shown else "") + "。")


def with_lines(message: str, toml_path: Path) -> str:
    """``message`` (problems of ``toml_path``, one a line) with each problem's
    line number put after the file's name: “模板配置 …/profile.toml 第 12 行 …”."""
    try:
        text = read_toml_text(toml_path)
    except (OSError, UnicodeDecodeError):
        return message
    name = str(toml_path)
    out = []
    for problem in message.split("\n"):
        n = line_of(text, problem) if name in problem else None
        if n is not None and not problem.count(f"{name} 第 {n} 行"):
            problem = problem.replace(name, f"{name} 第 {n} 行", 1)
        out.append(problem)
    return "\n".join(out)


def bundled_profiles() -> list[tuple[str, str]]:
    """The profiles shipped in ``templates/``: (name, description) by name,
    the description as profile.toml writes it ('' when it has none or cannot
    be read — ``load_profile`` says why)."""
    root = project_root()
    if root is None:
        return []
    out = []
    for toml in sorted((root / "templates").glob(f"*/{PROFILE_FILE}")):
        try:
            description = tomllib.loads(read_toml_text(toml)).get("description", "")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            description = ""
        out.append((toml.parent.name, description if isinstance(description, str) else ""))
    return out


def _default_section(key: str, folder: Path):
    """A section the profile leaves out, taken from the bundled default
    profile (a region's older copy keeps working); None if that is this one."""
    root = project_root()
    default = root / "templates" / DEFAULT_PROFILE if root is not None else None
    if default is None or not (default / PROFILE_FILE).is_file() or default.resolve() == folder.resolve():
        return None
    return getattr(load_profile(str(default)), key)


def _names(data: dict, where: str, problems: list[str], folder: Path) -> Optional[dict[str, str]]:
    """The [names] section checked: one pattern per output, {unit} and {year} only."""
    raw = data.get("names")
    if raw is None:
        found = _default_section("names", folder)
        if found is None:
            problems.append(f"{where}：缺少 [names] 段（输出文件名）。")
        return found
    if not isinstance(raw, dict):
        problems.append(f"{where}：[names] 应为一段设置。")
        return None
    out: dict[str, str] = {}
    for key in raw:
        if key not in NAME_KEYS:
            problems.append(f"{where} [names]：未知的键“{key}”（可用：{'、'.join(NAME_KEYS)}）。")
    for key, suffix in NAME_KEYS.items():
        value = raw.get(key)
        if key == "folder" and value is None:
            inherited = _default_section("names", folder)
            if inherited is not None and "folder" in inherited:
                out[key] = inherited["folder"]
                continue
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where} [names]：缺少键“{key}”，或它不是文字。")
            continue
        fields = set(re.findall(r"\{(\w*)\}", value))
        if fields - NAME_FIELDS or "{" in re.sub(r"\{(\w*)\}", "", value):
            problems.append(f"{where} [names]：键“{key}”的“{value}”只能用 {{unit}} 和 {{year}}。")
            continue
        if re.search(r'[\\/:*?"<>|\x00-\x1f]', value):
            problems.append(f"{where} [names]：键“{key}”的“{value}”含有文件名中不能使用的字符"
                            "（\\ / : * ? \" < > | 或控制字符）。")
            continue
        if key == "folder" and value.strip(" .") != value:
            problems.append(f"{where} [names]：键“folder”的“{value}”不能以空格或“.”开头或结尾。")
            continue
        if not value.lower().endswith(suffix):
            problems.append(f"{where} [names]：键“{key}”的“{value}”应以 {suffix} 结尾。")
            continue
        out[key] = value
    if len(set(out.values())) < len(out):
        problems.append(f"{where} [names]：各输出文件名不能相同。")
    return out


def _charts(data: dict, where: str, problems: list[str], folder: Path) -> Optional[ChartsSpec]:
    """The [charts] section checked."""
    raw = data.get("charts")
    if raw is None:
        found = _default_section("charts", folder)
        if found is None:
            problems.append(f"{where}：缺少 [charts] 段（图1–图4 的标题、系列名和颜色）。")
        return found
    at = f"{where} [charts]"
    bad = len(problems)
    if _section(raw, CHART_KEYS, at, problems) is None:
        return None
    colours = raw.get("colours")
    if (not isinstance(colours, list) or not colours
            or not all(isinstance(c, str) and _COLOUR.match(c) for c in colours)):
        problems.append(f"{at}：键“colours”应为颜色的列表，如 [\"#4472C4\", \"#ED7D31\"]。")
    texts = {}
    for key in ("year_label", "axis_unit", "empty"):
        value = raw.get(key)
        if not isinstance(value, str):
            problems.append(f"{at}：缺少键“{key}”，或它不是文字。")
        texts[key] = value
    if isinstance(texts["year_label"], str) and set(
            re.findall(r"\{(\w*)\}", texts["year_label"])) - {"year"}:
        problems.append(f"{at}：键“year_label”只能用 {{year}}。")
    slice_label = raw.get("slice_label")
    if slice_label is None and (base := _default_section("charts", folder)) is not None:
        slice_label = base.slice_label      # an older region's copy keeps working
    if not isinstance(slice_label, str):
        problems.append(f"{at}：缺少键“slice_label”，或它不是文字。")
    elif (set(re.findall(r"\{(\w*)\}", slice_label)) - SLICE_FIELDS
          or "{" in re.sub(r"\{(\w*)\}", "", slice_label)):
        problems.append(f"{at}：键“slice_label”只能用 {{name}}、{{amount}}、{{unit}} 和 {{share}}。")
    figures: dict[str, ChartSpec] = {}
    for key, n in CHART_SERIES.items():
        fig = raw.get(key)
        if not isinstance(fig, dict) or not isinstance(fig.get("title"), str):
            problems.append(f"{at}：缺少 [charts.{key}] 段或其中的 title。")
            continue
        for k in fig:
            if k not in ("title", "series"):
                problems.append(f"{at}.{key}：未知的键“{k}”（可用：title、series）。")
        series = fig.get("series", [])
        if n and (not isinstance(series, list) or len(series) != n
                  or not all(isinstance(s, str) for s in series)):
            problems.append(f"{at}.{key}：键“series”应为 {n} 个系列名称的列表。")
            continue
        if not n and "series" in fig:
            problems.append(f"{at}.{key}：饼图没有系列名称（series）。")
            continue
        figures[key] = ChartSpec(fig["title"], tuple(series))
    if len(problems) > bad:
        return None
    return ChartsSpec(tuple(colours), texts["year_label"], texts["axis_unit"], texts["empty"],
                      figures, slice_label)


def _sheet_names(xlsx_path: Path) -> list[str]:
    if not xlsx_path.is_file():
        raise TemplateError(f"模板方案缺少表格模板 {xlsx_path}。")
    import openpyxl  # loaded here: checking a profile should not cost the import elsewhere

    try:
        wb = openpyxl.load_workbook(xlsx_path, read_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(f"表格模板 {xlsx_path} 已损坏或不是 Excel 工作簿（.xlsx），无法打开。"
                            "请换用完好的模板文件（可从随程序提供的 templates/default 复制），"
                            "或在 Excel 中打开后另存为 .xlsx。") from exc
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _sheet_name_problems(name: str) -> list[str]:
    if not name.strip():
        return ["不能为空。"]
    out = []
    if len(name) > 31:
        out.append(f"“{name}”超过 Excel 工作表名的 31 个字符。")
    if _BAD_SHEET_CHARS.search(name):
        out.append(f"“{name}”含有工作表名不允许的字符 [ ] : * ? / \\。")
    return out


def _template_problems(env: jinja2.Environment, text: str) -> list[str]:
    try:
        ast = env.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        return [f"有误：{jinja_reason(exc)}（“{text}”）。"]
    unknown = sorted(meta.find_undeclared_variables(ast) - TITLE_VARIABLES - set(env.globals))
    if unknown:
        return [f"引用了未定义的变量 {'、'.join(unknown)}（可用：{'、'.join(sorted(TITLE_VARIABLES))}）。"]
    return []
