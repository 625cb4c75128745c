"""The tantivy engine (the default): jieba splits the text beforehand (``kb.search.tokens``, in the ingest's worker
processes when it can); tantivy's ``whitespace`` tokenizer reads it back.

A whitespace-split field gives every token its own position, so the main words (positions for phrases) and the
inner words (for term queries only: 补贴 in 补贴资金) go into two fields: ``<field>_w`` and ``<field>_s``.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import orjson
import tantivy

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
from kb.search.tokens import Split, split, split_records

__all__ = ["FIELDS", "IndexBusy", "TantivyEngine", "make_schema", "split"]

_place_key = lru_cache(maxsize=4096)(place_key)  # a document's records repeat its province and city

FIELDS = {"text": 1.0, "heading": 2.0, "meta": 0.6}
Occur = tantivy.Occur


def make_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for name in ("doc", "kind", "province", "city", "topic"):
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in FIELDS:
        sb.add_text_field(f"{name}_w", tokenizer_name="whitespace", index_option="position")
        sb.add_text_field(f"{name}_s", tokenizer_name="whitespace", index_option="freq")
    # doc_id: a fast field, so that the filters run outside the engine read a hit's document without its payload
    for name in ("doc_id", "year", "eff", "exp", "amount"):
        sb.add_integer_field(name, indexed=True, fast=True)
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


class IndexBusy(RuntimeError):
    """Another process held the index writer for longer than the wait allows."""


class TantivyEngine(Engine):
    name = "tantivy"
    takes_split = True
    schema_version = 2  # 2: the doc_id fast field

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.schema = make_schema()
        self.ix = tantivy.Index(self.schema, path=str(self.directory))
        self._writer = None

    @staticmethod
    def intact(directory: Path) -> bool:
        """tantivy's own list of segments is there (a lost ``meta.json`` reads as an empty index)."""
        return (directory / "meta.json").is_file()

    def _writer_(self) -> tantivy.IndexWriter:
        """The index writer, waiting (``$POLICYKB_INDEX_WAIT`` seconds at most) while another process holds it."""
        if self._writer is None:
            deadline = time.monotonic() + index_wait_seconds()
            while True:
                try:
                    self._writer = self.ix.writer(heap_size=64_000_000, num_threads=1)
                    break
                except ValueError as exc:
                    if "LockBusy" not in str(exc):
                        raise
                    if time.monotonic() >= deadline:
                        raise IndexBusy(
                            f"another policykb process has been writing the search index {self.directory} for "
                            f"{index_wait_seconds():.0f} s; what is stored is kept and queued, and the next ingest or "
                            f"search indexes it (or run `policykb index rebuild` once the other is done)"
                        ) from None
                    time.sleep(0.2)
        return self._writer

    def _document(self, r: Record, words: Split) -> tantivy.Document:
        d = tantivy.Document()
        d.add_text("doc", str(r.doc_id))
        d.add_text("kind", r.kind)
        for i, name in enumerate(FIELDS):
            d.add_text(f"{name}_w", words[2 * i])
            d.add_text(f"{name}_s", words[2 * i + 1])
        if r.province:
            d.add_text("province", _place_key(r.province))
        if r.city:
            d.add_text("city", _place_key(r.city))
        for topic in r.topics:
            d.add_text("topic", topic)
        d.add_integer("doc_id", r.doc_id)
        d.add_integer("year", r.year or 0)
        d.add_integer("eff", start_day(r))
        d.add_integer("exp", day_number(r.expires_on, NO_EXPIRY))
        d.add_integer("amount", r.max_amount if r.max_amount is not None else NO_AMOUNT)
        d.add_bytes("payload", orjson.dumps(r))  # a dataclass: the bytes of ``orjson.dumps(r.stored())``
        return d

    def index(self, records: Iterable[Record], splits: Iterable[Split] | None = None) -> int:
        """Streams: a document's old records are deleted when its first record comes (a delete only reaches what
        was added before it), so the records of one document must come together."""
        writer = self._writer_()
        seen: set[int] = set()
        n = 0
        for r, words in _with_splits(records, splits):
            if r.doc_id not in seen:
                seen.add(r.doc_id)
                writer.delete_documents_by_term("doc", str(r.doc_id))
            writer.add_document(self._document(r, words))
            n += 1
        writer.commit()
        self.ix.reload()
        return n

    def delete(self, doc_ids: Iterable[int]) -> None:
        writer = self._writer_()
        for doc_id in doc_ids:
            writer.delete_documents_by_term("doc", str(doc_id))
        writer.commit()
        self.ix.reload()

    def clear(self) -> None:
        writer = self._writer_()
        writer.delete_all_documents()
        writer.commit()
        self.ix.reload()

    def count(self) -> int:
        return self.ix.searcher().num_docs

    def _clause_query(self, clause: Term | Phrase) -> tantivy.Query:
        Q = tantivy.Query
        subs = []
        for field, weight in FIELDS.items():
            field_subs = []
            if isinstance(clause, Term):
                seqs = [(alt,) for alt in clause.alternatives]
            else:
                seqs = list(clause.alternatives)
            for seq in seqs:
                if len(seq) == 1:
                    field_subs += [Q.term_query(self.schema, field + suffix, seq[0]) for suffix in ("_w", "_s")]
                else:
                    field_subs.append(Q.phrase_query(self.schema, field + "_w", list(seq)))
            subs += [Q.boost_query(q, weight) if weight != 1.0 else q for q in field_subs]
        return Q.boolean_query([(Occur.Should, q) for q in subs])

    def _filters(self, filters: Filters) -> list[tantivy.Query]:
        s, Q, Int = self.schema, tantivy.Query, tantivy.FieldType.Integer
        out = []
        if filters.province:
            out.append(Q.term_query(s, "province", place_key(filters.province)))
        if filters.city:
            out.append(Q.term_query(s, "city", place_key(filters.city)))
        if filters.topic:
            out.append(Q.term_query(s, "topic", filters.topic))
        if filters.year is not None:
            out.append(Q.range_query(s, "year", Int, int(filters.year), int(filters.year)))
        if filters.on:
            day = day_number(filters.on)
            out += [Q.range_query(s, "eff", Int, 1, day), Q.range_query(s, "exp", Int, day, None)]
        if filters.min_amount is not None or filters.max_amount is not None:
            low = max(int(filters.min_amount), 0) if filters.min_amount is not None else 0
            high = int(filters.max_amount) if filters.max_amount is not None else None
            out.append(Q.range_query(s, "amount", Int, low, high))
        if filters.doc_ids is not None:
            out.append(Q.term_set_query(s, "doc", [str(d) for d in filters.doc_ids]) if filters.doc_ids
                       else Q.empty_query())
        return out

    def _query(self, query: ParsedQuery, filters: Filters) -> tantivy.Query:
        parts = [(Occur.Must, self._clause_query(c)) for c in query.clauses]
        parts += [(Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in self._filters(filters)]
        if filters.not_doc_ids:
            parts.append((Occur.MustNot, tantivy.Query.term_set_query(self.schema, "doc",
                                                                       [str(d) for d in filters.not_doc_ids])))
        return tantivy.Query.boolean_query(parts)

    def search(self, query: ParsedQuery, filters: Filters, limit: int, offset: int = 0) -> EnginePage:
        if not query.clauses:
            return EnginePage([], 0)
        searcher = self.ix.searcher()
        # tantivy wants a limit of 1 at least; a page of 0 still gets the count
        result = searcher.search(self._query(query, filters), max(limit, 1), count=True, offset=max(offset, 0))
        hits = result.hits[:max(limit, 0)]
        return EnginePage([EngineHit(float(score), load=partial(_stored, searcher, addr)) for score, addr in hits],
                          int(result.count or 0))

    def ranked(self, query: ParsedQuery, filters: Filters) -> Ranked:
        if not query.clauses:
            return Ranked([], lambda positions: [])
        searcher = self.ix.searcher()
        q = self._query(query, filters)
        total = int(searcher.search(q, 1, count=True).count or 0)
        if not total:
            return Ranked([], lambda positions: [])
        hits = searcher.search(q, total, count=False).hits
        doc_ids = searcher.fast_field_values("doc_id", [addr for _, addr in hits])

        def make(positions: list[int]) -> list[EngineHit]:
            return [EngineHit(float(hits[i][0]), load=partial(_stored, searcher, hits[i][1])) for i in positions]

        return Ranked([int(d) for d in doc_ids], make)

    def release(self) -> None:
        """Wait for the writer's merges and drop it: tantivy allows one writer per index across processes, so one
        kept after an ingest would make the next ingest's index refresh fail (LockBusy)."""
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None

    def close(self) -> None:
        self.release()


def _stored(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> dict[str, Any]:
    return orjson.loads(searcher.doc(address)["payload"][0])


def _with_splits(records: Iterable[Record], splits: Iterable[Split] | None) -> Iterator[tuple[Record, Split]]:
    """Records with their splits; split here, a document at a time, when none are given."""
    if splits is not None:
        yield from zip(records, splits, strict=True)
        return
    batch: list[Record] = []
    for r in records:
        if batch and r.doc_id != batch[-1].doc_id:
            yield from zip(batch, split_records(batch), strict=True)
            batch = []
        batch.append(r)
    yield from zip(batch, split_records(batch), strict=True)


def remove(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)
