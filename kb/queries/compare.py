"""Cross-city comparison of the measures of one topic: ``compare(store, topic, cities, on)``.

Measures are grouped by prefecture-level city (地级市, 自治州 and 盟; a county's measures go under its city); a
provincial measure (a document with a province and no city) is shown once, under its province. Each measure
carries its document's validity status (``kb.queries.validity.status_of``): without ``on``, every measure with its
status today; with ``on``, only the measures in force on that date. Amounts are JSON numbers with their
currency beside them; USD stays USD.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from extractor import Interval
from extractor.measures import Condition, Measure, Money, Tier
from kb.queries.topics import domain_key, resolve_topics
from kb.queries.validity import as_date, status_of
from kb.store import Store


class UnknownPlace(ValueError):
    """A city or province name that the gazetteer does not know, or that names several cities."""


def to_json_number(value: Any) -> int | float | None:
    """A Decimal or an exact decimal string as a JSON number: an int when whole, else a float.

    Example: to_json_number("200000") == 200000 and to_json_number(Decimal("0.5")) == 0.5
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def resolve_place(name: str, held: Iterable[tuple[str | None, str | None]] = ()) -> tuple[str, str | None]:
    """``(province, city)`` for a city name (full or short: 衡阳, 湘西, 湘西州), or ``(province, None)`` for a
    province. Among several cities of one name, the one held in the store (``held``: (province, city) pairs)
    is taken; otherwise ``UnknownPlace``.

    Example: resolve_place("湘西") == ("湖南省", "湘西土家族苗族自治州")
    """
    from extractor.gazetteer import load_gazetteer

    text = name.strip()
    gazetteer = load_gazetteer()
    places = gazetteer.candidates(text)
    for suffix in ("市", "区", "县") if not places else ():  # 余杭 → 余杭区: counties have no short forms
        places = places or gazetteer.candidates(text + suffix)
    cities = list(dict.fromkeys((p.province, p.city) for p in places if p.level == "city"))
    if not cities:
        provinces = list(dict.fromkeys(p.province for p in places if p.level == "province"))
        if len(provinces) == 1:
            return provinces[0], None
        cities = list(dict.fromkeys((p.province, p.city) for p in places if p.level == "county"))
    if len(cities) > 1:
        held_cities = [c for c in cities if c in set(held)]
        cities = held_cities or cities
    if len(cities) == 1:
        return cities[0][0], cities[0][1]
    if not cities:
        raise UnknownPlace(f"no city or province named {text!r}")
    raise UnknownPlace(f"{text!r} names several cities: {', '.join(c for _, c in cities if c)}; give the full name")


def compare(store: Store, topic: str, cities: Iterable[str] | None = None,
            on: date | str | None = None) -> dict[str, Any]:
    """The measures of ``topic`` (label, key or close variant; or a domain: all of its topics) city by city.

    ``cities``: names (short forms accepted; a province name selects its provincial measures); None for every
    place holding a measure of the topic. ``on``: keep only measures in force on that date.

    Returns ``{"topic", "domain", "on", "cities": [{"city", "province", "level", "measures": [{"doc_no", "doc_id", "title",
    "clause", "clause_label", "summary", "max_amount" (= upper_bound), "certain_amount", "tier_max", "upper_bound",
    "amount_basis", "currency", "rate", "caps" [{value, currency, period, scope, quote, span}], "thresholds",
    "tiers", "per_unit" [{value, currency, unit, quote, span}], "beneficiary", "quote", "span", "status", "topic",
    "domain", "confidence", "topic_method"}]}]}``
    (``topic`` is the domain's label when a domain was asked for); a city asked
    for and holding nothing is listed with no measures.

    Example: compare(store, "海外仓", ["衡阳", "邵阳市"], on="2025-06-01")["cities"][0]["city"] == "衡阳市"
    """
    domain, topic_labels = resolve_topics(topic)
    label = domain.label if domain else topic_labels[0]
    day = as_date(on) if on is not None else None
    rows = [m for t in topic_labels for m in store.measures(topic=t)]
    if len(topic_labels) > 1:
        rows.sort(key=lambda m: (m["doc_id"], m["start"]))
    held = {(m["province"], m["city"]) for m in rows} | store.places()
    wanted = [resolve_place(c, held) for c in cities] if cities else None

    statuses: dict[int, dict[str, Any]] = {}
    groups: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for key in wanted or []:
        groups.setdefault(key, [])
    for m in rows:
        key = (m["province"] or "", m["city"])
        if not m["province"] and not m["city"]:
            continue  # a national text: no place to compare it under
        if wanted is not None and key not in groups:
            continue
        doc_id = m["doc_id"]
        if doc_id not in statuses:
            statuses[doc_id] = status_of(store, doc_id, day)
        status = statuses[doc_id]["status"]
        if day is not None and status != "in_force":
            continue
        groups.setdefault(key, []).append(_row(m, status))

    order = list(groups) if wanted is not None else sorted(groups, key=lambda k: (k[0], k[1] is not None, k[1] or ""))
    return {
        "topic": label,
        "domain": domain.key if domain else domain_key(label),
        "on": day.isoformat() if day else None,
        "cities": [{"city": city or province, "province": province, "level": "city" if city else "province",
                    "measures": groups[(province, city)]} for province, city in order],
    }


def _money(money: Money | None) -> int | float | None:
    return to_json_number(money.value) if money else None


def _row(row: dict[str, Any], status: str) -> dict[str, Any]:
    """One measure as the comparison shows it, from the typed ``Measure`` (amounts named as the extractor names
    them; ``max_amount`` is the upper bound)."""
    m: Measure = row["measure"]
    return {
        "doc_no": row["doc_no"],
        "doc_id": row["doc_id"],
        "title": row["title"],
        "county": row["county"],
        "clause": m.clause,
        "clause_label": m.clause_label,
        "summary": m.summary,
        "max_amount": _money(m.upper_bound),
        "certain_amount": _money(m.certain_amount),
        "tier_max": _money(m.tier_max),
        "upper_bound": _money(m.upper_bound),
        "amount_basis": m.amount_basis,
        "currency": m.currency,
        "rate": to_json_number(m.rate),
        "caps": [{"value": to_json_number(c.value), "currency": c.currency, "period": c.period, "scope": c.scope,
                  "quote": c.quote, "span": [c.start, c.end]} for c in m.caps],
        "thresholds": [_condition(c) for c in m.thresholds],
        "tiers": [_tier(t) for t in m.tiers],
        "per_unit": [{"value": to_json_number(p.value), "currency": p.currency, "unit": p.unit, "quote": p.quote,
                      "span": [p.start, p.end]} for p in m.per_unit],
        "beneficiary": m.beneficiary,
        "quote": m.quote,
        "span": [m.start, m.end],
        "status": status,
        "topic": m.topic,
        "domain": m.domain or domain_key(m.topic or ""),
        "confidence": m.confidence,
        "topic_method": m.topic_method,
    }


def _interval(interval: Interval | None) -> dict[str, Any] | None:
    return interval.to_dict() if interval else None


def _condition(c: Condition) -> dict[str, Any]:
    return {"metric": c.metric, "metric_text": c.text, "interval": _interval(c.interval), "unit": c.unit,
            "currency": c.currency, "quote": c.quote, "span": [c.start, c.end]}


def _tier(t: Tier) -> dict[str, Any]:
    return {"metric": t.metric, "metric_text": t.metric_text, "interval": _interval(t.interval), "unit": t.unit,
            "award": _money(t.award), "currency": t.award.currency if t.award else None, "rate": to_json_number(t.rate),
            "level": t.level, "conditions": [_condition(c) for c in t.conditions]}
