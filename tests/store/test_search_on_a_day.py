"""A search on a day keeps exactly the hits of documents in force then (or of unknown status, issued by then), on
every engine of both stores: the engines' date range applies a document's own dates, and the documents a relation
ends (a repeal, a newer version) are left out by the engine itself (``StatusCache.not_in_force``). Checked against
every hit judged one by one by ``kb.queries.validity``."""

from __future__ import annotations

from collections import Counter

import pytest

from kb.ingest import ingest
from kb.queries.validity import status_on
from kb.search import Filters, search
from tests.conftest import (
    BACKENDS,
    LAWREFBOOK,
    SEEDS,
    StoreMaker,
    dev_files,
    requires_lawrefbook,
    requires_shared,
)
from tests.store.test_search import ENGINES_OF
from tests.store.test_search_caches import REPEALING

# two versions of one regulation: the first superseded from the day the second takes effect
VERSIONS = [LAWREFBOOK / "行政法规" / f"互联网上网服务营业场所管理条例({day}).md" for day in ("2019-03-24", "2022-03-29")]
DAYS = ("2015-01-01", "2020-06-01", "2024-06-01", "2025-06-01", "2026-12-01")
QUERIES = ("补贴", "电子商务", "海外仓", "营业场所", "办法")

pytestmark = [requires_shared, requires_lawrefbook]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        pairs = [(b, e) for b in BACKENDS for e in ENGINES_OF[b]]
        metafunc.parametrize(("backend", "engine"), pairs, indirect=["backend"], scope="module",
                             ids=[f"{b}-{e}" for b, e in pairs])
    else:
        metafunc.parametrize("backend", BACKENDS, indirect=True, scope="module")


@pytest.fixture(scope="module")
def store(stores: StoreMaker, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("repeal")
    (folder / "repeal.txt").write_text(REPEALING, encoding="utf-8")
    st = stores.new("on_a_day")
    ingest([*SEEDS, *dev_files(), folder / "repeal.txt", *VERSIONS], st, workers=1)
    return st


def kept(store, doc_id: int, day: str, issued: dict[int, str | None]) -> bool:
    status = status_on(store, doc_id, day)
    if status == "unknown":  # no effective date stated: the engines' date range takes the issue date
        return bool(issued[doc_id]) and str(issued[doc_id]) <= day
    return status == "in_force"


def test_the_store_holds_a_repeal_and_a_superseded_version(store) -> None:
    statuses = {status_on(store, d["id"], "2025-06-01") for d in store.documents()}
    assert {"repealed", "superseded", "in_force"} <= statuses


@pytest.mark.parametrize("query", QUERIES)
def test_a_search_on_a_day_keeps_exactly_the_hits_of_documents_in_force_then(store, engine: str, query: str) -> None:
    everything = search(store, query, limit=10_000, engine=engine)
    assert everything.total == len(everything) > 0
    issued = {d["id"]: d.get("issue_date") for d in store.documents()}
    for day in DAYS:
        expected = Counter((h.doc_id, h.clause) for h in everything if kept(store, h.doc_id, day, issued))
        found = search(store, query, Filters(on=day), limit=10_000, engine=engine)
        assert found.total == sum(expected.values()), day
        assert Counter((h.doc_id, h.clause) for h in found) == expected, day
