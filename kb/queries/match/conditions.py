"""One condition of a measure against a profile: the exact intervals (``Interval.contains``; 超过 excludes its
number, 以上/达到 include it), the beneficiary kind, and conditions joined by 或 (any one is enough).

A condition asked of a figure is a threshold (``Condition``), a tier (``Tier``: its interval is the threshold it
pays for) or a tier's own condition, read as the extractor typed it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from extractor import Interval
from extractor.measures import Condition, Tier
from extractor.sentences import sentence_bounds
from kb.queries.match.figures import _figure, dimension, map_metric
from kb.queries.match.profile import Profile, entity_kinds, figures
from kb.text.format import UNIT_SHOWN, amount_text, interval_text, money_text
from kb.text.messages import text

STATUSES = ("eligible", "needs_information", "not_eligible")

_OR = re.compile(r"[，,；;]\s*或|或者")  # as extractor/data/measures.yaml conditions_or: 国家或地区 joins words, not conditions

Asked = Condition | Tier  # what a figure is checked against: a threshold, a tier, a tier's condition


@dataclass(slots=True)
class Check:
    """One condition read against the profile: outcome ``pass`` | ``fail`` | ``missing`` | ``unmapped``."""

    metric: str | None
    metric_text: str | None
    quote: str | None
    interval: Interval | None
    dimension: str | None
    figure: str | None = None
    value: Decimal | None = None
    outcome: str = "unmapped"
    why: str = ""

    def failed(self) -> dict[str, Any]:
        return {"metric": self.metric, "quote": self.quote, "value": self.value,
                "interval": interval_record(self.interval), "figure": self.figure}


@dataclass(slots=True)
class Context:
    """What the words around a measure say: its quote and the clause headings (for mapping metrics)."""

    text: str | None = None
    headings: str = ""
    clause_start: int = 0
    offset: int = 0  # where ``text`` starts in the document: a measure's quote starts at its span

    def before(self, start: int | None) -> str:
        """The sentence before a condition's number (at ``start`` in the document), within its clause; plus the
        headings."""
        if not self.text or start is None:
            return self.headings
        start -= self.offset
        if not 0 <= start <= len(self.text):
            return self.headings
        begin, _ = sentence_bounds(self.text, start)
        return self.text[max(begin, self.clause_start - self.offset, 0):start] + " " + self.headings

    def joined_by_or(self, conditions: list[Condition]) -> bool:
        """Does 或 join these conditions in the text (between the first and the last)?"""
        if not self.text or len(conditions) < 2:
            return False
        return bool(_OR.search(self.text, max(min(c.start for c in conditions) - self.offset, 0),
                               max(c.end for c in conditions) - self.offset))


@dataclass(slots=True)
class Outcome:
    status: str
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)


# -- numbers and intervals -------------------------------------------------------------------------------------


def interval_record(interval: Interval | None) -> dict[str, Any] | None:
    """An interval as the match result shows it: its bounds as Decimals, None for an open end."""
    if interval is None:
        return None
    return {"low": interval.low, "low_inclusive": interval.low_inclusive, "high": interval.high,
            "high_inclusive": interval.high_inclusive}


def condition_record(c: Condition) -> dict[str, Any]:
    return {"metric": c.metric, "metric_text": metric_words(c), "interval": interval_record(c.interval),
            "unit": c.unit, "currency": c.currency, "quote": c.quote, "span": [c.start, c.end]}


def tier_record(tier: Tier | None) -> dict[str, Any] | None:
    """The tier paid, as the match result shows it: its award and intervals as Decimals."""
    if tier is None:
        return None
    return {"metric": tier.metric, "metric_text": tier.metric_text, "interval": interval_record(tier.interval),
            "unit": tier.unit, "award": tier.award.value if tier.award else None,
            "currency": tier.award.currency if tier.award else None, "award_is_cap": tier.award_is_cap,
            "level": tier.level,
            "conditions": [condition_record(c) for c in tier.conditions]}


def metric_words(asked: Asked) -> str | None:
    """The words that name a condition's figure (跨境电商出口总额): a tier's own, a condition's text."""
    if isinstance(asked, Tier):
        return asked.metric_text
    return asked.text if asked.metric else None


def asked_key(asked: Asked) -> tuple[Any, ...]:
    """What makes two conditions the same question: the metric and the interval (an open end's flag ignored)."""
    iv = asked.interval
    if iv is None:
        return asked.metric, None
    return asked.metric, (iv.low, iv.low_inclusive if iv.low is not None else None,
                          iv.high, iv.high_inclusive if iv.high is not None else None)


def check(asked: Asked, profile: Profile, on: date, context: str = "", dim: str | None = None,
          lang: str = "en", quote: str | None = None) -> Check:
    """Read one condition (a threshold, a tier or a tier's condition) against the profile (``why`` in
    ``lang``); ``quote`` is the words shown for it, its own by default.

    Example: check(threshold_over_1m_usd, p, date(2025, 6, 1), dim="USD").outcome == "pass"
    """
    currency = asked.currency if isinstance(asked, Condition) else None
    dim = dim or dimension(asked.unit, currency)
    own_quote = asked.quote if isinstance(asked, Condition) else None
    result = Check(asked.metric, metric_words(asked), quote or own_quote, asked.interval, dim)
    if asked.interval is None:
        result.why = text(lang, "why_no_interval")
        return result
    key, why = map_metric(result.metric, result.metric_text, dim, context, lang)
    if key is None:
        result.why = why
        return result
    result.figure = key
    value = profile.figure(key, on)
    if value is None:
        result.outcome = "missing"
        return result
    result.value = value  # in the figure's unit; compared in the condition's (years → months for 半年以上)
    compared = value * 12 if dim == "months" and figures()[key].unit == "years" else value
    result.outcome = "pass" if asked.interval.contains(compared) else "fail"
    return result


def _value(c: Check) -> str:
    """The profile's figure with its unit: ``1,200,000 美元``, ``0.5 年``, ``70%``."""
    unit = figures()[c.figure].unit if c.figure in figures() else c.dimension
    shown = UNIT_SHOWN.get(unit or "", "")
    return amount_text(c.value, unit) + (f" {shown}" if shown else "")


def _said(c: Check, lang: str) -> str:
    quote = c.quote or interval_text(c.interval, c.dimension, lang)
    words = c.metric_text or c.metric
    return f"「{words} {quote}」" if words and words not in quote else f"「{quote}」"


def _money(amount: Decimal | None, currency: str | None, lang: str) -> str:
    return money_text(amount, currency, lang)


# -- one measure -----------------------------------------------------------------------------------------------


def _beneficiary_kind(named: str) -> str:
    """The kind key of a beneficiary (its key, or the kind whose words it holds); ``?words`` when none fits."""
    kinds = entity_kinds()
    if named in kinds:
        return named
    words = sorted(((w, k) for k, spec in kinds.items() for w in spec.words if w in named), key=lambda wk: -len(wk[0]))
    return words[0][1] if words else f"?{named}"


def _beneficiary(beneficiary: str | None, profile: Profile, lang: str) -> Outcome | None:
    kinds = entity_kinds()
    own = kinds[profile.entity_kind]
    if not beneficiary:  # 对当年跨境电商出口总额破零的: the conditions say who
        return None
    named = [_beneficiary_kind(beneficiary)]
    claimable = {profile.entity_kind, *own.also}
    if any(k in claimable for k in named):
        return None
    unknown = [k[1:] for k in named if k.startswith("?")]
    if unknown:
        return Outcome("needs_information", [text(lang, "beneficiary_unknown", named="、".join(unknown),
                                                  own_label=own.label)])
    shown = text(lang, "kind_sep").join(text(lang, "kind", label=kinds[k].label, key=k) for k in named)
    return Outcome("not_eligible", [text(lang, "beneficiary_other", named=shown,
                                         own=text(lang, "kind", label=own.label, key=profile.entity_kind))])


def _conditions(checks: list[Check], all_needed: bool, lang: str) -> Outcome:
    """All groups must hold (one condition each, or alternatives on one figure: 500万元（含）—3000万元和3000万元及以上);
    with ``all_needed`` false (conditions joined by 或) one condition is enough."""
    groups = _alternatives(checks) if all_needed else ([checks] if checks else [])
    out = Outcome("eligible")
    states = []
    for group in groups:
        if any(c.outcome == "pass" for c in group):
            states.append("pass")
        elif all(c.outcome == "fail" for c in group):
            states.append("fail")
        else:
            states.append("unknown")
    if "fail" in states:
        out.status = "not_eligible"
        for group, state in zip(groups, states, strict=True):
            for c in group if state == "fail" else []:
                out.reasons.append(text(lang, "condition_not_met", said=_said(c, lang),
                                        figure=_figure(c.figure, lang), value=_value(c),
                                        needs=interval_text(c.interval, c.dimension, lang)))
                out.failed.append(c.failed())
        return out
    for c in checks:
        if c.outcome == "pass":
            out.reasons.append(text(lang, "condition_met", said=_said(c, lang),
                                    figure=_figure(c.figure, lang, short=True), value=_value(c)))
    if "unknown" in states:
        out.status = "needs_information"
        for group, state in zip(groups, states, strict=True):
            if state == "unknown":
                _unknown_reasons([c for c in group if c.outcome in {"missing", "unmapped"}], out, lang,
                                 either=len(group) > 1)
    return out


def _alternatives(checks: list[Check]) -> list[list[Check]]:
    """Conditions on one figure whose intervals cannot hold together are alternatives (one group); every other
    condition is a group of its own."""
    by_figure: dict[Any, list[Check]] = {}
    for c in checks:
        by_figure.setdefault(c.figure or ("?", c.metric, c.metric_text), []).append(c)
    groups: list[list[Check]] = []
    for same in by_figure.values():
        if len(same) > 1 and all(_disjoint(a.interval, b.interval) for i, a in enumerate(same) for b in same[i + 1:]):
            groups.append(same)
        else:
            groups.extend([c] for c in same)
    return groups


def _disjoint(a: Interval | None, b: Interval | None) -> bool:
    if a is None or b is None:
        return False
    first, second = sorted((a, b), key=lambda i: (i.low is not None, i.low or 0))
    if first.high is None or second.low is None:
        return False
    return first.high < second.low or first.high == second.low and not (first.high_inclusive and second.low_inclusive)


def _unknown_reasons(unknown: list[Check], out: Outcome, lang: str, either: bool = False) -> None:
    lead = text(lang, "either") if either else ""
    for c in unknown:
        if c.outcome == "missing":
            out.missing.append(c.figure or "")
            out.reasons.append(text(lang, "condition_give", lead=lead, said=_said(c, lang),
                                    figure=_figure(c.figure, lang)))
        else:
            out.reasons.append(text(lang, "condition_by_hand", lead=lead, said=_said(c, lang), why=c.why))
