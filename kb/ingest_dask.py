"""Ingest on a Dask cluster: the workers read, extract, derive measures and split search words; this process writes.

``cluster_extraction(client)`` is an ``kb.ingest.Extraction``: ``kb.ingest.ingest`` walks, hashes, skips the
unchanged and writes each payload in one transaction, exactly as with its local process pool, so the store, the
report and the exit code are the same (the embedded store has one writer; one write path serves both).

- Files reach workers that do not share this disk as bytes inside the task (so a task can be run again on another
  worker after its first one died; scattered data would die with it); at most ``window`` files are in flight.
  Files under a ``shared`` path are sent by name, for workers that mount it at the same path.
- Each task is stopped after the per-file time limit (measured on the worker, the limit read here once); a task
  on a worker that died is run again by the scheduler (``distributed.scheduler.allowed-failures``) and fails
  with the reason after that; the run never waits for a cluster that has lost all its workers.
- Every worker process loads jieba's domain dictionary and the lexicons before its first task (``WarmWorker``):
  a Dask worker is a fresh process that carries nothing of the client's.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed import Client, Future, LocalCluster, WorkerPlugin, get_worker, wait

from extractor import extract_text
from extractor.limits import limits
from kb.ingest import AHEAD, extract_payload

RETRIES = 2  # an exception raised by a task (not a dead worker: that is the scheduler's allowed-failures)
_STALL_GRACE = 60.0  # seconds past the per-file limit without any result before the workers are counted


def max_seconds() -> float | None:
    """The per-file time limit of a local ingest (``POLICYKB_MAX_SECONDS``; 0: none), from one setting."""
    return limits().seconds


@contextlib.contextmanager
def connect(address: str, memory_limit: str = "2GiB") -> Iterator[Client]:
    """A client of the scheduler at ``address`` (``tcp://host:8786``), or of a ``LocalCluster`` of N worker
    processes for ``local[:N]`` (N defaults to the number of cores); closed on exit.

    Example: with connect("local:2") as client: ingest(paths, store, extraction=cluster_extraction(client))
    """
    if address == "local" or address.startswith("local:"):
        count = int(address.partition(":")[2] or os.cpu_count() or 1)
        if count < 1:
            raise ValueError(f"--dask {address}: the number of workers must be at least 1")
        with LocalCluster(n_workers=count, threads_per_worker=1, processes=True, memory_limit=memory_limit,
                          host="127.0.0.1", dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    with Client(address) as client:
        yield client


class WarmWorker(WorkerPlugin):
    """Loads jieba's domain dictionary and every lexicon in each worker process (new and restarted ones too),
    before the clock of its first file starts."""

    name = "policykb-warm"

    def setup(self, worker: Any) -> None:
        from kb.search.analysis import load_dictionary

        load_dictionary()
        extract_text(_WARM_UP_TEXT, source="<warm-up>")


_WARM_UP_TEXT = "邵阳市人民政府办公室\n关于促进电子商务发展的通知\n一、对企业给予一次性奖励10万元。\n"


def extract_task(source: str, split: bool, seconds: float | None, data: bytes | None) -> dict[str, Any]:
    """Run on a worker: ``extract_payload`` for one file, stopped after ``seconds``.

    A file over the limit leaves its thread running (Python cannot stop a thread), so the payload names the
    worker and the client has it restarted."""
    if split:
        from kb.search.analysis import load_dictionary

        load_dictionary()  # idempotent; a worker started without the plugin still splits with the dictionary
    started = time.perf_counter()
    outcome: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: outcome.update(extract_payload(source, split, data)), daemon=True)
    thread.start()
    thread.join(seconds)
    elapsed = time.perf_counter() - started
    if thread.is_alive():
        return {"error": f"took longer than {seconds:g} s (stopped)", "stuck": get_worker().address}
    if seconds and elapsed > seconds:
        # finished while this thread waited for the interpreter lock after its timeout: still over the limit
        return {"error": f"took longer than {seconds:g} s (stopped)"}
    outcome["worker_seconds"] = elapsed
    return outcome


@dataclass
class ClusterTimings:
    """Where a cluster ingest's time went, in seconds: ``reading`` files here, ``submitting`` them (with their
    bytes), ``waiting`` for results, ``collecting`` them (receiving and unpickling), ``writing`` them (the store
    and the search feed, here), ``extraction`` on the workers (summed over them) and the ``wall`` time from the
    first task to the last payload written."""

    reading: float = 0.0
    submitting: float = 0.0
    waiting: float = 0.0
    collecting: float = 0.0
    writing: float = 0.0
    extraction: float = 0.0
    wall: float = 0.0
    sent_bytes: int = 0
    tasks: int = 0
    restarted: list[str] = field(default_factory=list)


class ClusterExtraction:
    """An ``kb.ingest.Extraction`` on a Dask client; keeps ``timings`` of its last run. ``window`` defaults to
    ``AHEAD`` files per worker thread, as the local pool's per process."""

    def __init__(self, client: Client, window: int | None = None, shared: Iterable[str | Path] = (),
                 seconds: float | None = None) -> None:
        self.client = client
        threads = sum(w["nthreads"] for w in client.scheduler_info(n_workers=-1)["workers"].values())
        self.window = window or AHEAD * max(1, threads)
        self.shared = [Path(p).resolve() for p in shared]
        self.seconds = seconds if seconds is not None else max_seconds()
        self.timings = ClusterTimings()
        client.register_plugin(WarmWorker(), name=WarmWorker.name)

    def __call__(self, todo: list[tuple[str, str]], split: bool) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """``(source, digest, payload)`` in the order given, at most ``window`` tasks submitted and not yet
        yielded (finished payloads waiting for an earlier one count, so memory stays bounded)."""
        self.timings = timings = ClusterTimings()
        begun = time.perf_counter()
        items = iter(enumerate(todo))
        running: dict[Future, int] = {}
        done: dict[int, dict[str, Any]] = {}
        following = 0
        try:
            for _ in range(min(self.window, len(todo))):
                self._submit(next(items), split, running, done)
            while following < len(todo):
                while following in done:
                    source, digest = todo[following]
                    payload = done.pop(following)
                    following += 1
                    handed = time.perf_counter()
                    yield source, digest, payload
                    timings.writing += time.perf_counter() - handed
                    with contextlib.suppress(StopIteration):
                        self._submit(next(items), split, running, done)
                if following < len(todo):
                    self._collect(running, done)
        finally:
            for future in running:
                future.release()
            timings.wall = time.perf_counter() - begun

    def _submit(self, item: tuple[int, tuple[str, str]], split: bool, running: dict[Future, int],
                done: dict[int, dict[str, Any]]) -> None:
        position, (source, digest) = item
        data: bytes | None = None
        if not self._is_shared(source):
            started = time.perf_counter()
            try:
                data = Path(source).read_bytes()
            except OSError as exc:  # gone or unreadable since it was hashed
                done[position] = {"error": f"cannot read: {exc.strerror or exc}"}
                return
            finally:
                self.timings.reading += time.perf_counter() - started
            self.timings.sent_bytes += len(data)
        self.timings.tasks += 1
        started = time.perf_counter()
        future = self.client.submit(extract_task, source, split, self.seconds, data, key=f"extract-{digest[:16]}-"
                                    f"{position}", pure=False, retries=RETRIES)
        running[future] = position
        self.timings.submitting += time.perf_counter() - started

    def _is_shared(self, source: str) -> bool:
        return any(Path(source).is_relative_to(root) for root in self.shared)

    def _collect(self, running: dict[Future, int], done: dict[int, dict[str, Any]]) -> None:
        """Wait for at least one result (or for a stall to be explained) and move finished ones to ``done``."""
        stall = (self.seconds or 0) + _STALL_GRACE
        started = time.perf_counter()
        finished, _ = wait(list(running), timeout=stall, return_when="FIRST_COMPLETED") if running else ([], None)
        self.timings.waiting += time.perf_counter() - started
        if not finished and self._no_workers():
            for future, position in running.items():
                done[position] = {"error": "no Dask worker left to extract it"}
                future.release()
            running.clear()
            return
        started = time.perf_counter()
        gathered = self._gather(finished)
        for future in finished:
            position = running.pop(future)
            done[position] = self._payload(future, gathered.get(future))
            future.release()
        self.timings.collecting += time.perf_counter() - started

    def _gather(self, finished: Iterable[Future]) -> dict[Future, dict[str, Any]]:
        """The results of the finished tasks in one round trip (``future.result()`` asks the workers once per
        task); empty when that fails (a worker holding one died meanwhile): each is then fetched on its own."""
        ready = [future for future in finished if future.status == "finished"]
        if not ready:
            return {}
        try:
            return dict(zip(ready, self.client.gather(ready), strict=True))
        except Exception:  # fetched one by one below, each failure with its own reason
            return {}

    def _payload(self, future: Future, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            payload = future.result() if payload is None else payload
        except Exception as exc:  # a task whose workers died too often (KilledWorker), or one that raised
            return {"error": f"extraction process failed: {type(exc).__name__}: {exc}"}
        self.timings.extraction += payload.pop("worker_seconds", 0.0)
        stuck = payload.pop("stuck", None)
        if stuck:
            self.timings.restarted.append(stuck)
            with contextlib.suppress(Exception):  # a worker without a nanny cannot restart; the scheduler copes
                self.client.restart_workers([stuck], raise_for_error=False)
        return payload

    def _no_workers(self) -> bool:
        try:
            return not self.client.scheduler_info(n_workers=-1)["workers"]
        except Exception:  # the scheduler itself is gone
            return True


def cluster_extraction(client: Client, window: int | None = None, shared: Iterable[str | Path] = (),
                       seconds: float | None = None) -> ClusterExtraction:
    """The extraction of ``kb.ingest.ingest`` on ``client``'s workers (see the module's notes).

    Example: report = ingest(["corpus"], store, extraction=cluster_extraction(client))
    """
    return ClusterExtraction(client, window=window, shared=shared, seconds=seconds)
