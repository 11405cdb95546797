"""Kind 4 (what the clerk typed, read wrong), kind 5 (Strict OOXML) and
kind 6 (advice matches severity): the handed cases and further members."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest

from reportgen.build import check
from reportgen.core import model
from reportgen.read.values import parse_amount, parse_code, parse_date, clean_text

from support import EXAMPLE
from variants import case, variant

FUNC = "支出功能分类"


def _codes(result):
    return sorted({f.code for f in result.findings})


# ------------------------------------------------------------ decimal comma
def test_decimal_comma_case_is_an_error_at_each_cell():
    res = check(case("decimal-comma")).result
    at = {f.where for f in res.at("S120")}
    assert {f"{FUNC}!E4", f"{FUNC}!K4"} <= at
    assert all(f.severity == "错误" for f in res.at("S120"))
    assert "80.5" in res.at("S120")[0].message and "805" in res.at("S120")[0].message
    # the budget gap of a misread 805 is not reported
    assert not [f for f in res.at("P501") if f.cell == "R4"]


@pytest.mark.parametrize("text", ["80,5", "12,34", "1,2345", "８０，５", "0,75", "1,234,5"])
def test_a_comma_that_does_not_group_three_digits_is_refused(text):
    assert parse_amount(text) == (None, model.DECIMAL_COMMA)


@pytest.mark.parametrize("text,value", [("1,234", "1234"), ("12,345.60", "12345.60"),
                                        ("1,234,567.8", "1234567.8"), ("(1,234.50)", "-1234.50")])
def test_a_thousands_comma_is_still_read(text, value):
    assert parse_amount(text) == (Decimal(value), None)


# ------------------------------------------------------------ formula error values
def test_formula_error_case_gives_one_finding_per_cell_and_no_cascade():
    res = check(case("formula-error-values")).result
    s119 = {f.cell: f for f in res.at("S119")}
    assert set(s119) == {"E4", "K4"}
    assert "#REF!" in s119["E4"].message and "#DIV/0!" in s119["K4"].message
    assert "公式" in s119["E4"].message
    assert not res.at("S105")                    # not “不是数字”
    assert not res.at("X402") and not res.at("X401")   # no follow-on sum error


@pytest.mark.slow   # further members of the kind: CI runs them
@pytest.mark.parametrize("error", ["#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"])
def test_other_error_values_give_one_finding(error, tmp_path):
    def change(wb):
        wb[FUNC]["E5"] = error
    res = check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result
    assert [f.where for f in res.at("S119")] == [f"{FUNC}!E5"]
    assert error in res.at("S119")[0].message
    assert not res.errors or {f.code for f in res.errors} == {"S119"}


def test_an_error_value_in_a_text_cell_is_a_formula_error(tmp_path):
    def change(wb):
        wb["文字说明"]["B4"] = "#REF!"
    res = check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result
    assert [f.where for f in res.at("S119")] == ["文字说明!B4"]


# ------------------------------------------------------------ merged data column
def test_merged_fund_column_is_one_finding_naming_the_range():
    res = check(case("merged-fund-column")).result
    assert [f.where for f in res.errors] == [f"{FUNC}!C2:C23"]
    assert res.errors[0].code == "S118" and "资金性质" in res.errors[0].message
    assert "取消合并" in res.errors[0].fix
    assert not res.at("S104") and not res.at("X401")


@pytest.mark.slow   # further members of the kind: CI runs them
@pytest.mark.parametrize("rng,column", [("E5:E8", "财政拨款收入"), ("R3:R6", "决算与预算差异原因"),
                                        ("A10:A11", "科目编码")])
def test_other_merged_data_ranges(rng, column, tmp_path):
    def change(wb):
        wb[FUNC].merge_cells(rng)
    res = check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result
    s118 = res.at("S118")
    assert [f.where for f in s118] == [f"{FUNC}!{rng}"] and column in s118[0].message
    assert {f.code for f in res.errors} == {"S118"}


@pytest.mark.parametrize("sheet,rng,columns", [
    (FUNC, "E5:G5", "上级补助收入、事业收入"),                # across, one row
    (FUNC, "E5:F8", "财政拨款收入、上级补助收入"),            # down and across
    ("基本支出经济分类", "B4:C4", "决算数"),                  # the amount under the name
    ("项目支出", "B5:D5", "主要成效、全年预算数"),
])
def test_merges_across_data_columns_are_one_finding(sheet, rng, columns, tmp_path):
    def change(wb):
        wb[sheet].merge_cells(rng)
    res = check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result
    assert [(f.code, f.where) for f in res.errors] == [("S118", f"{sheet}!{rng}")]
    assert f"“{columns}”" in res.errors[0].message and "取消合并" in res.errors[0].fix


def test_a_merge_over_unread_columns_is_not_a_finding(tmp_path):
    def change(wb):
        wb[FUNC].merge_cells("T4:U6")      # right of the last read column
    assert not check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result.at("S118")


def test_a_merge_on_another_sheet_is_named_there(tmp_path):
    def change(wb):
        wb["基本支出经济分类"].merge_cells("C2:C3")
    res = check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result
    assert [f.where for f in res.at("S118")] == ["基本支出经济分类!C2:C3"]


@pytest.mark.slow
def test_a_merged_heading_row_is_not_a_finding(tmp_path):
    def change(wb):
        wb["填表说明"].merge_cells("A1:C3")
    assert not check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result.at("S118")


# ------------------------------------------------------------ codes with separators
@pytest.mark.parametrize("typed", ["201 03 08", "201.03.08", "2010308 ", "201-03-08", "２０１．０３．０８",
                                   "201 03 08 信访事务"])
def test_codes_typed_with_separators_are_read(typed):
    code, _, problem = parse_code(typed)
    assert (code, problem) == ("2010308", None)


@pytest.mark.slow
def test_a_workbook_with_separated_codes_reads_as_the_example(tmp_path):
    def change(wb):
        ws = wb[FUNC]
        ws["A2"], ws["A3"], ws["A4"] = "201 03 08", "201.13.08", "2080101 "
        wb["基本支出经济分类"]["A2"] = "301 01"
    res = check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result
    base = check(EXAMPLE).result
    assert _codes(res) == _codes(base) and len(res.findings) == len(base.findings)


# ------------------------------------------------------------ dates
@pytest.mark.parametrize("value,text", [
    (dt.datetime(2023, 3, 17), "2023年3月17日"), (dt.date(2023, 1, 5), "2023年1月5日"),
    (dt.datetime(2022, 12, 31, 15, 30), "2022年12月31日")])
def test_dates_read_as_chinese_dates(value, text):
    assert clean_text(value) == (text, None)


def test_date_cells_case_reads_dates_as_chinese_dates():
    wb = check(case("date-cells")).workbook
    dates = [c.value for c in (*wb.perf_unit.values(), *(c for ln in wb.perf_projects
                                                          for c in ln.cells.values()))
             if isinstance(c.raw, (dt.date, dt.datetime))]
    assert set(dates) == {"2023年3月17日", "2023年4月20日"}


@pytest.mark.parametrize("value", [
    "2023/4/20", "2023.4.20", "2023-4-20", "2023-04-20", "2023-04-20 00:00:00", "２０２３/４/２０",
    "20230420", 45036, 45036.0, dt.datetime(2023, 4, 20), "2023年4月20日"])
def test_dates_typed_any_way_print_as_chinese_dates(value):
    assert parse_date(value) == ("2023年4月20日", None)


def test_a_date_typed_as_printed_is_kept_as_typed():
    assert parse_date("2023 年 4 月 20 日") == ("2023 年 4 月 20 日", None)


@pytest.mark.parametrize("value", ["2023年4月", "2023/2/30", "四月二十日", 2023, 12.5,
                                   dt.datetime(1900, 1, 1), "2023/13/1"])
def test_what_cannot_be_a_date_is_kept_with_a_problem(value):
    text, problem = parse_date(value)
    assert problem == model.BAD_DATE and text


@pytest.mark.parametrize("value,printed", [
    ("2023.4.20", "2023年4月20日"), (45036, "2023年4月20日"), ("2023-3-5", "2023年3月5日")])
def test_a_typed_date_prints_as_a_chinese_date_in_both_outputs(value, printed, tmp_path):
    def change(wb):
        wb["整体绩效自评"]["B8"] = value
        wb["项目绩效自评"]["R2"] = value
    checked = check(variant(EXAMPLE, tmp_path / "v.xlsx", change))
    assert not checked.result.at("S121")
    ev = checked.evaluation
    assert ev.unit.text("date") == printed and ev.tables[0].text("date") == printed


@pytest.mark.parametrize("value", ["2023年4月", "下月补填", 2023])
def test_a_date_that_cannot_be_one_is_one_warning_at_its_cell(value, tmp_path):
    def change(wb):
        wb["项目绩效自评"]["R2"] = value
    res = check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result
    hits = res.at("S121")
    assert [(f.where, f.severity) for f in hits] == [("项目绩效自评!R2", "警告")]
    assert str(value) in hits[0].message and "2023年4月20日" in hits[0].fix


# ------------------------------------------------------------ kind 5: Strict OOXML
def _cli(*args):
    return subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("command", ["validate", "build"])
def test_strict_ooxml_is_told_to_resave_and_nothing_else_on_stderr(command, tmp_path):
    args = [command, str(case("strict-ooxml"))] + (["-o", str(tmp_path)] if command == "build" else [])
    proc = _cli(*args)
    assert proc.returncode == 2
    assert "请在 Excel 中另存为“Excel 工作簿(.xlsx)”" in proc.stderr
    assert "Warning" not in proc.stderr and "warn(" not in proc.stderr
    assert [ln for ln in proc.stderr.splitlines() if ln.strip()
            and "Strict" not in ln and not ln.endswith("strict-ooxml.xlsx")] == []
    assert not list(tmp_path.glob("*.docx"))


@pytest.mark.slow
def test_library_warnings_never_reach_stderr(tmp_path):
    # a data validation openpyxl does not support: it warns when reading
    def change(wb):
        from openpyxl.worksheet.datavalidation import DataValidation
        dv = DataValidation(type="list", formula1='"a,b"')
        wb[FUNC].add_data_validation(dv)
        dv.add("S2")
    path = variant(EXAMPLE, tmp_path / "v.xlsx", change)
    proc = _cli("validate", str(path))
    assert proc.stderr == "", proc.stderr


# ------------------------------------------------------------ kind 6: advice matches severity
def test_an_error_never_advises_leaving_it():
    res = check(case("rounding-advice-contradicts-error")).result
    t301 = res.at("T301")
    assert t301 and t301[0].severity == "错误"
    assert all("可不修改" not in f.fix for f in res.errors)


@pytest.mark.parametrize("typed,severity", [(3043.87, "警告"), (3043.84, "错误"), (3044.50, "错误")])
def test_rounding_advice_only_on_a_warning(typed, severity, tmp_path):
    # the case's 款 subtotal at E24 against its 项 lines' sum 3,043.86
    def change(wb):
        wb[FUNC]["E24"] = typed
    res = check(variant(case("rounding-advice-contradicts-error"), tmp_path / "v.xlsx", change)).result
    t301 = [f for f in res.at("T301") if f.cell == "E24"]
    assert t301 and t301[0].severity == severity
    assert ("可不修改" in t301[0].fix) == (severity == "警告")
    assert all("可不修改" not in f.fix for f in res.findings if f.severity == "错误")


@pytest.mark.slow
def test_dates_are_printed_as_chinese_dates_in_every_output(tmp_path):
    import openpyxl
    from reportgen.build import Options, build
    from docx_support import docx_text

    built = build(case("date-cells"), tmp_path / "out", Options())
    assert not built.refused
    doc = docx_text(next(p for p in built.outputs if p.suffix == ".docx"))
    assert "00:00:00" not in doc and "2023-03-17" not in doc
    perf = next(p for p in built.outputs if "绩效自评表" in p.name)
    texts = [str(c.value) for ws in openpyxl.load_workbook(perf).worksheets
             for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("2023年3月17日" in t for t in texts)
    assert not [t for t in texts if "00:00:00" in t or "2023-03-17" in t]


def test_an_unreadable_cell_elsewhere_does_not_hide_a_sum_error(tmp_path):
    # a formula error on a self-evaluation sheet leaves the tables' sums checked
    def change(wb):
        wb["绩效指标"]["J2"] = "#DIV/0!"
        wb[FUNC]["E2"] = wb[FUNC]["E2"].value + 5
    res = check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result
    assert res.at("S119")
    # the line's balance, naming 表1's totals it breaks (or 表1's own finding)
    assert res.at("X401") or any("表1 收入总计" in f.message for f in res.at("T303"))


def test_an_unreadable_amount_in_the_tables_gives_no_follow_on(tmp_path):
    def change(wb):
        wb[FUNC]["K4"] = "12,3"
    res = check(variant(EXAMPLE, tmp_path / "v.xlsx", change)).result
    assert [f.code for f in res.errors] == ["S120"]


def _zip(path, parts):
    import zipfile
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def test_an_ods_named_xlsx_is_told_to_resave(tmp_path):
    path = _zip(tmp_path / "单位.xlsx", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                                         "content.xml": "<office:document-content/>"})
    proc = _cli("validate", str(path))
    assert proc.returncode == 2 and "另存为“Excel 工作簿(.xlsx)”" in proc.stderr
    assert "Warning" not in proc.stderr and "Traceback" not in proc.stderr


def test_a_strict_workbook_made_by_hand_is_recognised(tmp_path):
    # the Strict namespace alone (no conformance attribute) is enough
    import zipfile
    src = zipfile.ZipFile(case("strict-ooxml"))
    parts = {n: src.read(n) for n in src.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' conformance="strict"', b"")
    proc = _cli("validate", str(_zip(tmp_path / "s.xlsx", parts)))
    assert proc.returncode == 2 and "Strict Open XML" in proc.stderr


def test_a_csv_named_xlsx_is_refused_in_chinese(tmp_path):
    path = tmp_path / "单位.xlsx"
    path.write_text("项目,金额\n收入,1\n", encoding="utf-8")
    proc = _cli("validate", str(path))
    assert proc.returncode == 2 and "不是 Excel 工作簿" in proc.stderr
    assert "Warning" not in proc.stderr and "Traceback" not in proc.stderr
