"""Support measures derived from one extracted document: one per support, each with its topic, amounts and quote.

A support is a run of sentences holding award money, a tier schedule, a per-unit amount, a subsidy rate or a
cap (``is_support``), inside the smallest clause that holds it (the facts' ``clause``). A clause is cut into
sentences at 。！？ (not at line breaks, which also break table rows and PDF lines), its label, heading and
sub-clauses left out; the sentences holding support facts are the supports, except that a sentence holding
nothing but a cap, with no condition (以上两项补助单个企业最高不超过20万元), closes the support before it. A clause
with one support gives one measure; with several (湘西 （十七）: an O2O store, then a 海外托管仓) one measure
each, so that each gets its own topic. Budgets (专项资金 of 1000万元) are not supports: nobody applies for them.

Each measure (the contract the matcher and ``kb.queries.compare`` read):
``{clause, span, quote, topic, confidence, topic_method, summary, max_amount, currency, rate, thresholds,
beneficiary, extra: {tiers, caps, per_unit, awards, rates, conditions_all, non_cumulation, application}}``.
``text[span[0]:span[1]] == quote``. Amounts and rates are Decimals (the store keeps them as exact TEXT);
``max_amount`` is the largest award, tier award or cap in the measure's own currency, never converted;
``rate`` the largest rate (全额 counts as 1).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from extractor.sentences import split_sentences
from kb.queries.topics import classify

SUMMARY_CHARS = 60
SENTENCE_ENDS = "。！？!?"  # not line breaks, which also break table rows and PDF lines
_FULL = re.compile(r"全额(?:补贴|补助|支持|资助|奖补|补偿)")
_OR = re.compile(r"[，,；;]\s*或|或者")  # 国家或地区 joins words, not conditions
_APPLICATION_KEYS = {"receiver": "office"}


def is_support(fact: dict[str, Any]) -> bool:
    """Does this fact give support (money, a rate, a tier, a per-unit amount or a cap), not a condition or budget?

    Example: is_support({"kind": "money", "role": "award"}) and not is_support({"kind": "money", "role": "fund"})
    """
    kind, role = fact.get("kind"), fact.get("role")
    if kind == "money":
        return role == "award"
    if kind == "rate":
        return role in {"subsidy_rate", "cap_rate"}
    return kind in {"tier", "per_unit", "rate_series", "cap"}


def dec(value: Any) -> Decimal | None:
    """A Decimal from a JSON number or string (floats through their shortest repr: 0.5 → Decimal("0.5")).

    Example: dec(0.3) == Decimal("0.3") and dec(None) is None
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def derive_measures(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The support measures of one document (``Document.to_dict()``, the ``extract --json`` contract), in
    reading order.

    Example:
        doc = extract_file("corpus/003_a8d1c58ffad7e9cd.txt").to_dict()
        [m["topic"] for m in derive_measures(doc) if m["clause"] == "2.5.10"] == ["海外仓", "海外仓"]
    """
    text: str = doc.get("text") or ""
    clauses: list[dict[str, Any]] = doc.get("clauses") or []
    facts: list[dict[str, Any]] = [f for f in doc.get("facts") or [] if f.get("span")]
    by_id = {c["id"]: c for c in clauses}
    shared = {"non_cumulation": _non_cumulation(facts), "application": _application(facts),
              "title": doc.get("attachment_title") or doc.get("title")}

    by_clause: dict[str | None, list[dict[str, Any]]] = {}
    for fact in facts:
        by_clause.setdefault(fact.get("clause"), []).append(fact)
    order = [c["id"] for c in clauses] + [None]
    measures: list[dict[str, Any]] = []
    for clause_id in order:
        own = by_clause.get(clause_id) or []
        if not any(is_support(f) for f in own):
            continue
        clause = by_id.get(clause_id) if clause_id is not None else None
        children = [c for c in clauses if c.get("parent") == clause_id] if clause_id is not None else clauses
        groups = _support_groups(text, clause, children, own)
        split = len(groups) > 1
        for start, end in groups:
            inside = [f for f in own if start <= f["span"][0] < end]
            measures.append(_measure(text, clause, _ancestors(clause, by_id), start, end, inside, split, shared))
    return measures


# -- segmentation ----------------------------------------------------------------------------------------------

def _body_start(text: str, clause: dict[str, Any]) -> int:
    """Where a clause's words begin: after its label and, when the text repeats it there, its heading."""
    start = clause["span"][0]
    label = clause.get("label") or ""
    if label and text.startswith(label, start):
        start += len(label)
    heading = clause.get("heading")
    if heading and text.startswith(heading, start):
        start += len(heading)
        while start < clause["span"][1] and (text[start] in "。：:．.，, \t\n"):
            start += 1
    return start


def _sentences(text: str, clause: dict[str, Any] | None,
               children: Iterable[dict[str, Any]]) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of a clause's own words (its sub-clauses cut out), end after 。."""
    ranges = [(0, len(text))] if clause is None else [(_body_start(text, clause), clause["span"][1])]
    for child in sorted(children, key=lambda c: c["span"][0]):
        c_start, c_end = child["span"]
        ranges = [piece for s, e in ranges
                  for piece in ((s, min(e, c_start)), (max(s, c_end), e)) if piece[0] < piece[1]]
    return [span for s, e in ranges for span in split_sentences(text, s, e, stops=SENTENCE_ENDS, whole_runs=True)]


def _support_groups(text: str, clause: dict[str, Any] | None, children: list[dict[str, Any]],
                    facts: list[dict[str, Any]]) -> list[tuple[int, int]]:
    sentences = _sentences(text, clause, children)
    if not sentences:
        return []
    # sentences a single fact runs across (a tier schedule over 。) are one group
    groups: list[list[int]] = [[s, e] for s, e in sentences]
    for fact in facts:
        f_start, f_end = fact["span"]
        hit = [i for i, (s, e) in enumerate(groups) if s < f_end and f_start < e]
        if len(hit) > 1:
            first, last = hit[0], hit[-1]
            groups[first:last + 1] = [[groups[first][0], groups[last][1]]]

    def within(g: list[int]) -> list[dict[str, Any]]:
        return [f for f in facts if g[0] <= f["span"][0] < g[1]]

    supports: list[list[int]] = []
    for g in groups:
        inside = within(g)
        support = [f for f in inside if is_support(f)]
        if not support:
            continue
        closing = (supports and all(f["kind"] == "cap" for f in support)
                   and not any(f["kind"] in {"condition", "beneficiary"} for f in inside)
                   and not text[g[0]:g[1]].startswith("对"))
        if closing:
            supports[-1][1] = g[1]
        else:
            supports.append(list(g))
    return [(s, e) for s, e in supports]


def _ancestors(clause: dict[str, Any] | None, by_id: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    parent = clause.get("parent") if clause else None
    while parent is not None and parent in by_id:
        out.append(by_id[parent])
        parent = by_id[parent].get("parent")
    return out


# -- one measure ------------------------------------------------------------------------------------------------

def _measure(text: str, clause: dict[str, Any] | None, ancestors: list[dict[str, Any]], start: int, end: int,
             facts: list[dict[str, Any]], split: bool, shared: dict[str, Any]) -> dict[str, Any]:
    quote = text[start:end]
    heading = (clause or {}).get("heading")
    # what a condition measures (进出口额 in 进出口额达到5000万元) is not what the support is for: it counts as context
    said, metrics = _without_metrics(quote, start, facts)
    context = metrics + [a["heading"] for a in ancestors if a.get("heading")]
    if split:  # the clause heading speaks for all its supports: evidence, not the decision
        topic, confidence, method = classify(said, None, ([heading] if heading else []) + context, shared["title"])
    else:
        topic, confidence, method = classify(said, heading, context, shared["title"])

    per_units = [f for f in facts if f["kind"] == "per_unit"]
    tier_facts = [f for f in facts if f["kind"] == "tier"]
    awards = [{"value": dec(f["value"]), "currency": f.get("currency") or f.get("unit"), "quote": f["quote"],
               "span": list(f["span"])}
              for f in facts if f["kind"] == "money" and f.get("role") == "award"
              and not any(_within(f, p) for p in per_units)]
    caps = [{"value": dec(f["value"]), "currency": f.get("currency") or f.get("unit"), "period": f.get("period"),
             "scope": f.get("scope"), "quote": f["quote"], "span": list(f["span"])}
            for f in facts if f["kind"] == "cap" and f.get("unit") != "%"]
    tiers = [_tier(t, f) for f in tier_facts for t in f.get("tiers") or []]
    per_unit = [_per_unit(f) for f in per_units]
    rates = _rates(facts, quote, start)
    thresholds = [_threshold(f) for f in facts if f["kind"] == "condition" and f.get("role") == "threshold"]
    max_amount, currency = _max_amount(awards, tiers, caps, per_unit)

    return {
        "clause": (clause or {}).get("id"),
        "span": [start, end],
        "quote": quote,
        "topic": topic,
        "confidence": confidence,
        "topic_method": method,
        "summary": _summary(quote) if split or not heading else _summary(heading),
        "max_amount": max_amount,
        "currency": currency,
        "rate": max((r["value"] for r in rates), default=None),
        "thresholds": thresholds,
        "beneficiary": _beneficiary(facts),
        "extra": {
            "tiers": tiers,
            "caps": caps,
            "per_unit": per_unit,
            "awards": awards,
            "rates": rates,
            "conditions_all": _conditions_all(text, thresholds, tiers),
            "non_cumulation": shared["non_cumulation"],
            "application": shared["application"],
        },
    }


def _without_metrics(quote: str, offset: int, facts: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """The quote with the conditions' metric words blanked out, and those words."""
    chars = list(quote)
    metrics = []
    for f in facts:
        span = f.get("metric_span")
        if f["kind"] != "condition" or not span:
            continue
        s, e = max(span[0] - offset, 0), min(span[1] - offset, len(quote))
        if s < e:
            metrics.append(quote[s:e])
            chars[s:e] = "，" * (e - s)
    return "".join(chars), list(dict.fromkeys(metrics))


def _within(inner: dict[str, Any], outer: dict[str, Any]) -> bool:
    return outer["span"][0] <= inner["span"][0] and inner["span"][1] <= outer["span"][1]


def _interval(interval: dict[str, Any] | None) -> dict[str, Any] | None:
    if not interval:
        return None
    return {"low": dec(interval.get("low")), "low_inclusive": bool(interval.get("low_inclusive")),
            "high": dec(interval.get("high")), "high_inclusive": bool(interval.get("high_inclusive"))}


def _tier(tier: dict[str, Any], fact: dict[str, Any]) -> dict[str, Any]:
    out = dict(tier)
    out["interval"] = _interval(tier.get("interval"))
    out.setdefault("metric", None)
    out["award"] = dec(tier.get("award"))
    out["currency"] = tier.get("currency") or fact.get("currency")
    if tier.get("conditions"):
        out["conditions"] = [{**c, "interval": _interval(c.get("interval"))} for c in tier["conditions"]]
    out["selection"] = fact.get("selection")
    out["incremental"] = fact.get("incremental")
    return out


def _per_unit(fact: dict[str, Any]) -> dict[str, Any]:
    keep = ("per", "per_noun", "per_count", "per_period", "cap_currency", "cap_period", "cap_scope")
    return {"value": dec(fact["value"]), "currency": fact.get("currency") or fact.get("unit"),
            **{k: fact.get(k) for k in keep}, "cap": dec(fact.get("cap")), "quote": fact["quote"],
            "span": list(fact["span"])}


def _rates(facts: list[dict[str, Any]], quote: str, offset: int) -> list[dict[str, Any]]:
    out = []
    for f in facts:
        if f["kind"] == "rate" and f.get("role") in {"subsidy_rate", "cap_rate"} and f.get("value") is not None:
            out.append({"value": dec(f["value"]), "role": f["role"], "year": f.get("year"), "quote": f["quote"],
                        "span": list(f["span"])})
    for m in _FULL.finditer(quote):  # 全额补贴: the whole cost, a rate of 1
        out.append({"value": Decimal(1), "role": "full", "year": None, "quote": m.group(0),
                    "span": [offset + m.start(), offset + m.end()]})
    return sorted(out, key=lambda r: r["span"][0])


def _threshold(fact: dict[str, Any]) -> dict[str, Any]:
    return {"metric": fact.get("metric"), "metric_text": fact.get("metric_text"),
            "interval": _interval(fact.get("interval")), "unit": fact.get("unit"),
            "currency": fact.get("currency"), "quote": fact["quote"], "span": list(fact["span"])}


def _max_amount(awards: list[dict[str, Any]], tiers: list[dict[str, Any]], caps: list[dict[str, Any]],
                per_unit: list[dict[str, Any]]) -> tuple[Decimal | None, str | None]:
    """The largest award, tier award or cap (a per-unit amount counts through its cap), in the currency of the
    first amount the text names: amounts in another currency are never compared with it."""
    found: list[tuple[int, Decimal, str | None]] = []
    for a in awards:
        found.append((a["span"][0], a["value"], a["currency"]))
    for c in caps:
        found.append((c["span"][0], c["value"], c["currency"]))
    for p in per_unit:
        if p["cap"] is not None:
            found.append((p["span"][0], p["cap"], p["cap_currency"] or p["currency"]))
    for t in tiers:
        found.append((10**9, t["award"], t["currency"]))
    found = [f for f in found if f[1] is not None]
    if not found:
        return None, None
    currency = min(found, key=lambda f: f[0])[2]
    return max(f[1] for f in found if f[2] == currency), currency


def _beneficiary(facts: list[dict[str, Any]]) -> str | None:
    kinds = [f["value"] for f in facts if f["kind"] == "beneficiary" and f.get("value")]
    if not kinds:
        return None
    counts = Counter(kinds)
    return max(kinds, key=lambda k: (counts[k], -kinds.index(k)))


def _conditions_all(text: str, thresholds: list[dict[str, Any]], tiers: list[dict[str, Any]]) -> bool:
    """True when every threshold must hold: no tier schedule (its thresholds are alternatives) and no 或
    between the first and the last threshold."""
    if tiers:
        return False
    if len(thresholds) < 2:
        return True
    first = min(t["span"][0] for t in thresholds)
    last = max(t["span"][1] for t in thresholds)
    return not _OR.search(text, first, last)


def _summary(text: str) -> str:
    text = " ".join(text.split()).rstrip("。；;，,")
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = max(text.rfind(p, 0, SUMMARY_CHARS - 1) for p in "，；、")
    return (text[:cut] if cut >= SUMMARY_CHARS // 3 else text[:SUMMARY_CHARS - 1]) + "…"


def _non_cumulation(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"quote": f["quote"], "span": list(f["span"]), "scope": f.get("scope") or "document",
             "rule": f.get("value")} for f in facts if f["kind"] == "non_cumulation"]


def _application(facts: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for f in facts:
        if f["kind"] != "application":
            continue
        key = _APPLICATION_KEYS.get(f.get("role") or "", f.get("role") or "other")
        entry = {"value": f.get("value"), "quote": f["quote"], "span": list(f["span"])}
        if f.get("items"):
            entry["items"] = list(f["items"])
        out.setdefault(key, []).append(entry)
    return out
