"""Fonts: the CJK font the charts are drawn with, and the stand-ins the PDF
conversion uses for official faces (宋体, 仿宋_GB2312, 黑体, 楷体) that are not
installed.

What is installed is what fontconfig says (``fc-list``), the same source
LibreOffice uses; so a machine (or a test) whose fontconfig knows no CJK font
is told so before anything is written.  Without fontconfig's tools
(Windows, macOS) matplotlib's own font list is asked instead.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Optional

from reportgen.core.errors import UnusableInput

INSTALL_ADVICE = (
    "请先安装中文字体，例如 Debian/Ubuntu 上运行 `sudo apt-get install fonts-noto-cjk`"
    "（CentOS/麒麟等：`sudo yum install google-noto-sans-cjk-ttc-fonts google-noto-serif-cjk-ttc-fonts`），"
    "Windows 与 macOS 自带中文字体。"
)

# chart families, best first: simplified-Chinese sans faces before any other
CHART_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "思源黑体",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC",
    "Heiti SC", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun",
    "AR PL UMing CN", "AR PL UKai CN",
)

SERIF_SC = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "思源宋体",
            "AR PL UMing CN", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei")
SANS_SC = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "思源黑体",
           "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Serif CJK SC")
KAI = ("AR PL UKai CN", "AR PL KaitiM GB", "TW-Kai", "Kaiti SC", "STKaiti") + SERIF_SC

# the official faces a 部门决算 document asks for, each under its Chinese and
# English names, and the kind of face that stands in for it
OFFICIAL = {
    "宋体": SERIF_SC, "SimSun": SERIF_SC, "新宋体": SERIF_SC, "NSimSun": SERIF_SC,
    "方正小标宋简体": SERIF_SC, "方正小标宋_GBK": SERIF_SC, "华文中宋": SERIF_SC,
    "仿宋": SERIF_SC, "仿宋_GB2312": SERIF_SC, "FangSong": SERIF_SC, "FangSong_GB2312": SERIF_SC,
    "黑体": SANS_SC, "SimHei": SANS_SC, "微软雅黑": SANS_SC, "Microsoft YaHei": SANS_SC,
    "楷体": KAI, "楷体_GB2312": KAI, "KaiTi": KAI, "KaiTi_GB2312": KAI,
}


@lru_cache(maxsize=1)   # the installed fonts do not change during a run
def installed_families() -> Optional[frozenset[str]]:
    """Every family name fontconfig knows (localised names included), or None
    without fontconfig's ``fc-list``."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, ":", "family"], capture_output=True, text=True,
                             timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(",")
                     if name.strip())


@lru_cache(maxsize=4)
def _chinese_file(family: str) -> Optional[str]:
    """The font file of ``family`` (for matplotlib), from fontconfig."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "-f", "%{family}\n%{file}", f"{family}:lang=zh-cn"],
                             capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    fams, _, path = out.partition("\n")
    return path.strip() if family in fams.split(",") and path.strip() else None


@lru_cache(maxsize=1)
def chart_font() -> Optional[str]:
    """The family to draw the charts' Chinese in, or None when no CJK font is
    installed.  Asks fontconfig where it can (no matplotlib import: a build
    that draws its charts in another process does not pay for it here),
    matplotlib's font list otherwise."""
    fams = installed_families()
    if fams is not None:
        fam = next((f for f in CHART_FAMILIES if f in fams), None)
        if fam is None:
            zh = _fc_chinese()
            fam = zh[0] if zh else None
        return fam
    from matplotlib import font_manager
    known = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in CHART_FAMILIES if f in known), None)


def register_chart_font(family: str) -> None:
    """Make sure matplotlib knows ``family``: its font list is a cache made
    when it was first imported, so a font installed since is added from the
    file fontconfig names.  For the process that draws."""
    from matplotlib import font_manager
    if any(f.name == family for f in font_manager.fontManager.ttflist):
        return
    path = _chinese_file(family)
    if path:
        _register(path)


def _fc_chinese() -> Optional[tuple[str, str]]:
    """Any font fontconfig says covers Chinese: (family, file)."""
    exe = shutil.which("fc-list")
    try:
        out = subprocess.run([exe, ":lang=zh-cn", "family", "file"], capture_output=True,
                             text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in sorted(out.splitlines()):
        path, _, fam = line.partition(": ")
        if fam.strip():
            return fam.split(",")[0].strip(), path.strip()
    return None


def _register(path: str) -> None:
    try:
        from matplotlib import font_manager
        font_manager.fontManager.addfont(path)
    except (OSError, RuntimeError, ValueError):
        pass


def require_chart_font() -> str:
    """The charts' CJK family; raises UnusableInput (kind ``no_cjk_font``)
    with install advice when there is none.  Called before anything is
    written."""
    fam = chart_font()
    if fam is None:
        raise UnusableInput(
            "no_cjk_font",
            "未找到中文字体，图1–图4 中的中文将显示为方框，已停止生成（未写出任何文件）。"
            + INSTALL_ADVICE)
    return fam


@lru_cache(maxsize=8)
def document_faces(docx: Path) -> tuple[str, ...]:
    """The East Asian font faces a Word template (docx) names, in order of
    first use (styles, then body)."""
    faces: list[str] = []
    with zipfile.ZipFile(docx) as z:
        for part in ("word/styles.xml", "word/document.xml"):
            if part not in z.namelist():
                continue
            xml = z.read(part).decode("utf-8", "replace")
            for face in re.findall(r'<w:rFonts\b[^>]*\bw:eastAsia="([^"]+)"', xml):
                if face not in faces:
                    faces.append(face)
    return tuple(faces)


def substitutions(faces=tuple(OFFICIAL)) -> dict[str, str]:
    """{official face: installed stand-in} for each of ``faces`` that is an
    official face and is not installed.  Empty when fontconfig cannot say."""
    fams = installed_families()
    if fams is None:
        return {}
    table = {}
    for face in faces:
        if face in OFFICIAL and face not in fams:
            stand_in = next((f for f in OFFICIAL[face] if f in fams), None)
            if stand_in:
                table[face] = stand_in
    return table


def substitution_table() -> dict[str, str]:
    """The table the PDF conversion runs with: every official face not
    installed, mapped to a simplified-Chinese face that is."""
    return substitutions()


def substitution_notes(docx_template: Path) -> list[str]:
    """One line per official face the template uses that is missing: which
    face stands in for it in the PDFs (or that none does)."""
    fams = installed_families()
    if fams is None:
        return []
    notes = []
    table = substitutions(document_faces(Path(docx_template)))
    for face in document_faces(Path(docx_template)):
        if face in OFFICIAL and face not in fams:
            if face in table:
                notes.append(f"未安装公文字体“{face}”，PDF 中以“{table[face]}”代替。")
            else:
                notes.append(f"未安装公文字体“{face}”，也没有可代替的中文字体。" + INSTALL_ADVICE)
    return notes
