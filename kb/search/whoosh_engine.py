"""The whoosh engine (an option since tantivy became the default): a jieba tokenizer with consecutive positions, BM25F over text, heading and
the document's fields, filters as whoosh filter queries."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.idsets import BitSet
from whoosh.scoring import BM25F

from kb.search.analysis import analyze
from kb.search.engine import (
    NO_AMOUNT,
    NO_EXPIRY,
    Engine,
    EngineHit,
    EnginePage,
    Filters,
    ParsedQuery,
    Phrase,
    Ranked,
    Record,
    Term,
    day_number,
    index_wait_seconds,
    place_key,
    start_day,
)

FIELDS = {"text": 1.0, "heading": 2.0, "meta": 0.6}
INDEX_NAME = "clauses"
PARALLEL_RECORDS = 5_000
FILTER_CACHE = 32  # filters whose document sets a searcher keeps


class JiebaTokenizer(Tokenizer):
    """jieba words at consecutive positions (``pos``: token index; ``startchar``/``endchar``: character
    offsets); in index mode the inner words of a long word come at that word's position (see kb/analysis.py).
    In query mode only the main words are yielded."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any):
        t = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for tok in analyze(value, subwords=mode != "query"):
            t.text = tok.text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = value[tok.start:tok.end]
            if positions:
                t.pos = start_pos + tok.pos
            if chars:
                t.startchar, t.endchar = start_char + tok.start, start_char + tok.end
            yield t


def make_schema() -> Schema:
    analyzer = JiebaTokenizer()
    return Schema(
        key=ID(unique=True), doc=ID, kind=ID, doc_id=NUMERIC(int, sortable=True),
        text=TEXT(analyzer=analyzer, phrase=True),
        heading=TEXT(analyzer=analyzer, phrase=True, field_boost=FIELDS["heading"]),
        meta=TEXT(analyzer=analyzer, phrase=True, field_boost=FIELDS["meta"]),
        province=ID, city=ID, topic=KEYWORD(commas=True),
        year=NUMERIC(int), eff=NUMERIC(int), exp=NUMERIC(int), amount=NUMERIC(int, bits=64),
        payload=STORED,
    )


def _clause_query(clause: Term | Phrase) -> wq.Query:
    subs: list[wq.Query] = []
    for field in FIELDS:
        if isinstance(clause, Term):
            subs += [wq.Term(field, alt) for alt in clause.alternatives]
        else:
            subs += [wq.Phrase(field, list(seq)) if len(seq) > 1 else wq.Term(field, seq[0])
                     for seq in clause.alternatives]
    return wq.Or(subs)


def filter_query(filters: Filters) -> wq.Query | None:
    parts: list[wq.Query] = []
    if filters.province:
        parts.append(wq.Term("province", place_key(filters.province)))
    if filters.city:
        parts.append(wq.Term("city", place_key(filters.city)))
    if filters.topic:
        parts.append(wq.Term("topic", filters.topic))
    if filters.year is not None:
        parts.append(wq.Term("year", int(filters.year)))
    if filters.on:
        day = day_number(filters.on)
        parts += [wq.NumericRange("eff", 1, day), wq.NumericRange("exp", day, None)]
    if filters.min_amount is not None or filters.max_amount is not None:
        low = max(int(filters.min_amount), 0) if filters.min_amount is not None else 0
        parts.append(wq.NumericRange("amount", low, filters.max_amount))
    if filters.doc_ids is not None:
        parts.append(wq.Or([wq.Term("doc", str(d)) for d in filters.doc_ids]) if filters.doc_ids else wq.NullQuery)
    if filters.not_doc_ids:
        parts.append(wq.Not(wq.Or([wq.Term("doc", str(d)) for d in filters.not_doc_ids])))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


WRITE_LOCK_DELAY = 0.25


class WhooshEngine(Engine):
    name = "whoosh"
    schema_version = 2  # 2: the doc_id column

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        if windex.exists_in(str(self.directory), indexname=INDEX_NAME):
            self.ix = windex.open_dir(str(self.directory), indexname=INDEX_NAME)
        else:
            self.ix = windex.create_in(str(self.directory), make_schema(), indexname=INDEX_NAME)
        self._searcher = None
        self._filters: dict[Filters, Any] = {}

    def _fields(self, r: Record) -> dict[str, Any]:
        fields = {
            "key": r.key, "doc": str(r.doc_id), "doc_id": r.doc_id, "kind": r.kind, "text": r.text, "heading": r.heading or "",
            "meta": r.meta, "province": place_key(r.province), "city": place_key(r.city),
            "topic": ",".join(r.topics), "year": r.year or 0, "eff": start_day(r),
            "exp": day_number(r.expires_on, NO_EXPIRY),
            "amount": r.max_amount if r.max_amount is not None else NO_AMOUNT, "payload": r.stored(),
        }
        for name in ("province", "city"):
            if not fields[name]:
                del fields[name]
        return fields

    def index(self, records: Iterable[Record], splits: Iterable[Any] | None = None) -> int:
        """Streams in one writer (one commit: whoosh merges segments at every commit, so many small commits cost
        far more than one). Into an empty index, ``PARALLEL_RECORDS`` records or more are analyzed and written by
        one process per core, each leaving its own segment (2.8x faster on 348 laws, on 2 cores). ``splits`` is
        not used: whoosh runs its own analyzer."""
        held = bool(self.ix.doc_count_all())
        records = iter(records)
        head = list(itertools.islice(records, PARALLEL_RECORDS))
        procs = os.cpu_count() or 1
        if not held and len(head) == PARALLEL_RECORDS and procs > 1:
            writer = self._writer(limitmb=256, procs=procs, multisegment=True)
        else:
            writer = self._writer(limitmb=256)
        seen: set[int] = set()
        n = 0
        try:
            for r in itertools.chain(head, records):
                if held and r.doc_id not in seen:
                    writer.delete_by_term("doc", str(r.doc_id))
                seen.add(r.doc_id)
                n += 1
                writer.add_document(**self._fields(r))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self._searcher = None
        return n

    def delete(self, doc_ids: Iterable[int]) -> None:
        writer = self._writer()
        for doc_id in doc_ids:
            writer.delete_by_term("doc", str(doc_id))
        writer.commit()
        self._searcher = None

    def _writer(self, **options: Any) -> Any:
        """A writer once the index's write lock is free: another process (an ingest, an upload) may hold it for
        its commit; whoosh retries every ``WRITE_LOCK_DELAY`` s for up to ``$POLICYKB_INDEX_WAIT`` s (as tantivy), then raises
        ``LockError``."""
        return self.ix.writer(timeout=index_wait_seconds(), delay=WRITE_LOCK_DELAY, **options)

    def clear(self) -> None:
        self.close()
        self.ix = windex.create_in(str(self.directory), make_schema(), indexname=INDEX_NAME)

    def count(self) -> int:
        return self.ix.doc_count()

    def _get_searcher(self):
        if self._searcher is None:
            self._searcher = self.ix.searcher(weighting=BM25F())
            self._filters.clear()
        elif not self._searcher.up_to_date():  # another process (an ingest) committed
            self._searcher = self._searcher.refresh()
            self._filters.clear()
        return self._searcher

    def _filter_docs(self, searcher: Any, filters: Filters) -> Any:
        """The documents passing ``filters``, kept for the searcher's life: whoosh walks every posting of a
        numeric range (the ``on`` date: nearly every record) in Python for each search, 1.4 s over lawrefbook."""
        if not filters.any():
            return None
        if filters not in self._filters:
            fq = filter_query(filters)
            if len(self._filters) >= FILTER_CACHE:
                self._filters.pop(next(iter(self._filters)))
            self._filters[filters] = None if fq is None else BitSet(searcher.docs_for_query(fq),
                                                                      size=searcher.doc_count_all())
        return self._filters[filters]

    def _results(self, query: ParsedQuery, filters: Filters, limit: int | None) -> tuple[Any, Any]:
        subs = [_clause_query(c) for c in query.clauses]
        q = subs[0] if len(subs) == 1 else wq.And(subs)
        searcher = self._get_searcher()
        allowed = self._filter_docs(searcher, filters)
        if allowed is not None and not allowed:  # whoosh takes an empty filter for none at all: every record
            q = wq.NullQuery
        return searcher, searcher.search(q, filter=allowed, limit=limit)

    def search(self, query: ParsedQuery, filters: Filters, limit: int, offset: int = 0) -> EnginePage:
        if not query.clauses:
            return EnginePage([], 0)
        offset, limit = max(offset, 0), max(limit, 0)
        searcher, results = self._results(query, filters, max(offset + limit, 1))
        page = results.top_n[offset:offset + limit]  # (score, docnum): stored fields read for the page only
        # len(results) is whoosh's exact count (estimated_length is not, scored_length stops at the limit)
        return EnginePage([EngineHit(float(score), load=partial(_payload, searcher, docnum))
                           for score, docnum in page], len(results))

    def ranked(self, query: ParsedQuery, filters: Filters) -> Ranked:
        if not query.clauses:
            return Ranked([], lambda positions: [])
        searcher, results = self._results(query, filters, None)
        top = results.top_n
        column = searcher.reader().column_reader("doc_id")

        def make(positions: list[int]) -> list[EngineHit]:
            return [EngineHit(float(top[i][0]), load=partial(_payload, searcher, top[i][1])) for i in positions]

        return Ranked([int(column[docnum]) for _, docnum in top], make)

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self.ix.close()


def _payload(searcher: Any, docnum: int) -> dict[str, Any]:
    return searcher.stored_fields(docnum)["payload"]
