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
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from kb.store.address import redact
from kb.store.codec import dumps
from kb.store.linking import DOCS_SQL, RELATIONS_SQL, plan_links
from kb.store.migrations import migration_scripts, statements
from kb.store.pg_rows import dict_row
from kb.store.pg_search_stats import SEARCH_LOCK, forget_search_records
from kb.store.pg_write import put_children
from kb.store.reads import SqlReads
from kb.store.rows import PackedDocument
from kb.store.sqlite import DuplicateText, StoreError
from kb.store.writes import DocumentWrites

MIGRATIONS: list[str] = migration_scripts("postgres")
# advisory lock keys: LINK_LOCK held exclusively by link(), shared by document writes; MIGRATION_LOCK by migrate()
LINK_LOCK = 0x706B6C01
MIGRATION_LOCK = 0x706B6D01
CONNECT_TIMEOUT_S = 5


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


class PostgresStore(DocumentWrites, SqlReads):
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

    MARK = "%s"

    def _now(self) -> datetime:
        return datetime.now(UTC).replace(microsecond=0)

    def _write_document(self, values: dict[str, Any], packed: PackedDocument, source: str) -> int:
        try:
            with self.pool.connection() as conn, conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock_shared(%s)", (LINK_LOCK,))
                twin = conn.execute("SELECT id, source FROM documents WHERE text_hash = %s AND source != %s",
                                    (values["text_hash"], source)).fetchone()
                if twin:
                    raise DuplicateText(twin["source"], twin["id"])
                values["conflict_with"] = self._conflicting(conn, packed.head, source)
                columns = ", ".join(values)
                updates = ", ".join(f"{k} = EXCLUDED.{k}" for k in values if k != "source")
                doc_id = conn.execute(
                    f"INSERT INTO documents ({columns}) VALUES ({', '.join(['%s'] * len(values))}) "
                    f"ON CONFLICT (source) DO UPDATE SET {updates} RETURNING id",
                    tuple(values.values()),
                ).fetchone()["id"]
                self._clear_children(conn, doc_id)
                put_children(conn, doc_id, packed)
                conn.execute("INSERT INTO index_outbox (doc_id) VALUES (%s)", (doc_id,))
        except psycopg.errors.UniqueViolation as exc:
            twin = self._one("SELECT id, source FROM documents WHERE text_hash = ? AND source != ?",
                             (values["text_hash"], source))
            if twin is None:
                raise
            raise DuplicateText(twin["source"], twin["id"]) from exc
        return int(doc_id)

    def generation(self) -> tuple[str]:
        """What changes whenever this database's content may have (``kb.search.status_cache``): the server's
        snapshot (the oldest running, the next and the running transaction ids), which only a transaction that
        writes moves on: another node's write too, whether it has committed yet or not; writes elsewhere in the
        cluster move it as well, which costs a cache its entries, never an answer."""
        with self.pool.connection() as conn:
            return (str(conn.execute("SELECT pg_current_snapshot()::text AS at").fetchone()["at"]),)

    def set_platform(self, said: dict[str, dict[str, Any] | None]) -> None:
        """Keep what the publishing platform said of the documents stored from each source (None: nothing)."""
        with self.transaction() as conn, conn.cursor() as cur:
            cur.executemany("UPDATE documents SET platform = %s WHERE source = %s",
                            [(dumps(platform), source) for source, platform in said.items()])

    def delete_document(self, doc_id: int) -> None:
        """Remove one document and everything hanging off it; relations pointing at it become unresolved."""
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock_shared(%s)", (LINK_LOCK,))
            conn.execute("DELETE FROM relations WHERE kind = 'supersedes' AND to_doc_id = %s", (doc_id,))
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SEARCH_LOCK,))
            with conn.cursor() as cur:  # its search records go by the cascade: their words leave the statistics
                forget_search_records(cur, [doc_id])
            conn.execute("DELETE FROM documents WHERE id = %s", (doc_id,))
            conn.execute("UPDATE documents SET conflict_with = NULL WHERE conflict_with = %s", (doc_id,))
            conn.execute("INSERT INTO index_outbox (doc_id) VALUES (%s)", (doc_id,))

    def link(self) -> None:
        """Resolve relation targets and derive ``supersedes`` (``kb.store.linking``), one process at a time."""
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (LINK_LOCK,))
            plan = plan_links(conn.execute(DOCS_SQL).fetchall(), conn.execute(RELATIONS_SQL).fetchall())
            with conn.cursor() as cur:
                cur.executemany("UPDATE relations SET to_doc_id = %s WHERE id = %s", plan.targets)
                cur.execute("DELETE FROM relations WHERE kind = 'supersedes'")
                cur.executemany('INSERT INTO relations (from_doc, kind, to_title, to_doc_id, quote, start, "end", '
                                "extra) VALUES (%s, 'supersedes', %s, %s, %s, %s, %s, %s)", plan.supersedes)

    # -- reads (kb.store.reads), in this dialect ---------------------------------------------------------------

    ISSUER_SQL = "issuers @> jsonb_build_array(?::text)"
    NULLS_FIRST = " NULLS FIRST"

    def _all(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.pool.connection() as conn:
            return conn.execute(sql.replace("?", "%s"), tuple(args)).fetchall()

    def _document_column_names(self) -> list[str]:
        return [r["column_name"] for r in self._all(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'documents' "
            "AND table_schema = current_schema() ORDER BY ordinal_position")]


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
