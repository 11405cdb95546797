"""Files that cannot be used: exit code 2, a Chinese message, no traceback,
nothing written — through the real command line."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from factory import write_input
from hostile.payloads import entity_expansion

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def _missing(tmp):
    return tmp / "没有这个文件.xlsx"


def _empty(tmp):
    p = tmp / "empty.xlsx"
    p.write_bytes(b"")
    return p


def _truncated(tmp):
    good = write_input(tmp / "good.xlsx")
    p = tmp / "truncated.xlsx"
    p.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return p


def _not_a_workbook(tmp):
    p = tmp / "notes.xlsx"
    p.write_text("这是一个文本文件", encoding="utf-8")
    return p


def _old_xls(tmp):
    p = tmp / "old.xls"
    p.write_bytes(OLE + b"\x00" * 4096 + "Workbook".encode("utf-16-le"))
    return p


def _encrypted(tmp):
    # an encrypted .xlsx is an OLE container holding EncryptionInfo/EncryptedPackage
    p = tmp / "secret.xlsx"
    p.write_bytes(OLE + b"\x00" * 1024 + "EncryptionInfo".encode("utf-16-le")
                  + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"))
    return p


def _other_template(tmp):
    p = tmp / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "收入明细"
    wb.active.append(["随便", "什么"])
    wb.save(p)
    return p


def _entity_bomb(tmp):
    return entity_expansion(write_input(tmp / "good.xlsx"), tmp / "bomb.xlsx")


def _zip_not_xlsx(tmp):
    p = tmp / "archive.xlsx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("readme.txt", "hello")
    return p


def _xlsx_named_xls(tmp):
    # a workbook saved under a .xls name (init z3.xls used to write one)
    p = tmp / "z3.xls"
    p.write_bytes(write_input(tmp / "good.xlsx").read_bytes())
    return p


CASES = {
    "missing": (_missing, "找不到文件"),
    "empty": (_empty, "空文件"),
    "truncated": (_truncated, "不完整"),
    "not_a_workbook": (_not_a_workbook, "不是"),
    "old_xls": (_old_xls, ".xlsx"),
    "encrypted": (_encrypted, "密码"),
    "other_template": (_other_template, "缺少工作表"),
    "entity_bomb": (_entity_bomb, "实体"),
    "zip_not_xlsx": (_zip_not_xlsx, "无法读取"),
    "xlsx_named_xls": (_xlsx_named_xls, "改名为 z3.xlsx"),
}


@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_unusable_file(tmp_path, case, command):
    make, words = CASES[case]
    src = make(tmp_path)
    out = tmp_path / "out"
    args = [command, src] + (["-o", out] if command == "build" else [])
    before = src.read_bytes() if src.exists() else None
    proc = run(*args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert words in proc.stderr + proc.stdout
    # no exception name (“（InvalidFileException）”) in what the clerk reads
    assert not re.search(r"[A-Z][a-z]+(Error|Exception|File)\b", proc.stderr + proc.stdout)
    assert not out.exists() or not any(out.iterdir())
    if before is not None:
        assert src.read_bytes() == before  # the input is only ever read


def test_debug_shows_the_traceback(tmp_path):
    proc = run("validate", _not_a_workbook(tmp_path), "--debug")
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr


@pytest.mark.parametrize("name", ["z3.xls", "z8.txt", "z9"])
def test_init_writes_only_xlsx(tmp_path, name):
    from click.testing import CliRunner
    from reportgen.cli import main

    from support import EVERY_COLUMN

    for extra in ([], ["--from", str(EVERY_COLUMN)]):
        res = CliRunner().invoke(main, ["init", str(tmp_path / name), *extra])
        assert res.exit_code == 2 and ".xlsx 结尾" in res.output, res.output
        assert not (tmp_path / name).exists()


def test_init_refuses_to_overwrite(tmp_path):
    p = tmp_path / "in.xlsx"
    p.write_bytes(b"keep me")
    proc = run("init", p)
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert p.read_bytes() == b"keep me"
