"""Where a clause's supports are: the sentence runs that become measures (``extractor.measures``).

A clause is cut into sentences at 。！？ (not at line breaks, which also break table rows and PDF lines), its
label, heading and sub-clauses left out; the sentences holding support facts are the supports, except that a
sentence holding nothing but a cap, with no condition (以上两项补助单个企业最高不超过20万元), closes the support
before it. A clause with one support gives one measure; with several (湘西 （十七）: an O2O store, then a 海外托管仓)
one measure each. Budgets (专项资金 of 1000万元) are not supports: nobody applies for them. A sentence that gives
support with no sum (对培训机构给予适当补贴: ``unstated_support`` in ``data/measures.yaml``) is a support too: its
measure has no amount, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from extractor.facts._common import lexicon
from extractor.models import Clause, Fact
from extractor.sentences import split_sentences

SENTENCE_ENDS = "。！？!?"  # not line breaks, which also break table rows and PDF lines


def is_support(fact: Fact) -> bool:
    """Does this fact give support (money, a rate, a tier, a per-unit amount or a cap), not a condition or budget?

    Example: is_support(Fact("money", "award", Decimal(5), "CNY", "5元", 0, 2)) is True
    """
    if fact.kind == "money":
        return fact.role == "award"
    if fact.kind == "rate":
        return fact.role in {"subsidy_rate", "cap_rate"}
    if fact.kind == "per_unit":
        return fact.role == "award"  # not a fine's rate (每平方米处300元罚款)
    return fact.kind in {"tier", "rate_series", "cap"}


def gives_unstated_support(sentence: str) -> bool:
    """Does this sentence give support without stating a sum (给予适当补贴, 给予购房或租房补贴)?

    Example: gives_unstated_support("达到一定培训人数的，对培训机构给予以适当补贴。") is True
    """
    phrase, negated, skip = _unstated()
    if skip.search(sentence):
        return False
    return any(not negated.search(sentence, 0, m.start()) for m in phrase.finditer(sentence))


def has_unstated_support(text: str, start: int, end: int) -> bool:
    """Is there a support phrase with no sum anywhere in ``text[start:end]`` (a quick test before the sentences)?"""
    return _unstated()[0].search(text, start, end) is not None


@lru_cache(maxsize=1)
def _unstated() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = lexicon("measures")["unstated_support"]
    return (re.compile(words["phrase"]), re.compile(words["negated_before"]),
            re.compile("|".join(words["skip_sentence"])))


def body_start(text: str, clause: Clause) -> int:
    """Where a clause's words begin: after its label and, when the text repeats it there, its heading."""
    start = clause.start
    if clause.label and text.startswith(clause.label, start):
        start += len(clause.label)
    if clause.heading and text.startswith(clause.heading, start):
        start += len(clause.heading)
        while start < clause.end and text[start] in "。：:．.，, \t\n":
            start += 1
    return start


def clause_sentences(text: str, clause: Clause | None, children: Iterable[Clause]) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of a clause's own words (its sub-clauses cut out), end after 。."""
    ranges = [(0, len(text))] if clause is None else [(body_start(text, clause), clause.end)]
    for child in sorted(children, key=lambda c: c.start):
        ranges = [piece for s, e in ranges
                  for piece in ((s, min(e, child.start)), (max(s, child.end), e)) if piece[0] < piece[1]]
    return [span for s, e in ranges for span in split_sentences(text, s, e, stops=SENTENCE_ENDS, whole_runs=True)]


def measure_spans(text: str, clause: Clause | None, children: list[Clause],
                  facts: list[Fact]) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each support of a clause, in reading order."""
    sentences = clause_sentences(text, clause, children)
    if not sentences:
        return []
    # sentences a single fact runs across (a tier schedule over 。) are one group
    groups: list[list[int]] = [[s, e] for s, e in sentences]
    for fact in facts:
        hit = [i for i, (s, e) in enumerate(groups) if s < fact.end and fact.start < e]
        if len(hit) > 1:
            first, last = hit[0], hit[-1]
            groups[first:last + 1] = [[groups[first][0], groups[last][1]]]

    supports: list[list[int]] = []
    unstated = not any(is_support(f) for f in facts)  # a clause with a stated sum: its other sentences lead to it
    for g in groups:
        inside = [f for f in facts if g[0] <= f.start < g[1]]
        support = [f for f in inside if is_support(f)]
        if not support:
            if unstated and gives_unstated_support(text[g[0]:g[1]]):
                supports.append(list(g))
            continue
        closing = (supports and all(f.kind == "cap" for f in support)
                   and not any(f.kind in {"condition", "beneficiary"} for f in inside)
                   and not text[g[0]:g[1]].startswith("对"))
        if closing:
            supports[-1][1] = g[1]
        else:
            supports.append(list(g))
    return [(s, e) for s, e in supports]
