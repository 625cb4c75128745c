"""``python -m benchmarks``: every performance figure of the scale issue, each beside a baseline measured in the same
run: one report whose figures share one corpus, one store and one load reading; the search and call latencies
live in ``bench_search`` and ``bench_calls``, the measuring of processes (memory, load) in ``processes``, the
figure lines and the report in ``report``.

- extraction throughput (documents/s, MB/s of raw files) on one process and on every core, beside jieba
  segmentation alone (``jieba.lcut``, its default mode) of the same texts on as many processes;
- ingest (``policykb ingest`` in a child process): wall time beside jieba alone on as many processes, peak memory
  beside a process holding jieba's dictionary, the re-ingest of the unchanged corpus beside the first run, every
  failure and duplicate named, supersession edges between dated versions with a sample of their status;
- store and index size beside the raw files (and the FTS5 index over the same words);
- search latency p50 / p95 / p99 of tantivy (the default) and whoosh through ``kb.search.search``, over 60 fixed
  queries without and with filters, beside SQLite FTS5 over the same jieba words (``benchmarks.bench_search``);
- status, compare and match latency beside the SQLite reads they start from; the Streamlit app's first paint on
  the seed corpus beside an empty Streamlit page's (``benchmarks.bench_calls``).

Nothing here is a test (no figure is asserted anywhere); the README's Performance section quotes a run.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.bench_search import Latency
from benchmarks.processes import MB, IngestRun, LoadSampler, jieba_process_mb, machine, run_ingest
from benchmarks.report import AT_SCALE, Echo, Figure, Printer, Report
from extractor import ReadError, extract_file
from extractor.reader import read_document

ROOT = Path(__file__).resolve().parent.parent
INGEST_TARGET_S, INGEST_TARGET_DOCS = 300.0, 3500


# -- the corpus and the machine --------------------------------------------------------------------------------


def corpus_files(paths: Sequence[str | Path], limit: int | None = None) -> list[Path]:
    """The files ``policykb ingest`` would take from ``paths`` (same walk), the first ``limit`` of them."""
    from kb.ingest import find_files

    files, _ = find_files(paths)
    return files[:limit] if limit else files


# -- extraction beside jieba -----------------------------------------------------------------------------------


def read_texts(files: Sequence[Path]) -> list[str]:
    texts = []
    for path in files:
        try:
            texts.append(read_document(path).text)
        except ReadError:
            continue
    return texts


def _jieba_init() -> None:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()


def _segment(text: str) -> int:
    import jieba

    return len(jieba.lcut(text))


def _extract_one(path: Path) -> int:
    try:
        extract_file(path)
    except ReadError:
        return 0
    return 1


def _pool_seconds(func: Callable[[Any], int], items: Sequence[Any], workers: int) -> tuple[float, int]:
    """Wall seconds and the sum of ``func`` over ``items`` on ``workers`` processes, the pool warmed first (every
    process started, jieba loaded) so that start-up is not timed."""
    if workers <= 1:
        func(items[0])
        start = time.perf_counter()
        total = sum(func(item) for item in items)
        return time.perf_counter() - start, total
    with ProcessPoolExecutor(workers, initializer=_jieba_init) as pool:
        list(pool.map(func, items[:workers]))
        start = time.perf_counter()
        total = sum(pool.map(func, items, chunksize=4))
        return time.perf_counter() - start, total


def extraction_figures(out: Printer, files: list[Path], raw_mb: float, workers: int) -> dict[int, float]:
    """Extraction on 1 and ``workers`` processes beside jieba alone on as many; returns jieba's seconds by
    number of processes."""
    out.section(f"extraction ({len(files)} files, {raw_mb:.1f} MB raw)")
    _jieba_init()
    texts = read_texts(files)
    jieba_s: dict[int, float] = {}
    for n in sorted({1, workers}):
        jieba_s[n], _ = _pool_seconds(_segment, texts, n)
        extract_s, docs = _pool_seconds(_extract_one, files, n)
        out.add(Figure("extraction", f"extraction, {n} process{'es' if n > 1 else ''}", raw_mb / extract_s, "MB/s",
                       f"jieba alone, {n} proc", raw_mb / jieba_s[n], target="time <= 3x jieba's",
                       met=extract_s <= 3 * jieba_s[n],
                       detail=f"{docs / extract_s:.1f} docs/s; {extract_s:.1f} s vs jieba {jieba_s[n]:.1f} s "
                              f"= {extract_s / jieba_s[n]:.2f}x jieba's time"))
    return jieba_s


# -- ingest ----------------------------------------------------------------------------------------------------


def jieba_timer(files: Sequence[Path], workers: int) -> Callable[[], tuple[float, float]]:
    """A call that times jieba alone over the texts of ``files`` on ``workers`` processes (the ingest's floor):
    wall seconds and CPU seconds (its processes', the pool's warm-up of one text per process included)."""
    texts = read_texts(files)

    def timed() -> tuple[float, float]:
        cpu = _cpu_self_and_children()
        wall, _ = _pool_seconds(_segment, texts, workers)
        return wall, _cpu_self_and_children() - cpu

    return timed


def _cpu_self_and_children() -> float:
    """CPU seconds of this process and of its children that have ended (a process pool's, once shut down)."""
    own, done = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + done.ru_utime + done.ru_stime


def ingest_figures(out: Printer, args: list[str], db: Path, n_files: int, raw_mb: float, workers: int,
                   jieba_alone: Callable[[], tuple[float, float]]) -> IngestRun:
    """The ingest beside jieba alone timed just before and just after it (their mean is the baseline: on a shared
    machine the load moves within a minute, and a baseline taken once, sections earlier, moved the ratio by
    tens of percent)."""
    out.section(f"ingest ({n_files} files, {workers} workers)")
    (before, cpu_before) = jieba_alone()
    first = run_ingest(args, db, workers)
    (after, cpu_after) = jieba_alone()
    jieba_s, jieba_cpu = (before + after) / 2, (cpu_before + cpu_after) / 2
    again = run_ingest(args, db, workers)
    target_s = INGEST_TARGET_S * n_files / INGEST_TARGET_DOCS
    out.add(Figure("ingest", "ingest, first run", first.seconds, "s", f"jieba alone, {workers} proc", jieba_s,
                   target=f"< 5 min per 3,500 docs ({target_s:.1f} s here)",
                   met=_judged(n_files, first.seconds < target_s),
                   detail=f"{n_files / first.seconds:.1f} docs/s, {raw_mb / first.seconds:.2f} MB/s"))
    out.add(Figure("ingest", "ingest time / jieba alone's", first.seconds / jieba_s, "x",
                   target="<= 2x jieba alone on as many processes", met=first.seconds <= 2 * jieba_s,
                   detail=f"ingest {first.seconds:.1f} s; jieba alone {before:.1f} s just before it and "
                          f"{after:.1f} s just after (mean {jieba_s:.1f} s), same files, same run"))
    out.add(Figure("ingest", "ingest CPU seconds / jieba alone's", first.cpu_seconds / jieba_cpu, "x",
                   target="<= 2x jieba alone's CPU (the load moves it least)",
                   met=first.cpu_seconds <= 2 * jieba_cpu,
                   detail=f"ingest {first.cpu_seconds:.1f} CPU s (every process: start-up, workers, writer); jieba "
                          f"alone {cpu_before:.1f} and {cpu_after:.1f} CPU s (mean {jieba_cpu:.1f} s)"))
    out.add(Figure("ingest", "ingest peak RSS, largest process", first.peak_mb, "MB",
                   "a process holding jieba's dictionary", jieba_process_mb(),
                   detail=f"whole process tree peak {first.peak_tree_mb:.0f} MB (sampled; shared pages counted "
                          f"per process); per process: " + ", ".join(f"{role} {mb:.0f} MB" for role, mb in
                                                                  sorted(first.peaks_mb.items()))))
    out.add(Figure("ingest", "re-ingest, unchanged corpus", again.seconds, "s", "first run", first.seconds,
                   target="< 10% of the first run", met=_judged(n_files, again.seconds < 0.1 * first.seconds),
                   detail=f"{len(again.report.get('unchanged', []))} unchanged, "
                          f"{len(again.report.get('ingested', []))} re-read"))
    _name_outcomes(out, first)
    return first


def _judged(n_files: int, met: bool) -> bool | None:
    """A target verdict, or None (not judged) on a corpus too small for it to mean anything."""
    return met if n_files >= AT_SCALE else None


def _name_outcomes(out: Printer, run: IngestRun) -> None:
    report = run.report
    failed, duplicates = report.get("failed", []), report.get("duplicates", [])
    out.note(f"ingest exit code {run.exit_code}: {len(report.get('ingested', []))} ingested, {len(failed)} failed, "
             f"{len(duplicates)} duplicates, {len(report.get('errors', []))} errors"
             + (f" ({report['error']})" if "error" in report else ""))
    for path, reason in failed:
        out.note(f"failed: {path}: {reason}")
    for path, other in duplicates:
        out.note(f"duplicate (same bytes, not stored twice): {path} = {other}")
    for error in report.get("errors", []):
        out.note(f"error: {error}")


def size_figures(out: Printer, db: Path, raw_bytes: int, n_files: int) -> int:
    """Store and index size beside the raw files; returns the index size in bytes."""
    from kb.config import default_index_dir

    store = sum(_size(Path(str(db) + suffix)) for suffix in ("", "-wal", "-shm"))
    index = _size(default_index_dir(db))
    raw_mb = raw_bytes / MB
    out.section("size")
    out.add(Figure("size", "store (SQLite)", store / MB, "MB", "raw files", raw_mb))
    out.add(Figure("size", "search index (tantivy)", index / MB, "MB", "raw files", raw_mb))
    out.add(Figure("size", "store + index", (store + index) / MB, "MB", "raw files", raw_mb,
                   target="<= 3x raw", met=_judged(n_files, store + index <= 3 * raw_bytes)))
    return index


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def supersession_notes(out: Printer, db: Path, sample: int = 3) -> None:
    """How many ``supersedes`` edges link dated versions, and the status of a few superseded versions."""
    from kb.queries.validity import status_of
    from kb.store import Store

    with Store.open(db) as store:
        edges = store.relations(kind="supersedes")
        dated = store.conn.execute("SELECT count(*) AS n FROM documents WHERE version_date IS NOT NULL").fetchone()
        out.note(f"{len(edges)} supersedes edges between dated versions ({dated['n']} dated documents)")
        step = max(1, len(edges) // sample)
        for rel in edges[::step][:sample]:
            older = store.document(rel["to_doc_id"])
            status = status_of(store, rel["to_doc_id"], "2025-06-01")
            out.note(f"{older['title']} ({older['version_date']}) superseded by the {rel['extra']['from_version']} "
                     f"version: status on 2025-06-01 = {status['status']}")


# -- search, queries and the app -------------------------------------------------------------------------------


def search_figures(out: Printer, db: Path, workers: int, tmp: Path, whoosh: bool = True) -> None:
    from benchmarks.bench_search import build_fts5, fts5_runner, time_queries
    from kb.config import default_index_dir
    from kb.search import rebuild_index, search
    from kb.store import Store

    out.section("search (60 queries x 3, limit 20; filtered: one of 6 filters in turn)")
    with Store.open(db) as store:
        fts, fts_s = build_fts5(store, tmp / "fts5.sqlite", workers)
        base = {flag: time_queries(fts5_runner(fts), flag) for flag in (False, True)}
        built: dict[str, float] = {}
        for engine in ("tantivy", "whoosh") if whoosh else ("tantivy",):
            if engine == "whoosh":  # built now (after the size figures) so the ingest runs fed tantivy only
                start = time.perf_counter()
                rebuild_index(store, "whoosh")
                built["whoosh"] = time.perf_counter() - start
            for flag in (False, True):
                result = time_queries(lambda q, f, e=engine: search(store, q, f, limit=20, engine=e), flag)
                alone = time_queries(_engine_alone(store, engine), flag)
                _latency_figure(out, engine, flag, result, base[flag], alone)
        start = time.perf_counter()
        rebuild_index(store, "tantivy")
        built["tantivy"] = time.perf_counter() - start
        for engine, seconds in built.items():
            out.add(Figure("search", f"index rebuild from the store, {engine}", seconds, "s",
                           "FTS5 build, same words", fts_s))
        root = default_index_dir(db)
        for engine in built:
            out.add(Figure("search", f"index size after the rebuild, {engine}", _size(root / engine) / MB, "MB",
                           "FTS5, same words", fts.size() / MB))
        fts.close()


def _engine_alone(store: Any, engine: str) -> Callable[[str, Any], Sequence[Any]]:
    """The engine's own search (parsed query to scored stored records): no snippets, status or 文号 lookup."""
    from kb.search import index_for, parse_query

    ix = index_for(store, engine)

    def run(query: str, filters: Any) -> Sequence[Any]:
        hits = ix.engine.search(parse_query(query), filters, 20)
        return [hit.stored for hit in hits]  # the records read, as a caller needs them (the engine reads lazily)

    return run


def _latency_figure(out: Printer, engine: str, filtered: bool, result: Latency, base: Latency,
                    alone: Latency) -> None:
    kind = "filtered" if filtered else "no filter"
    default = " (default)" if engine == "tantivy" else ""
    out.add(Figure("search", f"search p95, {kind}, {engine}{default}", result.p95, "ms", "FTS5 p95", base.p95,
                   target="p95 <= 50 ms", met=result.p95 <= 50,
                   detail=f"{result.text()}; the engine alone {alone.text()}; FTS5 {base.text()}; queries with "
                          f"hits {result.with_hits}/{result.queries} (FTS5 {base.with_hits})"))
    out.add(Figure("search", f"search p95 / the engine alone's, {kind}, {engine}", result.p95, "ms",
                   "the engine alone p95", alone.p95, target="<= 2x the engine alone",
                   met=result.p95 <= 2 * alone.p95,
                   detail=f"kb.search.search (snippets, status, 文号 lookup) {result.text()}; "
                          f"{engine} alone (its 20 records read) {alone.text()}"))


def call_figures(out: Printer, db: Path) -> None:
    from benchmarks.bench_calls import compare_latency, match_latency, status_latency
    from kb.store import Store

    out.section("status, compare, match (on 2025-06-01)")
    with Store.open(db) as store:
        for name, result in (("status", status_latency(store)), ("compare", compare_latency(store)),
                             ("match", match_latency(store))):
            if isinstance(result, str):
                out.note(result)
                continue
            got, base = result
            out.add(Figure("queries", f"{name} p95 ({got.queries} calls x 3)", got.p95, "ms",
                           "SQLite read of its rows, p95", base.p95, detail=f"{got.text()} (read {base.text()})"))


def app_figures(out: Printer, tmp: Path) -> None:
    from benchmarks.bench_calls import app_first_paint
    from kb.ingest import ingest
    from kb.store import Store

    out.section("app (Streamlit, seed corpus)")
    db = tmp / "seeds.sqlite"
    with Store.open(db) as store:
        ingest([ROOT / "corpus"], store, workers=1)
    app, empty = app_first_paint(db)
    if "error" in app or app.get("exception"):
        out.note(f"app did not run: {app.get('error') or app.get('exception')}")
        return
    out.add(Figure("app", "app first paint (AppTest run of app.py)", app["first_run_s"], "s",
                   "empty Streamlit page", empty.get("first_run_s"), target="< 2 s", met=app["first_run_s"] < 2,
                   detail=f"importing Streamlit {app['import_s']:.2f} s before it; first search "
                          f"(海外仓) {app['first_search_s']:.2f} s"))


# -- the whole run ---------------------------------------------------------------------------------------------


def benchmark(paths: Sequence[str], limit: int | None = None, workers: int | None = None,
              with_ingest: bool = True, echo: Echo = print, whoosh: bool = True) -> Report:
    """Run every figure on ``paths`` and print each as it comes; returns the report (``--json`` prints it)."""
    workers = workers or os.cpu_count() or 1
    files = corpus_files(paths, limit)
    if not files:
        raise ValueError(f"no files to benchmark under {', '.join(map(str, paths))}")
    raw_bytes = sum(p.stat().st_size for p in files)
    report = Report(machine(workers))
    out = Printer(report, echo)
    m = report.machine
    echo(f"# policykb bench {' '.join(map(str, paths))}: {len(files)} files, {raw_bytes / MB:.1f} MB; "
         f"{m['cores']} cores, {m['ram_mb']} MB RAM, Python {m['python']}, {workers} workers; "
         f"load average {' '.join(f'{x:.2f}' for x in m['load_average_start'])}")
    load = LoadSampler()
    load.start()
    extraction_figures(out, files, raw_bytes / MB, workers)
    if with_ingest:
        with tempfile.TemporaryDirectory(prefix="policykb-bench-") as tmp:
            db = Path(tmp) / "bench.sqlite"
            args = [str(p) for p in (files if limit else paths)]
            ingest_figures(out, args, db, len(files), raw_bytes / MB, workers, jieba_timer(files, workers))
            size_figures(out, db, raw_bytes, len(files))
            supersession_notes(out, db)
            search_figures(out, db, workers, Path(tmp), whoosh)
            call_figures(out, db)
            app_figures(out, Path(tmp))
    load.stop()
    m["load_average_end"] = list(os.getloadavg())
    m["load_1min_max"] = load.peak
    echo(f"\n# load average at the end {' '.join(f'{x:.2f}' for x in m['load_average_end'])}; highest 1-minute "
         f"load during the run {load.peak:.2f} (this benchmark runs up to {workers + 1} busy processes itself)")
    return report
