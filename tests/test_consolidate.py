"""reportgen consolidate: a department's workbook from three units' workbooks.

The expected figures are added up by hand from tests/department.py (the
units' figures are written there); none is taken from the program's output.

    本级  2080101 一般公共预算  收入 100  基本 100
          2080199 一般公共预算  收入  50  项目  50
          2080199 非财政拨款    其他收入 30  对附属单位补助 30  (→ 甲中心)
    甲中心 2080101 一般公共预算  收入  80  基本  80
          2080150 非财政拨款    事业收入 40 + 上级补助收入 30  基本 70
    乙中心 2080101 一般公共预算  收入  20  基本  20
          2080199 非财政拨款    年初 5  事业收入 15  项目 15  年末 5
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from department import DEPT, JIA, MAIN, YI, write_department, write_internal
from factory import write_input
from reportgen.build import check
from reportgen.compute.tables import compute
from reportgen.consolidate import consolidate, process_path
from reportgen.core import schema
from reportgen.core.safeio import replace_together

G, O = schema.FUND_GENERAL, schema.FUND_OTHER


def _units(folder: Path, **kw) -> dict[str, Path]:
    return write_department(folder / "units", **kw)


def _run(p: dict[str, Path], out: Path, internal=True, **kw):
    paths = [p[MAIN], p[JIA], p[YI]]
    return consolidate(paths, out, DEPT, internal=p["internal"] if internal else None, **kw)


def _lines(wb) -> dict[tuple[str, str], dict[str, D]]:
    return {(ln.code, ln.text("fund")): {k: ln.amt(k) for k in ln.cells
                                         if isinstance(ln[k].value, D) and ln.amt(k)}
            for ln in wb.functional_items()}


# ---------------------------------------------------------------- the department
@pytest.fixture(scope="module")
def dept(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dept")
    p = _units(tmp)
    out = tmp / "out" / "部门.xlsx"
    done = _run(p, out)
    assert not done.refused, done.problems
    return p, out, check(out), done


def test_department_lines_are_the_units_summed_with_the_offset(dept):
    _, _, checked, done = dept
    assert not any("抵消后部门仍有" in n for n in done.notes)
    assert checked.result.errors == []
    assert _lines(checked.workbook) == {
        ("2080101", G): {"income_fiscal": D(200), "exp_basic": D(200)},      # 100 + 80 + 20
        ("2080199", G): {"income_fiscal": D(50), "exp_project": D(50)},
        # 本级's 对附属单位补助 30 taken off: nothing left of it
        ("2080199", O): {"carry_begin": D(5), "income_business": D(15), "income_other": D(30),
                         "exp_project": D(15), "carry_end": D(5)},
        # 甲中心's 上级补助收入 30 taken off
        ("2080150", O): {"income_business": D(40), "exp_basic": D(70)},
    }


def test_department_tables_equal_the_hand_sums(dept):
    _, _, checked, _ = dept
    report = compute(checked.workbook, checked.catalogues, checked.evaluation)
    # 本年收入 = 财政 250 + 事业 55 + 其他 30 (+ 上级补助 0 after the offset)
    assert report.t1.income_total == D(335)
    assert report.t1.expense_total == D(335)           # 基本 270 + 项目 65
    assert report.t1.carry_begin == D(5) and report.t1.carry_end == D(5)
    t2 = report.t2.total
    assert (t2["income_fiscal"], t2["income_business"], t2["income_other"], t2["income_superior"]) \
        == (D(250), D(55), D(30), D(0))
    t3 = report.t3.total
    assert (t3["exp_basic"], t3["exp_project"], t3["exp_subsidy"]) == (D(270), D(65), D(0))
    assert report.t5.total["total"] == D(250)           # 一般公共预算 200 + 50
    wb = checked.workbook
    assert {ln.code: ln.amt("amount") for ln in wb.economic_items()} == {"30101": D(130), "30201": D(70)}
    assert wb.sangong_amount("reception", "actual") == D("1.75")        # 1.50 + 0.25
    assert wb.supplement_cell("cars").value == 3                            # 2 + 1 cars


def test_department_takes_its_texts_from_the_main_unit_and_lists_every_unit(dept):
    _, _, checked, _ = dept
    wb = checked.workbook
    assert wb.unit == DEPT and wb.year == 2022
    assert wb.info["phone"].value == "027-1234567"
    assert wb.texts["functions"].value == "负责全区人力资源工作。"
    assert [(u.text("name"), u.text("kind")) for u in wb.units] == [
        (MAIN, "行政单位"), (JIA, "公益一类事业单位"), (YI, "公益二类事业单位")]
    assert wb.units[0].text("note") == "本级"


def _process_rows(path: Path, sheet: str):
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_process_workbook_shows_each_units_figure_the_offset_and_the_total(dept):
    _, out, _, _ = dept
    head, rows = _process_rows(process_path(out), schema.FUNCTIONAL.name)
    assert head == ("科目编码", "科目名称", "资金性质", "栏目", MAIN, JIA, YI, "内部往来抵消", "部门合计")
    assert rows[0][:2] == ("2080101", "行政运行")
    by = {(r[0], r[2], r[3]): r[4:] for r in rows}
    num = lambda r: tuple(None if v is None else D(str(v)) for v in r)  # noqa: E731
    assert num(by[("2080101", G, "财政拨款收入")]) == (D(100), D(80), D(20), None, D(200))
    assert num(by[("2080199", O, "对附属单位补助支出")]) == (D(30), None, None, D(30), D(0))
    assert num(by[("2080150", O, "上级补助收入")]) == (None, D(30), None, D(30), D(0))
    head, rows = _process_rows(process_path(out), schema.ECONOMIC.name)
    assert head == ("经济分类编码", "科目名称", MAIN, JIA, YI, "部门合计")
    assert [tuple(v if not isinstance(v, (int, float)) else D(str(v)) for v in r) for r in rows] == [
        ("30101", "基本工资", D(60), D(50), D(20), D(130)), ("30201", "办公费", D(40), D(30), None, D(70))]
    _, offsets = _process_rows(process_path(out), "内部往来抵消")
    assert offsets[0][:4] == (MAIN, JIA, "对附属单位补助", 30)
    _, units = _process_rows(process_path(out), "说明")
    assert any(r[:4] == (1, MAIN, "行政单位", "是") for r in units)


@pytest.mark.slow
def test_inputs_are_not_written(tmp_path):
    p = _units(tmp_path)
    files = [p[MAIN], p[JIA], p[YI], p["internal"]]
    before = {f: (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns) for f in files}
    assert not _run(p, tmp_path / "部门.xlsx").refused
    assert before == {f: (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns)
                      for f in files}


@pytest.mark.slow
def test_a_unit_in_yuan_is_converted_exactly(tmp_path):
    p = _units(tmp_path, jia_unit="元")
    out = tmp_path / "部门.xlsx"
    done = _run(p, out)
    assert not done.refused, done.problems
    wb = check(out).workbook
    assert wb.amount_unit == "万元"                       # the units differ: 万元, and said so
    assert any("金额单位不同" in n and f"{JIA} 元" in n for n in done.notes), done.notes
    assert _lines(wb)[("2080101", G)] == {"income_fiscal": D(200), "exp_basic": D(200)}
    assert wb.sangong_amount("reception", "actual") == D("1.75")


def test_all_units_in_yuan_give_a_department_in_yuan(tmp_path):
    a = write_input(tmp_path / "a.xlsx", info={"unit": "甲局", "amount_unit": "元"},
                    lines=[{"code": "2080101", "fund": G, "income_fiscal": "1000000.01",
                            "exp_basic": "1000000.01"}],
                    economic=[{"code": "30101", "amount": "1000000.01"}])
    b = write_input(tmp_path / "b.xlsx", info={"unit": "甲局下属中心", "amount_unit": "元"},
                    lines=[{"code": "2080101", "fund": G, "income_fiscal": "0.02", "exp_basic": "0.02"}],
                    economic=[{"code": "30101", "amount": "0.02"}])
    out = tmp_path / "d.xlsx"
    assert not consolidate([a, b], out, "甲局").refused
    wb = check(out).workbook
    assert wb.amount_unit == "元"
    assert _lines(wb)[("2080101", G)]["exp_basic"] == D("100.0000030")


# ---------------------------------------------------------------- refusals
def _nothing_written(out: Path) -> bool:
    return not out.exists() and not process_path(out).exists() and \
        not [f for f in out.parent.iterdir() if f.name.startswith(".")] if out.parent.exists() else True


def test_a_unit_with_errors_refuses_and_names_it(tmp_path):
    p = _units(tmp_path)
    bad = write_input(p[YI], info={"unit": YI, "year": 2022},
                      lines=[{"code": "2080101", "fund": G, "income_fiscal": "20.00", "exp_basic": "25.00"}])
    out = tmp_path / "out" / "部门.xlsx"
    done = _run(p, out)
    assert done.refused and _nothing_written(out)
    assert [path for path, _ in done.unit_results] == [bad]
    assert done.unit_results[0][1].errors


def test_different_years_refuse(tmp_path):
    p = _units(tmp_path)
    write_input(p[YI], info={"unit": YI, "year": 2023})
    done = _run(p, tmp_path / "部门.xlsx", internal=False)
    assert done.refused
    assert any("年度为 2023" in m and "单位信息!B3" in m for m in done.problems), done.problems


def test_the_same_unit_twice_refuses(tmp_path):
    p = _units(tmp_path)
    copy = tmp_path / "units" / "乙中心-副本.xlsx"
    copy.write_bytes(p[YI].read_bytes())
    done = consolidate([p[MAIN], p[JIA], p[YI], copy], tmp_path / "部门.xlsx", DEPT)
    assert done.refused and any("不能合并两次" in m for m in done.problems)
    done = consolidate([p[MAIN], p[YI], p[YI]], tmp_path / "部门.xlsx", DEPT)
    assert done.refused and any("给了两次" in m for m in done.problems)


def _internal(done) -> list[tuple[str, str]]:
    """(code, sheet!cell) of the 内部往来 list's findings."""
    assert done.internal_result is not None, done.problems
    return [(f.code, f.where) for f in done.internal_result[1].findings]


def test_an_offset_larger_than_the_books_refuses_naming_the_cell(tmp_path):
    """The rules themselves: tests/validate/test_transfer_rules.py (M101–M112)."""
    p = _units(tmp_path)
    write_internal(p["internal"], [(MAIN, JIA, "对附属单位补助", "35")])
    out = tmp_path / "部门.xlsx"
    done = _run(p, out)
    assert done.refused and not out.exists() and not process_path(out).exists()
    # both sides hold only 30: each is named (M111 at the amount, the unit's cell in the message)
    assert _internal(done) == [("M111", "内部往来!D2")] * 2
    messages = [f.message for f in done.internal_result[1].findings]
    assert any("本级.xlsx 支出功能分类!O4" in m and "35" in m for m in messages), messages
    assert any("甲中心.xlsx 支出功能分类!F3" in m for m in messages), messages


@pytest.mark.slow
def test_an_offset_within_the_books_passes(tmp_path):
    p = _units(tmp_path)
    write_internal(p["internal"], [(MAIN, JIA, "对附属单位补助", "10"), (MAIN, JIA, "上级补助", "20")])
    done = _run(p, tmp_path / "部门.xlsx")
    assert not done.refused, done.problems


@pytest.mark.slow
def test_without_internal_transfers_the_department_does_not_balance_twice(tmp_path):
    """Not listing the transfer is allowed (the sums are then gross)."""
    p = _units(tmp_path)
    out = tmp_path / "部门.xlsx"
    done = _run(p, out, internal=False)
    assert not done.refused
    assert any("对附属单位补助支出” 30" in n and "上级补助收入” 30" in n for n in done.notes), done.notes
    assert _lines(check(out).workbook)[("2080150", O)]["income_superior"] == D(30)


@pytest.mark.slow
def test_the_main_unit_is_found_by_name_or_given(tmp_path):
    p = _units(tmp_path)
    done = consolidate([p[JIA], p[YI]], tmp_path / "a.xlsx", DEPT)
    assert done.refused and any("--main" in m for m in done.problems)
    done = consolidate([p[JIA], p[YI]], tmp_path / "b.xlsx", DEPT, main=p[YI])
    assert not done.refused, done.problems
    assert check(tmp_path / "b.xlsx").workbook.units[0].text("name") == YI


def test_output_onto_an_input_is_refused(tmp_path):
    from reportgen.core.errors import UnusableInput
    p = _units(tmp_path)
    before = p[YI].read_bytes()
    with pytest.raises(UnusableInput, match="拒绝覆盖输入"):
        _run(p, p[YI])
    assert p[YI].read_bytes() == before


def test_replace_together_puts_back_the_old_set_when_a_move_fails(tmp_path, monkeypatch):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_text("old a"), b.write_text("old b")
    ta, tb = tmp_path / ".ta", tmp_path / ".tb"
    ta.write_text("new a"), tb.write_text("new b")
    real = os.replace

    def failing(src, dst):
        if str(src) == str(tb):
            raise OSError(28, "No space left on device")
        return real(src, dst)
    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        replace_together([(ta, a), (tb, b)])
    monkeypatch.setattr(os, "replace", real)
    assert (a.read_text(), b.read_text()) == ("old a", "old b")
    assert sorted(f.name for f in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]


# ---------------------------------------------------------------- the command
def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_cli_consolidates_a_folder_then_builds_the_department(tmp_path):
    p = _units(tmp_path)
    out = tmp_path / "部门" / "部门.xlsx"
    proc = _cli("consolidate", tmp_path / "units", "-o", out, "--unit", DEPT, "--internal", p["internal"])
    assert proc.returncode == 0, proc.stderr
    assert "[3/3] 校验" in proc.stderr and f"已生成：{out}" in proc.stdout
    assert out.exists() and process_path(out).exists()
    again = _cli("consolidate", tmp_path / "units", "-o", out, "--unit", DEPT)
    assert again.returncode == 2 and "已存在" in again.stderr
    built = _cli("build", out, "-o", tmp_path / "outputs")
    assert built.returncode == 0, built.stdout + built.stderr


def test_cli_refuses_with_the_units_findings(tmp_path):
    p = _units(tmp_path)
    write_input(p[YI], info={"unit": YI, "year": 2022},
                lines=[{"code": "2080101", "fund": G, "income_fiscal": "20.00", "exp_basic": "25.00"}])
    out = tmp_path / "部门.xlsx"
    proc = _cli("consolidate", p[MAIN], p[JIA], p[YI], "-o", out, "--unit", DEPT)
    assert proc.returncode == 1
    assert f"检查 {p[YI]}" in proc.stdout and "T303" in proc.stdout
    assert "未写出任何文件" in proc.stderr and not out.exists()


@pytest.mark.slow
def test_internal_list_in_the_units_folder_is_not_a_unit(tmp_path):
    p = _units(tmp_path)
    moved = p[MAIN].parent / "内部往来.xlsx"
    moved.write_bytes(p["internal"].read_bytes())
    out = tmp_path / "部门.xlsx"
    proc = _cli("consolidate", p[MAIN].parent, "-o", out, "--unit", DEPT, "--internal", moved)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[3/3]" in proc.stderr and "[4/" not in proc.stderr


@pytest.mark.slow
def test_the_main_workbook_may_carry_the_internal_sheet(tmp_path):
    p = _units(tmp_path)
    wb = openpyxl.load_workbook(p[MAIN])
    ws = wb.create_sheet("内部往来")
    for row in (("付款单位", "收款单位", "类型", "金额（元）"), (MAIN, JIA, "对附属单位补助", 300000)):
        ws.append(row)
    wb.save(p[MAIN])
    out = tmp_path / "部门.xlsx"
    done = consolidate([p[MAIN], p[JIA], p[YI]], out, DEPT, internal=p[MAIN])
    assert not done.refused, done.problems
    assert "income_superior" not in _lines(check(out).workbook)[("2080150", O)]   # 30 万元 off


def test_build_each_needs_the_department_name(tmp_path):
    p = _units(tmp_path)
    proc = _cli("build", p[MAIN].parent, "--each", "-o", tmp_path / "out")
    assert proc.returncode == 2 and "--unit" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_build_each_refused_consolidation_builds_nothing(tmp_path):
    p = _units(tmp_path)
    write_internal(p["internal"], [(MAIN, JIA, "对附属单位补助", "99")])
    out = tmp_path / "out"
    proc = _cli("build", p[MAIN].parent, "--each", "--unit", DEPT, "--internal", p["internal"], "-o", out)
    assert proc.returncode == 1 and "未合并，未生成任何文件" in proc.stderr
    assert not [d for d in out.iterdir() if d.name.endswith("年度")] if out.exists() else True


@pytest.mark.slow
def test_build_each_builds_the_department_and_every_unit(tmp_path):
    p = _units(tmp_path)
    out = tmp_path / "out"
    proc = _cli("build", p[MAIN].parent, "--each", "--unit", DEPT, "--internal", p["internal"],
                "-o", out, "-j", "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    folders = sorted(d.name for d in out.iterdir() if d.name.endswith("年度"))
    assert folders == sorted(f"{n}_2022年度" for n in (DEPT, MAIN, JIA, YI))
    assert (out / f"{DEPT}_合并" / f"{DEPT}_合并过程.xlsx").exists()
    tables = openpyxl.load_workbook(out / f"{DEPT}_2022年度" / f"{DEPT}_2022年度部门决算公开表.xlsx")
    ws = tables.worksheets[0]                                              # 表1
    numbers = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float))]
    assert 335 in numbers and 340 in numbers          # 本年收入合计, 收入总计 (hand sums)


def test_write_filled_round_trips_through_the_reader(tmp_path):
    from reportgen.init_workbook import write_filled
    from reportgen.read.reader import read_workbook

    path = tmp_path / "filled.xlsx"
    write_filled(path, {
        schema.UNIT_INFO.name: {"unit": "=某局", "year": 2022, "amount_unit": "元"},
        schema.FUNCTIONAL.name: [{"code": "2080101", "fund": G, "income_fiscal": D("1234567.89"),
                                  "exp_basic": D("1234567.89")}],
        schema.SUPPLEMENT.name: {"cars": {"current": 4}, "total": {"last_year": D("0.01")}},
        schema.UNITS.name: [{"name": "甲", "kind": "行政单位"}],
    })
    wb = read_workbook(path)
    assert wb.unit == "=某局" and wb.year == 2022 and wb.amount_unit == "元"
    ln = wb.functional_items()[0]
    assert (ln.code, ln.text("fund"), ln.amt("income_fiscal")) == ("2080101", G, D("123.456789"))
    assert wb.supplement_cell("cars").value == 4
    assert wb.supplement_amount("total", "last_year") == D("0.000001")
    assert [(u.text("name"), u.text("kind")) for u in wb.units] == [("甲", "行政单位")]
    assert not wb.problems


def test_a_missing_internal_file_stops_before_any_unit_is_checked(tmp_path):
    from reportgen.core.errors import UnusableInput
    p = _units(tmp_path)
    seen = []
    with pytest.raises(UnusableInput, match="找不到文件"):
        consolidate([p[MAIN], p[JIA], p[YI]], tmp_path / "部门.xlsx", DEPT,
                    internal=tmp_path / "没有.xlsx", progress=lambda i, n, path: seen.append(path))
    assert seen == [] and not (tmp_path / "部门.xlsx").exists()


@pytest.mark.slow
def test_a_units_own_catalogue_line_goes_to_the_department(tmp_path):
    a = write_input(tmp_path / "a.xlsx", info={"unit": "丙局"},
                    lines=[{"code": "2080101", "fund": G, "income_fiscal": "10", "exp_basic": "10"}],
                    economic=[{"code": "30101", "amount": "10"}])
    b = write_input(tmp_path / "b.xlsx", info={"unit": "丙局所属站"},
                    lines=[{"code": "2080188", "fund": G, "income_fiscal": "7", "exp_project": "7"}],
                    economic=[])
    wb = openpyxl.load_workbook(b)
    wb[schema.USER_CATALOGUE.name].append(["功能分类", "2080188", "测试站专项", "反映测试站的专项支出。", None])
    wb.save(b)
    assert not check(b).result.errors
    out = tmp_path / "d.xlsx"
    done = consolidate([a, b], out, "丙局")
    assert not done.refused, done.problems
    checked = check(out)
    assert [(e.code.value, e.name.value) for e in checked.workbook.user_catalogue] == [("2080188", "测试站专项")]
    assert checked.catalogues.functional.lookup("2080188", 2022).name == "测试站专项"
    assert _lines(checked.workbook)[("2080188", G)] == {"income_fiscal": D(7), "exp_project": D(7)}
    _, rows = _process_rows(process_path(out), schema.FUNCTIONAL.name)
    assert ("2080188", "测试站专项") in [r[:2] for r in rows]


def test_build_department_options_need_each(tmp_path):
    p = _units(tmp_path)
    proc = _cli("build", p[MAIN], "--unit", DEPT, "-o", tmp_path / "out")
    assert proc.returncode == 2 and "只与 --each 一起使用" in proc.stderr
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- issue 16's attack
def _digest(folder: Path) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(folder.iterdir()) if f.is_file()}


@pytest.mark.slow
def test_cli_output_onto_a_unit_in_the_folder_is_refused_not_dropped(tmp_path):
    """-o naming a folder member (and the 本级 given with --main): refused, nothing written."""
    p = _units(tmp_path)
    units = tmp_path / "units"
    before = _digest(units)
    for target in (p[YI], p[MAIN]):
        proc = _cli("consolidate", units, "-o", target, "--unit", DEPT, "--main", p[MAIN], "--force")
        assert proc.returncode == 2 and "是同一个文件" in proc.stderr, proc.stdout + proc.stderr
    # the 合并过程 file onto an input: -o x.xlsx writes x_合并过程.xlsx, here a unit's workbook
    shadow = units / "x_合并过程.xlsx"
    shadow.write_bytes(p[YI].read_bytes())
    proc = _cli("consolidate", p[MAIN], p[JIA], shadow, "-o", tmp_path / "x.xlsx", "--unit", DEPT)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # elsewhere: fine
    proc = _cli("consolidate", p[MAIN], p[JIA], shadow, "-o", units / "x.xlsx", "--unit", DEPT, "--force")
    assert proc.returncode == 2 and "是同一个文件" in proc.stderr
    shadow.unlink()
    assert _digest(units) == before


def test_a_hard_link_to_an_input_is_the_same_file(tmp_path):
    from reportgen.core.errors import UnusableInput
    p = _units(tmp_path)
    link = tmp_path / "link.xlsx"
    os.link(p[YI], link)
    with pytest.raises(UnusableInput, match="是同一个文件"):
        _run(p, link)


@pytest.mark.slow
def test_rerun_on_a_folder_holding_the_earlier_department_skips_it(tmp_path):
    p = _units(tmp_path)
    units = tmp_path / "units"
    out = units / "部门.xlsx"
    first = _run(p, out)
    assert not first.refused, first.problems
    expected = _lines(check(out).workbook)
    again = consolidate(sorted(units.glob("*.xlsx")), tmp_path / "again.xlsx", DEPT, internal=p["internal"])
    assert not again.refused, again.problems
    assert _lines(check(tmp_path / "again.xlsx").workbook) == expected  # not doubled
    assert any(str(out) in n and "部门工作簿" in n and "已跳过" in n for n in again.notes)
    assert any(str(process_path(out)) in n and "合并过程工作簿" in n for n in again.notes)
    # and onto itself, with --force
    proc = _cli("consolidate", units, "-o", out, "--unit", DEPT, "--internal", p["internal"], "--force")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _lines(check(out).workbook) == expected


@pytest.mark.slow
def test_an_internal_list_in_the_folder_is_used_without_internal(tmp_path):
    p = _units(tmp_path)
    moved = tmp_path / "units" / "内部往来.xlsx"
    p["internal"].rename(moved)
    done = consolidate(sorted((tmp_path / "units").glob("*.xlsx")), tmp_path / "部门.xlsx", DEPT)
    assert not done.refused, done.problems
    assert any(str(moved) in n and "内部往来" in n for n in done.notes)
    assert ("2080150", O) in _lines(check(tmp_path / "部门.xlsx").workbook)
    assert "income_superior" not in _lines(check(tmp_path / "部门.xlsx").workbook)[("2080150", O)]


@pytest.mark.slow
def test_an_internal_sheet_in_the_main_workbook_is_used_and_said(tmp_path):
    p = _units(tmp_path)
    wb = openpyxl.load_workbook(p[MAIN])
    ws = wb.create_sheet("内部往来")
    ws.append(["付款单位", "收款单位", "类型", "金额"])
    ws.append([MAIN, JIA, "对附属单位补助", 30])
    wb.save(p[MAIN])
    done = _run(p, tmp_path / "部门.xlsx", internal=False)
    assert not done.refused, done.problems
    assert any("本级工作簿" in n and "1 笔" in n for n in done.notes), done.notes
    assert "income_superior" not in _lines(check(tmp_path / "部门.xlsx").workbook)[("2080150", O)]


@pytest.mark.slow
def test_an_over_precise_internal_amount_is_named_before_the_department_is_written(tmp_path):
    p = _units(tmp_path)
    write_internal(p["internal"], [(MAIN, JIA, "对附属单位补助", 1.1234567)])
    done = _run(p, tmp_path / "部门.xlsx")
    assert done.refused and done.dept_result is None and _internal(done) == [("M107", "内部往来!D2")]
    write_internal(p["internal"], [(MAIN, JIA, "对附属单位补助", "300000.00")], header=(
        "付款单位", "收款单位", "类型", "金额（元）"))
    assert not _run(p, tmp_path / "部门.xlsx").refused


def test_a_unit_given_twice_is_named_twice(tmp_path):
    p = _units(tmp_path)
    proc = _cli("consolidate", p[MAIN], p[MAIN], p[JIA], "-o", tmp_path / "d.xlsx", "--unit", DEPT)
    assert proc.returncode == 1 and "给了两次" in proc.stderr and "至少需要两个" not in proc.stderr
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(p[MAIN].read_bytes())
    done = consolidate([p[MAIN], copy, p[JIA]], tmp_path / "d.xlsx", DEPT)
    assert done.refused and not any("无法确定本级" in m for m in done.problems)
    assert any("给了两次" in m and str(copy) in m and str(p[MAIN]) in m for m in done.problems), done.problems


@pytest.mark.slow
def test_errors_in_the_internal_list_exit_1_like_other_data_errors(tmp_path):
    p = _units(tmp_path)
    for row in ((MAIN, "别的局", "对附属单位补助", "30"), (MAIN, JIA, "借款", "30"), (MAIN, JIA, "对附属单位补助", "abc")):
        write_internal(p["internal"], [row])
        proc = _cli("consolidate", p[MAIN], p[JIA], p[YI], "-o", tmp_path / "d.xlsx", "--unit", DEPT,
                    "--internal", p["internal"])
        # the list's findings as a unit's: by code, at their cells, then the refusal
        assert proc.returncode == 1 and "内部往来!" in proc.stdout and "M10" in proc.stdout, (row, proc.stdout)
        assert "内部往来" in proc.stderr and "未写出任何文件" in proc.stderr, proc.stderr
        assert not (tmp_path / "d.xlsx").exists()


@pytest.mark.slow
def test_the_main_units_composition_text_is_not_carried(tmp_path):
    p = _units(tmp_path)
    wb = openpyxl.load_workbook(p[MAIN])
    ws = wb[schema.TEXTS.name]
    row = [i.key for i in schema.TEXTS.items].index("composition") + 2
    ws.cell(row=row, column=2, value="从单位构成看，本部门决算由纳入独立核算的单位本级决算组成。")
    wb.save(p[MAIN])
    out = tmp_path / "部门.xlsx"
    done = _run(p, out)
    assert not done.refused, done.problems
    assert check(out).workbook.texts["composition"].empty
    assert any("部门决算单位构成" in n and "3 个单位" in n for n in done.notes)
    sheet = openpyxl.load_workbook(out)[schema.INSTRUCTIONS_SHEET]
    assert any("部门决算单位构成" in str(c.value) for r in sheet.iter_rows() for c in r if c.value)


@pytest.mark.slow
def test_build_each_does_not_build_the_earlier_department_or_the_internal_list(tmp_path):
    from reportgen.build import Options
    from reportgen.cli import _consolidate_for_build
    p = _units(tmp_path)
    units = tmp_path / "units"
    assert not _run(p, units / "部门.xlsx").refused
    p["internal"].rename(units / "内部往来.xlsx")
    target, built = _consolidate_for_build(sorted(units.glob("*.xlsx")), tmp_path / "out", DEPT,
                                           None, None, Options(), False)
    assert sorted(built) == sorted([p[MAIN], p[JIA], p[YI]])
    assert "income_superior" not in _lines(check(target).workbook)[("2080150", O)]


def _unmarked(dept: Path) -> None:
    """``dept`` as consolidate wrote it before the marker existed: no 类别."""
    wb = openpyxl.load_workbook(dept)
    wb.properties.category = None
    wb.save(dept)


@pytest.mark.slow
def test_an_unmarked_earlier_department_is_recognised_by_its_sums_on_a_rerun(tmp_path):
    from reportgen.build import Options
    from reportgen.cli import _consolidate_for_build
    from reportgen.consolidate import kind_of_file
    p = _units(tmp_path)
    units = tmp_path / "units"
    old = units / "部门.xlsx"
    assert not _run(p, old).refused
    expected = _lines(check(old).workbook)
    _unmarked(old)
    process_path(old).unlink()          # not even its 合并过程 workbook beside it
    assert kind_of_file(old) == "unit"
    again = consolidate(sorted(units.glob("*.xlsx")), tmp_path / "again.xlsx", DEPT, internal=p["internal"])
    assert not again.refused, again.problems
    assert again.skipped == [old]
    assert any(str(old) in n and "以前合并写出的部门工作簿" in n for n in again.notes), again.notes
    # counted once: the same department as the first run
    assert _lines(check(tmp_path / "again.xlsx").workbook) == expected
    # build --each builds the units, not the old department
    target, built = _consolidate_for_build(sorted(units.glob("*.xlsx")), tmp_path / "out", DEPT,
                                           None, p["internal"], Options(), False)
    assert sorted(built) == sorted([p[MAIN], p[JIA], p[YI]])


@pytest.mark.slow
def test_a_main_unit_listing_its_department_is_a_unit(tmp_path):
    """A 本级 whose 单位构成 lists every unit (as the department's does) is not the sum of them."""
    p = _units(tmp_path)
    wb = openpyxl.load_workbook(p[MAIN])
    ws = wb[schema.UNITS.name]
    ws.append([JIA, "公益一类事业单位", None])
    ws.append([YI, "公益二类事业单位", None])
    wb.save(p[MAIN])
    done = _run(p, tmp_path / "部门.xlsx")
    assert not done.refused and done.skipped == [], done.problems
    assert not any("以前合并写出" in n for n in done.notes), done.notes
    # 2080101 一般公共预算: 100 + 80 + 20
    assert _lines(check(tmp_path / "部门.xlsx").workbook)[("2080101", G)]["exp_basic"] == D(200)


@pytest.mark.slow
def test_an_unmarked_department_that_is_no_longer_the_sum_is_warned_of(tmp_path):
    """An old department whose units changed since: not skipped silently, not summed silently."""
    p = _units(tmp_path)
    units = tmp_path / "units"
    old = units / "部门.xlsx"
    assert not _run(p, old).refused
    _unmarked(old)
    wb = openpyxl.load_workbook(p[YI])         # 乙中心 changed since: 20 → 25 on 2080101 (and 30101)
    for name in (schema.FUNCTIONAL.name, schema.ECONOMIC.name):
        for row in wb[name].iter_rows():
            for c in row:
                if c.value in (20, "20", "20.00"):
                    c.value = 25
    wb.save(p[YI])
    paths = [p[MAIN], p[JIA], p[YI], old]
    done = consolidate(paths, tmp_path / "again.xlsx", DEPT, internal=p["internal"], main=p[MAIN])
    assert any(str(old) in n and "请确认" in n and "重复计算" in n for n in done.notes), done.notes
    assert done.skipped == []


# ---------------------------------------------------------------- odd inputs
def test_an_empty_folder_is_unusable_input_exit_2(tmp_path):
    (tmp_path / "空").mkdir()
    proc = _cli("consolidate", tmp_path / "空", "-o", tmp_path / "d.xlsx", "--unit", DEPT)
    assert proc.returncode == 2 and "没有找到要合并的 .xlsx 工作簿" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_missing_or_unreadable_unit_stops_before_any_unit_is_checked(tmp_path):
    from reportgen.core.errors import UnusableInput
    p = _units(tmp_path)
    seen = []
    with pytest.raises(UnusableInput, match="找不到文件"):
        consolidate([p[MAIN], tmp_path / "没有.xlsx"], tmp_path / "d.xlsx", DEPT,
                    progress=lambda i, n, path: seen.append(path))
    notes = tmp_path / "说明.txt"
    notes.write_text("不是工作簿", encoding="utf-8")
    with pytest.raises(UnusableInput, match="不是 Excel 工作簿"):
        consolidate([p[MAIN], p[JIA], notes], tmp_path / "d.xlsx", DEPT,
                    progress=lambda i, n, path: seen.append(path))
    assert seen == [] and not (tmp_path / "d.xlsx").exists()


def test_one_unit_is_named_in_the_refusal(tmp_path):
    p = _units(tmp_path)
    done = consolidate([p[MAIN]], tmp_path / "d.xlsx", DEPT)
    assert done.refused and any("只有一个单位的工作簿" in m and str(p[MAIN]) in m for m in done.problems)


def test_a_unit_saved_in_another_format_is_named_not_dropped_silently(tmp_path):
    from reportgen.consolidate import other_spreadsheets
    folder = tmp_path / "units"
    (folder / "下级").mkdir(parents=True)
    for name in ("乙中心.xls", "下级/丙中心.et", "~$甲中心.xlsx", "甲中心.xlsx", "说明.txt"):
        (folder / name).write_bytes(b"x")
    assert other_spreadsheets(folder) == sorted([folder / "乙中心.xls", folder / "下级" / "丙中心.et"])


def test_a_main_unit_not_among_the_units_is_named_before_any_is_checked(tmp_path):
    from reportgen.core.errors import UnusableInput
    p = _units(tmp_path)
    seen = []
    with pytest.raises(UnusableInput, match="找不到文件"):
        consolidate([p[MAIN], p[JIA]], tmp_path / "d.xlsx", DEPT, main=tmp_path / "没有.xlsx")
    done = consolidate([p[JIA], p[YI]], tmp_path / "d.xlsx", DEPT, main=p[MAIN],
                       progress=lambda i, n, path: seen.append(path))
    assert done.refused and seen == [] and any("--main" in m for m in done.problems), done.problems


def test_build_each_never_overwrites_a_department_workbook_the_clerk_edited(tmp_path, monkeypatch,
                                                                            capsys):
    # the consolidation's notes ask for edits in the department workbook;
    # --each rewrites it each run: an edited one stops the run, untouched
    import reportgen.consolidate as cons
    from reportgen.build import Options
    from reportgen.cli import EXIT_UNUSABLE, _consolidate_for_build
    from reportgen.consolidate import Consolidated

    runs = []

    def fake(paths, out, *a, **kw):
        runs.append(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"consolidated %d" % len(runs))
        process_path(out).write_bytes(b"process")
        return Consolidated(outputs=[out, process_path(out)],
                            notes=["请在部门工作簿“文字说明”的“部门决算单位构成”中填写。"])
    monkeypatch.setattr(cons, "consolidate", fake)
    unit = tmp_path / "单位.xlsx"
    unit.write_bytes(b"unit")
    target, _ = _consolidate_for_build([unit], tmp_path / "out", DEPT, None, None, Options(), False)
    err = capsys.readouterr().err
    assert "build --each 每次都重新合并" in err and f'reportgen build "{target}"' in err
    # untouched: rewritten by the next run
    _consolidate_for_build([unit], tmp_path / "out", DEPT, None, None, Options(), False)
    assert target.read_bytes() == b"consolidated 2"
    target.write_bytes(b"the clerk's composition text")
    with pytest.raises(SystemExit) as stop:
        _consolidate_for_build([unit], tmp_path / "out", DEPT, None, None, Options(), False)
    assert stop.value.code == EXIT_UNUSABLE and len(runs) == 2
    assert target.read_bytes() == b"the clerk's composition text"
    err = capsys.readouterr().err
    assert str(target) in err and "被修改过" in err and "未生成任何文件" in err
