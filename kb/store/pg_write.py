"""Writing one document's rows to the PostgreSQL store, as ``kb.store.sqlite.Store`` writes them (same columns,
the same JSON ``extra``), with the server's conflict handling for jurisdictions.
"""

from __future__ import annotations

from typing import Any

import psycopg

from kb.store.rows import CHILD_INSERTS, PackedDocument, put_jurisdiction, with_doc_id


def put_children(conn: psycopg.Connection, doc_id: int, packed: PackedDocument) -> None:
    """Clauses, facts, relations and measures of one document (``kb.store.rows``), and its jurisdiction."""
    with conn.cursor() as cur:
        for table, rows in packed.children.items():
            if rows:
                cur.executemany(CHILD_INSERTS[table].replace("?", "%s"), with_doc_id(doc_id, rows))
    put_jurisdiction(lambda sql, args: _rows(conn.execute(sql.replace("?", "%s"), args)),
                     packed.head["jurisdiction"])


def _rows(cursor: psycopg.Cursor[Any]) -> list[Any]:
    return cursor.fetchall() if cursor.description else []
