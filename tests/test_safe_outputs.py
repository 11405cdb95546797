"""Outputs are complete or absent; the input is only ever read."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from procs import in_group, wait_gone
from reportgen.build import build
from reportgen.core.errors import UnusableInput
from reportgen.core.safeio import atomic_path, staged
from support import EXAMPLE


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_atomic_path_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.xlsx"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("crash")
    assert list(tmp_path.iterdir()) == []


def test_staged_moves_all_or_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with staged(tmp_path) as stage:
            (stage / "a.xlsx").write_bytes(b"done")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    with staged(tmp_path) as stage:
        (stage / "a.xlsx").write_bytes(b"done")
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


def test_build_never_modifies_its_input(tmp_path):
    src = tmp_path / "in.xlsx"
    shutil.copy(EXAMPLE, src)
    before = digest(src), src.stat().st_mtime_ns
    build(src, tmp_path / "out")
    assert (digest(src), src.stat().st_mtime_ns) == before


def test_output_equal_to_input_is_refused(tmp_path):
    out = tmp_path / "out"
    folder = out / "武汉市江汉区人力资源局_2022年度"
    folder.mkdir(parents=True)
    # an input that has the very name the build would write, and one that
    # merely lies in the report's folder (which is replaced whole)
    for name in ("武汉市江汉区人力资源局_2022年度部门决算公开表.xlsx", "我的输入.xlsx"):
        victim = folder / name
        shutil.copy(EXAMPLE, victim)
        before = digest(victim)
        with pytest.raises(UnusableInput) as exc:
            build(victim, out)
        assert exc.value.kind == "output_is_input"
        assert digest(victim) == before
    assert sorted(p.name for p in out.iterdir()) == [folder.name]


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_killed_build_leaves_no_partial_file(tmp_path, sig):
    out = tmp_path / "out"
    outputs_seen = []
    # kill at several moments; whatever is visible afterwards is complete
    for delay in (0.3, 0.8, 1.5):
        shutil.rmtree(out, ignore_errors=True)
        proc = subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(out)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        time.sleep(delay)
        proc.send_signal(sig)
        proc.wait(timeout=60)
        # nothing of the build is left running (the chart process included)
        assert not wait_gone(in_group(proc.pid), 3.0)
        visible = ([p for p in out.glob("*/*") if not p.name.startswith(".")
                    and not p.parent.name.startswith(".")] if out.exists() else [])
        for p in visible:
            assert p.suffix in (".xlsx", ".docx"), p
            import zipfile
            with zipfile.ZipFile(p) as zf:
                assert zf.testzip() is None
        outputs_seen.append(len(visible))
        if sig != signal.SIGKILL and out.exists():
            # Ctrl-C and SIGTERM unwind: no staging folder is left behind
            assert not [p for p in out.iterdir() if p.name.startswith(".")]
    if sig == signal.SIGKILL and out.exists():
        # a later build removes what a killed one left in its staging folder
        build(EXAMPLE, out)
        assert not [p for p in out.iterdir() if p.name.startswith(".")]


# ------------------------------------------------------------ environment faults
def _cli(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout)


def _said_in_chinese(proc, *words):
    text = proc.stdout + proc.stderr
    assert proc.returncode == 2, text
    assert "内部错误" not in text and "Traceback" not in text, text
    for w in words:
        assert w in text, text


@pytest.mark.slow
def test_output_folder_under_a_file_is_named(tmp_path):
    blocker = tmp_path / "报告.txt"
    blocker.write_text("a file, not a folder")
    out = blocker / "输出"
    proc = _cli("build", EXAMPLE, "-o", out)
    _said_in_chinese(proc, str(blocker), "文件而不是文件夹")


@pytest.mark.parametrize("code,words", [(28, "磁盘空间已满"), (13, "没有权限"), (30, "只读")],
                         ids=["ENOSPC", "EACCES", "EROFS"])
def test_write_faults_are_named_with_the_path(tmp_path, monkeypatch, code, words):
    import errno

    from reportgen.render import xlsx

    def fail(report, profile, path, *a, **k):
        raise OSError(code, os.strerror(code), str(path))
    monkeypatch.setattr(xlsx, "render_tables", fail)
    out = tmp_path / "out"
    with pytest.raises(UnusableInput) as exc:
        build(EXAMPLE, out)
    assert exc.value.kind == "output_unwritable"
    assert words in exc.value.message and str(out) in exc.value.message
    assert "内部错误" not in exc.value.message
    # nothing left behind: no report folder, no staging folder
    assert list(out.iterdir()) == []
    assert errno.errorcode[code]


def _mount_tmpfs(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    try:
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                           capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("options,words", [("size=256k", "磁盘空间已满"), ("ro,size=64k", "只读")],
                         ids=["full-disk", "read-only"])
def test_real_full_and_read_only_disks(tmp_path, options, words):
    mnt = tmp_path / "disk"
    if not _mount_tmpfs(mnt, options):
        pytest.skip("cannot mount a tmpfs here (needs root); the monkeypatched test covers it")
    try:
        proc = _cli("build", EXAMPLE, "-o", mnt)
        _said_in_chinese(proc, words, str(mnt))
        if "ro" not in options:
            assert [p.name for p in mnt.iterdir()] == []   # the half-written set removed
        again = _cli("validate", EXAMPLE)                    # and the input is fine
        assert again.returncode == 0, again.stdout + again.stderr
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, timeout=10)


@pytest.mark.slow
def test_a_folder_built_into_itself_twice_never_reads_its_outputs(tmp_path):
    d = tmp_path / "单位"
    d.mkdir()
    shutil.copy(EXAMPLE, d / "输入.xlsx")
    for _ in range(2):
        proc = _cli("build", d, "-o", d, "-j", "1")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "共 1 个文件：成功 1" in proc.stdout
    reports = [p for p in d.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(reports) == 1 and len([p for p in reports[0].iterdir() if p.suffix]) == 3


@pytest.mark.slow
def test_a_report_replaces_its_previous_set_in_one_step(tmp_path, monkeypatch):
    # the set is switched by one exchange of folders: an old file we wrote
    # that is not in the new set disappears with it, the clerk's own files
    # are carried into the new folder (and the build says so); a folder
    # that is not ours is never replaced
    from reportgen.core import safeio
    out = tmp_path / "out"
    first = build(EXAMPLE, out)
    folder = first.outputs[0].parent
    mark = folder / safeio.REPORT_MARK
    assert sorted(line.split("\t")[0] for line in mark.read_text(encoding="utf-8").splitlines()[1:]
                  ) == sorted(p.name for p in first.outputs)
    (folder / "旧文件.xlsx").write_bytes(b"from an earlier run")
    mark.write_text(mark.read_text(encoding="utf-8") + "旧文件.xlsx\n", encoding="utf-8")
    (folder / "部门决算-手工修改版.docx").write_bytes(b"the clerk's polished text")
    renames = []
    real = safeio._exchange
    monkeypatch.setattr(safeio, "_exchange", lambda a, b: renames.append((a, b)) or real(a, b))
    second = build(EXAMPLE, out)
    assert second.outputs[0].parent == folder and len(renames) == 1
    assert not (folder / "旧文件.xlsx").exists()
    assert (folder / "部门决算-手工修改版.docx").read_bytes() == b"the clerk's polished text"
    assert any("部门决算-手工修改版.docx" in m and "保留" in m for m in second.messages)
    assert sorted(p.name for p in out.iterdir()) == [folder.name]
    # a clerk's own folder of that name is left alone
    (folder / safeio.REPORT_MARK).unlink()
    with pytest.raises(UnusableInput) as exc:
        build(EXAMPLE, out)
    assert exc.value.kind == "output_conflict" and str(folder) in exc.value.message
    assert sorted(p.name for p in out.iterdir()) == [folder.name]


# ------------------------------------------------- the clerk's files in a report folder
def _report(folder: Path, files: dict[str, bytes], mark: str) -> Path:
    from reportgen.core import safeio
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    (folder / safeio.REPORT_MARK).write_text(mark, encoding="utf-8")
    return folder


def test_a_rebuild_carries_the_clerks_files_into_the_new_folder(tmp_path):
    from reportgen.core import safeio
    target = _report(tmp_path / "局_2022年度", {"表.xlsx": b"old", "表.pdf": b"old pdf",
                                              "手工修改版.docx": b"mine", "扫描件/批复.pdf": b"scan",
                                              "文档.pdf": b"printed by the clerk"},
                     "reportgen\n表.xlsx\n表.pdf\n")
    stage = tmp_path / ".stage"
    stage.mkdir()
    (stage / "表.xlsx").write_bytes(b"new")
    (stage / "文档.pdf").write_bytes(b"new pdf")
    kept = safeio.publish(stage, target)
    assert kept == sorted(["手工修改版.docx", "扫描件", "文档（上次保留）.pdf"])
    assert (target / "表.xlsx").read_bytes() == b"new" and not (target / "表.pdf").exists()
    assert (target / "手工修改版.docx").read_bytes() == b"mine"
    assert (target / "扫描件" / "批复.pdf").read_bytes() == b"scan"
    assert (target / "文档.pdf").read_bytes() == b"new pdf"
    assert (target / "文档（上次保留）.pdf").read_bytes() == b"printed by the clerk"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["局_2022年度"]


def test_an_earlier_versions_mark_keeps_what_is_not_named_as_an_output(tmp_path):
    from reportgen.core import safeio
    target = _report(tmp_path / "局_2022年度", {"表.xlsx": b"old", "表.pdf": b"old pdf",
                                              "手工修改版.docx": b"mine"}, "reportgen\n")
    stage = tmp_path / ".stage"
    stage.mkdir()
    (stage / "表.xlsx").write_bytes(b"new")
    assert safeio.publish(stage, target) == ["手工修改版.docx"]
    assert sorted(p.name for p in target.iterdir()) == ["手工修改版.docx", "表.xlsx"]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_mark_lists_each_written_file_with_its_hash(tmp_path):
    from reportgen.core import safeio
    with safeio.staged(tmp_path, "局_2022年度") as stage:
        (stage / "表.xlsx").write_bytes(b"tables")
        (stage / "文档.docx").write_bytes(b"document")
    mark = (tmp_path / "局_2022年度" / safeio.REPORT_MARK).read_text(encoding="utf-8")
    assert mark == f"reportgen\n文档.docx\t{_sha(b'document')}\n表.xlsx\t{_sha(b'tables')}\n"
    assert safeio.written_by_us(tmp_path / "局_2022年度") == {"表.xlsx", "文档.docx"}


def test_a_generated_file_the_clerk_edited_is_kept_renamed(tmp_path):
    # the document edited and saved in place: its hash is no longer the
    # mark's, so it is the clerk's now, kept beside the new one
    from reportgen.core import safeio
    target = _report(tmp_path / "局_2022年度",
                     {"文档.docx": b"edited in Word", "表.xlsx": b"old", "绩效.xlsx": b"changed"},
                     f"reportgen\n文档.docx\t{_sha(b'as written')}\n表.xlsx\t{_sha(b'old')}\n"
                     f"绩效.xlsx\t{_sha(b'as written')}\n")
    stage = tmp_path / ".stage"
    stage.mkdir()
    (stage / "文档.docx").write_bytes(b"new document")
    (stage / "表.xlsx").write_bytes(b"new")
    log: list = []
    kept = safeio.publish(stage, target, log=log)
    assert sorted(kept) == ["文档（上次保留）.docx", "绩效（上次保留）.xlsx"]
    assert (target / "文档.docx").read_bytes() == b"new document"
    assert (target / "文档（上次保留）.docx").read_bytes() == b"edited in Word"
    assert (target / "绩效（上次保留）.xlsx").read_bytes() == b"changed"
    assert not (target / "绩效.xlsx").exists()
    assert (target / "表.xlsx").read_bytes() == b"new"
    assert {(k.was, k.name, k.edited) for k in log} == {
        ("文档.docx", "文档（上次保留）.docx", True), ("绩效.xlsx", "绩效（上次保留）.xlsx", True)}
    from reportgen.build import kept_notes
    notes = kept_notes(log, target, {"文档.docx", "表.xlsx"})
    assert len(notes) == 2 and all("被修改过" in n for n in notes)
    assert any("“文档（上次保留）.docx”" in n and "新生成" in n for n in notes)
    assert any("“绩效（上次保留）.xlsx”" in n and "本次未生成" in n for n in notes)


def test_a_kept_copy_from_an_earlier_rebuild_keeps_its_name(tmp_path):
    from reportgen.core import safeio
    target = _report(tmp_path / "局_2022年度",
                     {"文档.docx": b"edited again", "文档（上次保留）.docx": b"first edit"},
                     f"reportgen\n文档.docx\t{_sha(b'as written')}\n")
    stage = tmp_path / ".stage"
    stage.mkdir()
    (stage / "文档.docx").write_bytes(b"new")
    assert sorted(safeio.publish(stage, target)) == ["文档（上次保留2）.docx", "文档（上次保留）.docx"]
    assert (target / "文档（上次保留）.docx").read_bytes() == b"first edit"
    assert (target / "文档（上次保留2）.docx").read_bytes() == b"edited again"


def test_a_clerks_file_with_a_possible_output_name_is_kept_renamed(tmp_path):
    # the PDF the clerk exported from the document, in a build without
    # PDFs: not under the official name beside the new document
    from reportgen.core import safeio
    target = _report(tmp_path / "局_2022年度", {"文档.docx": b"old", "文档.pdf": b"exported",
                                              "批复.pdf": b"scan"},
                     f"reportgen\n文档.docx\t{_sha(b'old')}\n")
    stage = tmp_path / ".stage"
    stage.mkdir()
    (stage / "文档.docx").write_bytes(b"new")
    log: list = []
    kept = safeio.publish(stage, target, {"文档.docx", "文档.pdf", "表.xlsx", "表.pdf"}, log)
    assert sorted(kept) == ["批复.pdf", "文档（上次保留）.pdf"]
    assert not (target / "文档.pdf").exists()
    assert (target / "文档（上次保留）.pdf").read_bytes() == b"exported"
    from reportgen.build import kept_notes
    notes = kept_notes(log, target, {"文档.docx"})
    assert any("批复.pdf" in n and "原样保留" in n for n in notes)
    assert any("“文档.pdf”与本工具的输出文件同名" in n and "“文档（上次保留）.pdf”" in n
               for n in notes)


def test_a_failed_carry_replaces_nothing(tmp_path, monkeypatch):
    from reportgen.core import safeio
    target = _report(tmp_path / "局_2022年度", {"表.xlsx": b"old", "手工修改版.docx": b"mine"},
                     "reportgen\n表.xlsx\n")
    stage = tmp_path / ".stage"
    stage.mkdir()
    (stage / "表.xlsx").write_bytes(b"new")

    def full(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(safeio, "_link_or_copy", full)
    with pytest.raises(OSError):
        safeio.publish(stage, target)
    assert (target / "表.xlsx").read_bytes() == b"old"
    assert (target / "手工修改版.docx").read_bytes() == b"mine"


@pytest.mark.parametrize("args", [["--pdf"], ["-j", "1"]])
def test_a_batch_build_says_which_files_it_kept(monkeypatch, tmp_path, args):
    # a folder of workbooks, or one with --pdf, runs through the batch: its
    # notes (the clerk's files kept, renamed ones) are said as a single build says them
    from click.testing import CliRunner

    import reportgen.batch as batch
    import reportgen.cli as cli
    from reportgen.batch import Outcome

    note = "报告文件夹 out/局_2022年度 中原有不是本工具生成的文件：mine.txt，已原样保留在重新生成的报告文件夹中。"

    def done(paths, *a, **kw):
        return [Outcome(path=str(p), status=0, unit="局", outputs=["out/局_2022年度/表.xlsx"],
                        messages=[note]) for p in paths]
    monkeypatch.setattr(cli, "_prepare_pdf", lambda options: None)
    monkeypatch.setattr(batch, "run_batch", done)
    monkeypatch.setattr("reportgen.render.pdf.shared_converter",
                        lambda: type("C", (), {"start": lambda self: None})())
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "a.xlsx")
    given = str(folder) if "-j" in args else str(EXAMPLE)
    res = CliRunner().invoke(cli.main, ["build", *args, "-o", str(tmp_path / "out"), given])
    assert res.exit_code == 0, res.output
    assert f"提示：{note}" in res.stderr
