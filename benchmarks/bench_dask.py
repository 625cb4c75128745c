"""``python -m benchmarks dask``: ingest on a Dask ``LocalCluster`` of 1 and 2 workers beside the local process
pool on as many processes, in one run, and where the cluster's time goes (client reads, submitting, waiting,
collecting, client writes, extraction on the workers).

Each run ingests the same files into a fresh store (its tantivy index included). Both sides have their start-up
timed apart from the ingest: the cluster's (scheduler, workers, the warm-up plugin) and the local pool's (its
fork server and workers, started by an untimed ingest of a few other files, then kept warm for the timed one), so
the ingest figures compare the same work. Nothing here is a test; the load average is printed with every run, and
a scaling ratio means something only on an idle machine.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.bench_profile import even_sample
from kb.ingest import find_files, ingest
from kb.store import Store

if TYPE_CHECKING:
    from kb.ingest_dask import ClusterTimings

Echo = Callable[[str], None]


@dataclass
class DaskRun:
    """One ingest: ``mode`` is ``local`` (process pool) or ``dask`` (LocalCluster); times in seconds.
    ``startup``: starting the pool or the cluster, not in ``wall``. ``cluster``: where a dask run's time went
    (``kb.ingest_dask.ClusterTimings``), None for the local pool. ``load``: the 1-minute load average after it."""

    mode: str
    workers: int
    files: int
    stored: int
    failed: int
    wall: float
    startup: float = 0.0
    cluster: ClusterTimings | None = None
    load: float = 0.0


def sample(paths: Sequence[str | Path], size: int | None) -> list[Path]:
    """Every file of ``paths`` (the ingest's walk), or ``size`` of them spread evenly over it (every folder)."""
    files, _ = find_files(paths)
    return even_sample(files, size)


def warm_up_files(paths: Sequence[str | Path], chosen: Sequence[Path], count: int) -> list[Path]:
    """``count`` files of the walk that are not among ``chosen`` (the local pool's untimed start-up ingest)."""
    taken = set(chosen)
    files, _ = find_files(paths)
    return [p for p in files if p not in taken][:count]


def local_run(files: list[Path], workers: int, tmp: Path, warm_files: list[Path]) -> DaskRun:
    started = time.perf_counter()
    with Store.open(tmp / f"local-{workers}-warm.sqlite") as warm:  # starts the pool; its workers are kept
        ingest(warm_files, warm, workers=workers)
    startup = time.perf_counter() - started
    store = Store.open(tmp / f"local-{workers}.sqlite")
    began = time.perf_counter()
    report = ingest(files, store, workers=workers)
    wall = time.perf_counter() - began
    store.close()
    return DaskRun("local", workers, len(files), len(report.ingested), len(report.failed), wall, startup=startup,
                   load=os.getloadavg()[0])


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
    store.close()
    return DaskRun("dask", workers, len(files), len(report.ingested), len(report.failed), wall, startup=startup,
                   cluster=extraction.timings, load=os.getloadavg()[0])


def benchmark(paths: Sequence[str | Path], size: int | None, worker_counts: Sequence[int],
              echo: Echo = print) -> list[DaskRun]:
    began = time.perf_counter()
    files = sample(paths, size)
    raw_mb = sum(p.stat().st_size for p in files) / 2**20
    echo(f"{len(files)} files, {raw_mb:.1f} MiB; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    warm_files = warm_up_files(paths, files, max(worker_counts) * 2)
    runs: list[DaskRun] = []
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        for workers in worker_counts:
            for result in (local_run(files, workers, Path(tmp), warm_files), dask_run(files, workers, Path(tmp))):
                runs.append(result)
                echo(line(result))
    for text in summary(runs):
        echo(text)
    echo(f"load average at the end {os.getloadavg()[0]:.1f}; the benchmark took {time.perf_counter() - began:.0f} s")
    return runs


def summary(runs: Sequence[DaskRun]) -> list[str]:
    """The scaling of each mode from 1 worker to the most, and Dask's wall time over the local pool's."""
    out = []
    for mode in ("local", "dask"):
        by_workers = {r.workers: r.wall for r in runs if r.mode == mode}
        if 1 in by_workers and len(by_workers) > 1:
            most = max(by_workers)
            out.append(f"scaling, {mode}: {most} workers {by_workers[1] / by_workers[most]:.2f}× faster than 1 "
                       f"(ideal {most}×)")
    local = {r.workers: r.wall for r in runs if r.mode == "local"}
    for run in runs:
        if run.mode == "dask" and run.workers in local:
            out.append(f"dask / local, {run.workers} worker(s): {run.wall / local[run.workers]:.2f}× the wall time")
    return out


def line(run: DaskRun) -> str:
    head = (f"{run.mode:5} {run.workers} worker(s): {run.wall:6.1f} s, {run.stored / run.wall:5.1f} docs/s "
            f"({run.stored} stored, {run.failed} failed); start-up {run.startup:.1f} s apart")
    t = run.cluster
    if t is None:
        return f"{head}; load {run.load:.1f}"
    busy = t.extraction / (run.wall * run.workers)
    return (f"{head}; client: read {t.reading:.1f} s, submitted {t.submitting:.1f} s, waited {t.waiting:.1f} s, "
            f"collected {t.collecting:.1f} s, wrote {t.writing:.1f} s; extraction on the workers "
            f"{t.extraction:.1f} s ({busy:.0%} of their wall time); {t.sent_bytes / 2**20:.1f} MiB sent in "
            f"{t.tasks} tasks; load {run.load:.1f}")


def as_dicts(runs: Sequence[DaskRun]) -> list[dict[str, Any]]:
    """The runs as JSON objects; a dask run's ``cluster`` is the nested dict of its timings."""
    return [asdict(run) for run in runs]
