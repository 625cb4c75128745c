"""The rows one document is written as, the same for both stores: its clauses, facts, relations and measures
(``child_rows``), and its place in the province ⊃ city ⊃ county table (``put_jurisdiction``). SQL is written with
``?`` placeholders; the PostgreSQL store turns them into ``%s``.

``pack_document`` turns one extraction into all of its rows at once (``PackedDocument``: the ``documents`` columns,
JSON and zlib included, and the child rows without their document id), so that the ingest's worker processes do
that serialisation and the writer only runs the transaction (``DocumentWrites.put_packed``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from extractor.docno import doc_no_key
from extractor.measures import Measure
from kb.store.codec import _dumps, _text, as_text, dumps, measure_columns, pack_text, packed, span_of

CHILD_INSERTS = {
    "clauses": 'INSERT INTO clauses (doc_id, clause_id, label, level, parent, heading, kind, start, "end", seq) '
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "facts": 'INSERT INTO facts (doc_id, kind, role, value, unit, currency, quote, start, "end", clause_id, extra) '
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "relations": 'INSERT INTO relations (from_doc, kind, to_doc_no, to_doc_no_key, to_title, quote, start, "end", '
                 "extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "measures": "INSERT INTO measures (doc_id, clause_id, topic, confidence, summary, max_amount, currency, rate, "
                'thresholds, quote, start, "end", beneficiary, extra, record, clause_label, certain_amount, '
                "amount_basis, domain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
}
RELATION_KINDS = ("repeals", "cites", "amends", "replaces")
_FACT_BASE = {"kind", "role", "value", "unit", "quote", "span", "start", "end", "clause"}


def child_rows(doc: dict[str, Any], facts: Sequence[dict[str, Any]],
               measures: Sequence[Measure]) -> dict[str, list[tuple[Any, ...]]]:
    """``{table: rows}`` of one document, each row without its first column (the document id: ``with_doc_id``),
    for ``CHILD_INSERTS[table]``; facts keep their exact values as TEXT."""
    relations = []
    for kind in RELATION_KINDS:
        for rel in doc.get(kind) or []:
            extra = {k: v for k, v in rel.items() if k not in {"doc_no", "title", "quote", "span"}}
            relations.append((kind, rel.get("doc_no"), doc_no_key(rel.get("doc_no")), rel.get("title"),
                              rel.get("quote"), *span_of(rel), _dumps(extra)))
    return {
        "clauses": [(c.get("id"), c.get("label"), c.get("level"), c.get("parent"), c.get("heading"),
                     c.get("kind"), *span_of(c), seq) for seq, c in enumerate(doc.get("clauses") or [])],
        "facts": [(f.get("kind"), f.get("role"), _text(f.get("value")), f.get("unit"), f.get("currency"),
                   f.get("quote"), *span_of(f), f.get("clause"),
                   _dumps({k: v for k, v in f.items() if k not in _FACT_BASE}) or "{}") for f in facts],
        "relations": relations,
        "measures": [measure_columns(m) for m in measures],
    }


def with_doc_id(doc_id: int, rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """``child_rows``' rows of one table under their document's id (the first column of every child table)."""
    return [(doc_id, *row) for row in rows]


class PackedDocument(NamedTuple):
    """One extraction as the store writes it, made before its document id is known (in a worker process).

    ``columns``: the ``documents`` row (``document_columns``) but the four the writer gives (``source``,
    ``content_hash``, ``ingested_at``, ``original_name``), ``term_stated`` as a bool the dialect turns into its own;
    ``children``: ``child_rows``; ``head``: the few fields the write transaction reads (the 文号, version date and
    amended 文号 for the conflict check, the jurisdiction)."""

    columns: dict[str, Any]
    children: dict[str, list[tuple[Any, ...]]]
    head: dict[str, Any]


def pack_document(doc: dict[str, Any], offsets: Sequence[Sequence[int]] | None, facts: Sequence[dict[str, Any]],
                  measures: Sequence[Measure]) -> PackedDocument:
    """Everything ``put_document`` writes of ``doc`` (``Document.to_dict()``), JSON and zlib done; ``offsets``
    run-length encoded, ``facts`` with exact values, ``measures`` typed (as ``put_document`` takes them)."""
    head = {"doc_no": doc.get("doc_no"), "version_date": doc.get("version_date"),
            "amends": [{"doc_no": r.get("doc_no")} for r in doc.get("amends") or []],
            "jurisdiction": doc.get("jurisdiction") or {}}
    return PackedDocument(document_columns(doc, offsets), child_rows(doc, facts, measures), head)


def put_jurisdiction(execute: Callable[[str, tuple[Any, ...]], Any], jur: dict[str, Any]) -> None:
    """Province ⊃ city ⊃ county rows through ``execute(sql, args)`` (``?`` placeholders, returning the rows);
    a place already held, or written meanwhile by another writer, is added once."""
    province, city, county = jur.get("province"), jur.get("city"), jur.get("county")
    parent = None
    for level, name, key in (("province", province, (province or "", "", "")),
                             ("city", city, (province or "", city or "", "")),
                             ("county", county, (province or "", city or "", county or ""))):
        if not name:
            continue
        execute("INSERT INTO jurisdictions (level, name, province, city, county, parent_id) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (level, province, city, county) DO NOTHING",
                (level, name, *key, parent))
        parent = execute("SELECT id FROM jurisdictions WHERE level = ? AND province = ? AND city = ? AND county = ?",
                         (level, *key))[0]["id"]


def conflict_among(doc: dict[str, Any], same_doc_no: Sequence[dict[str, Any]]) -> int | None:
    """Of the stored documents with this document's 文号 key (``{id, version_date}``, by id), the one it conflicts
    with: another text with no version to tell them apart (distinct version dates, or this text amends that 文号
    (修订 / 修正), tell them apart)."""
    key = doc_no_key(doc.get("doc_no"))
    if not key or key in {doc_no_key(r.get("doc_no")) for r in doc.get("amends") or []}:
        return None
    for row in same_doc_no:
        if row["version_date"] and doc.get("version_date") and row["version_date"] != doc["version_date"]:
            continue
        return int(row["id"])
    return None


def text_hash(text: str) -> str:
    """SHA-256 of a normalized text: one document however its file was encoded."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# the documents columns that hold an extraction's field as it gives it (an ISO date, a string, or None)
COPIED_COLUMNS = ("doc_no", "reg_no", "title", "doc_type", "attachment_title", "attachment_type", "issue_date",
                  "print_date", "effective_from", "term", "expires_on", "version_date", "original_effective_from",
                  "encoding")


def document_columns(doc: dict[str, Any], offsets: Sequence[Sequence[int]] | None) -> dict[str, Any]:
    """The ``documents`` columns one extraction gives (column → value), for either store, without the four the
    writer adds (``document_values``); ``term_stated`` stays a bool (or None)."""
    parts = doc.get("doc_no_parts") or {}
    jur = doc.get("jurisdiction") or {}
    return {
        "extractor_version": str(doc.get("extractor_version") or ""),
        **{column: doc.get(column) for column in COPIED_COLUMNS},
        "doc_no_key": doc_no_key(doc.get("doc_no")),
        "doc_no_agency": parts.get("agency"),
        "doc_no_year": parts.get("year"),
        "doc_no_number": as_text(parts.get("number")),
        "issuers": dumps(doc.get("issuers") or []),
        "province": jur.get("province"),
        "city": jur.get("city"),
        "county": jur.get("county"),
        "term_stated": None if doc.get("term_stated") is None else bool(doc.get("term_stated")),
        "validity_basis": dumps(doc.get("validity_basis")),
        "version": dumps(doc.get("version")),
        "text": pack_text(doc.get("text") or ""),
        "raw_offsets": packed(offsets) if offsets else None,
        "extraction": packed({k: v for k, v in doc.items() if k != "text"}),
        "text_hash": text_hash(doc.get("text") or ""),
    }


def document_values(columns: dict[str, Any], source: str, content_hash: str, original_name: str | None,
                    ingested_at: Any, flag: Callable[[bool], Any]) -> dict[str, Any]:
    """The ``documents`` row (column → value) of an extraction's ``document_columns``, for either store: the two
    differ only in how they take a timestamp (``ingested_at``) and a boolean (``flag``: int for SQLite)."""
    values = {"source": source, "content_hash": content_hash, "ingested_at": ingested_at, **columns,
              "original_name": original_name}
    if values["term_stated"] is not None:
        values["term_stated"] = flag(values["term_stated"])
    return values
