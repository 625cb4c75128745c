"""``KnowledgeBase.browse`` (facets and counts over the seeds), ``search``'s true total and paging, and the
hints for a query without hits."""

from __future__ import annotations

import pytest

from kb import KnowledgeBase
from tests.conftest import ingest_seeds

HENGYANG, LISHUI = "衡政发〔2024〕4号", "丽政办发〔2024〕64号"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory):
    with KnowledgeBase.open(ingest_seeds(tmp_path_factory, "browse")) as opened:
        yield opened


def counts(answer: dict, facet: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in answer["facets"][facet]}


def test_every_document_is_listed_with_counts_that_add_up(kb: KnowledgeBase) -> None:
    answer = kb.browse(limit=100)
    assert answer["total"] == kb.count() == len(answer["rows"])
    for facet in ("province", "city", "year", "doc_type", "status"):  # one value per document
        assert sum(counts(answer, facet).values()) == answer["total"], facet
    assert counts(answer, "province") == {"湖南省": 4, "浙江省": 1}
    assert counts(answer, "city")["邵阳市"] == 2


@pytest.mark.parametrize(("filters", "doc_nos"), [
    ({"city": "衡阳市"}, {HENGYANG}),
    ({"province": "浙江省"}, {LISHUI}),
    ({"city": ["衡阳市", "丽水市"]}, {HENGYANG, LISHUI}),
    ({"year": "2024", "province": "湖南省"}, {HENGYANG, "邵市政办发〔2024〕4号"}),
    ({"issuer": "衡阳市人民政府"}, {HENGYANG}),
])
def test_filters_keep_the_documents_that_match(kb: KnowledgeBase, filters: dict, doc_nos: set[str]) -> None:
    answer = kb.browse(filters, limit=100)
    assert {r["doc_no"] for r in answer["rows"]} == doc_nos and answer["total"] == len(doc_nos)


def test_a_facet_still_counts_its_other_values_when_one_is_chosen(kb: KnowledgeBase) -> None:
    """Choosing 衡阳市 narrows the year facet to its year, but the city facet still offers every city."""
    answer = kb.browse({"city": "衡阳市"})
    assert counts(answer, "year") == {"2024": 1}
    assert {"邵阳市", "丽水市", "衡阳市"} <= set(counts(answer, "city"))


def test_status_is_taken_on_the_day_asked(kb: KnowledgeBase) -> None:
    """衡政发〔2024〕4号 is in force from 2024-05-07 for two years: in force in 2025, expired in late 2026."""
    assert kb.browse({"city": "衡阳市"}, on="2025-06-01")["rows"][0]["status"] == "in_force"
    assert kb.browse({"city": "衡阳市"}, on="2026-11-22")["rows"][0]["status"] == "expired"


def test_domains_come_from_the_measures_topics(kb: KnowledgeBase) -> None:
    row = kb.browse({"city": "衡阳市"})["rows"][0]
    assert "电子商务" in row["domains"]  # its 海外仓 and cross-border awards


@pytest.mark.parametrize(("sort", "first"), [("newest", LISHUI), ("oldest", "州政办发〔2018〕25号")])
def test_sorted_and_paged(kb: KnowledgeBase, sort: str, first: str) -> None:
    page1, page2 = kb.browse(sort=sort, limit=2), kb.browse(sort=sort, offset=2, limit=2)
    assert page1["rows"][0]["doc_no"] == first
    assert not {r["id"] for r in page1["rows"]} & {r["id"] for r in page2["rows"]}


def test_unknown_facets_and_sorts_are_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="facets"):
        kb.browse({"colour": "red"})
    with pytest.raises(ValueError, match="sort"):
        kb.browse(sort="random")


def test_search_counts_every_hit_and_pages_through_them(kb: KnowledgeBase) -> None:
    every = kb.search("补贴", limit=1000)
    first, second = kb.search("补贴", limit=10), kb.search("补贴", limit=10, offset=10)
    assert first.total == second.total == every.total == len(every) > 20
    assert [(h.doc_id, h.clause) for h in first + second] == [(h.doc_id, h.clause) for h in every[:20]]


@pytest.mark.parametrize(("query", "near"), [("衡政发〔2024〕44号", HENGYANG), ("丽政办发(2024)46号", LISHUI)])
def test_a_mistyped_doc_no_is_offered_the_nearest_held(kb: KnowledgeBase, query: str, near: str) -> None:
    assert near in [d["doc_no"] for d in kb.search_hints(query)["doc_nos"]][:2]


def test_a_query_without_hits_is_offered_shorter_ones_that_have_some(kb: KnowledgeBase) -> None:
    query = "海外仓 量子计算"
    assert kb.search(query).total == 0
    shorter = kb.search_hints(query)["shorter"]
    assert shorter and shorter[0]["query"] == "海外仓" and shorter[0]["total"] == kb.search("海外仓").total
