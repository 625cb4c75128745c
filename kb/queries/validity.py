"""Is a document in force on a date? As far as the documents held in the store show.

Status, decided in this order:

1. ``repealed`` — another document held here repeals it in full (同时废止 …), from that document's effective
   date (its issue date if no effective date is known, with a caveat). A partial repeal is only a caveat.
2. ``superseded`` — a newer dated version of the same law or rule is held here, from the newer version's
   effective date (its version date if none is known).
3. ``unknown`` — no effective date is known.
4. ``not_yet_effective`` — the date is before the effective date.
5. ``expired`` — the date is after the last day of the stated term (``expires_on`` is that last day).
6. ``in_force`` — otherwise; with no stated term, ``term_stated`` is false and a caveat says so.

Repeals and new versions not held here cannot be seen: every reason ends "as far as the documents held here
show".
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from kb.queries.references import label, resolve
from kb.store import Store

STATUSES = ("in_force", "not_yet_effective", "expired", "repealed", "superseded", "unknown")
AS_FAR = "as far as the documents held here show"
_WITHIN = re.compile(r"^\s*(\d+)\s*([dwmy]?)\s*$", re.IGNORECASE)
_UNIT_DAYS = {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}


def as_date(value: date | str | None) -> date:
    """A date from a ``date``, an ISO string, or None (today).

    Example: as_date("2026-11-22") == date(2026, 11, 22)
    """
    if value is None:
        return date.today()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def parse_within(text: str) -> int:
    """Days in a span such as ``60d``, ``8w``, ``3m`` (30 days each), ``1y`` (365) or a bare number of days.

    Example: parse_within("60d") == 60
    """
    match = _WITHIN.match(text)
    if not match:
        raise ValueError(f"not a span of time (like 60d, 8w, 3m, 1y): {text!r}")
    return int(match[1]) * _UNIT_DAYS[match[2].lower()]


def status(store: Store, ref: str | int, on: date | str | None = None) -> dict[str, Any]:
    """The validity of the document ``ref`` names (文号, title or id) on ``on`` (default today).

    Raises ``kb.queries.references.RefNotFound`` (with suggestions) when nothing matches.

    Example: status(store, "衡政发〔2024〕4号", "2025-06-01")["status"] == "in_force"
    """
    return status_of(store, resolve(store, ref), on)


def _quote(basis: dict[str, Any] | None, key: str) -> str | None:
    item = (basis or {}).get(key)
    if isinstance(item, dict) and item.get("quote"):
        return item["quote"]
    return None


def status_of(store: Store, doc_id: int, on: date | str | None = None) -> dict[str, Any]:
    """``status`` for a document id. Keys: id, on, doc_no, title, status, effective_from, expires_on, term,
    term_stated, repealed_by, superseded_by, amended_by, repeals, reason, caveats, basis."""
    doc = store.document(doc_id, text=False, extraction=False)
    if doc is None:
        raise KeyError(doc_id)
    day = as_date(on)
    iso = day.isoformat()
    basis = doc.get("validity_basis") or {}
    effective, expires = doc.get("effective_from"), doc.get("expires_on")
    term_stated = bool(doc.get("term_stated"))
    caveats: list[str] = []

    repealed_by, superseded_by, amended_by = [], [], []
    for rel in store.relations(doc_id, direction="in"):
        when = rel["from_effective_from"]
        entry = {"id": rel["from_doc"], "doc_no": rel["from_doc_no"], "title": rel["from_title"],
                 "from": when, "quote": rel["quote"], "partial": bool((rel["extra"] or {}).get("partial"))}
        if rel["kind"] == "repeals":
            if when is None and rel["from_issue_date"]:
                when = entry["from"] = rel["from_issue_date"]
                caveats.append(f"{label(entry)} states no effective date; its issue date {when} is taken as the "
                               "date of the repeal")
            repealed_by.append(entry)
        elif rel["kind"] == "supersedes":
            extra = rel["extra"] or {}
            entry["version_date"] = extra.get("from_version")
            entry["from"] = when or extra.get("from_version")
            superseded_by.append(entry)
        elif rel["kind"] == "amends":
            amended_by.append(entry)
    repeals = [
        {"doc_no": r["to_doc_no"], "title": r["to_title_held"] or r["to_title"], "id": r["to_doc_id"],
         "in_corpus": r["to_in_corpus"], "quote": r["quote"], "partial": bool((r["extra"] or {}).get("partial"))}
        for r in store.relations(doc_id, kind="repeals")
    ]

    name = label(doc)
    eff_quote, term_quote, exp_quote = _quote(basis, "effective"), _quote(basis, "term"), _quote(basis, "expiry")
    full_repeals = sorted((r for r in repealed_by if not r["partial"] and r["from"]), key=lambda r: r["from"])
    newer = sorted((r for r in superseded_by if r["from"]), key=lambda r: r["from"])
    for r in repealed_by:
        if r["partial"]:
            caveats.append(f"partly repealed by {label(r)}: “{r['quote']}”")
    for r in amended_by:
        caveats.append(f"amended by {label(r)}" + (f" from {r['from']}" if r["from"] else ""))

    if full_repeals and full_repeals[0]["from"] <= iso:
        r = full_repeals[0]
        result = "repealed"
        reason = f"{name} is repealed by {label(r)} from {r['from']}: “{r['quote']}”"
    elif newer and newer[0]["from"] <= iso:
        r = [n for n in newer if n["from"] <= iso][-1]
        result = "superseded"
        reason = (f"{name} is superseded by the version of {r.get('version_date') or r['from']} (id {r['id']}), "
                  f"in effect from {r['from']}")
    elif not effective:
        result = "unknown"
        reason = f"no effective date of {name} is known"
        if doc.get("issue_date"):
            reason += f" (it was issued on {doc['issue_date']})"
    elif iso < effective:
        result = "not_yet_effective"
        reason = f"{name} takes effect on {effective}" + (f": “{eff_quote}”" if eff_quote else "")
    elif expires and iso > expires:
        result = "expired"
        reason = f"{name} expired after {expires}"
        said = [q for q in (eff_quote, term_quote, exp_quote) if q]
        if said:
            reason += ": " + " ".join(f"“{q}”" for q in said)
    else:
        result = "in_force"
        reason = f"{name} is in force from {effective}" + (f" until {expires}" if expires else "")
        said = [q for q in (eff_quote, term_quote, exp_quote) if q]
        if said:
            reason += ": " + " ".join(f"“{q}”" for q in said)
        if not term_stated and not expires:
            caveats.append("no term of validity is stated; in force until repealed or replaced")
    if result in {"in_force", "not_yet_effective", "expired"}:
        for r in full_repeals:
            if r["from"] > iso:
                caveats.append(f"will be repealed by {label(r)} from {r['from']}")
        for r in newer:
            if r["from"] > iso:
                caveats.append(f"a newer version (id {r['id']}) takes effect on {r['from']}")
    reason += f", {AS_FAR}."
    return {
        "id": doc_id,
        "on": iso,
        "doc_no": doc.get("doc_no"),
        "title": doc.get("title"),
        "status": result,
        "effective_from": effective,
        "expires_on": expires,
        "term": doc.get("term"),
        "term_stated": term_stated,
        "repealed_by": repealed_by,
        "superseded_by": superseded_by,
        "amended_by": amended_by,
        "repeals": repeals,
        "reason": reason,
        "caveats": caveats,
        "basis": basis,
    }


def expiring(store: Store, within_days: int, on: date | str | None = None) -> list[dict[str, Any]]:
    """Documents in force on ``on`` whose last day falls within ``within_days`` days, soonest first.

    Example: expiring(store, 60, "2026-11-01") → [status of 邵市政办发〔2023〕21号 (expires 2026-12-20)]
    """
    day = as_date(on)
    until = (day + timedelta(days=within_days)).isoformat()
    doc_ids = store.expiring_ids(day.isoformat(), until)
    out = []
    for doc_id in doc_ids:
        result = status_of(store, doc_id, day)
        if result["status"] == "in_force":
            result["days_left"] = (as_date(result["expires_on"]) - day).days
            out.append(result)
    return out


def periods(store: Store) -> list[dict[str, Any]]:
    """Each document's period for a timeline: ``{id, doc_no, title, effective_from, expires_on, ends_on,
    ended_by}`` where ``ends_on`` is the earliest of expiry, full repeal and supersession.

    Example: [p for p in periods(store) if p["ends_on"]]
    """
    ends: dict[int, tuple[str, str]] = {}
    for rel in store.relations():
        if rel["to_doc_id"] is None or rel["kind"] not in {"repeals", "supersedes"}:
            continue
        if rel["kind"] == "repeals" and (rel["extra"] or {}).get("partial"):
            continue
        when = rel["from_effective_from"] or rel["from_issue_date"]
        if when and (rel["to_doc_id"] not in ends or when < ends[rel["to_doc_id"]][0]):
            ends[rel["to_doc_id"]] = (when, rel["kind"])
    out = []
    for doc in store.documents():
        end, ended_by = doc["expires_on"], "expiry" if doc["expires_on"] else None
        if doc["id"] in ends and (end is None or ends[doc["id"]][0] <= end):
            end, ended_by = ends[doc["id"]]
        out.append({"id": doc["id"], "doc_no": doc["doc_no"], "title": doc["title"], "city": doc["city"],
                    "effective_from": doc["effective_from"], "expires_on": doc["expires_on"],
                    "ends_on": end, "ended_by": ended_by})
    return out
