"""Kind 8 under a reworded profile: the words that announce a figure of
the year-on-year change (增加/减少 before the amount, 增长/下降 before the
rate) are the profile's ``[words]``, and the names before a figure of
another entry (基本支出, 项目支出, 年初/年末结转和结余 …) its ``[labels]``;
the self-check reads them from there (``selfcheck.cues``), so a reworded
profile is checked exactly as the default: a clean build passes, a swapped
figure or a change that is not the change is refused (D805) at its
sentence.

Figures of the bundled example (inputs/example-2022.xlsx), read from the
document the default profile builds: 收、支总计 13,258.64万元, up 4332.89万元
and 48.5% on 2021; 机关运行经费 104万元, down 43.05万元 and 29.3%; the
一般公共预算 completion rate 340.2%."""

from __future__ import annotations

import dataclasses
import shutil
from decimal import Decimal

import pytest

from reportgen.build import Options, build
from reportgen.compose.provenance import Figure
from reportgen.core.profile import FormatSpec, default_words, load_profile
from reportgen.render.selfcheck import FigureCheck, cues

from docx_support import edit_runs
from support import EVERY_COLUMN, EXAMPLE, ROOT

D = Decimal
# the reworded [words]: each of the four year-on-year words differs from the default's
REWORDED = {"increase": "增多", "decrease": "降低", "rise": "上升", "fall": "回落"}
GENERAL = "（一）一般公共预算财政拨款支出决算总体情况"


def _reworded(tmp_path, *edits, add=None, labels=()):
    """A copy of the default profile with ``REWORDED`` as its [words] (and
    ``labels``, (key, name), in its [labels]), its document.docx edited by
    ``edits`` / ``add`` (``docx_support.edit_runs``)."""
    prof = tmp_path / "reworded"
    shutil.copytree(ROOT / "templates" / "default", prof)
    toml = prof / "profile.toml"
    text = toml.read_text("utf-8")
    w = default_words()
    for key, word in (*REWORDED.items(), *labels):
        old = f'{key} = "{getattr(w, key, None) or w.label(key)}"'
        assert old in text, old
        text = text.replace(old, f'{key} = "{word}"', 1)
    toml.write_text(text, "utf-8")
    if edits or add:
        edit_runs(prof / "document.docx", edits, add)
    words = load_profile(str(prof)).format.words
    assert all(getattr(words, k) == v for k, v in REWORDED.items())
    return prof


def _refused(tmp_path, prof, section, stated):
    out = tmp_path / "out"
    built = build(EXAMPLE, out, Options(profile=str(prof)))
    assert built.refused, "the planted figure was published"
    hits = built.checked.result.at("D805")
    assert hits and all(f.severity == "错误" for f in hits), built.checked.result.codes()
    assert len(hits) == 1, [f.message for f in hits]       # that sentence, no other
    assert section in hits[0].message and stated in hits[0].message, hits[0].message
    assert not list(out.rglob("*.docx")) and not list(out.rglob("*.xlsx"))
    return hits[0]


# ------------------------------------------------ whole builds of the example
@pytest.mark.slow
def test_clean_build_with_reworded_words_passes(tmp_path):
    # the build once refused this (D805 ×3: “收、支总计各增多4332.89万元” read as 表1 总计)
    prof = _reworded(tmp_path)
    out = tmp_path / "out"
    built = build(EXAMPLE, out, Options(profile=str(prof)))
    assert not built.refused, [f.message for f in built.checked.result.findings
                               if f.code.startswith("D8")]
    from docx_support import docx_text
    text = docx_text(next(out.rglob("*.docx")))
    assert "收、支总计各增多4332.89万元，上升48.5%" in text
    assert "比2021年度降低43.05万元，回落29.3%" in text


@pytest.mark.slow
def test_rate_swapped_after_the_reworded_rise_is_refused(tmp_path):
    # “增多4332.89万元，上升340.2%”: the completion rate where the change's rate goes
    prof = _reworded(tmp_path, ("{{ general.change|change }}",
                                "{{ general.change.word }}{{ general.change.diff|plain }}万元，"
                                "{{ general.change.rate_word }}{{ general.budget_rate|rate }}"))
    hit = _refused(tmp_path, prof, GENERAL, "340.2%")
    assert "上升340.2%" in hit.message


@pytest.mark.slow   # further members of the kind: CI runs them
def test_amount_swapped_after_the_reworded_decrease_is_refused(tmp_path):
    # “比2021年度降低104万元”: the spending itself where its fall goes
    prof = _reworded(tmp_path, ("比{{ last_year }}年度{{ operation.change|change }}",
                                "比{{ last_year }}年度{{ operation.change.word }}"
                                "{{ operation.amount|plain }}万元，{{ operation.change.rate_word }}"
                                "{{ operation.change.rate|rate }}"))
    hit = _refused(tmp_path, prof, "十、机关运行经费支出情况", "104万元")
    assert "降低104万元" in hit.message


@pytest.mark.slow   # further members of the kind: CI runs them
@pytest.mark.parametrize("sentence,stated", [
    # the total where its change goes (the words before it once announced 表1 总计)
    ("与上年相比，收、支总计各增多13,258.64万元，上升48.5%。", "13,258.64万元"),
    # a rate that is the completion rate, not the change
    ("与上年相比，一般公共预算财政拨款支出增多4332.89万元，上升340.2%。", "340.2%"),
    # the spending itself as its fall
    ("机关运行经费比上年降低104万元，回落29.3%。", "104万元"),
])
def test_typed_change_that_disagrees_is_refused(sentence, stated, tmp_path):
    prof = _reworded(tmp_path, add=sentence)
    _refused(tmp_path, prof, "第六部分 附件", stated)


# ------------------------------------------------ Shanghai 2024, reworded
# its sentences write {{ x.change.word }}{{ x.change.diff|money }}万元，
# {{ x.change.rate_word }}{{ x.change.rate|rate }} (the words from [words]);
# every-column: 一般公共预算 up 40.35万元 and 4.64%, 71.94% of 本年支出合计;
# 机关运行经费 70.00万元, down 5.00万元 and 6.67%
def _shanghai(tmp_path, *edits):
    prof = tmp_path / "sh"
    shutil.copytree(ROOT / "templates" / "shanghai-2024", prof)
    toml = prof / "profile.toml"
    assert "\n[words]" not in toml.read_text("utf-8")
    with toml.open("a", encoding="utf-8") as f:
        f.write("\n[words]\n" + "".join(f'{k} = "{v}"\n' for k, v in REWORDED.items()))
    if edits:
        edit_runs(prof / "document.docx", edits)
    return prof


@pytest.mark.slow   # further members of the kind: CI runs them
@pytest.mark.parametrize("edit,section,stated", [
    (None, None, None),
    (("{{ general.change.rate_word }}{{ general.change.rate|rate }}",
      "{{ general.change.rate_word }}{{ general.share|rate }}"), GENERAL, "上升71.94%"),
    (("{{ operation.change.word }}{{ operation.change.diff|money }}",
      "{{ operation.change.word }}{{ operation.amount|money }}"), "（一）机关运行经费支出情况",
     "降低70.00万元"),
])
def test_reworded_shanghai_profile_is_checked(edit, section, stated, tmp_path):
    prof = _shanghai(tmp_path, *([edit] if edit else []))
    out = tmp_path / "out"
    built = build(EVERY_COLUMN, out, Options(profile=str(prof)))
    if edit is None:
        assert not built.refused, [f.message for f in built.checked.result.findings
                                   if f.code.startswith("D8")]
        return
    assert built.refused
    hits = built.checked.result.at("D805")
    assert len(hits) == 1 and section in hits[0].message and stated in hits[0].message, \
        [f.message for f in built.checked.result.findings if f.code.startswith("D8")]


# ------------------------------------------------ the check itself, without a build
FIGS = [
    Figure("total.amount", "收入总计", "万元", D("13258.64"), cell="表1 总计"),
    Figure("total.change.diff", "增减额", "万元", D("4332.89")),
    Figure("total.change.rate", "增减率", "%", D("48.5437")),
    Figure("operation.change.diff", "增减额", "万元", D("-43.05")),
    Figure("operation.change.rate", "增减率", "%", D("-29.2658")),
    Figure("expense.parts[0].amount", "金额", "万元", D("1350.32"), owner="人员和公用支出"),
    Figure("expense.parts[0].share", "占比", "%", D("10.1844"), owner="人员和公用支出"),
    Figure("general.basic", "基本支出", "万元", D("1200.00")),
]


def _style(**words):
    return FormatSpec(words=dataclasses.replace(default_words(), **words))


def _found(text, style):
    """(code, stated) of the one finding of ``text`` under ``style``, if any."""
    return [(h.code, h.values["stated"]) for h in FigureCheck(
        FIGS, {"表1 总计": D("13258.64")}, style).paragraph(text, "某节")]


def _hits(text, style):
    return [code for code, _ in _found(text, style)]


REWORDED_STYLE = _style(**REWORDED)


@pytest.mark.parametrize("text", [
    "与2021年度相比，收、支总计各增多4332.89万元，上升48.5%。",
    "比2021年度降低43.05万元，回落29.3%。",
    "收、支总计13,258.64万元。",
])
def test_reworded_clean_paragraphs_pass(text):
    assert _hits(text, REWORDED_STYLE) == []


@pytest.mark.parametrize("text", [
    "收、支总计各增多13,258.64万元，上升48.5%。",     # the total as its change
    "收、支总计各增多4332.89万元，上升10.2%。",       # a share as the rate
    "比2021年度降低1,350.32万元，回落29.3%。",         # another figure as the fall
    "比2021年度降低43.05万元，回落10.2%。",            # a share as the fall's rate
])
def test_reworded_planted_paragraphs_are_found(text):
    assert _hits(text, REWORDED_STYLE) == ["D805"]


def test_read_with_the_default_words_a_reworded_sentence_is_misread():
    # read with the default's words, “收、支总计各增多4332.89万元” announced
    # 表1 总计 (a false alarm on the right change) and “上升” nothing (the
    # planted rate unseen); read with the profile's, the rate is found
    planted = "收、支总计各增多4332.89万元，上升10.2%。"
    assert _found(planted, FormatSpec()) == [("D805", "4332.89万元")]
    assert _found(planted, REWORDED_STYLE) == [("D805", "10.2%")]
    assert _found(planted.replace("10.2%", "48.5%"), FormatSpec()) == [("D805", "4332.89万元")]


def test_words_swapped_between_amount_and_rate_still_check_by_unit():
    # a profile may write 增长 before the amount and 提高 before the rate
    style = _style(increase="增长", rise="提高")
    assert _hits("收、支总计各增长4332.89万元，提高48.5%。", style) == []
    assert _hits("收、支总计各增长4332.89万元，提高10.2%。", style) == ["D805"]
    assert _hits("收、支总计各增长13,258.64万元，提高48.5%。", style) == ["D805"]


def test_an_empty_word_is_no_cue():
    style = _style(rise="")
    assert all(rx.pattern != "$" for rx, _ in cues(style))
    assert _hits("收、支总计各增加4332.89万元，48.5%。", style) == []


def test_relabelled_basic_spending_announces_general_basic():
    # [labels] exp_basic = "人员和公用支出": the template's “其中：人员和公用支出…万元”
    # states general.basic (not the 支出 part of that name), as “基本支出” does
    style = _style(labels=tuple((k, "人员和公用支出" if k == "exp_basic" else v)
                                for k, v in default_words().labels))
    assert _hits("其中：人员和公用支出1,200.00万元。", style) == []
    assert _hits("其中：基本支出1,200.00万元。", style) == []     # the default's name too
    assert _hits("其中：人员和公用支出13,258.64万元。", style) == ["D805"]
    # without the label as a cue the name announced only the part: a false alarm
    assert _hits("其中：人员和公用支出1,200.00万元。", FormatSpec()) == ["D805"]


# ------------------------------------------------ D802: a reworded word left in brackets
@pytest.mark.parametrize("text", ["支出决算上升（回落）12.5%", "较上年增多（降低）3万元",
                                  "较上年增加（减少）3万元"])     # the official template's own
def test_reworded_placeholder_is_found(text):
    from reportgen.render.selfcheck import scan_text
    assert [f.code for f in scan_text(text, "Word 文档", "某节", REWORDED_STYLE)] == ["D802"]


def test_placeholder_words_follow_the_profile():
    from reportgen.render.selfcheck import scan_text
    assert not scan_text("较上年增多（降低）3万元", "Word 文档", "某节")       # not the default's words
    assert not scan_text("收入（上升部分）3万元", "Word 文档", "某节", REWORDED_STYLE)
    assert not scan_text("较上年降低3万元，回落12.5%", "Word 文档", "某节", REWORDED_STYLE)


@pytest.mark.slow   # further members of the kind: CI runs them
def test_reworded_placeholder_in_a_copied_template_is_refused(tmp_path):
    prof = _reworded(tmp_path, ("{{ general.change|change }}",
                                "{{ general.change|change }}（回落）"))
    out = tmp_path / "out"
    built = build(EXAMPLE, out, Options(profile=str(prof)))
    assert built.refused
    hits = built.checked.result.at("D802")
    assert hits and GENERAL in hits[0].message and "（回落）" in hits[0].message
