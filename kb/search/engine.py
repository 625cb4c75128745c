"""What every search engine behind ``kb.search`` shares: the records it indexes, the parsed query it answers, the
filters it applies, and the small interface (``Engine``) each implementation fills in.

An engine indexes ``Record``s (one per clause, one per document for the text outside its clauses), answers a
``ParsedQuery`` (every clause must match; a clause is a term with its synonyms or a phrase with its variants)
under ``Filters`` and returns one page of ``EngineHit``s (the score, the record's stored fields read lazily) with
the total it counted itself (``EnginePage``), or every hit as its document id (``Ranked``) for what no engine
can do (one hit per document, the order by legal status), which ``kb.search.service`` applies with snippets and
status. The legal status on a day is the engine's date range plus ``Filters.not_doc_ids`` (the documents a
relation ends then).
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any

_PLACE_SUFFIX = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|省|市|区|县|州|盟|旗)$")
NO_EXPIRY = 99991231
NO_AMOUNT = -1


def place_key(name: str | None) -> str:
    """A jurisdiction name without its administrative suffix, so 衡阳 and 衡阳市 filter alike.

    Example: place_key("衡阳市") == place_key("衡阳") == "衡阳"
    """
    if not name:
        return ""
    name = name.strip()
    short = _PLACE_SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


def start_day(r: Record) -> int:
    """The first day a record may be in force, for the ``on`` filter: its effective date, else its issue date
    (the final word is ``kb.queries.validity``'s), else 0 (never)."""
    return day_number(r.effective_from or r.issue_date)


def day_number(iso: str | None, default: int = 0) -> int:
    """An ISO date as the integer YYYYMMDD (``default`` when unknown)."""
    if not iso:
        return default
    return int(iso[:10].replace("-", ""))


@dataclass(frozen=True, slots=True)
class Record:
    """One indexed unit: a clause (``kind="clause"``) or a document's text outside its clauses (``"doc"``)."""

    doc_id: int
    kind: str
    clause: str | None
    label: str | None
    heading: str | None
    text: str
    title: str | None
    doc_no: str | None
    issuers: tuple[str, ...] = ()
    province: str | None = None
    city: str | None = None
    county: str | None = None
    year: int | None = None
    effective_from: str | None = None
    expires_on: str | None = None
    issue_date: str | None = None
    topics: tuple[str, ...] = ()
    max_amount: int | None = None  # yuan, the largest CNY amount stated in this record's text
    start: int | None = None
    end: int | None = None

    @property
    def key(self) -> str:
        return f"{self.doc_id}:{self.clause or ''}"

    @property
    def meta(self) -> str:
        """What a query matches besides text and heading: title, 文号, issuers, jurisdiction."""
        return " ".join(x for x in (self.title, self.doc_no, *self.issuers, self.province, self.city, self.county) if x)

    def stored(self) -> dict[str, Any]:
        """The fields as a plain dict (``asdict`` without its deep copy: every value is a str, int or tuple)."""
        out = {name: getattr(self, name) for name in RECORD_FIELDS}
        out["issuers"] = list(self.issuers)
        out["topics"] = list(self.topics)
        return out


RECORD_FIELDS = tuple(f.name for f in fields(Record))  # doc_id first


@dataclass(frozen=True, slots=True)
class Filters:
    """Search filters; ``None`` means no filter. ``on`` is an ISO date (in force on that day)."""

    province: str | None = None
    city: str | None = None
    issuer: str | None = None
    year: int | None = None
    on: str | None = None
    topic: str | None = None
    min_amount: int | None = None
    max_amount: int | None = None
    doc_ids: tuple[int, ...] | None = field(default=None)
    not_doc_ids: tuple[int, ...] = ()  # documents no hit may come from (a 文号 query's own, those not in force)

    def any(self) -> bool:
        return bool(self.not_doc_ids) or any(
            v is not None for v in (self.province, self.city, self.issuer, self.year, self.on, self.topic,
                                    self.min_amount, self.max_amount, self.doc_ids))


@dataclass(frozen=True, slots=True)
class Term:
    """A word and its synonyms: any of ``alternatives`` matches (in text, heading or meta)."""

    alternatives: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words in a row: any of ``alternatives`` (token sequences, synonym variants) matches as a phrase."""

    alternatives: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """Every clause must match."""

    clauses: tuple[Term | Phrase, ...]

    def terms(self) -> set[str]:
        """Every word that may match, for highlighting."""
        out: set[str] = set()
        for c in self.clauses:
            if isinstance(c, Term):
                out.update(c.alternatives)
            else:
                for seq in c.alternatives:
                    out.update(seq)
        return out


INDEX_WAIT_ENV = "POLICYKB_INDEX_WAIT"
INDEX_WAIT_SECONDS = 120.0  # how long a writer waits for another process's index writer before giving up


def index_wait_seconds() -> float:
    """How long an index writer waits for another's: ``$POLICYKB_INDEX_WAIT`` seconds (default 120), every engine."""
    value = os.environ.get(INDEX_WAIT_ENV)
    try:
        return float(value) if value else INDEX_WAIT_SECONDS
    except ValueError as exc:
        raise ValueError(f"{INDEX_WAIT_ENV}={value!r} is not a number of seconds") from exc


class EngineHit:
    """A score and the record's stored fields, or a ``load`` that reads them when first asked for: a query's
    hits are all counted, but only those shown (or post-filtered) need their fields read and decoded."""

    __slots__ = ("_load", "_stored", "score")

    def __init__(self, score: float, stored: dict[str, Any] | None = None,
                 load: Callable[[], dict[str, Any]] | None = None) -> None:
        if stored is None and load is None:
            raise ValueError("an EngineHit needs its stored fields or a way to load them")
        self.score, self._stored, self._load = score, stored, load

    @property
    def stored(self) -> dict[str, Any]:
        if self._stored is None:
            self._stored = self._load() if self._load is not None else {}
            self._load = None
        return self._stored

    def __repr__(self) -> str:
        return f"EngineHit(score={self.score!r}, stored={'<not read>' if self._stored is None else self._stored!r})"


class EnginePage(list):  # list[EngineHit]: callers that iterate or index a plain answer are unchanged
    """One page of an engine's hits, best first, with ``total``: every hit of the query under the filters, counted
    by the engine itself (no hit outside the page is materialised)."""

    def __init__(self, hits: Iterable[EngineHit], total: int) -> None:
        super().__init__(hits)
        self.total = total


class Ranked:
    """Every hit of a query as its document id, best first, for the filters that must run outside the engine
    (issuer, one hit per document, legal status): they read ids only, and ``hits`` makes the ``EngineHit``s of
    the positions a page shows (their stored fields still read lazily)."""

    __slots__ = ("_make", "doc_ids")

    def __init__(self, doc_ids: list[int], make: Callable[[list[int]], list[EngineHit]]) -> None:
        self.doc_ids, self._make = doc_ids, make

    def hits(self, positions: list[int]) -> list[EngineHit]:
        return self._make(positions) if positions else []


class Engine(ABC):
    """A full-text engine over ``Record``s. Implementations: ``tantivy`` (default), ``whoosh``."""

    name: str = ""
    takes_split: bool = False
    """Does ``index`` use records already split into words (``kb.search.tokens.Split``) when given them?"""
    schema_version: int = 1
    """The engine's own layout; an index written under another is rebuilt (kept in the index's marker)."""

    @abstractmethod
    def index(self, records: Iterable[Record], splits: Iterable[Any] | None = None) -> int:
        """Add (or replace, by document) records in one commit; returns how many were written. ``splits``, one
        ``kb.search.tokens.Split`` per record in order, saves an engine that ``takes_split`` the jieba work."""

    @abstractmethod
    def delete(self, doc_ids: Iterable[int]) -> None:
        """Remove every record of these documents."""

    @abstractmethod
    def search(self, query: ParsedQuery, filters: Filters, limit: int, offset: int = 0) -> EnginePage:
        """The records ranked ``offset`` to ``offset + limit`` matching ``query`` under ``filters``, best first, and
        how many match in all."""

    @abstractmethod
    def ranked(self, query: ParsedQuery, filters: Filters) -> Ranked:
        """Every record matching ``query`` under ``filters`` as its document id, best first (the order of
        ``search``), reading no stored fields."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every record."""

    @abstractmethod
    def count(self) -> int:
        """How many records are held."""

    @staticmethod
    def intact(directory: Any) -> bool:
        """Are the engine's own files whole? (An index with its policykb marker but not these is rebuilt.)"""
        return True

    def release(self) -> None:  # noqa: B027 - optional hook
        """Let go of a writer kept between writes (and its lock), so that another process can write next."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release files and locks."""
