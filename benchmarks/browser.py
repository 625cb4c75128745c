"""How long each page takes in a real browser, opened by its own address in a fresh session on a warm server.

    python -m benchmarks.browser                # ingest corpus/ into a temporary store, serve it, measure
    python -m benchmarks.browser --url http://127.0.0.1:8563 --empty-url http://127.0.0.1:8564

A page has finished when ``[data-testid="stApp"]`` has ``data-test-script-state="notRunning"`` after having
been ``running`` (recorded by a MutationObserver from the start of navigation, in the page's own clock). Beside
the pages: an empty Streamlit page served the same way (the floor: Streamlit's own start-up in the browser),
and the first search after the server started (only when this run started the server). Each row also gives
its ratio to the empty page and the machine's one-minute load average when it ended: on a shared machine the
ratio is the figure to read. Responses with status 404 are counted: a deep link must not cause any. A
benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PAGES = ("", "browse", "document?doc=4", "validity", "compare", "match", "graph", "upload")
FIRST_SEARCH = "海外仓"
TIMEOUT_MS = 60_000

# Installed before any page script: the times (ms since navigation start) of the first "running" and of the
# first "notRunning" after it; ``mark()`` starts over, for a rerun such as a search.
WATCH = """
window.__pk = {running: null, done: null};
window.__pkMark = () => { window.__pk = {running: null, done: null}; };
new MutationObserver(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return;
  const state = app.getAttribute('data-test-script-state');
  if (state === 'running' && window.__pk.running === null) window.__pk.running = performance.now();
  if (state === 'notRunning' && window.__pk.running !== null && window.__pk.done === null)
    window.__pk.done = performance.now();
}).observe(document, {subtree: true, childList: true, attributes: true,
                      attributeFilter: ['data-test-script-state']});
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(script: Path, env: dict[str, str]) -> Iterator[str]:
    """``streamlit run script`` on a free port until the block ends; yields its URL once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"{script.name} did not start") from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def finished_ms(browser, url: str, not_found: list[str]) -> float:
    """Navigation start to the script's end, in a fresh context (no cache, no session)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        page = context.new_page()
        page.add_init_script(WATCH)
        page.on("response", lambda r: not_found.append(r.url) if r.status == 404 else None)
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__pk && window.__pk.done !== null", timeout=TIMEOUT_MS)
        return float(page.evaluate("window.__pk.done"))
    finally:
        context.close()


def first_search_ms(browser, url: str) -> float:
    """From Enter in the search box to the end of that run, on the default page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        page = context.new_page()
        page.add_init_script(WATCH)
        page.goto(url)
        page.wait_for_function("() => window.__pk.done !== null", timeout=TIMEOUT_MS)
        page.get_by_label("检索词").fill(FIRST_SEARCH)
        page.evaluate("window.__pkMark()")
        started = float(page.evaluate("performance.now()"))
        page.keyboard.press("Enter")
        page.wait_for_function("() => window.__pk.done !== null", timeout=TIMEOUT_MS)
        return float(page.evaluate("window.__pk.done")) - started
    finally:
        context.close()


def measure(url: str, empty_url: str, rounds: int, search_first: bool) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if search_first:
            print(f"first search after start ({FIRST_SEARCH}): {first_search_ms(browser, url) / 1000:.2f} s"
                  f" (load average {os.getloadavg()[0]:.2f})")
        not_found: list[str] = []
        rows = [("(empty Streamlit page)", empty_url)] + [(f"/{path}", f"{url}/{path}") for path in PAGES]
        print(f"{'page':24} {'median s':>9} {'max s':>7} {'÷ empty':>8} {'load 1 min':>11}   "
              f"({rounds} fresh sessions each)")
        empty = None
        for name, address in rows:
            times = [finished_ms(browser, address, not_found) / 1000 for _ in range(rounds)]
            median = statistics.median(times)
            empty = empty or median  # the first row is the empty page: the floor the others are read against
            print(f"{name:24} {median:9.2f} {max(times):7.2f} {median / empty:8.2f} {os.getloadavg()[0]:11.2f}")
        print(f"404 responses: {len(not_found)}" + (f" ({', '.join(sorted(set(not_found)))})" if not_found else ""))
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running app (server.py); default: serve corpus/ from a temporary store")
    parser.add_argument("--empty-url", help="a running empty Streamlit page; default: serve one")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.py"
        empty.write_text("import streamlit as st\n\nst.write('')\n", encoding="utf-8")
        env = dict(os.environ)
        if not args.url:
            env["POLICYKB_DB"] = str(Path(tmp) / "policykb.sqlite")
            subprocess.run([sys.executable, "-m", "kb", "ingest", str(ROOT / "corpus")], check=True, env=env,
                           cwd=ROOT, capture_output=True)
        with (serve(empty, env) if not args.empty_url else _given(args.empty_url)) as empty_url, \
                (serve(ROOT / "server.py", env) if not args.url else _given(args.url)) as url:
            measure(url, empty_url, args.rounds, search_first=not args.url)


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url.rstrip("/")


if __name__ == "__main__":
    main()
