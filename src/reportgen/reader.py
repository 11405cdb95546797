"""Read the input workbook into the model.

The workbook is opened twice, read-only: once for formulas (to know which
cells are formulas) and once for the values Excel cached when it last saved.
A formula with no cached value is reported, never guessed.  The file itself
is never written.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path
from typing import Iterable, Optional

import defusedxml  # noqa: F401  - openpyxl uses it for every XML part when installed
import openpyxl
from openpyxl.utils import get_column_letter

from . import model, schema
from .errors import UnusableInput
from .model import Cell, Line, SheetInfo
from .values import clean_text, parse_amount, parse_code, parse_int

# reading stops after this many empty rows in a row
_MAX_BLANK_RUN = 200
# limits that keep a hostile or absurd file from exhausting memory; a real
# input workbook is a few hundred rows and well under a megabyte
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_PARTS = 5000
MAX_ROWS = 50_000
MAX_COLS = 200
_HEADER_SCAN_ROWS = 10
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def norm_label(text: object) -> str:
    """Header/label text compared without spaces, line breaks, width or a trailing *."""
    if text is None:
        return ""
    t = unicodedata.normalize("NFKC", str(text))
    t = "".join(t.split())
    return t.rstrip("*").replace("(", "（").replace(")", "）")


def check_file(path: Path) -> None:
    """Refuse, with a message for the clerk, what is not a readable .xlsx."""
    if not path.exists():
        raise UnusableInput("file_missing", f"找不到文件：{path}。请检查文件名和路径。")
    if path.is_dir():
        raise UnusableInput("not_a_file", f"{path} 是文件夹，不是工作簿。")
    size = path.stat().st_size
    if size == 0:
        raise UnusableInput("empty_file", f"{path.name} 是空文件（0 字节）。请重新保存输入工作簿。")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data:
            raise UnusableInput(
                "encrypted",
                f"{path.name} 设置了打开密码。请在 Excel 中“文件→信息→保护工作簿→用密码进行加密”"
                "清除密码后另存，再运行。",
            )
        raise UnusableInput(
            "old_xls",
            f"{path.name} 是旧版 Excel 97-2003（.xls）格式。请在 Excel 中“另存为”"
            "“Excel 工作簿（*.xlsx）”后再运行。",
        )
    if not zipfile.is_zipfile(path):
        raise UnusableInput(
            "not_a_workbook",
            f"{path.name} 不是 Excel 工作簿（.xlsx），或文件已损坏、不完整。"
            "请用 Excel 打开确认后重新保存。",
        )
    _check_parts(path)


def _check_parts(path: Path) -> None:
    """Refuse zip bombs and XML that declares entities, before openpyxl
    parses anything (defusedxml stops entity expansion, not zip bombs)."""
    try:
        with zipfile.ZipFile(path) as zf:
            parts = zf.infolist()
            if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNCOMPRESSED:
                raise UnusableInput(
                    "too_large",
                    f"{path.name} 解压后过大（超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB 或部件过多），"
                    "不像是决算输入工作簿，已拒绝读取。",
                )
            for p in parts:
                if p.filename.endswith((".xml", ".rels")):
                    with zf.open(p) as fh:
                        head = fh.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise UnusableInput(
                            "unsafe_xml",
                            f"{path.name} 含有 XML 实体声明（{p.filename}），可能是恶意构造的文件，已拒绝读取。"
                            "请用 Excel 重新保存一份干净的工作簿。",
                        )
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise UnusableInput(
            "not_a_workbook",
            f"{path.name} 不是完整的 Excel 工作簿（{type(exc).__name__}），文件可能已损坏或不完整。"
            "请用 Excel 打开确认后重新保存。",
        ) from exc


def _open(path: Path, data_only: bool):
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except UnusableInput:
        raise
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise UnusableInput(
            "damaged",
            f"{path.name} 无法读取（{type(exc).__name__}）：文件可能已损坏或不完整。"
            "请用 Excel 打开确认后重新保存。",
        ) from exc


class _Grid:
    """One sheet's cells as (value, is_formula) by (row, col), 1-based."""

    def __init__(self, ws_values, ws_formulas):
        self.values: dict[tuple[int, int], object] = {}
        self.formulas: set[tuple[int, int]] = set()
        self.max_row = 0
        self._load(ws_values, self.values)
        if ws_formulas is not None:
            scratch: dict[tuple[int, int], object] = {}
            self._load(ws_formulas, scratch)
            self.formulas = {k for k, v in scratch.items()
                             if isinstance(v, str) and v.startswith("=")}

    def _load(self, ws, into):
        blank_run = 0
        for r, row in enumerate(ws.iter_rows(max_col=MAX_COLS, values_only=True), start=1):
            if r > MAX_ROWS:
                raise UnusableInput(
                    "too_many_rows",
                    f"工作表“{ws.title}”超过 {MAX_ROWS:,} 行，不像是决算输入工作簿，已拒绝读取。"
                    "请删除多余的行后重新保存。",
                )
            any_value = False
            for c, v in enumerate(row, start=1):
                if v is not None and v != "":
                    into[(r, c)] = v
                    any_value = True
            if any_value:
                blank_run = 0
                self.max_row = max(self.max_row, r)
            else:
                blank_run += 1
                if blank_run > _MAX_BLANK_RUN:
                    break

    def get(self, r: int, c: int):
        return self.values.get((r, c))


class Reader:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.problems: list[tuple[Cell, str]] = []

    # ------------------------------------------------------------ cells
    def _cell(self, grid: _Grid, sheet: str, r: int, c: int, kind: str,
              choices: tuple[str, ...] = (), derived: bool = False) -> Cell:
        """``derived``: the cell only displays what is read elsewhere (the
        科目名称 lookup formula that ``reportgen init`` writes), so a formula
        without a cached value there is simply empty, not a problem."""
        raw = grid.get(r, c)
        ref = f"{get_column_letter(c)}{r}"
        if raw is None and (r, c) in grid.formulas:
            cell = Cell(None, sheet, ref, raw, None if derived else model.NO_CACHED_VALUE)
        elif kind == schema.AMOUNT:
            v, p = parse_amount(raw)
            cell = Cell(v, sheet, ref, raw, p)
        elif kind == schema.INT:
            v, p = parse_int(raw)
            cell = Cell(v, sheet, ref, raw, p)
        elif kind == schema.CODE:
            v, _, p = parse_code(raw)
            cell = Cell(v, sheet, ref, raw, p)
        else:
            v, p = clean_text(raw)
            if kind == schema.CHOICE and v is not None and p is None:
                match = {norm_label(ch): ch for ch in choices}.get(norm_label(v))
                if match is None:
                    p = model.BAD_CHOICE
                else:
                    v = match
            cell = Cell(v, sheet, ref, raw, p)
        if cell.problem:
            self.problems.append((cell, cell.problem))
        return cell

    # ------------------------------------------------------------ sheets
    def _table(self, grid: Optional[_Grid], decl: schema.TableSheet) -> tuple[SheetInfo, list[Line]]:
        if grid is None:
            return SheetInfo(decl.name, False), []
        wanted = {norm_label(c.header): c for c in decl.columns}
        best_row, best = 1, {}
        for r in range(1, _HEADER_SCAN_ROWS + 1):
            found = {}
            for (rr, c), v in grid.values.items():
                if rr == r and norm_label(v) in wanted:
                    found.setdefault(wanted[norm_label(v)].key, c)
            if len(found) > len(best):
                best_row, best = r, found
        missing = tuple(c.header for c in decl.columns if c.key not in best)
        info = SheetInfo(decl.name, True, missing, best_row)
        lines = []
        for r in range(best_row + 1, grid.max_row + 1):
            if not any(grid.get(r, c) not in (None, "") for c in best.values()):
                continue
            cells = {}
            for col in decl.columns:
                if col.key in best:
                    # the name beside a catalogue code is looked up by a formula
                    derived = col.key == "name" and bool(decl.catalogue)
                    cells[col.key] = self._cell(grid, decl.name, r, best[col.key], col.kind,
                                                col.choices, derived)
            # a name typed after the code in the code cell ("2080101 行政运行")
            code_col = best.get("code")
            if code_col and "name" in cells and cells["name"].empty:
                _, trailing, _ = parse_code(grid.get(r, code_col))
                if trailing:
                    nc = cells["name"]
                    cells["name"] = Cell(trailing, nc.sheet, nc.ref, nc.raw, None)
            lines.append(Line(decl.name, r, cells))
        return info, lines

    def _labelled_rows(self, grid: _Grid, sheet: str, labels: dict[str, str]):
        """Rows whose column-A label is declared: key -> row; plus unknown/duplicate."""
        rows: dict[str, int] = {}
        unknown, dup = [], []
        for r in range(1, grid.max_row + 1):
            raw = grid.get(r, 1)
            lab = norm_label(raw)
            if not lab:
                continue
            cell = Cell(clean_text(raw)[0], sheet, f"A{r}", raw)
            key = labels.get(lab)
            if key is None:
                unknown.append(cell)
            elif key in rows:
                dup.append(cell)
            else:
                rows[key] = r
        return rows, unknown, dup

    def _key_value(self, grid: Optional[_Grid], decl: schema.KeyValueSheet):
        if grid is None:
            return SheetInfo(decl.name, False), {}
        labels = {norm_label(i.label): i.key for i in decl.items}
        labels.pop(norm_label(decl.label_header), None)
        header = {norm_label(decl.label_header)}
        rows, unknown, dup = self._labelled_rows(grid, decl.name, labels)
        unknown = [u for u in unknown if norm_label(u.value) not in header]
        out = {}
        for item in decl.items:
            if item.key in rows:
                out[item.key] = self._cell(grid, decl.name, rows[item.key], 2, item.kind)
        missing = tuple(i.label for i in decl.items if i.key not in rows)
        return SheetInfo(decl.name, True, missing, 1, tuple(unknown), tuple(dup)), out

    def _keyed_table(self, grid: Optional[_Grid], decl: schema.KeyedTableSheet):
        if grid is None:
            return SheetInfo(decl.name, False), {}
        labels = {norm_label(i.label): i.key for i in decl.rows}
        wanted = {norm_label(c.header): c for c in decl.columns}
        header_row, cols = 1, {}
        for r in range(1, _HEADER_SCAN_ROWS + 1):
            found = {wanted[norm_label(v)].key: c for (rr, c), v in grid.values.items()
                     if rr == r and norm_label(v) in wanted}
            if len(found) > len(cols):
                header_row, cols = r, found
        rows, unknown, dup = self._labelled_rows(grid, decl.name, labels)
        unknown = [u for u in unknown if int(u.ref[1:]) > header_row]
        out: dict[str, dict[str, Cell]] = {}
        for item in decl.rows:
            if item.key not in rows:
                continue
            out[item.key] = {
                col.key: self._cell(grid, decl.name, rows[item.key], cols[col.key], item.kind)
                for col in decl.columns if col.key in cols
            }
        missing = tuple(c.header for c in decl.columns if c.key not in cols)
        missing += tuple(i.label for i in decl.rows if i.key not in rows)
        return SheetInfo(decl.name, True, missing, header_row, tuple(unknown), tuple(dup)), out

    # ------------------------------------------------------------ whole book
    def read(self) -> model.Workbook:
        check_file(self.path)
        wb_v = _open(self.path, data_only=True)
        wb_f = _open(self.path, data_only=False)
        try:
            names = {norm_label(n): n for n in wb_v.sheetnames}
            grids: dict[str, Optional[_Grid]] = {}
            for decl in schema.SHEETS:
                real = names.get(norm_label(decl.name))
                grids[decl.name] = _Grid(wb_v[real], wb_f[real]) if real else None
        except UnusableInput:
            raise
        except Exception as exc:
            raise UnusableInput(
                "damaged",
                f"{self.path.name} 无法读取（{type(exc).__name__}）：文件可能已损坏。"
                "请用 Excel 打开确认后重新保存。",
            ) from exc
        finally:
            wb_v.close()
            wb_f.close()

        required_missing = [d.name for d in schema.SHEETS if d.required and grids[d.name] is None]
        if len(required_missing) == len([d for d in schema.SHEETS if d.required]):
            raise UnusableInput(
                "other_template",
                f"{self.path.name} 不是 reportgen 输入工作簿：缺少工作表 "
                + "、".join(required_missing)
                + "。请用 `reportgen init` 生成的模板填写。",
            )

        sheets: dict[str, SheetInfo] = {}
        info_i, info = self._key_value(grids[schema.UNIT_INFO.name], schema.UNIT_INFO)
        texts_i, texts = self._key_value(grids[schema.TEXTS.name], schema.TEXTS)
        func_i, func = self._table(grids[schema.FUNCTIONAL.name], schema.FUNCTIONAL)
        econ_i, econ = self._table(grids[schema.ECONOMIC.name], schema.ECONOMIC)
        sg_i, sangong = self._keyed_table(grids[schema.SANGONG.name], schema.SANGONG)
        sup_i, supplement = self._keyed_table(grids[schema.SUPPLEMENT.name], schema.SUPPLEMENT)
        cat_i, cat_lines = self._table(grids[schema.USER_CATALOGUE.name], schema.USER_CATALOGUE)
        for i in (info_i, texts_i, func_i, econ_i, sg_i, sup_i, cat_i):
            sheets[i.name] = i
        # the Word document's optional sheets: plain record tables
        doc_lines: dict[str, list[Line]] = {}
        for decl in (schema.PROJECTS, schema.RECEPTION, schema.KEY_WORK, schema.UNITS):
            info_d, doc_lines[decl.name] = self._table(grids[decl.name], decl)
            sheets[info_d.name] = info_d

        user_cat = [
            model.CatalogueEntry(
                scheme={"功能分类": "functional", "经济分类": "economic"}.get(ln.text("scheme"), ""),
                code=ln["code"], name=ln["name"],
                explanation=ln.cells.get("explanation", Cell(None)),
                group=ln.cells.get("group", Cell(None)),
                scheme_cell=ln["scheme"],
            )
            for ln in cat_lines if "code" in ln.cells and "name" in ln.cells and "scheme" in ln.cells
        ]
        return model.Workbook(
            path=str(self.path), sheets=sheets, info=info, texts=texts,
            functional=func, economic=econ, sangong=sangong, supplement=supplement,
            user_catalogue=user_cat, problems=list(self.problems),
            projects=doc_lines[schema.PROJECTS.name], receptions=doc_lines[schema.RECEPTION.name],
            key_work=doc_lines[schema.KEY_WORK.name], units=doc_lines[schema.UNITS.name],
        )


def read_workbook(path: Path | str) -> model.Workbook:
    return Reader(Path(path)).read()
