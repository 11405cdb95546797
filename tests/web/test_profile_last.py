"""The page's template profile choice (``serve --profile``) and last year's
workbook (上年决算工作簿, as ``validate/build --last``), through Starlette's
TestClient: the command line's profiles and L9xx findings, the same build."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from reportgen.build import Options, build, check
from reportgen.carry import last_year
from reportgen.core.errors import TemplateError
from reportgen.core.profile import bundled_profiles
from reportgen.web.app import Config, create_app
from support import EXAMPLE
from web_support import (assert_every_cell_highlighted, broken_copy, client, csrf_of, findings_of,
                         session_of, upload, wait_run)

# the example's 表1 收入总计 (本年收入合计 of the Jianghan 2022 report, 13,258.64 万元)
EXAMPLE_TOTAL = "13,258.64"


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """last: the example (2022) as last year's workbook; this: the example
    as next year's (年度 2023, its 上年 cells left as 2021's); same: the
    example again (年度 2022)."""
    folder = tmp_path_factory.mktemp("books")
    last = folder / "上年.xlsx"
    shutil.copy(EXAMPLE, last)
    same = folder / "同年.xlsx"
    shutil.copy(EXAMPLE, same)
    wb = openpyxl.load_workbook(EXAMPLE)
    wb["单位信息"]["B3"] = 2023
    this = folder / "本年.xlsx"
    wb.save(this)
    return {"last": last, "this": this, "same": same}


def _options(html: str) -> list[tuple[str, str, bool]]:
    """The profile <select>'s options: (value, text, selected)."""
    select = re.search(r'<select id="profile".*?</select>', html, re.S).group(0)
    return [(v, t, bool(sel)) for v, sel, t in
            re.findall(r'<option value="([^"]+)"( selected)?>([^<]*)</option>', select)]


def _upload_last(c, csrf, path: Path, name: str | None = None):
    from urllib.parse import quote
    return c.post("/api/last", content=path.read_bytes(),
                  headers={"X-Reportgen-CSRF": csrf, "X-File-Name": quote(name or path.name)})


# -- the profile -------------------------------------------------------------------------

def test_the_page_offers_the_shipped_profiles_by_their_chinese_names(page):
    c, _ = page
    opts = _options(c.get("/").text)
    shipped = bundled_profiles()
    assert [v for v, _, _ in opts] == [n for n, _ in shipped]      # as `reportgen profiles`
    assert [v for v, _, sel in opts if sel] == ["default"]
    texts = dict((v, t) for v, t, _ in opts)
    assert "上海市" in texts["shanghai-2024"] and "2024 年度格式" in texts["shanghai-2024"]
    assert "2022 年度格式" in texts["default"]
    # the label names the control (accessible), and the page says it is build --profile
    assert '<label for="profile">模板方案</label>' in c.get("/").text


@pytest.mark.slow
def test_serve_profile_is_the_pages_choice_and_the_builds_default(tmp_path):
    app = create_app(Config(jobs=1, pdf=False, profile="shanghai-2024"))
    with client(app) as c:
        html = c.get("/").text
        assert [v for v, _, sel in _options(html) if sel] == ["shanghai-2024"]
        csrf = csrf_of(html)
        upload(c, csrf, EXAMPLE)
        r = c.post("/api/build", json={}, headers={"X-Reportgen-CSRF": csrf})
        state = wait_run(c, r.json()["run"])
    item = state["items"][0]
    assert item["status_text"] == "成功", item
    cli = build(EXAMPLE, tmp_path / "cli", Options(profile="shanghai-2024"))
    assert [f["name"] for f in item["files"]] == [p.name for p in cli.outputs]


@pytest.mark.slow
def test_a_chosen_profile_builds_as_build_profile_does(page, tmp_path):
    c, csrf = page
    upload(c, csrf, EXAMPLE)
    r = c.post("/api/build", json={"profile": "shanghai-2024"}, headers={"X-Reportgen-CSRF": csrf})
    state = wait_run(c, r.json()["run"])
    ok = state["items"][0]
    assert ok["status_text"] == "成功"
    got = openpyxl.load_workbook(io.BytesIO(c.get(ok["files"][0]["url"]).content))
    want = openpyxl.load_workbook(build(EXAMPLE, tmp_path / "cli",
                                        Options(profile="shanghai-2024")).outputs[0])
    assert got.sheetnames == want.sheetnames
    assert got.sheetnames[0].startswith("一、")            # the Shanghai numbering, not 表1
    for name in want.sheetnames:
        assert [[x.value for x in r] for r in got[name].iter_rows()] == \
               [[x.value for x in r] for r in want[name].iter_rows()]


def test_a_profile_that_cannot_load_stops_serve_in_chinese(tmp_path):
    with pytest.raises(TemplateError):
        create_app(Config(jobs=1, pdf=False, profile=str(tmp_path / "没有")))
    from reportgen.cli import main
    r = CliRunner().invoke(main, ["serve", "--port", "0", "--profile", "没有这个方案"])
    assert r.exit_code == 2
    assert "找不到模板方案“没有这个方案”" in r.output and "Traceback" not in r.output


def test_a_profile_folder_of_ones_own_is_offered_too(tmp_path):
    from reportgen.core.profile import project_root
    own = tmp_path / "本区方案"
    shutil.copytree(project_root() / "templates" / "default", own)
    app = create_app(Config(jobs=1, pdf=False, profile=str(own)))
    assert list(app.profiles)[-1] == str(own)
    with client(app) as c:
        assert [v for v, _, sel in _options(c.get("/").text) if sel] == [str(own)]


# -- last year's workbook ----------------------------------------------------------------

@pytest.mark.slow
def test_last_years_findings_appear_on_their_cells_as_with_validate_last(page, books):
    c, csrf = page
    r = _upload_last(c, csrf, books["last"])
    assert r.status_code == 200
    assert r.json() | {"id": ""} == {"id": "", "name": "上年.xlsx",
                                     "unit": "武汉市江汉区人力资源局", "year": 2022}
    res = upload(c, csrf, books["this"]).json()["result"]
    assert res["last"] == "上年.xlsx"
    expected = check(books["this"], Options(last=last_year(books["last"]))).result
    assert {(f["code"], f["where"]) for f in findings_of(res)} == {
        (f.code, f.where or "（整个工作簿）") for f in expected.findings}
    l902 = next(f for f in findings_of(res) if f["where"] == "补充数据!C4")
    assert l902["code"] == "L902" and l902["severity"] == "错误"
    assert f"上年工作簿 上年.xlsx 的决算数 {EXAMPLE_TOTAL}" in l902["message"]
    assert_every_cell_highlighted(res, books["this"])
    for f in findings_of(res):             # our file names never reach the clerk
        assert not re.search(r"[0-9a-f]{16}", f["message"] + f["fix"])


@pytest.mark.slow
def test_the_year_not_following_last_years_is_l904_at_its_cell(page, books):
    c, csrf = page
    _upload_last(c, csrf, books["last"])
    res = upload(c, csrf, books["same"]).json()["result"]
    l904 = [f for f in findings_of(res) if f["code"] == "L904"]
    assert [f["where"] for f in l904] == ["单位信息!B3"]
    assert "决算年度 2022 不是上年工作簿 上年.xlsx 的年度 2022 的下一年" in l904[0]["message"]
    assert l904[0]["window"]["marked"] == [[3, 2]]


@pytest.mark.slow
def test_giving_or_removing_last_year_rechecks_on_request(web, page, books):
    c, csrf = page
    h = {"X-Reportgen-CSRF": csrf}
    up = upload(c, csrf, books["this"]).json()
    codes = {f["code"] for f in findings_of(up["result"])}
    assert up["result"]["last"] == "" and not any(x.startswith("L9") for x in codes)
    _upload_last(c, csrf, books["last"])
    again = c.post(f"/api/uploads/{up['id']}/check", headers=h).json()
    assert again["id"] == up["id"] and again["result"]["last"] == "上年.xlsx"
    assert "L902" in {f["code"] for f in findings_of(again["result"])}
    # the page, reloaded, still knows last year's workbook
    assert '"name": "上年.xlsx"' in c.get("/").text
    assert c.post("/api/last/delete", headers=h).status_code == 200
    assert session_of(web, c).last is None
    back = c.post(f"/api/uploads/{up['id']}/check", headers=h).json()
    assert {f["code"] for f in findings_of(back["result"])} == codes
    assert c.post("/api/uploads/0123456789abcdef/check", headers=h).status_code == 404


def test_a_last_year_workbook_with_errors_or_unreadable_is_refused_in_chinese(
        web, page, tmp_path):
    c, csrf = page
    r = _upload_last(c, csrf, broken_copy(tmp_path), "去年.xlsx")
    assert r.status_code == 422
    msg = r.json()["error"]
    assert msg.startswith("上年工作簿 去年.xlsx 校验有错误") and "支出功能分类!E5" in msg
    assert "reportgen validate" not in msg and not re.search(r"[0-9a-f]{16}", msg)
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a workbook")
    r = _upload_last(c, csrf, bad, "去年.xlsx")
    assert r.status_code == 422 and "上年工作簿 去年.xlsx 无法读取" in r.json()["error"]
    s = session_of(web, c)
    assert s.last is None and list(s.folder.iterdir()) == []       # nothing kept


@pytest.mark.slow
def test_a_refused_last_year_keeps_the_one_given_before(web, page, books, tmp_path):
    c, csrf = page
    _upload_last(c, csrf, books["last"])
    assert _upload_last(c, csrf, broken_copy(tmp_path)).status_code == 422
    s = session_of(web, c)
    assert s.last.name == "上年.xlsx" and s.last.path.exists()
    assert len(list(s.folder.iterdir())) == 1
    _upload_last(c, csrf, books["last"], "再选.xlsx")               # replaces it, one file
    assert s.last.name == "再选.xlsx" and len(list(s.folder.iterdir())) == 1


@pytest.mark.slow
def test_build_with_last_year_refuses_as_build_last_does(page, books):
    c, csrf = page
    h = {"X-Reportgen-CSRF": csrf}
    upload(c, csrf, books["this"])
    state = wait_run(c, c.post("/api/build", json={}, headers=h).json()["run"])
    assert state["items"][0]["status_text"] == "成功"      # without last year: it builds
    _upload_last(c, csrf, books["last"])
    state = wait_run(c, c.post("/api/build", json={}, headers=h).json()["run"])
    item = state["items"][0]
    assert item["status_text"] == "有错误" and item["files"] == []
    cli = check(books["this"], Options(last=last_year(books["last"]))).result
    assert item["errors"] == len(cli.errors) and any(f.code == "L902" for f in cli.errors)


def test_last_year_needs_the_csrf_token_and_goes_with_clear(web, page, books):
    c, csrf = page
    assert c.post("/api/last", content=books["last"].read_bytes()).status_code == 403
    assert c.post("/api/last/delete").status_code == 403
    _upload_last(c, csrf, books["last"])
    assert c.post("/api/clear", headers={"X-Reportgen-CSRF": csrf}).status_code == 200
    s = session_of(web, c)
    assert s.last is None and list(s.folder.iterdir()) == []


def test_the_page_has_a_labelled_keyboard_reachable_last_year_input(page):
    c, _ = page
    html = c.get("/").text
    assert '<label for="last-input"' in html and "上年决算工作簿" in html
    tag = re.search(r'<input id="last-input"[^>]*>', html).group(0)
    assert " hidden" not in tag and "disabled" not in tag     # focusable, not hidden
    for i in ("file-input", "folder-input"):
        assert f'<label class="button" for="{i}">' in html
        assert " hidden" not in re.search(rf'<input id="{i}"[^>]*>', html).group(0)
