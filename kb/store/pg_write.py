"""Writing one document's rows to the PostgreSQL store, as ``kb.store.sqlite.Store`` writes them (same columns,
the same JSON ``extra``), with the server's conflict handling for jurisdictions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg

from extractor.measures import Measure
from kb.store.rows import CHILD_INSERTS, child_rows, put_jurisdiction


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
