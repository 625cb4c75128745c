"""In headless Chromium: an upload named as a Markdown image and link, then the search and document pages; a
local HTTP server counts the requests that would reach it (none may). Skipped where chromium is absent."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.test_browser import CHROMIUM, _free_port, _wait_idle, app_url, page  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


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


def test_markdown_in_an_upload_name_makes_no_request(page, app_url, bait: int) -> None:  # noqa: F811
    name = f"![t](http://127.0.0.1:{bait}/name.png)[点我](http://127.0.0.1:{bait}/link).txt"
    untitled = "各县市区人民政府：\n\n一、对符合条件的外贸企业给予一次性奖励 10 万元。\n"
    page.goto(f"{app_url}/upload")
    _wait_idle(page)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/plain", "buffer": untitled.encode("utf-8")}])
    page.get_by_role("button", name="确认入库").wait_for(timeout=30_000)
    _wait_idle(page)
    page.get_by_role("button", name="确认入库").click()
    page.get_by_text("已入库", exact=False).first.wait_for(timeout=60_000)
    _wait_idle(page)
    body = page.inner_text("body")
    assert f"127.0.0.1:{bait}/name.png" in body  # shown as the characters it is
    page.goto(app_url)
    page.get_by_label("检索词").fill("外贸企业")
    page.keyboard.press("Enter")
    page.get_by_text("共", exact=False).first.wait_for(timeout=30_000)
    _wait_idle(page)
    page.goto(f"{app_url}/document")
    _wait_idle(page)
    assert _Counting.requests == []
