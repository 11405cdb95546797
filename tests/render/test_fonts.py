"""render/fonts.py: the charts' CJK font from fontconfig (the build stops
before writing without one), and the stand-ins for missing official faces."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.render import fonts
from support import EXAMPLE

needs_fc = pytest.mark.skipif(shutil.which("fc-list") is None, reason="no fontconfig tools")
TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "default" / "document.docx"


@pytest.mark.slow
@needs_fc
def test_no_font_stops_the_build_before_writing(tmp_path):
    """A fontconfig that knows no font at all (as on a fresh server): the
    build refuses with install advice and writes nothing."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
                    encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    assert subprocess.run(["fc-list"], env=env, capture_output=True, text=True).stdout.strip() == ""
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(out)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    said = proc.stdout + proc.stderr
    assert "未找到中文字体" in said and "apt-get install fonts-noto-cjk" in said
    assert "Traceback" not in said
    assert not out.exists() or list(out.iterdir()) == []


@needs_fc
def test_chart_font_is_a_chinese_face_fontconfig_knows():
    fam = fonts.chart_font()
    if fam is None:
        pytest.skip("no CJK font installed")
    out = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True).stdout
    assert fam in {n.strip() for line in out.splitlines() for n in line.split(",")}


def test_the_template_names_its_official_faces():
    assert set(fonts.document_faces(TEMPLATE)) >= {"仿宋_GB2312", "黑体", "宋体"}


def test_missing_official_faces_get_a_simplified_chinese_stand_in(monkeypatch):
    monkeypatch.setattr(fonts, "installed_families",
                        lambda: frozenset({"Noto Serif CJK SC", "Noto Sans CJK SC",
                                           "Noto Serif CJK JP", "黑体", "SimHei"}))
    table = fonts.substitutions(("仿宋_GB2312", "宋体", "黑体", "楷体", "Arial"))
    # 黑体 is installed: left alone; serif and kai faces get the serif SC face
    assert table == {"仿宋_GB2312": "Noto Serif CJK SC", "宋体": "Noto Serif CJK SC",
                     "楷体": "Noto Serif CJK SC"}
    notes = fonts.substitution_notes(TEMPLATE)
    assert notes == ["未安装公文字体“仿宋_GB2312”，PDF 中以“Noto Serif CJK SC”代替。",
                     "未安装公文字体“宋体”，PDF 中以“Noto Serif CJK SC”代替。"]


def test_a_kai_face_is_preferred_for_kai_where_installed(monkeypatch):
    monkeypatch.setattr(fonts, "installed_families",
                        lambda: frozenset({"Noto Serif CJK SC", "AR PL UKai CN"}))
    assert fonts.substitutions(("楷体_GB2312",)) == {"楷体_GB2312": "AR PL UKai CN"}


def test_no_stand_in_says_how_to_install(monkeypatch):
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset({"DejaVu Sans"}))
    notes = fonts.substitution_notes(TEMPLATE)
    assert len(notes) == 3 and all("fonts-noto-cjk" in n for n in notes)
