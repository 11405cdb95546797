"""Kind 9: a short grouped summary, everything with --verbose and JSON, no
false “只见于…年版目录”, every message Chinese (click's own usage errors
included), and `build --help` says what is built."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from reportgen.build import check
from reportgen.cli import main

from support import EXAMPLE
from variants import case

# three or more English words in a row: untranslated text
ENGLISH = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")


def _run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def example_runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return (_run("validate", str(EXAMPLE)), _run("validate", "--verbose", str(EXAMPLE)),
            _run("validate", "--format", "json", str(EXAMPLE)),
            _run("build", "-j", "1", "-o", str(out), str(EXAMPLE)))


def test_the_summary_groups_by_code_with_counts(example_runs):
    short, verbose, as_json, built = example_runs
    assert short.exit_code == 0
    assert "警告 V602（22 处）" in short.stdout and "警告 V604（11 处）" in short.stdout
    assert "共 0 个错误，51 个警告。" in short.stdout
    # a short summary: at most three findings of each code
    listed = [ln for ln in short.stdout.splitlines() if ln.startswith("  绩效指标!J")]
    assert len(listed) == 3
    assert len(short.stdout.splitlines()) < len(verbose.stdout.splitlines()) / 2


def test_verbose_and_json_give_all_51(example_runs):
    short, verbose, as_json, built = example_runs
    assert len([ln for ln in verbose.stdout.splitlines() if ln.startswith("警告 ")]) == 51
    doc = json.loads(as_json.stdout)
    assert len(doc["findings"]) == 51 and doc["warnings"] == 51


def test_build_prints_the_short_summary(example_runs):
    built = example_runs[3]
    assert built.exit_code == 0, built.stderr
    assert "警告 V602（22 处）" in built.stdout
    assert len([ln for ln in built.stdout.splitlines() if "绩效指标!J" in ln]) == 3


@pytest.mark.parametrize("name", ["decimal-comma", "optional-texts-blank"])
def test_no_later_edition_claim_between_editions(name):
    # 2023 workbooks: the catalogue has 2022 and 2024 editions, so a code
    # attested from 2024 is not “只见于 2024 年版目录”
    res = check(case(name)).result
    assert not res.at("C206")
    assert not [f for f in res.findings if "只见于" in f.message]


@pytest.mark.parametrize("args,expected", [
    (["build"], "缺少要处理的工作簿"),
    (["build", "--foo", "a.xlsx"], "没有选项 --foo"),
    (["validate", "--format", "xml", "a.xlsx"], "须为 human、json 之一"),
    (["buil"], "没有命令 buil"),
    (["build", "-j", "0", "a.xlsx"], "须为不小于 1 的整数"),
    (["build", "a.xlsx", "-o"], "后面需要一个值"),
    (["validate", "--tolerance", "abc", "a.xlsx"], "须为数字"),
    (["init"], "缺少工作簿路径"),
])
def test_usage_errors_are_chinese(args, expected):
    r = _run(*args)
    assert r.exit_code == 2
    assert expected in r.stderr, r.stderr
    assert "查看用法" in r.stderr
    for word in ("Usage", "Error", "Try ", "No such", "Missing", "Invalid"):
        assert word not in r.output + r.stderr


@pytest.mark.parametrize("command", [[], ["build"], ["validate"], ["init"], ["rules"]])
def test_help_is_chinese(command):
    r = _run(*command, "--help")
    assert r.exit_code == 0
    assert "用法：" in r.stdout and "选项" in r.stdout
    for word in ("Usage:", "Options:", "Show this message", "[default:", "TEXT", "INTEGER"):
        assert word not in r.stdout, word


def test_build_help_says_what_is_built():
    text = _run("build", "--help").stdout
    for thing in ("部门决算公开表.xlsx", "九张决算公开表", "部门决算.docx", "绩效自评表.xlsx", "--pdf"):
        assert thing in text


def test_rules_descriptions_are_chinese():
    text = _run("rules").stdout
    assert "S101" in text and "rule-error" in text
    assert not [ln for ln in text.splitlines() if ENGLISH.search(ln.replace("reportgen init", ""))]
