"""Every document held, with facets and counts: what a researcher scans before searching.

``browse(store, filters, sort, offset, limit) -> {"total", "rows", "facets"}``. Facets are counted over the
documents that the other facets' filters keep (the usual faceted-search rule: choosing a city does not empty
the city facet); a facet's values are stored keys (a status is ``in_force``; ``kb.text.messages.status_label``
words it). A document with measures in several topic domains counts once in each.

Example: browse(store, {"city": "衡阳市"})["total"] == 1
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from kb.queries import taxonomy as taxonomy_module
from kb.queries import validity

FACETS = ("province", "city", "issuer", "year", "doc_type", "status", "domain")
SORTS = {  # key → (row field, descending)
    "newest": ("issue_date", True), "oldest": ("issue_date", False), "doc_no": ("doc_no", False),
    "title": ("title", False), "city": ("city", False),
}
NONE = ""  # the facet value of a document that does not state the field


def browse(store: Any, filters: dict[str, Any] | None = None, sort: str = "newest", offset: int = 0,
           limit: int = 50, on: Any = None) -> dict[str, Any]:
    """One page of the documents that every filter keeps (a filter is a value or a list of values of a facet),
    sorted by ``sort`` (a key of ``SORTS``), with the facets' counts."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; one of {', '.join(SORTS)}")
    wanted = {k: _as_set(v) for k, v in (filters or {}).items() if v not in (None, "", [], ())}
    unknown = sorted(set(wanted) - set(FACETS))
    if unknown:
        raise ValueError(f"unknown facets {unknown}; facets are {', '.join(FACETS)}")
    rows = document_rows(store, on)
    kept = [r for r in rows if _keeps(r, wanted)]
    field, descending = SORTS[sort]
    present = sorted((r for r in kept if r.get(field)), key=lambda r: (r[field], r["id"]), reverse=descending)
    ordered = present + [r for r in kept if not r.get(field)]  # documents without the field last, either way
    offset = max(offset, 0)
    return {"total": len(kept), "offset": offset, "rows": ordered[offset:offset + limit],
            "facets": {facet: _counts(rows, facet, {k: v for k, v in wanted.items() if k != facet})
                       for facet in FACETS}}


def document_rows(store: Any, on: Any = None) -> list[dict[str, Any]]:
    """Each document's summary with the facet fields: year, status on ``on`` (today when None), domains."""
    domains_of = _domains_by_doc(store)
    rows = []
    for doc in store.documents():
        status = validity.status_of(store, doc["id"], on)
        rows.append({
            "id": doc["id"], "doc_no": doc.get("doc_no"), "title": doc.get("title"),
            "province": doc.get("province"), "city": doc.get("city"), "county": doc.get("county"),
            "issuers": list(doc.get("issuers") or []), "doc_type": doc.get("doc_type"),
            "issue_date": doc.get("issue_date"), "year": (doc.get("issue_date") or "")[:4] or None,
            "effective_from": doc.get("effective_from"), "expires_on": doc.get("expires_on"),
            "status": status["status"], "domains": domains_of.get(doc["id"], []),
        })
    return rows


def _domains_by_doc(store: Any) -> dict[int, list[str]]:
    taxonomy = taxonomy_module.taxonomy()
    by_label = taxonomy.by_label()
    labels = {d.key: d.label for d in taxonomy.domains}
    found: dict[int, list[str]] = {}
    for measure in store.measures():
        topic = by_label.get(measure.get("topic") or "")
        if topic is None:
            continue
        label = labels.get(topic.domain, topic.domain)
        held = found.setdefault(measure["doc_id"], [])
        if label not in held:
            held.append(label)
    return found


_VALUES: dict[str, Callable[[dict[str, Any]], Iterable[str]]] = {
    "issuer": lambda r: r["issuers"] or [NONE],
    "domain": lambda r: r["domains"] or [NONE],
}


def _values(row: dict[str, Any], facet: str) -> Iterable[str]:
    if facet in _VALUES:
        return _VALUES[facet](row)
    return [row.get(facet) or NONE]


def _keeps(row: dict[str, Any], wanted: dict[str, set[str]]) -> bool:
    return all(any(v in values for v in _values(row, facet)) for facet, values in wanted.items())


def _counts(rows: list[dict[str, Any]], facet: str, others: dict[str, set[str]]) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    for row in rows:
        if _keeps(row, others):
            counts.update(set(_values(row, facet)))
    return [{"value": value, "count": n} for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _as_set(value: Any) -> set[str]:
    if isinstance(value, str | int):
        return {str(value)}
    return {str(v) for v in value}
