"""Ingest files into the store: walk, hash, extract (in parallel processes), write one document per transaction.

- The worker processes do all the per-document CPU work: extraction, the derived measures (``kb.queries.measures``) and,
  when the store's search index takes them (tantivy), the records split into words (``kb.search.tokens``); the
  main process only writes, in the order given, and feeds the search index a batch at a time
  (``kb.search.index_feed``), so nothing is read back from the store.

- Idempotent and incremental: a file whose content hash and extractor version match what is stored is skipped
  without being read by the extractor; a changed file or a newer extractor re-reads it (the document keeps its
  id). A file whose exact content is already stored from another path is reported as a duplicate, not stored.
- A bad file (empty, binary, undecodable, or one the extractor chokes on) is reported with its path and reason;
  the batch goes on and nothing already stored is touched.
- ``prune=True`` drops documents whose source file is gone.
- After writing, relation targets are resolved (``Store.link``) and the search index (when ``kb.search`` exists)
  is committed; an index that cannot be written is reported in ``errors``, the store stays as written.
- Walking a directory takes ``SUPPORTED`` suffixes and skips hidden files, ``_index.md``-style files (leading
  ``_``) and upper-case notes such as ``README.md`` / ``SOURCES.md``; a file named explicitly is always taken.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import kb.search as kb_search
from extractor import EXTRACTOR_VERSION, ReadError, extract_data, extract_file
from kb.queries.measures import derive_measures
from kb.store import Store, encode_offsets, exact

log = logging.getLogger(__name__)

SUPPORTED = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
_NOTE_NAME = re.compile(r"^[A-Z][A-Z0-9_-]*$")
AHEAD = 8  # files per worker process submitted ahead of the one being written

Progress = Callable[[str, str], None]
# The executor seam: ``(source, digest)`` pairs and whether to split words in, ``(source, digest, payload)`` out
# in the order given (the local process pool, or ``kb.ingest_dask`` on a Dask cluster).
Extraction = Callable[[list[tuple[str, str]], bool], Iterable[tuple[str, str, dict[str, Any]]]]


@dataclass
class IngestReport:
    """What an ingest did. ``failed`` holds ``(path, reason)`` pairs; ``duplicates`` ``(path, stored source)``."""

    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)
    removed_ids: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.errors

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """One line: ``ingested 5, unchanged 0, duplicates 0, failed 1, pruned 0``."""
        return (f"ingested {len(self.ingested)}, unchanged {len(self.unchanged)}, "
                f"duplicates {len(self.duplicates)}, failed {len(self.failed)}, pruned {len(self.pruned)}")


def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest (directories walked, sorted) and ``(path, reason)`` for paths that do not exist.

    Example: files, missing = find_files(["corpus"])
    """
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _walkable(p, path))
        elif path.is_file():
            found = [path]
        else:
            missing.append((str(given), "no such file or directory"))
            continue
        for p in found:
            resolved = p.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append(resolved)
    return files, missing


def _walkable(path: Path, root: Path) -> bool:
    if path.suffix.lower() not in SUPPORTED:
        return False
    parts = path.relative_to(root).parts
    if any(part.startswith((".", "_")) for part in parts):
        return False
    return not _NOTE_NAME.match(path.stem)


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_payload(path: str, split: bool = False, data: bytes | None = None) -> dict[str, Any]:
    """Extract one file into what the store needs: the contract dict, exact facts, run-length offsets and the
    derived measures; with ``split``, also the search records' words (``kb.search.tokens.split_records``).
    With ``data``, those bytes are the file's content (sent to a process that cannot read ``path``).

    Runs in worker processes; returns ``{"error": reason}`` instead of raising so one bad file cannot stop
    the pool.
    """
    try:
        doc = extract_file(path) if data is None else extract_data(data, path)
    except ReadError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # the extractor is being written; a crash on one file must not stop the batch
        log.exception("extractor failed on %s", path)
        return {"error": f"extractor failed: {type(exc).__name__}: {exc}"}
    record = doc.to_dict()
    facts = []
    for fact, as_dict in zip(doc.facts, record["facts"], strict=True):
        facts.append({**as_dict, **exact({"value": fact.value, **fact.extra})})
    payload: dict[str, Any] = {"doc": record, "facts": facts, "offsets": encode_offsets(doc.offsets)}
    try:
        payload["measures"] = derive_measures(record)
        if split:
            payload["splits"] = _split_records(payload)
    except Exception as exc:  # like a crash of the extractor: this file fails, the batch goes on
        log.exception("measures or search words failed on %s", path)
        return {"error": f"could not derive measures or search words: {type(exc).__name__}: {exc}"}
    return payload


def _split_records(payload: dict[str, Any]) -> list[Any]:
    from kb.search.records import records_from_payload
    from kb.search.tokens import split_records

    return split_records(records_from_payload(0, payload["doc"], payload["facts"], payload["measures"]))


def _extract_in_processes(todo: list[tuple[str, str]], split: bool,
                          workers: int) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(source, digest, payload)`` in the order given (so ids do not depend on which process finished first),
    with at most ``AHEAD`` files per process in flight, so finished payloads never pile up in memory."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[tuple[Future[dict[str, Any]], str, str]] = deque()
        items = iter(todo)
        for source, digest in itertools.islice(items, AHEAD * workers):
            pending.append((pool.submit(extract_payload, source, split), source, digest))
        while pending:
            future, source, digest = pending.popleft()
            try:
                payload = future.result()
            except Exception as exc:  # a worker that died (out of memory, killed)
                payload = {"error": f"extraction process failed: {type(exc).__name__}: {exc}"}
            for next_source, next_digest in itertools.islice(items, 1):
                pending.append((pool.submit(extract_payload, next_source, split), next_source, next_digest))
            yield source, digest, payload


class _Index:
    """The search index side of one ingest: opened when there is something to write, fed in the writing order;
    the first failure is reported and the index left alone from then on."""

    def __init__(self, store: Store, report: IngestReport) -> None:
        self.store, self.report = store, report
        self.module = kb_search
        self.feed: Any = None
        self.failed = False

    def open(self) -> bool:
        """Open the feed (rebuilding a stale index from the store first); True when words should be split."""
        if self.feed is None and not self.failed:
            self._guard(lambda: setattr(self, "feed", self.module.index_feed(self.store)))
        return bool(self.feed is not None and self.feed.takes_split)

    def add(self, doc_id: int, payload: dict[str, Any]) -> None:
        if self.feed is None or self.failed:
            return
        records = self.module.records_from_payload(doc_id, payload["doc"], payload["facts"], payload["measures"])
        self._guard(lambda: self.feed.add(records, payload.get("splits")))

    def remove(self, doc_ids: list[int]) -> None:
        if not doc_ids:
            return
        self.open()
        if self.feed is not None and not self.failed:
            self._guard(lambda: self.feed.remove(doc_ids))

    def close(self) -> None:
        if self.feed is not None and not self.failed:
            self._guard(self.feed.close)

    def _guard(self, step: Callable[[], Any]) -> None:
        try:
            step()
        except Exception as exc:  # the store is consistent; say the index is not
            log.exception("search index not refreshed")
            self.report.errors.append(f"search index not refreshed: {type(exc).__name__}: {exc}")
            self.failed = True


def ingest(paths: Iterable[str | Path], store: Store, prune: bool = False, progress: Progress | None = None,
           workers: int | None = None, extraction: Extraction | None = None) -> IngestReport:
    """Ingest files and directories into ``store``; returns what happened (never raises for a bad file).

    ``progress(path, outcome)`` is called once per file (outcome: ingested, unchanged, duplicate, failed).
    ``workers`` processes extract in parallel (default: the number of cores; 1 extracts in this process);
    ``extraction`` replaces them (``kb.ingest_dask.cluster_extraction``: a Dask cluster's workers).

    Example: report = ingest(["corpus"], Store.open("data/policykb.sqlite")); print(report.summary())
    """
    report = IngestReport()
    files, missing = find_files(paths)
    for path, reason in missing:
        report.failed.append((path, reason))
        if progress:
            progress(path, "failed")
    todo: list[tuple[str, str]] = []
    planned: dict[str, str] = {}  # content hash → source, for duplicates within this batch
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

    index = _Index(store, report)
    split = index.open() if todo else False

    def write(source: str, digest: str, payload: dict[str, Any]) -> None:
        if "error" in payload:
            report.failed.append((source, payload["error"]))
            if progress:
                progress(source, "failed")
            return
        try:
            doc_id = store.put_document(payload["doc"], source=source, content_hash=digest,
                                        offsets=payload["offsets"], facts=payload["facts"],
                                        measures=payload["measures"])
        except Exception as exc:  # a failure in one document leaves the store as it was and the batch goes on
            log.exception("could not store %s", source)
            report.failed.append((source, f"could not store: {type(exc).__name__}: {exc}"))
            if progress:
                progress(source, "failed")
            return
        index.add(doc_id, payload)
        report.ingested.append(source)
        report.changed_ids.append(doc_id)
        if progress:
            progress(source, "ingested")

    workers = workers or os.cpu_count() or 1
    if extraction is not None:
        for source, digest, payload in extraction(todo, split):
            write(source, digest, payload)
    elif workers <= 1 or len(todo) <= 2:
        for source, digest in todo:
            write(source, digest, extract_payload(source, split))
    else:
        for source, digest, payload in _extract_in_processes(todo, split, min(workers, len(todo))):
            write(source, digest, payload)

    if prune:
        for source, doc_id in sorted(store.sources().items()):
            if not Path(source).exists():
                store.delete_document(doc_id)
                report.pruned.append(source)
                report.removed_ids.append(doc_id)

    if report.changed_ids or report.removed_ids:
        store.link()
    index.remove(report.removed_ids)
    index.close()
    return report
