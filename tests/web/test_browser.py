"""``reportgen serve`` as a clerk meets it: the real server process, driven
by Debian's chromium through Selenium and /usr/bin/chromedriver.

Set REPORTGEN_SCREENSHOT_DIR to keep the screenshots elsewhere than the
test's temporary folder (docs/images/serve-*.png were made so).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from reportgen.build import Options, build
from support import EXAMPLE
from web_support import BROKEN_CELL, BROKEN_SHEET, BROKEN_TEXT, broken_copy, shared_case

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

pytestmark = pytest.mark.slow


def _children(pid: int) -> set[int]:
    """The live descendants of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            parents[int(d.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        kids = {c for c, pp in parents.items() if pp == p}
        found |= kids
        todo += kids
    return found


class Server:
    """``reportgen serve --port 0`` in a process of its own, with its own
    TMPDIR so the test can see what it leaves behind."""

    def __init__(self, tmp: Path, *args: str):
        self.tmp = tmp / "tmpdir"
        self.tmp.mkdir()
        env = dict(os.environ, TMPDIR=str(self.tmp), PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", "--port", "0",
                                      *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env, cwd=tmp)
        line = self.proc.stdout.readline()
        m = re.search(r"(http://\S+)", line)
        assert m, line + self.proc.stderr.read()
        self.url = m.group(1)
        self.base = re.match(r"http://[^/]+", self.url).group(0)

    @staticmethod
    def _alive(pids: set[int]) -> set[int]:
        alive = set()
        for p in pids:
            try:
                state = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                alive.add(p)
        return alive

    def stop(self, sig=signal.SIGINT) -> tuple[int, str, str]:
        kids = _children(self.proc.pid)
        self.proc.send_signal(sig)
        out, err = self.proc.communicate(timeout=60)
        deadline = time.monotonic() + 10
        while self._alive(kids) and time.monotonic() < deadline:
            time.sleep(0.2)
        self.left = self._alive(kids)
        return self.proc.returncode, out, err


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path)
    yield s
    if s.proc.poll() is None:
        s.proc.kill()
        s.proc.wait()


def test_serve_stops_cleanly_leaving_no_files_and_no_processes(server):
    with urllib.request.urlopen(server.url) as r:
        assert r.status == 200
    assert any(server.tmp.iterdir())                 # its private temporary folder
    code, out, err = server.stop(signal.SIGTERM)
    assert "已停止" in out and "Traceback" not in err, err
    assert list(server.tmp.iterdir()) == []
    assert server.left == set()


def test_a_server_killed_outright_leaves_no_worker_and_its_folder_goes_next_time(tmp_path):
    s = Server(tmp_path)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    page = opener.open(s.url).read().decode()
    csrf = re.search(r'name="reportgen-csrf" content="([^"]+)"', page).group(1)
    req = urllib.request.Request(s.base + "/api/upload", data=EXAMPLE.read_bytes(), method="POST",
                                 headers={"X-Reportgen-CSRF": csrf, "X-File-Name": "a.xlsx"})
    assert opener.open(req).status == 200            # a worker process has checked it
    kids = _children(s.proc.pid)
    assert kids
    s.proc.kill()
    s.proc.wait()
    deadline = time.monotonic() + 15
    while Server._alive(kids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert Server._alive(kids) == set()
    left = list(s.tmp.iterdir())
    assert len(left) == 1                            # SIGKILL: nothing could remove it then
    # the next server removes it
    nxt = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", "--port", "0"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env=dict(os.environ, TMPDIR=str(s.tmp), PYTHONUNBUFFERED="1"))
    try:
        assert "已启动" in nxt.stdout.readline()
        deadline = time.monotonic() + 10
        while left[0].exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not left[0].exists()
    finally:
        nxt.send_signal(signal.SIGINT)
        nxt.communicate(timeout=60)
    assert list(s.tmp.iterdir()) == []


def test_serve_with_another_host_wants_the_printed_token(tmp_path):
    s = Server(tmp_path, "--host", "0.0.0.0")
    try:
        assert "?token=" in s.url
        # 127.0.0.1 is not excused: with --host every client needs the token
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(s.base + "/")
        assert e.value.code == 403
        # the printed address sets a cookie and leads to the page
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(s.url) as r:
            assert r.status == 200 and "token" not in r.url
        with opener.open(s.base + "/static/app.js") as r:
            assert r.status == 200
    finally:
        s.stop()


def test_serve_on_a_taken_port_says_so_in_chinese(server):
    port = server.base.rsplit(":", 1)[1]
    proc = subprocess.run([sys.executable, "-m", "reportgen", "serve", "--port", port],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "端口可能已被占用" in proc.stderr and "Traceback" not in proc.stderr
    server.stop()


@pytest.fixture
def chromium(tmp_path, monkeypatch):
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        if os.environ.get("REPORTGEN_REQUIRE_CHROMIUM"):
            pytest.fail("chromium and chromium-driver are required here (.ci/run installs them)")
        pytest.skip("Debian's chromium / chromium-driver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # the system's browser and driver only: Selenium Manager never fetches one
    monkeypatch.setenv("SE_OFFLINE", "true")

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              "--disable-dev-shm-usage", "--window-size=1280,1800",
              f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        opts.add_argument(a)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def _screenshot(driver, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("REPORTGEN_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    driver.save_screenshot(str(target))
    assert target.stat().st_size > 10_000
    return target


def test_a_clerk_uploads_sees_the_cell_builds_and_takes_the_zip(server, chromium, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    d = chromium
    wait = WebDriverWait(d, 120)
    d.get(server.url)
    assert "部门决算公开报告生成" in d.title
    broken = broken_copy(tmp_path)
    files = [EXAMPLE, broken]
    carry = shared_case("negative-fiscal-carry.xlsx")
    d.find_element(By.ID, "file-input").send_keys("\n".join(str(p) for p in files))
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".upload")) == len(files) and not
               d.find_elements(By.CSS_SELECTOR, '.upload[data-status="checking"]'))
    cards = {c.find_element(By.CSS_SELECTOR, ".name").text: c
             for c in d.find_elements(By.CSS_SELECTOR, ".upload")}
    assert cards[broken.name].get_attribute("data-status") == "errors"
    assert cards[EXAMPLE.name].get_attribute("data-status") in ("ok", "warnings")
    # the error on its cell: the grid of 支出功能分类 around E5, E5 highlighted
    hit = cards[broken.name].find_element(
        By.CSS_SELECTOR, f'table.grid[data-sheet="{BROKEN_SHEET}"][data-cell="{BROKEN_CELL}"] td.hit')
    assert hit.text == BROKEN_TEXT and hit.get_attribute("data-ref") == BROKEN_CELL
    assert hit.value_of_css_property("background-color") == "rgba(255, 213, 79, 1)"
    finding = hit.find_element(By.XPATH, "ancestor::li[1]")
    assert f"{BROKEN_SHEET}!{BROKEN_CELL}" in finding.text and "怎样改" in finding.text
    _screenshot(d, "serve-page.png", tmp_path)
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", hit)
    _screenshot(d, "serve-finding.png", tmp_path)

    d.find_element(By.ID, "build-button").click()
    link = wait.until(EC.presence_of_element_located((By.ID, "zip-link")))
    rows = {r.find_element(By.CSS_SELECTOR, "td").text: r
            for r in d.find_elements(By.CSS_SELECTOR, "table.results tbody tr")}
    assert "有错误" in rows[broken.name].text
    assert "成功" in rows[EXAMPLE.name].text
    d.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    _screenshot(d, "serve-build.png", tmp_path)
    link.click()
    zip_path = d.downloads / "部门决算公开文件.zip"
    WebDriverWait(d, 60).until(lambda _: zip_path.exists())
    z = zipfile.ZipFile(io.BytesIO(zip_path.read_bytes()))
    assert z.testzip() is None
    cli = build(EXAMPLE, tmp_path / "cli", Options())
    assert sorted(z.namelist()) == sorted(p.name for p in cli.outputs)
    import docx
    doc = docx.Document(io.BytesIO(z.read(cli.outputs[1].name)))
    assert any("武汉市江汉区人力资源局" in p.text for p in doc.paragraphs)

    if carry is not None:     # the shared case, however the rules judge it, shows on its cells
        d.find_element(By.ID, "file-input").send_keys(str(carry))
        wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, '.upload[data-status="checking"]')
                   and len(d.find_elements(By.CSS_SELECTOR, ".upload")) == 3)
        card = d.find_elements(By.CSS_SELECTOR, ".upload")[-1]
        assert card.find_elements(By.CSS_SELECTOR, "table.grid td.hit")
    code, out, err = server.stop()
    assert list(server.tmp.iterdir()) == [] and server.left == set()
    shutil.rmtree(d.downloads)


def test_a_folder_and_a_blank_workbook(server, chromium, tmp_path):
    """“选择文件夹” takes the folder's workbooks, not Excel's ~$ lock files or
    hidden files; the blank workbook downloads as reportgen init makes it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from reportgen.read.reader import read_workbook

    d = chromium
    folder = tmp_path / "各单位"
    (folder / "二级").mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / "二级" / "甲.xlsx")
    (folder / "~$甲.xlsx").write_bytes(b"lock")
    (folder / ".隐藏.xlsx").write_bytes(b"hidden")
    (folder / "说明.txt").write_text("x")
    with open(folder / "大.xlsx", "wb") as fh:      # over the 20 MB limit: not even sent
        fh.truncate(21 * 1024 * 1024)
    d.get(server.url)
    d.find_element(By.ID, "folder-input").send_keys(str(folder))
    WebDriverWait(d, 120).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, ".upload")) == 2 and not
        d.find_elements(By.CSS_SELECTOR, '.upload[data-status="checking"]'))
    cards = {e.find_element(By.CSS_SELECTOR, ".name").text: e
             for e in d.find_elements(By.CSS_SELECTOR, ".upload")}
    assert sorted(cards) == ["大.xlsx", "甲.xlsx"]
    assert cards["大.xlsx"].get_attribute("data-status") == "failed"
    assert "超过 20 MB" in cards["大.xlsx"].text
    assert cards["甲.xlsx"].get_attribute("data-status") in ("ok", "warnings")

    d.find_element(By.ID, "blank-year").clear()
    d.find_element(By.ID, "blank-year").send_keys("2023")
    d.find_element(By.ID, "blank-unit").send_keys("某某区某某局")
    d.find_element(By.ID, "blank-button").click()
    blank = d.downloads / "某某区某某局-2023.xlsx"
    WebDriverWait(d, 60).until(lambda _: blank.exists())
    wb = read_workbook(blank)
    assert (wb.year, wb.unit) == (2023, "某某区某某局")
    server.stop()


def test_a_shanghai_clerk_checks_against_last_year_and_builds(tmp_path, chromium):
    """``serve --profile shanghai-2024``: the Shanghai profile is chosen on
    the page; with 上年决算工作簿 given, a 上年数 that is not last year's
    决算 shows on its cell (L902), reached by keyboard; without it the
    workbook builds in the Shanghai format."""
    import openpyxl
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    server = Server(tmp_path, "--profile", "shanghai-2024")
    try:
        d = chromium
        wait = WebDriverWait(d, 120)
        this = tmp_path / "本年.xlsx"
        wb = openpyxl.load_workbook(EXAMPLE)
        wb["单位信息"]["B3"] = 2023
        wb.save(this)
        d.get(server.url)
        profile = Select(d.find_element(By.ID, "profile"))
        assert profile.first_selected_option.get_attribute("value") == "shanghai-2024"
        assert "上海市" in profile.first_selected_option.text
        assert not d.find_element(By.ID, "last-remove").is_displayed()
        # the 上年 input is reached from the page's start by keyboard, named by its label
        d.find_element(By.ID, "blank-unit").click()
        focused = None
        for _ in range(6):
            d.switch_to.active_element.send_keys(Keys.TAB)
            focused = d.switch_to.active_element
            if focused.get_attribute("id") == "last-input":
                break
        assert focused.get_attribute("id") == "last-input"
        assert d.find_element(By.CSS_SELECTOR, 'label[for="last-input"]').text.startswith("选择上年决算工作簿")
        focused.send_keys(str(EXAMPLE))
        wait.until(lambda d: "已选择" in d.find_element(By.ID, "last-state").text)
        assert d.find_element(By.ID, "last-remove").is_displayed()
        assert "武汉市江汉区人力资源局，2022 年度" in d.find_element(By.ID, "last-state").text
        d.find_element(By.ID, "file-input").send_keys(str(this))
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '.upload[data-status="errors"]'))
        card = d.find_element(By.CSS_SELECTOR, ".upload")
        assert "已与上年工作簿 example-2022.xlsx 核对" in card.text
        hit = card.find_element(By.CSS_SELECTOR,
                                'table.grid[data-sheet="补充数据"][data-cell="C4"] td.hit')
        finding = hit.find_element(By.XPATH, "ancestor::li[1]")
        assert "L902" in finding.text and "13,258.64" in finding.text
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", hit)
        _screenshot(d, "serve-last.png", tmp_path)

        # no longer against last year: checked again, it builds as build --profile shanghai-2024
        d.find_element(By.ID, "last-remove").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '.upload[data-status="warnings"]'))
        assert "L902" not in d.find_element(By.CSS_SELECTOR, ".upload").text
        d.find_element(By.ID, "build-button").click()
        wait.until(lambda d: d.find_elements(By.ID, "zip-link"))
        row = d.find_element(By.CSS_SELECTOR, "table.results tbody tr")
        assert "成功" in row.text
        cli = build(this, tmp_path / "cli", Options(profile="shanghai-2024"))
        assert [a.text for a in row.find_elements(By.CSS_SELECTOR, "a")] == \
            [p.name for p in cli.outputs]
        d.execute_script("window.scrollTo(0, 0)")
        _screenshot(d, "serve-profile.png", tmp_path)
    finally:
        if server.proc.poll() is None:
            server.stop()


def test_serve_on_another_loopback_address_answers_at_the_printed_address(tmp_path):
    """``serve --host 127.0.0.2`` prints an address that works (bug 23)."""
    s = Server(tmp_path, "--host", "127.0.0.2")
    try:
        assert s.base.startswith("http://127.0.0.2:"), s.url
        with urllib.request.urlopen(s.url) as r:
            assert r.status == 200 and "上传并检查工作簿" in r.read().decode()
    finally:
        s.stop(signal.SIGTERM)
