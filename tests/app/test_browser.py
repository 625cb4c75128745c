"""End to end in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright): start the app on
127.0.0.1 over a store ingested from corpus/, search, open a document, check validity, run a match, and save
screenshots to ``screenshots/``; then upload a file named as a Markdown image and link and visit the search and
document pages while a local HTTP server counts the requests that reach it (none may)."""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "screenshots"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/test.sh installs it as root)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("store") / "policykb.sqlite"
    env = {**os.environ, "POLICYKB_DB": str(db)}
    subprocess.run([sys.executable, "-m", "kb", "ingest", str(CORPUS), "--db", str(db)], check=True, env=env,
                   capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("streamlit did not start within 60 s")
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:  # a loaded machine: streamlit slow to stop is not the test's failure
        server.kill()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def page(app_url):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
        )
        tab = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        yield tab
        browser.close()


def _wait_idle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )


def test_search_open_document_validity_and_match(page, app_url) -> None:
    page.goto(app_url)  # the default page lives at the root
    page.get_by_label("检索词").fill("海外仓")
    page.keyboard.press("Enter")
    page.get_by_text("共", exact=False).first.wait_for(timeout=30_000)
    _wait_idle(page)
    body = page.inner_text("body")
    assert "衡政发〔2024〕4号" in body and "邵市政办发〔2023〕21号" in body
    page.screenshot(path=str(SHOTS / "1_search.png"), full_page=True)

    page.get_by_role("button", name="打开文件").first.click()
    page.wait_for_url("**/document**", timeout=30_000)
    _wait_idle(page)
    page.get_by_text("发文字号").first.wait_for(timeout=30_000)
    body = page.inner_text("body")
    assert "条款结构" in body and "施行" in body  # the clause tree tab and the validity reason
    page.screenshot(path=str(SHOTS / "2_document.png"), full_page=True)

    page.goto(f"{app_url}/validity")
    page.get_by_label("文号、标题或编号").fill("衡政发[2024]4号")
    page.keyboard.press("Enter")
    page.get_by_text("已失效").first.wait_for(timeout=30_000)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)  # the timeline has drawn
    page.screenshot(path=str(SHOTS / "3_validity.png"), full_page=True)

    page.goto(f"{app_url}/match")
    _wait_idle(page)
    page.get_by_label("注册城市").click()
    page.get_by_role("option", name="邵阳市").click()
    page.get_by_label("当年跨境电商出口额（美元）").fill("120万美元")  # as written
    page.get_by_label("当年新增跨境电商出口额（美元）").fill("600000")
    page.get_by_role("button", name="匹配").click()
    page.get_by_text("确定可得合计").first.wait_for(timeout=30_000)
    _wait_idle(page)
    page.set_viewport_size({"width": 1400, "height": 2400})  # the form, then the results below it
    _wait_idle(page)
    page.screenshot(path=str(SHOTS / "4_match.png"), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    assert "下载 CSV" in page.inner_text("body")

    page.goto(f"{app_url}/compare")
    page.get_by_text("各城市最高金额").first.wait_for(timeout=30_000)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    _wait_idle(page)
    page.screenshot(path=str(SHOTS / "5_compare.png"), full_page=True)


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        _Counting.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def bait() -> Iterator[int]:
    port = _free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield port
    server.shutdown()


def test_markdown_in_an_upload_name_makes_no_request(page, app_url, bait: int) -> None:
    name = f"![t](http://127.0.0.1:{bait}/name.png)[点我](http://127.0.0.1:{bait}/link).txt"
    untitled = "各县市区人民政府：\n\n一、对符合条件的外贸企业给予一次性奖励 10 万元。\n"
    page.goto(f"{app_url}/upload")
    _wait_idle(page)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/plain", "buffer": untitled.encode("utf-8")}])
    page.get_by_role("button", name="确认入库").wait_for(timeout=60_000)
    _wait_idle(page)
    page.get_by_role("button", name="确认入库").click()
    page.get_by_text("已入库", exact=False).first.wait_for(timeout=60_000)
    _wait_idle(page)
    body = page.inner_text("body")
    assert f"127.0.0.1:{bait}/name.png" in body  # shown as the characters it is
    page.goto(app_url)
    page.get_by_label("检索词").fill("外贸企业")
    page.keyboard.press("Enter")
    page.get_by_text("共", exact=False).first.wait_for(timeout=60_000)
    _wait_idle(page)
    page.goto(f"{app_url}/document")
    _wait_idle(page)
    assert _Counting.requests == []
