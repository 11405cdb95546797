"""render/xlsx.py with the bundled default profile, and profiles edited by a region.

The report is computed from a small model.Workbook built here in Python, so
every expected figure below follows from the lines written in this file.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from decimal import Decimal as D
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell

from reportgen.core import catalogue as cat
from reportgen.compute import tables as compute
from reportgen.core import model, schema
from reportgen.core.errors import TemplateError
from reportgen.core.profile import load_profile, project_root
from reportgen.core.jinja import chinese_number, make_env
from reportgen.render.xlsx import ROWS, render_tables

DEFAULT = project_root() / "templates" / "default"


# ------------------------------------------------------------ the input
def _cell(value, sheet: str, ref: str) -> model.Cell:
    return model.Cell(value, sheet, ref)


def _line(row: int, **values) -> model.Line:
    sheet = schema.FUNCTIONAL.name
    cells = {}
    for col, (key, value) in enumerate(values.items()):
        if key not in ("code", "name", "fund"):
            value = D(value)
        cells[key] = _cell(value, sheet, f"{chr(65 + col)}{row}")
    return model.Line(sheet, row, cells)


LINES = (
    dict(code="2080101", fund=schema.FUND_GENERAL, income_fiscal="763.63", exp_basic="763.63"),
    dict(code="2080102", fund=schema.FUND_GENERAL, income_fiscal="153.64", exp_basic="56.50",
         exp_project="97.14"),
    dict(code="2011308", fund=schema.FUND_GENERAL, income_fiscal="2756.83", exp_project="2756.83"),
    dict(code="2210201", fund=schema.FUND_GENERAL, income_fiscal="88.88", exp_basic="88.88"),
    dict(code="2080199", fund=schema.FUND_OTHER, income_business="10.00", exp_project="10.00"),
)
GOV_LINE = dict(code="2120803", fund=schema.FUND_GOV, income_fiscal="5.00", exp_project="5.00")


def make_report(lines=LINES, unit="测试局", extra=()) -> compute.Report:
    econ_sheet = schema.ECONOMIC.name
    economic = [model.Line(econ_sheet, i, {"code": _cell(code, econ_sheet, f"A{i}"),
                                           "amount": _cell(D(a), econ_sheet, f"C{i}")})
                for i, (code, a) in enumerate((("30101", "134.23"), ("30201", "2.75")), start=2)]
    wb = model.Workbook(
        path="memory", sheets={},
        info={"unit": _cell(unit, "单位信息", "B2"), "year": _cell(2022, "单位信息", "B3")},
        texts={}, functional=[_line(i, **ln) for i, ln in enumerate(lines, start=2)],
        economic=economic,
        sangong={"reception": {"actual": _cell(D("0.35"), "三公经费", "C5")}},
        supplement={},
    )
    from reportgen.selfeval.tables import evaluate
    return compute.compute(wb, compute.Catalogues.load(wb, extra), evaluate(wb))


@pytest.fixture(scope="module")
def report() -> compute.Report:
    return make_report()


@pytest.fixture(scope="module")
def rendered(report, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("xlsx") / "tables.xlsx"
    render_tables(report, load_profile("default"), out)
    return out


@pytest.fixture(scope="module")
def book(rendered):
    return openpyxl.load_workbook(rendered)


def find_row(ws, col: int, value) -> int:
    rows = [c.row for c in ws[openpyxl.utils.get_column_letter(col)] if c.value == value]
    assert len(rows) == 1, (ws.title, value, rows)
    return rows[0]


def copy_profile(tmp_path: Path) -> Path:
    dest = tmp_path / "region"
    shutil.copytree(DEFAULT, dest)
    return dest


# ----------------------------------------------------------- the figures
def test_sheets_in_profile_order(book):
    assert book.sheetnames == [f"表{i}" for i in range(1, 10)]


def test_table2_rows_land_in_their_columns(book):
    ws = book["表2"]
    assert ws["A1"].value == "2022年度收入决算表（表2）"
    assert ws["A2"].value == "部门：测试局"
    assert [ws.cell(6, c).value for c in range(5, 12)] == [1, 2, 3, 4, 5, 6, 7]   # 栏次
    assert ws["A7"].value == "合计" and ws["E7"].value == pytest.approx(3772.98)
    # 类 before its 款 before its 项, from row 8 on
    codes = [ws.cell(r, 1).value for r in range(8, 19)]
    assert codes == ["201", "20113", "2011308", "208", "20801", "2080101", "2080102", "2080199",
                     "221", "22102", "2210201"]
    r = find_row(ws, 1, "2080199")
    assert ws.cell(r, 4).value == "其他人力资源和社会保障管理事务支出"
    assert ws.cell(r, 5).value == pytest.approx(10)       # 本年收入合计
    assert ws.cell(r, 6).value is None                    # 财政拨款收入 0: blank, not 0.00
    assert ws.cell(r, 8).value == pytest.approx(10)       # 事业收入
    assert ws.cell(r, 5).number_format == "#,##0.00"
    assert ws.cell(r, 1).data_type == "s"                 # a code is text
    # the 注 lines follow the last data row
    assert ws.cell(19, 1).value == "注：本表反映部门本年度取得的各项收入情况。"


def test_table1_numbering_and_line_numbers(book, report):
    ws = book["表1"]
    n = len(ROWS["t1"](report.tables["t1"]))
    first = 6
    assert ws.cell(first, 1).value == "一、一般公共预算财政拨款收入"
    assert ws.cell(first, 2).value == 1
    assert ws.cell(first, 3).value == pytest.approx(3762.98)
    assert ws.cell(first + 4, 3).value == pytest.approx(10)     # 五、事业收入
    assert ws.cell(first, 5).value == n + 6                     # first 支出 行次
    # income side runs out before the expense side: 行次 but no name
    assert ws.cell(first + 8, 1).value is None and ws.cell(first + 8, 2).value == 9
    assert ws.cell(first + 8, 4).value.startswith("九、")
    total = first + n + 4
    assert [ws.cell(total, c).value for c in (1, 2, 4, 5)] == ["总计", n + 5, "总计", 2 * n + 10]
    assert ws.cell(total, 3).value == pytest.approx(3772.98)
    assert ws.cell(total + 3, 1).value == f"{n + 1}行＝（1＋2＋3＋4＋5＋6+7+8）行；{n + 5}行＝（{n + 1}＋{n + 2}＋{n + 3}）行；"


def test_table6_three_groups_and_totals(book):
    ws = book["表6"]
    r = find_row(ws, 1, "30101")
    assert ws.cell(r, 2).value == "基本工资" and ws.cell(r, 3).value == pytest.approx(134.23)
    r = find_row(ws, 4, "30201")
    assert ws.cell(r, 6).value == pytest.approx(2.75)
    last = find_row(ws, 1, "人员经费合计")
    assert ws.cell(last, 3).value == pytest.approx(134.23)
    assert ws.cell(last, 4).value == "公用经费合计" and ws.cell(last, 9).value == pytest.approx(2.75)


def test_table9_figure_and_blank_budget(book):
    ws = book["表9"]
    assert [ws.cell(6, c).value for c in range(1, 13)] == list(range(1, 13))
    assert [ws.cell(7, c).value for c in range(1, 7)] == [None] * 6
    assert ws["G7"].value == pytest.approx(0.35) and ws["L7"].value == pytest.approx(0.35)
    assert ws["H7"].value is None


def test_absent_fund_prints_note_and_no_row(book):
    ws = book["表7"]
    assert ws["A7"].value == "合计" and all(ws.cell(7, c).value is None for c in range(5, 11))
    # the data row is gone: the 注 follows 合计, the 说明 names unit and year
    assert ws["A8"].value.startswith("注：本表反映部门本年度政府性基金")
    assert ws["A10"].value == "说明:2022年度测试局没有政府性基金。"
    assert "A8:J8" in {str(m) for m in ws.merged_cells.ranges}      # merges moved up
    assert ws["A11"].value is None
    assert book["表8"]["A10"].value == "说明:2022年度测试局没有国有资本经营收支。"


def test_present_fund_prints_rows_and_no_note(tmp_path):
    rep = make_report(lines=(*LINES, GOV_LINE))
    out = tmp_path / "t.xlsx"
    render_tables(rep, load_profile("default"), out)
    ws = openpyxl.load_workbook(out)["表7"]
    r = find_row(ws, 1, "2120803")
    assert ws.cell(r, 6).value == pytest.approx(5)      # 本年收入
    assert ws.cell(r, 9).value == pytest.approx(5)      # 项目支出
    texts = [c.value for c in ws["A"] if isinstance(c.value, str)]
    assert not any(t.startswith("说明") for t in texts)


def test_rows_below_the_data_row_keep_merges_and_heights(book, rendered):
    ws = book["表2"]
    template = openpyxl.load_workbook(DEFAULT / "tables.xlsx")["收入决算表"]
    moved = 11 - 1                                   # 11 data rows replace the template's one
    merges = {str(m) for m in ws.merged_cells.ranges}
    assert {"A19:K19", "A20:K20"} <= merges          # template A9:K9, A10:K10
    assert {f"A{r}:C{r}" for r in range(8, 19)} <= merges       # the code cell of each row
    assert ws.row_dimensions[20].height == template.row_dimensions[10].height
    assert ws.row_dimensions[12].height == template.row_dimensions[8].height
    assert ws.max_row == template.max_row + moved


# ------------------------------------------------------ styles and print
def _borders_by_cell(xlsx: Path, sheet: str) -> tuple[dict[str, set[str]], list[str]]:
    """From the file itself (openpyxl's reader would redraw merged edges):
    cell -> sides with a border, and the merged ranges."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    with zipfile.ZipFile(xlsx) as z:
        wbx = ET.fromstring(z.read("xl/workbook.xml"))
        rid = next(s.get(f"{{{ns['r']}}}id") for s in wbx.find("m:sheets", ns) if s.get("name") == sheet)
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        styles = ET.fromstring(z.read("xl/styles.xml"))
        sheet_xml = ET.fromstring(z.read("xl/" + target.lstrip("/").removeprefix("xl/")))
    borders = []
    for b in styles.find("m:borders", ns):
        borders.append({side for side in ("left", "right", "top", "bottom")
                        if b.find(f"m:{side}", ns) is not None and b.find(f"m:{side}", ns).get("style")})
    xf_border = [int(xf.get("borderId", 0)) for xf in styles.find("m:cellXfs", ns)]
    cells = {c.get("r"): borders[xf_border[int(c.get("s", 0))]]
             for c in sheet_xml.iter(f"{{{ns['m']}}}c")}
    merged = [m.get("ref") for m in sheet_xml.iter(f"{{{ns['m']}}}mergeCell")]
    return cells, merged


@pytest.mark.parametrize("sheet,header_rows", [("表1", (3, 5)), ("表2", (3, 7)), ("表4", (3, 6)),
                                               ("表6", (3, 4)), ("表7", (3, 7)), ("表9", (3, 6))])
def test_every_cell_of_merged_header_ranges_has_borders(rendered, sheet, header_rows):
    cells, merged = _borders_by_cell(rendered, sheet)
    checked = 0
    for ref in merged:
        lo_col, lo_row, hi_col, hi_row = openpyxl.utils.range_boundaries(ref)
        if not header_rows[0] <= lo_row <= header_rows[1]:
            continue
        for row in range(lo_row, hi_row + 1):
            for col in range(lo_col, hi_col + 1):
                coord = f"{openpyxl.utils.get_column_letter(col)}{row}"
                assert cells.get(coord) == {"left", "right", "top", "bottom"}, (sheet, ref, coord)
                checked += 1
    assert checked > 4


def test_fonts_and_title_style(book):
    ws = book["表3"]
    assert ws["A1"].font.name == "宋体" and ws["A1"].font.b and ws["A1"].font.sz >= 14
    assert ws["A1"].alignment.horizontal == "center"
    assert "A1:J1" in {str(m) for m in ws.merged_cells.ranges}
    # (openpyxl's reader restyles the hidden cells of merged ranges; the
    # border test above reads those from the file itself)
    assert all(c.font.name == "宋体" for row in ws.iter_rows(max_col=10) for c in row
               if not isinstance(c, MergedCell))
    assert ws["E3"].alignment.wrap_text


@pytest.mark.parametrize("sheet", [f"表{i}" for i in range(1, 10)])
def test_print_setup(book, sheet):
    ws = book[sheet]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # each table on one page (bug 22: 表1–表5 broke onto a second page)
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 1
    assert ws.print_options.horizontalCentered
    # from the first header row to the 栏次 row (表6 has none, 表9's is bare numbers)
    lo, hi = (int(x.strip("$")) for x in ws.print_title_rows.split(":"))
    assert lo == 3
    assert ws.cell(hi, 1).value == {"表6": "经济分类科目", "表9": 1}.get(sheet, "栏次")


def _one_page_sheet(rows: int, height: float = 16):
    ws = openpyxl.Workbook().active
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 1
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    for r in range(1, rows + 1):
        ws.cell(r, 1).value = r
        ws.row_dimensions[r].height = height
    return ws


@pytest.mark.parametrize("rows, pages", [(30, 1), (60, 1), (70, 0), (400, 0)])
def test_a_table_too_long_for_one_page_runs_on(rows, pages):
    # A4 landscape, 0.6 in margins: 509 pt of rows; at half size 1,018 pt (63 rows of 16 pt)
    from reportgen.render.xlsx import _fit_pages
    ws = _one_page_sheet(rows)
    _fit_pages(ws)
    assert int(ws.page_setup.fitToHeight) == pages
    assert ws.page_setup.fitToWidth == 1


@pytest.mark.slow
def test_default_generator_reproduces_the_committed_tables(tmp_path):
    import subprocess
    import sys
    out = tmp_path / "tables.xlsx"
    subprocess.run([sys.executable, str(project_root() / "tools" / "make_default_template.py"), str(out)],
                   check=True, capture_output=True)
    made, kept = openpyxl.load_workbook(out), openpyxl.load_workbook(DEFAULT / "tables.xlsx")
    assert made.sheetnames == kept.sheetnames
    for name in made.sheetnames:
        a, b = made[name], kept[name]
        assert ([[c.value for c in r] for r in a.iter_rows()]
                == [[c.value for c in r] for r in b.iter_rows()]), name
        assert ({k: d.height for k, d in a.row_dimensions.items()}
                == {k: d.height for k, d in b.row_dimensions.items()}), name
        assert (a.page_setup.fitToHeight, a.page_setup.fitToWidth) == (
            b.page_setup.fitToHeight, b.page_setup.fitToWidth), name


def test_formula_like_text_stays_text(tmp_path):
    override = cat.Entry(scheme=cat.FUNCTIONAL, edition=2022, code="2080101", name="=1+2", level="项")
    rep = make_report(unit="@测试局", extra=[override])
    folder = copy_profile(tmp_path)
    toml = folder / "profile.toml"
    toml.write_text(toml.read_text("utf-8").replace(
        'title = "{{ year }}年度收入决算表（表2）"', 'title = "{{ unit }}"'), "utf-8")
    out = tmp_path / "t.xlsx"
    render_tables(rep, load_profile(str(folder)), out)
    ws = openpyxl.load_workbook(out)["表2"]
    assert ws["A1"].value == "@测试局" and ws["A1"].data_type == "s"
    r = find_row(ws, 1, "2080101")
    assert ws.cell(r, 4).value == "=1+2" and ws.cell(r, 4).data_type == "s"
    with zipfile.ZipFile(out) as z:
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n)
                       for n in z.namelist() if n.startswith("xl/worksheets/"))


# ------------------------------------------------------------- profiles
def test_default_profile_lists_the_nine_tables():
    p = load_profile("default")
    assert [t.id for t in p.tables] == [f"t{i}" for i in range(1, 10)]
    assert [t.name for t in p.tables] == [f"表{i}" for i in range(1, 10)]
    assert load_profile(str(DEFAULT)).tables == p.tables       # by path as well as by name


def test_region_reorders_removes_and_retitles(tmp_path, report):
    folder = copy_profile(tmp_path)
    text = (folder / "profile.toml").read_text("utf-8")
    head, *blocks = text.split("\n[[table]]\n")
    by_id = {re.search(r'id = "(t\d)"', b).group(1): b for b in blocks}
    by_id["t9"] = by_id["t9"].replace('name = "表9"', 'name = "表七"').replace(
        'title = "{{ year }}年度财政拨款“三公”经费支出决算表（表9）"',
        'title = "七、{{ unit }}{{ year }}年“三公”经费"')
    order = ["t1", "t2", "t3", "t4", "t5", "t6", "t9"]          # 表7/表8 dropped, 三公 moved up
    (folder / "profile.toml").write_text(
        head + "".join("\n[[table]]\n" + by_id[k] for k in order), "utf-8")
    out = tmp_path / "t.xlsx"
    render_tables(report, load_profile(str(folder)), out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["表1", "表2", "表3", "表4", "表5", "表6", "表七"]
    assert wb["表七"]["A1"].value == "七、测试局2022年“三公”经费"
    assert wb["表七"]["G7"].value == pytest.approx(0.35)


def test_renaming_onto_another_tables_template_name(tmp_path, report):
    """Output names may be the template's sheet names in another order."""
    folder = copy_profile(tmp_path)
    toml = folder / "profile.toml"
    toml.write_text(toml.read_text("utf-8")
                    .replace('name = "表1"', 'name = "收入决算表"')
                    .replace('name = "表2"', 'name = "收入支出决算总表"'), "utf-8")
    out = tmp_path / "t.xlsx"
    render_tables(report, load_profile(str(folder)), out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["收入决算表", "收入支出决算总表"]
    assert wb["收入支出决算总表"]["A1"].value.endswith("（表2）")


@pytest.mark.parametrize("old,new,key", [
    ('name = "表3"', 'name = "表3"\ncolour = "red"', "colour"),
    ('sheet = "支出决算表"', 'sheet = "没有这张表"', "sheet"),
    ('id = "t5"', 'id = "t10"', "id"),
    ('title = "{{ year }}年度支出决算表（表3）"', 'title = "{{ year 年度"', "title"),
    ('title = "{{ year }}年度支出决算表（表3）"', 'title = "{{ yaer }}年度"', "yaer"),
    ('id = "t5"', 'id = "t3"', "重复"),
    ('name = "表3"', 'name = "表3"\nclass_rows = "2022"', "class_rows"),
    ('description =', 'colour = 1\ndescription =', "colour"),
])
def test_broken_profile_names_file_and_key(tmp_path, old, new, key):
    folder = copy_profile(tmp_path)
    toml = folder / "profile.toml"
    text = toml.read_text("utf-8")
    assert old in text
    toml.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(TemplateError) as err:
        load_profile(str(folder))
    assert str(toml) in str(err.value) and key in str(err.value)


def test_unreadable_toml_and_unknown_profile(tmp_path):
    folder = copy_profile(tmp_path)
    (folder / "profile.toml").write_text("[[table]\nid = ", "utf-8")
    with pytest.raises(TemplateError, match="格式错误"):
        load_profile(str(folder))
    with pytest.raises(TemplateError, match="找不到模板方案"):
        load_profile("no-such-region")


def _edit_template(folder: Path, sheet: str, ref: str, value: str) -> None:
    wb = openpyxl.load_workbook(folder / "tables.xlsx")
    wb[sheet][ref] = value
    wb.save(folder / "tables.xlsx")


@pytest.mark.parametrize("ref,value,named", [
    ("A2", "部门：{{ departement }}", "departement"),     # not a context variable
    ("E7", "{{ i }}", "i"),                               # i only exists in the data row
    ("A2", "{{ t.nosuch }}", "nosuch"),                  # caught while rendering
    ("A2", "{{ unit ", "A2"),                             # syntax error
])
def test_template_error_names_sheet_cell_and_variable(tmp_path, report, ref, value, named):
    folder = copy_profile(tmp_path)
    _edit_template(folder, "收入决算表", ref, value)
    out = tmp_path / "t.xlsx"
    with pytest.raises(TemplateError) as err:
        render_tables(report, load_profile(str(folder)), out)
    msg = str(err.value)
    assert "收入决算表" in msg and named in msg and ref in msg
    assert not out.exists() and not list(tmp_path.glob(".t.*"))   # nothing half-written


def test_two_data_rows_are_refused(tmp_path, report):
    folder = copy_profile(tmp_path)
    _edit_template(folder, "支出决算表", "E7", "{{ r.total }}")
    with pytest.raises(TemplateError, match="只能有一行数据行"):
        render_tables(report, load_profile(str(folder)), tmp_path / "t.xlsx")


def test_print_area_follows_the_rows(tmp_path, report):
    folder = copy_profile(tmp_path)
    wb = openpyxl.load_workbook(folder / "tables.xlsx")
    wb["收入决算表"].print_area = "A1:K10"
    wb.save(folder / "tables.xlsx")
    out = tmp_path / "t.xlsx"
    render_tables(report, load_profile(str(folder)), out)
    assert openpyxl.load_workbook(out)["表2"].print_area.endswith("$A$1:$K$20")


# --------------------------------------------------------------- filters
@pytest.mark.parametrize("n,text", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"),
                                    (26, "二十六"), (100, "一百"), (105, "一百零五"),
                                    (110, "一百一十"), (1001, "一千零一")])
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text
    assert make_env().from_string("{{ n|cn }}").render(n=n) == text


def test_filters_format_through_fmt():
    env = make_env()
    assert env.from_string("{{ v|money }}").render(v=D("13258.64")) == "13,258.64"
    assert env.from_string("{{ v|rate }}").render(v=D("12.5")) == "12.5%"
    assert env.from_string("{{ v|plain }}").render(v=D("55.00")) == "55"
    # a table is a dict: t.items is its "items" entry, not the dict method
    assert env.from_string("{{ t.items|length }}").render(t={"items": [1, 2]}) == "2"


def test_print_titles_holding_the_data_row_are_refused(tmp_path, report):
    # the data row is repeated per row of data (or vanishes): it cannot be
    # the rows repeated on every page
    folder = copy_profile(tmp_path)
    wb = openpyxl.load_workbook(folder / "tables.xlsx")
    wb["收入决算表"].print_title_rows = "3:8"          # 8: the data row
    wb.save(folder / "tables.xlsx")
    with pytest.raises(TemplateError, match=r"收入决算表.*打印标题行（第 3–8 行）包含数据行（第 8 行）"):
        render_tables(report, load_profile(str(folder)), tmp_path / "t.xlsx")


def test_print_titles_below_the_data_row_follow_it(tmp_path, report):
    folder = copy_profile(tmp_path)
    wb = openpyxl.load_workbook(folder / "tables.xlsx")
    wb["收入决算表"].print_title_rows = "9:9"
    wb.save(folder / "tables.xlsx")
    out = tmp_path / "t.xlsx"
    render_tables(report, load_profile(str(folder)), out)
    assert openpyxl.load_workbook(out)["表2"].print_title_rows == "$19:$19"


def test_copied_rows_look_like_the_template_row(book, report):
    # every data row of 表2 (copied from the template's data row through
    # named styles) has the template row's formatting, column by column
    template = openpyxl.load_workbook(DEFAULT / "tables.xlsx")["收入决算表"]

    def looks(c):
        return (c.number_format, repr(c.font), repr(c.border), repr(c.fill), repr(c.alignment))

    ws = book["表2"]
    first = 8
    last = first + len(ROWS["t2"](report.tables["t2"])) - 1
    assert last > first + 2
    for row in range(first, last + 1):
        for col in range(1, template.max_column + 1):
            assert looks(ws.cell(row, col)) == looks(template.cell(first, col)), (row, col)
