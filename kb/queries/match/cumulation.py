"""Non-cumulation (就高不重复, 择优不重复, 不重复享受 …): the rules as their sentences state them, how they fold
eligible measures into one amount, and the totals per currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from extractor.measures import non_cumulation_scopes
from kb.queries.match.conditions import _money
from kb.text.messages import text


@dataclass(frozen=True, slots=True)
class Rule:
    """A document's non-cumulation rule: its sentence and what it joins (``topic``, ``document``, ``others``)."""

    doc_id: int
    doc_no: str | None
    sentence: str
    scopes: frozenset[str]


def rule_scopes(sentence: str) -> frozenset[str]:
    """What a non-cumulation sentence joins: ``topic`` (同类型 / 同一事项 / 同一项目, or no scope stated),
    ``document`` (同一企业 alone), ``others`` (与其他政策重叠).

    Example: rule_scopes("若与其他相关政策不一致或同一事项涉及多项奖补的，按“就高”原则不重复享受") == {"topic", "others"}
    """
    # the extractor's lexicon of scopes: the one a rule's ``scope`` is read with, here all that a sentence names
    named = {scope for scope, pattern in non_cumulation_scopes() if pattern.search(sentence)}
    scopes = set()
    if "other_policies" in named:
        scopes.add("others")
    if named & {"same_type", "same_matter"}:
        scopes.add("topic")
    elif "document" in named:
        scopes.add("document")
    if not scopes:
        scopes.add("topic")
    return frozenset(scopes)


def _rules(rows: list[dict[str, Any]], in_force: dict[int, Any]) -> list[Rule]:
    """The non-cumulation rules of the documents in force, from their measures (each rule's sentence is its
    quote: the extractor cut it out)."""
    found: dict[tuple[int, str], Rule] = {}
    for m in rows:
        if m["doc_id"] not in in_force or m.get("measure") is None:
            continue
        for item in m["measure"].non_cumulation:
            found.setdefault((m["doc_id"], item.quote), Rule(m["doc_id"], m.get("doc_no"), item.quote,
                                                             rule_scopes(item.quote)))
    return list(found.values())


def apply_non_cumulation(results: list[dict[str, Any]], rules: list[Rule], lang: str = "en") -> list[str]:
    """Mark each eligible result with an amount ``counted`` unless a non-cumulation rule folds it into a higher
    one; return the explanations (in ``lang``). Results are changed in place (a reason is added to each result
    not counted).

    Example: apply_non_cumulation(results, [Rule(2, "州政办发〔2018〕25号", "同类型奖励…不重复计算。",
                                                 frozenset({"topic"}))])
    """
    paying = [r for r in results if r["status"] == "eligible" and r["max_amount"] is not None]
    for r in paying:
        r["counted"] = True
    notes: list[str] = []
    by_doc: dict[int, list[Rule]] = {}
    for rule in rules:
        by_doc.setdefault(rule.doc_id, []).append(rule)

    def fold(group: list[dict[str, Any]], rule: Rule, what: str) -> None:
        for currency in dict.fromkeys(r["currency"] for r in group):
            same = [r for r in group if r["currency"] == currency and r["counted"]]
            if len(same) < 2:
                continue
            best = max(same, key=lambda r: (r["max_amount"], -(r["span"][0] or 0)))
            dropped = [r for r in same if r is not best]
            for r in dropped:
                r["counted"] = False
                r["reasons"].append(text(lang, "not_added", doc=_doc(rule.doc_no, "doc_its", lang),
                                         sentence=rule.sentence, what=what, where=_where(best, lang)))
            shown = text(lang, "list_sep").join(
                text(lang, "note_dropped", where=_where(r, lang),
                     money=_money(r["max_amount"], currency, lang))
                for r in dropped)
            notes.append(text(lang, "note_once", doc=_doc(rule.doc_no, rule.doc_id, lang),
                              sentence=rule.sentence, what=what, where=_where(best, lang),
                              money=_money(best["max_amount"], currency, lang), dropped=shown))

    for doc_id, doc_rules in by_doc.items():
        mine = [r for r in paying if r["doc_id"] == doc_id]
        for rule in doc_rules:
            if "document" in rule.scopes:
                fold(mine, rule, text(lang, "scope_document"))
            if "topic" in rule.scopes:
                for topic in dict.fromkeys(r["topic"] for r in mine if r["topic"]):
                    fold([r for r in mine if r["topic"] == topic], rule,
                         text(lang, "scope_topic", topic=topic))
    for rule in (rule for rule in rules if "others" in rule.scopes):
        for topic in dict.fromkeys(r["topic"] for r in paying if r["doc_id"] == rule.doc_id and r["topic"]):
            mine = [r for r in paying if r["doc_id"] == rule.doc_id and r["topic"] == topic and r["counted"]]
            theirs = [r for r in paying if r["doc_id"] != rule.doc_id and r["topic"] == topic and r["counted"]]
            for r in mine:
                for other in theirs:
                    if other["currency"] != r["currency"] or not (r["counted"] and other["counted"]):
                        continue
                    low, high = (other, r) if r["max_amount"] >= other["max_amount"] else (r, other)
                    low["counted"] = False
                    what = text(lang, "scope_others", topic=topic)
                    low["reasons"].append(text(lang, "not_added", doc=_doc(rule.doc_no, "doc_a", lang),
                                               sentence=rule.sentence, what=what, where=_where(high, lang)))
                    high_text, low_text = (
                        text(lang, "note_dropped", where=_where(x, lang),
                             money=_money(x["max_amount"], x["currency"], lang)) for x in (high, low))
                    notes.append(text(lang, "note_overlap", doc=_doc(rule.doc_no, rule.doc_id, lang),
                                      sentence=rule.sentence, what=what, high=high_text, low=low_text))
    return notes


def _doc(doc_no: str | None, otherwise: str | int, lang: str) -> str:
    """A document in a reason: its 文号 (《…》 in Chinese), else ``otherwise`` — a template key or its id."""
    if doc_no:
        return text(lang, "doc_named", doc_no=doc_no)
    return text(lang, otherwise) if isinstance(otherwise, str) else text(lang, "doc_id", doc_id=otherwise)


def _where(result: dict[str, Any], lang: str = "en") -> str:
    doc = result["doc_no"] or text(lang, "doc_id", doc_id=result["doc_id"])
    return text(lang, "where", doc=doc, clause=result["clause"])


def totals(results: list[dict[str, Any]]) -> dict[str, Decimal]:
    """The sum per currency of the eligible amounts that count (``counted``).

    Example: totals([{"status": "eligible", "counted": True, "max_amount": Decimal(500000), "currency": "CNY"}])
             == {"CNY": Decimal(500000)}
    """
    out: dict[str, Decimal] = {}
    for r in results:
        if r["status"] == "eligible" and r.get("counted") and r["max_amount"] is not None:
            key = r["currency"] or "unknown"
            out[key] = out.get(key, Decimal(0)) + r["max_amount"]
    return out
