"""The store's reads (the ``StoreReads`` protocol), written once for both stores.

Each store gives ``_all(sql, args)`` (``?`` placeholders; rows as plain dicts, values as the SQLite store reads
them back) and its dialect's few differences: how an issuer is found in the JSON list, that NULLs sort first (as
SQLite does), and its column list. So a query answers alike on SQLite and on PostgreSQL, row for row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kb.store.codec import _loads, decode_offsets, measure_from_row

TABLES = ("documents", "clauses", "facts", "relations", "measures", "jurisdictions")


class SqlReads:
    """The read methods of a store over ``_all``; a subclass fills in the dialect hooks below."""

    ISSUER_SQL = "EXISTS (SELECT 1 FROM json_each(documents.issuers) WHERE value = ?)"
    NULLS_FIRST = ""  # what ORDER BY needs after a nullable column so that NULLs come first

    SUMMARY = ("id, source, doc_no, title, doc_type, attachment_title, issuers, province, city, county, "
               "issue_date, effective_from, term, term_stated, expires_on, version_date, content_hash, "
               "extractor_version, original_name, conflict_with")
    REF_COLUMNS = "id, source, doc_no, doc_no_key, doc_no_agency, doc_no_year, doc_no_number, title, version_date"
    MENTION_SQL = ('SELECT r.kind, r.to_doc_no, r.to_title, r.quote, r.start, r."end", r.extra, d.id, d.doc_no, '
                   "d.title, d.version_date, d.effective_from, d.issue_date FROM relations r "
                   "JOIN documents d ON d.id = r.from_doc WHERE r.kind != 'supersedes' AND ")

    def _all(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _document_column_names(self) -> list[str]:
        raise NotImplementedError

    def _one(self, sql: str, args: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self._all(sql, args)
        return rows[0] if rows else None

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
            where.append(self.ISSUER_SQL)
            args.append(issuer)
        sql = f"SELECT {self.SUMMARY} FROM documents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._all(sql, args)

    def places(self) -> set[tuple[str | None, str | None]]:
        """The ``(province, city)`` pairs of the documents held.

        Example: ("湖南省", "衡阳市") in store.places()
        """
        return {(r["province"], r["city"]) for r in self._all("SELECT DISTINCT province, city FROM documents")}

    def count(self, table: str = "documents") -> int:
        if table not in TABLES:
            raise ValueError(f"no table {table!r}")
        return int(self._all(f"SELECT count(*) AS n FROM {table}")[0]["n"])

    def document(self, doc_id: int, *, text: bool = True, extraction: bool = True) -> dict[str, Any] | None:
        """Every column of one document (text included, ``extraction`` decoded, ``raw_offsets`` left out),
        or None when no document has that id. ``text=False`` / ``extraction=False`` leave those out too: they are
        the large columns, decompressed and decoded on every read.

        Example: store.document(1)["doc_no"]; store.document(1, text=False, extraction=False)["effective_from"]
        """
        columns = [c for c in self._columns() if c != "raw_offsets" and (text or c != "text")
                   and (extraction or c != "extraction")]
        return self._one(f"SELECT {', '.join(columns)} FROM documents WHERE id = ?", (doc_id,))

    def _columns(self) -> list[str]:
        if not hasattr(self, "_document_columns"):
            self._document_columns = self._document_column_names()
        return self._document_columns

    def extraction(self, doc_id: int) -> dict[str, Any] | None:
        """The extraction as the extractor gave it (``Document.to_dict()``), text included.

        Example: store.extraction(1)["facts"][0]["quote"]
        """
        row = self._one("SELECT text, extraction FROM documents WHERE id = ?", (doc_id,))
        if row is None:
            return None
        return {**row["extraction"], "text": row["text"]}

    def raw_offsets(self, doc_id: int) -> list[int] | None:
        """The normalized→raw offset map of one document (decoded), or None if not stored."""
        row = self._one("SELECT raw_offsets FROM documents WHERE id = ?", (doc_id,))
        if row is None or not row["raw_offsets"]:
            return None
        return decode_offsets(_loads(row["raw_offsets"]))

    def clauses(self, doc_id: int) -> list[dict[str, Any]]:
        """The clause tree of one document in reading order.

        Example: [c["label"] for c in store.clauses(1)]
        """
        return self._all('SELECT clause_id AS id, label, level, parent, heading, kind, start, "end" FROM clauses '
                         "WHERE doc_id = ? ORDER BY seq", (doc_id,))

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
        sql = "SELECT * FROM facts" + (" WHERE " + " AND ".join(where) if where else "")
        return self._all(sql + f" ORDER BY doc_id, start{self.NULLS_FIRST}, id", args)

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
        rows = self._all(sql + f" ORDER BY r.from_doc, r.start{self.NULLS_FIRST}, r.id", args)
        for row in rows:
            row["to_in_corpus"] = row["to_doc_id"] is not None
        return rows

    def measures(self, topic: str | None = None, city: str | None = None, province: str | None = None,
                 doc_id: int | None = None) -> list[dict[str, Any]]:
        """Measures (amounts and rates as exact TEXT) with their document's 文号, title and jurisdiction; each
        row's ``measure`` is the typed ``Measure`` read back exactly.

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
        rows = self._all(sql + f" ORDER BY m.doc_id, m.start{self.NULLS_FIRST}, m.id", args)
        for row in rows:
            row["measure"] = measure_from_row(row)
        return rows

    def jurisdictions(self) -> list[dict[str, Any]]:
        """Province ⊃ city ⊃ county rows (``parent_id`` links them).

        Example: [j["name"] for j in store.jurisdictions() if j["level"] == "city"]
        """
        return self._all("SELECT * FROM jurisdictions ORDER BY id")

    def sources(self) -> dict[str, int]:
        """``{source path: id}`` of every stored document."""
        return {r["source"]: r["id"] for r in self._all("SELECT id, source FROM documents")}

    # -- reads for kb.queries.references, .validity and the ingest ------------------------------------------

    def has_document(self, doc_id: int) -> bool:
        return self._one("SELECT 1 AS one FROM documents WHERE id = ?", (doc_id,)) is not None

    def reference_rows(self) -> list[dict[str, Any]]:
        """Every document's names (文号 and its parts, title, source, version date), by id."""
        return self._all(f"SELECT {self.REF_COLUMNS} FROM documents ORDER BY id")

    def mentions(self, doc_no_key: str | None = None) -> list[dict[str, Any]]:
        """Relations (not ``supersedes``) naming the 文号 key ``doc_no_key``, or, when None, every relation naming
        a title, each with its naming document's id, 文号, title, dates and version date, by that document."""
        where, args = ("r.to_doc_no_key = ?", (doc_no_key,)) if doc_no_key else ("r.to_title IS NOT NULL", ())
        return self._all(self.MENTION_SQL + where + " ORDER BY d.id", args)

    def holders_of_doc_no(self, doc_no_key: str) -> list[dict[str, Any]]:
        """``{id, doc_no, title}`` of every document whose 文号 has this key, by id."""
        return self._all("SELECT id, doc_no, title FROM documents WHERE doc_no_key = ? ORDER BY id", (doc_no_key,))

    def expiring_ids(self, first: str, last: str) -> list[int]:
        """Ids of the documents whose ``expires_on`` falls between the ISO days ``first`` and ``last`` (both
        included), soonest first."""
        rows = self._all("SELECT id FROM documents WHERE expires_on IS NOT NULL AND expires_on >= ? "
                         "AND expires_on <= ? ORDER BY expires_on, id", (first, last))
        return [r["id"] for r in rows]

    def source_state(self, source: str) -> dict[str, Any] | None:
        """``{id, content_hash, extractor_version}`` of the document stored from ``source``, or None."""
        return self._one("SELECT id, content_hash, extractor_version FROM documents WHERE source = ?", (source,))

    def find_hash(self, content_hash: str, extractor_version: str) -> dict[str, Any] | None:
        """The document (id, source) already stored with this content and extractor version, if any."""
        return self._one("SELECT id, source FROM documents WHERE content_hash = ? AND extractor_version = ? "
                         "ORDER BY id LIMIT 1", (content_hash, extractor_version))

    def conflicts(self, doc_id: int) -> list[dict[str, Any]]:
        """The documents repeating this one's 文号 with another text (either way round)."""
        return self._all(
            "SELECT id, source, doc_no, title FROM documents WHERE id != ? AND "
            "(conflict_with = ? OR id = (SELECT conflict_with FROM documents WHERE id = ?)) ORDER BY id",
            (doc_id, doc_id, doc_id),
        )

    def index_pending(self) -> tuple[int, list[int]]:
        """``(last seq, doc ids)`` written or removed since the search index last committed them."""
        rows = self._all("SELECT seq, doc_id FROM index_outbox ORDER BY seq")
        if not rows:
            return 0, []
        return int(rows[-1]["seq"]), sorted({r["doc_id"] for r in rows})
