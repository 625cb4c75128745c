"""End to end in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright): serve the app
(``server.py``) on 127.0.0.1 over a store ingested from corpus/; open each page by its own address in a fresh
session (it must finish, ask for nothing that is not there, and show no English word a user would read);
search, open a document, check validity, run a match. Screenshots go to pytest's temporary directory, or to the
directory named by ``POLICYKB_SCREENSHOTS`` (``POLICYKB_SCREENSHOTS=docs/screenshots`` refreshes the README's)."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kb import KnowledgeBase
from kb.text.messages import STATUS_ZH
from tests.conftest import CORPUS, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/test.sh installs it as root)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "policykb.sqlite"
    subprocess.run([sys.executable, "-m", "kb", "ingest", str(CORPUS), "--db", str(db)], check=True,
                   env={**os.environ, "POLICYKB_DB": str(db)}, capture_output=True)
    return db


@pytest.fixture(scope="module")
def kb(store_db: Path) -> Iterator[KnowledgeBase]:
    """The API the pages show: the tests' expected answers come from it, never from the test's own text."""
    with KnowledgeBase.open(store_db) as opened:
        yield opened


@pytest.fixture(scope="module")
def app_url(store_db: Path):
    db = store_db
    env = {**os.environ, "POLICYKB_DB": str(db)}
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "server.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # server.py warms up (store, index, jieba) before it answers
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("streamlit did not start within 120 s")
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:  # a loaded machine: streamlit slow to stop is not the test's failure
        server.kill()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: a temporary directory, so that a test run leaves the tree clean."""
    asked = os.environ.get("POLICYKB_SCREENSHOTS")
    folder = (ROOT / asked) if asked else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def page(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
        )
        tab = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        tab.browser_handle = browser  # the per-page tests open their own fresh contexts
        yield tab
        browser.close()


# Words of the code, not of the pages: a role, a relation, a status key, a legend, an empty cell, a trace name.
ENGLISH = re.compile(r"\b(threshold|award|subsidy_rate|cap_rate|cites|repeals|issued_by|jurisdiction|external|"
                     r"in_force|expired|not_yet_effective|superseded|None|nan|NaN|empty|trace \d+|Deploy|"
                     r"Traceback|Error|no term of validity|Upload|per file|Browse files|Drag and drop|Select all|"
                     r"CNY|USD|Page not found|does not seem to exist|Press Enter|to submit|to apply|"
                     r"[a-z]+(?:_[a-z]+)+|P\d+[YMD])\b"
                     r"|(?<![\d-])--\d{2}-\d{2}")
# Streamlit's icons are ligatures of the Material Symbols font: their text is a name drawn as an arrow.
ICONS = "() => [...document.querySelectorAll('[data-testid=\"stIconMaterial\"]')].map(e => e.textContent)"
FINISHED = """() => { const app = document.querySelector('[data-testid="stApp"]');
  return window.__pkRan && app && app.getAttribute('data-test-script-state') === 'notRunning'; }"""
RAN = """new MutationObserver(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (app && app.getAttribute('data-test-script-state') === 'running') window.__pkRan = true;
}).observe(document, {subtree: true, childList: true, attributes: true});"""


@pytest.mark.parametrize(("path", "shows"), [
    ("", "政策检索"),
    ("search", "政策检索"),  # the default page by its own name too
    ("browse", "共 5 件文件"),
    ("document?doc=4", "衡政发〔2024〕4号"),
    ("validity", "施行期间时间轴"),
    ("compare", "每项措施最多可得"),
    ("match", "企业政策匹配"),
    ("graph", "关系图谱"),
    ("upload", "上传文件"),
])
def test_page_opened_by_its_address(page, app_url, shots: Path, path: str, shows: str) -> None:
    """A bookmark or a refresh: a fresh session finishes the page's script, with no 404 on the way (such as
    ``/browse/_stcore/health``), no Deploy button, and no English word from the code."""
    context = page.browser_handle.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        tab = context.new_page()
        tab.add_init_script(RAN)
        missing: list[str] = []
        tab.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
        tab.goto(f"{app_url}/{path}")
        tab.wait_for_function(FINISHED, timeout=90_000)
        tab.get_by_text(shows).first.wait_for(timeout=90_000)
        _wait_idle(tab)
        tab.wait_for_timeout(1500)  # widgets' code loads after the script has finished
        body = _read(tab)
        assert not missing, missing
        assert not ENGLISH.findall(body), ENGLISH.findall(body)
        assert tab.locator('[data-testid="stAppDeployButton"]').count() == 0
        shot = shots / f"page_{path.split('?')[0] or 'search'}.png"
        tab.screenshot(path=str(shot), full_page=True, timeout=90_000)
    finally:
        context.close()


@pytest.mark.parametrize(("path", "label"), [
    ("", "检索词"),  # a text field alone: Streamlit's hint is "Press Enter to apply"
    ("validity", "文号、标题或编号"),  # in a form: "Press Enter to submit form"
    ("match", "已获称号（可选，用、分隔）"),
])
def test_typing_in_a_text_field_shows_no_english_hint(page, app_url, path: str, label: str) -> None:
    """While a field has focus and is being typed in, Streamlit writes an English hint under it; it must not
    show (the page's button says what Enter does)."""
    with _opened(page, f"{app_url}/{path}") as tab:
        tab.get_by_label(label, exact=True).click()
        tab.keyboard.type("衡政发")
        tab.wait_for_timeout(300)
        assert tab.locator('[data-testid="InputInstructions"]').count() == 1  # Streamlit did write it …
        body = _read(tab)  # … and the reader does not see it
        assert not ENGLISH.findall(body), ENGLISH.findall(body)


def _read(tab) -> str:
    """The page's text as a reader sees it: without the icons' ligature names (keyboard_arrow_right)."""
    body = tab.inner_text("body")
    for icon in tab.evaluate(ICONS):
        body = body.replace(icon, "", 1)
    return body


def _wait_idle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000
    )


def test_search_open_document_validity_and_match(page, app_url, shots: Path) -> None:
    page.goto(app_url)  # the default page lives at the root
    page.get_by_label("检索词").fill("海外仓")
    page.keyboard.press("Enter")
    page.get_by_text("共", exact=False).first.wait_for(timeout=90_000)
    _wait_idle(page)
    body = page.inner_text("body")
    assert "衡政发〔2024〕4号" in body and "邵市政办发〔2023〕21号" in body
    page.screenshot(path=str(shots / "1_search.png"), full_page=True, timeout=90_000)

    page.get_by_role("button", name="打开文件").first.click()
    page.wait_for_url("**/document**", timeout=90_000)
    _wait_idle(page)
    page.get_by_text("发文字号").first.wait_for(timeout=90_000)
    body = page.inner_text("body")
    assert "条款结构" in body and "施行" in body  # the clause tree tab and the validity reason
    page.screenshot(path=str(shots / "2_document.png"), full_page=True, timeout=90_000)

    page.goto(f"{app_url}/validity")
    page.get_by_label("文号、标题或编号").fill("衡政发[2024]4号")
    page.keyboard.press("Enter")
    page.get_by_text("已失效").first.wait_for(timeout=90_000)
    _wait_idle(page)
    page.get_by_text("施行期间时间轴").first.click()  # drawn when opened
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=90_000)  # the timeline has drawn
    page.screenshot(path=str(shots / "3_validity.png"), full_page=True, timeout=90_000)

    page.goto(f"{app_url}/match")
    _wait_idle(page)
    page.get_by_label("注册城市").click()
    page.get_by_role("option", name="邵阳市").click()
    page.get_by_label("当年跨境电商出口额（美元）").fill("120万美元")  # as written
    page.get_by_label("当年新增跨境电商出口额（美元）").fill("600000")
    page.get_by_role("button", name="匹配").click()
    page.get_by_text("确定可得合计").first.wait_for(timeout=90_000)
    _wait_idle(page)
    page.set_viewport_size({"width": 1400, "height": 2400})  # the form, then the results below it
    _wait_idle(page)
    page.screenshot(path=str(shots / "4_match.png"), full_page=True, timeout=90_000)
    page.set_viewport_size({"width": 1400, "height": 1000})
    assert "下载 CSV" in page.inner_text("body")

    page.goto(f"{app_url}/compare")
    page.get_by_text("每项措施最多可得").first.wait_for(timeout=90_000)
    _wait_idle(page)
    page.get_by_role("tab", name="图表：每项措施最多可得").click()  # drawn when opened
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=90_000)
    _wait_idle(page)
    page.screenshot(path=str(shots / "5_compare.png"), full_page=True, timeout=90_000)


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


# -- the three users' tasks: what a page shows is what the kb API answers to the same question ----------------

@contextmanager
def _opened(page, url: str) -> Iterator[Any]:
    """``url`` in a fresh session (a bookmark), once its script has finished."""
    context = page.browser_handle.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        tab = context.new_page()
        tab.add_init_script(RAN)
        tab.goto(url)
        tab.wait_for_function(FINISHED, timeout=90_000)
        _wait_idle(tab)
        yield tab
    finally:
        context.close()


def _wan(value: Any) -> str:
    """An amount in yuan as 万 written without trailing zeros (300000 → 30, 15000 → 1.5)."""
    return f"{(Decimal(str(value)) / 10000).normalize():f}"


def _finished_rerun(tab) -> None:
    tab.evaluate("window.__pkRan = false")


def test_researcher_compares_cities_on_a_topic(page, app_url, kb: KnowledgeBase) -> None:
    """对比 opens on 海外仓: every measure the API's compare returns is there with its full quote, its city, its
    status and its figures in 万; a measure not in force is marked; a place without one is named."""
    answer = kb.compare("海外仓")
    measures = [(city["city"], m) for city in answer["cities"] for m in city.get("measures") or []]
    assert measures
    with _opened(page, f"{app_url}/compare") as tab:
        tab.get_by_text("每项措施最多可得").first.wait_for(timeout=90_000)
        expanders = [e.text_content() or "" for e in tab.locator('[data-testid="stExpander"]').all()]
        for city, m in measures:
            (shown,) = [e for e in expanders if m["quote"] in e and city in e and (m.get("doc_no") or "") in e]
            assert STATUS_ZH[m["status"]] in shown
            assert ("▨" in shown) is (m["status"] != "in_force")
            if m.get("upper_bound") is not None:
                assert f"最多可得：{_wan(m['upper_bound'])} 万" in shown, shown
            if m.get("certain_amount") is not None:
                assert f"明确金额：{_wan(m['certain_amount'])} 万" in shown, shown
        body = tab.inner_text("body")
        for city in answer["cities"]:
            if not city.get("measures"):
                assert city["city"] in body


@pytest.mark.parametrize("on", ["2025-06-01", "2026-06-01"])  # inside 衡政发〔2024〕4号's two years, and after
def test_lawyer_checks_a_doc_no_on_a_date(page, app_url, shots: Path, kb: KnowledgeBase, on: str) -> None:
    """效力 with a 文号 typed in ASCII brackets and a date typed into the date field: the status and its dates
    are the API's for that day."""
    expected = kb.status("衡政发〔2024〕4号", on)
    with _opened(page, f"{app_url}/validity") as tab:
        tab.get_by_label("文号、标题或编号").fill("衡政发[2024]4号")
        tab.get_by_role("spinbutton", name="year, 查询日期").click()
        tab.keyboard.type(on.replace("-", ""))  # typed, the field not left: 查询 must ask with this date
        # No verdict is shown before 查询: waiting for the day's verdict is waiting for the answer (a short
        # rerun can go running → notRunning between two of FINISHED's observations).
        tab.get_by_role("button", name="查询").click()
        tab.get_by_text(f"（{on}）").first.wait_for(timeout=90_000)
        _wait_idle(tab)
        body = tab.inner_text("body")
        assert f"{STATUS_ZH[expected['status']]}（{on}）" in body
        assert expected["effective_from"] in body and expected["expires_on"] in body
        tab.screenshot(path=str(shots / f"task_validity_{on}.png"), full_page=True, timeout=90_000)


@pytest.mark.parametrize(("city", "on"), [("邵阳市", "2025-06-01"), ("衡阳市", "2026-06-01")])
def test_enterprise_matches_a_profile(page, app_url, shots: Path, kb: KnowledgeBase, city: str, on: str) -> None:
    """匹配 with a profile typed as an enterprise would (120万美元): the certain and the possible totals are the
    API's match for the same profile, apart; each document left out is named."""
    figures = {"cross_border_export_usd": "120万美元", "cross_border_export_usd_new": "600000"}
    profile = {"name": "表单企业", "city": city, "county": None, "zone": None, "registered_on": "2020-01-01",
               "settled_on": None, "entity_kind": "enterprise", "legal_form": None, "titles": [],
               "declarations": {}, "figures": figures}
    expected = kb.match(kb.profile_from_dict(profile), on, lang="zh")
    labels = {key: figure.label for key, figure in kb.figures().items()}
    with _opened(page, f"{app_url}/match") as tab:
        tab.get_by_label("注册城市").click()
        tab.get_by_role("option", name=city, exact=True).click()
        _wait_idle(tab)
        _type_date(tab, "注册日期", profile["registered_on"])
        _type_date(tab, "匹配日期", on)
        for key, written in figures.items():
            tab.get_by_label(labels[key], exact=True).fill(written)
        tab.get_by_role("button", name="匹配").click()
        tab.get_by_text("确定可得合计").first.wait_for(timeout=90_000)
        _wait_idle(tab)
        assert _metric(tab, "确定可得合计") == expected["totals"]
        assert _metric(tab, "最高可能合计") == expected["possible"]
        body = _read(tab)
        for skipped in expected["skipped"]:
            assert skipped["doc_no"] in body and "未纳入匹配的文件" in body
        assert not ENGLISH.findall(body), ENGLISH.findall(body)
        tab.screenshot(path=str(shots / f"task_match_{on}.png"), full_page=True, timeout=90_000)


def _type_date(tab, label: str, day: str) -> None:
    """A date typed into Streamlit's date field (year, month, day segments), committed by leaving the field."""
    tab.get_by_role("spinbutton", name=f"year, {label}").click()
    tab.keyboard.type(day.replace("-", ""))
    tab.keyboard.press("Escape")
    tab.locator("h1").first.click()  # leaving the field commits the date
    _wait_idle(tab)


CURRENCY = {"元": "CNY", "美元": "USD"}


def _metric(tab, label: str) -> dict[str, Decimal]:
    """A total as shown (``232 万元；1.2 万美元``, or 0), by currency, in base units."""
    value = tab.locator('[data-testid="stMetric"]').filter(has_text=label).locator(
        '[data-testid="stMetricValue"]').inner_text()
    return {CURRENCY[unit]: Decimal(amount.replace(",", "")) * 10000
            for amount, unit in re.findall(r"([\d,]+(?:\.\d+)?)\s*万(美元|元)", value)}


def test_search_date_filter_applies_when_a_day_is_picked(page, app_url, kb: KnowledgeBase) -> None:
    """检索's date: picking a day in the calendar reruns the search at once (no leaving the field); the total
    is the API's for that day."""
    day = "2024-01-15"
    expected = kb.search("海外仓", kb.filters(on=day)).total
    assert expected != kb.search("海外仓").total  # the day must change the answer, or this test proves nothing
    with _opened(page, app_url) as tab:
        tab.get_by_label("检索词").fill("海外仓")
        tab.keyboard.press("Enter")
        tab.get_by_text("共 ", exact=False).first.wait_for(timeout=90_000)
        tab.get_by_role("spinbutton", name="year, 在该日有效").click()
        tab.keyboard.type("20240101")  # the calendar turns to January 2024; nothing is asked yet
        _finished_rerun(tab)
        tab.get_by_role("gridcell").get_by_text("15", exact=True).first.click()
        tab.wait_for_function(FINISHED, timeout=90_000)
        tab.get_by_text(f"共 {expected} 条结果", exact=False).first.wait_for(timeout=30_000)
