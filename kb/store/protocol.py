"""What the queries (``kb.queries``, ``kb.search``) need of a store: the reads below and a connection for the
few queries that still run their own SQL. ``kb.store.sqlite.Store`` is one; the PostgreSQL backend will be the
second."""

from __future__ import annotations

from typing import Any, Protocol


class StoreReads(Protocol):
    """The read side of a store, as the queries call it; every row is a plain dict, values exact."""

    path: str

    def documents(self, *, province: str | None = None, city: str | None = None, county: str | None = None,
                  doc_type: str | None = None, issuer: str | None = None, with_doc_no: bool = False,
                  limit: int | None = None) -> list[dict[str, Any]]: ...

    def document(self, doc_id: int, *, text: bool = True, extraction: bool = True) -> dict[str, Any] | None: ...

    def extraction(self, doc_id: int) -> dict[str, Any] | None: ...

    def clauses(self, doc_id: int) -> list[dict[str, Any]]: ...

    def facts(self, doc_id: int | None = None, kind: str | None = None,
              role: str | None = None) -> list[dict[str, Any]]: ...

    def relations(self, doc_id: int | None = None, kind: str | None = None,
                  direction: str = "out") -> list[dict[str, Any]]: ...

    def measures(self, topic: str | None = None, city: str | None = None, province: str | None = None,
                 doc_id: int | None = None) -> list[dict[str, Any]]: ...

    def places(self) -> set[tuple[str | None, str | None]]: ...

    def jurisdictions(self) -> list[dict[str, Any]]: ...

    def count(self, table: str = "documents") -> int: ...
