"""The amounts of a measure: their currency, the most it could pay (``reachable_bound``) and how its sum is
known (``amount_basis``), from the extractor's money, cap, per-unit, tier and rate facts."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from extractor.facts._common import alternation, lexicon
from extractor.measure_records import Cap, Money, PerUnit, Rate, Tier, as_decimal
from extractor.models import Fact


def reachable_bound(currency: str | None, stated: Decimal | None, tier_max: Decimal | None, caps: list[Decimal],
                    unit_caps: list[Decimal], uncapped_units: list[str],
                    proportional: bool) -> tuple[Decimal | None, str | None]:
    """The most a measure could pay, and why when that is not plain; every amount in ``currency``.

    A stated award or the highest tier counts as is (tiers pay the highest one matched); a per-unit award
    (``unit_caps``: the caps of per-unit awards, ``uncapped_units``: the quotes of those with none) or a rate
    (``proportional``) counts only through a cap; a cap above everything else the measure pays is out of reach and
    is not the bound (邵市政办发〔2023〕21号 七: tiers of 2万, 5万, 15万 under a yearly 30万 cap pay at most 15万).

    Example: reachable_bound("CNY", None, Decimal(150000), [Decimal(300000)], [], [], False)[0] == Decimal(150000)
    """
    bounded = [v for v in (stated, tier_max, *unit_caps) if v is not None]
    if uncapped_units or proportional:
        if caps:
            return max(caps + bounded), None
        what = f"a per-unit award ({uncapped_units[0]})" if uncapped_units else "a rate"
        return None, f"not bounded: {what} with no stated maximum"
    if bounded and caps and max(bounded) < max(caps):
        most = max(bounded)
        how = " (the highest tier matched)" if most == tier_max else ""
        return most, (f"cap {max(caps):,f} {currency or ''} is out of reach: the measure pays at most "
                      f"{most:,f} {currency or ''}{how}").replace("  ", " ")
    return max(bounded + caps, default=None), None


def currency_of(fact: Fact) -> str | None:
    return fact.extra.get("currency") or fact.unit


def first_currency(awards: list[Fact], caps: tuple[Cap, ...], per_unit: tuple[PerUnit, ...],
                    tiers: tuple[Tier, ...]) -> str | None:
    """The currency of the first amount the text names: amounts in another currency are never compared with it."""
    found: list[tuple[int, str | None]] = [(f.start, currency_of(f)) for f in awards]
    found += [(c.start, c.currency) for c in caps]
    found += [(p.start, p.cap.currency) for p in per_unit if p.cap is not None]
    found += [(10**9, t.award.currency) for t in tiers if t.award is not None]
    return min(found, key=lambda f: f[0])[1] if found else None


def amount_basis(certain: Money | None, tiers: tuple[Tier, ...], per_unit: tuple[PerUnit, ...],
           rates: tuple[Rate, ...], caps: tuple[Cap, ...], quote: str) -> str:
    if certain is not None:
        return "stated"
    if tiers:
        return "tiers"
    if per_unit:
        return "per_unit"
    if caps:
        return "cap_only"
    if rates:
        return "rate_without_base"
    if _by_hand().search(quote):
        return "by_hand"
    return "not_stated"



def per_unit_of(fact: Fact) -> PerUnit:
    cap = as_decimal(fact.extra.get("cap"))
    currency = currency_of(fact)
    cap_currency = fact.extra.get("cap_currency") or currency
    return PerUnit(fact.value, currency, fact.extra.get("per") or "", fact.extra.get("per_noun"),
                   Money(cap, cap_currency) if cap is not None and cap_currency else None, fact.quote, fact.start,
                   fact.end)



@lru_cache(maxsize=1)
def _by_hand() -> re.Pattern[str]:
    return re.compile(alternation(lexicon("measures")["by_hand"]))
