"""Cross-city comparison: ``compare(store, topic, cities, on)`` for a topic or a domain, ``compare(store,
query=..., ...)`` for the clauses the search engine finds for some words (its synonyms too).

Measures are grouped by prefecture-level city (地级市, 自治州 and 盟; a county's measures go under its city); a
provincial measure (a document with a province and no city) is shown once, under its province. Each measure
carries its document's validity status (``kb.queries.validity.status_of``): without ``on``, every measure with its
status today; with ``on``, only the measures in force on that date, and a place left empty says so in its
``note``, naming the documents not in force then with their dates. A measure whose article a partial repeal held
here takes away by the date (《A》第十条同时废止: ``kb.queries.partial_repeal``) is left out on that date and listed
in its place's ``repealed`` with the reason (已被《B》（文号）废止（第十条）, the date, B's words); without ``on`` it
is shown with the status ``repealed``. Each measure's ``partial_repeals`` lists the repeals naming its article that
do not take it away (to come, or of a date or an article that cannot be told). Amounts are the comparable values of
the typed ``Measure`` (``extractor.measures``) (stated, highest tier, caps, the most it could pay), JSON numbers with their currency
beside them; USD stays USD.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from extractor import Interval
from extractor.measures import Condition, Measure, Money, Tier
from kb.queries.conflicts import with_conflict
from kb.queries.partial_repeal import DocumentRepeals, in_effect
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


def compare(store: Store, topic: str | None = None, cities: Iterable[str] | None = None,
            on: date | str | None = None, query: str | None = None) -> dict[str, Any]:
    """The measures of ``topic`` (label, key or close variant; or a domain: all of its topics), or of the clauses
    the search engine finds for ``query`` (its words and synonyms), city by city.

    ``cities``: names (short forms accepted; a province name selects its provincial measures); None for every
    place holding such a measure. ``on``: keep only measures in force on that date. Every place asked for (or
    holding a measure) is listed; one left with no measure has a ``note`` saying why, naming the documents not
    in force on the date with their dates.

    Returns ``{"topic" | "query", "domain", "on", "cities": [{"city", "province", "level", "note",
    "not_in_force": [{"id", "doc_no", "title", "status", "effective_from", "expires_on"}], "repealed": [{"doc_id",
    "doc_no", "title", "clause", "clause_label", "article", "summary", "reason", "reason_zh", "repeal", …}], "measures":
    [{"doc_no", "doc_id", "title", "clause", "clause_label", "summary", "certain_amount", "tier_max",
    "upper_bound", "max_amount", "currency", "amount_basis", "bound_note", "caps", "rate", "per_unit",
    "thresholds", "tiers", "beneficiary", "quote", "span", "status", "topic", "domain", "confidence",
    "topic_method", "partial_repeals"}]}]}`` (``topic`` is the domain's label when a domain was asked for). ``conflicts`` lists the documents left out
    because another stored text carries the same 文号 (``kb.queries.conflicts``).

    Example: compare(store, "海外仓", ["衡阳", "邵阳市"], on="2025-06-01")["cities"][0]["city"] == "衡阳市"
    """
    if (topic is None) == (query is None):
        raise ValueError("give a topic or a query, not both")
    day = as_date(on) if on is not None else None
    if query is not None:
        head: dict[str, Any] = {"query": query, "domain": None}
        rows = query_measures(store, query)
    else:
        domain, topic_labels = resolve_topics(topic or "")
        label = domain.label if domain else topic_labels[0]
        head = {"topic": label, "domain": domain.key if domain else domain_key(label)}
        rows = [m for t in topic_labels for m in store.measures(topic=t)]
        if len(topic_labels) > 1:
            rows.sort(key=lambda m: (m["doc_id"], m["start"]))
    held = {(m["province"], m["city"]) for m in rows} | store.places()
    wanted = [resolve_place(c, held) for c in cities] if cities else None

    statuses: dict[int, dict[str, Any]] = {}
    conflicts: dict[int, dict[str, Any]] = {}  # documents left out: another text carries their 文号
    groups: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    not_in_force: dict[tuple[str, str | None], dict[int, dict[str, Any]]] = {}
    partial: dict[int, DocumentRepeals | None] = {}
    repealed: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
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
        groups.setdefault(key, [])
        if status == "conflict":
            conflicts[doc_id] = {k: statuses[doc_id][k] for k in ("id", "doc_no", "title", "reason")}
            continue
        if day is not None and status != "in_force":
            not_in_force.setdefault(key, {})[doc_id] = statuses[doc_id]
            continue
        if doc_id not in partial:
            partial[doc_id] = DocumentRepeals(store, doc_id) if any(
                r["partial"] for r in statuses[doc_id].get("repealed_by") or []) else None
        found = partial[doc_id].of(m["clause_id"], day, m["measure"].start) if partial[doc_id] else []
        taken = in_effect(found)
        if taken and day is not None:  # its article is repealed by then: not compared, said why
            repealed.setdefault(key, []).append(_repealed(m, taken))
            continue
        row = _row(m, "repealed" if taken and status == "in_force" else status)
        row["partial_repeals"] = found
        groups[key].append(row)

    order = list(groups) if wanted is not None else sorted(groups, key=lambda k: (k[0], k[1] is not None, k[1] or ""))
    return {
        **head,
        "on": day.isoformat() if day else None,
        "cities": [{"city": city or province, "province": province, "level": "city" if city else "province",
                    "note": None if groups[(province, city)] else _empty_note(day, not_in_force.get((province, city)),
                                                                              repealed.get((province, city))),
                    "not_in_force": [_document_dates(s) for s in not_in_force.get((province, city), {}).values()],
                    "repealed": repealed.get((province, city), []),
                    "measures": groups[(province, city)]} for province, city in order],
        "conflicts": list(conflicts.values()),
    }


QUERY_HITS = 2000  # every clause the query finds, not a first page: a comparison leaves no city out


def query_measures(store: Store, query: str) -> list[dict[str, Any]]:
    """The measures of the clauses that the search engine finds for ``query`` (clause-level hits, in reading
    order). A hit on a clause counts for its sub-clauses too: a clause's own words, once its sub-clauses are
    cut out, are its heading and lead-in (二、支持购房 …), which speak for them. A measure outside every clause
    counts when its document's own words are hit."""
    from kb.search import search

    hits = search(store, query, limit=QUERY_HITS)
    hit_clauses: dict[int, set[str]] = {}
    for h in hits:
        if h.kind == "clause" and h.clause is not None:
            hit_clauses.setdefault(h.doc_id, set()).add(h.clause)
    hit_docs = {h.doc_id for h in hits if h.kind == "doc"}
    rows = []
    for doc_id in sorted(set(hit_clauses) | hit_docs):
        parents = {c["id"]: c["parent"] for c in store.clauses(doc_id)} if doc_id in hit_clauses else {}
        for m in store.measures(doc_id=doc_id):
            if m["clause_id"] is None:
                if doc_id in hit_docs:
                    rows.append(m)
            elif hit_clauses.get(doc_id, set()) & _with_ancestors(m["clause_id"], parents):
                rows.append(m)
    return sorted(rows, key=lambda m: (m["doc_id"], m["start"]))


def _with_ancestors(clause: str, parents: dict[str, str | None]) -> set[str]:
    out: set[str] = set()
    current: str | None = clause
    while current is not None and current not in out:
        out.add(current)
        current = parents.get(current)
    return out


def _empty_note(day: date | None, documents: dict[int, dict[str, Any]] | None,
                repealed: list[dict[str, Any]] | None = None) -> str:
    """Why a place shows no measure: nothing matched, or its documents are not in force on ``day``, or the
    articles of its measures are repealed by then."""
    if not documents and not repealed:
        return "no matching measure in the knowledge base"
    told = [_not_in_force_text(s) for s in (documents or {}).values()]
    for r in repealed or []:
        where = " ".join(str(p) for p in (r["doc_no"] or r["title"], r["clause_label"] or r["clause"]) if p)
        told.append(f"{where}: {r['reason']}")
    return f"nothing in force on {day.isoformat() if day else 'the date'}: {'; '.join(told)}"


def _repealed(row: dict[str, Any], repeal: dict[str, Any]) -> dict[str, Any]:
    """A measure left out on the date because a partial repeal in effect takes its article away."""
    m: Measure = row["measure"]
    return {"doc_id": row["doc_id"], "doc_no": row["doc_no"], "title": row["title"], "county": row["county"],
            "clause": m.clause, "clause_label": m.clause_label, "article": repeal["article"], "summary": m.summary,
            "topic": m.topic, "quote": m.quote, "span": [m.start, m.end], "status": "repealed",
            "reason": repeal["reason"], "reason_zh": repeal["reason_zh"], "repeal": repeal}


def _document_dates(status: dict[str, Any]) -> dict[str, Any]:
    return {k: status.get(k) for k in ("id", "doc_no", "title", "status", "effective_from", "expires_on")}


def _not_in_force_text(status: dict[str, Any]) -> str:
    name = status.get("doc_no") or status.get("title") or f"document {status.get('id')}"
    kind = status["status"]
    if kind == "expired":
        when = f" on {status['expires_on']}" if status.get("expires_on") else ""
        return f"{name} expired{when}"
    if kind == "not_yet_effective":
        when = f" until {status['effective_from']}" if status.get("effective_from") else ""
        return f"{name} not yet in force{when}"
    if kind in {"repealed", "superseded"}:
        return f"{name} {kind}" + (f" ({status['reason']})" if status.get("reason") else "")
    return f"{name}: validity not known (in force {status.get('effective_from') or '?'} – " \
           f"{status.get('expires_on') or '?'})"


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
        "bound_note": m.bound_note,
        "currency": m.currency,
        "rate": to_json_number(m.rate),
        "caps": [{"value": to_json_number(c.value), "currency": c.currency, "period": c.period, "scope": c.scope,
                  "quote": c.quote, "span": [c.start, c.end]} for c in m.caps],
        "thresholds": [_condition(c) for c in m.thresholds],
        "tiers": [_tier(t) for t in m.tiers],
        "per_unit": [{"value": to_json_number(p.value), "currency": p.currency, "unit": p.unit,
                      "cap": _money(p.cap), "cap_currency": p.cap.currency if p.cap else None, "quote": p.quote,
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
