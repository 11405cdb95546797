"""``validate --format json`` prints one JSON document whatever it is given:
one workbook → one object; several workbooks or a
folder → one array, one object per workbook, the unusable ones too
(``{"file", "ok": false, "unusable", "message"}``); a folder without
workbooks → ``[]`` (exit 2, the reason on stderr)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from factory import write_input
from reportgen.cli import main


def _run(*args):
    return CliRunner().invoke(main, ["validate", "--format", "json", *map(str, args)],
                              catch_exceptions=False)


def test_several_files_are_one_array_with_the_unusable_ones(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("hello\n")
    good = write_input(tmp_path / "good.xlsx")
    r = _run(fake, good)
    docs = json.loads(r.stdout)
    assert isinstance(docs, list) and [d["file"] for d in docs] == [str(fake), str(good)]
    assert docs[0]["ok"] is False and docs[0]["unusable"] and "不是 Excel" in docs[0]["message"]
    assert {"ok", "errors", "warnings", "infos", "findings"} <= docs[1].keys()
    assert r.exit_code == 2


def test_a_folder_is_an_array_even_of_one(tmp_path):
    write_input(tmp_path / "a.xlsx")
    r = _run(tmp_path)
    docs = json.loads(r.stdout)
    assert isinstance(docs, list) and len(docs) == 1 and docs[0]["file"].endswith("a.xlsx")


def test_a_folder_without_workbooks_is_an_empty_array(tmp_path):
    r = _run(tmp_path)
    assert json.loads(r.stdout) == []
    assert r.exit_code == 2 and "没有找到要校验的 .xlsx 工作簿" in r.stderr


def test_one_file_is_one_object_also_when_unusable(tmp_path):
    good = write_input(tmp_path / "good.xlsx")
    assert json.loads(_run(good).stdout)["file"] == str(good)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("hello\n")
    r = _run(fake)
    doc = json.loads(r.stdout)
    assert doc["ok"] is False and doc["unusable"] and r.exit_code == 2


def test_strict_ok_follows_the_exit_code_for_an_object_and_an_array(tmp_path):
    # a 财政级次 outside the list (S123): a warning, no error
    warned = write_input(tmp_path / "warned.xlsx", info={"finance_level": "区（县）级"})
    r = _run(warned)
    assert r.exit_code == 0 and json.loads(r.stdout)["ok"] is True
    r = _run(warned, "--strict")
    doc = json.loads(r.stdout)
    assert r.exit_code == 1 and doc["warnings"] and doc["ok"] is False and doc["strict"] is True
    r = _run(tmp_path, "--strict")
    docs = json.loads(r.stdout)
    assert r.exit_code == 1 and [d["ok"] for d in docs] == [False]
