"""Is a document in force on a date? As far as the documents held in the store show.

Status, decided in this order:

1. ``repealed`` — another document held here repeals it in full (同时废止 …), from that document's effective
   date (its issue date if no effective date is known, with a caveat). A partial repeal is only a caveat on the
   document (部分失效); the measures of the articles it names are taken away by ``kb.queries.partial_repeal``.
2. ``superseded`` — a newer dated version of the same law or rule is held here, from the newer version's
   effective date (its version date if none is known).
3. ``unknown`` — no effective date is known.
4. ``not_yet_effective`` — the date is before the effective date.
5. ``expired`` — the date is after the last day of the stated term (``expires_on`` is that last day).
6. ``in_force`` — otherwise; with no stated term, ``term_stated`` is false and a caveat says so.

Repeals and new versions not held here cannot be seen: every reason ends "as far as the documents held here
show".

A 文号 or a bare title names the chain of versions (``kb.queries.versions``): the version in force on the day is
judged, and the newer ones are named; an id (or a title with its version date) names that exact version. A
reference to a document not held that a held document repeals, amends or replaces is judged from that document
alone (``in_corpus: false``): ``repealed`` from the repealer's effective date, ``unknown`` before it with the
pending repeal named. Beside ``status``: the 时效性 ``label`` (``kb.queries.labels``), the version's dates, and
what the publishing platform said (``platform``) with any ``disagreements``.

``conflict`` is reserved for the same 文号 held with different texts and no version link (issue 15): for now such
documents are listed in ``conflicts`` and a caveat, and the status is judged on the one named.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from kb.queries import versions
from kb.queries.labels import disagreements, label_of
from kb.queries.references import RefNotFound, label, resolve_version
from kb.store import Store

STATUSES = ("in_force", "not_yet_effective", "expired", "repealed", "superseded", "unknown", "conflict")
_BY_REFERENCE = {"repeals", "amends", "replaces"}
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
    try:
        doc_id, exact = resolve_version(store, ref)
    except RefNotFound as exc:
        known = status_by_reference(str(ref), exc.mentioned_by, on)
        if known is None:
            raise
        return known
    if not exact:
        doc_id = versions.in_force_on(store, versions.chain_ids(store, doc_id), as_date(on).isoformat())
    return status_of(store, doc_id, on)


def status_by_reference(ref: str, mentions: list[dict[str, Any]], on: date | str | None = None
                        ) -> dict[str, Any] | None:
    """The status of a document not held, from the held documents that repeal, amend or replace it; None when
    none does (mentions that only cite it say nothing of its validity).

    Example: status_by_reference("丽政办发〔2021〕67号", mentioned_by(store, ...), "2025-06-01")["status"] == "repealed"
    """
    acting = [m for m in mentions if m["kind"] in _BY_REFERENCE]
    if not acting:
        return None
    iso = as_date(on).isoformat()
    caveats: list[str] = []
    repealed_by, amended_by, superseded_by = [], [], []
    for m in acting:
        when = m["effective_from"]
        if when is None and m["issue_date"]:
            when = m["issue_date"]
            caveats.append(f"{label(m)} states no effective date; its issue date {when} is taken instead")
        entry = {"id": m["id"], "doc_no": m["doc_no"], "title": m["title"], "from": when, "quote": m["quote"],
                 "partial": bool((m["extra"] or {}).get("partial")), "basis": "replaces"}
        {"repeals": repealed_by, "amends": amended_by, "replaces": superseded_by}[m["kind"]].append(entry)
    named = next((m["to_doc_no"] for m in acting if m["to_doc_no"]), None)
    title = next((m["to_title"] for m in acting if m["to_title"]), None)
    name = named or title or ref
    full = sorted((r for r in repealed_by + superseded_by if not r["partial"] and r["from"]),
                  key=lambda r: r["from"])
    in_effect = [r for r in full if r["from"] <= iso]
    pending = [r for r in full if r["from"] > iso]
    if in_effect:
        r = in_effect[0]
        result = "repealed" if r in repealed_by else "superseded"
        verb = "repealed" if result == "repealed" else "replaced"
        reason = f"{name} (not held here) is {verb} by {label(r)} from {r['from']}: “{r['quote']}”"
    else:
        result = "unknown"
        reason = f"{name} is not held here; its validity is known only from the documents that name it"
        for r in pending:
            caveats.append(f"pending repeal: {label(r)} repeals it from {r['from']}: “{r['quote']}”")
    for r in repealed_by:
        if r["partial"]:
            caveats.append(f"partly repealed by {label(r)}: “{r['quote']}”")
    for r in amended_by:
        caveats.append(f"amended by {label(r)}" + (f" from {r['from']}" if r["from"] else ""))
    out: dict[str, Any] = {
        "id": None, "on": iso, "doc_no": named, "title": title, "status": result, "in_corpus": False,
        "effective_from": None, "expires_on": None, "term": None, "term_stated": False,
        "repealed_by": repealed_by, "superseded_by": superseded_by, "amended_by": amended_by, "repeals": [],
        "pending_repeal": pending[0] if pending else None, "reason": reason + f", {AS_FAR}.", "caveats": caveats,
        "basis": {}, "version": None, "original_effective_from": None, "versions": [], "newer_versions": [],
        "conflicts": [], "platform": None, "disagreements": [],
    }
    out["label"] = label_of(out) if result != "unknown" else _unknown_label(out)
    return out


def _unknown_label(result: dict[str, Any]) -> str | None:
    """An unknown status still takes 部分失效 / 已被修改 once a partial repeal or an amendment is in effect."""
    judged = label_of({**result, "status": "in_force"})
    return judged if judged != "现行有效" else None


def _quote(basis: dict[str, Any] | None, key: str) -> str | None:
    item = (basis or {}).get(key)
    if isinstance(item, dict) and item.get("quote"):
        return item["quote"]
    return None


def status_of(store: Store, doc_id: int, on: date | str | None = None) -> dict[str, Any]:
    """``status`` for a document id, that exact version. Keys: id, on, doc_no, title, status, label, in_corpus,
    effective_from, version, original_effective_from, expires_on, term, term_stated, repealed_by, superseded_by,
    amended_by, repeals, reason, caveats, basis, versions, newer_versions, conflicts, platform, disagreements."""
    result = _judge(store, doc_id, on)
    doc = store.document(doc_id, text=False, extraction=False) or {}
    ids = versions.chain_ids(store, doc_id)
    chain = []
    for other in ids:
        judged = result if other == doc_id else _judge(store, other, on)
        chain.append({"id": other, "doc_no": judged["doc_no"], "title": judged["title"],
                      "version_date": judged["version_date"], "effective_from": judged["effective_from"],
                      "label": label_of(judged)})
    newer = chain[ids.index(doc_id) + 1:]
    named = {r["id"] for r in result["superseded_by"]}
    if any(v["id"] not in named for v in newer):
        result["caveats"].append("newer versions held here: " + "; ".join(
            f"id {v['id']} ({v['version_date'] or 'undated'}, in effect from {v['effective_from'] or 'unknown'})"
            for v in newer))
    conflicts = [] if not doc.get("doc_no_key") else [
        {"id": r["id"], "doc_no": r["doc_no"], "title": r["title"]}
        for r in store.holders_of_doc_no(doc["doc_no_key"]) if r["id"] != doc_id and r["id"] not in ids]
    for c in conflicts:
        result["caveats"].append(f"{label(c)} (id {c['id']}) bears the same 文号 with another text and no version "
                                 "link: a conflict, not a version")
    result.update({
        "label": label_of(result), "in_corpus": True, "versions": chain, "newer_versions": newer,
        "conflicts": conflicts, "version": doc.get("version"),
        "original_effective_from": doc.get("original_effective_from"), "platform": doc.get("platform"),
    })
    result["disagreements"] = disagreements(result, doc.get("platform"))
    for d in result["disagreements"]:
        result["caveats"].append(f"the publishing platform says {d['field']} {d['platform']!r} where the text "
                                 f"gives {d['text']!r}")
    return result


def status_on(store: Store, doc_id: int, on: date | str | None = None) -> str:
    """Only the ``status`` of ``status_of`` (the same judgement, without versions, conflicts or the platform's
    word): what search shows beside each hit. Raises KeyError for an unknown id.

    Example: status_on(store, doc_id, "2025-06-01") == status_of(store, doc_id, "2025-06-01")["status"]
    """
    return str(_judge(store, doc_id, on)["status"])


def _judge(store: Store, doc_id: int, on: date | str | None = None) -> dict[str, Any]:
    """The status of one document on a day from its own dates and the relations held, before labels, versions
    and the platform are added."""
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
            entry["basis"] = extra.get("basis")
            superseded_by.append(entry)
        elif rel["kind"] == "amends" and (rel["extra"] or {}).get("direction") != "amended_by":
            # an info block's "amended_by" line points from the law to the decision: the decision is not amended
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
        "reg_no": doc.get("reg_no"),
        "version_date": doc.get("version_date"),
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
