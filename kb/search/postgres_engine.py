"""Search in the PostgreSQL server (the engine of a ``postgresql://`` store): app nodes keep no index files.

The words are those of the tantivy index (``kb.search.tokens.Split``: jieba's main and inner words under the user
dictionary; synonyms are expanded at query time by ``kb.search.query``), inner words prefixed with ``~`` (so that a
phrase never matches them, as tantivy's ``_s`` fields have no positions). A search ranks by tantivy's BM25
(``kb.search.bm25``) from the postings (``migrations/postgres/007_postings.sql``: per word and field, each
record's count, fieldnorm and, for a main word, positions; see ``RANK_SQL``), boosts as tantivy's: heading 2.0,
text 1.0, meta 0.6. Filters are columns of ``search_records`` (``migrations/postgres/002_search.sql``), read from an
index covering them. Each record also keeps its words as a ``tsvector`` literal (main words at consecutive
positions, weights A heading, B text, C meta), with a GIN index: migration 7 took the positions of the records
held before it from there; a search no longer reads it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from psycopg.types.json import Jsonb

from kb.search import bm25
from kb.search.engine import (
    NO_AMOUNT,
    NO_EXPIRY,
    Engine,
    EngineHit,
    EnginePage,
    Filters,
    ParsedQuery,
    Ranked,
    Record,
    Term,
    day_number,
    place_key,
    start_day,
)
from kb.search.service import SERVER_ENGINE, SearchIndex, dictionary_hash
from kb.search.tokens import Split, split_records
from kb.store.pg_search_stats import SEARCH_LOCK, count_search_records, forget_search_records

# the order of a Split's fields, each with its weight letter
FIELD_WEIGHTS = (("text", "B"), ("heading", "A"), ("meta", "C"))
# tantivy's boosts, by field of FIELD_WEIGHTS
BOOSTS = {"text": 1.0, "heading": 2.0, "meta": 0.6}
INNER = "~"
MAX_POSITION = 16383  # tsvector positions stop there (a longer record's last words share it)
POSITIONS_IN_INDEX = 64  # a posting's positions kept in the index up to this many (007_postings.sql)


def lexeme(word: str) -> str:
    """A word quoted for a tsvector or tsquery literal.

    Example: lexeme("o'neil") == "'o''neil'"
    """
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(words: Split) -> str:
    """A record's ``Split`` as tsvector input: main words at consecutive positions (a gap between fields, so no
    phrase spans two), inner words as ``~word`` at their field's first position, every position weighted.

    Example: tsvector_literal(("保费补贴 资金", "保费 补贴", "", "", "", "")) == "'保费补贴':1B '资金':2B '~保费':1B '~补贴':1B"
    """
    positions: dict[str, list[str]] = {}
    position = 1
    for i, (_field, weight) in enumerate(FIELD_WEIGHTS):
        first = min(position, MAX_POSITION)
        for word in words[2 * i].split():
            positions.setdefault(word, []).append(f"{min(position, MAX_POSITION)}{weight}")
            position += 1
        for word in words[2 * i + 1].split():
            positions.setdefault(INNER + word, []).append(f"{first}{weight}")
        position += 1
    return " ".join(f"{lexeme(word)}:{','.join(dict.fromkeys(at))}" for word, at in positions.items())


def postings(words: Split, norms: list[int] | None = None
             ) -> list[tuple[str, int, int, int, list[int] | None]]:
    """A record's postings as ``search_postings`` holds them: (word, field, tf, fieldnorm, positions) per word
    and field of a Split, inner words as ``~word`` without positions; positions as ``tsvector_literal`` numbers
    them, not capped. ``norms``: the record's fieldnorms when the caller has them (``bm25.record_stats``).

    Example: postings(("保费 补贴 保费", "", "", "", "", ""))[0] == ("保费", 0, 2, 3, [1, 3])
    """
    if norms is None:
        norms = bm25.record_stats(words, INNER)[2]
    out: list[tuple[str, int, int, int, list[int] | None]] = []
    position = 1
    for fi in range(len(FIELD_WEIGHTS)):
        at: dict[str, list[int]] = {}
        for word in words[2 * fi].split():
            at.setdefault(word, []).append(position)
            position += 1
        position += 1
        out += [(word, fi, len(positions), norms[2 * fi], positions) for word, positions in at.items()]
        inner: dict[str, int] = {}
        for word in words[2 * fi + 1].split():
            inner[word] = inner.get(word, 0) + 1
        out += [(INNER + word, fi, tf, norms[2 * fi + 1], None) for word, tf in inner.items()]
    return out


def filter_sql(filters: Filters) -> tuple[list[str], list[Any]]:
    """The WHERE conditions (``%s`` placeholders) and arguments of ``filters``."""
    where: list[str] = []
    args: list[Any] = []
    if filters.province:
        where.append("province_key = %s")
        args.append(place_key(filters.province))
    if filters.city:
        where.append("city_key = %s")
        args.append(place_key(filters.city))
    if filters.topic:
        where.append("topics @> ARRAY[%s]::text[]")
        args.append(filters.topic)
    if filters.year is not None:
        where.append("year = %s")
        args.append(int(filters.year))
    if filters.on:
        day = day_number(filters.on)
        where.append("start_day BETWEEN 1 AND %s AND end_day >= %s")
        args += [day, day]
    if filters.min_amount is not None:
        where.append("amount >= %s")
        args.append(max(int(filters.min_amount), 0))
    if filters.max_amount is not None:
        where.append("amount BETWEEN 0 AND %s")
        args.append(int(filters.max_amount))
    if filters.doc_ids is not None:
        where.append("doc_id = ANY(%s)")
        args.append(list(filters.doc_ids))
    if filters.not_doc_ids:
        where.append("NOT (doc_id = ANY(%s))")
        args.append(list(filters.not_doc_ids))
    return where, args


class PostgresEngine(Engine):
    """``search_records`` of one PostgreSQL store (``kb.store.postgres.PostgresStore``), through its pool."""

    name = "postgres"
    takes_split = True
    schema_version = 2  # 2: BM25 (word counts, field lengths, document frequencies)

    def __init__(self, store: Any) -> None:
        self.store = store
        self.wrote = False  # since the last release

    def release(self) -> None:
        """After writes (the end of an ingest, of a removal): vacuum the postings and the records, so that the
        pages just written are marked all visible and a search reads its words and filters from indexes alone
        (autovacuum would too, up to a minute later; ``007_postings.sql``)."""
        if not self.wrote:
            return
        self.wrote = False
        with self.store.pool.connection() as conn:  # autocommit: VACUUM runs outside a transaction
            conn.execute("VACUUM (ANALYZE) search_postings, search_records")

    def index(self, records: Iterable[Record], splits: Iterable[Split] | None = None) -> int:
        """One transaction: each document's records replace what was held for it, postings included."""
        n = 0
        with self.store.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SEARCH_LOCK,))
            written: set[int] = set()  # their rows are counted in the statistics at the end
            with conn.cursor() as cur:
                for doc_id, rows in _by_document(_with_splits(records, splits)):
                    if doc_id not in written:
                        forget_search_records(cur, [doc_id])
                    written.add(doc_id)
                    stats = [bm25.record_stats(words, INNER) for _r, words in rows]  # once per record: rows, postings
                    cur.execute("DELETE FROM search_records WHERE doc_id = %s", (doc_id,))
                    # a document removed meanwhile is skipped (its records would have nothing to point to)
                    cur.executemany(
                        "INSERT INTO search_records (doc_id, seq, kind, province_key, city_key, topics, year, "
                        "start_day, end_day, amount, words, payload, tf, lengths, norms) SELECT %s, %s, %s, %s, %s, "
                        "%s, %s, %s, %s, %s, %s::tsvector, %s, %s, %s, %s "
                        "WHERE EXISTS (SELECT 1 FROM documents WHERE id = %s)",
                        [_row(seq, r, words, stats[seq]) for seq, (r, words) in enumerate(rows)],
                    )
                    if cur.execute("SELECT EXISTS (SELECT 1 FROM search_records WHERE doc_id = %s) AS held",
                                   (doc_id,)).fetchone()["held"]:
                        with cur.copy("COPY search_postings (term, field, doc_id, seq, tf, norm, at, positions) "
                                      "FROM STDIN") as copy:
                            for seq, (_r, words) in enumerate(rows):
                                for term, fi, tf, norm, at in postings(words, stats[seq][2]):
                                    few = at is not None and len(at) <= POSITIONS_IN_INDEX
                                    copy.write_row((term, fi, doc_id, seq, tf, norm, at if few else None,
                                                    None if few else at))
                    n += len(rows)
                if written:
                    count_search_records(cur, sorted(written), 1)
        self.wrote = True
        return n

    def delete(self, doc_ids: Iterable[int]) -> None:
        with self.store.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SEARCH_LOCK,))
            with conn.cursor() as cur:
                forget_search_records(cur, list(doc_ids))
                cur.execute("DELETE FROM search_records WHERE doc_id = ANY(%s)", (list(doc_ids),))
        self.wrote = True

    def clear(self) -> None:
        with self.store.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SEARCH_LOCK,))
            conn.execute("DELETE FROM search_records")
            conn.execute("DELETE FROM search_postings")
            conn.execute("DELETE FROM search_terms")
            conn.execute("UPDATE search_stats SET docs = 0, tokens = '{0,0,0,0,0,0}'")

    def count(self) -> int:
        with self.store.pool.connection() as conn:
            return int(conn.execute("SELECT count(*) AS n FROM search_records").fetchone()["n"])

    def _rank_sql(self, query: ParsedQuery, filters: Filters, columns: str, tail: str) -> tuple[str, list[Any]]:
        """The records matching every clause under ``filters``, ranked by BM25 from the postings, with ``columns``
        besides the score; the records themselves are read only for a filter (``PayloadLoader`` reads a page's
        payloads)."""
        where, args = filter_sql(filters)
        with self.store.pool.connection() as conn:
            parts, words = _scored_parts(conn, query)
        filtered = ("JOIN search_records r USING (doc_id, seq) WHERE " + " AND ".join(where)) if where else ""
        n = len(query.clauses)
        every_clause = (f"bit_or(1::bigint << e.clause) = {(1 << n) - 1}" if n < 63
                        else f"count(DISTINCT e.clause) = {n}")
        sql = (RANK_SQL.format(every_clause=every_clause) + "SELECT s.doc_id, s.seq, s.score" + columns
               + " FROM scored s " + filtered + " ORDER BY score DESC, doc_id, seq" + tail)
        return sql, [*parts, *words, bm25.K1, bm25.B, bm25.B, *args]

    def search(self, query: ParsedQuery, filters: Filters, limit: int, offset: int = 0) -> EnginePage:
        if not query.clauses:
            return EnginePage([], 0)
        offset, limit = max(offset, 0), max(limit, 0)
        # the window's count is taken before LIMIT: every hit counted, a page ranked out
        sql, args = self._rank_sql(query, filters, ", count(*) OVER () AS total", " LIMIT %s OFFSET %s")
        with self.store.pool.connection() as conn:
            rows = conn.execute(sql, (*args, limit, offset)).fetchall()
            if rows:
                total = int(rows[0]["total"])
            elif offset == 0 and limit > 0:  # the first page is empty: nothing matches
                total = 0
            else:  # a page past the end (or of 0) has no row to carry the count
                sql, args = self._rank_sql(query, filters, "", "")
                total = int(conn.execute(f"SELECT count(*) AS n FROM ({sql}) AS hits", args).fetchone()["n"])
        loader = PayloadLoader(self.store, [(r["doc_id"], r["seq"]) for r in rows])
        return EnginePage([EngineHit(float(r["score"]), load=loader.loader(i)) for i, r in enumerate(rows)], total)

    def ranked(self, query: ParsedQuery, filters: Filters) -> Ranked:
        if not query.clauses:
            return Ranked([], lambda positions: [])
        sql, args = self._rank_sql(query, filters, "", "")
        with self.store.pool.connection() as conn:
            rows = conn.execute(sql, args).fetchall()

        def make(positions: list[int]) -> list[EngineHit]:
            loader = PayloadLoader(self.store, [(rows[i]["doc_id"], rows[i]["seq"]) for i in positions])
            return [EngineHit(float(rows[i]["score"]), load=loader.loader(n)) for n, i in enumerate(positions)]

        return Ranked([int(r["doc_id"]) for r in rows], make)

    def meta(self) -> dict[str, str]:
        """What the records were built under (``dictionary_hash``, ``schema``)."""
        with self.store.pool.connection() as conn:
            return {r["key"]: r["value"] for r in conn.execute("SELECT key, value FROM search_meta").fetchall()}

    def drop_meta(self) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM search_meta")

    def write_meta(self, meta: dict[str, Any]) -> None:
        with self.store.transaction() as conn:
            for key, value in meta.items():
                conn.execute("INSERT INTO search_meta (key, value) VALUES (%s, %s) "
                             "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (key, str(value)))


class PayloadLoader:
    """The payloads of one search's ranked hits, read in batches in rank order when first asked for: showing a
    page of 20 costs one round trip, not one per hit, and hits only counted are never read."""

    BATCH = 50

    def __init__(self, store: Any, keys: list[tuple[int, int]]) -> None:
        self.store, self.keys = store, keys
        self.payloads: dict[int, dict[str, Any]] = {}
        self.lock = threading.Lock()

    def loader(self, index: int) -> Callable[[], dict[str, Any]]:
        return lambda: self.payload(index)

    def payload(self, index: int) -> dict[str, Any]:
        with self.lock:
            if index not in self.payloads:
                self._read(index)
            return self.payloads.pop(index)

    def _read(self, index: int) -> None:
        wanted = [i for i in range(index, min(index + self.BATCH, len(self.keys))) if i not in self.payloads]
        doc_ids = [self.keys[i][0] for i in wanted]
        seqs = [self.keys[i][1] for i in wanted]
        with self.store.pool.connection() as conn:
            rows = conn.execute("SELECT r.doc_id, r.seq, r.payload FROM search_records r "
                                "JOIN unnest(%s::bigint[], %s::int[]) AS k(doc_id, seq) USING (doc_id, seq)",
                                (doc_ids, seqs)).fetchall()
        found = {(r["doc_id"], r["seq"]): r["payload"] for r in rows}
        for i in wanted:
            # a document removed since the ranking keeps its id (its page then shows what is left)
            self.payloads[i] = found.get(self.keys[i], {"doc_id": self.keys[i][0]})


def _row(seq: int, r: Record, words: Split, stats: tuple[dict[str, list[int]], list[int], list[int]]) -> tuple[Any, ...]:
    tf, lengths, norms = stats
    return (r.doc_id, seq, r.kind, place_key(r.province), place_key(r.city), list(r.topics), r.year or 0,
            start_day(r), day_number(r.expires_on, NO_EXPIRY), r.max_amount if r.max_amount is not None else NO_AMOUNT,
            tsvector_literal(words), Jsonb(r.stored()), Jsonb(tf), lengths, norms, r.doc_id)


def _scored_parts(conn: Any, query: ParsedQuery) -> tuple[list[list[Any]], list[list[Any]]]:
    """The query as tantivy's: per clause, per field (boosted), a term query on main and inner words for each
    single word, a phrase query on main words for each sequence. As the arrays that ``RANK_SQL`` unnests: the
    parts (number, clause, weight: boost x idf summed x (1 + k1), the field's average length) and their words
    (part, word, field, offset in the phrase, the phrase's length, whether
    it is one of the phrase's two rarest words)."""
    stats = conn.execute("SELECT docs, tokens FROM search_stats WHERE id = 1").fetchone()
    docs, avg = int(stats["docs"]), bm25.averages(stats)
    wanted: list[tuple[int, tuple[str, ...], int, int]] = []  # (clause, terms as df keys, field, length column)
    for clause_no, clause in enumerate(query.clauses):
        seqs = [(alt,) for alt in clause.alternatives] if isinstance(clause, Term) else list(clause.alternatives)
        for fi in range(len(FIELD_WEIGHTS)):
            for seq in seqs:
                if len(seq) == 1:
                    wanted += [(clause_no, (seq[0],), fi, 2 * fi), (clause_no, (INNER + seq[0],), fi, 2 * fi + 1)]
                else:
                    wanted.append((clause_no, seq, fi, 2 * fi))
    keys = sorted({(t, fi) for _, terms, fi, _ in wanted for t in terms})
    rows = conn.execute("SELECT s.term, s.field, s.df FROM search_terms s JOIN unnest(%s::text[], %s::smallint[]) "
                        "AS k(term, field) USING (term, field)",
                        ([t for t, _ in keys], [fi for _, fi in keys])).fetchall()
    df = {(r["term"], r["field"]): int(r["df"]) for r in rows}
    parts: list[list[Any]] = [[], [], [], []]
    words: list[list[Any]] = [[], [], [], [], [], []]
    for part_no, (clause_no, terms, fi, col) in enumerate(wanted):
        weight = bm25.term_weight(BOOSTS[FIELD_WEIGHTS[fi][0]], sum(bm25.idf(df.get((t, fi), 0), docs) for t in terms))
        for column, value in zip(parts, (part_no, clause_no, weight, avg[col] or 1.0), strict=True):
            column.append(value)
        # a phrase's candidates are found by its two rarest words (the others are met in its positions)
        leads = sorted(range(len(terms)), key=lambda i: df.get((terms[i], fi), 0))[:2]
        for offset, term in enumerate(terms):
            for column, value in zip(words, (part_no, term, fi, offset, len(terms), offset in leads), strict=True):
                column.append(value)
    return parts, words


# A search's scores from the postings (migrations/postgres/007_postings.sql): a term's records by an index-only
# scan; a phrase's candidates are the records holding its two rarest words in the field (index-only, hashed),
# then its count is taken from the positions of all its words (in the index, or in the row when many); BM25 summed per record over the
# parts found, kept when every clause has one (as the tsquery's AND of ORs). Each word of a phrase meets one
# posting per record, so count(*) counts its words found (no DISTINCT: it would sort where a hash does). The
# placeholders: parts (4 arrays), words (6), k1, b, b; then {every_clause}, the HAVING that every clause is met
# (a bit mask: no sort for DISTINCT).
RANK_SQL = """WITH part AS (
    SELECT * FROM unnest(%s::int[], %s::int[], %s::float8[], %s::float8[]) AS t(part, clause, weight, avg)),
word AS (
    SELECT * FROM unnest(%s::int[], %s::text[], %s::smallint[], %s::int[], %s::int[], %s::bool[])
    AS t(part, term, field, off, len, lead)),
term_hit AS (
    SELECT p.doc_id, p.seq, w.part, p.tf::bigint AS tf, p.norm FROM word w
    JOIN search_postings p ON p.term = w.term AND p.field = w.field WHERE w.len = 1),
phrase_record AS (
    SELECT p.doc_id, p.seq, w.part FROM word w
    JOIN search_postings p ON p.term = w.term AND p.field = w.field WHERE w.len > 1 AND w.lead
    GROUP BY 1, 2, 3 HAVING count(*) = 2),
phrase_hit AS (
    SELECT doc_id, seq, part, count(*) AS tf, min(norm) AS norm FROM (
        SELECT d.doc_id, d.seq, d.part, min(p.norm) AS norm FROM phrase_record d
        JOIN word w ON w.part = d.part
        JOIN search_postings p ON p.term = w.term AND p.field = w.field AND p.doc_id = d.doc_id AND p.seq = d.seq
        CROSS JOIN LATERAL unnest(coalesce(p.at, (SELECT q.positions FROM search_postings q WHERE q.term = p.term
            AND q.field = p.field AND q.doc_id = p.doc_id AND q.seq = p.seq))) AS at(pos)
        GROUP BY d.doc_id, d.seq, d.part, at.pos - w.off HAVING count(*) = max(w.len)) AS starts
    GROUP BY 1, 2, 3),
scored AS (
    SELECT h.doc_id, h.seq, sum(e.weight * h.tf / (h.tf + %s * (1 - %s + %s * h.norm / e.avg))) AS score
    FROM (SELECT * FROM term_hit UNION ALL SELECT * FROM phrase_hit) AS h JOIN part e USING (part)
    GROUP BY 1, 2 HAVING {every_clause})
"""


def _by_document(pairs: Iterable[tuple[Record, Split]]) -> Iterator[tuple[int, list[tuple[Record, Split]]]]:
    """Consecutive records grouped by document (a document's records come together)."""
    batch: list[tuple[Record, Split]] = []
    for pair in pairs:
        if batch and pair[0].doc_id != batch[-1][0].doc_id:
            yield batch[0][0].doc_id, batch
            batch = []
        batch.append(pair)
    if batch:
        yield batch[0][0].doc_id, batch


def _with_splits(records: Iterable[Record], splits: Iterable[Split] | None) -> Iterator[tuple[Record, Split]]:
    if splits is not None:
        yield from zip(records, splits, strict=True)
        return
    for _doc_id, batch in _by_document((r, ("",) * 6) for r in records):  # type: ignore[misc]
        records_of_doc: Sequence[Record] = [r for r, _ in batch]
        yield from zip(records_of_doc, split_records(records_of_doc), strict=True)


class ServerIndex(SearchIndex):
    """The index of a PostgreSQL store, kept in the server itself: the same life cycle as a folder's index
    (``kb.search.service.SearchIndex``), its dictionary fingerprint in the ``search_meta`` table."""

    def __init__(self, store: Any) -> None:
        self.engine_name = SERVER_ENGINE
        self.engine = PostgresEngine(store)
        self.directory = None  # type: ignore[assignment]
        meta = self._meta()
        self.stale = (meta.get("dictionary_hash") != dictionary_hash()
                      or int(meta.get("schema", 1)) != self.engine.schema_version)
        self.lock = threading.RLock()

    def _meta(self) -> dict[str, Any]:
        return self.engine.meta()  # type: ignore[attr-defined]

    def _drop_meta(self) -> None:
        self.engine.drop_meta()  # type: ignore[attr-defined]

    def _write_meta(self) -> None:
        self.engine.write_meta({"dictionary_hash": dictionary_hash(), "engine": self.engine_name,  # type: ignore[attr-defined]
                                "schema": self.engine.schema_version})
        self.stale = False
