"""Kind 8 under a profile's [format] and wording: the self-check expects
each figure as the filters printed it for that profile (two-decimal
percentages, no thousands separators …), and finds the figure a sentence
announces whatever way the template words it (“财政拨款收入支出总计” is
not “财政拨款收入”).  A clean build of the bundled Shanghai profile and of
a made-up one passes; a planted wrong figure is still refused."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal

import pytest
from docx import Document

from reportgen.build import Options, build
from reportgen.compose.provenance import Figure
from reportgen.core.profile import FormatSpec
from reportgen.render.selfcheck import FigureCheck, renderings

from docx_support import edit_runs
from support import EVERY_COLUMN, EXAMPLE, ROOT

D = Decimal
TWO_PLAIN = "[format]\npercent_decimals = 2\nthousands = false\n"


def _profile(tmp_path, base="default", fmt=None, edits=(), add=None):
    """A copy of a bundled profile: its [format] replaced by ``fmt``, each
    (old, new) of ``edits`` replaced in the document's runs, ``add`` appended."""
    prof = tmp_path / "profile"
    shutil.copytree(ROOT / "templates" / base, prof)
    if fmt is not None:
        toml = (prof / "profile.toml").read_text(encoding="utf-8")
        toml, n = re.subn(r"(?ms)^\[format\]\n.*?(?=^\[|\Z)", fmt + "\n", toml)
        assert n == 1
        (prof / "profile.toml").write_text(toml, encoding="utf-8")
    if edits or add:
        edit_runs(prof / "document.docx", edits, add)
    return prof


def _document_text(out):
    docs = list(out.rglob("*.docx"))
    assert len(docs) == 1, docs
    return "\n".join(p.text for p in Document(str(docs[0])).paragraphs)


# ------------------------------------------------ clean builds pass the self-check
@pytest.mark.slow   # further members of the kind: CI runs them
@pytest.mark.parametrize("src", [EVERY_COLUMN, EXAMPLE], ids=["every-column", "example-2022"])
@pytest.mark.parametrize("which", ["shanghai-2024", "two-decimals-no-thousands"])
def test_clean_build_under_another_format_passes_the_self_check(which, src, tmp_path):
    prof = "shanghai-2024" if which == "shanghai-2024" else str(
        _profile(tmp_path, fmt=TWO_PLAIN))
    out = tmp_path / "out"
    built = build(src, out, Options(profile=prof))
    codes = built.checked.result.codes()
    assert not built.refused and not any(c.startswith("D8") for c in codes), codes
    text = _document_text(out)
    # the format did apply: percentages to two decimals (trimmed: “100%”)
    pcts = re.findall(r"(?<![\d.])\d+(?:\.\d+)?%", text)
    assert any(re.fullmatch(r"\d+\.\d\d%", p) for p in pcts), pcts[:10]
    assert all(re.fullmatch(r"\d+(?:\.\d\d?)?%", p) for p in pcts), pcts
    if which != "shanghai-2024":
        # no thousands separators in any amount of the text
        assert not re.search(r"\d,\d{3}(?:\.\d+)?万元", text)
        if src == EXAMPLE:
            assert "13258.64万元" in text   # 表1 总计 of the 2022 reference, printed plain


# ------------------------------------------------ planted errors are still caught
@pytest.mark.slow
def test_typed_figure_under_two_decimals_is_refused(tmp_path):
    prof = _profile(tmp_path, fmt=TWO_PLAIN, add="本年度另有专项资金123.45万元。")
    built = build(EXAMPLE, tmp_path / "out", Options(profile=str(prof)))
    assert built.refused
    hits = built.checked.result.at("D806")
    assert hits and "123.45万元" in hits[0].message
    assert not list((tmp_path / "out").rglob("*.docx"))


@pytest.mark.slow
def test_one_decimal_share_under_two_decimals_is_wrong_rounding(tmp_path):
    # the template forces one decimal where the profile prints two
    prof = _profile(tmp_path, fmt=TWO_PLAIN, edits=[(
        "占本年支出合计的{{ general.share|rate }}", "占本年支出合计的{{ general.share|rate(1) }}")])
    built = build(EVERY_COLUMN, tmp_path / "out", Options(profile=str(prof)))
    assert built.refused
    hits = built.checked.result.at("D806")
    assert hits and "71.9%" in hits[0].message and "0.01%" in hits[0].message, \
        [h.message for h in hits]


@pytest.mark.slow
def test_swapped_share_under_two_decimals_is_refused(tmp_path):
    prof = _profile(tmp_path, fmt=TWO_PLAIN, edits=[(
        "占本年支出合计的{{ general.share|rate }}", "占本年支出合计的{{ general.budget_rate|rate }}")])
    built = build(EXAMPLE, tmp_path / "out", Options(profile=str(prof)))
    assert built.refused
    hits = built.checked.result.at("D805")
    assert hits and "340.22%" in hits[0].message, [h.message for h in hits]


@pytest.mark.slow
def test_shanghai_total_swapped_with_fiscal_income_is_refused(tmp_path):
    # Shanghai's wording: “财政拨款收入支出总计”, here showing 财政拨款收入
    prof = _profile(tmp_path, base="shanghai-2024", add="本年度财政拨款收入支出总计1,095.35万元。")
    built = build(EVERY_COLUMN, tmp_path / "out", Options(profile=str(prof)))
    assert built.refused
    hits = built.checked.result.at("D805")
    assert hits and "1,095.35万元" in hits[0].message and "1,145.35" in hits[0].message


# ------------------------------------------------ the check itself, without a build
FIGS = [
    Figure("income.sources[0].amount", "金额", "万元", D("1095.35"), owner="财政拨款收入"),
    Figure("income.sources[0].share", "占比", "%", D("82.4594"), owner="财政拨款收入"),
    Figure("fiscal.amount", "财政拨款收入总计", "万元", D("1145.35"), cell="表4 总计"),
    Figure("fiscal.change.diff", "增减额", "万元", D("45.35")),
    Figure("fiscal.change.rate", "增减率", "%", D("4.1227")),
]
STYLE = FormatSpec(percent_decimals=2, percent_trim=False, thousands=False)


def test_renderings_follow_the_format():
    share = FIGS[1]
    assert renderings(share) == {"82.5"}
    assert renderings(share, STYLE) == {"82.46"}
    assert renderings(FIGS[2], STYLE) == {"1145.35"}
    assert "1,145.35" in renderings(FIGS[2])


@pytest.mark.parametrize("text", [
    "2023年度财政拨款收入支出总计1145.35万元。",
    "与2022年度相比，财政拨款收入支出总计增加45.35万元，增长4.12%。",
    "财政拨款收支总计1145.35万元。",
    "财政拨款收入1095.35万元，占82.46%。",
])
def test_other_wordings_pass(text):
    assert not FigureCheck(FIGS, {}, STYLE).paragraph(text, "某节")


@pytest.mark.parametrize("text,code", [
    ("2023年度财政拨款收入支出总计1095.35万元。", "D805"),    # the income, not the total
    ("财政拨款收入1145.35万元，占82.46%。", "D805"),           # the total, not the income
    ("财政拨款收入支出总计增加45.35万元，增长82.46%。", "D805"),
    ("财政拨款收入1095.35万元，占82.5%。", "D806"),            # one decimal under two
    ("2023年度财政拨款收入支出总计1,145.35万元。", "D806"),    # separators under none
])
def test_planted_paragraphs_under_the_format_are_found(text, code):
    hits = FigureCheck(FIGS, {}, STYLE).paragraph(text, "某节")
    assert [h.code for h in hits] == [code]
