"""The persistent cache of compiled templates (issue 15: the cold build's
compilation, kept between runs by a hash of the text)."""

from __future__ import annotations

import pytest

from reportgen.core import jinja


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _no_compiling(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("compiled again")
    monkeypatch.setattr(jinja.ReportEnvironment, "compile", refuse)


def test_second_process_loads_compiled_code(cache, monkeypatch):
    from decimal import Decimal
    src = "{{ a|plain }} 与 {{ b }}"
    first = jinja.make_env().from_string(src).render(a=Decimal(1), b="乙")
    assert list(cache.rglob("*.jinja")), "nothing was kept"
    _no_compiling(monkeypatch)
    # a new environment stands for a new process: its memo is empty
    again = jinja.make_env().from_string(src).render(a=Decimal(1), b="乙")
    assert again == first and first.endswith(" 与 乙")


def test_edited_text_is_compiled_anew(cache, monkeypatch):
    jinja.make_env().from_string("甲{{ a }}").render(a=1)
    assert jinja.make_env().from_string("乙{{ a }}").render(a=1) == "乙1"


def test_autoescape_is_part_of_the_key(cache):
    src = "{{ a }}"
    assert jinja.make_env(autoescape=True).from_string(src).render(a="<b>") == "&lt;b&gt;"
    assert jinja.make_env(autoescape=False).from_string(src).render(a="<b>") == "<b>"
    assert jinja.make_env(autoescape=True).from_string(src).render(a="<b>") == "&lt;b&gt;"


def test_damaged_cache_file_is_recompiled(cache):
    jinja.make_env().from_string("{{ a }}!").render(a=1)
    for f in cache.rglob("*.jinja"):
        f.write_bytes(b"garbage" * 10)
    assert jinja.make_env().from_string("{{ a }}!").render(a=2) == "2!"


def test_truncated_cache_file_is_recompiled(cache):
    jinja.make_env().from_string("{{ a }}?").render(a=1)
    for f in cache.rglob("*.jinja"):
        f.write_bytes(f.read_bytes()[:40])
    assert jinja.make_env().from_string("{{ a }}?").render(a=3) == "3?"


@pytest.mark.parametrize("value", ["", "off", "0"])
def test_cache_can_be_turned_off(monkeypatch, value):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", value)
    assert jinja.cache_dir() is None
    assert jinja.make_env().from_string("{{ 1 + 1 }}").render() == "2"


def test_unusable_folder_means_no_cache_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(blocker / "below"))
    assert jinja.cache_dir() is None
    assert jinja.make_env().from_string("{{ 'ok' }}").render() == "ok"


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(cache, monkeypatch):
    import tempfile

    def full(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", full)
    assert jinja.make_env().from_string("{{ a }}#").render(a=4) == "4#"


def test_persistent_json_made_once(cache):
    calls = []

    def make():
        calls.append(1)
        return ["甲", "乙"]
    assert jinja.persistent_json("names", "text", make) == ["甲", "乙"]
    assert jinja.persistent_json("names", "text", make) == ["甲", "乙"]
    assert len(calls) == 1
    assert jinja.persistent_json("names", "other text", make) == ["甲", "乙"]
    assert len(calls) == 2


def test_word_template_names_found_from_cache(cache, tmp_path, monkeypatch, root):
    """The names check of document.docx is kept too: a second process finds
    them without parsing the document."""
    from docxtpl import DocxTemplate

    from reportgen.render import docx as rdocx
    tpl = DocxTemplate(str(root / "templates/default/document.docx"))
    tpl.init_docx()
    env = jinja.make_env(autoescape=True)
    names = rdocx._names_used(tpl, env)
    assert len(names) > 10

    def refuse(*a, **k):
        raise AssertionError("parsed again")
    env2 = jinja.make_env(autoescape=True)
    monkeypatch.setattr(env2, "parse", refuse)
    assert rdocx._names_used(tpl, env2) == names
