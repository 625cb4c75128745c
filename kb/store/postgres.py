"""The PostgreSQL store: the public methods of ``kb.store.Store`` on a PostgreSQL database shared by many.

Design choices:

- Exact types in the server (``migrations/001_initial.sql``): NUMERIC amounts and rates, DATE dates, JSONB for
  the JSON columns, BYTEA for the zlib-compressed ones. Reads give back what the SQLite store gives: amounts and
  rates as their exact decimal text, dates as ISO text, JSON decoded, text decompressed — so every caller reads
  both stores alike.
- A connection pool (``psycopg_pool``): each read borrows a connection in autocommit mode and so sees exactly
  the documents committed before it; each write is one transaction.
- Many writers: a document is keyed by its ``source`` (UNIQUE) and written with ``INSERT … ON CONFLICT (source)
  DO UPDATE``, whose row lock makes a second writer of the same source wait and then replace, never duplicate;
  jurisdictions by their unique key with ``ON CONFLICT DO NOTHING``. ``link()`` (which rewrites every relation
  target) holds an advisory lock exclusively, writes of documents hold it shared: links run one at a time
  across processes and never beside a document write (which could otherwise deadlock on relation rows).
- The schema evolves by the SQL files of ``kb/store/migrations/postgres/`` (the runner of
  ``kb.store.migrations``), applied under an advisory lock so that concurrent openers apply each file once;
  ``schema_version`` records how many have run, as in SQLite.
- Linking (``kb.store.linking.plan_links``) is the SQLite store's rules applied in this store's SQL.
- ``path`` is None: nothing is kept beside the store; search runs in the server (``kb.search.postgres_engine``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from kb.store.address import redact
from kb.store.codec import decode_offsets, encode_offsets, loads
from kb.store.linking import plan_links
from kb.store.migrations import migration_scripts, statements
from kb.store.pg_rows import dict_row
from kb.store.pg_write import document_values, put_children, put_jurisdiction
from kb.store.sqlite import Store, StoreError

MIGRATIONS: list[str] = migration_scripts("postgres")
# advisory lock keys: LINK_LOCK held exclusively by link(), shared by document writes; MIGRATION_LOCK by migrate()
LINK_LOCK = 0x706B6C01
MIGRATION_LOCK = 0x706B6D01
CONNECT_TIMEOUT_S = 5
TABLES = ("documents", "clauses", "facts", "relations", "measures", "jurisdictions")


def _configure(conn: psycopg.Connection) -> None:
    conn.execute("SET TIME ZONE 'UTC'")


def _open_error(address: str, exc: Exception) -> StoreError:
    """One line naming the address (password hidden) and what the server said."""
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    reason = re.sub(r"^connection failed: ", "", reason)
    if "password authentication failed" in reason:
        what = "wrong user name or password"
    elif "does not exist" in reason and "database" in reason:
        what = "no such database"
    elif "Connection refused" in reason or "timeout" in reason.lower() or "could not translate" in reason:
        what = "the server does not answer"
    else:
        what = "cannot connect"
    return StoreError(f"{redact(address)}: {what} ({reason})")


class PostgresStore:
    """A policykb store in a PostgreSQL database (``postgresql://user:password@host:port/dbname``).

    Example:
        with PostgresStore.open("postgresql://kb:pw@127.0.0.1:5432/kb") as store:
            print(store.count(), [d["doc_no"] for d in store.documents(city="邵阳市")])
    """

    path = None  # no file: nothing (index, cache) is kept beside this store
    dialect = "postgres"

    def __init__(self, pool: ConnectionPool, address: str) -> None:
        self.pool = pool
        self.address = redact(address)

    @classmethod
    def open(cls, address: str, *, create: bool = True, min_connections: int = 1,
             max_connections: int = 8) -> PostgresStore:
        """Connect (checking the address once, so a bad one fails at once with one clear line), migrate, and
        pool. ``create=False`` refuses a database without the policykb schema instead of creating it.

        Example: store = PostgresStore.open(os.environ["POLICYKB_DB"], create=False)
        """
        try:
            with psycopg.connect(address, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True) as probe:
                if not create and not _schema_version(probe):
                    raise StoreError(f"no policykb store in {redact(address)}; "
                                     f"run `policykb ingest PATH... --db {redact(address)}` first")
                _migrate(probe, address)
        except psycopg.OperationalError as exc:
            raise _open_error(address, exc) from exc
        except psycopg.Error as exc:
            raise StoreError(f"{redact(address)}: not a policykb store ({exc})") from exc
        pool = ConnectionPool(address, min_size=min_connections, max_size=max(max_connections, 2),
                              kwargs={"autocommit": True, "row_factory": dict_row,
                                      "connect_timeout": CONNECT_TIMEOUT_S},
                              configure=_configure, open=False, name="policykb")
        try:
            pool.open(wait=True, timeout=CONNECT_TIMEOUT_S * 2)
        except PoolTimeout as exc:
            pool.close()
            raise StoreError(f"{redact(address)}: the server does not answer (no connection within "
                             f"{CONNECT_TIMEOUT_S * 2} s)") from exc
        return cls(pool, address)

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresStore({self.address!r})"

    # -- schema ---------------------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        with self.pool.connection() as conn:
            return _schema_version(conn)

    def migrate(self) -> None:
        """Apply the ``MIGRATIONS`` not yet applied, each in its own transaction."""
        with self.pool.connection() as conn:
            _migrate(conn, self.address)

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        """One write transaction on one pooled connection (``%s`` placeholders): all of it commits or none."""
        with self.pool.connection() as conn, conn.transaction():
            yield conn

    # -- writes ---------------------------------------------------------------------------------------------

    def source_state(self, source: str) -> dict[str, Any] | None:
        """``{id, content_hash, extractor_version}`` of the document stored from ``source``, or None."""
        return self._one("SELECT id, content_hash, extractor_version FROM documents WHERE source = %s", (source,))

    def find_hash(self, content_hash: str, extractor_version: str) -> dict[str, Any] | None:
        """The document (id, source) already stored with this content and extractor version, if any."""
        return self._one("SELECT id, source FROM documents WHERE content_hash = %s AND extractor_version = %s "
                         "ORDER BY id LIMIT 1", (content_hash, extractor_version))

    def put_document(
        self,
        doc: dict[str, Any],
        *,
        source: str,
        content_hash: str,
        offsets: Sequence[int] | Sequence[Sequence[int]] | None = None,
        facts: Sequence[dict[str, Any]] | None = None,
        measures: Sequence[dict[str, Any]] | None = None,
    ) -> int:
        """Insert or replace the document stored from ``source`` in one transaction; returns its id (kept when
        the same source is written again). Arguments as ``kb.store.Store.put_document``.

        Example: doc_id = store.put_document(extract_file(p).to_dict(), source=str(p), content_hash=h)
        """
        if offsets and isinstance(offsets[0], int):
            offsets = encode_offsets(offsets)  # type: ignore[arg-type]
        values = document_values(doc, source, content_hash, offsets)
        columns = ", ".join(values)
        updates = ", ".join(f"{k} = EXCLUDED.{k}" for k in values if k != "source")
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock_shared(%s)", (LINK_LOCK,))
            doc_id = conn.execute(
                f"INSERT INTO documents ({columns}) VALUES ({', '.join(['%s'] * len(values))}) "
                f"ON CONFLICT (source) DO UPDATE SET {updates} RETURNING id",
                tuple(values.values()),
            ).fetchone()["id"]
            for table, column in (("clauses", "doc_id"), ("facts", "doc_id"), ("relations", "from_doc"),
                                  ("measures", "doc_id")):
                conn.execute(f"DELETE FROM {table} WHERE {column} = %s", (doc_id,))
            put_children(conn, doc_id, doc, facts if facts is not None else doc.get("facts") or [],
                          measures or [])
            put_jurisdiction(conn, doc.get("jurisdiction") or {})
        return int(doc_id)

    def delete_document(self, doc_id: int) -> None:
        """Remove one document and everything hanging off it; relations pointing at it become unresolved."""
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock_shared(%s)", (LINK_LOCK,))
            conn.execute("DELETE FROM relations WHERE kind = 'supersedes' AND to_doc_id = %s", (doc_id,))
            conn.execute("DELETE FROM documents WHERE id = %s", (doc_id,))

    def link(self) -> None:
        """Resolve relation targets and derive ``supersedes`` (``kb.store.linking``), one process at a time."""
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (LINK_LOCK,))
            docs = conn.execute("SELECT id, doc_no_key, title, version_date, effective_from, issue_date "
                                "FROM documents ORDER BY id").fetchall()
            relations = conn.execute("SELECT id, from_doc, to_doc_no_key, to_title, to_doc_id FROM relations "
                                     "WHERE kind != 'supersedes'").fetchall()
            plan = plan_links(docs, relations)
            with conn.cursor() as cur:
                cur.executemany("UPDATE relations SET to_doc_id = %s WHERE id = %s", plan.targets)
                cur.execute("DELETE FROM relations WHERE kind = 'supersedes'")
                cur.executemany("INSERT INTO relations (from_doc, kind, to_title, to_doc_id, extra) "
                                "VALUES (%s, 'supersedes', %s, %s, %s)", plan.supersedes)

    # -- reads ----------------------------------------------------------------------------------------------

    _SUMMARY = Store._SUMMARY

    def _all(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.pool.connection() as conn:
            return conn.execute(sql, tuple(args)).fetchall()

    def _one(self, sql: str, args: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self._all(sql, args)
        return rows[0] if rows else None

    def documents(self, *, province: str | None = None, city: str | None = None, county: str | None = None,
                  doc_type: str | None = None, issuer: str | None = None, with_doc_no: bool = False,
                  limit: int | None = None) -> list[dict[str, Any]]:
        """As ``kb.store.Store.documents``.

        Example: store.documents(city="衡阳市")
        """
        where: list[str] = ["doc_no IS NOT NULL"] if with_doc_no else []
        args: list[Any] = []
        for column, value in (("province", province), ("city", city), ("county", county),
                              ("doc_type", doc_type)):
            if value is not None:
                where.append(f"{column} = %s")
                args.append(value)
        if issuer is not None:
            where.append("issuers @> jsonb_build_array(%s::text)")
            args.append(issuer)
        sql = f"SELECT {self._SUMMARY} FROM documents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._all(sql, args)

    def places(self) -> set[tuple[str | None, str | None]]:
        """The ``(province, city)`` pairs of the documents held."""
        return {(r["province"], r["city"]) for r in self._all("SELECT DISTINCT province, city FROM documents")}

    def count(self, table: str = "documents") -> int:
        if table not in TABLES:
            raise ValueError(f"no table {table!r}")
        return self._one(f"SELECT count(*) AS n FROM {table}")["n"]  # type: ignore[index]

    def document(self, doc_id: int, *, text: bool = True, extraction: bool = True) -> dict[str, Any] | None:
        """As ``kb.store.Store.document``: every column but ``raw_offsets``, the large ones on request."""
        columns = [c for c in self._columns() if c != "raw_offsets" and (text or c != "text")
                   and (extraction or c != "extraction")]
        return self._one(f"SELECT {', '.join(columns)} FROM documents WHERE id = %s", (doc_id,))

    def _columns(self) -> list[str]:
        if not hasattr(self, "_document_columns"):
            self._document_columns = [r["column_name"] for r in self._all(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'documents' "
                "AND table_schema = current_schema() ORDER BY ordinal_position")]
        return self._document_columns

    def extraction(self, doc_id: int) -> dict[str, Any] | None:
        """The extraction as the extractor gave it (``Document.to_dict()``), text included."""
        row = self._one("SELECT text, extraction FROM documents WHERE id = %s", (doc_id,))
        if row is None:
            return None
        return {**row["extraction"], "text": row["text"]}

    def raw_offsets(self, doc_id: int) -> list[int] | None:
        """The normalized→raw offset map of one document (decoded), or None if not stored."""
        row = self._one("SELECT raw_offsets FROM documents WHERE id = %s", (doc_id,))
        if row is None or not row["raw_offsets"]:
            return None
        return decode_offsets(loads(row["raw_offsets"]))

    def clauses(self, doc_id: int) -> list[dict[str, Any]]:
        """The clause tree of one document in reading order."""
        return self._all('SELECT clause_id AS id, label, level, parent, heading, kind, start, "end" FROM clauses '
                         "WHERE doc_id = %s ORDER BY seq", (doc_id,))

    def facts(self, doc_id: int | None = None, kind: str | None = None,
              role: str | None = None) -> list[dict[str, Any]]:
        """Facts (``value`` exact text) of one document or of all, optionally of one kind / role."""
        where, args = [], []
        for column, value in (("doc_id", doc_id), ("kind", kind), ("role", role)):
            if value is not None:
                where.append(f"{column} = %s")
                args.append(value)
        sql = "SELECT * FROM facts" + (" WHERE " + " AND ".join(where) if where else "")
        # NULLS FIRST: the order SQLite gives
        return self._all(sql + " ORDER BY doc_id, start NULLS FIRST, id", args)

    def relations(self, doc_id: int | None = None, kind: str | None = None,
                  direction: str = "out") -> list[dict[str, Any]]:
        """As ``kb.store.Store.relations``."""
        where, args = [], []
        if doc_id is not None:
            if direction == "out":
                where.append("r.from_doc = %s")
                args.append(doc_id)
            elif direction == "in":
                where.append("r.to_doc_id = %s")
                args.append(doc_id)
            elif direction == "both":
                where.append("(r.from_doc = %s OR r.to_doc_id = %s)")
                args += [doc_id, doc_id]
            else:
                raise ValueError(f"direction must be out, in or both, not {direction!r}")
        if kind is not None:
            where.append("r.kind = %s")
            args.append(kind)
        sql = (
            "SELECT r.*, f.doc_no AS from_doc_no, f.title AS from_title, f.effective_from AS from_effective_from, "
            "f.issue_date AS from_issue_date, t.doc_no AS to_doc_no_held, t.title AS to_title_held "
            "FROM relations r JOIN documents f ON f.id = r.from_doc LEFT JOIN documents t ON t.id = r.to_doc_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._all(sql + " ORDER BY r.from_doc, r.start NULLS FIRST, r.id", args)
        for row in rows:
            row["to_in_corpus"] = row["to_doc_id"] is not None
        return rows

    def measures(self, topic: str | None = None, city: str | None = None, province: str | None = None,
                 doc_id: int | None = None) -> list[dict[str, Any]]:
        """Measures (amounts and rates as exact text) with their document's 文号, title and jurisdiction."""
        where, args = [], []
        for column, value in (("m.topic", topic), ("d.city", city), ("d.province", province), ("m.doc_id", doc_id)):
            if value is not None:
                where.append(f"{column} = %s")
                args.append(value)
        sql = ("SELECT m.*, d.doc_no, d.title, d.province, d.city, d.county FROM measures m "
               "JOIN documents d ON d.id = m.doc_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self._all(sql + " ORDER BY m.doc_id, m.start NULLS FIRST, m.id", args)

    def jurisdictions(self) -> list[dict[str, Any]]:
        """Province ⊃ city ⊃ county rows (``parent_id`` links them)."""
        return self._all("SELECT * FROM jurisdictions ORDER BY id")

    def sources(self) -> dict[str, int]:
        """``{source path: id}`` of every stored document."""
        return {r["source"]: r["id"] for r in self._all("SELECT id, source FROM documents")}

    # -- reads for kb.queries.references and .validity ------------------------------------------------------

    REF_COLUMNS = Store.REF_COLUMNS
    MENTION_SQL = Store.MENTION_SQL

    def has_document(self, doc_id: int) -> bool:
        return self._one("SELECT 1 AS one FROM documents WHERE id = %s", (doc_id,)) is not None

    def reference_rows(self) -> list[dict[str, Any]]:
        """As ``kb.store.sqlite.Store.reference_rows``."""
        return self._all(f"SELECT {self.REF_COLUMNS} FROM documents ORDER BY id")

    def mentions(self, doc_no_key: str | None = None) -> list[dict[str, Any]]:
        """As ``kb.store.sqlite.Store.mentions``."""
        where, args = ("r.to_doc_no_key = %s", (doc_no_key,)) if doc_no_key else ("r.to_title IS NOT NULL", ())
        return self._all(self.MENTION_SQL + where + " ORDER BY d.id", args)

    def expiring_ids(self, first: str, last: str) -> list[int]:
        """As ``kb.store.sqlite.Store.expiring_ids``."""
        rows = self._all("SELECT id FROM documents WHERE expires_on IS NOT NULL AND expires_on >= %s "
                         "AND expires_on <= %s ORDER BY expires_on, id", (first, last))
        return [r["id"] for r in rows]


def _schema_version(conn: psycopg.Connection) -> int:
    """The schema version recorded (0 in a database without the policykb schema)."""
    if not _first(conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()):
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return _first(row) or 0


def _migrate(conn: psycopg.Connection, address: str) -> None:
    """Apply the migrations not yet applied (``conn`` in autocommit mode), each in its own transaction under an
    advisory lock: a second opener waits, then finds the version recorded. A newer schema is refused."""
    for number, script in enumerate(MIGRATIONS, start=1):
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = _schema_version(conn)
            if current > len(MIGRATIONS):
                raise StoreError(f"{redact(address)}: schema version {current} is newer than this policykb knows")
            if number <= current:
                continue
            for statement in statements(script):
                conn.execute(statement.encode("utf-8"))
            conn.execute("DELETE FROM schema_version")
            conn.execute("INSERT INTO schema_version VALUES (%s)", (number,))


def _first(row: object) -> Any:
    """The first value of a row, whichever row factory made it (tuple or dict)."""
    if isinstance(row, dict):
        return next(iter(row.values()))
    return row[0]  # type: ignore[index]
