"""Ingest files into the store: walk, hash, extract (in parallel processes), write one document per transaction.

- Idempotent and incremental: a file whose content hash and extractor version match what is stored is skipped
  without being read by the extractor; a changed file or a newer extractor re-reads it (the document keeps its
  id). A file whose exact content is already stored from another path is reported as a duplicate, not stored.
- A bad file (empty, binary, undecodable, or one the extractor chokes on) is reported with its path and reason;
  the batch goes on and nothing already stored is touched.
- ``prune=True`` drops documents whose source file is gone.
- After writing, relation targets are resolved (``Store.link``), and ``kb.search.refresh_index`` is called when
  that module exists.
- Walking a directory takes ``SUPPORTED`` suffixes and skips hidden files, ``_index.md``-style files (leading
  ``_``) and upper-case notes such as ``README.md`` / ``SOURCES.md``; a file named explicitly is always taken.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from extractor import EXTRACTOR_VERSION, ReadError, extract_file
from kb.store import Store, encode_offsets, exact

log = logging.getLogger(__name__)

SUPPORTED = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
_NOTE_NAME = re.compile(r"^[A-Z][A-Z0-9_-]*$")

Progress = Callable[[str, str], None]


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


def extract_payload(path: str) -> dict[str, Any]:
    """Extract one file into what the store needs: the contract dict, exact facts and run-length offsets.

    Runs in worker processes; returns ``{"error": reason}`` instead of raising so one bad file cannot stop
    the pool.
    """
    try:
        doc = extract_file(path)
    except ReadError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # the extractor is being written; a crash on one file must not stop the batch
        log.exception("extractor failed on %s", path)
        return {"error": f"extractor failed: {type(exc).__name__}: {exc}"}
    record = doc.to_dict()
    facts = []
    for fact, as_dict in zip(doc.facts, record["facts"], strict=True):
        facts.append({**as_dict, **exact({"value": fact.value, **fact.extra})})
    return {"doc": record, "facts": facts, "offsets": encode_offsets(doc.offsets)}


def _derive_measures() -> Callable[[dict[str, Any]], list[dict[str, Any]]] | None:
    try:
        module = importlib.import_module("kb.measures")
    except ModuleNotFoundError as exc:
        if exc.name != "kb.measures":
            raise
        return None
    return getattr(module, "derive_measures", None)


def _refresh_index() -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("kb.search")
    except ModuleNotFoundError as exc:
        if exc.name != "kb.search":
            raise
        return None
    return getattr(module, "refresh_index", None)


def ingest(paths: Iterable[str | Path], store: Store, prune: bool = False, progress: Progress | None = None,
           workers: int | None = None) -> IngestReport:
    """Ingest files and directories into ``store``; returns what happened (never raises for a bad file).

    ``progress(path, outcome)`` is called once per file (outcome: ingested, unchanged, duplicate, failed).
    ``workers`` processes extract in parallel (default: the number of cores; 1 extracts in this process).

    Example: report = ingest(["corpus"], Store.open("data/policykb.sqlite")); print(report.summary())
    """
    report = IngestReport()
    files, missing = find_files(paths)
    for path, reason in missing:
        report.failed.append((path, reason))
        if progress:
            progress(path, "failed")
    derive = _derive_measures()

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

    def write(source: str, digest: str, payload: dict[str, Any]) -> None:
        if "error" in payload:
            report.failed.append((source, payload["error"]))
            if progress:
                progress(source, "failed")
            return
        doc = payload["doc"]
        try:
            measures = derive(doc) if derive else []
            doc_id = store.put_document(doc, source=source, content_hash=digest, offsets=payload["offsets"],
                                        facts=payload["facts"], measures=measures)
        except Exception as exc:  # a failure in one document leaves the store as it was and the batch goes on
            log.exception("could not store %s", source)
            report.failed.append((source, f"could not store: {type(exc).__name__}: {exc}"))
            if progress:
                progress(source, "failed")
            return
        report.ingested.append(source)
        report.changed_ids.append(doc_id)
        if progress:
            progress(source, "ingested")

    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(todo) <= 2:
        for source, digest in todo:
            write(source, digest, extract_payload(source))
    else:
        with ProcessPoolExecutor(max_workers=min(workers, len(todo))) as pool:
            # written in the order given, so ids do not depend on which process finished first
            futures = [(pool.submit(extract_payload, source), source, digest) for source, digest in todo]
            for future, source, digest in futures:
                try:
                    payload = future.result()
                except Exception as exc:  # a worker that died (out of memory, killed)
                    payload = {"error": f"extraction process failed: {type(exc).__name__}: {exc}"}
                write(source, digest, payload)

    if prune:
        for source, doc_id in sorted(store.sources().items()):
            if not Path(source).exists():
                store.delete_document(doc_id)
                report.pruned.append(source)
                report.removed_ids.append(doc_id)

    if report.changed_ids or report.removed_ids:
        store.link()
    refresh = _refresh_index()
    if refresh is not None and (report.changed_ids or report.removed_ids):
        try:
            refresh(store, report.changed_ids, report.removed_ids)
        except Exception as exc:  # the store is consistent; say the index is not
            log.exception("search index refresh failed")
            report.errors.append(f"search index not refreshed: {type(exc).__name__}: {exc}")
    return report
