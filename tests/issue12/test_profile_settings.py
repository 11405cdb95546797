"""Issue 12, items 1 and 2: the profile settings regions differ in, each
exercised through a copy of the default profile edited as a clerk would.

Small workbooks come from tests/factory.py: 行政运行 100.00 基本支出 and
其他人力资源和社会保障管理事务支出 50.00 项目支出 (一般公共预算), 经济分类
30101 60.00 and 30201 40.00.
"""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from docx_support import docx_text, norm
from factory import write_input
from reportgen.build import row_choice
from reportgen.compute.tables import Catalogues, RowChoice, compute
from reportgen.core import catalogue as cat
from reportgen.core.errors import TemplateError
from reportgen.core.jinja import make_env
from reportgen.core.profile import FormatSpec, load_profile, project_root
from reportgen.read.reader import read_workbook
from reportgen.render.docx import render_document
from reportgen.render.xlsx import render_tables
from reportgen.selfeval.tables import evaluate

DEFAULT = project_root() / "templates" / "default"


def region(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """A copy of the default profile with ``edits`` (old, new) made to profile.toml."""
    dest = tmp_path / "region"
    shutil.copytree(DEFAULT, dest)
    toml = dest / "profile.toml"
    text = toml.read_text("utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    toml.write_text(text, "utf-8")
    return dest


def computed(src: Path, profile=None):
    wb = read_workbook(src)
    ev = evaluate(wb)
    rows = row_choice(profile) if profile is not None else RowChoice()
    return compute(wb, Catalogues.load(wb), ev, rows), ev


def add_sheet(path: Path, name: str, header: list[str], rows: list[list]) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(name)
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


# ------------------------------------------------------------------ [format]
def render_text(style: FormatSpec, source: str, **ctx) -> str:
    return make_env(style=style).from_string(source).render(**ctx)


def test_percent_decimals_and_trim():
    two = FormatSpec(percent_decimals=2, percent_trim=False)
    assert render_text(two, "{{ v|rate }}", v=D("37.5")) == "37.50%"
    assert render_text(two, "{{ v|rate }}", v=D("100")) == "100.00%"
    assert render_text(two, "{{ v|rate }}", v=D(100) / D(3)) == "33.33%"
    one = FormatSpec()
    assert render_text(one, "{{ v|rate }}", v=D("37.50")) == "37.5%"
    assert render_text(one, "{{ v|rate }}", v=D("100")) == "100%"
    change = {"diff": D("4332.89"), "rate": D("48.5432"), "word": "增加", "rate_word": "增长"}
    assert render_text(two, "{{ c|change }}", c=change) == "增加4332.89万元，增长48.54%"


def test_thousands_one_style_for_every_amount():
    amounts = "{{ a|money }} {{ a|plain }} {{ a|money_short }} {{ c|change }}"
    change = {"diff": D("1715.06"), "rate": None, "word": "增加", "rate_word": "增长"}
    assert (render_text(FormatSpec(thousands=True), amounts, a=D("1660.5"), c=change)
            == "1,660.50 1,660.5 1,660.5 增加1,715.06万元")
    assert (render_text(FormatSpec(thousands=False), amounts, a=D("1660.5"), c=change)
            == "1660.50 1660.5 1660.5 增加1715.06万元")
    # unset: the 2022 reference's habit (totals grouped, changes not)
    assert (render_text(FormatSpec(), amounts, a=D("1660.5"), c=change)
            == "1,660.50 1660.5 1,660.5 增加1715.06万元")


def test_table_numbering_in_titles(tmp_path):
    folder = region(tmp_path, ('table_numbering = "表1"', 'table_numbering = "一、"'),
                    ('title = "{{ year }}年度收入决算表（表2）"', 'title = "{{ number }}{{ year }}年度收入决算表"'))
    profile = load_profile(str(folder))
    assert [t.number for t in profile.tables][:3] == ["一、", "二、", "三、"]
    report, _ = computed(write_input(tmp_path / "in.xlsx"), profile)
    render_tables(report, profile, tmp_path / "t.xlsx")
    assert openpyxl.load_workbook(tmp_path / "t.xlsx")["表2"]["A1"].value == "二、2022年度收入决算表"
    assert load_profile("default").tables[8].number == "表9"


@pytest.mark.parametrize("edit,word", [
    ('percent_decimals = 1', 'percent_decimals = "2"'),
    ('percent_decimals = 1', 'percent_decimals = 9'),
    ('percent_trim = true', 'percent_trim = "yes"'),
    ('table_numbering = "表1"', 'table_numbering = "第1表"'),
    ('percent_trim = true', 'percent_trim = true\ndecimals = 2'),
])
def test_format_mistakes_are_named(tmp_path, edit, word):
    folder = region(tmp_path, (edit.split(" = ")[0] + " = " + edit.split(" = ")[1], word))
    with pytest.raises(TemplateError) as err:
        load_profile(str(folder))
    key = word.split(" = ")[0].split("\n")[-1]
    assert "[format]" in str(err.value) and key in str(err.value)


# ------------------------------------------------------------------ rows
def test_class_rows_choose_the_24_or_26_classes(tmp_path):
    src = write_input(tmp_path / "in.xlsx")
    sets = cat.class_row_sets()
    assert len(sets["2022"]) == 26 and len(sets["shanghai-2024"]) == 24
    assert {"231", "232"} <= set(sets["2022"]) - set(sets["shanghai-2024"])
    folder = region(tmp_path, ('title = "{{ year }}年度收入支出决算总表（表1）"',
                               'title = "{{ year }}年度收入支出决算总表（表1）"\nclass_rows = "shanghai-2024"'))
    report, _ = computed(src, load_profile(str(folder)))
    codes = [c.code for c in report.t1.expense]
    assert codes == list(sets["shanghai-2024"])
    assert "债务还本支出" not in [c.name for c in report.t1.expense]
    # 表4 keeps the catalogue's 类 unless it asks too
    assert "231" in [c.code for c in report.t4.expense]
    default, _ = computed(src, load_profile("default"))
    assert [c.code for c in default.t1.expense] == list(sets["2022"])


def test_a_class_the_set_lacks_keeps_its_row(tmp_path):
    lines = ({"code": "2310101", "fund": "一般公共预算", "income_fiscal": "5.00", "exp_project": "5.00"},)
    src = write_input(tmp_path / "in.xlsx", lines=lines, economic=())
    report, _ = computed(src, None)
    rows = RowChoice(class_rows=(("t1", cat.class_row_sets()["shanghai-2024"]),))
    wb = read_workbook(src)
    report = compute(wb, Catalogues.load(wb), evaluate(wb), rows)
    assert report.t1.expense[-1].code == "231" and report.t1.expense[-1].amount == D("5.00")


def test_t6_rows_from_the_catalogue_with_always(tmp_path):
    src = write_input(tmp_path / "in.xlsx", economic=(
        {"code": "30101", "amount": "60.00"}, {"code": "31001", "amount": "40.00"}))
    folder = region(tmp_path, (
        'title = "{{ year }}年度一般公共预算财政拨款基本支出决算明细表（表6）"',
        'title = "{{ year }}年度一般公共预算财政拨款基本支出决算明细表（表6）"\nalways = ["30102", "303"]'))
    report, _ = computed(src, load_profile(str(folder)))
    printed = {getattr(r, f"{k}_code"): getattr(r, f"{k}_amount")
               for r in report.t6.rows for k in "abc" if getattr(r, f"{k}_code")}
    assert printed["31001"] == D("40.00") and printed["30101"] == D("60.00")
    assert printed["30102"] == D("0")                  # always, without an amount
    assert "30301" in printed and "303" in printed     # a 类 in always brings all its 款
    assert "30201" not in printed                      # neither entered nor asked for
    # the default profile keeps the 2022 layout: 31001 is not one of its rows
    # (it is added after its 类 only because it has an amount)
    default, _ = computed(src, load_profile("default"))
    codes = [r.a_code for r in default.t6.rows] + [r.c_code for r in default.t6.rows]
    assert "30201" in [r.b_code for r in default.t6.rows] and "31001" in codes


def test_always_is_checked(tmp_path):
    folder = region(tmp_path, ('title = "{{ year }}年度一般公共预算财政拨款基本支出决算明细表（表6）"',
                               'title = "x"\nalways = ["3101"]'))
    with pytest.raises(TemplateError, match="always"):
        load_profile(str(folder))
    folder = region(tmp_path / "b", ('title = "{{ year }}年度支出决算表（表3）"',
                                     'title = "x"\nalways = ["301"]'))
    with pytest.raises(TemplateError, match="只用于 t6"):
        load_profile(str(folder))


# ------------------------------------------------------------------ absent_note
@pytest.mark.slow
def test_absent_note_on_the_sangong_table(tmp_path):
    folder = region(tmp_path, ('title = "{{ year }}年度财政拨款“三公”经费支出决算表（表9）"',
                               'title = "{{ year }}年度财政拨款“三公”经费支出决算表（表9）"\n'
                               'absent_note = "说明：本单位{{ year }}年度没有“三公”经费，故本表无数据。"'))
    wb = openpyxl.load_workbook(folder / "tables.xlsx")
    ws = wb["财政拨款“三公”经费支出决算表"]
    ws.cell(ws.max_row + 2, 1, "{{ absent_note }}")
    wb.save(folder / "tables.xlsx")
    profile = load_profile(str(folder))

    def note(src):
        report, _ = computed(src, profile)
        out = src.with_suffix(".out.xlsx")
        render_tables(report, profile, out)
        ws = openpyxl.load_workbook(out)["表9"]
        return [c.value for row in ws.iter_rows() for c in row if c.value and "故本表无数据" in str(c.value)]

    assert note(write_input(tmp_path / "none.xlsx")) == ["说明：本单位2022年度没有“三公”经费，故本表无数据。"]
    some = write_input(tmp_path / "some.xlsx", sangong={"reception": {"actual": "1.00"}})
    assert note(some) == []


# ------------------------------------------------------------------ sections
NESTED = '''
[[document.parts]]
key = "explanation"
title = "{unit}{year}年度部门决算情况说明"
sections = [
  { key = "total" },
  { title = "其他重要事项说明", sections = [
      { key = "operation", title = "机关运行经费支出情况" },
      { key = "procurement", title = "政府采购支出情况" },
      { free = "相关口径说明" },
  ] },
  { free = "联系方式", title = "联系方式和咨询电话" },
  { free = "没有填的说明" },
]

[[document.parts]]
free = "附注"
'''


def nested_profile(tmp_path: Path) -> Path:
    folder = region(tmp_path)
    toml = folder / "profile.toml"
    text = toml.read_text("utf-8")
    start = text.index("[[document.parts]]\nkey = \"explanation\"")
    end = text.index("[[document.parts]]\nkey = \"key_work\"")
    toml.write_text(text[:start] + NESTED.strip() + "\n\n" + text[end:], "utf-8")
    return folder


def headings(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs
            if p.style.name.startswith("Heading")]


@pytest.mark.slow
def test_nested_and_free_sections(tmp_path):
    src = write_input(tmp_path / "in.xlsx", supplement={"operation": {"current": "10.00"}})
    add_sheet(src, "其他说明", ["标题", "内容"], [
        ["联系方式", "联系人：张三\n电话：027-12345678"],
        ["相关口径说明", "本报告金额单位为万元。"],
        ["附注", "以上。"],
        ["没有填的说明", None],
    ])
    report, ev = computed(src)
    out = tmp_path / "out.docx"
    render_document(report, ev, load_profile(str(nested_profile(tmp_path))), out)
    heads = headings(out)
    explanation = heads[[h for _, h in heads].index("第三部分 测试局2022年度部门决算情况说明"):]
    assert explanation[1:7] == [
        ("Heading 2", "一、收入支出决算总体情况说明"),
        ("Heading 2", "二、其他重要事项说明"),
        ("Heading 3", "（一）机关运行经费支出情况"),
        ("Heading 3", "（二）政府采购支出情况"),
        ("Heading 3", "（三）相关口径说明"),
        ("Heading 2", "三、联系方式和咨询电话"),
    ]
    assert ("Heading 2", "四、没有填的说明") not in heads     # blank: left out
    assert ("Heading 1", "第四部分 附注") in heads         # 重点工作 (none) is left out
    text = norm(docx_text(out))
    assert "联系人：张三电话：027-12345678" in text and "本报告金额单位为万元。" in text
    assert "以上。" in text


@pytest.mark.slow
def test_free_section_without_its_sheet_is_left_out(tmp_path):
    src = write_input(tmp_path / "in.xlsx")
    report, ev = computed(src)
    out = tmp_path / "out.docx"
    render_document(report, ev, load_profile(str(nested_profile(tmp_path))), out)
    heads = [h for _, h in headings(out)]
    assert "三、联系方式和咨询电话" not in heads and "（三）相关口径说明" not in heads
    assert not any("附注" in h for h in heads)
    # 机关运行经费 and 政府采购 always speak, so 其他重要事项说明 stays
    assert "二、其他重要事项说明" in heads


@pytest.mark.parametrize("sections,word", [
    ('{ key = "nope" }', "nope"),
    ('{ free = "" }', "free"),
    ('{ title = "甲", sections = [ { title = "乙", sections = [] } ] }', "不能再含下级小节"),
    ('{ key = "total", colour = "red" }', "colour"),
    ('{ title = "甲", sections = "total" }', "sections"),
])
def test_section_mistakes_are_named(tmp_path, sections, word):
    from reportgen.compose.narrative import layout
    with pytest.raises(TemplateError, match=word):
        layout({"parts": [{"key": "explanation", "sections": [_toml_inline(sections)]}]}, "单位", 2022)


def _toml_inline(text: str):
    import tomllib
    return tomllib.loads(f"x = {text}")["x"]
