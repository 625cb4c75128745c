"""``KnowledgeBase.search(in_force_first=True)`` pages: every hit once, in force first within the status-ordered
window, relevance order past it; the window made small so that the seeds' hits run beyond it."""

from __future__ import annotations

import pytest

import kb.api
from kb import KnowledgeBase

QUERY = "补贴"


def test_pages_beyond_the_window_keep_every_hit_once(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    window = 7
    monkeypatch.setattr(kb.api, "IN_FORCE_FIRST_WINDOW", window)
    with KnowledgeBase.open(db) as base:
        relevance = base.search(QUERY, limit=1000)
        assert relevance.total > 3 * window  # else nothing runs past the window
        pages = [base.search(QUERY, limit=5, offset=offset, in_force_first=True)
                 for offset in range(0, relevance.total, 5)]
    shown = [(h.doc_id, h.clause) for page in pages for h in page]
    assert [p.total for p in pages] == [relevance.total] * len(pages)
    assert sorted(shown) == sorted((h.doc_id, h.clause) for h in relevance) and len(set(shown)) == len(shown)
    head = [(h.doc_id, h.clause) for h in sorted(relevance[:window], key=lambda h: kb.api.STATUS_ORDER[h.status])]
    assert shown[:window] == head
    assert shown[window:] == [(h.doc_id, h.clause) for h in relevance[window:]]
