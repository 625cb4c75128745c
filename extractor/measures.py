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
on the measures of that clause (``_conditions``). ``topic``, ``domain``, ``confidence`` and ``topic_method``
stay None here: kb assigns them at ingest.

Beyond the shared contract (/work/notes/measure_contract.md), ``Tier`` carries ``unit`` (the unit of its
metric: 美元 thresholds are compared in USD) and ``Condition`` carries ``mode`` (a territory's ``within`` /
``may_adopt``) and ``any_of`` (one of the titles named is enough): matching needs them and the facts have them.
A settled window (自其落户两个自然年度内) is a Condition with ``unit="natural_years"``, ``interval`` (0, n] and
``values=("settled_on",)``, the profile date it counts from.

``to_dict`` gives every Decimal as an exact string (the store's form); ``from_dict`` reads it back exactly.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from extractor.facts._common import alternation, lexicon
from extractor.models import Clause, Document, Fact, Interval
from extractor.sentences import sentence_bounds
from extractor.support_segments import is_support, measure_spans

SUMMARY_CHARS = 60


# -- the records ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Money:
    value: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Cap:
    value: Decimal
    currency: str | None
    period: str | None
    scope: str | None
    quote: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PerUnit:
    """0.25元/千瓦时, 每新增1家体验店给予5万元: ``unit`` 家, ``per_text`` 体验店, ``cap`` the most in all."""

    value: Decimal
    currency: str | None
    unit: str
    per_text: str | None
    cap: Money | None
    quote: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Rate:
    """A fraction of a cost (``base``: 实际服务费用 … when the text names it); role subsidy_rate | cap_rate | full."""

    value: Decimal
    role: str
    base: str | None
    quote: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Condition:
    kind: str
    scope: str  # "document" | "measure"
    text: str
    metric: str | None
    interval: Interval | None
    unit: str | None
    currency: str | None
    values: tuple[str, ...]
    quote: str
    start: int
    end: int
    mode: str | None = None
    any_of: bool = False


@dataclass(frozen=True, slots=True)
class Tier:
    interval: Interval | None
    metric: str | None
    metric_text: str | None
    award: Money | None
    rate: Decimal | None
    level: str | None  # 国家级 / 省级, or an enumerated category, when tiers are told apart that way
    conditions: tuple[Condition, ...]
    quote: str
    start: int
    end: int
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Application:
    deadline: str | None
    deadline_text: str | None
    where: str | None
    materials: tuple[str, ...]
    publicity: str | None
    automatic: bool
    quotes: tuple[tuple[str, int, int], ...]


@dataclass(frozen=True, slots=True)
class NonCumulation:
    """A non-cumulation rule; ``quote`` is its whole sentence (label left out), which says what it joins."""

    rule: str
    scope: str  # same_type | same_matter | other_policies | document
    quote: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Measure:
    clause: str | None
    clause_label: str | None
    start: int
    end: int
    quote: str
    summary: str
    certain_amount: Money | None
    tier_max: Money | None
    caps: tuple[Cap, ...]
    upper_bound: Money | None
    amount_basis: str
    rate: Decimal | None
    rates: tuple[Rate, ...]
    per_unit: tuple[PerUnit, ...]
    thresholds: tuple[Condition, ...]
    tiers: tuple[Tier, ...]
    conditions: tuple[Condition, ...]
    conditions_all: bool
    beneficiary: str | None
    non_cumulation: tuple[NonCumulation, ...]
    application: Application | None
    period: tuple[str | None, str | None] | None
    topic: str | None = None
    domain: str | None = None
    confidence: float | None = None
    topic_method: str | None = None
    bound_note: str | None = None  # why upper_bound is what it is, when not plain (a cap out of reach, no maximum)

    @property
    def max_amount(self) -> Money | None:
        return self.upper_bound

    @property
    def currency(self) -> str | None:
        """The measure's own currency: that of its upper bound, else of the first amount it names."""
        if self.upper_bound is not None:
            return self.upper_bound.currency
        return next((c.currency for c in self.caps if c.currency), None)

    def to_dict(self) -> dict[str, Any]:
        """The stored form: Decimals as exact strings, intervals as dicts, tuples as lists."""
        return _out(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Measure:
        return _measure_in(data)


# -- derive -----------------------------------------------------------------------------------------------------


def derive_measures(doc: Document) -> tuple[Measure, ...]:
    """The support measures of one document, in reading order.

    Example:
        doc = extract_file("corpus/003_a8d1c58ffad7e9cd.txt")
        [m.upper_bound for m in derive_measures(doc) if m.clause == "2.6.12"] == [Money(Decimal(200000), "CNY")]
    """
    text = doc.text
    by_id = {c.id: c for c in doc.clauses}
    shared = _Shared(_non_cumulation(doc), _application(doc.facts), _eligibility(doc))
    by_clause: dict[str | None, list[Fact]] = {}
    for fact in doc.facts:
        by_clause.setdefault(fact.clause, []).append(fact)
    measures: list[Measure] = []
    for clause_id in [c.id for c in doc.clauses] + [None]:
        own = by_clause.get(clause_id) or []
        if not any(is_support(f) for f in own):
            continue
        clause = by_id.get(clause_id) if clause_id is not None else None
        children = [c for c in doc.clauses if c.parent == clause_id] if clause_id is not None else doc.clauses
        spans = measure_spans(text, clause, children, own)
        for start, end in spans:
            inside = [f for f in own if start <= f.start < end]
            measures.append(_measure(text, clause, start, end, inside, len(spans) > 1, shared))
    return tuple(measures)


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
    caps = tuple(Cap(f.value, _currency(f), f.extra.get("period"), f.extra.get("scope"), f.quote, f.start, f.end)
                 for f in facts if f.kind == "cap" and f.unit != "%" and isinstance(f.value, Decimal))
    threshold_facts = [f for f in facts if f.kind == "condition" and f.role == "threshold"]
    tiers = tuple(_tier(t, f, threshold_facts) for f in facts if f.kind == "tier" for t in f.extra.get("tiers") or [])
    per_unit = tuple(_per_unit(f) for f in per_unit_facts if isinstance(f.value, Decimal))
    rates = tuple(sorted((Rate(f.value, f.role, f.extra.get("base"), f.quote, f.start, f.end) for f in facts
                          if f.kind == "rate" and f.role in {"subsidy_rate", "cap_rate", "full"}
                          and isinstance(f.value, Decimal)), key=lambda r: r.start))
    thresholds = tuple(_threshold(f) for f in facts if f.kind == "condition" and f.role == "threshold")
    beneficiary = _beneficiary(facts)

    currency = _first_currency(awards, caps, per_unit, tiers)
    stated = [f.value for f in awards if isinstance(f.value, Decimal) and _currency(f) == currency]
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
        amount_basis=_basis(certain, tiers, per_unit, rates, caps, quote),
        rate=max((r.value for r in rates), default=None), rates=rates, per_unit=per_unit,
        thresholds=thresholds, tiers=tiers,
        conditions=_conditions(shared, clause, thresholds, facts),
        conditions_all=_conditions_all(text, thresholds, tiers),
        beneficiary=beneficiary,
        non_cumulation=shared.non_cumulation,
        application=shared.application,
        period=_period(facts),
    )


def reachable_bound(currency: str | None, stated: Decimal | None, tier_max: Decimal | None, caps: list[Decimal],
                    unit_caps: list[Decimal], uncapped_units: list[str],
                    proportional: bool) -> tuple[Decimal | None, str | None]:
    """The most a measure could pay, and why when that is not plain; every amount in ``currency``.

    A stated award or the highest tier counts as is (tiers pay the highest one matched); a per-unit award
    (``unit_caps``: the caps of per-unit awards, ``uncapped_units``: the quotes of those with none) or a rate
    (``proportional``) counts only through a cap; a cap above everything else the measure pays is out of reach and
    is not the bound (邵市政办发〔2023〕21号 七: tiers of 2万, 5万, 15万 under a yearly 30万 cap pay at most 15万).

    Example: reachable_bound("CNY", None, Decimal(150000), [Decimal(300000)], [], [], False)[0] == Decimal(150000)
    """
    bounded = [v for v in (stated, tier_max, *unit_caps) if v is not None]
    if uncapped_units or proportional:
        if caps:
            return max(caps + bounded), None
        what = f"a per-unit award ({uncapped_units[0]})" if uncapped_units else "a rate"
        return None, f"not bounded: {what} with no stated maximum"
    if bounded and caps and max(bounded) < max(caps):
        most = max(bounded)
        how = " (the highest tier matched)" if most == tier_max else ""
        return most, (f"cap {max(caps):,f} {currency or ''} is out of reach: the measure pays at most "
                      f"{most:,f} {currency or ''}{how}").replace("  ", " ")
    return max(bounded + caps, default=None), None


def _currency(fact: Fact) -> str | None:
    return fact.extra.get("currency") or fact.unit


def _first_currency(awards: list[Fact], caps: tuple[Cap, ...], per_unit: tuple[PerUnit, ...],
                    tiers: tuple[Tier, ...]) -> str | None:
    """The currency of the first amount the text names: amounts in another currency are never compared with it."""
    found: list[tuple[int, str | None]] = [(f.start, _currency(f)) for f in awards]
    found += [(c.start, c.currency) for c in caps]
    found += [(p.start, p.cap.currency) for p in per_unit if p.cap is not None]
    found += [(10**9, t.award.currency) for t in tiers if t.award is not None]
    return min(found, key=lambda f: f[0])[1] if found else None


def _basis(certain: Money | None, tiers: tuple[Tier, ...], per_unit: tuple[PerUnit, ...],
           rates: tuple[Rate, ...], caps: tuple[Cap, ...], quote: str) -> str:
    if certain is not None:
        return "stated"
    if tiers:
        return "tiers"
    if per_unit:
        return "per_unit"
    if caps:
        return "cap_only"
    if rates:
        return "rate_without_base"
    if _lex()["by_hand"].search(quote):
        return "by_hand"
    return "not_stated"


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    words = lexicon("measures")
    return {
        "by_hand": re.compile(alternation(words["by_hand"])),
        "or": re.compile(words["conditions_or"]),
        "scopes": [(scope, re.compile("|".join(patterns)))
                   for scope, patterns in words["non_cumulation_scopes"].items()],
        "label": re.compile(words["clause_label"]),
    }


def _interval(value: Any) -> Interval | None:
    if isinstance(value, Interval):
        return value
    if isinstance(value, dict):
        return Interval(_dec(value.get("low")), bool(value.get("low_inclusive")), _dec(value.get("high")),
                        bool(value.get("high_inclusive")))
    return None


def _dec(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _tier(tier: dict[str, Any], fact: Fact, thresholds: list[Fact]) -> Tier:
    award = _dec(tier.get("award"))
    currency = tier.get("currency") or fact.extra.get("currency")

    def said(c: dict[str, Any]) -> Fact:
        """The threshold fact stating a tier's condition (its own words), else the tier schedule."""
        interval = _interval(c.get("interval"))
        return next((t for t in thresholds if t.extra.get("metric") == c.get("metric")
                     and _interval(t.extra.get("interval")) == interval), fact)

    conditions = tuple(
        Condition("threshold", "measure", c.get("metric_text") or c.get("metric") or "", c.get("metric"),
                  _interval(c.get("interval")), c.get("unit"), c.get("currency"), (), (src := said(c)).quote,
                  src.start, src.end)
        for c in tier.get("conditions") or [])
    return Tier(_interval(tier.get("interval")), tier.get("metric"), tier.get("metric_text"),
                Money(award, currency) if award is not None and currency else None, _dec(tier.get("rate")),
                tier.get("level") or tier.get("category") or tier.get("label"), conditions, fact.quote,
                fact.start, fact.end, tier.get("unit"))


def _per_unit(fact: Fact) -> PerUnit:
    cap = _dec(fact.extra.get("cap"))
    currency = _currency(fact)
    cap_currency = fact.extra.get("cap_currency") or currency
    return PerUnit(fact.value, currency, fact.extra.get("per") or "", fact.extra.get("per_noun"),
                   Money(cap, cap_currency) if cap is not None and cap_currency else None, fact.quote, fact.start,
                   fact.end)


def _threshold(fact: Fact) -> Condition:
    return Condition("threshold", "measure", fact.extra.get("metric_text") or fact.extra.get("metric") or fact.quote,
                     fact.extra.get("metric"), _interval(fact.extra.get("interval")), fact.unit,
                     fact.extra.get("currency"), (), fact.quote, fact.start, fact.end)


def _beneficiary(facts: list[Fact]) -> str | None:
    kinds = [f.value for f in facts if f.kind == "beneficiary" and f.value]
    if not kinds:
        return None
    counts = Counter(kinds)
    return max(kinds, key=lambda k: (counts[k], -kinds.index(k)))


def _conditions(shared: _Shared, clause: Clause | None, thresholds: tuple[Condition, ...],
                facts: list[Fact]) -> tuple[Condition, ...]:
    """The measure's thresholds and beneficiary, then the eligibility conditions that reach it: the document's
    (scope ``document``) and its clause's."""
    own = [*thresholds]
    for f in facts:
        if f.kind == "beneficiary" and f.value:
            own.append(Condition("beneficiary", "measure", f.extra.get("term") or f.quote, None, None, None, None,
                                 (str(f.value),), f.quote, f.start, f.end))
    clause_id = clause.id if clause else None
    reach = [c for where, c in shared.eligibility if where is None or (clause_id is not None and where == clause_id)]
    return (*own, *reach)


def _eligibility(doc: Document) -> tuple[tuple[str | None, Condition], ...]:
    out: list[tuple[str | None, Condition]] = []
    for f in doc.facts:
        if f.kind != "eligibility":
            continue
        scope = f.extra.get("scope")
        interval, unit, values = _interval(f.extra.get("interval")), f.unit, tuple(f.extra.get("values") or ())
        if f.extra.get("natural_years"):
            interval = Interval(Decimal(0), False, Decimal(f.extra["natural_years"]), True)
            unit, values = "natural_years", (str(f.extra.get("anchor") or "settled_on"),)
        condition = Condition(f.role, "document" if scope == "document" else "measure",
                              f.extra.get("text") or f.quote, None, interval, unit, None, values, f.quote, f.start,
                              f.end, f.extra.get("mode"), bool(f.extra.get("any_of")))
        out.append((None if scope == "document" else scope, condition))
    return tuple(out)


def _conditions_all(text: str, thresholds: tuple[Condition, ...], tiers: tuple[Tier, ...]) -> bool:
    """True when every threshold must hold: no tier schedule (its thresholds are alternatives) and no 或
    between the first and the last threshold."""
    if tiers:
        return False
    if len(thresholds) < 2:
        return True
    first = min(t.start for t in thresholds)
    last = max(t.end for t in thresholds)
    return not _lex()["or"].search(text, first, last)


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
    )


# -- the stored form --------------------------------------------------------------------------------------------


def _out(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):  # the topic confidence, a score: kept as its exact repr, no float stored
        return repr(value)
    if isinstance(value, Interval):
        return {"low": _out(value.low), "low_inclusive": value.low_inclusive, "high": _out(value.high),
                "high_inclusive": value.high_inclusive}
    if hasattr(value, "__dataclass_fields__"):
        return {name: _out(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, list | tuple):
        return [_out(v) for v in value]
    return value


def _money_in(d: dict[str, Any] | None) -> Money | None:
    return Money(Decimal(d["value"]), d["currency"]) if d else None


def _condition_in(d: dict[str, Any]) -> Condition:
    return Condition(d["kind"], d["scope"], d["text"], d["metric"], _interval(d["interval"]), d["unit"],
                     d["currency"], tuple(d["values"]), d["quote"], d["start"], d["end"], d.get("mode"),
                     bool(d.get("any_of")))


def _measure_in(d: dict[str, Any]) -> Measure:
    app = d.get("application")
    period = d.get("period")
    return Measure(
        clause=d["clause"], clause_label=d["clause_label"], start=d["start"], end=d["end"], quote=d["quote"],
        summary=d["summary"], certain_amount=_money_in(d["certain_amount"]), tier_max=_money_in(d["tier_max"]),
        caps=tuple(Cap(Decimal(c["value"]), c["currency"], c["period"], c["scope"], c["quote"], c["start"],
                       c["end"]) for c in d["caps"]),
        upper_bound=_money_in(d["upper_bound"]), amount_basis=d["amount_basis"], rate=_dec(d["rate"]),
        rates=tuple(Rate(Decimal(r["value"]), r["role"], r["base"], r["quote"], r["start"], r["end"])
                    for r in d["rates"]),
        per_unit=tuple(PerUnit(Decimal(p["value"]), p["currency"], p["unit"], p["per_text"], _money_in(p["cap"]),
                               p["quote"], p["start"], p["end"]) for p in d["per_unit"]),
        thresholds=tuple(_condition_in(c) for c in d["thresholds"]),
        tiers=tuple(Tier(_interval(t["interval"]), t["metric"], t["metric_text"], _money_in(t["award"]),
                         _dec(t["rate"]), t["level"], tuple(_condition_in(c) for c in t["conditions"]), t["quote"],
                         t["start"], t["end"], t.get("unit")) for t in d["tiers"]),
        conditions=tuple(_condition_in(c) for c in d["conditions"]), conditions_all=bool(d["conditions_all"]),
        beneficiary=d["beneficiary"],
        non_cumulation=tuple(NonCumulation(n["rule"], n["scope"], n["quote"], n["start"], n["end"])
                             for n in d["non_cumulation"]),
        application=Application(app["deadline"], app["deadline_text"], app["where"], tuple(app["materials"]),
                                app["publicity"], bool(app["automatic"]),
                                tuple((q, s, e) for q, s, e in app["quotes"])) if app else None,
        period=(period[0], period[1]) if period else None,
        topic=d.get("topic"), domain=d.get("domain"),
        confidence=float(d["confidence"]) if d.get("confidence") is not None else None,
        topic_method=d.get("topic_method"), bound_note=d.get("bound_note"),
    )
