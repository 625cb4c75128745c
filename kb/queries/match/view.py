"""The typed ``Measure`` as the condition checks read it: thresholds and tiers with their exact intervals,
amounts named as the extractor names them. Built from the Measure alone: matching never reads the document text.
"""

from __future__ import annotations

from typing import Any

from extractor import Interval
from extractor.measures import Condition, Measure, Tier


def interval_view(interval: Interval | None) -> dict[str, Any] | None:
    if interval is None:
        return None
    return {"low": interval.low, "low_inclusive": interval.low_inclusive, "high": interval.high,
            "high_inclusive": interval.high_inclusive}


def condition_view(c: Condition) -> dict[str, Any]:
    return {"metric": c.metric, "metric_text": c.text if c.metric else None, "interval": interval_view(c.interval),
            "unit": c.unit, "currency": c.currency, "quote": c.quote, "span": [c.start, c.end]}


def tier_view(t: Tier) -> dict[str, Any]:
    return {"metric": t.metric, "metric_text": t.metric_text, "interval": interval_view(t.interval), "unit": t.unit,
            "award": t.award.value if t.award else None, "currency": t.award.currency if t.award else None,
            "level": t.level, "conditions": [condition_view(c) for c in t.conditions]}


def measure_view(row: dict[str, Any]) -> dict[str, Any]:
    """A store row (``Store.measures()``: the document's fields and its ``measure``) as ``evaluate`` reads it."""
    m: Measure = row["measure"]
    return {
        "doc_id": row.get("doc_id"), "doc_no": row.get("doc_no"), "title": row.get("title"),
        "province": row.get("province"), "city": row.get("city"), "county": row.get("county"),
        "measure": m, "clause_id": m.clause, "clause_label": m.clause_label, "topic": m.topic,
        "summary": m.summary, "quote": m.quote, "start": m.start, "end": m.end,
        "max_amount": m.upper_bound.value if m.upper_bound else None, "currency": m.currency, "rate": m.rate,
        "beneficiary": m.beneficiary,
        "thresholds": [condition_view(c) for c in m.thresholds],
        "extra": {
            "tiers": [tier_view(t) for t in m.tiers],
            "caps": [{"value": c.value, "currency": c.currency, "period": c.period, "scope": c.scope,
                      "quote": c.quote, "span": [c.start, c.end]} for c in m.caps],
            "per_unit": [{"value": p.value, "currency": p.currency, "unit": p.unit} for p in m.per_unit],
            "conditions_all": m.conditions_all,
            "application": application_view(m),
        },
    }


def application_view(m: Measure) -> dict[str, Any]:
    a = m.application
    if a is None:
        return {}
    return {"deadline": a.deadline, "deadline_text": a.deadline_text, "where": a.where,
            "materials": list(a.materials), "publicity": a.publicity, "automatic": a.automatic}
