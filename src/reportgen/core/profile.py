"""Template profiles: which tables appear, in which order, under which titles.

A profile is a folder (``templates/<name>/``) holding

* ``profile.toml`` — one ``[[table]]`` block per output sheet, in output order::

      [[table]]
      id = "t1"                      # computed table: t1 … t9
      sheet = "收入支出决算总表"       # sheet of tables.xlsx holding its layout
      name = "表1"                    # output sheet name
      title = "{{ year }}年度收入支出决算总表（表1）"
      # t7/t8 only: printed when the fund is absent
      absent_note = "说明:{{ year }}年度{{ unit }}没有政府性基金。"

* ``tables.xlsx`` — the layouts, edited in Excel (see ``render/xlsx.py``).

A region copies the folder and edits it.  Everything is checked here, before
any figure is computed, and every problem is reported at once, in Chinese,
naming the file and the key.
"""

from __future__ import annotations

import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import jinja2
from jinja2 import meta

from reportgen.core.errors import TemplateError
from reportgen.core.jinja import shared_env

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PROFILE_FILE = "profile.toml"
TABLES_FILE = "tables.xlsx"
TABLE_IDS = tuple(f"t{i}" for i in range(1, 10))
FUND_TABLES = ("t7", "t8")          # the tables that may print an absent_note
# [document]: the Word document's layout; [fonts], [word_tables]: its faces and
# its tables' look (checked by render/docx.py)
TOP_KEYS = ("description", "names", "charts", "table", "document", "fonts", "word_tables")
# [selfeval]: the layout sheets of selfeval.xlsx (checked by render/performance_xlsx.py)
TOP_KEYS += ("selfeval",)
# [names]: output file names, patterns of {unit} and {year}
NAME_KEYS = {"tables": ".xlsx", "document": ".docx", "performance": ".xlsx"}
NAME_FIELDS = frozenset({"unit", "year"})
# [charts]: 图1–图4; fig1 and fig4 compare two series over two years
CHART_KEYS = ("colours", "year_label", "axis_unit", "empty", "fig1", "fig2", "fig3", "fig4")
CHART_SERIES = {"fig1": 2, "fig2": 0, "fig3": 0, "fig4": 2}
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
DEFAULT_PROFILE = "default"
REQUIRED_KEYS = ("id", "sheet", "name", "title")
TABLE_KEYS = (*REQUIRED_KEYS, "absent_note")
# what a title or absent_note may use (the sheet context before any row)
TITLE_VARIABLES = frozenset({"unit", "year", "t", "n"})
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class TableSpec:
    """One ``[[table]]`` of profile.toml: the computed table ``id`` (t1…t9), the layout
    ``sheet`` of tables.xlsx, the output sheet ``name``, the ``title`` and (t7/t8)
    the ``absent_note``, both Jinja text of {{ unit }} and {{ year }}."""

    id: str
    sheet: str
    name: str
    title: str
    absent_note: str = ""


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
    the value axis unit, the text of an empty pie, and fig1 … fig4."""

    colours: tuple[str, ...]
    year_label: str
    axis_unit: str
    empty: str
    figures: dict[str, ChartSpec]


@dataclass(frozen=True)
class Profile:
    """A checked template profile: the tables in output order, the output
    file name patterns (``names``: tables, document, performance → a
    pattern of {unit} and {year}), the charts and the [document] section."""

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
        data = tomllib.loads(toml_path.read_text("utf-8"))
    except UnicodeDecodeError as exc:
        raise TemplateError(f"模板配置 {toml_path} 不是 UTF-8 编码的文本：{exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"模板配置 {toml_path} 格式错误：{exc}") from exc
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
            if key in block and not isinstance(block[key], str):
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
        if "absent_note" in block and tid not in FUND_TABLES:
            problems.append(f"{at}：键“absent_note”只用于 t7、t8（基金表无数据时的说明）。")
        for key in ("title", "absent_note"):
            if key in block:
                problems += [f"{at}：键“{key}”{p}" for p in _template_problems(env, block[key])]
        specs.append(TableSpec(tid, sheet, name, block["title"], block.get("absent_note", "")))

    names = _names(data, where, problems, folder)
    charts = _charts(data, where, problems, folder)
    if problems:
        raise TemplateError("\n".join(problems))
    document = data.get("document")
    if document is not None and not isinstance(document, dict):
        raise TemplateError(f"{where}：[document] 应为一段设置（[document]）。")
    return Profile(name=folder.name, folder=folder, tables=tuple(specs), description=description,
                   document=document, names=names, charts=charts,
                   fonts=data.get("fonts"), word_tables=data.get("word_tables"),
                   selfeval=data.get("selfeval"))


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
    if not isinstance(raw, dict):
        problems.append(f"{at} 应为一段设置。")
        return None
    bad = len(problems)
    for key in raw:
        if key not in CHART_KEYS:
            problems.append(f"{at}：未知的键“{key}”（可用：{'、'.join(CHART_KEYS)}）。")
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
                      figures)


def _sheet_names(xlsx_path: Path) -> list[str]:
    if not xlsx_path.is_file():
        raise TemplateError(f"模板方案缺少表格模板 {xlsx_path}。")
    import openpyxl  # loaded here: checking a profile should not cost the import elsewhere

    try:
        wb = openpyxl.load_workbook(xlsx_path, read_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(f"表格模板 {xlsx_path} 无法打开：{exc}") from exc
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
        return [f"的 Jinja 写法有误：{exc.message}（“{text}”）。"]
    unknown = sorted(meta.find_undeclared_variables(ast) - TITLE_VARIABLES - set(env.globals))
    if unknown:
        return [f"引用了未定义的变量 {'、'.join(unknown)}（可用：{'、'.join(sorted(TITLE_VARIABLES))}）。"]
    return []
