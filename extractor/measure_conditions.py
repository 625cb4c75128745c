"""The conditions of a measure: its thresholds, tier conditions and beneficiary, the eligibility facts that reach
it (the document's, scope ``document``, and its clause's) and whether all of them must hold."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import lru_cache
from typing import Any

from extractor.facts._common import lexicon
from extractor.measure_records import Condition, Money, Tier, as_decimal, as_interval
from extractor.models import Clause, Document, Fact, Interval


def tier_of(tier: dict[str, Any], fact: Fact, thresholds: list[Fact]) -> Tier:
    award = as_decimal(tier.get("award"))
    currency = tier.get("currency") or fact.extra.get("currency")

    def said(c: dict[str, Any]) -> Fact:
        """The threshold fact stating a tier's condition (its own words), else the tier schedule."""
        interval = as_interval(c.get("interval"))
        return next((t for t in thresholds if t.extra.get("metric") == c.get("metric")
                     and as_interval(t.extra.get("interval")) == interval), fact)

    conditions = tuple(
        Condition("threshold", "measure", c.get("metric_text") or c.get("metric") or "", c.get("metric"),
                  as_interval(c.get("interval")), c.get("unit"), c.get("currency"), (), (src := said(c)).quote,
                  src.start, src.end)
        for c in tier.get("conditions") or [])
    return Tier(as_interval(tier.get("interval")), tier.get("metric"), tier.get("metric_text"),
                Money(award, currency) if award is not None and currency else None, as_decimal(tier.get("rate")),
                tier.get("level") or tier.get("category") or tier.get("label"), conditions, fact.quote,
                fact.start, fact.end, tier.get("unit"), bool(tier.get("award_is_cap")))



def threshold_of(fact: Fact) -> Condition:
    return Condition("threshold", "measure", fact.extra.get("metric_text") or fact.extra.get("metric") or fact.quote,
                     fact.extra.get("metric"), as_interval(fact.extra.get("interval")), fact.unit,
                     fact.extra.get("currency"), (), fact.quote, fact.start, fact.end)


def beneficiary_of(facts: list[Fact]) -> str | None:
    kinds = [f.value for f in facts if f.kind == "beneficiary" and f.value]
    if not kinds:
        return None
    counts = Counter(kinds)
    return max(kinds, key=lambda k: (counts[k], -kinds.index(k)))


def measure_conditions(eligibility: tuple[tuple[str | None, Condition], ...], clause: Clause | None,
                       thresholds: tuple[Condition, ...],
                facts: list[Fact]) -> tuple[Condition, ...]:
    """The measure's thresholds and beneficiary, then the eligibility conditions that reach it: the document's
    (scope ``document``) and its clause's."""
    own = [*thresholds]
    for f in facts:
        if f.kind == "beneficiary" and f.value:
            own.append(Condition("beneficiary", "measure", f.extra.get("term") or f.quote, None, None, None, None,
                                 (str(f.value),), f.quote, f.start, f.end))
    clause_id = clause.id if clause else None
    reach = [c for where, c in eligibility if where is None or (clause_id is not None and where == clause_id)]
    return (*own, *reach)


def eligibility_of(doc: Document) -> tuple[tuple[str | None, Condition], ...]:
    out: list[tuple[str | None, Condition]] = []
    for f in doc.facts:
        if f.kind != "eligibility":
            continue
        scope = f.extra.get("scope")
        interval, unit, values = as_interval(f.extra.get("interval")), f.unit, tuple(f.extra.get("values") or ())
        if f.extra.get("natural_years"):
            interval = Interval(Decimal(0), False, Decimal(f.extra["natural_years"]), True)
            unit, values = "natural_years", (str(f.extra.get("anchor") or "settled_on"),)
        condition = Condition(f.role, "document" if scope == "document" else "measure",
                              f.extra.get("text") or f.quote, None, interval, unit, None, values, f.quote, f.start,
                              f.end, f.extra.get("mode"), bool(f.extra.get("any_of")))
        out.append((None if scope == "document" else scope, condition))
    return tuple(out)


def conditions_all(text: str, thresholds: tuple[Condition, ...], tiers: tuple[Tier, ...]) -> bool:
    """True when every threshold must hold: no tier schedule (its thresholds are alternatives) and no 或
    between the first and the last threshold."""
    if tiers:
        return False
    if len(thresholds) < 2:
        return True
    first = min(t.start for t in thresholds)
    last = max(t.end for t in thresholds)
    return not _or().search(text, first, last)



@lru_cache(maxsize=1)
def _or() -> re.Pattern[str]:
    return re.compile(lexicon("measures")["conditions_or"])
