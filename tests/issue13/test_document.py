"""Kind 7 (empty and unbacked sections) and kind 8 (the document checks
itself before it is published): the handed case, further members, and a
test per self-check hit type that plants it and sees the build refuse."""

from __future__ import annotations

import shutil

import pytest
from docx import Document

from reportgen.build import Options, build, check
from reportgen.render.selfcheck import check_document, scan_text

from docx_support import docx_text
from support import EXAMPLE, ROOT
from variants import case, variant


def _built(src, tmp_path, profile="default"):
    out = tmp_path / "out"
    return build(src, out, Options(profile=str(profile))), out


def _docx(built):
    assert not built.refused, [f.message for f in built.checked.result.errors]
    return next(p for p in built.outputs if p.suffix == ".docx")


def _headings(path):
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs
            if p.style.name.startswith("Heading")]


# ------------------------------------------------------------ kind 7
@pytest.fixture(scope="module")
def blank_doc(tmp_path_factory):
    built, _ = _built(case("optional-texts-blank"), tmp_path_factory.mktemp("blank"))
    return _docx(built)


def test_blank_case_has_no_unbacked_claim_or_internal_wording(blank_doc):
    text = docx_text(blank_doc)
    assert "未填报" not in text
    assert "组织对本单位开展整体支出绩效自评" not in text
    assert "重点工作完成情况" not in text            # no 第四部分 page with only its heading


def test_blank_case_has_no_empty_heading(blank_doc):
    assert not [f for f in check_document(blank_doc) if f.code == "D804"]
    heads = [t for _, t in _headings(blank_doc)]
    assert "第四部分 名词解释" in heads               # parts renumbered
    assert not [t for t in heads if "预算绩效" in t or "自评" in t]


def test_validate_lists_the_optional_parts_left_blank():
    res = check(case("optional-texts-blank")).result
    infos = res.at("I701")
    assert infos and all(f.severity == "提示" for f in infos)
    labels = {f.values["label"] for f in infos}
    assert {"重点工作", "整体绩效自评", "预算绩效管理工作开展情况", "绩效自评结果应用情况"} <= labels
    assert res.exit_code(strict=True) == 0 or res.errors or res.warnings


def test_the_example_has_no_blank_optional_part():
    assert not check(EXAMPLE).result.at("I701")


@pytest.mark.slow
def test_key_work_left_blank(tmp_path):
    def change(wb):
        ws = wb["重点工作"]
        ws.delete_rows(2, ws.max_row)
    built, _ = _built(variant(EXAMPLE, tmp_path / "v.xlsx", change), tmp_path)
    heads = [t for _, t in _headings(_docx(built))]
    assert not [t for t in heads if "重点工作" in t] and "第四部分 名词解释" in heads
    assert any(f.values["label"] == "重点工作" for f in built.checked.result.at("I701"))


@pytest.mark.slow
def test_application_left_blank(tmp_path):
    def change(wb):
        wb["文字说明"]["B18"] = None        # 绩效自评结果应用情况
    built, _ = _built(variant(EXAMPLE, tmp_path / "v.xlsx", change), tmp_path)
    heads = [t for _, t in _headings(_docx(built))]
    assert "（四）绩效自评结果应用情况" not in heads and "（三）项目支出自评结果" in heads
    assert any(f.where == "文字说明!B18" for f in built.checked.result.at("I701"))


@pytest.mark.slow
def test_functions_left_blank(tmp_path):
    def change(wb):
        wb["文字说明"]["B2"] = None
    built, _ = _built(variant(EXAMPLE, tmp_path / "v.xlsx", change), tmp_path)
    heads = [t for _, t in _headings(_docx(built))]
    assert "一、部门主要职能" not in heads and "一、部门决算单位构成" in heads


@pytest.mark.slow
def test_unit_self_evaluation_not_entered(tmp_path):
    def change(wb):
        for name in ("整体绩效自评", "整体绩效目标", "绩效指标"):
            del wb[name]
        for r in (15, 16, 17):              # 整体支出绩效自评情况, 得分, 主要产出和效果
            wb["文字说明"][f"B{r}"] = None
    built, _ = _built(variant(EXAMPLE, tmp_path / "v.xlsx", change), tmp_path)
    doc = _docx(built)
    heads = [t for _, t in _headings(doc)]
    assert not [t for t in heads if "单位整体支出自评结果" in t]
    assert "（二）项目支出自评结果" in heads
    assert "组织对本单位开展整体支出绩效自评" not in docx_text(doc)


# ------------------------------------------------------------ kind 8
@pytest.mark.parametrize("text,code", [
    ("增加了{{ 资金 }}", "D801"), ("{% if x %}", "D801"), ("比上年增加（减少）XX万元", "D802"),
    ("增长（下降）", "D802"), ("××单位", "D802"), ("主要原因是主要是人员增加", "D803"),
    ("主要原因：：人员", "D803"), ("人员增加。。", "D803"), ("人员增加，。", "D803")])
def test_scan_text_finds_each_kind(text, code):
    assert code in {f.code for f in scan_text(text, "Word 文档", "某节")}


@pytest.mark.parametrize("text", ["2022年度收、支总计13,258.64万元。", "XXL 号", "……", "（一）增加"])
def test_scan_text_leaves_clean_text(text):
    assert not scan_text(text, "Word 文档", "某节")


def _profile(tmp_path, add):
    """A copy of the default profile whose document.docx ends with ``add(doc)``."""
    prof = tmp_path / "profile"
    shutil.copytree(ROOT / "templates" / "default", prof)
    doc = Document(str(prof / "document.docx"))
    add(doc)
    doc.save(str(prof / "document.docx"))
    return prof


def _refused(built, out, code, section):
    assert built.refused
    hits = built.checked.result.at(code)
    assert hits and all(f.severity == "错误" for f in hits), built.checked.result.codes()
    assert any(section in f.message for f in hits), [f.message for f in hits]
    assert not list(out.glob("*.docx")) and not list(out.glob("*.xlsx"))
    return hits


def _refused_at(built, out, code, where):
    """Refused by validation (bug 21): ``code`` at the clerk's cell, before
    anything is rendered (no D8xx finding, no output)."""
    assert built.refused
    hits = built.checked.result.at(code)
    assert [f.where for f in hits] == [where], built.checked.result.codes()
    assert not any(f.code.startswith("D8") for f in built.checked.result.findings)
    assert not list(out.glob("*.docx")) and not list(out.glob("*.xlsx"))
    return hits


@pytest.mark.slow
def test_template_syntax_typed_in_a_text_is_refused(tmp_path):
    def change(wb):
        wb["文字说明"]["B4"] = "增加了{{ 就业补助 }}资金"
    built, out = _built(variant(EXAMPLE, tmp_path / "v.xlsx", change), tmp_path)
    hits = _refused_at(built, out, "S131", "文字说明!B4")
    assert "{{" in hits[0].message


@pytest.mark.slow
def test_placeholder_planted_in_a_copied_template_is_refused(tmp_path):
    prof = _profile(tmp_path, lambda d: d.add_paragraph("本年度比上年增长（下降）XX%。"))
    built, out = _built(EXAMPLE, tmp_path, prof)
    _refused(built, out, "D802", "第六部分 附件")


@pytest.mark.slow
def test_doubled_punctuation_typed_in_a_text_is_refused(tmp_path):
    def change(wb):
        wb["文字说明"]["B3"] = "本部门决算由局机关本级组成。。"
    built, out = _built(variant(EXAMPLE, tmp_path / "v.xlsx", change), tmp_path)
    _refused_at(built, out, "S133", "文字说明!B3")


@pytest.mark.slow
def test_doubled_lead_in_planted_in_a_copied_template_is_refused(tmp_path):
    prof = _profile(tmp_path, lambda d: d.add_paragraph("主要原因是主要是{{ total.reason }}。"))
    built, out = _built(EXAMPLE, tmp_path, prof)
    _refused(built, out, "D803", "第六部分 附件")


@pytest.mark.slow
def test_empty_heading_planted_in_a_copied_template_is_refused(tmp_path):
    prof = _profile(tmp_path, lambda d: d.add_paragraph("十四、其他需要说明的情况", "Heading 2"))
    built, out = _built(EXAMPLE, tmp_path, prof)
    hits = _refused(built, out, "D804", "十四、其他需要说明的情况")


@pytest.mark.slow
def test_a_total_that_disagrees_with_table_1_is_refused(tmp_path):
    prof = _profile(tmp_path, lambda d: d.add_paragraph("{{ year }}年度收、支总计1.00万元。"))
    built, out = _built(EXAMPLE, tmp_path, prof)
    hits = _refused(built, out, "D805", "第六部分 附件")
    assert "表1 总计 13,258.64" in hits[0].message


@pytest.mark.slow
def test_a_fiscal_total_that_disagrees_with_table_4_is_refused(tmp_path):
    prof = _profile(tmp_path, lambda d: d.add_paragraph("财政拨款收、支总计13,258.00万元。"))
    built, out = _built(EXAMPLE, tmp_path, prof)
    _refused(built, out, "D805", "第六部分 附件")


@pytest.mark.slow   # further members of the kind: CI runs them
def test_the_example_and_the_cases_pass_the_self_check(tmp_path):
    for i, src in enumerate((EXAMPLE, case("reason-lead-in-doubled"), case("date-cells"))):
        built, _ = _built(src, tmp_path / str(i))
        assert not built.refused, [f.message for f in built.checked.result.errors]


@pytest.mark.parametrize("sentence,cell", [
    ("2022年度收入合计13,000.00万元。", "表1 本年收入合计"),
    ("2022年度支出合计13,258.65万元。", "表1 本年支出合计"),
    ("2022年度一般公共预算财政拨款支出100.00万元。", "表5 合计"),
])
@pytest.mark.slow   # further members of the kind: CI runs them
def test_other_sentences_that_disagree_with_their_table_are_refused(sentence, cell, tmp_path):
    prof = _profile(tmp_path, lambda d: d.add_paragraph(sentence))
    built, out = _built(EXAMPLE, tmp_path, prof)
    hits = _refused(built, out, "D805", "第六部分 附件")
    assert cell in hits[0].message
