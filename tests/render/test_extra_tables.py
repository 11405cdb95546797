"""Tables beyond the nine (issue 12, item 3): layouts of tables.xlsx bound to
named data sets of the report, chosen, ordered and placed (决算表 or 附表
after the text) by the profile; 表8 as 收入支出 (``form``).

Golden values are the every-column example's inputs (tests/data/
make_every_column.py: 项目支出, 三公经费, 补充数据), not what the code printed."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from reportgen.build import Options, build
from reportgen.compute.tables import Catalogues, compute
from reportgen.core.errors import TemplateError
from reportgen.core.profile import DATA_SETS, load_profile
from reportgen.read.reader import read_workbook
from reportgen.selfeval.tables import evaluate

from docx_support import docx_text
from support import EVERY_COLUMN, EXAMPLE

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "templates" / "default"
D = Decimal


@pytest.fixture(scope="module")
def report():
    wb = read_workbook(EVERY_COLUMN)
    return compute(wb, Catalogues.load(wb), evaluate(wb))


# ------------------------------------------------------------------ data sets
def test_every_data_set_a_profile_may_name_is_computed(report):
    assert set(DATA_SETS) <= set(report.tables)
    assert {f"t{i}" for i in range(1, 10)} <= set(report.tables)


def test_projects_table_lists_each_project_with_its_functional_item(report):
    t = report.tables["projects"]
    assert [(r.index, r.name, r.code, r.code_name, r.amount) for r in t.rows] == [
        (1, "信息化建设项目", "2080102", "一般行政管理事务", D("200.00")),
        (2, "业务培训项目", "2080102", "一般行政管理事务", D("90.00")),
    ]
    assert t.total == D("290.00") and not t.absent


def test_sangong_and_operation_table(report):
    by = report.tables["sangong_operation"].by
    # 三公经费: 出国 10/8/6, 购置 40/35/0, 运行 15/12/14, 接待 5 (全年预算 4)/3/4;
    # 预算数 as 表9 prints it: the 全年预算数 where one is entered
    assert (by["total"].budget, by["total"].current, by["total"].last) == (D(69), D(58), D(24))
    assert (by["car"].budget, by["car"].current) == (D(55), D(47))
    assert (by["operation"].current, by["operation"].last, by["operation"].budget) == (D(70), D(75), None)


def test_procurement_table_with_sme_shares(report):
    by = report.tables["procurement"].by
    assert (by["total"].current, by["total"].extra) == (D(120), D(100))
    assert round(by["total"].share, 2) == D("83.33")           # 100 of 120
    assert (by["works"].current, by["works"].extra, by["works"].share) == (D(40), D(35), D("87.5"))
    assert (by["sme_small"].extra, by["sme_small"].share) == (D(80), D(80))   # 80 of 100


def test_assets_and_general_spending_tables(report):
    by = report.tables["assets"].by
    assert [by[k].current for k in ("vehicles", "cars", "cars_confidential", "cars_law",
                                    "cars_leader", "other_cars", "general_equipment",
                                    "special_equipment")] == [3, 2, 1, 1, 0, 1, 1, 1]
    by = report.tables["general_spending"].by
    assert (by["meeting"].current, by["meeting"].last) == (D(6), D(5))
    assert (by["total"].current, by["total"].last) == (D(18), D(15))
    assert not report.tables["general_spending"].absent


def test_t8_as_income_and_expenditure(report):
    # 国有资本经营 line 2230199: 年初 5.00, 收入 30.00, 项目支出 32.00, 年末 3.00
    t = report.tables["t8_flow"]
    assert {k: t.total[k] for k in ("carry_begin", "income", "total", "exp_project", "carry_end")} == {
        "carry_begin": D(5), "income": D(30), "total": D(32), "exp_project": D(32), "carry_end": D(3)}
    assert [r.code for r in t.rows] == ["223", "22301", "2230199"]


def test_empty_inputs_make_absent_tables(tmp_path):
    wb = read_workbook(EXAMPLE)
    rep = compute(wb, Catalogues.load(wb), evaluate(wb))
    assert rep.tables["general_spending"].absent       # the reference unit has no 会议费/培训费 rows


# ------------------------------------------------------------------ profiles
def _region(tmp_path: Path, edit) -> Path:
    folder = tmp_path / "region"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(DEFAULT, folder)
    toml = folder / "profile.toml"
    toml.write_text(edit(toml.read_text("utf-8")), "utf-8")
    return folder


def _add_before_document(block: str):
    marker = "# ---------------------------------------------------------------- Word 文档"

    def edit(text: str) -> str:
        assert text.count(marker) == 1
        return text.replace(marker, block + "\n" + marker)
    return edit


def test_default_profile_lists_the_nine_tables_only():
    p = load_profile("default")
    assert [t.id for t in p.tables] == [f"t{i}" for i in range(1, 10)]
    assert not any(t.annex for t in p.tables) and p.annex_title == ""
    assert p.tables[7].data == "t8"


@pytest.mark.parametrize("block, piece", [
    ('[[table]]\nid = "projects"\nsheet = "项目支出决算表"\nname = "表10"\ntitle = "x"\nplace = "后面"\n',
     "“place”的值“后面”"),
    ('[[table]]\nid = "projects"\nsheet = "项目支出决算表"\nname = "表10"\ntitle = "x"\nform = "收入支出"\n',
     "“form”只用于 t8"),
    ('[[table]]\nid = "project"\nsheet = "项目支出决算表"\nname = "表10"\ntitle = "x"\n', "general_spending"),
])
def test_profile_mistakes_name_the_key_and_the_allowed_values(tmp_path, block, piece):
    folder = _region(tmp_path, _add_before_document(block))
    with pytest.raises(TemplateError) as err:
        load_profile(str(folder))
    assert piece in str(err.value) and "profile.toml" in str(err.value)


def test_t8_form_must_be_known(tmp_path):
    folder = _region(tmp_path, lambda t: t.replace('id = "t8"\n', 'id = "t8"\nform = "收支"\n', 1))
    with pytest.raises(TemplateError) as err:
        load_profile(str(folder))
    assert "“form”的值“收支”" in str(err.value) and "收入支出" in str(err.value)


def _sheet_values(path: Path, name: str) -> list[list]:
    ws = openpyxl.load_workbook(path)[name]
    return [[v for v in row if v is not None] for row in ws.iter_rows(values_only=True)]


def _outputs(built) -> dict[str, Path]:
    return {p.suffix + ("-perf" if "绩效" in p.name else ""): p for p in built.outputs}


@pytest.mark.slow
def test_a_new_table_in_the_tables_part_and_t8_as_income_and_expenditure(tmp_path):
    """sangong_operation listed after 表9 (place left to its default) stands in
    第二部分 of the document and as the tenth sheet; 表8 takes the 收入支出 form."""
    block = ('[[table]]\nid = "sangong_operation"\nsheet = "财政拨款“三公”经费及机关运行经费支出决算表"\n'
             'name = "表10"\ntitle = "{{ year }}年度财政拨款“三公”经费及机关运行经费支出决算表（表10）"\n')

    def edit(text: str) -> str:
        text = _add_before_document(block)(text)
        return text.replace('id = "t8"\nsheet = "国有资本经营预算财政拨款支出决算表"',
                            'id = "t8"\nform = "收入支出"\nsheet = "国有资本经营预算财政拨款收入支出决算表"', 1)
    folder = _region(tmp_path, edit)
    built = build(EVERY_COLUMN, tmp_path / "out", Options(profile=str(folder)))
    out = _outputs(built)
    book = openpyxl.load_workbook(out[".xlsx"])
    assert book.sheetnames == [f"表{i}" for i in range(1, 11)]
    t10 = _sheet_values(out[".xlsx"], "表10")
    assert ["机关运行经费", 70, 75] in t10 and ["“三公”经费合计", 69, 58, 24] in t10
    t8 = _sheet_values(out[".xlsx"], "表8")
    assert "年初结转和结余" in t8[2] and ["合计", 5, 30, 32, 32, 3] in t8
    text = docx_text(out[".docx"])
    second, third = text.index("第二部分"), text.index("第三部分")
    assert second < text.index("“三公”经费及机关运行经费支出决算表（表10）") < third


@pytest.mark.slow
def test_third_profile_adds_a_tenth_table_and_prints_the_tables_as_annex(tmp_path):
    """Done-when of issue 12: a made-up profile adds 项目支出决算表 as a tenth
    table and prints the tables as 附表 after the text — profile.toml only,
    no Python.  Its 联系方式 part: the next test (free parts of [document])."""
    folder = _region(tmp_path, _third_profile)
    profile = load_profile(str(folder))
    assert [t.id for t in profile.tables][-1] == "projects" and all(t.annex for t in profile.tables)

    built = build(EVERY_COLUMN, tmp_path / "out", Options(profile=str(folder)))
    _check_third_profile_outputs(_outputs(built))


def _third_profile(text: str) -> str:
    """profile.toml of the made-up third profile: every table, and 项目支出决算表
    as a tenth, placed as 附表 under the heading “附表”; no 决算表 part."""
    text = 'annex_title = "附表"\n' + text
    text = re.sub(r'(\[\[table\]\]\nid = "t\d")\n', r'\1\nplace = "附表"\n', text)
    text = _add_before_document(
        '[[table]]\nid = "projects"\nsheet = "项目支出决算表"\nname = "表10"\n'
        'title = "{{ year }}年度项目支出决算表（表10）"\nplace = "附表"\n')(text)
    part = '[[document.parts]]\nkey = "tables"\ntitle = "{unit}{year}年度部门决算表"\n\n'
    assert part in text
    return text.replace(part, "")


def _check_third_profile_outputs(out: dict[str, Path]) -> str:
    assert openpyxl.load_workbook(out[".xlsx"]).sheetnames == [f"表{i}" for i in range(1, 11)]
    t10 = _sheet_values(out[".xlsx"], "表10")
    assert [1, "信息化建设项目", "2080102", "一般行政管理事务", 200] in t10
    assert [2, "业务培训项目", "2080102", "一般行政管理事务", 90] in t10
    assert ["合计", 290] in t10

    text = docx_text(out[".docx"])
    headings = [m.start() for m in re.finditer(r"第[一二三四五六七]部分", text)]
    annex = text.rindex("附表")
    titles = [text.index(f"（表{i}）", annex) for i in range(1, 11)]
    # after every part of the text, in the profile's order
    assert headings and annex > headings[-1]
    assert titles == sorted(titles)
    assert "信息化建设项目" in text[titles[-1]:]
    # no tables part: the first part after 概况 is 情况说明
    assert "部门决算表" not in text[:annex]
    return text


CONTACT = "联系人：王明，联系电话：0000-12345678。"


@pytest.mark.slow
def test_third_profile_with_a_contact_part(tmp_path):
    """The same third profile with a 联系方式 part (``free = "联系方式"``, the
    clerk's text from the 其他说明 sheet) after the text and before the 附表."""
    from reportgen.core import schema
    if not hasattr(schema, "FREE_TEXTS"):
        pytest.skip("free parts of [document] (其他说明 sheet) are not on this branch yet")

    def edit(text: str) -> str:
        text = _third_profile(text)
        part = '[[document.parts]]\nkey = "appendix"\n'
        assert part in text
        return text.replace(part, '[[document.parts]]\nfree = "联系方式"\n\n' + part)
    folder = _region(tmp_path, edit)
    src = tmp_path / "with-contact.xlsx"
    book = openpyxl.load_workbook(EVERY_COLUMN)
    ws = book[schema.FREE_TEXTS.name] if schema.FREE_TEXTS.name in book.sheetnames else \
        book.create_sheet(schema.FREE_TEXTS.name)
    ws["A1"], ws["B1"] = "标题", "内容"
    ws["A2"], ws["B2"] = "联系方式", CONTACT
    book.save(src)
    built = build(src, tmp_path / "out", Options(profile=str(folder)))
    text = _check_third_profile_outputs(_outputs(built))
    assert text.index("联系方式") < text.index(CONTACT) < text.rindex("附表")
