"""Both stores answer a search alike (issue 17): over the seeds and the dev corpus, SQLite + tantivy and PostgreSQL
(search in the server) find the same hits, by document and clause, with the same totals, for the queries of
tests/store/test_search.py and a few more, plain and filtered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kb.ingest import ingest
from kb.search import Filters, search
from tests.conftest import CORPUS, StoreMaker, dev_files, require_postgres, requires_shared

pytestmark = requires_shared

QUERIES = [
    # the queries of tests/store/test_search.py
    "海外仓", "补贴", "保费", '"跨境电商 海外仓"', "海外仓 奖励", '"海外仓 奖励"', "电商", "奖励",
    "邵市政办发[2023]21号",
    # and a few more: policy words, the dev corpus's own subjects, a phrase across a dictionary word
    "以旧换新", '"保费 补贴"', "财政", "养老服务", "残疾人", "社会保险", "户籍", "法律责任", "消费品 以旧换新 补贴",
]
FILTERS = [Filters(), Filters(city="邵阳"), Filters(on="2025-06-01"), Filters(min_amount=100_000),
           Filters(issuer="人民政府")]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    require_postgres()
    makers = {name: StoreMaker(name, tmp_path_factory) for name in ("sqlite", "postgres")}
    try:
        stores = {}
        for name, maker in makers.items():
            stores[name] = maker.new("agree")
            report = ingest([CORPUS, *dev_files()], stores[name], workers=1)
            assert report.ok, report.failed
        yield stores
    finally:
        for maker in makers.values():
            maker.close()


def answer(store: Any, query: str, filters: Filters) -> tuple[list[tuple[str, str, str | None]], int]:
    """Every hit as (kind, the document's source file, clause id), best first (ids aside), and the total."""
    sources = {row["id"]: row["source"] for row in store.documents()}
    hits = search(store, query, filters, limit=10_000)
    return [(h.kind, sources[h.doc_id], h.clause) for h in hits], hits.total


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: repr(f).removeprefix("Filters"))
@pytest.mark.parametrize("query", QUERIES)
def test_both_stores_find_the_same_hits(both: dict[str, Any], query: str, filters: Filters) -> None:
    sqlite, sqlite_total = answer(both["sqlite"], query, filters)
    postgres, postgres_total = answer(both["postgres"], query, filters)
    assert sqlite_total == postgres_total == len(sqlite) == len(postgres)
    assert set(sqlite) == set(postgres)


def test_both_stores_have_hits_to_compare(both: dict[str, Any]) -> None:
    """The comparison above is not over empty answers: most queries find something on the dev corpus."""
    found = [q for q in QUERIES if answer(both["sqlite"], q, Filters())[1]]
    assert len(found) >= len(QUERIES) - 2, set(QUERIES) - set(found)


def test_both_stores_rank_the_same_top_five(both: dict[str, Any]) -> None:
    """PostgreSQL ranks by tantivy's BM25 in SQL (kb.search.bm25): the same top five, scores aside."""
    differ = [q for q in QUERIES
              if answer(both["sqlite"], q, Filters())[0][:5] != answer(both["postgres"], q, Filters())[0][:5]]
    assert differ == []
