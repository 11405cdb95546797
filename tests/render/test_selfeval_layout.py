"""The 绩效自评表 layout lives in the profile (templates/<profile>/selfeval.xlsx,
sheets named by profile.toml [selfeval]), not in Python: a clerk's edit of
the layout reaches the 绩效自评表 workbook and the Word document's
self-evaluation tables, which are laid out from the same grids."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from reportgen.core.errors import TemplateError
from reportgen.core.profile import load_profile
from reportgen.read.reader import read_workbook
from reportgen.render.performance_xlsx import render_performance, sheet_names
from reportgen.selfeval.tables import evaluate
from support import EXAMPLE

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "templates" / "default"
UNIT = "武汉市江汉区人力资源局"


@pytest.fixture(scope="module")
def ev():
    return evaluate(read_workbook(EXAMPLE))


def _region(tmp_path: Path, edit=None) -> Path:
    folder = tmp_path / "region"
    shutil.copytree(DEFAULT, folder)
    if edit is not None:
        wb = openpyxl.load_workbook(folder / "selfeval.xlsx")
        edit(wb)
        wb.save(folder / "selfeval.xlsx")
    return folder


def _rows(ws, key: str) -> list[int]:
    return [r for r in range(1, ws.max_row + 1) if ws.cell(r, ws.max_column).value == key]


def _texts(grid) -> list[str]:
    return [str(v) for v in grid.values().values()]


@pytest.mark.slow
def test_an_edited_layout_reaches_both_outputs(ev, tmp_path):
    def edit(wb):
        ws = wb["项目支出绩效自评表"]
        head = _rows(ws, "indicator_head")[0]
        assert ws.cell(head, 2).value == "一级指标"
        ws.cell(head, 2).value = "指标类别"
        ws.column_dimensions["D"].width = 40
        row = _rows(ws, "indicator")[0]
        ws.cell(row, 4).font = Font(name="黑体", size=12)
        notes = _rows(ws, "notes")
        ws.cell(notes[-1], 1).value = "5.本表由{{ unit }}填报。"

    folder = _region(tmp_path, edit)
    out = tmp_path / "perf.xlsx"
    grids = render_performance(ev, UNIT, 2022, out, load_profile(str(folder)))
    book = openpyxl.load_workbook(out)
    ws = book[book.sheetnames[1]]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "指标类别" in values and "一级指标" not in values
    assert f"5.本表由{UNIT}填报。" in values
    assert "4.基于经济性和必要性等因素考虑，满意度指标暂可不作为必评指标。" not in values
    assert ws.column_dimensions["D"].width == 40
    head = next(c for row in ws.iter_rows() for c in row if c.value == "指标类别")
    name = ws.cell(head.row + 1, 4)          # the first indicator's 三级指标
    assert name.value
    assert (name.font.name, name.font.sz) == ("黑体", 12)
    # the Word tables come from the same grids
    assert "指标类别" in _texts(grids[1]) and grids[1].widths["D"] == 40
    # the 整体 and 转移支付 tables keep their own layouts
    assert "一级指标" in _texts(grids[0]) and "一级指标" in _texts(grids[-1])


def test_the_unit_sheet_is_named_as_its_layout_sheet(ev, tmp_path):
    def rename(wb):
        wb["整体绩效自评表"].title = "部门整体自评"

    folder = _region(tmp_path, rename)
    toml = folder / "profile.toml"
    toml.write_text(toml.read_text("utf-8").replace('unit = "整体绩效自评表"',
                                                   'unit = "部门整体自评"'), "utf-8")
    profile = load_profile(str(folder))
    grids = render_performance(ev, UNIT, 2022, None, profile)
    assert grids[0].title == "部门整体自评" == sheet_names(ev, profile)[0]


def test_a_profile_without_selfeval_xlsx_uses_the_default_layout(ev, tmp_path):
    folder = _region(tmp_path)
    (folder / "selfeval.xlsx").unlink()
    mine = render_performance(ev, UNIT, 2022, None, load_profile(str(folder)))
    default = render_performance(ev, UNIT, 2022)
    assert [g.values() for g in mine] == [g.values() for g in default]


def test_a_missing_row_kind_is_named(ev, tmp_path):
    def drop(wb):
        ws = wb["转移支付绩效自评表"]
        for r in _rows(ws, "total"):
            ws.cell(r, ws.max_column).value = "totl"

    folder = _region(tmp_path, drop)
    with pytest.raises(TemplateError) as exc:
        render_performance(ev, UNIT, 2022, None, load_profile(str(folder)))
    assert "selfeval.xlsx" in str(exc.value) and "转移支付绩效自评表" in str(exc.value)
    assert "“total”" in str(exc.value)


def test_a_faulty_cell_is_named(ev, tmp_path):
    def typo(wb):
        ws = wb["整体绩效自评表"]
        ws.cell(_rows(ws, "goal")[0], 2).value = "{{ g.txet }}"

    folder = _region(tmp_path, typo)
    with pytest.raises(TemplateError) as exc:
        render_performance(ev, UNIT, 2022, None, load_profile(str(folder)))
    assert "整体绩效自评表" in str(exc.value) and "B" in str(exc.value)
    assert "txet" in str(exc.value)


def test_the_bundled_layout_is_what_its_generator_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_selfeval", ROOT / "tools" /
                                                  "make_selfeval_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(tmp_path / "fresh.xlsx")
    fresh, bundled = (openpyxl.load_workbook(p) for p in (tmp_path / "fresh.xlsx",
                                                           DEFAULT / "selfeval.xlsx"))
    assert fresh.sheetnames == bundled.sheetnames
    for a, b in zip(fresh, bundled):
        assert [[c.value for c in row] for row in a.iter_rows()] == \
               [[c.value for c in row] for row in b.iter_rows()], a.title
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))


def test_styles_are_named_styles_not_per_cell_fonts(ev):
    from reportgen.render.performance_xlsx import performance_workbook

    wb = performance_workbook(ev, UNIT, 2022)
    # one named style per distinct style of the layout, shared by thousands of cells
    ours = [n for n in wb.named_styles if n.startswith("selfeval")]
    cells = sum(1 for ws in wb for row in ws.iter_rows() for _ in row)
    assert 5 <= len(ours) <= 40 and cells > 1000
    assert {c.style for ws in wb for row in ws.iter_rows() for c in row} <= set(ours) | {"Normal"}


# ------------------------------------------- the 自评报告's wording (第六部分)
@pytest.fixture(scope="module")
def computed(ev):
    from reportgen.compute.tables import Catalogues, compute

    wb = read_workbook(EXAMPLE)
    return compute(wb, Catalogues.load(wb), ev)


def test_the_report_group_names_come_from_the_profile(computed, ev):
    from reportgen.compose.narrative import build_context

    default = build_context(computed, ev).appendix.unit
    # the reference's wording, from templates/default/profile.toml [selfeval.report]
    assert [g.name for g in default.benefits] == ["经济效益", "社会效益", "生态效益", "可持续影响"]
    assert default.satisfaction.name == "满意度指标"
    renamed = build_context(computed, ev, labels={"economic": "经济效益情况",
                                                  "satisfaction": "服务对象满意度"}).appendix.unit
    assert [g.name for g in renamed.benefits] == ["经济效益情况", "社会效益", "生态效益",
                                                 "可持续影响"]
    assert renamed.satisfaction.name == "服务对象满意度"


def test_a_report_label_of_the_wrong_kind_is_named(computed, ev):
    from reportgen.compose.narrative import build_context

    with pytest.raises(TemplateError) as exc:
        build_context(computed, ev, where="模板配置 x.toml", labels={"economy": "经济"})
    assert "x.toml" in str(exc.value) and "economy" in str(exc.value)
