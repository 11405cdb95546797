"""`reportgen build --pdf`: PDFs made by one long-lived LibreOffice per
process (render/pdf.py), complete or absent, with bookmarks, title and
author, and nothing of LibreOffice left running however the command ends."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from factory import write_input
from procs import descendants, wait_gone
from procs import living as alive
from support import EXAMPLE

pytestmark = pytest.mark.slow

UNIT = "武汉市江汉区人力资源局"


@pytest.fixture
def office(soffice):
    """LibreOffice with its UNO bridge; skipped where absent (failed in CI)."""
    from reportgen.core.errors import UnusableInput
    from reportgen.render import pdf

    try:
        pdf.require_soffice()
    except UnusableInput as exc:
        if os.environ.get("REPORTGEN_REQUIRE_SOFFICE"):
            pytest.fail(exc.message)
        pytest.skip(exc.message)
    pdf.close_shared()
    yield pdf
    pdf.close_shared()


def pdftext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def is_soffice(pid: int) -> bool:
    try:
        return "soffice" in Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace")
    except OSError:
        return False


def outline_titles(reader: PdfReader) -> list[str]:
    out = []

    def walk(items):
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                out.append(it.title)
    walk(reader.outline)
    return out


def our_pipes() -> set:
    """The socket files of our LibreOffices' pipes (osl keeps them in /tmp)."""
    prefix = f"OSL_PIPE_{os.getuid()}_reportgen_"
    return {p.name for d in (Path("/tmp"), Path("/var/tmp")) if d.is_dir()
            for p in d.iterdir() if p.name.startswith(prefix)}


# ---------------------------------------------------------------- the CLI
def test_build_with_pdf(tmp_path, office):
    out = tmp_path / "out"
    pipes = our_pipes()
    proc = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(out),
                           "--pdf", "-j", "1"], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (folder,) = out.iterdir()   # the report's folder
    out = folder
    made = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    stems = {p.rsplit(".", 1)[0] for p in made if p.endswith((".xlsx", ".docx"))}
    assert len(stems) == 3
    for stem in stems:
        pdf = out / f"{stem}.pdf"
        assert pdf.exists(), made
        reader = PdfReader(pdf)
        # title and author from the unit, for the disclosure site's index
        assert reader.metadata.title == stem.replace("_", "")
        assert reader.metadata.author == UNIT
    # each of the nine tables on one page of its own (bug 22: 表1–表5 broke onto a second page)
    tables = PdfReader(out / f"{UNIT}_2022年度部门决算公开表.pdf")
    assert len(tables.pages) == 9
    for number, page in enumerate(tables.pages, start=1):
        assert f"（表{number}）" in page.extract_text().replace(" ", ""), number
    doc = PdfReader(out / f"{UNIT}_2022年度部门决算.pdf")
    titles = outline_titles(doc)
    # bookmarks from the document's headings: a reader can jump to each part
    for part in ("第一部分", "第二部分", "第三部分", "第四部分", "第五部分", "第六部分"):
        assert any(t.startswith(part) for t in titles), titles
    assert "一、收入支出决算总体情况说明" in titles      # and to each section
    # the official faces are not installed here: each is named once, with its stand-in
    assert proc.stderr.count("未安装公文字体“仿宋_GB2312”") == 1, proc.stderr
    # LibreOffice's pipe files go with it
    assert our_pipes() <= pipes


def test_pdf_a(tmp_path, office):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "reportgen", "build", str(write_input(tmp_path / "a.xlsx")),
                           "-o", str(out), "--pdf-a", "-j", "1"],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pdfs = sorted(out.glob("*/*.pdf"))
    assert len(pdfs) == 2
    for pdf in pdfs:
        xmp = PdfReader(pdf).xmp_metadata
        assert xmp is not None and xmp.pdfaid_part == "2", pdf.name


# ---------------------------------------------------------------- one LibreOffice
def test_two_reports_through_one_libreoffice(tmp_path, office):
    from reportgen.batch import OK, run_batch
    from reportgen.build import Options

    src = tmp_path / "in"
    src.mkdir()
    small = write_input(src / "b.xlsx", info={"unit": "测试局"})
    pids = []
    outcomes = run_batch([EXAMPLE, small], tmp_path / "out", Options(), jobs=1, pdf=True,
                         progress=lambda o: pids.append(office.shared_converter().pid))
    assert [o.status for o in outcomes] == [OK, OK], [o.message for o in outcomes]
    conv = office.shared_converter()
    # one LibreOffice converted all five files of the two reports
    assert conv.starts == 1 and pids[0] == pids[1] and alive(pids[0])
    big = PdfReader(tmp_path / "out" / f"{UNIT}_2022年度" / f"{UNIT}_2022年度部门决算.pdf")
    little = PdfReader(tmp_path / "out" / "测试局_2022年度" / "测试局_2022年度部门决算.pdf")
    assert len(big.pages) > 50 and 1 <= len(little.pages) < len(big.pages) - 20
    assert "第一部分" in pdftext(tmp_path / "out" / f"{UNIT}_2022年度" / f"{UNIT}_2022年度部门决算.pdf")
    assert "测试局" in pdftext(tmp_path / "out" / "测试局_2022年度" / "测试局_2022年度部门决算.pdf")
    tables = pdftext(tmp_path / "out" / "测试局_2022年度" / "测试局_2022年度部门决算公开表.pdf")
    assert "收入支出决算总表" in tables and "150.00" in tables
    office.close_shared()
    assert wait_gone({pids[0]}, 15) == set()


def test_libreoffice_killed_mid_batch_is_restarted(tmp_path, office):
    from reportgen.batch import OK, run_batch
    from reportgen.build import Options

    src = tmp_path / "in"
    src.mkdir()
    paths = [write_input(src / f"{n}.xlsx", info={"unit": f"测试{n}局"}) for n in "甲乙丙"]
    killed = []

    def kill_office(outcome):
        pid = office.shared_converter().pid
        if not killed and pid:
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    outcomes = run_batch(paths, tmp_path / "out", Options(), jobs=1, pdf=True, progress=kill_office)
    assert [o.status for o in outcomes] == [OK] * 3, [o.message for o in outcomes]
    for n in "甲乙丙":
        for kind in ("部门决算", "部门决算公开表"):
            pdf = tmp_path / "out" / f"测试{n}局_2022年度" / f"测试{n}局_2022年度{kind}.pdf"
            assert pdf.exists() and f"测试{n}局" in pdftext(pdf)
    conv = office.shared_converter()
    assert conv.starts == 2 and conv.pid != killed[0]


def test_libreoffice_killed_during_a_conversion_is_retried(tmp_path, office):
    import threading

    from reportgen.render.pdf import Converter

    small = write_input(tmp_path / "in.xlsx")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "reportgen", "build", str(small), "-o", str(out)],
                   check=True, capture_output=True, timeout=300)
    docx = next(out.glob("*/*.docx"))
    with Converter() as conv:
        conv.convert(docx, tmp_path / "warm.pdf")
        first = conv.pid
        threading.Timer(0.05, os.kill, (first, signal.SIGKILL)).start()
        conv.convert(EXAMPLE_DOCX(tmp_path), tmp_path / "big.pdf")
        assert conv.pid != first and conv.starts == 2
    assert len(PdfReader(tmp_path / "big.pdf").pages) > 50


def EXAMPLE_DOCX(tmp_path: Path) -> Path:
    out = tmp_path / "example"
    if not out.exists():
        subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(out)],
                       check=True, capture_output=True, timeout=300)
    return out / f"{UNIT}_2022年度" / f"{UNIT}_2022年度部门决算.docx"


def test_a_file_over_time_fails_clearly_and_leaves_nothing(tmp_path, office):
    from reportgen.render.pdf import Converter, PdfError

    docx = EXAMPLE_DOCX(tmp_path)
    with Converter(timeout=0.3) as conv:
        with pytest.raises(PdfError) as err:
            conv.convert(docx, tmp_path / "late.pdf")
        pid_gone = conv.pid
        assert "超过" in str(err.value) and docx.name in str(err.value)
        assert not (tmp_path / "late.pdf").exists()
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".late")]
        assert pid_gone is None and not conv.running
        conv.timeout = 300      # the next file gets a new LibreOffice
        conv.convert(docx, tmp_path / "ok.pdf")
        assert conv.starts == 2 and (tmp_path / "ok.pdf").exists()


def test_a_failed_conversion_publishes_nothing(tmp_path, office, monkeypatch):
    """A PDF that cannot be made fails the build before anything moves into
    place: no xlsx, no docx, no PDF."""
    from reportgen.build import Options, build
    from reportgen.core.errors import UnusableInput
    from reportgen.render import pdf as pdfmod

    monkeypatch.setattr(pdfmod, "TIMEOUT", 0.2)
    pdfmod.close_shared()
    monkeypatch.setattr(pdfmod, "_shared", pdfmod.Converter(timeout=0.2))
    monkeypatch.setattr(pdfmod, "_shared_pid", os.getpid())
    out = tmp_path / "out"
    with pytest.raises(UnusableInput) as err:
        build(EXAMPLE, out, Options(pdf=True))
    assert err.value.kind == "pdf_failed" and "超过" in err.value.message
    assert list(out.iterdir()) == []
    pdfmod._shared.close()


# ---------------------------------------------------------------- nothing outlives us
KEEP = """
import sys, time
from pathlib import Path
from reportgen.render.pdf import shared_converter
conv = shared_converter()
conv.convert(Path(sys.argv[1]), Path(sys.argv[2]))
print(conv.pid, flush=True)
if sys.argv[3] == "busy":
    conv.convert(Path(sys.argv[4]), Path(sys.argv[2]))
time.sleep(600)
"""


@pytest.mark.parametrize("how", ["idle", "busy"])
def test_sigkill_of_our_process_ends_libreoffice(tmp_path, office, how):
    small = write_input(tmp_path / "in.xlsx")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "reportgen", "build", str(small), "-o", str(out)],
                   check=True, capture_output=True, timeout=300)
    docx = next(out.glob("*/*.docx"))
    proc = subprocess.Popen([sys.executable, "-c", KEEP, str(docx), str(tmp_path / "a.pdf"), how,
                             str(EXAMPLE_DOCX(tmp_path))], stdout=subprocess.PIPE, text=True)
    try:
        pid = int(proc.stdout.readline())
        assert alive(pid)
        below = descendants(proc.pid)
        assert pid in below
        time.sleep(0.5)          # "busy": the big conversion under way
        pipes = our_pipes()
        proc.kill()
        proc.wait()
        assert wait_gone(below | {pid}, 15) == set()
        # the worker removed the pipe file of the LibreOffice it ended
        mine = {p for p in pipes if any(f"reportgen_{b}_" in p for b in below)}
        assert mine, pipes
        assert not mine & our_pipes()
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_leaves_no_libreoffice_and_no_outputs(tmp_path, office, sig):
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(out),
                             "--pdf", "-j", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(is_soffice(p) for p in seen):
        seen |= descendants(proc.pid)
        time.sleep(0.05)
    assert any(is_soffice(p) for p in seen), "LibreOffice never started"
    # LibreOffice starts ahead of the build: wait for the first PDF under way,
    # i.e. the staged workbooks written and one PDF still missing
    def converting() -> bool:
        stages = list(out.glob(".reportgen-*")) if out.exists() else []
        return any(list(st.glob("*.xlsx")) and len(list(st.glob("*.pdf"))) < 3 for st in stages)
    while time.monotonic() < deadline and not converting() and proc.poll() is None:
        time.sleep(0.05)
    assert converting(), "never caught a conversion under way"
    seen |= descendants(proc.pid)
    proc.send_signal(sig)
    proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert wait_gone(seen, 15) == set()
    assert not out.exists() or [p.name for p in out.iterdir() if not p.name.startswith(".")] == []


# ---------------------------------------------------------------- 目录 with page numbers
def test_toc_has_the_page_numbers_of_the_pdf(tmp_path, office):
    """With ``toc = true`` the 目录 is refreshed before export: each part's
    entry carries the number of the PDF page its heading is on."""
    import re
    import shutil

    profile = tmp_path / "toc-profile"
    shutil.copytree(Path(__file__).resolve().parents[1] / "templates" / "default", profile)
    toml = profile / "profile.toml"
    text = toml.read_text(encoding="utf-8")
    assert "\ntoc = false" in text
    toml.write_text(text.replace("\ntoc = false", "\ntoc = true"), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(out),
                           "--pdf", "-j", "1", "--profile", str(profile)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pdf = out / f"{UNIT}_2022年度" / f"{UNIT}_2022年度部门决算.pdf"
    first = subprocess.run(["pdftotext", "-l", "3", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert "目 录" in first or "目录" in first
    entries = re.findall(r"^\s*(第[一二三四五六]部分)[^\n.]*?\.{3,}\s*(\d+)\s*$", first, re.M)
    assert len(entries) >= 4, first
    for part, page in entries:
        on_page = subprocess.run(["pdftotext", "-f", page, "-l", page, str(pdf), "-"],
                                 capture_output=True, text=True, check=True).stdout
        assert part in on_page, (part, page)


# ---------------------------------------------------------------- the right glyphs
def _region_cmaps(base_font: str) -> dict[str, dict[int, int]]:
    fam = "Serif" if "Serif" in base_font else "Sans"
    return _family_cmaps(fam, "Bold" if "-Bold" in base_font else "Regular")


@functools.lru_cache(maxsize=None)
def _family_cmaps(fam: str, style: str) -> dict[str, dict[int, int]]:
    """For a Noto CJK font embedded as ``base_font`` (LibreOffice names it
    after the shared CFF, ``NotoSerifCJKjp-Regular-…`` whichever region's
    cmap was used): each region's cmap of that family and weight, as
    {code point: CID}."""
    from fontTools.ttLib import TTCollection

    path = subprocess.run(["fc-match", "-f", "%{file}", f"Noto {fam} CJK SC:style={style}"],
                          capture_output=True, text=True, check=True).stdout
    out = {}
    for face in TTCollection(path, lazy=True):
        name = face["name"].getDebugName(1) or ""
        region = name.rsplit(" ", 1)[-1]
        if region in ("SC", "JP", "KR", "TC", "HK"):
            out[region] = {cp: int(g[3:]) for cp, g in face.getBestCmap().items()
                           if g.startswith("cid")}
    return out


def _glyphs_used(pdf: Path) -> dict[str, dict[str, int]]:
    """{embedded font: {character: CID}} of every Noto CJK font in ``pdf``
    (LibreOffice embeds them as Type 1 subsets with glyphs named cidN and a
    ToUnicode map)."""
    import re
    import tempfile

    from fontTools import t1Lib

    used: dict[str, dict[str, int]] = {}
    seen = set()
    for page in PdfReader(pdf).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            if getattr(ref, "idnum", None) in seen:
                continue
            seen.add(getattr(ref, "idnum", None))
            font = ref.get_object()
            base = str(font["/BaseFont"]).split("+", 1)[-1]
            if "CJK" not in base or "/FontFile" not in font.get("/FontDescriptor", {}):
                continue
            data = font["/FontDescriptor"].get_object()["/FontFile"].get_object().get_data()
            with tempfile.NamedTemporaryFile(suffix=".pfa") as fh:
                fh.write(data)
                fh.flush()
                t1 = t1Lib.T1Font(fh.name, kind="OTHER")
                t1.parse()
            enc = t1.font["Encoding"]
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for code, uni in re.findall(r"<([0-9A-F]{2})>\s*<([0-9A-F]{4,8})>", cmap):
                glyph = enc[int(code, 16)]
                if glyph.startswith("cid"):
                    used.setdefault(base, {})[chr(int(uni, 16))] = int(glyph[3:])
    return used


@pytest.mark.parametrize("fonts", [None, pytest.param({}, marks=pytest.mark.xfail(
    strict=True, reason="without the table, fontconfig's fallback sets 宋体 and 仿宋 in a sans face"))],
    ids=["substitution-table", "without-table"])
def test_chinese_text_is_set_in_simplified_chinese_glyphs(tmp_path, office, fonts):
    """The official faces, absent here, stand in as the serif SC face; and
    where the regions' shapes differ (e.g. 骨, 直), every character in the
    document's and the tables' PDFs uses the SC glyph, never the JP or KR
    one.  (pdffonts names every Noto CJK subset ``…CJKjp…``, after the CFF
    the regions share, so the name cannot tell; the CIDs can.)"""
    if "Noto Serif CJK SC" not in (subprocess.run(["fc-list", ":", "family"], capture_output=True,
                                                  text=True).stdout):
        pytest.skip("the Noto CJK fonts are not installed")
    from reportgen.render.pdf import Converter

    docx = EXAMPLE_DOCX(tmp_path)
    xlsx = docx.with_name(f"{UNIT}_2022年度部门决算公开表.xlsx")
    with Converter(fonts=fonts) as conv:
        pdfs = [conv.convert(docx, tmp_path / "doc.pdf"), conv.convert(xlsx, tmp_path / "tab.pdf")]
    # 仿宋_GB2312 and 宋体, the document's faces, stand in as the serif SC face
    assert any(b.startswith("NotoSerifCJK") for b in _glyphs_used(pdfs[0])), _glyphs_used(pdfs[0])
    checked = 0
    for pdf in pdfs:
        used = _glyphs_used(pdf)
        assert used, f"no Noto CJK font in {pdf.name}"
        for base, chars in used.items():
            regions = _region_cmaps(base)
            for ch, cid in chars.items():
                sc, jp, kr = (regions[r].get(ord(ch)) for r in ("SC", "JP", "KR"))
                if sc is None or (sc == jp and sc == kr):
                    continue      # the same glyph in every region: proves nothing
                assert cid == sc, f"{pdf.name} {base}: {ch} set with CID {cid}, SC is {sc} (JP {jp}, KR {kr})"
                checked += 1
    assert checked >= 20, checked


def test_a_command_ending_while_libreoffice_starts_leaves_nothing(tmp_path, office):
    """Started ahead (a lone build) and the command ends at once (e.g. the
    workbook has errors): LibreOffice, its worker and its profile go."""
    import glob
    import tempfile

    code = ("from reportgen.render.pdf import shared_converter\n"
            "c = shared_converter(); c.start(); print(c._proc.pid, c._profile, flush=True)\n"
            "import os; os._exit(0)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    worker, profile = proc.stdout.split()
    assert wait_gone({int(worker)}, 15) == set()
    deadline = time.monotonic() + 15
    while Path(profile).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(profile).exists()
    mine = [p for p in glob.glob(f"{tempfile.gettempdir()}/reportgen-lo-*")
            if p == profile]
    assert mine == []
    # and no LibreOffice with that profile
    time.sleep(1)
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                cmd = Path(f"/proc/{d}/cmdline").read_bytes().decode("utf-8", "replace")
            except OSError:
                continue
            assert Path(profile).name not in cmd or not alive(int(d)), cmd
