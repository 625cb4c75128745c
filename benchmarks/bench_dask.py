"""``python -m benchmarks dask``: ingest on a Dask ``LocalCluster`` of 1 and 2 workers beside the local process
pool on as many processes, and where the cluster's time goes (client reads, waiting, client writes, extraction).

Each run ingests the same files into a fresh store; the cluster's start-up is timed apart from the ingest. Nothing
here is a test; compare runs on an idle machine (the load average is printed).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.ingest import find_files, ingest
from kb.store import Store

if TYPE_CHECKING:
    from kb.ingest_dask import ClusterTimings

Echo = Callable[[str], None]


@dataclass
class DaskRun:
    """One ingest: ``mode`` is ``local`` (process pool) or ``dask`` (LocalCluster); times in seconds.
    ``cluster``: where a dask run's time went (``kb.ingest_dask.ClusterTimings``), None for the local pool."""

    mode: str
    workers: int
    files: int
    stored: int
    failed: int
    wall: float
    startup: float = 0.0
    cluster: ClusterTimings | None = None


def sample(paths: Sequence[str | Path], size: int | None) -> list[Path]:
    """Every file of ``paths`` (the ingest's walk), or ``size`` of them spread evenly over it (every folder)."""
    files, _ = find_files(paths)
    if not size or size >= len(files):
        return files
    step = len(files) / size
    return [files[int(i * step)] for i in range(size)]


def local_run(files: list[Path], workers: int, tmp: Path) -> DaskRun:
    store = Store.open(tmp / f"local-{workers}.sqlite")
    started = time.perf_counter()
    report = ingest(files, store, workers=workers)
    wall = time.perf_counter() - started
    return DaskRun("local", workers, len(files), len(report.ingested), len(report.failed), wall)


def dask_run(files: list[Path], workers: int, tmp: Path) -> DaskRun:
    from kb.ingest_dask import cluster_extraction, connect

    store = Store.open(tmp / f"dask-{workers}.sqlite")
    started = time.perf_counter()
    with connect(f"local:{workers}") as client:
        extraction = cluster_extraction(client)  # registers the warm-up plugin: part of the start-up
        startup = time.perf_counter() - started
        began = time.perf_counter()
        report = ingest(files, store, extraction=extraction)
        wall = time.perf_counter() - began
    return DaskRun("dask", workers, len(files), len(report.ingested), len(report.failed), wall, startup=startup,
                   cluster=extraction.timings)


def benchmark(paths: Sequence[str | Path], size: int | None, worker_counts: Sequence[int],
              echo: Echo = print) -> list[DaskRun]:
    files = sample(paths, size)
    raw_mb = sum(p.stat().st_size for p in files) / 2**20
    echo(f"{len(files)} files, {raw_mb:.1f} MiB; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    runs: list[DaskRun] = []
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        for workers in worker_counts:
            for run in (local_run, dask_run):
                result = run(files, workers, Path(tmp))
                runs.append(result)
                echo(line(result))
    for mode in ("local", "dask"):
        by_workers = {r.workers: r.wall for r in runs if r.mode == mode}
        if 1 in by_workers and len(by_workers) > 1:
            most = max(by_workers)
            echo(f"{mode}: {most} workers {by_workers[1] / by_workers[most]:.2f}× faster than 1 "
                 f"(ideal {most}×)")
    echo(f"load average at the end {os.getloadavg()[0]:.1f}")
    return runs


def line(run: DaskRun) -> str:
    head = (f"{run.mode:5} {run.workers} worker(s): {run.wall:6.1f} s, {run.stored / run.wall:5.1f} docs/s "
            f"({run.stored} stored, {run.failed} failed)")
    t = run.cluster
    if t is None:
        return head
    busy = t.extraction / (run.wall * run.workers)
    return (f"{head}; start-up {run.startup:.1f} s; client: read {t.reading:.1f} s, submitted "
            f"{t.submitting:.1f} s, waited {t.waiting:.1f} s, collected {t.collecting:.1f} s, wrote "
            f"{t.writing:.1f} s; extraction on the workers {t.extraction:.1f} s "
            f"({busy:.0%} of their wall time); {t.sent_bytes / 2**20:.1f} MiB sent")


def as_dicts(runs: Sequence[DaskRun]) -> list[dict[str, Any]]:
    """The runs as JSON objects; a dask run's ``cluster`` is the nested dict of its timings."""
    return [asdict(run) for run in runs]
