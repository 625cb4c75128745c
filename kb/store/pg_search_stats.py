"""The BM25 statistics of a PostgreSQL store's search records (``search_terms``: each word's document frequency
per field; ``search_stats``: the records' count and the fields' total lengths) and their postings
(``search_postings``), kept in step by every write that adds or removes records: the search engine's
(``kb.search.postgres_engine``, which writes the postings) and the store's own removal of a document, whose records
go with it by the foreign key's cascade."""

from __future__ import annotations

from typing import Any

# advisory lock key held by every write to search_records, so that two ingests' batches never interleave
SEARCH_LOCK = 0x706B7301


def count_search_records(cur: Any, doc_ids: list[int], sign: int) -> None:
    """Add (``sign`` 1) or take away (-1) the records of ``doc_ids`` in the BM25 statistics; terms in a fixed order,
    so that two writers never wait for each other's rows."""
    cur.execute("INSERT INTO search_terms (term, field, df) SELECT e.key, f.i, %s * count(*) "
                "FROM search_records r, jsonb_each(r.tf) AS e, generate_series(0, 2) AS f(i) "
                "WHERE r.doc_id = ANY(%s) AND (e.value ->> f.i)::int > 0 GROUP BY 1, 2 ORDER BY 1, 2 "
                "ON CONFLICT (term, field) DO UPDATE SET df = search_terms.df + EXCLUDED.df", (sign, doc_ids))
    cur.execute("UPDATE search_stats SET docs = docs + %s * (SELECT count(*) FROM search_records "
                "WHERE doc_id = ANY(%s)), tokens = ARRAY(SELECT t.v + %s * coalesce(a.v, 0) "
                "FROM unnest(search_stats.tokens) WITH ORDINALITY AS t(v, i) LEFT JOIN (SELECT l.i, sum(l.v) AS v "
                "FROM search_records r, unnest(r.lengths) WITH ORDINALITY AS l(v, i) WHERE r.doc_id = ANY(%s) "
                "GROUP BY l.i) AS a USING (i) ORDER BY t.i)", (sign, doc_ids, sign, doc_ids))
    if sign < 0:
        cur.execute("DELETE FROM search_terms WHERE df <= 0")


def forget_search_records(cur: Any, doc_ids: list[int]) -> None:
    """Take the records of ``doc_ids`` out of the statistics and drop their postings, before the records go: the
    records' own word counts name the postings' keys (the postings have no index by document)."""
    count_search_records(cur, doc_ids, -1)
    cur.execute("DELETE FROM search_postings p USING (SELECT r.doc_id, r.seq, e.key, f.i FROM search_records r, "
                "jsonb_each(r.tf) AS e, generate_series(0, 2) AS f(i) WHERE r.doc_id = ANY(%s) "
                "AND (e.value ->> f.i)::int > 0) AS k "
                "WHERE p.term = k.key AND p.field = k.i AND p.doc_id = k.doc_id AND p.seq = k.seq", (doc_ids,))
