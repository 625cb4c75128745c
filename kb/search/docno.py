"""文号 lookup tolerant of bracket forms and typos.

A 文号 is split into 机关代字, year and number after every bracket form (〔〕 [] ［］ （） () 【】 ﹝﹞ 「」) is
read as 〔〕; the parts are compared apart (rapidfuzz on the 机关代字, exact-or-fuzzy on year and number), so
邵市政办发[2023]21号 finds 邵市政办发〔2023〕21号 first and a different year or number ranks below a typo in the
机关代字. The store (``kb.refs``) may reuse ``lookup_doc_no`` for suggestions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

_BRACKETS = str.maketrans({"[": "〔", "［": "〔", "【": "〔", "(": "〔", "（": "〔", "﹝": "〔", "「": "〔", "{": "〔",
                           "]": "〕", "］": "〕", "】": "〕", ")": "〕", "）": "〕", "﹞": "〕", "」": "〕", "}": "〕"})
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_PARTS = re.compile(r"^(?P<agency>.*?)\s*〔?\s*(?P<year>(?:19|20)\d{2})\s*〕?\s*年?\s*第?\s*(?P<number>\d+)\s*号?\s*$")
WEIGHTS = (0.5, 0.25, 0.25)  # 机关代字, year, number


class DocNoParts(NamedTuple):
    agency: str
    year: str
    number: str


def normalize_doc_no(text: str) -> str:
    """Brackets as 〔〕, full-width digits as ASCII, no spaces.

    Example: normalize_doc_no("邵市政办发 [2023] 21号") == "邵市政办发〔2023〕21号"
    """
    return re.sub(r"\s+", "", text.translate(_BRACKETS).translate(_DIGITS))


@lru_cache(maxsize=65536)
def split_doc_no(text: str) -> DocNoParts | None:
    """(机关代字, year, number) of a 文号, or None when it does not have that shape.

    Example: split_doc_no("衡政发（2024）4号") == DocNoParts("衡政发", "2024", "4")
    """
    m = _PARTS.match(normalize_doc_no(text))
    if not m or not m.group("agency"):
        return None
    return DocNoParts(m.group("agency"), m.group("year"), m.group("number").lstrip("0") or "0")


def _part_score(a: str, b: str) -> float:
    return 100.0 if a == b else fuzz.ratio(a, b)


def doc_no_score(query: str, candidate: str) -> float:
    """Similarity 0–100 of two 文号: weighted part scores when both split, else a fuzzy ratio of the normalized
    forms.

    Example: doc_no_score("衡政发[2024]4号", "衡政发〔2024〕4号") == 100.0
    """
    q, c = split_doc_no(query), split_doc_no(candidate)
    if q is None or c is None:
        return float(fuzz.WRatio(normalize_doc_no(query), normalize_doc_no(candidate)))
    scores = (fuzz.ratio(q.agency, c.agency), _part_score(q.year, c.year), _part_score(q.number, c.number))
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
