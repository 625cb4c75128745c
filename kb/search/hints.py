"""What to try when a query finds nothing: the nearest 文号s held, and shorter queries that do find something.

Example: hints(store, "海外仓储物流园区补贴")["shorter"][0]["query"] is a part of the query with hits
"""

from __future__ import annotations

from typing import Any

from kb.search.analysis import analyze
from kb.search.engine import Filters
from kb.search.hits import documents_by_doc_no
from kb.search.status_cache import status_cache

NEAREST_DOC_NOS = 3
SHORTER = 4
DOC_NO_CUTOFF = 60.0  # doc_no_score's score (0–100): below it a 文号 is not "near" the query


def hints(store: Any, query: str, filters: Filters | None = None) -> dict[str, list[dict[str, Any]]]:
    """``{"doc_nos": [{doc_no, doc_id, title, score}], "shorter": [{query, total}]}``, best first."""
    from kb.search.service import search  # here: the service imports this module's neighbours

    table = status_cache(store).by_doc_no(lambda: documents_by_doc_no(store))
    doc_nos = [{"doc_no": no, "doc_id": table.rows[no][-1]["id"], "title": table.rows[no][-1].get("title"),
                "score": score}
               for no, score in table.index.lookup(query.strip(), limit=NEAREST_DOC_NOS, cutoff=DOC_NO_CUTOFF)]
    shorter = []
    for candidate in shorter_queries(query):
        total = search(store, candidate, filters, limit=1).total
        if total:
            shorter.append({"query": candidate, "total": total})
    shorter.sort(key=lambda s: (-len(s["query"]), -s["total"]))
    return {"doc_nos": doc_nos, "shorter": shorter[:SHORTER]}


def shorter_queries(query: str) -> list[str]:
    """The query less one of its words (words as typed, else as jieba cuts them), longest first.

    Example: shorter_queries("海外仓 物流园区") == ["海外仓", "物流园区"]
    """
    words = query.split()
    if len(words) < 2:
        words = [t.text for t in analyze(query.strip(), subwords=False) if t.text.strip()]
    if len(words) < 2:
        return []
    out = []
    for i in range(len(words)):
        rest = words[:i] + words[i + 1:]
        candidate = " ".join(rest) if len(query.split()) > 1 else "".join(rest)
        if candidate and candidate not in out:
            out.append(candidate)
    out += [w for w in words if len(w) > 1 and w not in out]
    return sorted(out, key=len, reverse=True)
