"""Query latency for ``python -m benchmarks``: status, compare and match against an ingested store, each beside the bare
SQLite read of the rows it starts from; and the Streamlit app's first paint beside an empty Streamlit page's.

``kb.queries.compare`` and ``kb.queries.match`` are other engineers' modules: when one is missing its figure is skipped with a
note rather than failing the benchmark.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.bench_search import Latency, latency

ROOT = Path(__file__).resolve().parent.parent
ON = "2025-06-01"
CITIES = ("衡阳", "邵阳", "丽水", "杭州")
PROFILES = ("hengyang_seller.toml", "lishui_park.toml", "shaoyang_seller.json")


def time_calls(calls: Sequence[Callable[[], object]], repeat: int = 3) -> Latency:
    """Milliseconds per call over ``repeat`` passes of ``calls`` (after one untimed pass)."""
    for call in calls:
        call()
    samples = []
    for _ in range(repeat):
        for call in calls:
            start = time.perf_counter()
            call()
            samples.append((time.perf_counter() - start) * 1000)
    return latency(samples, queries=len(calls))


def sample_ids(store: Any, n: int = 100) -> list[int]:
    """``n`` document ids spread evenly over the store."""
    ids = [d["id"] for d in store.documents()]
    step = max(1, len(ids) // n)
    return ids[::step][:n]


def status_latency(store: Any) -> tuple[Latency, Latency]:
    """``kb.queries.validity.status_of`` on 100 documents, and the baseline: the reads it makes (the document's row
    without its text, the relations pointing at it, what it repeals)."""
    from kb.queries.validity import status_of

    ids = sample_ids(store)
    calls = [lambda i=i: status_of(store, i, ON) for i in ids]
    rows = [lambda i=i: (store.document(i, text=False, extraction=False), store.relations(i, direction="in"),
                         store.relations(i, kind="repeals")) for i in ids]
    return time_calls(calls), time_calls(rows)


def compare_latency(store: Any) -> tuple[Latency, Latency] | str:
    """``kb.queries.compare.compare`` for every topic, all places and four cities, on a date; baseline: reading the topic's
    measures. A string (the note to print) when the module is not there."""
    module = _optional("kb.queries.compare")
    if module is None:
        return "kb.queries.compare not there yet: compare latency skipped"
    from kb.queries.taxonomy import labels

    topics = labels()
    calls = [lambda t=t: module.compare(store, t, None, ON) for t in topics]
    calls += [lambda t=t: module.compare(store, t, list(CITIES), ON) for t in topics]
    reads = [lambda t=t: store.measures(topic=t) for t in topics] * 2
    return time_calls(calls), time_calls(reads)


def match_latency(store: Any) -> tuple[Latency, Latency] | str:
    """``kb.queries.match.match`` for the example profiles on a date; baseline: reading the measures of the profile's
    province."""
    module = _optional("kb.queries.match")
    profile_module = _optional("kb.queries.match.profile")
    if module is None or profile_module is None:
        return "kb.queries.match or kb.queries.match.profile not there yet: match latency skipped"
    profiles = [profile_module.load_profile(ROOT / "examples" / "profiles" / name) for name in PROFILES
                if (ROOT / "examples" / "profiles" / name).exists()]
    if not profiles:
        return "no example profiles (examples/profiles/): match latency skipped"
    calls = [lambda p=p: module.match(store, p, ON) for p in profiles]
    reads = [lambda p=p: store.measures(province=p.province) for p in profiles]
    return time_calls(calls), time_calls(reads)


def _optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


APP_SCRIPT = """
import json, sys, time
started = time.perf_counter()
from streamlit.testing.v1 import AppTest
imported = time.perf_counter() - started
kind, target = sys.argv[1], sys.argv[2]
at = AppTest.from_file(target, default_timeout=120) if kind == "file" else AppTest.from_string(target)
start = time.perf_counter()
at.run()
first = time.perf_counter() - start
out = {"import_s": imported, "first_run_s": first, "exception": [str(e.value) for e in at.exception]}
if kind == "file":
    start = time.perf_counter()
    at.text_input(key="search_query").input("海外仓").run()
    out["first_search_s"] = time.perf_counter() - start
    out["exception"] += [str(e.value) for e in at.exception]
print(json.dumps(out))
"""
EMPTY_PAGE = "import streamlit as st\nst.title('policykb')\nst.text_input('q')\n"


def app_first_paint(db: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(app.py's default page, an empty Streamlit page): seconds to import streamlit's test harness, to run the
    page's script once (the first paint), and for the app, to run a first search; each in a fresh process with
    ``POLICYKB_DB`` pointing at ``db``."""
    app = _run_app_script("file", str(ROOT / "app.py"), db)
    empty = _run_app_script("string", EMPTY_PAGE, db)
    return app, empty


def _run_app_script(kind: str, target: str, db: Path) -> dict[str, Any]:
    env = {**os.environ, "POLICYKB_DB": str(db)}
    done = subprocess.run([sys.executable, "-c", APP_SCRIPT, kind, target], capture_output=True, text=True,
                          cwd=ROOT, env=env, check=False)
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {"error": (done.stderr or done.stdout).strip()[-500:]}

