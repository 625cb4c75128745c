"""The PostgreSQL store beside SQLite + tantivy in one run (issue 17, point 7), and a load test.

1. The first N laws of lawrefbook ingested into a fresh SQLite store (search: tantivy, fed by the ingest) and into a
   fresh schema of the PostgreSQL server (search in the server, fed alike): ingest seconds for each.
2. Search latency on both over the benchmark's 60 queries (``benchmarks.bench_search``), plain and filtered.
3. Load: R reader processes (search, status, match in turn) on the PostgreSQL store for S seconds while another
   process ingests M more laws into it: reads done, errors, p50/p95 per kind.

    python -m benchmarks postgres postgresql://kb:pw@127.0.0.1/kb            # 500 laws
    python -m benchmarks postgres URL --all                                  # all 3,472
    python -m benchmarks postgres URL --laws 200 --load-laws 200 --seconds 30

Each run makes its own schemas (``bench_*``) and drops them afterwards. No figure is a test.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.bench_search import QUERIES, Latency, latency, time_queries

ROOT = Path(__file__).resolve().parent.parent
LAWREFBOOK = ROOT.parent / "shared" / "corpus" / "lawrefbook"
PROFILES = sorted((ROOT / "examples" / "profiles").iterdir())
TARGET_P95_MS = 50.0


def laws() -> list[Path]:
    """Every law of lawrefbook in a fixed order (the ingest's: sorted paths)."""
    return sorted(p for p in LAWREFBOOK.rglob("*.md") if p.name != "_index.md")


def with_search_path(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@contextmanager
def fresh_schema(url: str, name: str) -> Iterator[str]:
    """The URL of a new empty schema, dropped on exit."""
    import psycopg

    schema = f"bench_{name}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_search_path(url, schema)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def timed_ingest(address: str, files: list[Path], workers: int) -> float:
    """Seconds for ``policykb ingest`` of ``files`` into ``address`` (a process of its own, as a user runs it)."""
    start = time.perf_counter()
    # exit 1 also names duplicates and 文号 conflicts (lawrefbook holds a few): only a crash (2+) stops the run
    done = subprocess.run([sys.executable, "-m", "kb", "ingest", *map(str, files), "--db", address,
                           "--workers", str(workers)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if done.returncode > 1:
        raise RuntimeError(f"ingest into {address} ended with exit {done.returncode}")
    return time.perf_counter() - start


def search_latency(address: str, filtered: bool, engine: str | None) -> Latency:
    from kb import KnowledgeBase

    with KnowledgeBase.open(address, create=False) as kb:
        return time_queries(lambda q, f: kb.search(q, f, limit=20, engine=engine), filtered)


def _reader(address: str, seconds: float, seed: int, out: Any) -> None:
    """One app node: search, status and match in turn until the time is up; (kind, ms, error) per call."""
    from kb import KnowledgeBase

    samples: list[tuple[str, float, str | None]] = []
    with KnowledgeBase.open(address, create=False) as kb:
        refs = [d["doc_no"] or d["title"] for d in kb.documents(limit=200)]
        profiles = [kb.load_profile(p) for p in PROFILES]
        calls: list[tuple[str, Callable[[int], Any]]] = [
            ("search", lambda i: kb.search(QUERIES[i % len(QUERIES)], limit=20)),
            ("status", lambda i: kb.status(refs[i % len(refs)], on="2025-06-01")),
            ("match", lambda i: kb.match(profiles[i % len(profiles)], on="2025-06-01")),
        ]
        for _kind, call in calls:  # untimed: loads jieba's dictionary and the taxonomy in this process
            call(seed)
        deadline = time.monotonic() + seconds
        i = seed
        while time.monotonic() < deadline:
            kind, call = calls[i % len(calls)]
            start = time.perf_counter()
            error = None
            try:
                call(i // len(calls))
            except Exception:  # noqa: BLE001 - a load test counts every failure, whatever it is
                error = traceback.format_exc(limit=1).strip().splitlines()[-1]
            samples.append((kind, (time.perf_counter() - start) * 1000, error))
            i += 1
    out.put(samples)


def load_test(address: str, more: list[Path], readers: int, seconds: float) -> dict[str, Any]:
    """``readers`` processes reading for ``seconds`` while one ingest of ``more`` runs into the same store."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    procs = [context.Process(target=_reader, args=(address, seconds, n, queue)) for n in range(readers)]
    writer_start = time.perf_counter()
    writer = subprocess.Popen([sys.executable, "-m", "kb", "ingest", *map(str, more), "--db", address,
                               "--workers", "1"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
    for p in procs:
        p.start()
    samples = [s for _ in procs for s in queue.get()]
    for p in procs:
        p.join()
    _, err = writer.communicate()
    return {"samples": samples, "writer_s": time.perf_counter() - writer_start, "writer_rc": writer.returncode,
            "writer_err": err.strip().splitlines()[-1:] if writer.returncode else []}


def run(url: str, n_laws: int, load_laws: int, readers: int, seconds: float, workers: int,
        echo: Callable[[str], None] = print) -> None:
    files = laws()
    first, more = files[:n_laws], files[n_laws:n_laws + load_laws] or files[:load_laws]
    echo(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; {len(first)} laws, "
         f"ingest workers {workers}")
    with tempfile.TemporaryDirectory() as tmp, fresh_schema(url, "main") as server:
        lite = str(Path(tmp) / "kb.sqlite")
        lite_s = timed_ingest(lite, first, workers)
        server_s = timed_ingest(server, first, workers)
        echo(f"ingest {len(first)} laws (+ search index): SQLite+tantivy {lite_s:.1f} s, "
             f"PostgreSQL (search in the server) {server_s:.1f} s")
        for filtered in (False, True):
            on_lite = search_latency(lite, filtered, "tantivy")
            on_server = search_latency(server, filtered, None)
            met = "met" if on_server.p95 <= TARGET_P95_MS else "NOT met"
            echo(f"search{' filtered' if filtered else ''} (60 queries x 3, limit 20): SQLite+tantivy "
                 f"{on_lite.text()}; PostgreSQL {on_server.text()} (target p95 <= {TARGET_P95_MS:.0f} ms: {met})")
        if seconds <= 0:
            return
        echo(f"load: {readers} readers (search, status, match) for {seconds:.0f} s while {len(more)} more laws "
             "are ingested into the PostgreSQL store")
        result = load_test(server, more, readers, seconds)
        samples = result["samples"]
        errors = [s for s in samples if s[2]]
        echo(f"  reads done {len(samples)}, errors {len(errors)} (target 0)"
             + (f", e.g. {errors[0][2]}" if errors else ""))
        for kind in ("search", "status", "match"):
            ms = [s[1] for s in samples if s[0] == kind and not s[2]]
            if ms:
                figure = latency(ms, len(ms), len(ms))
                echo(f"  {kind}: {len(ms)} calls, {figure.text()}")
        echo(f"  the writer: exit {result['writer_rc']} in {result['writer_s']:.1f} s {result['writer_err']}")
        with _kb(server) as kb:
            echo(f"  documents held after the load: {kb.count()} (expected {len(set(first) | set(more))})")


@contextmanager
def _kb(address: str) -> Iterator[Any]:
    from kb import KnowledgeBase

    with KnowledgeBase.open(address, create=False) as kb:
        yield kb
