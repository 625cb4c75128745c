"""Search records from an extraction (``Document.to_dict()``) or from the store.

One record per clause holding the clause's *own* text (its span less its sub-clauses' spans, which have their own
records), its heading and its document's fields; one ``doc`` record per document holding the text outside every
top-level clause (header, preamble, closing) — so each character of a document is indexed once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from extractor.measures import Measure
from kb.search.engine import RECORD_FIELDS, Record

_SKIP_ROLES = {"threshold"}  # a threshold (年进出口额2000万美元以上) is a condition, not what a measure gives


def _int_yuan(value: Any) -> int | None:
    try:
        return int(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _own_text(text: str, start: int, end: int, children: list[tuple[int, int]]) -> str:
    parts, cursor = [], start
    for s, e in sorted(children):
        if s > cursor:
            parts.append(text[cursor:s])
        cursor = max(cursor, e)
    if cursor < end:
        parts.append(text[cursor:end])
    return "\n".join(p.strip() for p in parts if p.strip())


def build_records(doc_id: int, doc: dict[str, Any], clauses: list[dict[str, Any]], facts: Iterable[dict[str, Any]],
                  measures: Iterable[dict[str, Any]] = ()) -> Iterator[Record]:
    """Records of one document from plain dicts (the store's rows or the extraction's lists).

    ``doc``: text, title, doc_no, issuers, province/city/county (or ``jurisdiction``), issue_date,
    effective_from, expires_on. ``clauses``: id, label, heading, parent, start/end (or ``span``).
    ``facts``: kind, role, value, currency, clause (or clause_id). ``measures``: clause_id, topic, max_amount.
    """
    text = doc.get("text") or ""
    jur = doc.get("jurisdiction") or {}
    issue_date = doc.get("issue_date")
    year = int(issue_date[:4]) if issue_date else (doc.get("doc_no_year") or (doc.get("doc_no_parts") or {}).get("year"))
    base = {
        "title": doc.get("title"), "doc_no": doc.get("doc_no"), "issuers": tuple(doc.get("issuers") or ()),
        "province": doc.get("province", jur.get("province")), "city": doc.get("city", jur.get("city")),
        "county": doc.get("county", jur.get("county")), "year": int(year) if year else None,
        "effective_from": doc.get("effective_from"), "expires_on": doc.get("expires_on"), "issue_date": issue_date,
    }

    amounts: dict[str | None, int] = {}
    for f in facts:
        if f.get("kind") != "money" or f.get("role") in _SKIP_ROLES or (f.get("currency") or "CNY") != "CNY":
            continue
        value = _int_yuan(f.get("value"))
        cid = f.get("clause", f.get("clause_id"))
        if value is not None and value > amounts.get(cid, -1):
            amounts[cid] = value
    topics: dict[str | None, set[str]] = {}
    for m in measures:
        cid = m.get("clause_id")
        if m.get("topic"):
            topics.setdefault(cid, set()).add(m["topic"])
        # only yuan: --min-amount 10万 asks for 10万元, which 10万美元 is not
        cny = (m.get("currency") or "CNY") == "CNY"
        value = _int_yuan(m.get("max_amount")) if cny and m.get("max_amount") not in (None, "") else None
        if value is not None and value > amounts.get(cid, -1):
            amounts[cid] = value

    spans: dict[str, tuple[int, int]] = {}
    for c in clauses:
        s, e = (c["start"], c["end"]) if "start" in c else tuple(c.get("span") or (None, None))
        if s is not None and e is not None:
            spans[c["id"]] = (s, e)
    children: dict[str | None, list[tuple[int, int]]] = {}
    for c in clauses:
        if c["id"] in spans:
            children.setdefault(c.get("parent"), []).append(spans[c["id"]])

    all_topics = set().union(*topics.values()) if topics else set()
    yield Record(doc_id=doc_id, kind="doc", clause=None, label=None, heading=None,
                 text=_own_text(text, 0, len(text), children.get(None, [])), topics=tuple(sorted(all_topics)),
                 max_amount=amounts.get(None), start=0, end=len(text), **base)
    for c in clauses:
        if c["id"] not in spans:
            continue
        s, e = spans[c["id"]]
        yield Record(doc_id=doc_id, kind="clause", clause=c["id"], label=c.get("label"), heading=c.get("heading"),
                     text=_own_text(text, s, e, children.get(c["id"], [])),
                     topics=tuple(sorted(topics.get(c["id"], ()))), max_amount=amounts.get(c["id"]),
                     start=s, end=e, **base)


def records_from_extraction(doc_id: int, extraction: dict[str, Any],
                            measures: Iterable[Measure] = ()) -> list[Record]:
    """Records of an ``extract_file(...).to_dict()`` (no store needed).

    Example: records_from_extraction(1, extract_file("corpus/003_a8d1c58ffad7e9cd.txt").to_dict())
    """
    return list(build_records(doc_id, extraction, extraction.get("clauses") or [], extraction.get("facts") or [],
                              measures))


def records_from_store(store: Any, doc_id: int) -> list[Record]:
    """Records of one stored document (empty when the store holds no such document)."""
    doc = store.document(doc_id, extraction=False)
    if doc is None:
        return []
    return list(build_records(doc_id, doc, store.clauses(doc_id), store.facts(doc_id, kind="money"),
                              store.measures(doc_id=doc_id)))


def records_from_payload(doc_id: int, doc: dict[str, Any], facts: Iterable[dict[str, Any]],
                         measures: Iterable[Measure] = ()) -> list[Record]:
    """Records of a document as ``kb.ingest`` writes it (the extraction, its exact facts and the derived measures):
    the same records ``records_from_store`` reads back once it is stored, without reading it back.

    Example: records_from_payload(doc_id, payload["doc"], payload["facts"], payload["measures"])
    """
    rows = [{"clause_id": m.clause, "topic": m.topic, "max_amount": m.upper_bound.value if m.upper_bound else None,
             "currency": m.upper_bound.currency if m.upper_bound else m.currency} for m in measures]
    return list(build_records(doc_id, doc, doc.get("clauses") or [], facts, rows))


def record_row(record: Record) -> tuple[Any, ...]:
    """A record's fields but its document id, as a plain tuple (what an ingest worker sends the writer).

    Example: record_from_row(record.doc_id, record_row(record)) == record
    """
    return tuple(getattr(record, name) for name in RECORD_FIELDS[1:])


def record_from_row(doc_id: int, row: tuple[Any, ...]) -> Record:
    """The record of a ``record_row`` under ``doc_id``."""
    return Record(doc_id, *row)
