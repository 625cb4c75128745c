"""The values by which measures are compared: what a measure states, its highest tier, its caps, the most it
could pay and why, its rates and its per-unit awards. ``comparable(measure)`` is the ONE place that reads them
from today's measure dicts (``kb.queries.measures``); once the typed ``Measure`` (issue 10 step b) is stored it
reads the same names from it (``certain_amount``, ``tier_max``, ``caps``, ``upper_bound``, ``per_unit``).

The most a measure could pay (``upper_bound``) is the largest of its stated award and its highest tier (tiers pay
the highest one matched), and a per-unit award or a rate counts only through a cap. A cap above everything the
measure can pay is not reachable and is not the bound (邵市政办发〔2023〕21号 七: tiers of 2万, 5万, 15万 under a
yearly 30万 cap pay at most 15万). Amounts in another currency than the first one named are never compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kb.text.format import dec


@dataclass(frozen=True, slots=True)
class Comparable:
    """``amount_basis``: stated | tiers | cap_only | per_unit | rate_without_base | not_stated (the contract's
    names); ``bound_note``: why ``upper_bound`` is what it is, when that is not plain (a cap out of reach, a
    per-unit award or a rate with nothing above it)."""

    currency: str | None
    certain_amount: Decimal | None
    tier_max: Decimal | None
    upper_bound: Decimal | None
    amount_basis: str
    bound_note: str | None
    caps: list[dict[str, Any]]
    per_unit: list[dict[str, Any]]
    rate: Decimal | None


def comparable(measure: dict[str, Any]) -> Comparable:
    """The comparable values of one stored measure row (or ``derive_measures`` dict): the ONE adapter from
    today's dicts. With the typed ``Measure`` it reads ``certain_amount``, ``tier_max``, ``caps``, ``per_unit``
    and ``rates`` from it and calls ``reachable_bound`` the same way.

    Example: comparable(row_of_21号_七).tier_max == Decimal("150000") and .upper_bound == Decimal("150000")
    """
    extra = measure.get("extra") or {}
    tiers = extra.get("tiers") or []
    tier_awards = {(dec(t.get("award")), t.get("currency")) for t in tiers}
    caps = [_cap(c) for c in extra.get("caps") or []]
    per_unit = [_per_unit(p) for p in extra.get("per_unit") or []]
    awards = [a for a in extra.get("awards") or [] if (dec(a.get("value")), a.get("currency")) not in tier_awards]
    rate = dec(measure.get("rate"))
    currency = measure.get("currency") or _first_currency(awards, caps, per_unit, tiers)

    def same(values: list[tuple[Decimal | None, str | None]]) -> list[Decimal]:
        return [v for v, c in values if v is not None and c == currency]

    certain = max(same([(dec(a.get("value")), a.get("currency")) for a in awards]), default=None)
    tier_max = max(same([(dec(t.get("award")), t.get("currency")) for t in tiers]), default=None)
    proportional = bool(extra.get("rates")) or rate is not None
    upper, note = reachable_bound(
        currency, certain, tier_max, same([(c["value"], c["currency"]) for c in caps]),
        same([(p["cap"], p["cap_currency"] or p["currency"]) for p in per_unit]),
        [p["quote"] for p in per_unit if p["cap"] is None], proportional)
    basis = ("stated" if certain is not None else "tiers" if tier_max is not None else "per_unit" if per_unit
             else "cap_only" if caps else "rate_without_base" if proportional else "not_stated")
    return Comparable(currency=currency, certain_amount=certain, tier_max=tier_max, upper_bound=upper,
                      amount_basis=basis, bound_note=note, caps=caps, per_unit=per_unit, rate=rate)


def reachable_bound(currency: str | None, certain: Decimal | None, tier_max: Decimal | None, caps: list[Decimal],
                    unit_caps: list[Decimal], uncapped_units: list[str],
                    proportional: bool) -> tuple[Decimal | None, str | None]:
    """The most a measure could pay, and why when that is not plain: every amount in ``currency``.

    ``unit_caps``: the caps of per-unit awards; ``uncapped_units``: the quotes of per-unit awards with none;
    ``proportional``: the measure pays a rate of something. A per-unit award or a rate is bounded by a cap only;
    a cap above everything else that the measure pays is out of reach, and is not the bound.

    Example: reachable_bound("CNY", None, Decimal(150000), [Decimal(300000)], [], [], False)[0] == Decimal(150000)
    """
    bounded = [v for v in (certain, tier_max, *unit_caps) if v is not None]
    if uncapped_units or proportional:
        if caps:
            return max(caps + bounded), None
        what = f"a per-unit award ({uncapped_units[0]})" if uncapped_units else "a rate"
        return None, f"not bounded: {what} with no stated maximum"
    if bounded and caps and max(bounded) < max(caps):
        most = max(bounded)
        how = " (the highest tier matched)" if most == tier_max else ""
        return most, f"cap {_money(max(caps), currency)} is out of reach: the measure pays at most " \
                     f"{_money(most, currency)}{how}"
    return max(bounded + caps, default=None), None


def _cap(cap: dict[str, Any]) -> dict[str, Any]:
    return {"value": dec(cap.get("value")), "currency": cap.get("currency"), "period": cap.get("period"),
            "scope": cap.get("scope"), "quote": cap.get("quote"), "span": list(cap.get("span") or [])}


def _per_unit(unit: dict[str, Any]) -> dict[str, Any]:
    return {"value": dec(unit.get("value")), "currency": unit.get("currency"), "unit": unit.get("per"),
            "per_period": unit.get("per_period"), "cap": dec(unit.get("cap")),
            "cap_currency": unit.get("cap_currency"), "quote": unit.get("quote"),
            "span": list(unit.get("span") or [])}


def _first_currency(*groups: list[dict[str, Any]]) -> str | None:
    """The currency of the amount named first (a tier holds no span: it counts last)."""
    named = [((g.get("span") or [10**9])[0], g["currency"]) for group in groups for g in group if g.get("currency")]
    return min(named)[1] if named else None


def _money(value: Decimal, currency: str | None) -> str:
    return f"{value:,f} {currency or ''}".rstrip()
