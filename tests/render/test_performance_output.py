"""The self-evaluation outputs: <单位>_<年度>年度绩效自评表.xlsx, and 第六部分
of the Word document (the 自评报告 and the same tables), built from
inputs/example-2022.xlsx.  Figures expected below were read from the
reference by a person; where reportgen's computed figure differs, the
comment says why (see tests/test_performance_reference.py)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from docx_support import docx_text, norm, render
from factory import write_input
from reportgen.core import schema
from reportgen.build import build, output_paths
from reportgen.selfeval.tables import evaluate
from reportgen.read.reader import read_workbook
from reportgen.render.performance_xlsx import render_performance, sheet_names
from support import EXAMPLE, convert_to_pdf

UNIT = "武汉市江汉区人力资源局"

# mark, name as printed, 预算数, 执行数, 执行率, 自评得分 (computed)
TABLES = [
    ("⑴", "人力资源局机关业务工作经费", "108.37", "108.37", "100%", "96.6"),    # ref. 97
    ("⑵", "人才与公共就业服务工作经费", "58.00", "58.00", "100%", "97.12"),      # ref. 95
    ("⑶", "劳动监察执法工作经费", "43.20", "43.20", "100%", "100"),
    ("⑷", "劳动人事争议仲裁办案工作经费", "160.00", "160.00", "100%", "99.93"),  # ref. 99
    ("⑸", "人力资源产业园管理经费", "647.88", "647.88", "100%", "100"),
    ("⑹", "支农返汉群体帮扶资金", "2,510.39", "952.10", "37.93%", "82.12"),  # ref. 38%, 83
    ("⑺", "维修经费", "21.00", "21.00", "100%", "100"),
    ("⑻", "隔离点后勤保障工作经费", "811.74", "806.75", "99.39%", "99.88"),   # ref. 100
    ("⑼", "创业担保贷款贴息", "55.00", "55.00", "100%", "100"),   # ref. titled as ⑻
    ("⑽", "入驻人力资源产业园企业政策扶持资金", "2,756.83", "2,756.83", "100%", "100"),
    ("⑾", "事业单位公开招聘经费", "79.29", "26.96", "34%", "82.76"),         # ref. 34.00%, 82
    ("⑿", "绩效管理目标综合考核奖励", "24.00", "24.00", "100%", "100"),
    ("⒀", "产业园基本要求标准预研究工作经费", "37.90", "22.74", "60%", "88.95"),  # ref. 88
    ("⒁", "劳动人事争议仲裁庭标准化建设项目改造方案经费", "23.78", "23.63", "99.37%", "99.87"),
    ("⒂", "信访维稳工作经费", "10.00", "10.00", "100%", "100"),
    # the sources add up to 6,013.91 (the reference prints 6,013.90 and 94 分)
    ("⒃", "就业补助资金", "6,016.47", "6,013.91", "99.96%", "90.52"),
    ("⒄", "“三支一扶”计划中央财政补助资金", "222.96", "173.72", "77.92%", "93.62"),  # ref. 78.00%, 92.6
]


@pytest.fixture(scope="module")
def ev():
    return evaluate(read_workbook(EXAMPLE))


@pytest.fixture(scope="module")
def xlsx(ev, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("perf") / "perf.xlsx"
    render_performance(ev, UNIT, 2022, out)
    return out


@pytest.fixture(scope="module")
def book(xlsx):
    return openpyxl.load_workbook(xlsx)


def _texts(ws) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


# ------------------------------------------------------------------ xlsx
def test_one_sheet_per_table_in_the_references_order(book):
    assert book.sheetnames[0] == "整体绩效自评表"
    assert [n[0] for n in book.sheetnames[1:]] == [t[0] for t in TABLES]
    assert all(len(n) <= 31 for n in book.sheetnames)


@pytest.mark.parametrize("mark, name, budget, actual, rate, score", TABLES,
                         ids=[t[0] for t in TABLES])
def test_each_table_holds_its_figures(book, mark, name, budget, actual, rate, score):
    ws = next(book[n] for n in book.sheetnames if n.startswith(mark))
    texts = _texts(ws)
    assert mark in texts[0] and name in texts
    assert any(t.endswith(f"{score}分") and ("自评得分" in t or t == f"{score}分") for t in texts)
    values = [c for row in ws.iter_rows() for c in row if c.value is not None]
    money = {f"{float(c.value):,.2f}" for c in values if c.number_format == "#,##0.00"}
    assert {budget, actual} <= money
    assert rate in texts


def test_project_table_layout(book):
    ws = book["⑹支农返汉群体帮扶资金"]
    texts = _texts(ws)
    assert "2022年度项目支出绩效自评表⑹" == texts[0]
    assert "1、经常性项目 ■　2、延续性项目 □　3、一次性项目 □" in texts
    assert "1、部门预算项目 ■" in texts and "资金量：1,306.94万元" in texts
    assert "2、专项资金 □" in texts and "3、上级转移支付项目 ■" in texts
    for label in ("预算执行情况（万元）（20分）", "项目绩效总目标（20分）", "项目年度绩效指标（60分）",
                  "偏差大或目标未完成原因分析", "改进措施及结果应用方案", "备注："):
        assert label in texts, label
    # the label cells are merged over their rows, 一级指标 over its run
    merged = {ws.cell(r.min_row, r.min_col).value: (r.max_row - r.min_row + 1)
              for r in ws.merged_cells.ranges}
    assert merged["项目年度绩效指标（60分）"] == 1 + 9      # header + 9 indicator lines
    assert merged["预算来源及资金规模"] == 3
    assert merged["产出指标"] == 4 and merged["效益指标"] == 4
    # the 备注 sit under the table, unbordered
    note = next(c for row in ws.iter_rows() for c in row if c.value == "备注：")
    assert note.border.left.style is None
    table_cell = next(c for row in ws.iter_rows() for c in row if c.value == "项目名称")
    assert table_cell.border.left.style == "thin"


def test_merged_ranges_are_bordered_on_every_edge(book):
    """openpyxl draws only what each cell of a merged range carries: the
    outline must be on every edge cell (as read back, interior sides drop)."""
    ws = book["整体绩效自评表"]
    for rng in ws.merged_cells.ranges:
        if ws.cell(rng.min_row, rng.min_col).border.left.style is None:
            continue    # the unbordered title and notes
        for c in range(rng.min_col, rng.max_col + 1):
            assert ws.cell(rng.min_row, c).border.top.style == "thin", (rng.coord, c)
            assert ws.cell(rng.max_row, c).border.bottom.style == "thin", (rng.coord, c)
        for r in range(rng.min_row, rng.max_row + 1):
            assert ws.cell(r, rng.min_col).border.left.style == "thin", (rng.coord, r)
            assert ws.cell(r, rng.max_col).border.right.style == "thin", (rng.coord, r)


def test_unit_table(book):
    ws = book["整体绩效自评表"]
    texts = _texts(ws)
    assert texts[0] == "2022年度部门（单位）整体绩效自评表"
    assert "自评得分：95.66分" in texts          # ref. 94.5
    assert "88.74%" in texts and "17.75" in texts   # 得分 ref. 18
    for no in (1, 2, 3, 4):
        assert f"年度目标{no}：（20分）" in texts
    assert "聚焦“促和谐”，确保劳动关系稳定" in texts
    assert "0.22" in texts                        # 5 of 23 场 × 1 (ref. 0.5)


def test_transfer_table(book):
    ws = book["⒄“三支一扶”计划中央财政补助资金"]
    texts = _texts(ws)
    assert texts[0] == "“三支一扶”计划中央财政补助资金转移支付整体绩效目标自评表⒄（2022年度）"
    for label in ("年度资金总额：", "其中：省级补助", "市县资金", "其他资金", "绩效指标（80分）",
                  "总分", "93.62分", "65.16%"):          # 市县资金 92.08/141.32 (ref. 65.00%)
        assert label in texts, label


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    src = write_input(tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(src)
    ws = wb.create_sheet(schema.PERF_PROJECTS.name)
    ws.append([c.header for c in schema.PERF_PROJECTS.columns])
    ws.append(["=1+1" if c.key == "name" else None for c in schema.PERF_PROJECTS.columns])
    ws = wb.create_sheet(schema.PERF_INDICATORS.name)
    ws.append([c.header for c in schema.PERF_INDICATORS.columns])
    values = {"table": "=1+1", "level1": "产出指标", "level2": "数量指标", "name": "@SUM(A1)",
              "target": "+5", "actual": "-3", "weight": 60}
    ws.append([values.get(c.key) for c in schema.PERF_INDICATORS.columns])
    for row in wb[schema.PERF_PROJECTS.name].iter_rows(min_row=2):
        for c in row:
            c.data_type = "s" if isinstance(c.value, str) else c.data_type
    for row in ws.iter_rows(min_row=2):
        for c in row:
            c.data_type = "s" if isinstance(c.value, str) else c.data_type
    wb.save(src)
    model = read_workbook(src)
    out = tmp_path / "perf.xlsx"
    render_performance(evaluate(model), "测试局", 2022, out)
    ws = openpyxl.load_workbook(out).worksheets[0]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in ("=1+1", "@SUM(A1)", "+5", "-3"):
        assert text in cells and cells[text].data_type == "s", text
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_the_workbook_opens_in_libreoffice(xlsx, soffice, tmp_path):
    pdf = convert_to_pdf(soffice, xlsx, tmp_path)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes())) >= 18


# ------------------------------------------------------------------ Word
@pytest.fixture(scope="module")
def docx(tmp_path_factory) -> Path:
    out, _ = render(EXAMPLE, tmp_path_factory.mktemp("doc") / "example.docx")
    return out


@pytest.fixture(scope="module")
def text(docx) -> str:
    return norm(docx_text(docx))


def _segments(text: str) -> dict[str, str]:
    """Each table's text, from its title to the next title."""
    titles = [(m.start(), mark) for mark, *_ in TABLES
              for m in re.finditer(re.escape(mark), text)
              if text[max(0, m.start() - 7):m.start()].endswith("自评表")]
    titles.sort()
    out = {}
    for k, (start, mark) in enumerate(titles):
        end = titles[k + 1][0] if k + 1 < len(titles) else len(text)
        out[mark] = text[start:end]
    return out


@pytest.mark.parametrize("mark, name, budget, actual, rate, score", TABLES,
                         ids=[t[0] for t in TABLES])
def test_document_holds_every_table(text, mark, name, budget, actual, rate, score):
    seg = _segments(text)[mark]
    assert norm(name) in seg
    assert budget in seg and actual in seg and rate in seg
    assert f"自评得分：{score}分" in seg or f"总分{score}分" in seg


def test_document_has_the_self_evaluation_report(text):
    for sentence in (
        "第六部分附件2022年度武汉市江汉区人力资源局部门整体支出绩效自评报告一、自评结论",
        # ref. “总分为 94.5 分”: the sum of scores typed by hand, not its rules
        "三公经费的使用严格控制在预算申报的范围内。部门整体支出绩效自评总分为95.66分。",
        # ref. “项目支出 13591.03 万元，项目支出执行率为 88.7%” (the budget, and the
        # whole department's rate): 11,908.32 of 13,591.03 is 87.6%
        "基本支出预算1350.32万元，执行1350.32万元，预算资金执行率为100%；"
        "项目支出预算13591.03万元，执行11908.32万元，项目支出执行率为87.6%。",
        "年度决算支出共计13258.64万元，其中，基本支出1350.32万元，项目支出11908.32万元，"
        "年度预算执行率为88.7%。",
        "共设置数量指标23个，其中：百万大学生留汉创业就业工程”春季大型校园巡回招聘活动年初目标值为23场，"
        "实际完成值为5场，得分0.22分；",
        "（五）其他佐证材料无",
    ):
        assert norm(sentence) in text, sentence
    # 完成的 / 未完成的绩效目标: the 数量 and 质量 indicators, by whether they were met
    done = text[text.index("2.完成的绩效目标。"):text.index("3.未完成的绩效目标。")]
    missed = text[text.index("3.未完成的绩效目标。"):text.index("（三）存在的问题和原因")]
    assert "扶持创业4080人4994人" in done and "扶持创业" not in missed
    assert "专家评审会5场1场" in missed and "创业带动就业8400人7951人" in missed


def test_section_13_uses_the_computed_unit_score(text):
    assert norm("经过综合评价，2022年度整体支出绩效得分为95.66分。") in text


def test_the_document_opens_in_libreoffice(docx, soffice, tmp_path):
    pdf = convert_to_pdf(soffice, docx, tmp_path)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes())) > 60


# ------------------------------------------------------------------ build
@pytest.mark.slow
def test_build_writes_the_performance_workbook(tmp_path):
    built = build(EXAMPLE, tmp_path)
    perf = output_paths(built.report, tmp_path)["performance"]
    assert perf.name == f"{UNIT}_2022年度绩效自评表.xlsx"
    assert perf in built.outputs and perf.exists()
    assert openpyxl.load_workbook(perf).sheetnames == sheet_names(evaluate(read_workbook(EXAMPLE)))


def test_no_self_evaluation_no_workbook_and_no_sixth_part(tmp_path):
    src = write_input(tmp_path / "in.xlsx")
    built = build(src, tmp_path / "out")
    assert not built.refused
    perf = output_paths(built.report, tmp_path / "out")["performance"]
    assert perf not in built.outputs and not perf.exists()
    doc = next(p for p in built.outputs if p.suffix == ".docx")
    assert "第六部分" not in docx_text(doc) and "附件" not in docx_text(doc)


# ------------------------------------------------------------------ 情况说明 十三
def test_section_13_has_problem_sentences_only_where_entered(text):
    # 1 has none: its summary runs straight into 2
    assert norm("确保了机关各业务科室事业任务的顺利完成。2.人才与公共就业服务工作经费项目绩效自评综述") in text
    # 6 has both (the reference omits the colons)
    assert norm("主要产出和效益是做好了支农群体的常态化管理工作。发现的问题及原因：上级转移支付1203.45万元"
                "于下半年下达，用于下年支农返汉帮扶资金支出。下一步改进措施：加快资金使用进度。7.") in text


def _with_project_table(path: Path) -> Path:
    """A minimal input plus one project self-evaluation whose project is not
    on 项目支出."""
    src = write_input(path)
    wb = openpyxl.load_workbook(src)
    ws = wb.create_sheet(schema.PERF_PROJECTS.name)
    ws.append([c.header for c in schema.PERF_PROJECTS.columns])
    rec = {"name": "新建项目", "budget": 40, "actual": 30, "goal_score": 20,
           "result": "完成了新建任务", "deviation": "进度偏慢"}
    ws.append([rec.get(c.key) for c in schema.PERF_PROJECTS.columns])
    wb.save(src)
    return src


def test_a_table_without_a_project_line_is_in_section_13_only(tmp_path):
    from reportgen.compute.tables import Catalogues, compute
    from reportgen.compose.narrative import build_context

    wb = read_workbook(_with_project_table(tmp_path / "in.xlsx"))
    cats = Catalogues.load(wb)
    ev = evaluate(wb)
    ctx = build_context(compute(wb, cats, ev), ev)
    (p,) = ctx.performance.projects
    assert (p.name, p.budget, p.amount, p.mark) == ("新建项目", 40, 30, "⑴")
    assert p.rate == 75 and p.problems == "进度偏慢" and p.score == 15 + 20
    assert ctx.general.projects == []
    assert [q.key for q in ctx.doc.parts][-1] == "appendix"
