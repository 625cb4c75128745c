"""One condition of a measure against a profile: the exact intervals (``Decimal``; 超过 excludes its number,
以上/达到 include it), the beneficiary kind, and conditions joined by 或 (any one is enough)."""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from extractor import Interval
from extractor.measure_records import as_interval
from extractor.sentences import sentence_bounds
from kb.queries.match.figures import _figure, dimension, map_metric
from kb.queries.match.profile import Profile, entity_kinds, figures
from kb.text.format import UNIT_SHOWN, amount_text, dec, interval_text, money_text
from kb.text.messages import text

STATUSES = ("eligible", "needs_information", "not_eligible")




_OR = re.compile(r"[，,；;]\s*或|或者")  # as extractor/data/measures.yaml conditions_or: 国家或地区 joins words, not conditions


@dataclass(slots=True)
class Check:
    """One condition read against the profile: outcome ``pass`` | ``fail`` | ``missing`` | ``unmapped``."""

    metric: str | None
    metric_text: str | None
    quote: str | None
    interval: dict[str, Any] | None
    dimension: str | None
    figure: str | None = None
    value: Decimal | None = None
    outcome: str = "unmapped"
    why: str = ""

    def failed(self) -> dict[str, Any]:
        return {"metric": self.metric, "quote": self.quote, "value": self.value,
                "interval": exact_interval(self.interval), "figure": self.figure}


@dataclass(slots=True)
class Context:
    """What the words around a measure say: the document text and the clause headings (for mapping metrics)."""

    text: str | None = None
    headings: str = ""
    clause_start: int = 0
    offset: int = 0  # where ``text`` starts in the document: a measure's quote starts at its span

    def before(self, span: Any) -> str:
        """The sentence before a condition's number, within its clause; plus the headings."""
        if not self.text or not isinstance(span, list | tuple) or not span:
            return self.headings
        start = int(span[0]) - self.offset
        if not 0 <= start <= len(self.text):
            return self.headings
        begin, _ = sentence_bounds(self.text, start)
        return self.text[max(begin, self.clause_start - self.offset, 0):start] + " " + self.headings

    def joined_by_or(self, conditions: list[dict[str, Any]]) -> bool:
        """Does 或 join these conditions in the text (between the first and the last)?"""
        spans = [c["span"] for c in conditions if isinstance(c.get("span"), list | tuple) and c["span"]]
        if not self.text or len(spans) < 2:
            return False
        return bool(_OR.search(self.text, max(min(s[0] for s in spans) - self.offset, 0),
                               max(s[1] for s in spans) - self.offset))


@dataclass(slots=True)
class Outcome:
    status: str
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)


# -- numbers and intervals -------------------------------------------------------------------------------------


def in_interval(value: Decimal, interval: dict[str, Any] | Interval) -> bool:
    """Is ``value`` inside ``interval`` (an ``Interval`` or its dict {low, low_inclusive, high, high_inclusive};
    None is an open end)? The extractor's ``Interval.contains`` decides: one reading of 以上/超过 for every layer.

    Example: in_interval(Decimal(1000000), {"low": 1000000, "low_inclusive": False}) is False  # 超过100万
    """
    typed = as_interval(interval)
    if typed is None:
        raise TypeError(f"not an interval: {interval!r}")
    return typed.contains(value)


def exact_interval(interval: dict[str, Any] | None) -> dict[str, Any] | None:
    """An interval with its bounds as Decimals (the store keeps them as strings).

    Example: exact_interval({"low": "500000", "low_inclusive": False})["low"] == Decimal(500000)
    """
    if not interval:
        return interval
    return {"low": dec(interval.get("low")), "low_inclusive": bool(interval.get("low_inclusive")),
            "high": dec(interval.get("high")), "high_inclusive": bool(interval.get("high_inclusive"))}


def exact_tier(tier: dict[str, Any] | None) -> dict[str, Any] | None:
    """A tier with its award and intervals as Decimals."""
    if tier is None:
        return None
    out = {**tier, "interval": exact_interval(tier.get("interval")), "award": dec(tier.get("award"))}
    if tier.get("conditions"):
        out["conditions"] = [{**c, "interval": exact_interval(c.get("interval"))} for c in tier["conditions"]]
    return out


def _interval_key(interval: dict[str, Any] | None) -> tuple[Any, ...] | None:
    if not interval:
        return None
    return (dec(interval.get("low")), bool(interval.get("low_inclusive")) if interval.get("low") is not None else None,
            dec(interval.get("high")), bool(interval.get("high_inclusive")) if interval.get("high") is not None
            else None)


def check(condition: dict[str, Any], profile: Profile, on: date, context: str = "",
          dim: str | None = None, lang: str = "en") -> Check:
    """Read one condition (a threshold, a tier or a tier's condition) against the profile (``why`` in
    ``lang``).

    Example: check({"metric": "出口额", "metric_text": "跨境电商出口总额", "unit": "USD",
                    "interval": {"low": 1000000, "low_inclusive": False}}, p, date(2025, 6, 1)).outcome
    """
    dim = dim or dimension(condition.get("unit"), condition.get("currency"))
    interval = condition.get("interval")
    result = Check(condition.get("metric"), condition.get("metric_text"), condition.get("quote"), interval, dim)
    if not interval:
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
    result.outcome = "pass" if in_interval(compared, interval) else "fail"
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


def _beneficiary_kinds(value: Any) -> list[str]:
    if isinstance(value, str) and value[:1] in "[{":
        with contextlib.suppress(json.JSONDecodeError):
            value = json.loads(value)
    if isinstance(value, dict):
        value = value.get("kind") or value.get("value") or value.get("term")
    items = value if isinstance(value, list) else [value] if value else []
    kinds = entity_kinds()
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("kind") or item.get("value") or item.get("term")
        if not item:
            continue
        if item in kinds:
            out.append(item)
            continue
        words = sorted(((w, k) for k, spec in kinds.items() for w in spec.words if w in str(item)),
                       key=lambda wk: -len(wk[0]))
        out.append(words[0][1] if words else f"?{item}")
    return list(dict.fromkeys(out))


def _beneficiary(measure: dict[str, Any], profile: Profile, lang: str) -> Outcome | None:
    kinds = entity_kinds()
    own = kinds[profile.entity_kind]
    named = _beneficiary_kinds(measure.get("beneficiary"))
    if not named:  # 对当年跨境电商出口总额破零的: the conditions say who
        return None
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


def _disjoint(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if not a or not b:
        return False
    first, second = sorted((a, b), key=lambda i: (dec(i.get("low")) is not None, dec(i.get("low")) or 0))
    high, low = dec(first.get("high")), dec(second.get("low"))
    if high is None or low is None:
        return False
    return high < low or high == low and not (first.get("high_inclusive") and second.get("low_inclusive"))


def _unknown_reasons(unknown: list[Check], out: Outcome, lang: str, either: bool = False) -> None:
    lead = text(lang, "either") if either else ""
    for c in unknown:
        if c.outcome == "missing":
            out.missing.append(c.figure or "")
            out.reasons.append(text(lang, "condition_give", lead=lead, said=_said(c, lang),
                                    figure=_figure(c.figure, lang)))
        else:
            out.reasons.append(text(lang, "condition_by_hand", lead=lead, said=_said(c, lang), why=c.why))
