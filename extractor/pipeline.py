"""The extraction pipeline: raw text → normalized text → header → clause tree → facts → validity."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from extractor import faults
from extractor.clauses import parse_clauses
from extractor.facts import extract_facts
from extractor.header import parse_header
from extractor.limits import limits
from extractor.models import Document
from extractor.normalize import normalize
from extractor.reader import RawText, ReadError, check_chars, read_bytes, read_document
from extractor.relations import extract_relations
from extractor.timed_pool import run_bounded
from extractor.validity import compute_validity


def extract_text(raw: str, source: str = "<text>", encoding: str = "utf-8") -> Document:
    """Extract a text already read; one longer than ``POLICYKB_MAX_CHARS`` raises ``ReadError``."""
    check_chars(raw, source)
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
    faults.inject(path)
    return _extract_raw(read_document(path))


def extract_data(data: bytes, path: str | Path) -> Document:
    """Extract ``data`` exactly as ``extract_file(path)`` would the file holding it (a process that cannot read
    ``path``, such as a Dask worker on another host, is sent the bytes); raises ``ReadError`` like it."""
    faults.inject(path)
    return _extract_raw(read_bytes(data, path))


def _extract_raw(raw: RawText) -> Document:
    doc = extract_text(raw.text, source=raw.path, encoding=raw.encoding)
    doc.warnings[:0] = raw.warnings
    return doc


_WARM_UP_TEXT = (
    "邵阳市人民政府办公室\n关于促进电子商务发展的通知\n邵市政办发〔2024〕4号\n各县市区人民政府：\n"
    "一、对年网络零售额达到500万元以上的企业，给予一次性奖励10万元，补贴比例不超过30%。\n"
    "本通知自2024年3月1日起施行，有效期5年。\n邵阳市人民政府办公室\n2024年2月1日\n"
)


def warm_up() -> Document:
    """Extract a short built-in notice, so every lexicon and pattern is loaded before a timed file starts (a cold
    process spends seconds on them)."""
    return extract_text(_WARM_UP_TEXT, source="<warm-up>")


def extract_record(path: str) -> dict[str, Any]:
    """``{"doc": the contract dict}`` or ``{"error": the problem}`` for one file (runs in a worker process)."""
    try:
        return {"doc": extract_file(path).to_dict()}
    except ReadError as exc:
        return {"error": exc.problem}


def extract_bounded(paths: Iterable[str]) -> Iterator[tuple[str, dict[str, Any] | None, str | None]]:
    """``(path, the extract --json record, None)`` or ``(path, None, the problem)`` for each file, in order, each
    extracted in a worker process stopped after ``POLICYKB_MAX_SECONDS`` (``extractor.timed_pool``).

    Raises ``LimitSettingError`` (a ``ValueError``) when a ``POLICYKB_MAX_*`` setting is not a number.
    """
    seconds = limits().seconds
    for path, outcome in run_bounded(extract_record, paths, seconds=seconds, warm=warm_up,
                                     preload=("extractor.pipeline",)):
        result = outcome.value if outcome.error is None else {"error": outcome.error}
        if "error" in result:
            yield path, None, result["error"]
        else:
            yield path, result["doc"], None
