"""The profile's [names] (output file names) and [charts] (图1–图4): layout
that lives in profile.toml, not in Python."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.build import Options, build
from reportgen.core.errors import TemplateError
from reportgen.core.profile import load_profile
from reportgen.render import charts
from support import EXAMPLE

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "templates" / "default"


def _region(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "region"
    shutil.copytree(DEFAULT, folder)
    toml = folder / "profile.toml"
    text = toml.read_text("utf-8")
    assert old in text
    toml.write_text(text.replace(old, new, 1), "utf-8")
    return folder


def test_default_names_are_the_published_ones():
    names = load_profile("default").names
    assert names["tables"] == "{unit}_{year}年度部门决算公开表.xlsx"
    assert names["document"] == "{unit}_{year}年度部门决算.docx"


@pytest.mark.slow
def test_output_names_follow_the_profile_pattern(tmp_path):
    folder = _region(tmp_path, 'tables = "{unit}_{year}年度部门决算公开表.xlsx"',
                     'tables = "{year}-{unit}-决算表.xlsx"')
    built = build(EXAMPLE, tmp_path / "out", Options(profile=str(folder)))
    names = sorted(p.name for p in built.outputs)
    assert "2022-武汉市江汉区人力资源局-决算表.xlsx" in names
    assert all(p.is_file() for p in built.outputs)


@pytest.mark.slow
def test_the_report_folder_follows_the_profile_pattern(tmp_path):
    """[names] folder: each report's own folder; a profile that leaves the
    key out (an older copy) keeps the default profile's."""
    folder = _region(tmp_path, 'folder = "{unit}_{year}年度"', 'folder = "{year}-{unit}"')
    built = build(EXAMPLE, tmp_path / "out", Options(profile=str(folder)))
    assert {p.parent for p in built.outputs} == {tmp_path / "out" / "2022-武汉市江汉区人力资源局"}
    old = _region(tmp_path / "old", 'folder = "{unit}_{year}年度"\n', "")
    assert load_profile(str(old)).names["folder"] == "{unit}_{year}年度"


@pytest.mark.parametrize("old, new, piece", [
    ('tables = "{unit}_{year}年度部门决算公开表.xlsx"', 'tables = "{unit}_{month}.xlsx"', "{unit} 和 {year}"),
    ('document = "{unit}_{year}年度部门决算.docx"', 'document = "{unit}_{year}.xlsx"', ".docx"),
    ('document = "{unit}_{year}年度部门决算.docx"', 'document = "{unit}/{year}.docx"', "不能使用的字符"),
    ('folder = "{unit}_{year}年度"', 'folder = "{unit}/{year}"', "不能使用的字符"),
    ('folder = "{unit}_{year}年度"', 'folder = "{unit}_{month}"', "{unit} 和 {year}"),
    ('folder = "{unit}_{year}年度"', 'folder = ".."', "不能以空格或“.”开头或结尾"),
    ('colours = ["#4472C4"', 'colours = ["blue"', "colours"),
    ('series = ["收入总计", "支出总计"]', 'series = ["收入总计"]', "fig1"),
    ('empty = "本年无数据"', 'empty = "本年无数据"\nshade = 1', "shade"),
])
def test_bad_names_and_charts_are_reported_with_the_key(tmp_path, old, new, piece):
    folder = _region(tmp_path, old, new)
    with pytest.raises(TemplateError) as err:
        load_profile(str(folder))
    assert piece in str(err.value) and "profile.toml" in str(err.value)


def test_a_profile_without_the_sections_takes_the_default_ones(tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(DEFAULT, folder)
    toml = folder / "profile.toml"
    text = toml.read_text("utf-8")
    start, end = text.index("\n[names]\n"), text.index("\n[[table]]\n")
    toml.write_text(text[:start] + text[end:], "utf-8")
    p, d = load_profile(str(folder)), load_profile("default")
    assert p.names == d.names and p.charts == d.charts


def test_charts_take_titles_series_and_colours_from_the_profile(tmp_path, monkeypatch):
    folder = _region(tmp_path, 'title = "收入决算结构"', 'title = "收入的构成"')
    spec = load_profile(str(folder)).charts
    seen = {}
    monkeypatch.setattr(charts, "pie", lambda path, title, parts, **kw: seen.setdefault(title, kw) and path)
    monkeypatch.setattr(charts, "bar_change",
                        lambda path, title, cats, series, **kw: seen.setdefault(title, (cats, series, kw)) and path)
    ctx = {"year": 2022, "last_year": 2021,
           "total": {"change": {"last": 1}, "amount": 1, "expense_amount": 1},
           "fiscal": {"change": {"last": 1}, "amount": 1, "expense_amount": 1},
           "income": {"sources": []}, "expense": {"parts": []}}
    charts.draw_all(ctx, tmp_path, spec)
    assert "收入的构成" in seen and seen["收入的构成"]["empty"] == "本年无数据"
    cats, series, kw = seen["收、支决算总计变动情况"]
    assert cats == ["2021年度", "2022年度"]
    assert [s[0] for s in series] == ["收入总计", "支出总计"]
    assert kw["colours"][0] == "#4472C4" and kw["axis_unit"] == "万元"


def test_pie_legend_lines_follow_the_profile(tmp_path, monkeypatch):
    from decimal import Decimal
    import matplotlib.figure
    assert load_profile("default").charts.slice_label == "{name}\n{amount}{unit}（{share}）"
    folder = _region(tmp_path, 'slice_label = "{name}\\n{amount}{unit}（{share}）"',
                     'slice_label = "{name} {share}"')
    spec = load_profile(str(folder)).charts
    assert spec.slice_label == "{name} {share}"
    seen = []
    monkeypatch.setattr(matplotlib.figure.Figure, "legend",
                        lambda self, handles, labels, **kw: seen.append(list(labels)))
    parts = [("基本支出", Decimal("75"), Decimal("75")), ("项目支出", Decimal("25"), Decimal("25"))]
    charts.pie(tmp_path / "a.png", "t", parts, axis_unit="万元", slice_label=spec.slice_label)
    charts.pie(tmp_path / "b.png", "t", parts, axis_unit="万元")     # the default profile's
    assert seen == [["基本支出 75%", "项目支出 25%"],
                    ["基本支出\n75.00万元（75%）", "项目支出\n25.00万元（25%）"]]


def test_slice_label_mistakes_and_an_older_charts_section(tmp_path):
    bad = _region(tmp_path / "bad", 'slice_label = "{name}\\n{amount}{unit}（{share}）"',
                  'slice_label = "{name}{percent}"')
    with pytest.raises(TemplateError) as err:
        load_profile(str(bad))
    assert "slice_label" in str(err.value) and "profile.toml" in str(err.value)
    old = _region(tmp_path / "old", 'slice_label = "{name}\\n{amount}{unit}（{share}）"\n', "")
    assert load_profile(str(old)).charts.slice_label == load_profile("default").charts.slice_label


def test_a_pie_legend_prints_the_share_compute_made(tmp_path, monkeypatch):
    """The legend of 图2/图3 prints each part's ``share`` from the report (as
    the document's sentence does); the chart divides nothing itself."""
    from decimal import Decimal as D
    seen = []
    monkeypatch.setattr(charts, "_save",
                        lambda fig, path, pool=None: seen.extend(
                            t.get_text() for lg in fig.legends for t in lg.get_texts()) or path)
    # shares chosen unlike amount / sum, so a share divided here would show
    charts.pie(tmp_path / "p.png", "t", [("甲", D("1"), D("12.34")), ("乙", D("3"), D("87.66")),
                                         ("丙", D("0"), None)], axis_unit="万元")
    assert seen == ["甲\n1.00万元（12.3%）", "乙\n3.00万元（87.7%）"]


def test_a_pie_legend_writes_the_share_as_the_profile_writes_percentages(tmp_path, monkeypatch):
    """Shanghai's [format] percent_decimals = 2 (“占37.50%”) reaches the
    legends of 图2/图3 too, as the document's sentences print the share."""
    from decimal import Decimal as D
    spec = load_profile("shanghai-2024").charts
    assert (spec.percent_decimals, spec.percent_trim) == (2, False)
    assert load_profile("default").charts.percent_decimals == 1
    seen = []
    monkeypatch.setattr(charts, "_save",
                        lambda fig, path, pool=None: seen.extend(
                            t.get_text() for lg in fig.legends for t in lg.get_texts()) or path)
    charts.pie(tmp_path / "p.png", "t", [("甲", D("1"), D("25")), ("乙", D("3"), D("75"))],
               axis_unit="万元", places=spec.percent_decimals, trim=spec.percent_trim)
    assert seen == ["甲\n1.00万元（25.00%）", "乙\n3.00万元（75.00%）"]
