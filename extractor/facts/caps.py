"""Caps (kind ``cap``, role ``cap``): the most a beneficiary can get.

最高不超过 / 最高给予 / 不超过 / 最高 / 补贴总额不超过 / 上限 … (``cap_phrases`` in ``data/amounts.yaml``) before a
money amount, or before a rate (保费补贴不超过50% → unit "%", value a fraction). ``value`` in base units with
``currency``; ``period``: ``per_year`` (每年/年度/当年) or ``once`` (一次性), else null — a year word wins over
一次性 (每个海外仓每年最高给予一次性奖励20万元 is a yearly cap); ``scope``: per_enterprise (每家企业/单个企业),
per_warehouse, per_store, per_platform, per_project, per_person, per_park, else null. Scope and period words are
looked for in the amount's comma clause up to the amount. The span runs from the first scope or period word (or
the cap phrase) to the amount.

Money caps come from the ``money`` facts of role ``cap`` (the items of a capped list 最高给予10万元、20万元 share
their head's phrase); rate caps from the ``rate`` facts of role ``cap_rate``.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractor.facts._amounts import SEGMENT_STOPS, bounds, cap_phrase_before, scope_and_period
from extractor.facts.numbers import Quantity
from extractor.models import Document, Fact


def extract(doc: Document) -> Iterator[Fact]:
    text = doc.text
    phrase_start: int | None = None
    last_end = -1
    for fact in list(doc.facts):
        if not (
            (fact.kind == "money" and fact.role == "cap") or (fact.kind == "rate" and fact.role == "cap_rate")
        ):
            continue
        q = Quantity("money", fact.value, fact.unit or "", fact.start, fact.end, fact.end)
        phrase = cap_phrase_before(text, q)
        if phrase is not None:
            phrase_start = phrase.start()
        elif not (text[last_end : fact.start] in ("、", "和", "及") and phrase_start is not None):
            continue
        last_end = fact.end
        seg_start, _ = bounds(text, fact.start, SEGMENT_STOPS)
        lo = seg_start if phrase is not None else phrase_start
        scope, period, spans = scope_and_period(text, lo, fact.start)
        start = min([phrase_start, *(s for s, _ in spans if s < phrase_start)])
        extra = {"currency": fact.extra.get("currency"), "period": period, "scope": scope}
        if fact.kind == "rate":
            extra.pop("currency")
        yield Fact("cap", "cap", fact.value, fact.unit, text[start : fact.end], start, fact.end, extra=extra)
