"""The writes both stores share: ``put_document`` (its arguments and its rows built once, ``put_packed`` for rows
packed beforehand), clearing a document's
children, the 文号 conflict, the outbox and the upload's name. Each store gives its ``transaction()``, its placeholder (``MARK``),
clock and boolean (``_now``, ``FLAG``) and ``_write_document``, the one transaction in its dialect (how it refuses
a twin and upserts the row)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from extractor.docno import doc_no_key
from extractor.measures import Measure
from kb.store.codec import encode_offsets
from kb.store.rows import PackedDocument, conflict_among, document_values, pack_document

# the rows a document owns, deleted before it is written again: (table, the column naming the document)
CHILD_TABLES = (("clauses", "doc_id"), ("facts", "doc_id"), ("relations", "from_doc"), ("measures", "doc_id"))


class DocumentWrites:
    FLAG: Callable[[bool], Any] = bool  # how the dialect stores a boolean
    MARK = "?"  # the dialect's placeholder

    def put_document(
        self,
        doc: dict[str, Any],
        *,
        source: str,
        content_hash: str,
        offsets: Sequence[int] | Sequence[Sequence[int]] | None = None,
        facts: Sequence[dict[str, Any]] | None = None,
        measures: Sequence[Measure] | None = None,
        original_name: str | None = None,
    ) -> int:
        """Insert or replace the document stored from ``source`` in one transaction; returns its id.

        ``doc`` is ``Document.to_dict()``. ``facts`` may give the facts with exact values (Decimals kept as
        strings, see ``exact``); by default ``doc["facts"]`` is used. ``offsets`` is the normalized→raw map,
        plain or already run-length encoded. ``measures`` are the typed ``Measure``s
        (``kb.queries.measures.measures_of``). A document re-read from the same source keeps its id. A text
        already stored from another source raises ``DuplicateText`` (checked inside the write transaction, and
        by a UNIQUE index: a concurrent writer of the same text gets it too). The id is queued in
        ``index_outbox`` in the same transaction (``index_pending``).

        Example: doc_id = store.put_document(extract_file(p).to_dict(), source=str(p), content_hash=h)
        """
        if offsets and isinstance(offsets[0], int):
            offsets = encode_offsets(offsets)  # type: ignore[arg-type]
        packed = pack_document(doc, offsets, facts if facts is not None else doc.get("facts") or [],  # type: ignore[arg-type]
                               measures or [])
        return self.put_packed(packed, source=source, content_hash=content_hash, original_name=original_name)

    def put_packed(self, packed: PackedDocument, *, source: str, content_hash: str,
                   original_name: str | None = None) -> int:
        """``put_document`` of rows packed beforehand (``kb.store.rows.pack_document``, run where the extraction
        is: the ingest's workers do it), in the same one transaction; returns the document's id.

        Example: doc_id = store.put_packed(pack_document(doc, offsets, facts, measures), source=s, content_hash=h)
        """
        values = document_values(packed.columns, source, content_hash, original_name, ingested_at=self._now(),
                                 flag=type(self).FLAG)
        return self._write_document(values, packed, source)

    def index_done(self, upto: int) -> None:
        """The index has committed every outbox entry up to ``upto``; later ones (another writer's) stay."""
        with self.transaction() as conn:
            conn.execute(f"DELETE FROM index_outbox WHERE seq <= {self.MARK}", (upto,))

    def set_original_name(self, doc_id: int, name: str) -> None:
        """Keep an upload's own file name (its file is stored under its content hash)."""
        with self.transaction() as conn:
            conn.execute(f"UPDATE documents SET original_name = {self.MARK} WHERE id = {self.MARK}", (name, doc_id))

    def _clear_children(self, conn: Any, doc_id: int) -> None:
        for table, column in CHILD_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE {column} = {self.MARK}", (doc_id,))

    def _conflicting(self, conn: Any, doc: dict[str, Any], source: str) -> int | None:
        """The stored document with this 文号 and another text, unless a version tells them apart (``doc``: the
        extraction or its ``PackedDocument.head``)."""
        key = doc_no_key(doc.get("doc_no"))
        if not key:
            return None
        return conflict_among(doc, conn.execute(f"SELECT id, version_date FROM documents WHERE doc_no_key = {self.MARK} "
                                                f"AND source != {self.MARK} ORDER BY id", (key, source)).fetchall())

    def transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _now(self) -> Any:
        raise NotImplementedError

    def _write_document(self, values: dict[str, Any], packed: PackedDocument, source: str) -> int:
        raise NotImplementedError
