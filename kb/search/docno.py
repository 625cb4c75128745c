"""文号 lookup tolerant of bracket forms and typos.

A 文号 is split into 机关代字, year and number after every bracket form (〔〕 [] ［］ （） () 【】 ﹝﹞ 「」) is
read as 〔〕; the parts are compared apart (rapidfuzz on the 机关代字, exact-or-fuzzy on year and number), so
邵市政办发[2023]21号 finds 邵市政办发〔2023〕21号 first and a different year or number ranks below a typo in the
机关代字. Splitting and normalizing are ``extractor.docno``'s; this module adds the fuzzy
ranking. The store (``kb.queries.references``) may reuse ``lookup_doc_no`` for suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

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
    return _parts_score(q, c, fuzz.ratio(q.agency, c.agency))


def lookup_doc_no(query: str, candidates: Iterable[str | None], limit: int = 10,
                  cutoff: float = 60.0) -> list[tuple[str, float]]:
    """The candidates closest to ``query``, best first, as ``(doc_no, score)`` with score ≥ ``cutoff``
    (``doc_no_score``; ``DocNoIndex`` keeps the candidates split for many lookups).

    Example: lookup_doc_no("邵市政办发(2023)21号", ["邵市政办发〔2024〕4号", "邵市政办发〔2023〕21号"])[0]
        == ("邵市政办发〔2023〕21号", 100.0)
    """
    return DocNoIndex(candidates).lookup(query, limit, cutoff)


class DocNoIndex:
    """A set of 文号 split once into their parts and keys, looked up with the scores of ``doc_no_score``: the
    机关代字 are compared in one rapidfuzz call over the distinct ones, and only those that can still reach
    the cutoff have their 文号 scored whole (a store's 文号 are kept so, per store generation).

    Example: DocNoIndex(["衡政发〔2024〕4号"]).lookup("衡政发[2024]4号") == [("衡政发〔2024〕4号", 100.0)]
    """

    def __init__(self, candidates: Iterable[str | None]) -> None:
        self.doc_nos = list(dict.fromkeys(c for c in candidates if c))
        self.keys = [doc_no_key(c) or "" for c in self.doc_nos]
        self.by_agency: dict[str, list[tuple[str, DocNoParts]]] = {}
        self.undated: list[int] = []  # positions of the 文号 without a year: compared whole
        for position, doc_no in enumerate(self.doc_nos):
            parts = dated_parts(doc_no)
            if parts is None:
                self.undated.append(position)
            else:
                self.by_agency.setdefault(parts.agency, []).append((doc_no, parts))
        self.agencies = list(self.by_agency)
        self.undated_keys = [self.keys[i] for i in self.undated]

    def lookup(self, query: str, limit: int = 10, cutoff: float = 60.0) -> list[tuple[str, float]]:
        q = dated_parts(query)
        key = doc_no_key(query) or ""
        if q is None:
            scored = [(self.doc_nos[i], float(s)) for _, s, i in
                      process.extract(key, self.keys, scorer=fuzz.WRatio, score_cutoff=cutoff, limit=None)]
        else:
            scored = [(self.doc_nos[self.undated[i]], float(s)) for _, s, i in
                      process.extract(key, self.undated_keys, scorer=fuzz.WRatio, score_cutoff=cutoff, limit=None)]
            # the year and the number weigh half: a 机关代字 below this ratio cannot bring a 文号 to the cutoff
            least = max(0.0, (cutoff - 100 * (1 - WEIGHTS[0])) / WEIGHTS[0] - 0.1)
            for agency, ratio, _ in process.extract(q.agency, self.agencies, scorer=fuzz.ratio, score_cutoff=least,
                                                    limit=None):
                for doc_no, parts in self.by_agency[agency]:
                    score = _parts_score(q, parts, ratio)
                    if score >= cutoff:
                        scored.append((doc_no, score))
        scored.sort(key=lambda x: (-x[1], x[0]))
        return scored[:limit]


def _parts_score(q: DocNoParts, c: DocNoParts, agency_ratio: float) -> float:
    scores = (agency_ratio, _part_score(str(q.year), str(c.year)), _part_score(q.number, c.number))
    return round(sum(w * s for w, s in zip(WEIGHTS, scores, strict=True)), 2)
