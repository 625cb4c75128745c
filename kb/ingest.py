"""Ingest files into the store: walk, hash, extract (in parallel processes), write one document per transaction.

- The worker processes do all the per-document CPU work: extraction, the typed measures (``extractor.measures``, topics by ``kb.queries.measures``) and,
  when the store's search index takes them (tantivy), the search records and their words (``kb.search.tokens``); the
  main process only writes, in the order given, and feeds the search index a batch at a time
  (``kb.search.index_feed``), so nothing is read back from the store.

- Idempotent and incremental: a file whose content hash and extractor version match what is stored is skipped
  without being read by the extractor; a changed file or a newer extractor re-reads it (the document keeps its
  id). A file whose exact content is already stored from another path is reported as a duplicate, not stored.
- A bad file (empty, binary, undecodable, too large, or one the extractor chokes on) is reported with its path
  and reason; the batch goes on and nothing already stored is touched. So is a file that takes longer than
  ``POLICYKB_MAX_SECONDS`` (its worker is stopped, ``extractor.timed_pool``), a FIFO or device, a name that is not
  UTF-8, and a folder that cannot be listed. The document's own warnings (an impossible date, UTF-8 cut off at
  the end) are reported in ``warnings`` and the document is stored.
- One text, one row: a file whose normalized text is already stored (another encoding, another name) is a
  duplicate (``Store.put_document`` raises ``DuplicateText``; a UNIQUE index holds for concurrent ingests). A
  file repeating a stored 文号 with another text and no version between them is stored and named in
  ``conflicts``.
- ``prune=True`` drops documents whose source file is gone.
- What the publishing platform said (``kb.platform``: a folder's ``metadata.json`` or ``NAME.meta.json``) is kept
  beside each document, for every file named, whether its text changed or not.
- After writing, relation targets are resolved (``Store.link``) and the search index (when ``kb.search`` exists)
  is committed, then caught up with the store's outbox (``kb.search.sync_index``); an index that cannot be
  written is reported in ``errors``, the store stays as written and the outbox keeps the gap for next time.
- ``workers`` is capped at the cores (``worker_count``).
- Which files are taken (``find_files``, ``SUPPORTED``), their hash and the worker count live in
  ``kb.ingest_files`` and are re-exported here. What stays (about 320 lines) is one pipeline: the worker side
  (``extract_payload``) and the writing side share the payload's shape, and the index feed follows the writes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import kb.search as kb_search
from extractor import EXTRACTOR_VERSION, Document, ReadError, extract_data, extract_file
from extractor.limits import limits
from extractor.models import is_damage
from extractor.pipeline import warm_up
from extractor.timed_pool import run_bounded, start_server
from kb.crash_points import crash_point
from kb.ingest_files import SUPPORTED, content_hash, find_files, worker_count
from kb.platform import platform_metadata
from kb.queries.measures import measures_of
from kb.store import DuplicateText, Store, encode_offsets, exact
from kb.store.rows import pack_document

log = logging.getLogger(__name__)
__all__ = ["SUPPORTED", "Extraction", "IngestReport", "Progress", "content_hash", "extract_payload", "find_files",
           "ingest", "remove", "worker_count"]

AHEAD = 8  # files per worker process submitted ahead of the one being written
_PRELOAD = ("kb.ingest_preload",)  # what the workers' fork server imports: every worker starts warm

Progress = Callable[[str, str], None]
# The executor seam: ``(source, digest)`` pairs and whether to split words in, ``(source, digest, payload)`` out
# in the order given (the local process pool, or ``kb.ingest_dask`` on a Dask cluster).
Extraction = Callable[[list[tuple[str, str]], bool], Iterable[tuple[str, str, dict[str, Any]]]]


@dataclass
class IngestReport:
    """What an ingest did. ``failed`` holds ``(path, reason)`` pairs; ``duplicates`` ``(path, stored source)``;
    ``warnings`` ``(path, warning)`` for documents stored with a warning;
    ``conflicts`` ``(path, stored source)`` for a file repeating a stored 文号 with another text (stored, flagged)."""

    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)
    removed_ids: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing failed, no index error, no 文号 conflict, and no input damaged (stored, but said: exit 1)."""
        damaged = any(is_damage(warning) for _, warning in self.warnings)
        return not self.failed and not self.errors and not self.conflicts and not damaged

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """One line: ``ingested 5, unchanged 0, duplicates 0, failed 1, pruned 0``."""
        return (f"ingested {len(self.ingested)}, unchanged {len(self.unchanged)}, "
                f"duplicates {len(self.duplicates)}, failed {len(self.failed)}, pruned {len(self.pruned)}")


def extract_payload(path: str, split: bool = False, data: bytes | None = None, pack: bool = False) -> dict[str, Any]:
    """Extract one file into what the store needs: the contract dict, exact facts, run-length offsets and the
    derived measures; with ``split``, also the search records (``rows``, without a document id) and their
    words (``kb.search.tokens.split_records``), so the writer neither builds nor splits them again.
    With ``data``, those bytes are the file's content (sent to a process that cannot read ``path``).
    With ``pack``, the store's rows instead of the contract dict, facts, offsets and measures: ``packed``
    (``kb.store.rows.pack_document``: JSON and zlib done here, for ``Store.put_packed``), and the search records
    (``rows``) even without ``split``, so the writer has nothing left to serialise.

    Runs in worker processes; returns ``{"error": reason}`` instead of raising so one bad file cannot stop
    the pool.
    """
    try:
        doc = extract_file(path) if data is None else extract_data(data, path)
    except ReadError as exc:
        return {"error": exc.problem}
    except Exception as exc:  # the extractor is being written; a crash on one file must not stop the batch
        log.warning("extractor failed on %s: %s: %s", path, type(exc).__name__, exc)
        return {"error": f"extractor failed: {type(exc).__name__}: {exc}"}
    payload = _payload(doc, split, path)
    return _packed(payload, path) if pack and "error" not in payload else payload


def _packed(payload: dict[str, Any], path: str) -> dict[str, Any]:
    """The payload as ``Store.put_packed`` and the index feed take it (``extract_payload(pack=True)``)."""
    from kb.search.records import record_row, records_from_payload

    try:
        packed = pack_document(payload["doc"], payload["offsets"], payload["facts"], payload["measures"])
        rows = payload.get("rows")
        if rows is None:
            rows = [record_row(r) for r in records_from_payload(0, payload["doc"], payload["facts"],
                                                                payload["measures"])]
    except Exception as exc:  # like a crash of the extractor: this file fails, the batch goes on
        log.warning("could not pack %s for the store: %s: %s", path, type(exc).__name__, exc)
        return {"error": f"could not prepare the store's rows: {type(exc).__name__}: {exc}"}
    out = {"packed": packed, "rows": rows, "warnings": payload["warnings"]}
    if "splits" in payload:
        out["splits"] = payload["splits"]
    return out


def _payload(doc: Document, split: bool, path: str) -> dict[str, Any]:
    record = doc.to_dict()
    facts = []
    for fact, as_dict in zip(doc.facts, record["facts"], strict=True):
        facts.append({**as_dict, **exact({"value": fact.value, **fact.extra})})
    payload: dict[str, Any] = {"doc": record, "facts": facts, "offsets": encode_offsets(doc.offsets),
                               "warnings": list(doc.warnings)}
    try:
        payload["measures"] = measures_of(doc)  # typed, from the Document: no float on the way
        if split:
            payload["rows"], payload["splits"] = _split_records(payload)
    except Exception as exc:  # like a crash of the extractor: this file fails, the batch goes on
        log.warning("measures or search words failed on %s: %s: %s", path, type(exc).__name__, exc)
        return {"error": f"could not derive measures or search words: {type(exc).__name__}: {exc}"}
    return payload


def _split_records(payload: dict[str, Any]) -> tuple[list[tuple[Any, ...]], list[Any]]:
    """The document's search records as rows (``kb.search.records.record_row``: no document id yet, plain tuples
    that cross the process boundary cheaply) and their words: built once here, not again in the writer."""
    from kb.search.records import record_row, records_from_payload
    from kb.search.tokens import split_records

    records = records_from_payload(0, payload["doc"], payload["facts"], payload["measures"])
    return [record_row(r) for r in records], split_records(records)


def _extract_item(item: tuple[str, bool]) -> dict[str, Any]:
    return extract_payload(*item, pack=True)


def _warm_worker(split: bool) -> None:
    """Load the lexicons, the measures and (with ``split``) the word splitter before a worker's clock starts."""
    payload = _payload(warm_up(), split, "<warm-up>")
    if "error" not in payload:
        _packed(payload, "<warm-up>")


_WARM = {split: partial(_warm_worker, split) for split in (False, True)}  # one object each: pools are kept by it


def _extract_in_processes(todo: list[tuple[str, str]], split: bool, workers: int,
                          seconds: float | None) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(source, digest, payload)`` in the order given (so ids do not depend on which process finished first);
    a file that overruns ``seconds`` or kills its process fails with the reason (``extractor.timed_pool``)."""
    digests = dict(todo)
    outcomes = run_bounded(_extract_item, ((source, split) for source, _ in todo), workers, seconds, AHEAD,
                           warm=_WARM[split], preload=_PRELOAD)
    for (source, _), outcome in outcomes:
        payload = outcome.value if outcome.error is None else {"error": outcome.error}
        yield source, digests[source], payload


class _Index:
    """The search index side of one ingest: opened when there is something to write, fed in the writing order;
    the first failure is reported and the index left alone from then on."""

    def __init__(self, store: Store, report: IngestReport) -> None:
        self.store, self.report = store, report
        self.module = kb_search
        self.feed: Any = None
        self.failed = False
        self.fed: set[int] = set()

    def open(self) -> bool:
        """Open the feed (rebuilding a stale index from the store first); True when words should be split."""
        if self.feed is None and not self.failed:
            self._guard(lambda: setattr(self, "feed", self.module.index_feed(self.store)))
        return bool(self.feed is not None and self.feed.takes_split)

    def add(self, doc_id: int, payload: dict[str, Any]) -> None:
        if self.feed is None or self.failed:
            return
        if "rows" in payload:
            records = [self.module.record_from_row(doc_id, row) for row in payload["rows"]]
        else:
            records = self.module.records_from_payload(doc_id, payload["doc"], payload["facts"],
                                                       payload["measures"])
        self._guard(lambda: self.feed.add(records, payload.get("splits")))
        self.fed.add(doc_id)

    def remove(self, doc_ids: list[int]) -> None:
        if not doc_ids:
            return
        self.open()
        if self.feed is not None and not self.failed:
            self._guard(lambda: self.feed.remove(doc_ids))

    def close(self) -> None:
        """Commit what was fed, then catch up with the store's outbox (what an earlier crash left out)."""
        if self.feed is not None and not self.failed:
            self._guard(self.feed.close)
        if not self.failed:
            self._guard(lambda: self.module.sync_index(self.store, committed=self.fed))

    def _guard(self, step: Callable[[], Any]) -> None:
        try:
            step()
        except Exception as exc:  # the store is consistent; say the index is not
            log.warning("search index not refreshed: %s", exc)
            self.report.errors.append(f"search index not refreshed ({type(exc).__name__}: {exc}); the documents "
                                      f"stay queued for the next ingest or search")
            self.failed = True


def ingest(paths: Iterable[str | Path], store: Store, prune: bool = False, progress: Progress | None = None,
           workers: int | None = None, extraction: Extraction | None = None) -> IngestReport:
    """Ingest files and directories into ``store``; returns what happened (never raises for a bad file).

    ``progress(path, outcome)`` is called once per file (outcome: ingested, unchanged, duplicate, failed).
    ``workers`` processes extract in parallel (default and most: the number of cores), each file stopped after
    ``POLICYKB_MAX_SECONDS`` (with the limit off, ``workers=1`` extracts in this process).
    ``extraction`` replaces them (``kb.ingest_dask.cluster_extraction``: a Dask cluster's workers).

    Example: report = ingest(["corpus"], Store.open("data/policykb.sqlite")); print(report.summary())
    """
    report = IngestReport()
    files, problems = find_files(paths)
    for path, reason in problems:
        report.failed.append((path, reason))
        if progress:
            progress(path, "failed")
    todo: list[tuple[str, str]] = []
    planned: dict[str, str] = {}  # content hash → source, for duplicates within this batch
    workers, _ = worker_count(workers)
    seconds = limits().seconds
    pooled = extraction is None and (seconds is not None or workers > 1)
    for path in files:
        source = str(path)
        try:
            digest = content_hash(path)
        except OSError as exc:
            report.failed.append((source, f"cannot read: {exc.strerror or exc}"))
            if progress:
                progress(source, "failed")
            continue
        state = store.source_state(source)
        if state and state["content_hash"] == digest and state["extractor_version"] == EXTRACTOR_VERSION:
            report.unchanged.append(source)
            if progress:
                progress(source, "unchanged")
            continue
        twin = store.find_hash(digest, EXTRACTOR_VERSION)
        other = twin["source"] if twin and twin["source"] != source else planned.get(digest)
        if other and other != source:
            report.duplicates.append((source, other))
            if progress:
                progress(source, "duplicate")
            continue
        planned[digest] = source
        todo.append((source, digest))
        if pooled and len(todo) == 1:  # the workers' fork server starts while the rest is hashed
            start_server(_extract_item, _PRELOAD)

    index = _Index(store, report)
    split = index.open() if todo else False

    def write(source: str, digest: str, payload: dict[str, Any]) -> None:
        if "error" in payload:
            report.failed.append((source, payload["error"]))
            if progress:
                progress(source, "failed")
            return
        try:
            if "packed" in payload:  # the workers made the rows (``extract_payload(pack=True)``)
                doc_id = store.put_packed(payload["packed"], source=source, content_hash=digest)
            else:
                doc_id = store.put_document(payload["doc"], source=source, content_hash=digest,
                                            offsets=payload["offsets"], facts=payload["facts"],
                                            measures=payload["measures"])
        except DuplicateText as exc:  # the same text from another file or encoding (or a concurrent ingest)
            report.duplicates.append((source, exc.source))
            if progress:
                progress(source, "duplicate")
            return
        except Exception as exc:  # a failure in one document leaves the store as it was and the batch goes on
            log.warning("could not store %s: %s: %s", source, type(exc).__name__, exc)
            report.failed.append((source, f"could not store: {type(exc).__name__}: {exc}"))
            if progress:
                progress(source, "failed")
            return
        crash_point("after_store_commit")
        for other in store.conflicts(doc_id):
            report.conflicts.append((source, other["source"]))
        index.add(doc_id, payload)
        report.ingested.append(source)
        report.warnings.extend((source, warning) for warning in payload.get("warnings", []))
        report.changed_ids.append(doc_id)
        if progress:
            progress(source, "ingested")

    if extraction is not None:
        for source, digest, payload in extraction(todo, split):
            write(source, digest, payload)
    elif seconds is None and (workers <= 1 or len(todo) <= 2):
        for source, digest in todo:
            write(source, digest, extract_payload(source, split, pack=True))
    else:
        for source, digest, payload in _extract_in_processes(todo, split, min(workers, len(todo)), seconds):
            write(source, digest, payload)

    if prune:
        for source, doc_id in sorted(store.sources().items()):
            if not Path(source).exists():
                store.delete_document(doc_id)
                report.pruned.append(source)
                report.removed_ids.append(doc_id)

    # read for unchanged files too: a metadata.json or sidecar may change while the text does not
    store.set_platform({str(path): platform_metadata(path) for path in files})
    if report.changed_ids or report.removed_ids:
        store.link()
    index.remove(report.removed_ids)
    index.close()
    return report


def remove(store: Store, doc_id: int) -> None:
    """Take one document out: its row, clauses, facts, measures and edges (``Store.delete_document``), then its
    search-index entries (through the outbox, so a failure here is caught up later)."""
    store.delete_document(doc_id)
    store.link()
    kb_search.sync_index(store)
