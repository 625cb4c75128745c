"""Run one function over many files in worker processes, each call with its own time limit.

``concurrent.futures.ProcessPoolExecutor`` cannot stop a call that overruns (``Future.cancel`` only stops calls
not yet started), and one stuck file would hold the batch for ever. Here each worker is a process of its own with
a pipe: a call past its deadline gets its process killed and a fresh one started, and the item is reported as
``took longer than N s``; a worker that dies (out of memory, killed) is reported and replaced the same way. The
batch goes on either way. Results come back in the order given, with at most ``ahead`` items per worker in
flight or waiting, so finished results never pile up in memory.

Workers come from a fork server (``multiprocessing``'s "forkserver": a clean single-threaded process that has
imported ``func``'s module once): forking the caller itself, which has threads (tqdm's monitor, tantivy, the
Streamlit server), can copy a lock another thread holds. A fork server's children have the environment of when it
started, so each item travels with the caller's ``POLICYKB_*`` variables (the bounds and faults in force now). A
deadline runs from when the worker is ready (``warm`` done), not from when it was started.

Workers outlive a call: the next call with the same function, warm-up and size finds them warm (a cold worker
spends seconds loading lexicons and the word splitter). One that was busy when a call ended early is killed; the
others wait, idle, until this process exits.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import forkserver
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Outcome(Generic[R]):
    """What one call gave: its ``value``, or ``error`` saying why there is none."""

    value: R | None = None
    error: str | None = None


def run_bounded(func: Callable[[T], R], items: Iterable[T], workers: int = 1, seconds: float | None = None,
                ahead: int = 8, warm: Callable[[], Any] | None = None,
                preload: tuple[str, ...] = ()) -> Iterator[tuple[T, Outcome[R]]]:
    """``(item, Outcome)`` for each item, in the order given; ``func`` runs in ``workers`` processes, each call
    stopped after ``seconds`` (None: no limit). ``warm`` (if given) runs in each new worker before its clock
    starts. Both must be picklable (module-level functions, or ``functools.partial`` of them). ``preload`` names
    modules the fork server imports when it starts (once per process: the first call's list counts), so that
    every worker forked from it starts warm.

    Example: for path, outcome in run_bounded(extract_record, paths, workers=2, seconds=120, warm=warm_up): ...
    """
    pool = _acquire(func, max(1, workers), warm, preload)
    pool.seconds = seconds
    try:
        yield from pool.run(iter(items), ahead * max(1, workers))
    finally:
        pool.release()


_POOLS: dict[tuple[Any, ...], _Pool] = {}
_POOLS_LOCK = threading.Lock()


def _acquire(func: Callable[[Any], Any], workers: int, warm: Callable[[], Any] | None,
             preload: tuple[str, ...]) -> _Pool:
    """The kept pool for this function, warm-up and size when it is free, else a new one (kept if none is)."""
    key = (func, warm, workers)
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None or pool.in_use:
            pool = _Pool(func, workers, None, warm, preload)
            _POOLS.setdefault(key, pool)
        pool.in_use = True
        return pool


ENV_PREFIX = "POLICYKB_"


def _settings() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}


def _serve(conn: Connection, func: Callable[[Any], Any], warm: Callable[[], Any] | None) -> None:
    """A worker's loop: call ``func`` on each item received, send back ``(True, value)`` or ``(False, reason)``."""
    if warm is not None:
        with contextlib.suppress(Exception):  # only a head start; the real call reports its own failure
            warm()
    conn.send("ready")
    while True:
        try:
            settings, item = conn.recv()
        except (EOFError, OSError):
            return
        for name in [k for k in os.environ if k.startswith(ENV_PREFIX)]:
            del os.environ[name]
        os.environ.update(settings)
        try:
            reply: tuple[bool, Any] = (True, func(item))
        except Exception as exc:  # reported for this item; the worker serves the next one
            reply = (False, f"{type(exc).__name__}: {exc}")
        conn.send(reply)


class _Worker:
    def __init__(self, context: BaseContext, func: Callable[[Any], Any], warm: Callable[[], Any] | None) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, func, warm), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.task: int | None = None
        self.seconds: float | None = None
        self.deadline = float("inf")

    def give(self, task: int, item: Any, seconds: float | None) -> None:
        self.task, self.seconds = task, seconds
        self.conn.send((_settings(), item))
        self._arm()

    def started(self) -> None:
        self.ready = True
        self._arm()

    def _arm(self) -> None:
        self.deadline = time.monotonic() + self.seconds if self.seconds and self.ready else float("inf")

    def stop(self) -> None:
        self.conn.close()
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


class _Pool:
    def __init__(self, func: Callable[[Any], Any], workers: int, seconds: float | None,
                 warm: Callable[[], Any] | None, preload: tuple[str, ...] = ()) -> None:
        self.func, self.size, self.seconds, self.warm = func, workers, seconds, warm
        self.context = _context([func.__module__, *preload])
        self.workers: list[_Worker] = []
        self.in_use = False

    def run(self, items: Iterator[Any], window: int) -> Iterator[tuple[Any, Outcome[Any]]]:
        given: dict[int, Any] = {}
        done: dict[int, Outcome[Any]] = {}
        queued: list[int] = []
        next_task = next_out = 0
        exhausted = False
        while True:
            while not exhausted and next_task - next_out < window:
                try:
                    given[next_task] = next(items)
                except StopIteration:
                    exhausted = True
                    break
                queued.append(next_task)
                next_task += 1
            self._start(queued, given)
            while next_out in done:
                yield given.pop(next_out), done.pop(next_out)
                next_out += 1
            if exhausted and next_out == next_task:
                return
            self._collect(done)

    def _start(self, queued: list[int], given: dict[int, Any]) -> None:
        while queued:
            idle = next((w for w in self.workers if w.task is None), None)
            if idle is None and len(self.workers) < self.size:
                idle = _Worker(self.context, self.func, self.warm)
                self.workers.append(idle)
            if idle is None:
                return
            task = queued.pop(0)
            idle.give(task, given[task], self.seconds)

    def _collect(self, done: dict[int, Outcome[Any]]) -> None:
        """Wait for the next reply or deadline; record what finished, failed or overran."""
        busy = [w for w in self.workers if w.task is not None]
        timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic()) if busy else None
        ready = set(wait([w.conn for w in busy], timeout=None if timeout == float("inf") else timeout))
        for worker in busy:
            assert worker.task is not None
            if worker.conn in ready and not worker.ready:
                try:
                    worker.conn.recv()
                    worker.started()
                    continue
                except (EOFError, OSError):
                    pass  # died while starting: reported below as any death
            if worker.conn in ready:
                try:
                    ok, value = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join(timeout=2)
                    code = worker.process.exitcode
                    done[worker.task] = Outcome(error=f"extraction process died (exit code {code})")
                    self._replace(worker)
                    continue
                done[worker.task] = Outcome(value=value) if ok else Outcome(error=value)
                worker.task, worker.deadline = None, float("inf")
            elif time.monotonic() >= worker.deadline:
                done[worker.task] = Outcome(error=f"took longer than {self.seconds:g} s (stopped)")
                self._replace(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.stop()
        self.workers.remove(worker)

    def release(self) -> None:
        """End a call: kill the workers still busy (their late replies would reach the next call), keep the rest."""
        for worker in [w for w in self.workers if w.task is not None or not w.process.is_alive()]:
            self._replace(worker)
        self.in_use = False


def start_server(func: Callable[[Any], Any], preload: tuple[str, ...] = ()) -> None:
    """Start the fork server for ``run_bounded(func, ..., preload=preload)`` now, without waiting for it: its
    start-up (imports, lexicons, jieba's dictionary: about a second) then overlaps the caller's own work, and the
    first worker forks from a server already warm."""
    context = _context([func.__module__, *preload])
    if context.get_start_method() == "forkserver":
        forkserver.ensure_running()


def _context(preload: list[str]) -> BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload)  # type: ignore[attr-defined]
    return context
