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

from kb.queries.conflicts import with_conflict
from kb.queries.topics import domain_key, resolve_topics
from kb.queries.validity import as_date, status_of
from kb.store import Store

_NUMERIC = {"low", "high", "value", "award", "cap", "max_amount", "rate"}


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


def _numbers(value: Any) -> Any:
    """Numbers in the known numeric fields of stored JSON (kept there as exact strings) as JSON numbers."""
    if isinstance(value, dict):
        return {k: (to_json_number(v) if k in _NUMERIC and isinstance(v, str | Decimal) else _numbers(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    if isinstance(value, Decimal):
        return to_json_number(value)
    return value


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
    "clause", "clause_label", "summary", "max_amount", "currency", "rate", "caps", "thresholds", "tiers",
    "per_unit", "beneficiary", "quote", "span", "status", "topic", "domain", "confidence", "topic_method"}]}]}``
    (``topic`` is the domain's label when a domain was asked for); a city asked
    for and holding nothing is listed with no measures. ``conflicts`` lists the documents left out because another
    stored text carries the same 文号 (``kb.queries.conflicts``).

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
    conflicts: dict[int, dict[str, Any]] = {}  # documents left out: another text carries their 文号
    labels: dict[int, dict[str, str | None]] = {}
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
            statuses[doc_id] = with_conflict(store, status_of(store, doc_id, day))
        status = statuses[doc_id]["status"]
        if status == "conflict":
            conflicts[doc_id] = {k: statuses[doc_id][k] for k in ("id", "doc_no", "title", "reason")}
            continue
        if day is not None and status != "in_force":
            continue
        if doc_id not in labels:
            labels[doc_id] = {c["id"]: c["label"] for c in store.clauses(doc_id)}
        groups.setdefault(key, []).append(_row(m, status, labels[doc_id].get(m["clause_id"])))

    order = list(groups) if wanted is not None else sorted(groups, key=lambda k: (k[0], k[1] is not None, k[1] or ""))
    return {
        "topic": label,
        "domain": domain.key if domain else domain_key(label),
        "on": day.isoformat() if day else None,
        "cities": [{"city": city or province, "province": province, "level": "city" if city else "province",
                    "measures": groups[(province, city)]} for province, city in order],
        "conflicts": list(conflicts.values()),
    }


def _row(m: dict[str, Any], status: str, clause_label: str | None) -> dict[str, Any]:
    extra = m.get("extra") or {}
    return {
        "doc_no": m["doc_no"],
        "doc_id": m["doc_id"],
        "title": m["title"],
        "county": m["county"],
        "clause": m["clause_id"],
        "clause_label": clause_label,
        "summary": m["summary"],
        "max_amount": to_json_number(m["max_amount"]),
        "currency": m["currency"],
        "rate": to_json_number(m["rate"]),
        "caps": _numbers(extra.get("caps") or []),
        "thresholds": _numbers(m.get("thresholds") or []),
        "tiers": _numbers(extra.get("tiers") or []),
        "per_unit": _numbers(extra.get("per_unit") or []),
        "beneficiary": m["beneficiary"],
        "quote": m["quote"],
        "span": [m["start"], m["end"]],
        "status": status,
        "topic": m["topic"],
        "domain": domain_key(m["topic"]),
        "confidence": to_json_number(m["confidence"]),
        "topic_method": extra.get("topic_method"),
    }
