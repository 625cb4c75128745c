"""Copying a whole store into another, empty one (SQLite → PostgreSQL and back): every document written again
from what the source holds (its extraction, facts with their exact values, measures, offset map), then linked, and
every table's count checked against the source. Measures are copied as the typed ``Measure`` each row reads back
(a row written before schema 4 has none, and shows as a count mismatch)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kb.store.sqlite import StoreError

TABLES = ("documents", "clauses", "facts", "relations", "measures", "jurisdictions")
_FACT_COLUMNS = {"id", "doc_id", "kind", "role", "value", "unit", "currency", "quote", "start", "end", "clause_id",
                 "extra"}


@dataclass(frozen=True, slots=True)
class CopyReport:
    """Rows per table in the source and in the copy."""

    counts: dict[str, tuple[int, int]]

    @property
    def ok(self) -> bool:
        return all(source == copy for source, copy in self.counts.values())

    def lines(self) -> list[str]:
        return [f"{table:<14}{source:>8}{copy:>8}{'' if source == copy else '  MISMATCH'}"
                for table, (source, copy) in self.counts.items()]


def fact_input(row: dict[str, Any]) -> dict[str, Any]:
    """A stored fact row as ``put_document`` takes it (its extra keys back at the top level).

    Example: fact_input({"kind": "amount", "value": "30", "clause_id": "5", "extra": {"cap": True}, ...})["cap"]
    """
    fact = {k: row[k] for k in ("kind", "role", "value", "unit", "quote", "start", "end")}
    fact["clause"] = row["clause_id"]
    # currency is kept both as a column and in extra (it is not one of the base keys put_document leaves out)
    fact.update({k: v for k, v in (row.get("extra") or {}).items() if k not in _FACT_COLUMNS - {"currency"}})
    if "currency" not in fact and row["currency"] is not None:
        fact["currency"] = row["currency"]
    return fact


def copy_store(source: Any, target: Any, progress: Callable[[int, int], None] | None = None) -> CopyReport:
    """Write every document of ``source`` into the empty store ``target``, link it, and count both.

    Raises ``StoreError`` when ``target`` already holds documents (a copy never merges).
    """
    if target.count() != 0:
        raise StoreError(f"{getattr(target, 'address', None) or target.path}: the target of a copy must be empty "
                         f"({target.count()} documents held)")
    rows = source.documents()
    platforms: dict[str, dict[str, Any] | None] = {}
    for n, summary in enumerate(rows, start=1):
        doc_id = summary["id"]
        target.put_document(source.extraction(doc_id), source=summary["source"],
                            content_hash=summary["content_hash"], offsets=source.raw_offsets(doc_id),
                            facts=[fact_input(f) for f in source.facts(doc_id)],
                            measures=[m["measure"] for m in source.measures(doc_id=doc_id) if m["measure"]],
                            original_name=summary["original_name"])
        platform = (source.document(doc_id, text=False, extraction=False) or {}).get("platform")
        if platform is not None:
            platforms[summary["source"]] = platform
        if progress:
            progress(n, len(rows))
    if platforms:
        target.set_platform(platforms)
    target.link()
    return CopyReport({table: (source.count(table), target.count(table)) for table in TABLES})
