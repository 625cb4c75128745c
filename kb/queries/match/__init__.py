"""Which measures apply to an enterprise, and at most how much: ``match(store, profile, on)``.

For every measure of a document in force on ``on`` (``kb.queries.validity.status_of``) in the enterprise's county, city
or province (a document of another city never applies; a county's document only to that county):

1. **Beneficiary** — the measure's beneficiary kind must be the profile's kind or one it may claim
   (``kb/data/entity_kinds.yaml`` ``also``); otherwise ``not_eligible``. A measure naming no beneficiary is
   ``needs_information``: whether it covers the enterprise is checked by hand.
2. **Conditions** — each threshold maps to a figure of the vocabulary (``kb/data/figures.yaml``) by its metric,
   its unit and its words. A failed interval → ``not_eligible`` quoting the condition; a figure the profile does
   not give → ``needs_information`` naming the figure; a condition no figure answers → ``needs_information``
   saying which condition to check by hand. Conditions joined by 或 (``Measure.conditions_all`` false) need one.
3. **Tiers** — a tiered measure pays the award of the highest tier whose interval (and the tier's own
   conditions) the figure meets; intervals are exact (``Decimal``; 超过 excludes its number, 以上/达到 include it).
   Tiers told apart by level (国家级/省级) rather than by a figure are checked by hand.
4. **Amount** — eligible only with a sum the text states: the tier award (never above the measure's
   ``upper_bound``) or the measure's ``certain_amount``; a cap, a rate without its base, a per-unit amount or a
   band left to the department is ``needs_information`` with the most it could pay (``upper_bound``);
   ``not_eligible`` none.

**Partial repeals** — a measure whose article (第十条, or its 款 / 项) a later document held here repeals
(《A》第十条同时废止: ``kb.queries.partial_repeal``) from a day on or before ``on`` is not read: it is listed in
``repealed`` with the reason (已被《B》（文号）废止（第十条）, the date, B's words). Before that day it is read as
any other, the repeal to come said among its reasons; a repeal whose date or article cannot be told (no
effective date, no 第X条 in the document, no article named) leaves it needs_information at most.

**Totals** add the eligible amounts per currency after each document's non-cumulation rule (就高不重复,
择优不重复, 不重复享受, 就高不就低 …) as its sentence states it: 同类型 / 同一事项 / 同一项目 (or no scope) —
eligible measures of one topic in that document count once, at the highest amount; 同一企业 alone — all of the
document's measures count once; 与其他（有关）政策 … 重叠 — a measure of the same topic in another document
held here counts once with it. Each reduction is explained in ``non_cumulation``.

Amounts are ``Decimal`` inside; ``kb.cli.match`` prints them as JSON numbers. Reasons and notes are in English
(``lang="en"``, the JSON contract) or Chinese (``lang="zh"``, the app), from the templates of
``kb.text.messages``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from extractor.measures import Application, Condition, Measure
from kb.queries.conflicts import with_conflict
from kb.queries.match.conditions import (
    STATUSES,
    Context,
    Outcome,
    _beneficiary,
    _conditions,
    _money,
    asked_key,
    check,
    metric_words,
    tier_record,
)
from kb.queries.match.cumulation import Rule, _rules, apply_non_cumulation, rule_scopes, totals
from kb.queries.match.eligibility import Verdict, eligibility_verdicts
from kb.queries.match.figures import dimension, map_metric
from kb.queries.match.profile import Profile, check_dates
from kb.queries.match.tiers import _tiers
from kb.queries.partial_repeal import DocumentRepeals, in_effect
from kb.queries.validity import as_date, status_of
from kb.store import Store
from kb.text.format import amount_text, interval_text
from kb.text.messages import checked_lang, reason_zh, text

__all__ = ["STATUSES", "Rule", "amount_text", "apply_non_cumulation", "applies_to", "check", "dimension",
           "evaluate", "interval_text", "map_metric", "match", "rule_scopes", "tier_record", "totals"]


def evaluate(row: dict[str, Any], profile: Profile, on: date | str | None = None,
             context: Context | None = None, lang: str = "en") -> dict[str, Any]:
    """One store row (``Store.measures()``: its document's fields and the typed ``measure``) read against a
    profile: the result record of ``match``, its reasons in ``lang`` ("en" | "zh").

    Example: evaluate(row, profile, "2025-06-01")["status"] in STATUSES
    """
    lang = checked_lang(lang)
    day = as_date(on)
    m: Measure = row["measure"]
    ctx = context or Context(m.quote, "", m.start, offset=m.start)  # the measure's own words
    bound = {asked_key(c) for tier in m.tiers for c in (tier, *tier.conditions)}
    starts = {asked_key(t): t.start for t in m.thresholds}
    dims: dict[tuple[str | None, str | None], str] = {}
    for t in [*m.thresholds, *m.tiers]:
        d = dimension(t.unit, t.currency if isinstance(t, Condition) else None)
        if d:
            dims.setdefault((t.metric, metric_words(t)), d)
    maximum = m.upper_bound.value if m.upper_bound else None
    currency = m.currency
    record = _record(row)

    outcomes = []
    beneficiary = _beneficiary(m.beneficiary, profile, lang)
    if beneficiary:
        outcomes.append(beneficiary)
    general = [t for t in m.thresholds if asked_key(t) not in bound]
    checks = [check(t, profile, day, ctx.before(t.start),
                    dimension(t.unit, t.currency) or dims.get((t.metric, metric_words(t))), lang)
              for t in general]
    # a tier schedule makes extractor.measures call every threshold an alternative; the others still all hold unless
    # the text joins them with 或
    all_needed = not ctx.joined_by_or(general) if m.tiers else m.conditions_all
    outcomes.append(_conditions(checks, all_needed, lang))
    if not m.thresholds and not m.tiers:
        outcomes.append(Outcome("needs_information", [text(lang, "no_figure_decides")]))
    tier_paid, award, possible = None, None, None
    if m.tiers:
        tier_out, tier_paid, award, possible = _tiers(m, profile, day, ctx, starts, dims, lang)
        outcomes.append(tier_out)
        currency = (tier_paid.award.currency if tier_paid and tier_paid.award else None) or currency or next(
            (t.award.currency for t in m.tiers if t.award), None)
        top = max((t.award.value if t.award else Decimal(0) for t in m.tiers), default=None)
        maximum = maximum if maximum is not None else top
    verdicts = eligibility_verdicts(m, profile, day, row.get("city"), lang)
    outcomes += [_outcome(v) for v in verdicts]
    statuses = {o.status for o in outcomes}
    status = next(s for s in reversed(STATUSES) if s in statuses or s == "eligible")
    reasons = [r for o in outcomes if status != "not_eligible" or o.status == status for r in o.reasons]
    missing = [] if status == "not_eligible" else list(dict.fromkeys(k for o in outcomes for k in o.missing if k))
    failed = [f for o in outcomes for f in o.failed]

    record.update(conditions=[_condition_row(c, verdicts) for c in m.conditions])
    capped = tier_paid is not None and tier_paid.award_is_cap
    status, certain, upper, kind = _certainty(m, status, award, maximum, possible, currency, verdicts, missing,
                                              reasons, lang, capped)
    if status == "not_eligible":
        missing = []
    record.update(status=status, reason_kind=kind, certain_amount=certain, upper_bound=upper,
                  max_amount=certain if status == "eligible" else upper, currency=currency, reasons=reasons,
                  missing=missing, failed=failed, tier=tier_record(tier_paid))
    return record


def _outcome(v: Verdict) -> Outcome:
    if v.holds is None and v.condition.kind in {"first_time", "new_this_year"}:
        # 首次达 / 当年新增 qualify a tier's figure more often than the firm: shown (holds: null), not asked
        return Outcome("eligible")
    if v.holds is False:
        return Outcome("not_eligible", [v.reason])
    if v.holds is None:
        return Outcome("needs_information", [v.reason], [v.missing or ""])
    return Outcome("eligible")  # a condition met is shown in ``conditions`` (holds: true), not among the reasons


def _condition_row(c: Condition, verdicts: list[Verdict]) -> dict[str, Any]:
    held = next((v.holds for v in verdicts if v.condition is c), None)
    return {"text": c.text, "quote": c.quote, "span": [c.start, c.end], "kind": c.kind, "scope": c.scope,
            "holds": held}


def _certainty(m: Measure, status: str, award: Decimal | None, maximum: Decimal | None, possible: Decimal | None, currency: str | None,
               verdicts: list[Verdict], missing: list[str], reasons: list[str],
               lang: str, capped: bool = False) -> tuple[str, Decimal | None, Decimal | None, str | None]:
    """``(status, certain_amount, upper_bound, reason_kind)``: eligible only for a sum the text states (an award,
    a tier's award); a cap (a tier's too: ``capped``, 最高给予…), a rate without its base, a per-unit amount, a
    band left to the department or 一事一议 are needs_information with the most they could pay. ``reasons`` gets
    the explanation."""
    upper = m.upper_bound.value if m.upper_bound and m.upper_bound.currency == currency else maximum
    if status == "not_eligible":
        return status, None, None, None
    certain, kind = None, None
    if status == "eligible":
        if m.tiers:
            if award is not None:
                same = m.currency in {None, currency}  # never compare 美元 with 元
                paid = min(award, maximum) if same and maximum is not None and maximum < award else award
                if capped:  # the tier met pays up to its award: the most, not a sum
                    reasons.append(text(lang, "tier_cap", money=_money(paid, currency, lang)))
                    return "needs_information", None, paid, "amount_not_stated"
                certain = paid
            else:
                kind = "amount_not_stated"
        elif m.amount_basis == "stated" and m.certain_amount is not None:
            certain = m.certain_amount.value
        elif m.rates:
            kind = "figure_missing"
            reasons.append(text(lang, "figure_missing_rate", rate=amount_text(m.rate, "fraction")))
        elif m.per_unit:
            kind = "figure_missing"
            reasons.append(text(lang, "figure_missing_units"))
        elif m.amount_basis == "by_hand":
            kind = "by_hand"
            reasons.append(text(lang, "by_hand"))
        else:
            kind = "amount_not_stated"
        if kind == "amount_not_stated":
            reasons.append(text(lang, "amount_not_stated", money=_money(upper, currency, lang)) if upper is not None
                           else text(lang, "amount_not_stated_open"))
        if certain is None:
            return "needs_information", None, upper, kind
        if possible is not None and possible > certain:
            reasons.append(text(lang, "up_to_with_information", money=_money(possible, currency, lang)))
        return status, certain, max(certain, possible or certain), None
    open_kinds = [v.reason_kind for v in verdicts if v.holds is None]
    if "declaration_missing" in open_kinds:
        kind = "declaration_missing"
    elif missing or "figure_missing" in open_kinds:
        kind = "figure_missing"
    elif any(t.level for t in m.tiers):
        kind = "level_named"
    else:
        kind = "by_hand"
    bound = possible if possible is not None else upper
    if bound is not None:
        reasons.append(text(lang, "up_to", money=_money(bound, currency, lang)))
    return status, None, bound, kind


def _record(row: dict[str, Any]) -> dict[str, Any]:
    m: Measure = row["measure"]
    return {
        "doc_no": row.get("doc_no"), "doc_id": row.get("doc_id"), "title": row.get("title"),
        "clause": m.clause, "clause_label": m.clause_label, "measure": m.summary, "topic": m.topic,
        "certain_amount": m.certain_amount.value if m.certain_amount else None,
        "upper_bound": m.upper_bound.value if m.upper_bound else None,
        "status": None, "max_amount": None, "currency": m.currency, "reasons": [], "missing": [],
        "failed": [], "tier": None, "application": _application(m.application), "quote": m.quote,
        "span": [m.start, m.end], "counted": False,
    }


def _application(a: Application | None) -> dict[str, Any]:
    if a is None:
        return {}
    return {"deadline": a.deadline, "deadline_text": a.deadline_text, "where": a.where,
            "materials": list(a.materials), "publicity": a.publicity, "automatic": a.automatic,
            "organiser": a.organiser}


# -- the store -------------------------------------------------------------------------------------------------


def applies_to(doc: dict[str, Any], profile: Profile) -> bool:
    """Is a document (its province, city, county) one of the enterprise's jurisdictions?

    Example: applies_to({"province": "湖南省", "city": "邵阳市", "county": None}, hengyang_profile) is False
    """
    if not doc.get("province") or doc["province"] != profile.province:
        return False
    if doc.get("city") is None:
        return doc.get("county") is None
    if doc["city"] != profile.city:
        return False
    return doc.get("county") is None or doc["county"] == profile.county


def match(store: Store, profile: Profile, on: date | str | None = None, lang: str = "en") -> dict[str, Any]:
    """Every measure in force on ``on`` (default today) in the profile's jurisdiction, read against it.

    Keys: profile, on, jurisdiction, results (eligible first, then needs_information, then not_eligible),
    totals (per currency, eligible and counted only), non_cumulation (explanations), skipped (documents of the
    jurisdiction with measures that are not in force on ``on``), repealed (measures of documents in force whose
    article a partial repeal in effect on ``on`` takes away: ``kb.queries.partial_repeal``, the reason in
    ``lang``). A result's ``partial_repeals`` lists the partial repeals naming its article that do not take it
    away (still to come, or of a date or an article that cannot be told: then never eligible). ``lang`` ("en" | "zh") is the language of the
    results' reasons and of the non_cumulation explanations; keys and values stay the same.

    Example: match(store, load_profile("examples/profiles/hengyang_seller.toml"), "2025-06-01", lang="zh")
    """
    lang = checked_lang(lang)
    day = as_date(on)
    check_dates(profile, day)
    rows = [m for m in store.measures(province=profile.province) if applies_to(m, profile)]
    in_force: dict[int, dict[str, Any]] = {}
    skipped = []
    for doc_id in dict.fromkeys(m["doc_id"] for m in rows):
        state = with_conflict(store, status_of(store, doc_id, day))  # a 文号 conflict is skipped, said
        if state["status"] == "in_force":
            in_force[doc_id] = state
        else:
            skipped.append({"doc_id": doc_id, "doc_no": state["doc_no"], "title": state["title"],
                            "status": state["status"],
                            "reason": reason_zh(state) if lang == "zh" else state["reason"]})
    clauses: dict[int, dict[str, dict[str, Any]]] = {}
    partial = {doc_id: DocumentRepeals(store, doc_id) for doc_id, state in in_force.items()
               if any(r["partial"] for r in state["repealed_by"])}
    results, repealed = [], []
    for m in rows:
        if m["doc_id"] not in in_force:
            continue
        found = partial[m["doc_id"]].of(m["clause_id"], day, m["measure"].start) if m["doc_id"] in partial else []
        taken = in_effect(found)
        if taken:  # its article is repealed from a day on or before this one: not offered, said why
            repealed.append(_repealed(m, taken, lang))
            continue
        if m["doc_id"] not in clauses:
            clauses[m["doc_id"]] = {c["id"]: c for c in store.clauses(m["doc_id"])}
        result = evaluate(m, profile, day, _context(clauses[m["doc_id"]], m["measure"]), lang)
        _partial_repeal_note(result, found, lang)
        results.append(result)
    order = {s: i for i, s in enumerate(STATUSES)}
    results.sort(key=lambda r: (order[r["status"]], r["doc_id"] or 0, r["span"][0] or 0))
    rules = _rules(rows, in_force)
    for r in results:
        _deadline_note(r, day, lang)
    possible, possible_steps = _possible(results, rules, lang)
    notes = apply_non_cumulation(results, rules, lang)
    return {
        "profile": profile.name,
        "on": day.isoformat(),
        "jurisdiction": {"province": profile.province, "city": profile.city, "county": profile.county},
        "entity_kind": profile.entity_kind,
        "results": results,
        "totals": totals(results),
        "possible": possible,
        "totals_explained": _explained(results, lang) + possible_steps,
        "non_cumulation": notes,
        "skipped": skipped,
        "repealed": repealed,
    }


def _repealed(row: dict[str, Any], repeal: dict[str, Any], lang: str) -> dict[str, Any]:
    """A measure of a document in force whose article a partial repeal in effect takes away, as ``repealed``
    lists it: where it stands, what it was, and the repeal (``kb.queries.partial_repeal``) with its reason."""
    m: Measure = row["measure"]
    return {"doc_id": row.get("doc_id"), "doc_no": row.get("doc_no"), "title": row.get("title"),
            "clause": m.clause, "clause_label": m.clause_label, "article": repeal["article"], "measure": m.summary,
            "topic": m.topic, "quote": m.quote, "span": [m.start, m.end], "status": "repealed",
            "reason": repeal["reason_zh"] if lang == "zh" else repeal["reason"], "repeal": repeal}


def _partial_repeal_note(result: dict[str, Any], found: list[dict[str, Any]], lang: str) -> None:
    """A partial repeal that does not take the measure away is said: one still to come, as a note; one whose
    date or article cannot be told (no effective date stated, no 第X条, no article named) leaves an eligible
    measure needs_information, its sum the most it could pay, never a certain one."""
    result["partial_repeals"] = found
    if result["status"] == "not_eligible":
        return
    for repeal in found:
        result["reasons"].append(repeal["reason_zh"] if lang == "zh" else repeal["reason"])
        if repeal["status"] != "pending" and result["status"] == "eligible":
            result.update(status="needs_information", reason_kind="partial_repeal", certain_amount=None,
                          max_amount=result["upper_bound"])


def _possible(results: list[dict[str, Any]], rules: list[Rule],
              lang: str) -> tuple[dict[str, Decimal], list[str]]:
    """The most the eligible and needs_information results could pay together, per currency, non-cumulation
    applied to their upper bounds as to the certain sums."""
    shadow = [{**r, "status": "eligible", "max_amount": r["upper_bound"], "reasons": [], "counted": False}
              for r in results if r["status"] in {"eligible", "needs_information"} and r["upper_bound"] is not None]
    apply_non_cumulation(shadow, rules, lang)
    steps = [text(lang, "possible_step", step=step) for step in _explained(shadow, lang)]
    return totals(shadow), steps


def _explained(results: list[dict[str, Any]], lang: str) -> list[str]:
    """Each step of the totals: the sums added, the sums a non-cumulation rule left out, the total per currency."""
    steps = []
    for r in results:
        if r["status"] != "eligible" or r["max_amount"] is None:
            continue
        where = text(lang, "where", doc=r["doc_no"] or r["doc_id"], clause=r.get("clause_label") or r["clause"])
        money = _money(r["max_amount"], r["currency"], lang)
        steps.append(text(lang, "explained_counted" if r["counted"] else "explained_dropped", where=where,
                          money=money))
    steps += [text(lang, "explained_total", money=_money(v, k, lang)) for k, v in totals(results).items()]
    return steps


def _deadline_note(result: dict[str, Any], on: date, lang: str) -> None:
    """Says so when the application deadline has passed on the match date (a yearly one: this year's)."""
    application = result.get("application") or {}
    deadline = application.get("deadline")
    if not isinstance(deadline, str) or not deadline:
        return
    try:
        due = date(on.year, int(deadline[2:4]), int(deadline[5:7])) if deadline.startswith("--") \
            else date.fromisoformat(deadline)
    except ValueError:
        return
    application["deadline_passed"] = due < on
    if due < on and result["status"] != "not_eligible":
        result["reasons"].append(text(lang, "deadline_passed", deadline=application.get("deadline_text") or deadline,
                                      on=on.isoformat()))


def _context(clauses: dict[str, dict[str, Any]], m: Measure) -> Context:
    """The measure's own words (its quote, at its offset) and its clause headings: never the document text."""
    headings = []
    clause = clauses.get(m.clause or "")
    while clause:
        if clause.get("heading"):
            headings.append(clause["heading"])
        clause = clauses.get(clause.get("parent") or "")
    return Context(m.quote, " ".join(headings), m.start, offset=m.start)
