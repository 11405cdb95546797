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
TOP_KEYS = ("description", "table", "document", "fonts", "word_tables")
REQUIRED_KEYS = ("id", "sheet", "name", "title")
TABLE_KEYS = (*REQUIRED_KEYS, "absent_note")
# what a title or absent_note may use (the sheet context before any row)
TITLE_VARIABLES = frozenset({"unit", "year", "t", "n"})
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class TableSpec:
    id: str
    sheet: str
    name: str
    title: str
    absent_note: str = ""


@dataclass(frozen=True)
class Profile:
    name: str
    folder: Path
    tables: tuple[TableSpec, ...]
    description: str = ""
    # the [document] section as written (parts, sections, toc); checked by
    # narrative.layout() when the document is rendered.  None: built-in layout.
    document: Optional[dict] = None
    # [fonts] and [word_tables] as written; None: the template's own
    fonts: Optional[dict] = None
    word_tables: Optional[dict] = None

    @property
    def toml_path(self) -> Path:
        return self.folder / PROFILE_FILE

    @property
    def xlsx_path(self) -> Path:
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


def load_profile(name_or_path: str) -> Profile:
    """Read and check a profile; raises TemplateError listing every problem."""
    folder = _resolve(name_or_path)
    toml_path = folder / PROFILE_FILE
    xlsx_path = folder / TABLES_FILE
    if not toml_path.is_file():
        raise TemplateError(f"模板方案文件夹 {folder} 中没有 {PROFILE_FILE}。")
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

    if problems:
        raise TemplateError("\n".join(problems))
    document = data.get("document")
    if document is not None and not isinstance(document, dict):
        raise TemplateError(f"{where}：[document] 应为一段设置（[document]）。")
    return Profile(name=folder.name, folder=folder, tables=tuple(specs), description=description,
                   document=document, fonts=data.get("fonts"), word_tables=data.get("word_tables"))


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
