"""The SQLite store: one file holding every extracted document, its clauses, facts, relations and measures.

About 470 lines, on purpose: this is the one class whose methods are the store's reads and writes (the
``StoreReads`` protocol and the ingest's writes); the schema (``migrations/``), the value codec (``codec.py``) and
reference linking (``linking.py``) already live apart, and splitting the methods further would split one
transaction's code across files.

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

from extractor.docno import doc_no_key
from kb.store.codec import (
    _dumps,
    _loads,
    _pack_text,
    _packed,
    _row,
    _span,
    _text,
    decode_offsets,
    encode_offsets,
)
from kb.store.linking import link_documents
from kb.store.migrations import migration_scripts, statements

MIGRATIONS: list[str] = migration_scripts("sqlite")

class StoreError(Exception):
    """A store that cannot be opened or a write that cannot be done."""


class Store:
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

    def source_state(self, source: str) -> dict[str, Any] | None:
        """``{id, content_hash, extractor_version}`` of the document stored from ``source``, or None."""
        return self.conn.execute(
            "SELECT id, content_hash, extractor_version FROM documents WHERE source = ?", (source,)
        ).fetchone()

    def find_hash(self, content_hash: str, extractor_version: str) -> dict[str, Any] | None:
        """The document (id, source) already stored with this content and extractor version, if any."""
        return self.conn.execute(
            "SELECT id, source FROM documents WHERE content_hash = ? AND extractor_version = ? ORDER BY id LIMIT 1",
            (content_hash, extractor_version),
        ).fetchone()

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
        """Insert or replace the document stored from ``source`` in one transaction; returns its id.

        ``doc`` is ``Document.to_dict()``. ``facts`` may give the facts with exact values (Decimals kept as
        strings, see ``exact``); by default ``doc["facts"]`` is used. ``offsets`` is the normalized→raw map,
        plain or already run-length encoded. ``measures`` are rows from ``kb.queries.measures.derive_measures``. A
        document re-read from the same source keeps its id.

        Example: doc_id = store.put_document(extract_file(p).to_dict(), source=str(p), content_hash=h)
        """
        if offsets and isinstance(offsets[0], int):
            offsets = encode_offsets(offsets)  # type: ignore[arg-type]
        parts = doc.get("doc_no_parts") or {}
        jur = doc.get("jurisdiction") or {}
        extraction = {k: v for k, v in doc.items() if k != "text"}
        values = {
            "source": source,
            "content_hash": content_hash,
            "extractor_version": str(doc.get("extractor_version") or ""),
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "doc_no": doc.get("doc_no"),
            "doc_no_key": doc_no_key(doc.get("doc_no")),
            "doc_no_agency": parts.get("agency"),
            "doc_no_year": parts.get("year"),
            "doc_no_number": _text(parts.get("number")),
            "reg_no": doc.get("reg_no"),
            "title": doc.get("title"),
            "doc_type": doc.get("doc_type"),
            "attachment_title": doc.get("attachment_title"),
            "attachment_type": doc.get("attachment_type"),
            "issuers": _dumps(doc.get("issuers") or []),
            "province": jur.get("province"),
            "city": jur.get("city"),
            "county": jur.get("county"),
            "issue_date": doc.get("issue_date"),
            "print_date": doc.get("print_date"),
            "effective_from": doc.get("effective_from"),
            "term": doc.get("term"),
            "term_stated": None if doc.get("term_stated") is None else int(bool(doc.get("term_stated"))),
            "expires_on": doc.get("expires_on"),
            "validity_basis": _dumps(doc.get("validity_basis")),
            "version_date": doc.get("version_date"),
            "encoding": doc.get("encoding"),
            "text": _pack_text(doc.get("text") or ""),
            "raw_offsets": _packed(offsets) if offsets else None,
            "extraction": _packed(extraction),
        }
        with self.transaction() as conn:
            existing = conn.execute("SELECT id FROM documents WHERE source = ?", (source,)).fetchone()
            if existing:
                doc_id = existing["id"]
                for table, column in (("clauses", "doc_id"), ("facts", "doc_id"), ("relations", "from_doc"),
                                      ("measures", "doc_id")):
                    conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (doc_id,))
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
            self._put_children(conn, doc_id, doc, facts if facts is not None else doc.get("facts") or [],
                               measures or [])
            self._put_jurisdiction(conn, jur)
        return doc_id

    def _put_children(self, conn: sqlite3.Connection, doc_id: int, doc: dict[str, Any],
                      facts: Sequence[dict[str, Any]], measures: Sequence[dict[str, Any]]) -> None:
        conn.executemany(
            'INSERT INTO clauses (doc_id, clause_id, label, level, parent, heading, kind, start, "end", seq) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, c.get("id"), c.get("label"), c.get("level"), c.get("parent"), c.get("heading"),
              c.get("kind"), *_span(c), seq) for seq, c in enumerate(doc.get("clauses") or [])],
        )
        base = {"kind", "role", "value", "unit", "quote", "span", "start", "end", "clause"}
        conn.executemany(
            'INSERT INTO facts (doc_id, kind, role, value, unit, currency, quote, start, "end", clause_id, extra) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, f.get("kind"), f.get("role"), _text(f.get("value")), f.get("unit"), f.get("currency"),
              f.get("quote"), *_span(f), f.get("clause"),
              _dumps({k: v for k, v in f.items() if k not in base}) or "{}") for f in facts],
        )
        rows = []
        for kind in ("repeals", "cites", "amends"):
            for rel in doc.get(kind) or []:
                extra = {k: v for k, v in rel.items() if k not in {"doc_no", "title", "quote", "span"}}
                rows.append((doc_id, kind, rel.get("doc_no"), doc_no_key(rel.get("doc_no")), rel.get("title"),
                             rel.get("quote"), *_span(rel), _dumps(extra)))
        conn.executemany(
            'INSERT INTO relations (from_doc, kind, to_doc_no, to_doc_no_key, to_title, quote, start, "end", extra) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        columns = ("clause_id", "topic", "confidence", "summary", "max_amount", "currency", "rate", "thresholds",
                   "quote", "beneficiary")
        measure_rows = []
        for m in measures:
            m = dict(m)
            if "clause_id" not in m and "clause" in m:
                m["clause_id"] = m.pop("clause")
            start, end = _span(m)
            extra = {k: v for k, v in m.items() if k not in {*columns, "span", "start", "end", "extra", "id",
                                                              "doc_id"}}
            extra.update(m.get("extra") or {})
            measure_rows.append((
                doc_id, m.get("clause_id"), m.get("topic"), _text(m.get("confidence")), m.get("summary"),
                _text(m.get("max_amount")), m.get("currency"), _text(m.get("rate")), _dumps(m.get("thresholds")),
                m.get("quote"), start, end, _text(m.get("beneficiary")), _dumps(extra) or "{}",
            ))
        conn.executemany(
            "INSERT INTO measures (doc_id, clause_id, topic, confidence, summary, max_amount, currency, rate, "
            'thresholds, quote, start, "end", beneficiary, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            measure_rows,
        )

    def _put_jurisdiction(self, conn: sqlite3.Connection, jur: dict[str, Any]) -> None:
        province, city, county = jur.get("province"), jur.get("city"), jur.get("county")
        parent = None
        for level, name, key in (("province", province, (province or "", "", "")),
                                 ("city", city, (province or "", city or "", "")),
                                 ("county", county, (province or "", city or "", county or ""))):
            if not name:
                continue
            conn.execute(
                "INSERT OR IGNORE INTO jurisdictions (level, name, province, city, county, parent_id) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (level, name, *key, parent),
            )
            parent = conn.execute(
                "SELECT id FROM jurisdictions WHERE level = ? AND province = ? AND city = ? AND county = ?",
                (level, *key),
            ).fetchone()["id"]

    def delete_document(self, doc_id: int) -> None:
        """Remove one document and everything hanging off it; relations pointing at it become unresolved."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM relations WHERE kind = 'supersedes' AND to_doc_id = ?", (doc_id,))
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def link(self) -> None:
        """Resolve relation targets to documents held here and derive ``supersedes`` (``kb.store.linking``)."""
        link_documents(self)

    # -- reads ----------------------------------------------------------------------------------------------

    _SUMMARY = ("id, source, doc_no, title, doc_type, attachment_title, issuers, province, city, county, "
                "issue_date, effective_from, term, term_stated, expires_on, version_date, content_hash, "
                "extractor_version")

    def documents(self, *, province: str | None = None, city: str | None = None, county: str | None = None,
                  doc_type: str | None = None, issuer: str | None = None, with_doc_no: bool = False,
                  limit: int | None = None) -> list[dict[str, Any]]:
        """Summaries (no text, no extraction JSON) of the documents held, by id; filters match exactly;
        ``with_doc_no`` keeps only documents that have a 文号.

        Example: store.documents(city="衡阳市")
        """
        where: list[str] = ["doc_no IS NOT NULL"] if with_doc_no else []
        args: list[Any] = []
        for column, value in (("province", province), ("city", city), ("county", county),
                              ("doc_type", doc_type)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if issuer is not None:
            where.append("EXISTS (SELECT 1 FROM json_each(documents.issuers) WHERE value = ?)")
            args.append(issuer)
        sql = f"SELECT {self._SUMMARY} FROM documents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.conn.execute(sql, args).fetchall()

    def places(self) -> set[tuple[str | None, str | None]]:
        """The ``(province, city)`` pairs of the documents held.

        Example: ("湖南省", "衡阳市") in store.places()
        """
        rows = self.conn.execute("SELECT DISTINCT province, city FROM documents").fetchall()
        return {(r["province"], r["city"]) for r in rows}

    def count(self, table: str = "documents") -> int:
        if table not in {"documents", "clauses", "facts", "relations", "measures", "jurisdictions"}:
            raise ValueError(f"no table {table!r}")
        return self.conn.execute(f"SELECT count(*) AS n FROM {table}").fetchone()["n"]

    def document(self, doc_id: int, *, text: bool = True, extraction: bool = True) -> dict[str, Any] | None:
        """Every column of one document (text included, ``extraction`` decoded, ``raw_offsets`` left out),
        or None when no document has that id. ``text=False`` / ``extraction=False`` leave those out too: they are
        the large columns, decompressed and decoded on every read.

        Example: store.document(1)["doc_no"]; store.document(1, text=False, extraction=False)["effective_from"]
        """
        columns = [c for c in self._columns() if c != "raw_offsets" and (text or c != "text")
                   and (extraction or c != "extraction")]
        return self.conn.execute(f"SELECT {', '.join(columns)} FROM documents WHERE id = ?", (doc_id,)).fetchone()

    def _columns(self) -> list[str]:
        if not hasattr(self, "_document_columns"):
            self._document_columns = [r["name"] for r in self.conn.execute("PRAGMA table_info(documents)")]
        return self._document_columns

    def extraction(self, doc_id: int) -> dict[str, Any] | None:
        """The extraction as the extractor gave it (``Document.to_dict()``), text included.

        Example: store.extraction(1)["facts"][0]["quote"]
        """
        row = self.conn.execute("SELECT text, extraction FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        return {**row["extraction"], "text": row["text"]}

    def raw_offsets(self, doc_id: int) -> list[int] | None:
        """The normalized→raw offset map of one document (decoded), or None if not stored."""
        row = self.conn.execute("SELECT raw_offsets FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None or not row["raw_offsets"]:
            return None
        return decode_offsets(_loads(row["raw_offsets"]))

    def clauses(self, doc_id: int) -> list[dict[str, Any]]:
        """The clause tree of one document in reading order.

        Example: [c["label"] for c in store.clauses(1)]
        """
        return self.conn.execute(
            'SELECT clause_id AS id, label, level, parent, heading, kind, start, "end" FROM clauses '
            "WHERE doc_id = ? ORDER BY seq",
            (doc_id,),
        ).fetchall()

    def facts(self, doc_id: int | None = None, kind: str | None = None,
              role: str | None = None) -> list[dict[str, Any]]:
        """Facts (``value`` exact TEXT) of one document or of all, optionally of one kind / role.

        Example: store.facts(1, kind="responsible_unit")
        """
        where, args = [], []
        for column, value in (("doc_id", doc_id), ("kind", kind), ("role", role)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        sql = "SELECT * FROM facts" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY doc_id, start, id"
        return self.conn.execute(sql, args).fetchall()

    def relations(self, doc_id: int | None = None, kind: str | None = None,
                  direction: str = "out") -> list[dict[str, Any]]:
        """Relations from (``direction="out"``), to (``"in"``) or either way (``"both"``) a document; all when
        ``doc_id`` is None. Each row carries ``from_doc_no``/``from_title`` and ``to_in_corpus``.

        Example: store.relations(5, kind="repeals")
        """
        where, args = [], []
        if doc_id is not None:
            if direction == "out":
                where.append("r.from_doc = ?")
                args.append(doc_id)
            elif direction == "in":
                where.append("r.to_doc_id = ?")
                args.append(doc_id)
            elif direction == "both":
                where.append("(r.from_doc = ? OR r.to_doc_id = ?)")
                args += [doc_id, doc_id]
            else:
                raise ValueError(f"direction must be out, in or both, not {direction!r}")
        if kind is not None:
            where.append("r.kind = ?")
            args.append(kind)
        sql = (
            "SELECT r.*, f.doc_no AS from_doc_no, f.title AS from_title, f.effective_from AS from_effective_from, "
            "f.issue_date AS from_issue_date, t.doc_no AS to_doc_no_held, t.title AS to_title_held "
            "FROM relations r JOIN documents f ON f.id = r.from_doc LEFT JOIN documents t ON t.id = r.to_doc_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.conn.execute(sql + " ORDER BY r.from_doc, r.start, r.id", args).fetchall()
        for row in rows:
            row["to_in_corpus"] = row["to_doc_id"] is not None
        return rows

    def measures(self, topic: str | None = None, city: str | None = None, province: str | None = None,
                 doc_id: int | None = None) -> list[dict[str, Any]]:
        """Measures (amounts and rates as exact TEXT) with their document's 文号, title and jurisdiction.

        Example: store.measures(topic="海外仓", city="邵阳市")
        """
        where, args = [], []
        for column, value in (("m.topic", topic), ("d.city", city), ("d.province", province), ("m.doc_id", doc_id)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        sql = ("SELECT m.*, d.doc_no, d.title, d.province, d.city, d.county FROM measures m "
               "JOIN documents d ON d.id = m.doc_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self.conn.execute(sql + " ORDER BY m.doc_id, m.start, m.id", args).fetchall()

    def jurisdictions(self) -> list[dict[str, Any]]:
        """Province ⊃ city ⊃ county rows (``parent_id`` links them).

        Example: [j["name"] for j in store.jurisdictions() if j["level"] == "city"]
        """
        return self.conn.execute("SELECT * FROM jurisdictions ORDER BY id").fetchall()

    def sources(self) -> dict[str, int]:
        """``{source path: id}`` of every stored document."""
        return {r["source"]: r["id"] for r in self.conn.execute("SELECT id, source FROM documents").fetchall()}

    # -- reads for kb.queries.references and .validity (issue 17: no SQL outside the stores) ------------------

    REF_COLUMNS = "id, source, doc_no, doc_no_key, doc_no_agency, doc_no_year, doc_no_number, title, version_date"
    MENTION_SQL = ("SELECT r.kind, r.to_title, r.quote, d.id, d.doc_no, d.title, d.version_date FROM relations r "
                    "JOIN documents d ON d.id = r.from_doc WHERE r.kind != 'supersedes' AND ")

    def has_document(self, doc_id: int) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def reference_rows(self) -> list[dict[str, Any]]:
        """Every document's names (文号 and its parts, title, source, version date), by id."""
        return self.conn.execute(f"SELECT {self.REF_COLUMNS} FROM documents ORDER BY id").fetchall()

    def mentions(self, doc_no_key: str | None = None) -> list[dict[str, Any]]:
        """Relations (not ``supersedes``) naming the 文号 key ``doc_no_key``, or, when None, every relation naming
        a title, each with its naming document's id, 文号, title and version date, by that document."""
        where, args = ("r.to_doc_no_key = ?", (doc_no_key,)) if doc_no_key else ("r.to_title IS NOT NULL", ())
        return self.conn.execute(self.MENTION_SQL + where + " ORDER BY d.id", args).fetchall()

    def expiring_ids(self, first: str, last: str) -> list[int]:
        """Ids of the documents whose ``expires_on`` falls between the ISO days ``first`` and ``last`` (both
        included), soonest first."""
        rows = self.conn.execute("SELECT id FROM documents WHERE expires_on IS NOT NULL AND expires_on >= ? "
                                 "AND expires_on <= ? ORDER BY expires_on, id", (first, last)).fetchall()
        return [r["id"] for r in rows]
