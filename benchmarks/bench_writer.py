"""``python -m benchmarks writer``: the CPU seconds of the ingest's main process (the writer), per document.

Two measurements on an even sample of lawrefbook (``even_sample``), each into a fresh temporary store (SQLite, the
default search engine):

- ``ingest``: ``kb.ingest.ingest(files, store, workers=2)`` as the command line runs it; the main process's CPU
  seconds (``time.process_time`` around the call) and its children's (``resource.getrusage(RUSAGE_CHILDREN)`` for
  those it reaped, plus the live fork server's and workers' own and reaped CPU, by psutil), the store's and the
  index's size.
- ``writer``: the same files extracted once beforehand (in worker processes), then ``ingest`` given those payloads
  through its ``extraction`` seam, pickled as a worker sends them: only the writer's work is timed (hashing, the
  store's writes, the index feed, linking, the index commit), in this one process, ``repeat`` times, the least
  kept. ``--profile`` prints cProfile's top functions of one such run.

CPU seconds still grow with the machine's load (shared caches), so compare runs made close together. Nothing
here is a test.
"""

from __future__ import annotations

import cProfile
import io
import os
import pickle
import pstats
import resource
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

Echo = Callable[[str], None]


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def _store_bytes(db: Path) -> tuple[int, int]:
    """(the SQLite file with its WAL, the search index folder) in bytes, after a checkpoint."""
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    store = sum(_size(Path(str(db) + suffix)) for suffix in ("", "-wal", "-shm"))
    from kb.config import default_index_dir

    return store, _size(default_index_dir(str(db)))


def _descendants_cpu() -> dict[int, float]:
    """CPU seconds of each live descendant (the fork server, the workers), with what each has reaped itself."""
    import psutil

    out = {}
    for child in psutil.Process().children(recursive=True):
        try:
            t = child.cpu_times()
        except psutil.Error:
            continue
        out[child.pid] = t.user + t.system + t.children_user + t.children_system
    return out


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_ingest(files: Sequence[Path], workers: int) -> dict[str, Any]:
    """One whole ingest into a fresh store: main and children CPU seconds, wall seconds, sizes."""
    from kb.ingest import ingest
    from kb.store import Store

    with tempfile.TemporaryDirectory(prefix="policykb-writer-") as tmp:
        db = Path(tmp) / "kb.sqlite"
        store = Store.open(db)
        reaped, alive = _children_cpu(), _descendants_cpu()
        wall, cpu = time.perf_counter(), time.process_time()
        report = ingest(files, store, workers=workers)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        children = _children_cpu() - reaped + sum(t - alive.get(pid, 0.0) for pid, t in _descendants_cpu().items())
        store.close()
        store_bytes, index_bytes = _store_bytes(db)
    return {"main_cpu": cpu, "children_cpu": children,
            "wall": wall, "ingested": len(report.ingested), "failed": len(report.failed),
            "store_bytes": store_bytes, "index_bytes": index_bytes}


def extracted(files: Sequence[Path], workers: int) -> list[tuple[str, str, bytes]]:
    """Every file's ``(source, digest, pickled payload)``, extracted in worker processes as an ingest does."""
    from kb.ingest import _extract_in_processes, content_hash
    from kb.search.service import default_engine

    split = default_engine() == "tantivy"
    todo = [(str(p), content_hash(p)) for p in files]
    return [(source, digest, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
            for source, digest, payload in _extract_in_processes(todo, split, workers, None)]


def run_writer(files: Sequence[Path], payloads: list[tuple[str, str, bytes]],
               profiler: cProfile.Profile | None = None) -> dict[str, Any]:
    """The writer alone on payloads made beforehand: CPU seconds of this process, sizes."""
    from kb.ingest import ingest
    from kb.store import Store

    def extraction(todo: list[tuple[str, str]], split: bool) -> Any:
        for source, digest, blob in payloads:
            yield source, digest, pickle.loads(blob)

    with tempfile.TemporaryDirectory(prefix="policykb-writer-") as tmp:
        db = Path(tmp) / "kb.sqlite"
        store = Store.open(db)
        if profiler:
            profiler.enable()
        cpu = time.process_time()
        report = ingest(files, store, extraction=extraction)
        cpu = time.process_time() - cpu
        if profiler:
            profiler.disable()
        store.close()
        store_bytes, index_bytes = _store_bytes(db)
    return {"main_cpu": cpu, "ingested": len(report.ingested), "failed": len(report.failed),
            "store_bytes": store_bytes, "index_bytes": index_bytes}


def benchmark(paths: Sequence[str], size: int, workers: int = 2, repeat: int = 3, whole: bool = True,
              profile: bool = False, echo: Echo = print) -> dict[str, Any]:
    from benchmarks.bench import corpus_files
    from benchmarks.bench_profile import even_sample

    files = even_sample(corpus_files(paths), size)
    raw = sum(p.stat().st_size for p in files)
    echo(f"# the ingest's main process, {len(files)} files ({raw / 1_048_576:.2f} MB raw) spread over the walk; "
         f"load average {os.getloadavg()[0]:.1f}")
    out: dict[str, Any] = {"files": len(files), "raw_bytes": raw}
    if whole:
        run = run_ingest(files, workers)
        out["ingest"] = run
        echo(f"  ingest(workers={workers}): main {run['main_cpu']:.2f} CPU s "
             f"({1000 * run['main_cpu'] / max(run['ingested'], 1):.1f} ms/doc), children {run['children_cpu']:.2f} "
             f"CPU s, wall {run['wall']:.2f} s; {run['ingested']} ingested, {run['failed']} failed; store "
             f"{run['store_bytes'] / 1_048_576:.2f} MB ({run['store_bytes'] / raw:.2f}x raw), index "
             f"{run['index_bytes'] / 1_048_576:.2f} MB")
    payloads = extracted(files, workers)
    runs = [run_writer(files, payloads) for _ in range(repeat)]
    best = min(runs, key=lambda r: r["main_cpu"])
    out["writer"] = runs
    each = " / ".join(f"{r['main_cpu']:.2f}" for r in runs)
    echo(f"  writer alone (payloads made beforehand, pickled): {each} "
         f"CPU s, least {best['main_cpu']:.2f} ({1000 * best['main_cpu'] / max(best['ingested'], 1):.1f} ms/doc); "
         f"store {best['store_bytes'] / 1_048_576:.2f} MB ({best['store_bytes'] / raw:.2f}x raw), index "
         f"{best['index_bytes'] / 1_048_576:.2f} MB; load average {os.getloadavg()[0]:.1f}")
    if profile:
        profiler = cProfile.Profile()
        run_writer(files, payloads, profiler)
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(35)
        echo(text.getvalue())
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(45)
        echo(text.getvalue())
    return out
