"""The extraction pipeline: raw text → normalized text → header → clause tree → facts → validity."""

from __future__ import annotations

from pathlib import Path

from extractor.clauses import parse_clauses
from extractor.facts import extract_facts
from extractor.header import parse_header
from extractor.models import Document
from extractor.normalize import normalize
from extractor.reader import RawText, ReadError, read_bytes, read_document
from extractor.relations import extract_relations
from extractor.validity import compute_validity


def extract_text(raw: str, source: str = "<text>", encoding: str = "utf-8") -> Document:
    mapped = normalize(raw)
    if not mapped.text.strip():
        raise ReadError(source, "no text left after removing markup")
    header = parse_header(mapped.text)
    doc = Document(
        source=source,
        raw_text=raw,
        text=mapped.text,
        offsets=mapped.offsets,
        header=header,
        encoding=encoding,
    )
    doc.clauses = parse_clauses(mapped.text, body_start=header.body_start)
    doc.facts = extract_facts(doc)
    doc.relations = extract_relations(doc)
    doc.validity = compute_validity(doc)
    return doc


def extract_file(path: str | Path) -> Document:
    """Read and extract one file; raises ``ReadError`` for a file that cannot be read."""
    return _extract_raw(read_document(path))


def extract_data(data: bytes, path: str | Path) -> Document:
    """Extract ``data`` exactly as ``extract_file(path)`` would the file holding it (a process that cannot read
    ``path``, such as a Dask worker on another host, is sent the bytes); raises ``ReadError`` like it."""
    return _extract_raw(read_bytes(data, path))


def _extract_raw(raw: RawText) -> Document:
    return extract_text(raw.text, source=raw.path, encoding=raw.encoding)
