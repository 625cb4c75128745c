"""文号 lookup tolerant of bracket forms and typos.

A 文号 is split into 机关代字, year and number after every bracket form (〔〕 [] ［］ （） () 【】 ﹝﹞ 「」) is
read as 〔〕; the parts are compared apart (rapidfuzz on the 机关代字, exact-or-fuzzy on year and number), so
邵市政办发[2023]21号 finds 邵市政办发〔2023〕21号 first and a different year or number ranks below a typo in the
机关代字. Splitting and normalizing are ``extractor.docno``'s; this module adds the fuzzy
ranking. The store (``kb.queries.references``) may reuse ``lookup_doc_no`` for suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from extractor.docno import DocNoParts, doc_no_key, split_doc_no

WEIGHTS = (0.5, 0.25, 0.25)  # 机关代字, year, number


def dated_parts(text: str) -> DocNoParts | None:
    """``split_doc_no`` of a 文号 that has a year (only those are looked up by parts; an order number with no
    year is compared whole).

    Example: dated_parts("衡政发（2024）4号") == DocNoParts("衡政发", 2024, "4")
    """
    parts = split_doc_no(text)
    return parts if parts is not None and parts.year is not None else None


def _part_score(a: str, b: str) -> float:
    return 100.0 if a == b else fuzz.ratio(a, b)


def doc_no_score(query: str, candidate: str) -> float:
    """Similarity 0–100 of two 文号: weighted part scores when both split, else a fuzzy ratio of the normalized
    forms.

    Example: doc_no_score("衡政发[2024]4号", "衡政发〔2024〕4号") == 100.0
    """
    q, c = dated_parts(query), dated_parts(candidate)
    if q is None or c is None:
        return float(fuzz.WRatio(doc_no_key(query) or "", doc_no_key(candidate) or ""))
    scores = (fuzz.ratio(q.agency, c.agency), _part_score(str(q.year), str(c.year)), _part_score(q.number, c.number))
    return round(sum(w * s for w, s in zip(WEIGHTS, scores, strict=True)), 2)


def lookup_doc_no(query: str, candidates: Iterable[str | None], limit: int = 10,
                  cutoff: float = 60.0) -> list[tuple[str, float]]:
    """The candidates closest to ``query``, best first, as ``(doc_no, score)`` with score ≥ ``cutoff``.

    Example: lookup_doc_no("邵市政办发(2023)21号", ["邵市政办发〔2024〕4号", "邵市政办发〔2023〕21号"])[0]
        == ("邵市政办发〔2023〕21号", 100.0)
    """
    seen: set[str] = set()
    scored = []
    for cand in candidates:
        if not cand or cand in seen:
            continue
        seen.add(cand)
        score = doc_no_score(query, cand)
        if score >= cutoff:
            scored.append((cand, score))
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored[:limit]
