"""Money facts that are not money: a precision audit for the amount extractor.

A money fact is backed when its quote names a currency (元, 圆, 美元 … or a currency prefix), or when it is a
bare item that takes its unit from the list or range it opens (500、1000万元; 10至50万元), or an amount whose 元 is
left out in a money sentence (``elided_unit``). Anything else is counted as not money. The currency words are
those of ``money_units`` and ``currency_prefixes`` in ``data/amounts.yaml``.

Money that is money but not paid (a loan ceiling, a price, a fee charged: ``not_paid`` in ``data/amounts.yaml``)
is counted apart by ``not_paid_roles``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractor.facts._amounts import lex
from extractor.facts._common import alternation
from extractor.facts.numbers import amounts_lexicon
from extractor.models import Document, Fact


@lru_cache(maxsize=1)
def _currency_words() -> re.Pattern[str]:
    lex = amounts_lexicon()
    words = {w.lstrip("千百万亿") for w in lex["money_units"]} | set(lex["currency_prefixes"])
    return re.compile(alternation(w for w in words if w))


_SHARED_UNIT_LINK = re.compile(r"^(?:（含）|\(含\))?(?:、|和|及|与|或|—|－|-|至|到|～|~)")


def unbacked_money(doc: Document) -> list[Fact]:
    """The money facts of ``doc`` whose quote names no currency and that no rule above explains."""
    found = []
    for fact in doc.facts:
        if fact.kind != "money" or _currency_words().search(fact.quote) or fact.extra.get("elided_unit"):
            continue
        if _SHARED_UNIT_LINK.match(doc.text[fact.end : fact.end + 4]):
            continue
        found.append(fact)
    return found


def not_paid_roles() -> frozenset[str]:
    """The roles of money and rates that are not support (loan_limit, down_payment_share, price …)."""
    return frozenset(role for group in lex()["not_paid"] for role in (group.money, group.rate) if role)
