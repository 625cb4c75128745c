"""The 文号 index gives what scoring every candidate with ``doc_no_score`` gives: the same 文号, scores and order,
at the cutoffs search (80) and the hints (60) use, for real 文号 and their near neighbours."""

from __future__ import annotations

import json

import pytest

from extractor.pipeline import extract_text
from kb.search.docno import DocNoIndex, dated_parts, doc_no_score, lookup_doc_no
from tests.conftest import DEV, SEEDS, SHARED

AT_THE_CUTOFFS = {80.0: "邵市教育发〔2023〕21号", 60.0: "湘教育局发〔2023〕21号"}


def real_doc_nos() -> list[str]:
    headers = [extract_text(p.read_text("utf-8")).header for p in SEEDS]
    found = [h.doc_no.text for h in headers if h.doc_no]
    for corpus in (DEV, SHARED / "corpus" / "wider"):
        meta = corpus / "metadata.json"
        if meta.is_file():
            entries = json.loads(meta.read_text("utf-8"))
            found += [e.get("doc_no") for e in (entries.values() if isinstance(entries, dict) else entries)
                      if isinstance(e, dict)]
    return sorted({n for n in found if n})


def neighbours(doc_no: str) -> list[str]:
    """Other 文号 a store could hold beside it: the next number, the year before, a 机关代字 one character off."""
    parts = dated_parts(doc_no)
    if parts is None:
        return [doc_no.replace("第", "第1", 1)]
    agency, year, number = parts.agency, parts.year, parts.number
    return [f"{agency}〔{year}〕{int(number) + 1}号", f"{agency}〔{year - 1}〕{number}号",
            f"{agency[:-1]}办〔{year}〕{number}号", f"{agency}〔{year}〕{number}1号"]


def typed(doc_no: str) -> list[str]:
    """How a user may type it: other brackets, no brackets, a character dropped, a wrong year."""
    out = [doc_no.replace("〔", "[").replace("〕", "]"), doc_no.replace("〔", "(").replace("〕", ")"), doc_no[1:]]
    parts = dated_parts(doc_no)
    if parts is not None:
        out += [f"{parts.agency}{parts.year}年{parts.number}号", f"{parts.agency}〔{parts.year + 1}〕{parts.number}号"]
    return out


def brute_force(query: str, candidates: list[str], cutoff: float) -> list[tuple[str, float]]:
    scored = [(c, doc_no_score(query, c)) for c in dict.fromkeys(candidates)]
    return sorted([s for s in scored if s[1] >= cutoff], key=lambda s: (-s[1], s[0]))


@pytest.mark.parametrize("cutoff", [80.0, 60.0])
def test_the_index_scores_as_every_candidate_scored_apart(cutoff: float) -> None:
    held = real_doc_nos()
    assert len(held) >= 5
    # an order number (no year: compared whole) and two 文号 right at the cutoffs for 邵市政办发〔2023〕21号: a
    # 机关代字 ratio of 60 scores exactly 80, one of 19.999… rounds to exactly 60
    candidates = sorted({n for h in held for n in [h, *neighbours(h)]}) + ["中华人民共和国国务院令第588号",
                                                                            *AT_THE_CUTOFFS.values()]
    index = DocNoIndex(candidates)
    queries = [q for h in held for q in [h, *typed(h)]] + ["国务院令第746号", "衡政发"]
    for query in queries:
        expected = brute_force(query, candidates, cutoff)
        assert index.lookup(query, limit=len(candidates), cutoff=cutoff) == expected, query
        assert lookup_doc_no(query, candidates, limit=3, cutoff=cutoff) == expected[:3]
    assert any(brute_force(q, candidates, cutoff) for q in queries)


@pytest.mark.parametrize("cutoff", sorted(AT_THE_CUTOFFS))
def test_a_doc_no_scoring_exactly_the_cutoff_is_found(cutoff: float) -> None:
    query, candidate = "邵市政办发〔2023〕21号", AT_THE_CUTOFFS[cutoff]
    assert doc_no_score(query, candidate) == cutoff
    found = DocNoIndex([candidate, "衡政发〔2024〕4号"]).lookup(query, cutoff=cutoff)
    assert found == [(candidate, cutoff)]
