"""Per-unit amounts (kind ``per_unit``): 120元/票, 30元/票, 每新增1家体验店…一次性给予5万元, 每人每月400元.

``value`` is the amount per unit (base units, extra ``currency``); ``per`` the unit (票, 家, 吨, 平方米, 人 …);
``per_period`` when a second 每 names a period (每人每月 → per_month). The cap printed after it in the same
sentence (年度最高补助金额不超过30万元) gives ``cap`` (base units) with ``cap_period`` and ``cap_scope``.
每家企业 / 每个海外仓 are cap scopes, not units (``not_per_unit_nouns``), and a bare 每个/每家 without a number is
a scope too. Word lists in ``data/amounts.yaml`` → ``per_unit``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from extractor.facts._amounts import SEGMENT_STOPS, SENTENCE_STOPS, bounds, not_paid_money, scope_and_period
from extractor.facts._common import alternation
from extractor.facts.numbers import ARABIC, CN_DIGITS, Quantity, amounts_lexicon, money_in
from extractor.models import Document, Fact

_SCOPE_MEASURES = ("个", "家", "户")


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    lex = amounts_lexicon()["per_unit"]
    periods = lex["periods"]
    each = re.compile(
        rf"(?P<lead>{alternation(lex['each_leads'])})(?P<n>{ARABIC}|[{CN_DIGITS}]+)?"
        rf"(?P<measure>{alternation(lex['each_measures'])})"
        rf"(?P<noun>[^\d，。；：、\n每]{{0,8}}?)(?:每(?P<period>{alternation(periods)}))?(?=[，,给奖补支资扶可每按增发\d]|$)"
    )
    return {
        "slash": re.compile(rf"/(?P<per>{alternation(lex['slash_units'])})"),
        "each": each,
        "not_nouns": re.compile(alternation(lex["not_per_unit_nouns"])),
        "periods": periods,
        "gap": int(lex["max_gap"]),
        "penalty": re.compile(alternation(amounts_lexicon()["penalty_words"])),
    }


def _cap_after(doc: Document, pos: int) -> Fact | None:
    _, sent_end = bounds(doc.text, pos, SENTENCE_STOPS if doc.text[pos : pos + 1] != "；" else "。\n")
    for fact in doc.facts:
        if fact.kind == "money" and fact.role == "cap" and pos <= fact.start < sent_end:
            return fact
    return None


def _cap_extra(doc: Document, pos: int) -> dict[str, Any]:
    cap = _cap_after(doc, pos)
    if cap is None:
        return {"cap": None, "cap_period": None, "cap_scope": None}
    seg_start, _ = bounds(doc.text, cap.start, SEGMENT_STOPS)
    scope, period, _ = scope_and_period(doc.text, seg_start, cap.end)
    return {
        "cap": cap.value,
        "cap_currency": cap.extra.get("currency"),
        "cap_period": period,
        "cap_scope": scope,
    }


def _role(text: str, q: Quantity) -> str:
    """award; other in a sentence of fines (每平方米处300元罚款): a rate of a fine is no support; a price or a fee
    charged by the unit (销售单价不超过8000元/平方米, 收费标准为每户每月20元) keeps that role (``not_paid_money``)."""
    sent_start, sent_end = bounds(text, q.start, SENTENCE_STOPS)
    if _lex()["penalty"].search(text, sent_start, sent_end):
        return "other"
    held = not_paid_money(text, q)
    return held.money if held is not None and held.money else "award"


def extract(doc: Document) -> Iterator[Fact]:
    text = doc.text
    lex = _lex()
    money = list(money_in(text))
    for q in money:
        m = lex["slash"].match(text, q.end)
        if not m:
            continue
        extra = {"currency": q.unit, "per": m.group("per"), "per_period": None, **_cap_extra(doc, m.end())}
        yield Fact(
            "per_unit", _role(text, q), q.value, q.unit, text[q.start : m.end()], q.start, m.end(), extra=extra
        )
    for m in lex["each"].finditer(text):
        noun = m.group("noun") or ""
        if lex["not_nouns"].search(noun):
            continue
        if m.group("lead") == "每" and not m.group("n") and m.group("measure") in _SCOPE_MEASURES:
            continue
        _, sent_end = bounds(text, m.end(), SENTENCE_STOPS)
        q = next((q for q in money if m.end() <= q.start < min(sent_end, m.end() + lex["gap"])), None)
        if q is None or lex["slash"].match(text, q.end):
            continue
        period = m.group("period")
        extra = {
            "currency": q.unit,
            "per": m.group("measure"),
            "per_noun": noun or None,
            "per_count": m.group("n"),
            "per_period": lex["periods"][period] if period else None,
            **_cap_extra(doc, q.end),
        }
        yield Fact(
            "per_unit", _role(text, q), q.value, q.unit, text[m.start() : q.end], m.start(), q.end,
            extra=extra
        )
