"""Writing one document's rows to the PostgreSQL store, as ``kb.store.sqlite.Store`` writes them (same columns,
the same JSON ``extra``), with the server's conflict handling for jurisdictions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import psycopg

from extractor.docno import doc_no_key
from extractor.measures import Measure
from kb.store.codec import as_text, dumps, measure_columns, pack_text, packed, span_of
from kb.store.sqlite import text_hash


def document_values(doc: dict[str, Any], source: str, content_hash: str,
                    offsets: Sequence[Sequence[int]] | None, original_name: str | None) -> dict[str, Any]:
    """The ``documents`` row of one extraction, in the column order of the table."""
    parts = doc.get("doc_no_parts") or {}
    jur = doc.get("jurisdiction") or {}
    return {
        "source": source,
        "content_hash": content_hash,
        "extractor_version": str(doc.get("extractor_version") or ""),
        "ingested_at": datetime.now(UTC).replace(microsecond=0),
        "doc_no": doc.get("doc_no"),
        "doc_no_key": doc_no_key(doc.get("doc_no")),
        "doc_no_agency": parts.get("agency"),
        "doc_no_year": parts.get("year"),
        "doc_no_number": as_text(parts.get("number")),
        "reg_no": doc.get("reg_no"),
        "title": doc.get("title"),
        "doc_type": doc.get("doc_type"),
        "attachment_title": doc.get("attachment_title"),
        "attachment_type": doc.get("attachment_type"),
        "issuers": dumps(doc.get("issuers") or []),
        "province": jur.get("province"),
        "city": jur.get("city"),
        "county": jur.get("county"),
        "issue_date": doc.get("issue_date"),
        "print_date": doc.get("print_date"),
        "effective_from": doc.get("effective_from"),
        "term": doc.get("term"),
        "term_stated": None if doc.get("term_stated") is None else bool(doc.get("term_stated")),
        "expires_on": doc.get("expires_on"),
        "validity_basis": dumps(doc.get("validity_basis")),
        "version_date": doc.get("version_date"),
        "original_effective_from": doc.get("original_effective_from"),
        "version": dumps(doc.get("version")),
        "encoding": doc.get("encoding"),
        "text": pack_text(doc.get("text") or ""),
        "raw_offsets": packed(offsets) if offsets else None,
        "extraction": packed({k: v for k, v in doc.items() if k != "text"}),
        "text_hash": text_hash(doc.get("text") or ""),
        "original_name": original_name,
    }


_FACT_BASE = {"kind", "role", "value", "unit", "quote", "span", "start", "end", "clause"}


def put_children(conn: psycopg.Connection, doc_id: int, doc: dict[str, Any],
                 facts: Sequence[dict[str, Any]], measures: Sequence[Measure]) -> None:
    """Clauses, facts, relations and measures of one document, as ``kb.store.sqlite.Store`` writes them."""
    with conn.cursor() as cur:
        cur.executemany(
            'INSERT INTO clauses (doc_id, clause_id, label, level, parent, heading, kind, start, "end", seq) '
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(doc_id, c.get("id"), c.get("label"), c.get("level"), c.get("parent"), c.get("heading"),
              c.get("kind"), *span_of(c), seq) for seq, c in enumerate(doc.get("clauses") or [])],
        )
        cur.executemany(
            'INSERT INTO facts (doc_id, kind, role, value, unit, currency, quote, start, "end", clause_id, extra) '
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(doc_id, f.get("kind"), f.get("role"), as_text(f.get("value")), f.get("unit"), f.get("currency"),
              f.get("quote"), *span_of(f), f.get("clause"),
              dumps({k: v for k, v in f.items() if k not in _FACT_BASE}) or "{}") for f in facts],
        )
        rows = []
        for kind in ("repeals", "cites", "amends", "replaces"):
            for rel in doc.get(kind) or []:
                extra = {k: v for k, v in rel.items() if k not in {"doc_no", "title", "quote", "span"}}
                rows.append((doc_id, kind, rel.get("doc_no"), doc_no_key(rel.get("doc_no")), rel.get("title"),
                             rel.get("quote"), *span_of(rel), dumps(extra)))
        cur.executemany(
            'INSERT INTO relations (from_doc, kind, to_doc_no, to_doc_no_key, to_title, quote, start, "end", '
            "extra) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
        cur.executemany(
            "INSERT INTO measures (doc_id, clause_id, topic, confidence, summary, max_amount, currency, rate, "
            'thresholds, quote, start, "end", beneficiary, extra, record, clause_label, certain_amount, '
            "amount_basis, domain) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
            "%s, %s)",
            [(doc_id, *measure_columns(m)) for m in measures],
        )


def put_jurisdiction(conn: psycopg.Connection, jur: dict[str, Any]) -> None:
    """Province ⊃ city ⊃ county rows; a concurrent writer of the same place adds nothing twice."""
    province, city, county = jur.get("province"), jur.get("city"), jur.get("county")
    parent = None
    for level, name, key in (("province", province, (province or "", "", "")),
                             ("city", city, (province or "", city or "", "")),
                             ("county", county, (province or "", city or "", county or ""))):
        if not name:
            continue
        conn.execute(
            "INSERT INTO jurisdictions (level, name, province, city, county, parent_id) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (level, province, city, county) DO NOTHING",
            (level, name, *key, parent),
        )
        parent = conn.execute(
            "SELECT id FROM jurisdictions WHERE level = %s AND province = %s AND city = %s AND county = %s",
            (level, *key),
        ).fetchone()["id"]
