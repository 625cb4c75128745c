"""Support measures: typed records built once, here, from an extracted ``Document`` (``derive_measures``).

A support is a run of sentences holding award money, a tier schedule, a per-unit amount, a subsidy rate or a
cap, inside the smallest clause that holds it (``extractor.support_segments``). Each measure names its amounts
once for every layer:

- ``certain_amount`` — a sum the text states for this measure (an award fact, not 最高…); never a cap; None with
  a tier schedule (the sum depends on the tier) or when no award is stated;
- ``tier_max`` — the largest stated tier award; ``caps`` — every cap with its period and scope;
- ``upper_bound`` — the most it could pay (``reachable_bound``): the stated award or the highest tier, a per-unit
  amount or a rate only through a cap, a cap above everything else it pays out of reach and not the bound
  (``bound_note`` says so); in the currency of the first amount the text names, never converted; ``max_amount``
  is kept as its alias for the JSON contracts;
- ``amount_basis`` — how the sum is known: ``stated`` | ``tiers`` | ``per_unit`` | ``rate_without_base`` |
  ``cap_only`` | ``by_hand`` (一事一议, 给予适当支持: ``data/measures.yaml``) | ``not_stated``.

``conditions`` holds the measure's thresholds and beneficiary, and the eligibility facts
(``extractor.facts.eligibility``): scope ``document`` ones on every measure of the document, clause-scoped ones
on the measures of that clause. ``topic``, ``domain``, ``confidence`` and ``topic_method`` stay None here: kb
assigns them at ingest.

The work is in four modules: the records and their stored form (``extractor.measure_records``, re-exported
here), the amounts (``extractor.measure_amounts``), the conditions (``extractor.measure_conditions``) and, here,
the assembly of one measure with what its document shares (non-cumulation rules, the application procedure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from extractor.facts._common import lexicon
from extractor.measure_amounts import amount_basis, currency_of, first_currency, per_unit_of, reachable_bound
from extractor.measure_conditions import (
    beneficiary_of,
    conditions_all,
    eligibility_of,
    measure_conditions,
    threshold_of,
    tier_of,
)
from extractor.measure_records import (
    Application,
    Cap,
    Condition,
    Measure,
    Money,
    NonCumulation,
    PerUnit,
    Rate,
    Tier,
)
from extractor.models import Clause, Document, Fact
from extractor.sentences import sentence_bounds
from extractor.support_segments import has_unstated_support, is_support, measure_spans

__all__ = ["Application", "Cap", "Condition", "Measure", "Money", "NonCumulation", "PerUnit", "Rate", "Tier",
           "derive_measures", "non_cumulation_scopes", "reachable_bound"]

SUMMARY_CHARS = 60


# -- derive -----------------------------------------------------------------------------------------------------


def derive_measures(doc: Document) -> tuple[Measure, ...]:
    """The support measures of one document, in reading order.

    Example:
        doc = extract_file("corpus/003_a8d1c58ffad7e9cd.txt")
        [m.upper_bound for m in derive_measures(doc) if m.clause == "2.6.12"] == [Money(Decimal(200000), "CNY")]
    """
    text = doc.text
    by_id = {c.id: c for c in doc.clauses}
    shared = _Shared(_non_cumulation(doc), _application(doc.facts), eligibility_of(doc))
    by_clause: dict[str | None, list[Fact]] = {}
    for fact in doc.facts:
        by_clause.setdefault(fact.clause, []).append(fact)
    measures: list[Measure] = []
    for clause_id in [c.id for c in doc.clauses] + [None]:
        own = by_clause.get(clause_id) or []
        clause = by_id.get(clause_id) if clause_id is not None else None
        if not any(is_support(f) for f in own) and not (
                clause is not None and has_unstated_support(text, clause.start, clause.end)):
            continue
        children = [c for c in doc.clauses if c.parent == clause_id] if clause_id is not None else doc.clauses
        spans = measure_spans(text, clause, children, own)
        for start, end in spans:
            inside = [f for f in own if start <= f.start < end]
            measures.append(_measure(text, clause, start, end, inside, len(spans) > 1, shared))
    return tuple(measures)


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    words = lexicon("measures")
    return {"scopes": non_cumulation_scopes(), "label": re.compile(words["clause_label"])}


@lru_cache(maxsize=1)
def non_cumulation_scopes() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """What a non-cumulation sentence may join, each scope with its pattern (``data/measures.yaml``), in the
    order a rule's ``scope`` is chosen: other_policies, same_matter, same_type, document.

    Example: [s for s, p in non_cumulation_scopes() if p.search("同一企业同类型奖励不重复享受")] == ["same_type", "document"]
    """
    return tuple((scope, re.compile("|".join(patterns)))
                 for scope, patterns in lexicon("measures")["non_cumulation_scopes"].items())


@dataclass(frozen=True, slots=True)
class _Shared:
    non_cumulation: tuple[NonCumulation, ...]
    application: Application | None
    eligibility: tuple[tuple[str | None, Condition], ...]  # (clause id or None for the document, condition)


def _measure(text: str, clause: Clause | None, start: int, end: int, facts: list[Fact], split: bool,
             shared: _Shared) -> Measure:
    quote = text[start:end]
    per_unit_facts = [f for f in facts if f.kind == "per_unit" and f.role == "award"]
    awards = [f for f in facts if f.kind == "money" and f.role == "award"
              and not any(p.start <= f.start and f.end <= p.end for p in per_unit_facts)]
    caps = tuple(Cap(f.value, currency_of(f), f.extra.get("period"), f.extra.get("scope"), f.quote, f.start, f.end)
                 for f in facts if f.kind == "cap" and f.unit != "%" and isinstance(f.value, Decimal))
    threshold_facts = [f for f in facts if f.kind == "condition" and f.role == "threshold"]
    tiers = tuple(tier_of(t, f, threshold_facts) for f in facts if f.kind == "tier" for t in f.extra.get("tiers") or [])
    per_unit = tuple(per_unit_of(f) for f in per_unit_facts if isinstance(f.value, Decimal))
    rates = tuple(sorted((Rate(f.value, f.role, f.extra.get("base"), f.quote, f.start, f.end) for f in facts
                          if f.kind == "rate" and f.role in {"subsidy_rate", "cap_rate", "full"}
                          and isinstance(f.value, Decimal)), key=lambda r: r.start))
    thresholds = tuple(threshold_of(f) for f in facts if f.kind == "condition" and f.role == "threshold")
    beneficiary = beneficiary_of(facts)

    currency = first_currency(awards, caps, per_unit, tiers)
    stated = [f.value for f in awards if isinstance(f.value, Decimal) and currency_of(f) == currency]
    certain = Money(max(stated), currency) if stated and not tiers and currency else None
    tier_awards = [t.award for t in tiers if t.award is not None]
    tier_max = max(tier_awards, key=lambda m: m.value) if tier_awards else None
    same_tiers = [a.value for a in tier_awards if a.currency == currency]
    upper_value, bound_note = reachable_bound(
        currency, max(stated, default=None), max(same_tiers, default=None),
        [c.value for c in caps if c.currency == currency],
        [p.cap.value for p in per_unit if p.cap is not None and p.cap.currency == currency],
        [p.quote for p in per_unit if p.cap is None], bool(rates))
    upper = Money(upper_value, currency) if upper_value is not None and currency else None
    heading = clause.heading if clause else None
    return Measure(
        clause=clause.id if clause else None,
        clause_label=clause.label if clause else None,
        start=start, end=end, quote=quote,
        summary=_summary(quote) if split or not heading else _summary(heading),
        certain_amount=certain, tier_max=tier_max, caps=caps, upper_bound=upper, bound_note=bound_note,
        amount_basis=amount_basis(certain, tiers, per_unit, rates, caps, quote),
        rate=max((r.value for r in rates), default=None), rates=rates, per_unit=per_unit,
        thresholds=thresholds, tiers=tiers,
        conditions=measure_conditions(shared.eligibility, clause, thresholds, facts),
        conditions_all=conditions_all(text, thresholds, tiers),
        beneficiary=beneficiary,
        non_cumulation=shared.non_cumulation,
        application=shared.application,
        period=_period(facts),
    )



def _period(facts: list[Fact]) -> tuple[str | None, str | None] | None:
    start = next((f.value for f in facts if f.kind == "date" and f.role == "period_start"), None)
    end = next((f.value for f in facts if f.kind == "date" and f.role == "period_end"), None)
    return (start, end) if start or end else None


def _summary(text: str) -> str:
    text = " ".join(text.split()).rstrip("。；;，,")
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = max(text.rfind(p, 0, SUMMARY_CHARS - 1) for p in "，；、")
    return (text[:cut] if cut >= SUMMARY_CHARS // 3 else text[:SUMMARY_CHARS - 1]) + "…"


def _non_cumulation(doc: Document) -> tuple[NonCumulation, ...]:
    """Each rule with its whole sentence (the sentence around the fact's, its clause label and spaces left out)."""
    out = []
    text = doc.text
    for f in doc.facts:
        if f.kind != "non_cumulation":
            continue
        s, e = f.extra.get("sentence") or (f.start, f.end)
        start, end = sentence_bounds(text, s, e - 1)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        label = _lex()["label"].match(text[start:end])
        if label:
            start += label.end()
        sentence = text[start:end]
        scope = next((s for s, pattern in _lex()["scopes"] if pattern.search(sentence)), "same_type")
        out.append(NonCumulation(str(f.value), scope, sentence, start, end))
    return tuple(out)


def _application(facts: list[Fact]) -> Application | None:
    found = [f for f in facts if f.kind == "application"]
    if not found:
        return None

    def first(role: str) -> Fact | None:
        return next((f for f in found if f.role == role), None)

    deadline, receiver, materials, publicity = first("deadline"), first("receiver"), first("materials"), \
        first("publicity")
    return Application(
        deadline=str(deadline.value) if deadline and deadline.value else None,
        deadline_text=(deadline.extra.get("deadline_text") or deadline.quote) if deadline else None,
        where=str(receiver.value) if receiver else None,
        materials=tuple(materials.extra.get("items") or ()) if materials else (),
        publicity=publicity.quote if publicity else None,
        automatic=first("automatic") is not None,
        quotes=tuple((f.quote, f.start, f.end) for f in found),
        organiser=str(organiser.value) if (organiser := first("organiser")) else None,
    )


