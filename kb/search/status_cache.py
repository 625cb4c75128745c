"""The legal status of a hit's document on a day, kept across searches until the store changes.

A document's status on a given day (``kb.queries.validity.status_on``) depends only on what the store holds: its
dates and the relations pointing at it. So it is kept per ``(document, day)`` and thrown away as soon as the store
may hold something else: a SQLite store's ``PRAGMA data_version`` (bumped by every other connection's commit)
and its connection's ``total_changes`` (this connection's own writes) together say so; a PostgreSQL store says
by its server's snapshot of running transactions (``PostgresStore.generation``). A store that cannot say gets a cache for one search
only. The documents by 文号 (what a 文号 query is looked up in) live as long, for the same reason: reading every
document row for each 文号 query cost 39 ms of a search over the 3,472 laws on PostgreSQL.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

T = TypeVar("T")

# with ``on``, a search leaves out a document kb.queries.validity says is not yet effective, expired (the engines'
# date range on its own dates), repealed or superseded (``not_in_force``) then; "unknown" (no effective date stated)
# stays when its issue date is on or before the day (the engines' date range)
ENDED_BY_RELATION = frozenset({"repealed", "superseded"})
MAX_ENTRIES = 200_000  # (document, day) pairs kept per store; a full cache starts afresh

_caches: weakref.WeakKeyDictionary[Any, StatusCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


class StatusCache:
    """Statuses of documents of one store, valid while the store's generation stays the same."""

    def __init__(self, store: Any, tracked: bool = True) -> None:
        self.store, self.tracked = store, tracked
        self.generation: tuple[Any, ...] | None = None
        self.statuses: dict[tuple[int, str], str | None] = {}
        self.doc_nos: Any = None  # kb.search.hits.DocNoTable
        self.targets: frozenset[int] | None = None  # documents a relation repeals or supersedes
        self.unforced: dict[str, tuple[int, ...]] = {}  # day → ``not_in_force``
        self.caught_up_at: tuple[Any, ...] | None = None  # the generation at which the index outbox was empty
        self.lock = threading.Lock()

    def by_doc_no(self, load: Callable[[], T]) -> T:
        """The store's documents by 文号 (``kb.search.hits.DocNoTable``), ``load``-ed once per generation."""
        with self.lock:
            if self.doc_nos is not None:
                return self.doc_nos
            asked_at = self.generation
        loaded = load()
        with self.lock:
            if self.tracked and self.generation == asked_at:  # not read across a change of the store
                self.doc_nos = loaded
        return loaded

    def status(self, doc_id: int, on: str | None) -> str | None:
        """The status of ``doc_id`` on ``on`` (today when None); None for a document the store does not hold."""
        # imported here: validity imports the store, which search feeds
        from kb.queries.validity import status_on

        day = on or date.today().isoformat()
        key = (doc_id, day)
        with self.lock:
            if key in self.statuses:
                return self.statuses[key]
            asked_at = self.generation
        try:
            found: str | None = status_on(self.store, doc_id, day)
        except KeyError:
            found = None
        with self.lock:
            if len(self.statuses) >= MAX_ENTRIES:
                self.statuses.clear()
            if self.generation == asked_at:  # not kept across a change of the store (another thread saw it)
                self.statuses[key] = found
        return found

    def not_in_force(self, on: str) -> tuple[int, ...]:
        """The documents repealed or superseded on ``on``: only a document some relation repeals or supersedes
        can be (``kb.queries.validity``), so only those are judged, once per day and generation. Every engine's
        ``on`` date range applies a record's own dates (not yet effective, expired), so leaving these out too
        leaves exactly the hits of documents in force (or of unknown status) on that day."""
        with self.lock:
            if on in self.unforced:
                return self.unforced[on]
            asked_at, targets = self.generation, self.targets
        if targets is None:
            targets = frozenset(r["to_doc_id"] for kind in ("repeals", "supersedes")
                                for r in self.store.relations(kind=kind) if r.get("to_doc_id") is not None)
        found = tuple(sorted(d for d in targets if self.status(d, on) in ENDED_BY_RELATION))
        with self.lock:
            if self.tracked and self.generation == asked_at:  # not kept across a change of the store
                self.targets = targets
                self.unforced[on] = found
        return found

    def check_generation(self, now: tuple[Any, ...] | None) -> None:
        """Forget every status when the store's generation is not ``now`` (checked once per search)."""
        if not self.tracked:
            return
        with self.lock:
            if now is None or now != self.generation:
                self.statuses.clear()
                self.unforced.clear()
                self.doc_nos = self.targets = None
                self.generation = now


def generation(store: Any) -> tuple[Any, ...] | None:
    """What changes whenever the store's content may have changed, or None when the store cannot say: a store's
    own ``generation()`` (PostgreSQL), else a SQLite connection's data version and changes."""
    own = getattr(store, "generation", None)
    if callable(own):
        try:
            return own()
        except Exception:  # a closed pool or a server gone: no cross-search cache
            return None
    conn = getattr(store, "conn", None)
    if conn is None or not hasattr(conn, "total_changes"):
        return None
    lock = getattr(store, "lock", None)
    try:
        if lock is not None:
            with lock:
                return _data_version(conn), int(conn.total_changes)
        return _data_version(conn), int(conn.total_changes)
    except Exception:  # a closed or foreign connection: no cross-search cache
        return None


def _data_version(conn: Any) -> int:
    row = conn.execute("PRAGMA data_version").fetchone()
    return int(next(iter(row.values())) if isinstance(row, dict) else row[0])  # the store's rows are dicts


def status_cache(store: Any) -> StatusCache:
    """The store's status cache, checked against the store's generation (one per store object, dropped with
    it); for a store that cannot say when it changed, a fresh cache for one search."""
    now = generation(store)
    if now is None:
        return StatusCache(store, tracked=False)
    with _caches_lock:
        cache = _caches.get(store)
        if cache is None:
            cache = StatusCache(store)
            try:
                _caches[store] = cache
            except TypeError:  # a store that cannot be weakly referenced: a cache for this search only
                cache.tracked = False
    cache.check_generation(now)
    return cache
