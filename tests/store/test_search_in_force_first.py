"""``KnowledgeBase.search(in_force_first=True)``: every hit once, page after page; documents in force first, then
those not yet in force, of unknown status, then those no longer in force; relevance order within each status, over
every hit (the search service orders the ranked document ids, not a window of them)."""

from __future__ import annotations

from itertools import groupby

import pytest

from kb import KnowledgeBase
from kb.search.hits import status_rank

QUERIES = ("补贴", "电子商务", "跨境电商")


@pytest.mark.parametrize("query", QUERIES)
def test_pages_keep_every_hit_once_in_status_then_relevance_order(db: str, query: str) -> None:
    with KnowledgeBase.open(db) as base:
        relevance = base.search(query, limit=10_000)
        pages = [base.search(query, limit=5, offset=offset, in_force_first=True)
                 for offset in range(0, relevance.total, 5)]
        on_a_day = base.search(query, base.filters(on="2026-06-01"), limit=10_000, in_force_first=True)
    shown = [h for page in pages for h in page]
    keys = [(h.doc_id, h.clause or "") for h in shown]
    assert [p.total for p in pages] == [relevance.total] * len(pages)
    assert len(set(keys)) == len(keys) and sorted(keys) == sorted((h.doc_id, h.clause or "") for h in relevance)
    ranks = [status_rank(h.status) for h in shown]
    assert ranks == sorted(ranks)
    position = {(h.doc_id, h.clause or ""): i for i, h in enumerate(relevance)}
    for _, group in groupby(shown, key=lambda h: status_rank(h.status)):
        within = [position[(h.doc_id, h.clause or "")] for h in group]
        assert within == sorted(within)
    assert all(h.status == "in_force" for h in on_a_day)  # the on filter still drops what is not in force


def test_the_seeds_hold_hits_of_more_than_one_status(db: str) -> None:
    """Else the ordering test above orders nothing: the seeds' 衡阳 notice expired on 2026-05-06."""
    with KnowledgeBase.open(db) as base:
        hits = base.search("补贴", limit=10_000)
    assert len({status_rank(h.status) for h in hits}) > 1
