"""The search index of a store: open (rebuilt when the dictionary or synonyms changed), refresh, rebuild, search.

The index lives in ``default_index_dir(db_path)/<engine>/`` with ``policykb-index.json`` holding the dictionary
fingerprint (``kb.search.analysis.dictionary_hash``) it was built under. Engines: ``tantivy`` (default, or
``$POLICYKB_SEARCH_ENGINE``) and ``whoosh``: tantivy answers the benchmark's queries over the 3,472 laws of
lawrefbook an order of magnitude faster and indexes records split into words in the ingest's worker processes
(README, Performance).

An ingest feeds what it writes to every index of the store (``IndexFeed``) a batch at a time; a rebuild streams
the whole store into one commit, splitting words in worker processes for an engine that takes them split.

About 520 lines, kept together: the index's life cycle (open, feed, refresh, rebuild) and the search call (the
engine's page and the post-filters over ranked document ids) share the index state and its locking. What a search answers (``Hit``, ``Hits``, the page's snippets and statuses, the
文号 lookup) lives in ``kb.search.hits``, the status cache in ``kb.search.status_cache``; the engines, records,
query parsing and snippets in their own modules.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import json
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from kb.config import default_index_dir
from kb.crash_points import crash_point
from kb.search.analysis import dictionary_hash
from kb.search.docno import dated_parts
from kb.search.engine import Engine, Filters, ParsedQuery, Record
from kb.search.hits import Hit, Hits, Match, doc_no_hits, issuer_matches, status_rank, to_hit
from kb.search.query import parse_query
from kb.search.records import records_from_store
from kb.search.status_cache import StatusCache, status_cache
from kb.search.tokens import Split, split_batches, split_records

log = logging.getLogger(__name__)
T = TypeVar("T")
META = "policykb-index.json"


class EngineUnavailable(RuntimeError):
    """A selected search engine whose package is not installed."""


class IndexDamaged(RuntimeError):
    """An index that cannot be read or rebuilt where it is; the message says what to run."""


def _fatal(exc: BaseException) -> bool:
    # tantivy reports a damaged segment as a Rust panic (pyo3's PanicException derives from BaseException)
    return isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit)


def _engine_class(name: str) -> type[Engine]:
    # imported when selected (whoosh is an extra); a missing package is named, never silently skipped
    try:
        if name == "whoosh":
            from kb.search.whoosh_engine import WhooshEngine
            return WhooshEngine
        if name == "tantivy":
            from kb.search.tantivy_engine import TantivyEngine
            return TantivyEngine
    except ModuleNotFoundError as exc:
        extra = " (pip install 'policykb[whoosh]')" if name == "whoosh" else ""
        raise EngineUnavailable(f"search engine {name!r} needs the {exc.name!r} package{extra}") from exc
    raise ValueError(f"unknown search engine {name!r}; choose from {', '.join(ENGINES)}")


ENGINES = ("tantivy", "whoosh")
DEFAULT_ENGINE = "tantivy"
PARALLEL_REBUILD = 50  # documents from which a rebuild splits words in worker processes
FEED_BATCH = 50_000  # records an ingest buffers before writing them to the index (one commit each)


def default_engine() -> str:
    """``$POLICYKB_SEARCH_ENGINE``, else tantivy (whoosh where the tantivy wheel is not installed)."""
    chosen = os.environ.get("POLICYKB_SEARCH_ENGINE")
    if chosen:
        return chosen
    return DEFAULT_ENGINE if importlib.util.find_spec("tantivy") is not None else "whoosh"


class SearchIndex:
    """One engine's index in a folder, with its dictionary fingerprint.

    Example:
        ix = SearchIndex.open("data/policykb.index", store=store)
        for hit in ix.search("跨境电商 海外仓", Filters(city="衡阳"), limit=5):
            print(hit.doc_no, hit.label, hit.snippet)
    """

    def __init__(self, root: str | Path, engine: str | None = None) -> None:
        self.engine_name = engine or default_engine()
        self.root = Path(root)
        self.directory = self.root / self.engine_name
        cls = _engine_class(self.engine_name)
        meta = self._meta()
        self.stale = (meta.get("dictionary_hash") != dictionary_hash()
                      or int(meta.get("schema", 1)) != cls.schema_version or not cls.intact(self.directory))
        if self.stale and self.directory.exists():
            shutil.rmtree(self.directory)
        try:
            self.engine = cls(self.directory)
        except BaseException as exc:
            if _fatal(exc):
                raise
            log.warning("search index %s cannot be opened (%s: %s); rebuilding it from the store",
                        self.directory, type(exc).__name__, exc)
            self.engine = self._recreate(cls)
        self.lock = threading.RLock()

    def _recreate(self, cls: type[Engine]) -> Engine:
        """A fresh, empty (stale) engine in place of a damaged one."""
        self.stale = True
        shutil.rmtree(self.directory, ignore_errors=True)
        try:
            return cls(self.directory)
        except BaseException as exc:
            if _fatal(exc):
                raise
            raise IndexDamaged(f"the search index {self.directory} is damaged and cannot be recreated "
                               f"({type(exc).__name__}: {exc}); delete that folder and run "
                               f"`policykb index rebuild`") from None

    @classmethod
    def open(cls, root: str | Path, engine: str | None = None, store: Any = None) -> SearchIndex:
        """Open the index; when it is missing or built under another dictionary and ``store`` is given, rebuild it
        from the store."""
        ix = cls(root, engine)
        if ix.stale and store is not None:
            ix.rebuild(store)
        return ix

    def _meta(self) -> dict[str, Any]:
        try:
            return json.loads((self.directory / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _drop_meta(self) -> None:
        (self.directory / META).unlink(missing_ok=True)

    def _write_meta(self) -> None:
        meta = {"dictionary_hash": dictionary_hash(), "engine": self.engine_name, "schema": self.engine.schema_version}
        (self.directory / META).write_text(json.dumps(meta), encoding="utf-8")
        self.stale = False

    def index_records(self, records: Iterable[Record], splits: Iterable[Split] | None = None,
                      release: bool = True) -> int:
        """Add or replace records (by document; a document's records together) and mark the index current;
        ``release=False`` keeps the engine's writer for more batches (``IndexFeed``; release it after)."""
        with self.lock:
            n = self.engine.index(records, splits if self.engine.takes_split else None)
            self._write_meta()
            if release:
                self.engine.release()
            return n

    def rebuild(self, store: Any, workers: int | None = None) -> int:
        """Index every document of ``store`` from scratch in one commit; returns the number of records. For an
        engine that takes records split into words, ``workers`` processes split them (default: every core).

        The marker is removed first, so a rebuild that dies half-way leaves a stale index (rebuilt on next use);
        the store's outbox is emptied up to where it stood when the rebuild began."""
        with self.lock:
            self._drop_meta()
            self.stale = True
            upto = store.index_pending()[0] if hasattr(store, "index_pending") else 0
            self.engine.clear()
            crash_point("mid_rebuild")
            rows = store.documents()
            batches = (records_from_store(store, row["id"]) for row in rows)
            if self.engine.takes_split:
                workers = workers or (os.cpu_count() or 1 if len(rows) >= PARALLEL_REBUILD else 1)
                records, splits = _unzip(split_batches(batches, workers))
                n = self.engine.index(records, splits)
            else:
                n = self.engine.index(r for batch in batches for r in batch)
            self._write_meta()
            self.engine.release()
            if upto:
                store.index_done(upto)
            return n

    def refresh(self, store: Any, changed_doc_ids: Iterable[int] = (), removed_doc_ids: Iterable[int] = ()) -> int:
        """Re-index changed documents and drop removed ones (a full rebuild if the index is stale)."""
        with self.lock:
            if self.stale:
                return self.rebuild(store)
            removed = list(removed_doc_ids)
            if removed:
                self.engine.delete(removed)
            n = 0
            records: list[Record] = []
            for doc_id in changed_doc_ids:
                recs = records_from_store(store, doc_id)
                if not recs:
                    self.engine.delete([doc_id])
                records += recs
            if records:
                n = self.engine.index(records)
            self._write_meta()
            self.engine.release()
            return n

    def search(self, query: str | ParsedQuery, filters: Filters | None = None, limit: int = 20,
               store: Any = None, per_doc: bool = False) -> list[Hit]:
        """Hits for ``query`` under ``filters``, best first. With a store, each hit gets its legal ``status`` (on
        ``filters.on``, else today; ``kb.queries.validity``), and ``filters.on`` drops documents not in force then."""
        parsed = parse_query(query) if isinstance(query, str) else query
        filters = filters or Filters()
        statuses = status_cache(store) if store is not None else None
        terms = parsed.terms()
        matches, _total = self.page(parsed, filters, limit, 0, store, per_doc)
        return [to_hit(m, terms, statuses, filters.on) for m in matches]

    def page(self, parsed: ParsedQuery, filters: Filters, limit: int, offset: int = 0, store: Any = None,
             per_doc: bool = False, exclude: frozenset[int] = frozenset(),
             statuses: StatusCache | None = None, in_force_first: bool = False) -> tuple[list[Match], int]:
        """The engine's records ranked ``offset`` to ``offset + limit`` for ``parsed`` and how many there are in
        all, the documents in ``exclude`` and those not in force on ``filters.on`` left out, one per document
        with ``per_doc``: no snippet, and a status only where ordering needed it (``kb.search.hits.to_hit``
        makes the ``Hit`` of the ones shown). ``in_force_first`` (with a store): every hit ordered by its
        document's status on ``filters.on`` (else today; ``STATUS_RANK``), by relevance within a status.

        The engine filters and counts by itself: the issuer substring becomes its document filter; ``exclude``
        and the documents repealed or superseded on ``filters.on`` (``StatusCache.not_in_force``; the engine's
        date range leaves out the rest) the documents it must not return. One hit per document and the order by
        status read every hit's document id only (``Engine.ranked``), never a record's stored fields."""
        filters = _issuer_as_doc_ids(filters, store)
        in_force_first = in_force_first and store is not None
        if (filters.on is not None or in_force_first) and store is not None and statuses is None:
            statuses = status_cache(store)
        unforced = statuses.not_in_force(filters.on) if filters.on is not None and statuses is not None else ()
        if exclude or filters.not_doc_ids:
            filters = replace(filters, not_doc_ids=tuple(sorted({*filters.not_doc_ids, *exclude, *unforced})))
        elif unforced:
            filters = replace(filters, not_doc_ids=unforced)
        if not (per_doc or filters.issuer or in_force_first):
            with self.lock:
                found = self._engine_call(lambda: self.engine.search(parsed, filters, limit, offset), store)
            return [Match(eh) for eh in found], found.total
        with self.lock:
            ranked = self._engine_call(lambda: self.engine.ranked(parsed, filters), store)
        status_of: dict[int, str | None] = {}
        kept: list[int] = []
        seen: set[int] = set()
        for position, doc_id in enumerate(ranked.doc_ids):
            if per_doc and doc_id in seen:
                continue
            if in_force_first and statuses is not None and doc_id not in status_of:
                status_of[doc_id] = statuses.status(doc_id, filters.on)
            seen.add(doc_id)
            kept.append(position)
        if filters.issuer:  # no store to say which documents an issuer wrote: the records' own issuers
            kept = [i for i, eh in zip(kept, ranked.hits(kept), strict=True)
                    if issuer_matches(filters.issuer, eh.stored.get("issuers") or [])]
        if in_force_first:  # a stable sort: relevance within each status
            kept.sort(key=lambda i: status_rank(status_of.get(ranked.doc_ids[i])))
        shown = kept[max(offset, 0):max(offset, 0) + max(limit, 0)]
        return [Match(eh, status_of.get(ranked.doc_ids[i]), judged=in_force_first)
                for i, eh in zip(shown, ranked.hits(shown), strict=True)], len(kept)

    def _engine_call(self, call: Callable[[], T], store: Any) -> T:
        """The engine's answer; an index that fails to read is rebuilt from ``store`` and asked once more."""
        try:
            return call()
        except BaseException as exc:
            if _fatal(exc) or store is None or not _damage(exc):
                raise
            log.warning("search index %s cannot be read (%s); rebuilding it from the store", self.directory, exc)
            self.engine = self._recreate(type(self.engine))
            self.rebuild(store)
            return call()

    def count(self) -> int:
        return self.engine.count()

    def close(self) -> None:
        self.engine.close()


def _damage(exc: BaseException) -> bool:
    """A read error of the index's files (tantivy: a panic or "Failed to open file"), not of the query."""
    return type(exc).__name__ == "PanicException" or isinstance(exc, OSError) or "Failed to open" in str(exc)


def _unzip(pairs: Iterator[tuple[Record, Split]]) -> tuple[Iterator[Record], Iterator[Split]]:
    """Two iterators over one stream of pairs, to be consumed in step (as ``zip`` does)."""
    left, right = itertools.tee(pairs)
    return (r for r, _ in left), (s for _, s in right)


SERVER_ENGINE = "postgres"
_OPEN: dict[tuple[str, str], SearchIndex] = {}
_SERVER: dict[int, SearchIndex] = {}
_OPEN_LOCK = threading.Lock()


def in_server(store: Any) -> bool:
    """Does this store search in its server (a PostgreSQL store) rather than in a folder beside its file?"""
    return getattr(store, "dialect", "sqlite") == "postgres"


def _server_index(store: Any, engine: str | None = None) -> SearchIndex:
    if engine not in {None, SERVER_ENGINE}:
        raise ValueError(f"a PostgreSQL store searches in the server; engine {engine!r} is for SQLite stores")
    with _OPEN_LOCK:
        ix = _SERVER.get(id(store))
        if ix is None or ix.engine.store is not store:  # type: ignore[attr-defined]
            from kb.search.postgres_engine import ServerIndex  # needs psycopg, which only a server store has

            ix = _SERVER[id(store)] = ServerIndex(store)
    if ix.stale:
        ix.rebuild(store)
    return ix


def index_for(store: Any, engine: str | None = None) -> SearchIndex | None:
    """The (cached) index of a store on disk or in its server, rebuilt first if stale and caught up with the
    store's outbox; None for an in-memory store."""
    ix = _open_index(store, engine)
    if ix is not None and not in_server(store):
        _sync_quietly(store)
    return ix


def _open_index(store: Any, engine: str | None = None) -> SearchIndex | None:
    if in_server(store):
        return _server_index(store, engine)
    if not store.path or store.path == ":memory:":
        return None
    engine = engine or default_engine()
    key = (_resolved(str(store.path)), engine)
    with _OPEN_LOCK:
        ix = _OPEN.get(key)
        if ix is None or ix.stale or ix.engine_name != engine or not _still_there(ix):
            ix = _OPEN[key] = SearchIndex.open(default_index_dir(store.path), engine, store=store)
    return ix


def _sync_quietly(store: Any, statuses: StatusCache | None = None) -> None:
    """Before a search: catch up with the outbox, unless another process is writing the index right now (it
    will index what it wrote; this search reads what is committed). Skipped while the store's generation is
    the one at which its outbox was last found empty (``statuses``, the search's ``status_cache``, read it once):
    only a write, through any connection, fills it."""
    statuses = statuses or status_cache(store)
    if statuses.tracked and statuses.caught_up_at == statuses.generation:
        return
    asked_at = statuses.generation
    try:
        caught_up = sync_index(store) == 0
    except BaseException as exc:
        if _fatal(exc):
            raise
        log.info("search index not caught up before searching: %s", exc)
        return
    if caught_up and statuses.tracked:  # a sync that wrote moved the generation: the next search looks again
        statuses.caught_up_at = asked_at


@functools.lru_cache(maxsize=256)
def _resolved(path: str) -> str:
    """A store's path made absolute, once per path: ``Path.resolve`` reads every folder of it, before each search."""
    return str(Path(path).resolve())


def _still_there(ix: SearchIndex) -> bool:
    """The cached index's marker and files are still on disk (not removed or lost since it was opened)."""
    return (ix.directory / META).is_file() and type(ix.engine).intact(ix.directory)


def sync_index(store: Any, committed: Iterable[int] = ()) -> int:
    """Index what the store's outbox holds (documents written or removed whose index entries a crash, a busy
    writer or a failure left out), then empty the outbox up to there; ``committed`` are documents whose current
    version the caller has just committed to every index. Returns how many documents were caught up."""
    if not store.path or store.path == ":memory:" or not hasattr(store, "index_pending"):
        return 0
    upto, pending = store.index_pending()
    done = set(committed)
    doc_ids = [d for d in pending if d not in done]
    for ix in _indexes_of(store):
        with ix.lock:
            if ix.stale:  # a rebuild killed half-way, a lost marker or lost engine files
                ix.rebuild(store)
            elif doc_ids:
                ix.refresh(store, doc_ids)
    if upto:
        store.index_done(upto)
    return len(doc_ids)


def _indexes_of(store: Any) -> list[SearchIndex]:
    """The store's indexes to keep current: the default engine's and every other engine's built so far (a cached
    one whose marker or files went missing is opened afresh, and so found stale), or the server's own."""
    if in_server(store):
        return [_server_index(store)]
    root = default_index_dir(store.path)
    names = {default_engine()} | {name for name in ENGINES if (root / name).is_dir()}
    out = []
    for name in sorted(names):
        key = (_resolved(str(store.path)), name)
        with _OPEN_LOCK:
            ix = _OPEN.get(key)
            if ix is None or (not ix.stale and not _still_there(ix)):
                ix = _OPEN[key] = SearchIndex(root, name)
        out.append(ix)
    return out


def refresh_index(store: Any, changed_doc_ids: Iterable[int], removed_doc_ids: Iterable[int]) -> None:
    """Keep the store's indexes (every engine built so far) up to date after documents were written elsewhere."""
    if not in_server(store) and (not store.path or store.path == ":memory:"):
        return
    changed, removed = list(changed_doc_ids), list(removed_doc_ids)
    for ix in _indexes_of(store):
        ix.refresh(store, changed, removed)


class IndexFeed:
    """What an ingest writes, fed to every index of the store a batch at a time (``kb.ingest`` uses it).

    A stale index (new, or built under another dictionary) is first rebuilt from what the store already holds.
    ``takes_split`` says whether the ingest's worker processes should split records into words
    (``kb.search.tokens``); records given without splits are split here when an engine needs them.

    Example:
        feed = IndexFeed(store)
        feed.add(records_from_payload(doc_id, doc, facts, measures), splits)
        feed.close()
    """

    def __init__(self, store: Any, batch: int = FEED_BATCH) -> None:
        self.indexes = _indexes_of(store)
        for ix in self.indexes:
            if ix.stale:
                ix.rebuild(store)
        self.takes_split = any(ix.engine.takes_split for ix in self.indexes)
        self.batch = batch
        self._records: list[Record] = []
        self._splits: list[Split] = []

    def add(self, records: list[Record], splits: list[Split] | None = None) -> None:
        """Records of one document (replacing what the index held for it), with their splits if known."""
        if self.takes_split:
            self._splits += splits if splits is not None else split_records(records)
        self._records += records
        if len(self._records) >= self.batch:
            self.flush()

    def remove(self, doc_ids: Iterable[int]) -> None:
        """Drop documents from every index (after writing what is pending)."""
        ids = list(doc_ids)
        if not ids:
            return
        self.flush()
        for ix in self.indexes:
            with ix.lock:
                ix.engine.delete(ids)
                ix.engine.release()

    def flush(self) -> None:
        """Write the pending records to every index, one commit each."""
        if not self._records:
            return
        crash_point("before_index_commit")
        for ix in self.indexes:
            ix.index_records(self._records, self._splits if ix.engine.takes_split else None, release=False)
        self._records, self._splits = [], []

    def close(self) -> None:
        """Write what is pending and let go of the writers (another process may ingest next)."""
        self.flush()
        for ix in self.indexes:
            with ix.lock:
                ix.engine.release()


def index_feed(store: Any) -> IndexFeed | None:
    """An ``IndexFeed`` for a store on disk or in a server; None for an in-memory store (no index)."""
    if not in_server(store) and (not store.path or store.path == ":memory:"):
        return None
    return IndexFeed(store)


def rebuild_index(store: Any, engine: str | None = None) -> int:
    """Rebuild a store's index from scratch; returns the number of records."""
    ix = index_for(store, engine)
    if ix is None:
        raise ValueError("an in-memory store has no index on disk")
    return ix.rebuild(store)


def _issuer_as_doc_ids(filters: Filters, store: Any) -> Filters:
    """The issuer substring as the engine's document filter: the documents of ``store`` one of whose issuers
    matches (a document's records carry its issuers), within ``filters.doc_ids`` when given."""
    if not filters.issuer or store is None:
        return filters
    wanted = {row["id"] for row in store.documents() if issuer_matches(filters.issuer, list(row.get("issuers") or []))}
    if filters.doc_ids is not None:
        wanted &= set(filters.doc_ids)
    return replace(filters, issuer=None, doc_ids=tuple(sorted(wanted)))


def search(store: Any, query: str, filters: Filters | None = None, limit: int = 20, engine: str | None = None,
           per_doc: bool = False, offset: int = 0, in_force_first: bool = False) -> Hits:
    """Search a store's index (built on first use). The app and the CLI call this. ``offset`` and ``limit`` cut
    one page out of every hit; ``Hits.total`` counts them all (the engine counts; no hit outside the page is
    read). Snippets and (without ``filters.on``) statuses are worked out for the page only. A query that is a
    文号 has the documents bearing it first. ``in_force_first``: the documents in force before those not yet in
    force, of unknown status, then expired, repealed or superseded (over every hit, by document ids and the cached
    statuses; relevance within each).

    Example: search(store, "海外仓", Filters(city="衡阳市"), limit=5)[0].doc_no == "衡政发〔2024〕4号"
    """
    statuses = status_cache(store)  # one check of the store's generation per search
    ix = _open_index(store, engine)
    if ix is None:
        raise ValueError("an in-memory store has no index on disk")
    if not in_server(store):
        _sync_quietly(store, statuses)
    filters = filters or Filters()
    found = doc_no_hits(store, query, filters, statuses=statuses) if dated_parts(query.strip()) else []
    parsed = parse_query(query)
    offset, limit = max(offset, 0), max(limit, 0)
    page = found[offset:offset + limit]
    start = max(offset - len(found), 0)
    matches, total = ix.page(parsed, filters, limit - len(page), start, store=store, per_doc=per_doc,
                             exclude=frozenset(f.doc_id for f in found), statuses=statuses,
                             in_force_first=in_force_first)
    terms = parsed.terms()
    page += [to_hit(m, terms, statuses, filters.on) for m in matches]
    return Hits(page, total=len(found) + total, offset=offset)
