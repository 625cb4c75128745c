"""Which files an ingest takes and how many processes extract them: the walk (``find_files``), the content hash
(``content_hash``) and the worker count (``worker_count``); ``kb.ingest`` re-exports all three.

- Walking a directory takes ``SUPPORTED`` suffixes and skips hidden files, ``_index.md``-style files (leading
  ``_``) and upper-case notes such as ``README.md`` / ``SOURCES.md``; a file named explicitly is always taken.
- A path that cannot be taken (missing, a FIFO or device, a name that is not UTF-8, a folder that cannot be
  listed) is returned with its reason, never raised.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from extractor.reader import name_problem, printable, special_kind

SUPPORTED = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
_NOTE_NAME = re.compile(r"^[A-Z][A-Z0-9_-]*$")

__all__ = ["SUPPORTED", "content_hash", "find_files", "worker_count"]


def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest (directories walked, sorted) and ``(path, reason)`` for every path that cannot be taken:
    missing, not a regular file (a FIFO, a device), a name that is not UTF-8, a folder that cannot be listed.

    Example: files, problems = find_files(["corpus"])
    """
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = _walk(path, problems)
        else:
            reason = _not_taken(path)
            if reason:
                problems.append((printable(given), reason))
                continue
            found = [path]
        for p in found:
            resolved = p.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append(resolved)
    return files, problems


def _walk(root: Path, problems: list[tuple[str, str]]) -> list[Path]:
    def unlisted(exc: OSError) -> None:
        problems.append((printable(exc.filename or root), f"cannot list folder: {exc.strerror or exc}"))

    found: list[Path] = []
    for folder, dirs, names in os.walk(root, onerror=unlisted):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
        for name in names:
            path = Path(folder, name)
            if not _walkable(path, root):
                continue
            reason = _not_taken(path)
            if reason:
                problems.append((printable(path), reason))
            else:
                found.append(path)
    return sorted(found)


def _not_taken(path: Path) -> str | None:
    """Why ``path`` cannot be ingested, None when it can (checked without opening it: a FIFO would block)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file or directory"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    kind = special_kind(mode)
    if kind:
        return f"not a regular file ({kind})"
    return name_problem(path)


def worker_count(requested: int | None) -> tuple[int, str | None]:
    """The extraction processes to start, at most the number of cores, and a note when ``requested`` was more.

    Example: worker_count(1000) == (2, "--workers 1000 capped at 2, the number of cores") on two cores
    """
    cores = os.cpu_count() or 1
    if requested is None:
        return cores, None
    if requested > cores:
        return cores, f"--workers {requested} capped at {cores}, the number of cores"
    return max(1, requested), None


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
