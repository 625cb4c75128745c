"""What a search answers: ``Hit`` (one clause or document with its snippet and status), ``Hits`` (one page and
the total), and the steps from the engine's scored records to them.

The engine counts the hits and hands over the page as ``Match``es (score and stored record, read when asked); only
the hits of the page shown become ``Hit``s with a snippet (``kb.search.snippet``) and a legal status
(``kb.search.status_cache``): a query with thousands of hits pays for twenty snippets, not thousands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kb.search.docno import DocNoIndex
from kb.search.engine import EngineHit, Filters, place_key
from kb.search.snippet import make_snippet
from kb.search.status_cache import StatusCache, status_cache


@dataclass
class Hit:
    """One search result: a clause (or a document's text outside its clauses) with its score and snippet."""

    doc_id: int
    doc_no: str | None
    title: str | None
    clause: str | None
    label: str | None
    heading: str | None
    kind: str
    score: float
    snippet: str
    province: str | None = None
    city: str | None = None
    county: str | None = None
    issuers: list[str] = field(default_factory=list)
    year: int | None = None
    effective_from: str | None = None
    expires_on: str | None = None
    topics: list[str] = field(default_factory=list)
    max_amount: int | None = None
    start: int | None = None
    end: int | None = None
    status: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``policykb search --json``: doc_no, clause, score, snippet and the rest."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class Hits(list):  # list[Hit]; a plain list subclass so that callers that index or iterate it are unchanged
    """One page of hits, with ``total``: how many hits the query has under its filters, all pages together."""

    def __init__(self, hits: Iterable[Hit], total: int, offset: int = 0) -> None:
        super().__init__(hits)
        self.total = total
        self.offset = offset


@dataclass(slots=True)
class Match:
    """One record the engine found and the post-filters kept; ``status`` is set when a filter needed it. The
    record's stored fields are read from the engine only when asked for (``EngineHit``)."""

    hit: EngineHit
    status: str | None = None
    judged: bool = False

    @property
    def score(self) -> float:
        return self.hit.score

    @property
    def stored(self) -> dict[str, Any]:
        return self.hit.stored

    @property
    def doc_id(self) -> int:
        return int(self.stored["doc_id"])


STATUS_RANK = {"in_force": 0, "not_yet_effective": 1, "unknown": 2, "conflict": 2, "expired": 3, "repealed": 3,
               "superseded": 3}  # in force first, then what may be, then what is no longer


def status_rank(status: str | None) -> int:
    """Where a status sorts when documents in force come first (an unknown status with ``unknown``)."""
    return STATUS_RANK.get(status or "unknown", STATUS_RANK["unknown"])


def issuer_matches(wanted: str, issuers: list[str]) -> bool:
    wanted = wanted.strip()
    return any(wanted in i or place_key(wanted) == place_key(i) for i in issuers)


def to_hit(match: Match, terms: set[str], statuses: StatusCache | None, on: str | None) -> Hit:
    """The ``Hit`` of a match: its snippet and (with a store's ``statuses``) its status on ``on``."""
    s = match.stored
    status = match.status if match.judged or statuses is None else statuses.status(match.doc_id, on)
    text = s.get("text") or ""
    heading = s.get("heading") or ""
    snippet = make_snippet(f"{heading} {text}" if heading and heading not in text[:len(heading) + 8] else text,
                           terms)
    return Hit(doc_id=s["doc_id"], doc_no=s.get("doc_no"), title=s.get("title"), clause=s.get("clause"),
               label=s.get("label"), heading=s.get("heading"), kind=s.get("kind", "clause"),
               score=round(match.score, 4), snippet=snippet, province=s.get("province"), city=s.get("city"),
               county=s.get("county"), issuers=list(s.get("issuers") or []), year=s.get("year"),
               effective_from=s.get("effective_from"), expires_on=s.get("expires_on"),
               topics=list(s.get("topics") or []), max_amount=s.get("max_amount"), start=s.get("start"),
               end=s.get("end"), status=status)


@dataclass(frozen=True, slots=True)
class DocNoTable:
    """A store's document rows by 文号 and those 文号 split for lookups (kept per store generation)."""

    rows: dict[str, list[dict[str, Any]]]
    index: DocNoIndex


def documents_by_doc_no(store: Any) -> DocNoTable:
    by_no: dict[str, list[dict[str, Any]]] = {}
    for row in store.documents(with_doc_no=True):
        if row.get("doc_no"):
            by_no.setdefault(row["doc_no"], []).append(row)
    return DocNoTable(by_no, DocNoIndex(by_no))


def doc_no_hits(store: Any, query: str, filters: Filters | None = None, limit: int = 5,
                statuses: StatusCache | None = None) -> list[Hit]:
    """Documents whose 文号 is close to ``query`` (brackets and typos tolerated), as ``kind="doc_no"`` hits
    scored 0–100, for a query that is a 文号 (``statuses``: the search's ``status_cache``, if it has one)."""
    filters = filters or Filters()
    statuses = statuses or status_cache(store)
    table = statuses.by_doc_no(lambda: documents_by_doc_no(store))
    by_no = table.rows
    out: list[Hit] = []
    for doc_no, score in table.index.lookup(query.strip(), limit=limit, cutoff=80.0):
        for row in by_no[doc_no]:
            if filters.city and place_key(filters.city) != place_key(row.get("city")):
                continue
            if filters.province and place_key(filters.province) != place_key(row.get("province")):
                continue
            out.append(Hit(doc_id=row["id"], doc_no=doc_no, title=row.get("title"), clause=None, label=None,
                           heading=None, kind="doc_no", score=score, snippet=f"【{doc_no}】 {row.get('title') or ''}",
                           province=row.get("province"), city=row.get("city"), county=row.get("county"),
                           issuers=list(row.get("issuers") or []),
                           year=int(row["issue_date"][:4]) if row.get("issue_date") else None,
                           effective_from=row.get("effective_from"),
                           expires_on=row.get("expires_on"),
                           status=statuses.status(row["id"], filters.on)))
    return out
