"""The bundled Shanghai 2024 profile (templates/shanghai-2024/, issue 12 item 5).

Golden text comes from Shanghai's official 2024 template
(../shared/reference/shanghai-2024-template.pdf and its .txt): the table
titles and order of its 目录 and pages, the sections of 第三部分 and the
sentence patterns, transcribed below.  Golden figures come from the inputs of
tests/data/every-column.xlsx (三公经费 and 补充数据 sheets), worked by hand.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile

import openpyxl
import pytest
from docx import Document

from factory import write_input
from reportgen.build import Options, build
from support import EVERY_COLUMN, ROOT

PROFILE = ROOT / "templates" / "shanghai-2024"

# 第二部分 of the template, in order: the title of each table, and which
# computed table it shows (七 is the 三公 table, 八 and 九 the funds: the
# Shanghai numbering differs from the default 表7/表8/表9)
TABLES = [
    ("t1", "一、收入支出决算总表"),
    ("t2", "二、收入决算表"),
    ("t3", "三、支出决算表"),
    ("t4", "四、财政拨款收入支出决算总表"),
    ("t5", "五、一般公共预算财政拨款支出决算表"),
    ("t6", "六、一般公共预算财政拨款基本支出决算表"),
    ("t9", "七、财政拨款“三公”经费支出决算表"),
    ("t7", "八、政府性基金预算财政拨款收入支出决算表"),
    ("t8", "九、国有资本经营预算财政拨款收入支出决算表"),
]
# 第三部分 of the template: the eleven sections, 十一 with its three
EXPLANATION = [
    "一、收入支出决算总体情况说明",
    "二、收入决算情况说明",
    "三、支出决算情况说明",
    "四、财政拨款收入支出决算总体情况说明",
    "五、一般公共预算财政拨款支出决算情况说明",
    "六、一般公共预算财政拨款基本支出决算情况说明",
    "七、财政拨款“三公”经费支出决算情况说明",
    "八、政府性基金预算财政拨款收入支出决算情况说明",
    "九、国有资本经营预算财政拨款收入支出决算情况说明",
    "十、预算绩效管理情况",
    "十一、其他重要事项的情况说明",
]
OTHER = ["（一）机关运行经费支出情况", "（二）政府采购支出情况", "（三）国有资产占有使用情况说明"]
PARTS = ["第一部分 {u}概况", "第二部分 {u}{y}年度部门决算表", "第三部分 {u}{y}年度部门决算情况说明",
         "第四部分 名词解释"]

def changed(x: str) -> list[str]:
    """“增加（减少）XXX万元，增长（下降）XX%” from the Change ``x``.change: its word,
    amount and rate."""
    return [f"{{{{ {x}.change.word }}}}{{{{ {x}.change.diff|money }}}}万元",
            f"{{% if {x}.change.rate is not none %}}，{{{{ {x}.change.rate_word }}}}{{{{ {x}.change.rate|rate }}}}"]


# Every sentence pattern of the template's 第三部分, and its counterpart in
# document.docx: the words the template fixes, and the Jinja that picks
# “增加（减少）…增长（下降）”, “（如持平作持平表述）”, “（不涉及的不列）”,
# “大于（小于）” and the no-data sentences from the figures.
PATTERNS = [
    ("一 收入支出总计增加（减少）XXX万元，增长（下降）XX%。主要原因：XXXXXXXX。（如持平作持平表述）",
     ["{{ unit }}{{ year }}年度收入支出总计{{ total.amount|money }}万元。",
      "与{{ last_year }}年度相比，收入支出总计",
      "{% if total.change.same %}持平{% else %}", *changed("total"),
      "主要原因：{{ total.reason }}"]),
    ("二 本年收入合计XXX万元，其中：财政拨款收入XXX万元，占XX%……（不涉及的不列）",
     ["本年收入合计{{ income.total|money }}万元", "{% for p in income.sources %}",
      "{{ p.name }}{{ p.amount|money }}万元，占{{ p.share|rate }}"]),
    ("三 本年支出合计XXX万元，其中：基本支出XXX万元，占XX%……（不涉及的不列）",
     ["本年支出合计{{ expense.total|money }}万元", "{% for p in expense.parts %}",
      "{{ p.name }}{{ p.amount|money }}万元，占{{ p.share|rate }}"]),
    ("四 财政拨款收入支出总计增加（减少）XXX万元，增长（下降）XX%。主要原因：…（如持平作持平表述）",
     ["{{ unit }}{{ year }}年度财政拨款收入支出总计{{ fiscal.amount|money }}万元。",
      "与{{ last_year }}年度相比，财政拨款收入支出总计",
      "{% if fiscal.change.same %}持平{% else %}", *changed("fiscal"),
      "主要原因：{{ fiscal.reason }}"]),
    ("五（一） 一般公共预算财政拨款支出XXX万元，占本年支出合计的XX%。…增加（减少）…增长（下降）…",
     ["一般公共预算财政拨款支出{{ general.amount|money }}万元", "占本年支出合计的{{ general.share|rate }}",
      "{% if general.change.same %}持平{% else %}", *changed("general"),
      "主要原因：{{ general.reason }}"]),
    ("五（二） 主要用于以下方面：一般公共服务支出（类）XXX万元，占XX%……（不涉及的不列）",
     ["主要用于以下方面：", "{% for c in general.classes %}{{ c.name }}（类）{{ c.amount|money }}万元，"
      "占{{ c.share|rate }}"]),
    ("五（三） 年初预算为XXX万元，支出决算为XXX万元，完成年初预算的XX%",
     ["一般公共预算财政拨款支出{{ general.base_name }}为{{ general.budget|money }}万元，",
      "支出决算为{{ general.amount|money }}万元", "完成{{ general.base_name }}的",
      "{{ general.budget_rate|rate }}", "。其中："]),
    ("五（三） 1、XX（类）XX（款）XX（项）。主要用于：…。年初预算为…，支出决算为…。"
     "决算数大于（小于）预算数的主要原因：…（如持平作持平表述）",
     ["{{ i.index }}、{{ i.class_name }}（类）{{ i.kuan_name }}（款）{{ i.name }}（项）。",
      "主要用于：{{ i.uses }}。", "{{ i.base_name }}为{{ i.base_budget|money }}万元，支出决算为"
      "{{ i.actual|money }}万元。", "决算数{{ i.base_compare }}预算数", "的主要原因：{{ i.base_reason }}",
      "决算数与预算数持平。"]),
    ("六 基本支出XXX万元。其中：人员经费XXX万元，主要包括：…（不涉及的不列）；公用经费XXX万元，主要包括：…",
     ["一般公共预算财政拨款基本支出{{ basic.amount|money }}万元。其中：",
      "人员经费{{ basic.personnel|money }}万元", "主要包括：{{ basic.personnel_text }}",
      "公用经费{{ basic.public|money }}万元", "主要包括：{{ basic.public_text }}"]),
    ("七（一） 年初预算为XXX万元，支出决算为XXX万元，完成预算的XX%，其中：因公出国（境）费决算为…完成预算的XX%"
     "…决算数小于（大于）预算数的主要原因：…（如持平作持平表述）",
     ["“三公”经费财政拨款支出年初预算为{{ sangong.budget|money }}万元，",
      "支出决算为{{ sangong.amount|money }}万元", "完成预算的{{ sangong.base_rate|rate }}",
      "因公出国（境）费决算为{{ sangong.abroad.amount|money }}万元",
      "完成预算的{{ sangong.abroad.base_rate|rate }}",
      "公务用车购置及运行维护费支出决算为{{ sangong.car.amount|money }}万元",
      "完成预算的{{ sangong.car.base_rate|rate }}",
      "公务接待费支出决算为{{ sangong.reception.amount|money }}万元",
      "完成预算的{{ sangong.reception.base_rate|rate }}",
      "“三公”经费支出决算数{{ sangong.base_compare }}预算数的主要原因：{{ sangong.base_reason }}。",
      "“三公”经费支出决算数与预算数持平。"]),
    ("七（一） 决算数比上年度减少（增加）XXX万元，下降（增长）XX%，其中：…各项…；…支出减少（增加）的主要原因是…",
     ["“三公”经费财政拨款支出决算数", "比{{ last_year }}年度", *changed("sangong"),
      "因公出国（境）费支出决算{% if sangong.abroad.change.same %}持平"
      "{% else %}", *changed("sangong.abroad"),
      "公务用车购置及运行维护费支出决算{% if sangong.car.change.same %}持平",
      "公务接待费支出决算{% if sangong.reception.change.same %}持平",
      "{{ sangong.abroad.change.word }}的主要原因是{{ sangong.abroad.reason }}",
      "{{ sangong.car.change.word }}的主要原因是{{ sangong.car.reason }}",
      "{{ sangong.reception.change.word }}的主要原因是{{ sangong.reception.reason }}"]),
    ("七（二） 因公出国（境）费支出决算XXX万元，占XX%；…具体情况如下：",
     ["“三公”经费财政拨款支出决算中，", "因公出国（境）费支出决算{{ sangong.abroad.amount|money }}万元",
      "占{{ sangong.abroad.share|rate }}", "占{{ sangong.car.share|rate }}",
      "占{{ sangong.reception.share|rate }}", "具体情况如下："]),
    ("七（二） 1、因公出国（境）费支出XXX万元。全年安排因公出国（境）团组XX个、累计XX人次。",
     ["1、因公出国（境）费支出{{ sangong.abroad.amount|money }}万元。",
      "全年安排因公出国（境）团组{{ sangong.abroad.groups }}个", "、累计{{ sangong.abroad.persons }}人次"]),
    ("七（二） 2、公务用车购置及运行维护费支出XX万元。其中：公务用车购置支出为XX万元。…公务用车运行维护支出XX万元。"
     "…公务用车保有量为XXX辆。",
     ["2、公务用车购置及运行维护费支出{{ sangong.car.amount|money }}万元。其中：",
      "公务用车购置支出为{{ sangong.car.purchase|money }}万元。",
      "公务用车运行维护支出{{ sangong.car.running|money }}万元。",
      "公务用车保有量为{{ sangong.car.fleet }}辆。"]),
    ("七（二） 3、公务接待费支出XX万元。其中：国内公务接待支出XX万…列明公务接待批次、人次",
     ["3、公务接待费支出{{ sangong.reception.amount|money }}万元。",
      "其中：国内公务接待支出{{ sangong.reception.amount|money }}万元",
      "（含外宾接待支出{{ sangong.reception.foreign_amount|money }}万元）",
      "{{ d.category }}{{ d.amount|money }}万元", "，接待{% endif %}", "{{ d.batches }}批次",
      "{{ d.persons }}人次"]),
    ("七 无“三公”经费财政拨款支出的部门：XX局2024年度无“三公”经费财政拨款支出。",
     ["{{ unit }}{{ year }}年度无“三公”经费财政拨款支出。"]),
    ("八 政府性基金预算财政拨款收入XXX万元，支出XXX万元，支出具体情况如下：1、XX（类）XX（款）XX（项）…",
     ["政府性基金预算财政拨款收入{{ gov.income|money }}万元，支出{{ gov.amount|money }}万元",
      "，支出具体情况如下：", "for i in gov.items"]),
    ("八 无政府性基金…的部门：XX局2024年度无政府性基金预算财政拨款收入和支出。",
     ["if gov.absent", "{{ unit }}{{ year }}年度无政府性基金预算财政拨款收入和支出。"]),
    ("九 国有资本经营预算财政拨款收入XXX万元，支出XXX万元，支出具体情况如下：",
     ["国有资本经营预算财政拨款", "收入{{ soe.income|money }}万元，", "支出{{ soe.amount|money }}万元",
      "for i in soe.items"]),
    ("九 无国有资本经营…的部门：XX局2024年度无国有资本经营预算财政拨款收入和支出。",
     ["if soe.absent", "{{ unit }}{{ year }}年度无国有资本经营预算财政拨款收入和支出。"]),
    ("十 XX局2024年度预算绩效管理工作开展情况如下：…绩效自评的2024年度项目XX个，涉及预算金额XXX万元",
     ["{{ unit }}{{ year }}年度预算绩效管理工作开展情况如下：",
      "绩效自评的{{ year }}年度项目{{ performance.count }}个，涉及预算金额{{ performance.amount|money }}万元"]),
    ("十一（一） 机关运行经费支出XXX万元，比2023年度增加（减少）XXX万元，增长（下降）XX%。主要原因是…（如持平作持平表述）",
     ["机关运行经费支出{{ operation.amount|money }}万元",
      "{% if operation.change.same %}与{{ last_year }}年度持平"
      "{% else %}比{{ last_year }}年度", *changed("operation"),
      "主要原因是{{ operation.reason }}。"]),
    ("十一（一） 无机关运行经费支出的部门：XX局2024年度无机关运行经费支出。",
     ["{{ unit }}{{ year }}年度无机关运行经费支出。"]),
    ("十一（二） 政府采购金额（以合同签订为准）为XXX万元，其中：货物采购金额XX万元、工程…、服务…",
     ["{{ unit }}{{ year }}年度政府采购金额（以合同签订为准）为{{ procurement.total|money }}万元",
      "采购金额{{ k.amount|money }}万元", "由中小企业供应商中标或成交的，采购金额{{ procurement.sme|money }}万元",
      "由小微企业供应商中标或成交的，采购金额{{ procurement.sme_small|money }}万元"]),
    ("十一（三） 截至2024年12月31日，XX部门（单位）共有车辆XX辆…单价100万元（含）以上设备（不含车辆）XX台（套）。",
     ["截至{{ year }}年12月31日，{{ unit }}", "其他用车{{ assets.other_cars }}辆",
      "单价100万元（含）以上设备（不含车辆）{{ assets.special_equipment }}台（套）。"]),
]


def _docx_text(path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


# ------------------------------------------------------------- the profile files

def test_profile_lists_the_template_tables_in_order():
    data = tomllib.loads((PROFILE / "profile.toml").read_text("utf-8"))
    assert [(t["id"], t["name"]) for t in data["table"]] == TABLES
    # the number (一、二、…) from the order, by [format] table_numbering
    assert all(t["title"] == "{{ number }}" + t["name"][2:] for t in data["table"])
    assert data["format"]["table_numbering"] == "一、"
    by_id = {t["id"]: t for t in data["table"]}
    assert by_id["t1"]["class_rows"] == by_id["t4"]["class_rows"] == "shanghai-2024"
    assert by_id["t8"]["form"] == "收入支出"
    for tid, what in (("t9", "财政拨款“三公”经费支出"), ("t7", "政府性基金预算财政拨款收入和支出"),
                      ("t8", "国有资本经营预算财政拨款收入和支出")):
        assert by_id[tid]["absent_note"] == f"说明：{{{{ unit }}}}本年度没有{what}，故本表无数据。"
    assert data["format"]["percent_decimals"] == 2 and data["format"]["percent_trim"] is False
    parts = data["document"]["parts"]
    assert [p["key"] for p in parts] == ["overview", "tables", "explanation", "glossary"]
    secs = parts[2]["sections"]
    assert [f"{_cn(i)}、{s['title']}" for i, s in enumerate(secs, start=1)] == EXPLANATION
    assert [f"（{_cn(i)}）{s['title']}" for i, s in enumerate(secs[-1]["sections"], start=1)] == OTHER
    assert data["document"]["toc"] is True


def _cn(n: int) -> str:
    from reportgen.core.jinja import chinese_number
    return chinese_number(n)


def test_tables_xlsx_has_the_template_layouts():
    wb = openpyxl.load_workbook(PROFILE / "tables.xlsx")
    data = tomllib.loads((PROFILE / "profile.toml").read_text("utf-8"))

    def texts(sheet):
        return [c.value for row in wb[sheet].iter_rows() for c in row if isinstance(c.value, str)]

    for t in data["table"]:
        assert t["sheet"] in wb.sheetnames
    sheet = {t["id"]: t["sheet"] for t in data["table"]}
    # 八 and 九: 年初结转和结余 / 本年收入 / 本年支出 (合计, 基本, 项目) / 年末结转和结余, note below
    for tid in ("t7", "t8"):
        head = texts(sheet[tid])
        for label in ("年初结转和结余", "本年收入", "本年支出", "年末结转和结余", "基本支出", "项目支出"):
            assert label in head, (tid, label)
        assert "{{ absent_note }}" in head and "{{ r.carry_begin }}" in head and "{{ r.carry_end }}" in head
    # 七: 预算数 and 决算数 under each of the six columns, the note below
    head = texts(sheet["t9"])
    assert head.count("预算数") == 6 and head.count("决算数") == 6 and "{{ absent_note }}" in head
    # no 行次 / 栏次 in the Shanghai layouts
    assert not any(s in ("行次", "栏次") for t in data["table"] for s in texts(t["sheet"]))


@pytest.mark.slow
def test_generators_reproduce_the_committed_files(tmp_path):
    out = tmp_path / "document.docx"
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_shanghai_document.py"), str(out)],
                   check=True, capture_output=True)
    assert out.read_bytes() == (PROFILE / "document.docx").read_bytes()
    xlsx = tmp_path / "tables.xlsx"
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_shanghai_template.py"), str(xlsx)],
                   check=True, capture_output=True)
    made, kept = openpyxl.load_workbook(xlsx), openpyxl.load_workbook(PROFILE / "tables.xlsx")
    assert made.sheetnames == kept.sheetnames
    for name in made.sheetnames:
        assert ([[c.value for c in r] for r in made[name].iter_rows()]
                == [[c.value for c in r] for r in kept[name].iter_rows()]), name


@pytest.mark.parametrize("pattern, pieces", PATTERNS, ids=[p[0][:12] for p in PATTERNS])
def test_every_sentence_pattern_has_its_counterpart(pattern, pieces):
    text = _docx_text(PROFILE / "document.docx")
    for piece in pieces:
        assert piece in text, f"{pattern}: “{piece}” missing from document.docx"


def test_document_keeps_no_guidance_of_the_template():
    with zipfile.ZipFile(PROFILE / "document.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    for guidance in ("XX", "如持平作持平表述", "不涉及的不列", "由主管部门", "按上述格式", "（减少）", "（下降）"):
        assert guidance not in xml


def test_soe_context_holds_income_and_items():
    """九 tells 收入 and 支出 and each 项: every-column's one 国有资本经营 line
    2230199 has 财政拨款收入 30, 项目支出 32 and 年初预算数 35."""
    from decimal import Decimal

    from reportgen.compose.narrative import build_context
    from reportgen.compute.tables import Catalogues, compute
    from reportgen.read.reader import read_workbook
    from reportgen.selfeval.tables import evaluate

    wb = read_workbook(EVERY_COLUMN)
    ev = evaluate(wb)
    soe = build_context(compute(wb, Catalogues.load(wb), ev), ev).soe
    assert soe.income == Decimal("30") and soe.amount == Decimal("32")
    assert [(i.code, i.budget, i.actual, i.compare) for i in soe.items] == [
        ("2230199", Decimal("35"), Decimal("32"), "小于")]


# ------------------------------------------------------------- built with the profile



@pytest.fixture(scope="module")
def every_column(tmp_path_factory):
    out = tmp_path_factory.mktemp("shanghai")
    built = build(EVERY_COLUMN, out, Options(profile="shanghai-2024"))
    assert not built.refused
    return list(built.outputs)


def _outputs(files):
    """The tables workbook and the Word document among the files built."""
    xlsx = next(p for p in files if p.name.endswith("部门决算表.xlsx"))
    docx = next(p for p in files if p.name.endswith("部门决算.docx"))
    return xlsx, docx


def test_titles_and_order_as_in_the_template(every_column):
    xlsx, docx = _outputs(every_column)
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == [title for _, title in TABLES]
    for _, title in TABLES:
        assert wb[title]["A1"].value == title
    doc = Document(str(docx))
    heads = [p.text for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2", "Heading 3")]
    unit, year = "云岭市公共服务管理局", 2023
    assert [h for h in heads if h.startswith("第")] == [p.format(u=unit, y=year) for p in PARTS]
    start = heads.index(PARTS[2].format(u=unit, y=year))
    assert [h for h in heads[start + 1:] if not h.startswith("（") and not h.startswith("第")] == EXPLANATION
    titles = [p.text for p in doc.paragraphs if p.style.name == "Table Title"]
    assert titles == [title for _, title in TABLES]
    assert "目  录" in [p.text for p in doc.paragraphs]


def test_soe_table_has_four_column_groups(every_column):
    xlsx, _ = _outputs(every_column)
    ws = openpyxl.load_workbook(xlsx)["九、国有资本经营预算财政拨款收入支出决算表"]
    head = [c.value for r in ws.iter_rows(max_row=4) for c in r if c.value]
    for label in ("年初结转和结余", "本年收入", "本年支出", "年末结转和结余"):
        assert label in head
    total = next(r for r in ws.iter_rows(values_only=True) if r[0] == "合计")
    # the 国有资本经营 line of the input: 年初结转和结余 5, 收入 30, 支出 32 (项目), 年末 3
    assert [total[k] for k in (2, 3, 4, 5, 6, 7)] == [5, 30, 32, None, 32, 3]
    text = _docx_text(_outputs(every_column)[1])
    assert "国有资本经营预算财政拨款收入30.00万元，支出32.00万元，支出具体情况如下：" in text


def test_other_matters_hold_three_subsections(every_column):
    _, docx = _outputs(every_column)
    paras = [(p.style.name, p.text) for p in Document(str(docx)).paragraphs]
    at = paras.index(("Heading 2", "十一、其他重要事项的情况说明"))
    subs = [t for s, t in paras[at + 1:] if s == "Heading 3"][:3]
    assert subs == OTHER
    assert not any(s == "Heading 2" and t.startswith("十二、") for s, t in paras)


def test_percentages_have_two_decimals(every_column):
    _, docx = _outputs(every_column)
    text = _docx_text(docx)
    found = re.findall(r"[\d.]+%", text)
    assert found and all(re.fullmatch(r"\d+\.\d\d%", p) for p in found), found
    # 收支总计 1,424.35 against 上年 1,300 (补充数据): +124.35, 9.5654 %
    assert "收入支出总计增加124.35万元，增长9.57%" in text


def test_sangong_sentences_complete(every_column):
    _, docx = _outputs(every_column)
    text = _docx_text(docx)
    # 三公经费 sheet: budgets 10 / 40+15 / 5, actuals 8 / 35+12 / 3
    assert "支出决算为58.00万元，完成预算的82.86%" in text               # 58 / 70
    assert "因公出国（境）费决算为8.00万元，完成预算的80.00%" in text     # 8 / 10
    assert "公务用车购置及运行维护费支出决算为47.00万元，完成预算的85.45%" in text   # 47 / 55
    assert "公务接待费支出决算为3.00万元，完成预算的60.00%" in text        # 3 / 5
    assert "因公出国（境）费支出决算8.00万元，占13.79%" in text              # 8 / 58
    assert "公务用车购置及运行维护费支出决算47.00万元，占81.03%" in text     # 47 / 58
    assert "公务接待费支出决算3.00万元，占5.17%" in text                     # 3 / 58
    # against 上年 6 + 0 + 14 + 4 = 24: +34, 141.67 %
    assert "增长141.67%" in text


@pytest.fixture(scope="module")
def no_funds(tmp_path_factory):
    """A unit with only 一般公共预算 lines (收支总计 150): no 政府性基金, no 国有资本经营,
    no 三公; 上年 收支总计 150 and 机关运行经费 10 as this year."""
    folder = tmp_path_factory.mktemp("shanghai-none")
    src = write_input(folder / "in.xlsx", supplement={
        "total": {"last_year": "150.00"}, "operation": {"current": "10.00", "last_year": "10.00"}})
    built = build(src, folder / "out", Options(profile="shanghai-2024"))
    assert not built.refused
    return list(built.outputs)


def test_empty_table_notes(no_funds):
    xlsx, docx = _outputs(no_funds)
    wb = openpyxl.load_workbook(xlsx)

    def notes(title):
        return [c.value for r in wb[title].iter_rows() for c in r if isinstance(c.value, str)
                and c.value.startswith("说明：")]

    assert notes("七、财政拨款“三公”经费支出决算表") == [
        "说明：测试局本年度没有财政拨款“三公”经费支出，故本表无数据。"]
    assert notes("八、政府性基金预算财政拨款收入支出决算表") == [
        "说明：测试局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"]
    assert notes("九、国有资本经营预算财政拨款收入支出决算表") == [
        "说明：测试局本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。"]
    text = _docx_text(docx)
    for sentence in ("测试局2022年度无“三公”经费财政拨款支出。",
                     "测试局2022年度无政府性基金预算财政拨款收入和支出。",
                     "测试局2022年度无国有资本经营预算财政拨款收入和支出。"):
        assert sentence in text


def test_flat_figures_are_said_flat(no_funds):
    """“（如持平作持平表述）”: no 增加 0、增长 0%, no reason."""
    text = _docx_text(_outputs(no_funds)[1])
    assert "测试局2022年度收入支出总计150.00万元。与2021年度相比，收入支出总计持平。" in text
    assert "机关运行经费支出10.00万元，与2021年度持平。" in text
