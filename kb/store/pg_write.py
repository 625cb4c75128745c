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
from kb.store.codec import as_text, dumps, pack_text, packed
from kb.store.rows import CHILD_INSERTS, child_rows, put_jurisdiction
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


def put_children(conn: psycopg.Connection, doc_id: int, doc: dict[str, Any],
                 facts: Sequence[dict[str, Any]], measures: Sequence[Measure]) -> None:
    """Clauses, facts, relations and measures of one document (``kb.store.rows``), and its jurisdiction."""
    with conn.cursor() as cur:
        for table, rows in child_rows(doc_id, doc, facts, measures).items():
            cur.executemany(CHILD_INSERTS[table].replace("?", "%s"), rows)
    put_jurisdiction(lambda sql, args: _rows(conn.execute(sql.replace("?", "%s"), args)),
                     doc.get("jurisdiction") or {})


def _rows(cursor: psycopg.Cursor[Any]) -> list[Any]:
    return cursor.fetchall() if cursor.description else []
