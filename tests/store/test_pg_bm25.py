"""BM25 in the PostgreSQL store (kb.search.bm25): tantivy's fieldnorm code, and the statistics the engine's writes
keep (document frequencies per word and field, the records' count, the fields' total lengths) and the postings
(per word and field, each record's count and fieldnorm) equal to a count of the records held, after documents are
written, written again and removed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kb.ingest import ingest
from kb.search import Filters, refresh_index, search
from kb.search.bm25 import NORMS, fieldnorm
from kb.search.postgres_engine import PostgresEngine
from kb.search.records import records_from_store
from tests.conftest import SEEDS, StoreMaker, require_postgres


@pytest.fixture()
def maker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreMaker]:
    """PostgreSQL stores of the test's own (skipped without a server, except under CI=true), dropped after it."""
    require_postgres()
    stores = StoreMaker("postgres", tmp_path_factory)
    yield stores
    stores.close()


def test_fieldnorm_is_exact_up_to_40_then_lossy() -> None:
    assert [fieldnorm(n) for n in range(41)] == list(range(41))
    assert [fieldnorm(n) for n in (41, 42, 43, 59, 60, 1000, 10**9)] == [40, 42, 42, 56, 60, 984, 939524120]
    assert len(NORMS) == 256 and sorted(NORMS) == NORMS


def _held(store: Any) -> tuple[dict[tuple[str, int], int], int, list[int]]:
    with store.pool.connection() as conn:
        recount = conn.execute(
            "SELECT e.key AS term, f.i AS field, count(*) AS df FROM search_records r, jsonb_each(r.tf) AS e, "
            "generate_series(0, 2) AS f(i) WHERE (e.value ->> f.i)::int > 0 GROUP BY 1, 2").fetchall()
        totals = conn.execute("SELECT (SELECT count(*) FROM search_records) AS docs, ARRAY(SELECT (SELECT "
                              "coalesce(sum(r.lengths[i]), 0) FROM search_records r)::bigint "
                              "FROM generate_series(1, 6) AS i ORDER BY i) AS tokens").fetchone()
        kept = conn.execute("SELECT term, field, df FROM search_terms").fetchall()
        stats = conn.execute("SELECT docs, tokens FROM search_stats").fetchone()
        counted = conn.execute(
            "SELECT e.key AS term, f.i AS field, r.doc_id, r.seq, (e.value ->> f.i)::int AS tf, "
            "r.norms[2 * f.i + CASE WHEN left(e.key, 1) = '~' THEN 2 ELSE 1 END] AS norm FROM search_records r, "
            "jsonb_each(r.tf) AS e, generate_series(0, 2) AS f(i) WHERE (e.value ->> f.i)::int > 0").fetchall()
        posted = conn.execute("SELECT term, field, doc_id, seq, tf, norm FROM search_postings").fetchall()
    assert sorted(tuple(r.values()) for r in posted) == sorted(tuple(r.values()) for r in counted)
    assert {(r["term"], r["field"]): r["df"] for r in kept} == {(r["term"], r["field"]): r["df"] for r in recount}
    assert (stats["docs"], list(stats["tokens"])) == (totals["docs"], list(totals["tokens"]))
    return {(r["term"], r["field"]): r["df"] for r in kept}, int(stats["docs"]), list(stats["tokens"])


def test_statistics_follow_writes_and_removals(maker: StoreMaker) -> None:
    store = maker.new("bm25")
    assert ingest(SEEDS, store, workers=1).ok
    df, docs, tokens = _held(store)
    assert docs > len(SEEDS) and all(tokens) and df[("海外仓", 0)] > 0
    pg = PostgresEngine(store)
    first, second = (d["id"] for d in store.documents()[:2])
    pg.index(records_from_store(store, first) + records_from_store(store, second))  # written again
    assert _held(store) == (df, docs, tokens)
    pg.delete([first])
    less, fewer, _ = _held(store)
    assert fewer < docs and sum(less.values()) < sum(df.values())
    pg.index(records_from_store(store, first))
    assert _held(store) == (df, docs, tokens)
    store.delete_document(second)  # the store's removal: its records go by the cascade, and their words too
    after_removal = _held(store)
    assert after_removal[1] < docs
    refresh_index(store, [], [second])  # the outbox's delete of the records already gone changes nothing
    assert _held(store) == after_removal
    pg.clear()
    assert _held(store) == ({}, 0, [0] * 6)
    assert search(store, "海外仓", Filters()).total == 0


def _answers(store: Any) -> list[tuple[int, list[tuple[int, str | None, float]]]]:
    """Total and ranked hits (document, clause, score) of a few queries: words, synonyms, phrases, two clauses."""
    out = []
    for query in ("海外仓", "补贴", '"跨境电商 海外仓"', '"保费 补贴"', "海外仓 奖励", "邵市政办发[2023]21号"):
        hits = search(store, query, Filters(), limit=50)
        out.append((hits.total, [(h.doc_id, h.clause, round(h.score, 9)) for h in hits]))
    return out


def test_a_store_at_version_6_is_migrated_to_postings_and_searches_the_same(maker: StoreMaker) -> None:
    """Migration 7 only adds the postings and an index: a store at 6 is this one without them, its version set
    back."""
    address = maker.address("v6")
    store = maker.open(address)
    assert ingest(SEEDS, store, workers=1).ok
    before = _answers(store)
    assert all(total for total, _ in before)
    with store.pool.connection() as conn:
        conn.execute("DROP TABLE search_postings")
        conn.execute("DROP INDEX search_records_filters")
        conn.execute("UPDATE schema_version SET version = 6")
    store.close()
    migrated = maker.open(address)
    assert migrated.schema_version == 7
    _held(migrated)  # the postings filled from the records equal their recount
    assert _answers(migrated) == before


def test_an_ingest_leaves_its_postings_vacuumed(maker: StoreMaker) -> None:
    """Index-only scans skip the table only on pages vacuum marked all visible: the ingest's end vacuums."""
    store = maker.new("vacuumed")
    assert ingest(SEEDS, store, workers=1).ok
    with store.pool.connection() as conn:
        rows = conn.execute("SELECT relname, vacuum_count FROM pg_stat_user_tables WHERE schemaname = "
                            "current_schema() AND relname IN ('search_postings', 'search_records')").fetchall()
    assert {r["relname"]: r["vacuum_count"] > 0 for r in rows} == {"search_postings": True,
                                                                    "search_records": True}
