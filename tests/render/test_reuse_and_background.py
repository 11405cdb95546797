"""What makes a build faster must not change what it makes: charts drawn in a
second process, and templates compiled once per process."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from docx import Document

from docx_support import docx_text, render
from reportgen.core.errors import TemplateError
from reportgen.render import charts
from reportgen.core.jinja import make_env, shared_env

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inputs" / "example-2022.xlsx"
DEFAULT = ROOT / "templates" / "default"

fork_only = pytest.mark.skipif(not __import__("sys").platform.startswith("linux"),
                               reason="background drawing is for Linux")

CTX = {
    "year": 2022, "last_year": 2021,
    "total": {"amount": 120, "expense_amount": 118, "change": {"last": 100}},
    "fiscal": {"amount": 90, "expense_amount": 88, "change": {"last": 80}},
    # shares (%) as compute made them: the pie legends print them
    "income": {"sources": [{"name": "财政拨款收入", "amount": 90, "share": 75},
                           {"name": "其他收入", "amount": 30, "share": 25}]},
    "expense": {"parts": [{"name": "基本支出", "amount": 70, "share": 59},
                          {"name": "项目支出", "amount": 48, "share": 41}]},
}


def _ctx():
    from decimal import Decimal

    def dec(v):
        if isinstance(v, dict):
            return {k: dec(x) for k, x in v.items()}
        if isinstance(v, list):
            return [dec(x) for x in v]
        return Decimal(v) if isinstance(v, int) and not isinstance(v, bool) and v < 2000 else v
    return dec(CTX)


@fork_only
def test_background_drawing_gives_the_same_charts(tmp_path):
    here = charts.Drawing(_ctx(), tmp_path / "here")
    (tmp_path / "here").mkdir()
    (tmp_path / "there").mkdir()
    there = charts.Drawing(_ctx(), tmp_path / "there", background=True)
    assert there._proc is not None          # it did start a process
    a, _ = here.result()
    b, _ = there.result()
    assert sorted(a) == sorted(b) == ["fig1", "fig2", "fig3", "fig4"]
    for k in a:
        assert a[k].read_bytes() == b[k].read_bytes()
    assert there._proc is None              # the process is gone once it answered


@fork_only
def test_a_failed_background_process_is_drawn_here(tmp_path, monkeypatch):
    # the child dies without a word: the parent draws the charts itself
    monkeypatch.setattr(charts, "_worker", lambda conn: os._exit(3))
    d = charts.Drawing(_ctx(), tmp_path, background=True)
    pngs, _ = d.result()
    assert sorted(pngs) == ["fig1", "fig2", "fig3", "fig4"]
    assert all(p.is_file() for p in pngs.values())


@fork_only
def test_a_prewarmed_process_is_taken_by_the_next_drawing(tmp_path):
    charts.prewarm()
    spare = charts._spare
    assert spare is not None
    d = charts.Drawing(_ctx(), tmp_path, background=True)
    assert d._proc is spare[0] and charts._spare is None
    pngs, _ = d.result()
    assert sorted(pngs) == ["fig1", "fig2", "fig3", "fig4"]
    assert not spare[0].is_alive()


@fork_only
def test_font_warning_comes_back_from_the_process(tmp_path, monkeypatch):
    monkeypatch.setattr(charts, "find_cjk_font", lambda: None)
    _, messages = charts.Drawing(_ctx(), tmp_path, background=True).result()
    assert messages == [charts.NO_FONT_WARNING]


@fork_only
def test_close_stops_a_running_process(tmp_path, monkeypatch):
    monkeypatch.setattr(charts, "_worker", lambda conn: time.sleep(60))
    d = charts.Drawing(_ctx(), tmp_path, background=True)
    proc = d._proc
    d.close()
    assert not proc.is_alive()


@pytest.mark.slow
def test_build_alone_draws_in_the_background_with_the_same_document(tmp_path):
    from reportgen.build import Options, build
    a = build(EXAMPLE, tmp_path / "a", Options())
    b = build(EXAMPLE, tmp_path / "b", Options(background_charts=True))
    da = Path(next(p for p in a.outputs if p.suffix == ".docx"))
    db = Path(next(p for p in b.outputs if p.suffix == ".docx"))
    assert docx_text(da) == docx_text(db)
    images = [len(Document(str(p)).inline_shapes) for p in (da, db)]
    assert images == [4, 4]


# ------------------------------------------------------------------ templates compiled once
def test_shared_env_compiles_a_source_once():
    env = shared_env()
    assert shared_env() is env and shared_env(True) is not env
    t = env.from_string("{{ 1 + 1 }}：{{ x }}")
    assert env.from_string("{{ 1 + 1 }}：{{ x }}") is t
    assert t.render(x="甲") == "2：甲"
    assert env.from_string("{{ x }}!").render(x="乙") == "乙!"


def test_memo_is_bounded():
    env = make_env()
    env.MEMO_LIMIT = 3
    for k in range(10):
        assert env.from_string(f"{{{{ {k} }}}}").render() == str(k)
    assert len(env.memo) <= 3


@pytest.mark.slow
def test_an_edited_word_template_is_checked_again(tmp_path):
    folder = tmp_path / "region"
    shutil.copytree(DEFAULT, folder)

    def template(*texts):
        doc = Document()
        for t in texts:
            doc.add_paragraph(t)
        doc.save(str(folder / "document.docx"))

    template("{{ unit }}")
    out, _ = render(EXAMPLE, tmp_path / "a.docx", str(folder))
    assert docx_text(out) == "武汉市江汉区人力资源局"
    # same process, same path: the misspelling must still be found
    time.sleep(0.01)
    template("{{ unit }}", "{{ totall.amount }}")
    with pytest.raises(TemplateError) as err:
        render(EXAMPLE, tmp_path / "b.docx", str(folder))
    assert "totall" in str(err.value)


# ------------------------------------------------------------------ tables put in after rendering
def _template(folder: Path, *texts: str) -> None:
    doc = Document()
    for t in texts:
        doc.add_paragraph(t)
    doc.save(str(folder / "document.docx"))


@pytest.mark.slow
def test_a_block_of_tables_shown_twice_is_there_twice(tmp_path):
    folder = tmp_path / "region"
    shutil.copytree(DEFAULT, folder)
    _template(folder, "前", "{{p tables }}", "中", "{{p tables }}", "后")
    out, _ = render(EXAMPLE, tmp_path / "x.docx", str(folder))
    doc = Document(str(out))
    assert len(doc.tables) == 18            # the nine tables, twice
    assert [p.text for p in doc.paragraphs if p.text in ("前", "中", "后")] == ["前", "中", "后"]
    assert "reportgen-block" not in docx_text(out)


@pytest.mark.slow
def test_a_malformed_table_leaves_no_document(tmp_path, monkeypatch):
    from reportgen.render import docx_tables
    monkeypatch.setattr(docx_tables, "_grid_xml", lambda *a, **k: "<w:tbl><w:tr>")
    out = tmp_path / "x.docx"
    with pytest.raises(Exception):
        render(EXAMPLE, out)
    assert not out.exists() and list(tmp_path.iterdir()) == []
