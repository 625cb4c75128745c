"""The SQLite store: one file holding every extracted document, its clauses, facts, relations and measures.

The writes live here (one transaction's code in one place); the reads, shared with the PostgreSQL store, in
``reads.py``; the schema in ``migrations/``, the value codec in ``codec.py``, reference linking in ``linking.py``.

Design choices:

- One embedded SQLite file (WAL mode, so readers see a consistent store while an ingest writes). Money, rates
  and every other fact value are stored as TEXT holding the exact decimal (never REAL); dates are ISO text.
- The full extraction (``Document.to_dict()``, the JSON contract) is kept in ``documents.extraction`` (without
  ``text``, which has its own column), so nothing the extractor said is lost even where no column holds it.
- Since schema 2 the three large columns are stored zlib-compressed (BLOBs): ``text`` (a third of its size on
  Chinese text), ``extraction`` (it repeats the clause and fact tables; a sixth) and ``raw_offsets`` (JSON). Every
  read goes through this module and decompresses; rows written before hold plain text and read the same. No SQL
  reads these columns' content (search has its own index).
- The map from normalized to raw offsets is stored run-length encoded (``encode_offsets``): a list of
  ``[norm_start, raw_start, length]`` runs where both offsets advance together.
- Relations keep what the text says (``to_doc_no``, ``to_title``, quote, span); ``to_doc_id`` is filled in by
  ``Store.link()`` when the target is held here, else NULL. ``supersedes`` rows are derived by ``link()`` for
  laws held in dated versions (same title, different ``version_date``): newer → the next older.
- The schema evolves by ``MIGRATIONS``: the SQL files of ``kb/store/migrations/sqlite/`` applied in order;
  ``schema_version`` records how many have run.
- Every read returns plain dicts (JSON columns decoded); no ``sqlite3.Row`` leaves this module.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kb.store.codec import (
    _dumps,
    _row,
)
from kb.store.linking import link_documents
from kb.store.migrations import migration_scripts, statements
from kb.store.reads import SqlReads
from kb.store.rows import (
    CHILD_INSERTS,
    PackedDocument,
    put_jurisdiction,
    with_doc_id,
)
from kb.store.writes import DocumentWrites

MIGRATIONS: list[str] = migration_scripts("sqlite")

class StoreError(Exception):
    """A store that cannot be opened or a write that cannot be done."""


class DuplicateText(StoreError):
    """A document whose normalized text is already stored from another source (``source`` names it)."""

    def __init__(self, source: str, doc_id: int) -> None:
        super().__init__(f"the same text is already stored from {source}")
        self.source, self.doc_id = source, doc_id


class Store(DocumentWrites, SqlReads):
    """A policykb store on one SQLite file (or ``:memory:``).

    Example:
        store = Store.open("data/policykb.sqlite")
        for doc in store.documents(city="邵阳市"):
            print(doc["doc_no"], doc["title"])
    """

    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self.lock = threading.RLock()
        conn.row_factory = _row
        conn.execute("PRAGMA foreign_keys = ON")
        self.migrate()

    @classmethod
    def open(cls, path: str | Path = ":memory:", check_same_thread: bool = True) -> Store:
        """Open (creating if needed) the store at ``path``; ``check_same_thread=False`` for Streamlit.

        Example: store = Store.open(tmp_path / "kb.sqlite")
        """
        path = str(path)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(path, check_same_thread=check_same_thread, isolation_level=None, timeout=30)
            if path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open the store ({exc})") from exc
        try:
            return cls(conn, path)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{path}: not a policykb store ({exc})") from exc

    def close(self) -> None:
        self.conn.close()

    def _all(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self.conn.execute(sql, tuple(args)).fetchall()

    def _document_column_names(self) -> list[str]:
        return [r["name"] for r in self.conn.execute("PRAGMA table_info(documents)")]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT version FROM schema_version").fetchone()
        return row["version"] if row else 0

    def migrate(self) -> None:
        """Apply the ``MIGRATIONS`` not yet applied, each in its own transaction."""
        with self.lock:
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            if self.conn.execute("SELECT count(*) AS n FROM schema_version").fetchone()["n"] == 0:
                self.conn.execute("INSERT INTO schema_version VALUES (0)")
            current = self.schema_version
            if current > len(MIGRATIONS):
                raise StoreError(f"{self.path}: schema version {current} is newer than this policykb knows")
            for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
                with self.transaction():
                    for statement in statements(script):
                        self.conn.execute(statement)
                    self.conn.execute("UPDATE schema_version SET version = ?", (number,))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    # -- writes ---------------------------------------------------------------------------------------------

    FLAG = int

    def _now(self) -> str:
        return datetime.now(UTC).isoformat(timespec="seconds")

    def _write_document(self, values: dict[str, Any], packed: PackedDocument, source: str) -> int:
        with self.transaction() as conn:
            twin = conn.execute("SELECT id, source FROM documents WHERE text_hash = ? AND source != ?",
                                (values["text_hash"], source)).fetchone()
            if twin:
                raise DuplicateText(twin["source"], twin["id"])
            values["conflict_with"] = self._conflicting(conn, packed.head, source)
            existing = conn.execute("SELECT id FROM documents WHERE source = ?", (source,)).fetchone()
            if existing:
                doc_id = existing["id"]
                self._clear_children(conn, doc_id)
                conn.execute(
                    f"UPDATE documents SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                    (*values.values(), doc_id),
                )
            else:
                cursor = conn.execute(
                    f"INSERT INTO documents ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                    tuple(values.values()),
                )
                doc_id = int(cursor.lastrowid)
            self._put_children(conn, doc_id, packed.children)
            self._put_jurisdiction(conn, packed.head["jurisdiction"])
            conn.execute("INSERT INTO index_outbox (doc_id) VALUES (?)", (doc_id,))
        return doc_id

    def _put_children(self, conn: sqlite3.Connection, doc_id: int,
                      children: dict[str, list[tuple[Any, ...]]]) -> None:
        for table, rows in children.items():
            if rows:
                conn.executemany(CHILD_INSERTS[table], with_doc_id(doc_id, rows))

    def _put_jurisdiction(self, conn: sqlite3.Connection, jur: dict[str, Any]) -> None:
        put_jurisdiction(lambda sql, args: conn.execute(sql, args).fetchall(), jur)

    def set_platform(self, said: dict[str, dict[str, Any] | None]) -> None:
        """Keep what the publishing platform said of the documents stored from each source (None: nothing)."""
        with self.transaction() as conn:
            conn.executemany("UPDATE documents SET platform = ? WHERE source = ?",
                             [(_dumps(platform), source) for source, platform in said.items()])

    def delete_document(self, doc_id: int) -> None:
        """Remove one document and everything hanging off it; relations pointing at it become unresolved."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM relations WHERE kind = 'supersedes' AND to_doc_id = ?", (doc_id,))
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            conn.execute("UPDATE documents SET conflict_with = NULL WHERE conflict_with = ?", (doc_id,))
            conn.execute("INSERT INTO index_outbox (doc_id) VALUES (?)", (doc_id,))

    def link(self) -> None:
        """Resolve relation targets to documents held here and derive ``supersedes`` (``kb.store.linking``)."""
        link_documents(self)
