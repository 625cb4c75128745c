"""Tiered measures: the award of the highest tier whose interval (and the tier's own conditions) the figure
meets; tiers told apart by level (国家级/省级) rather than by a figure are checked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from extractor.measures import Measure, Tier
from kb.queries.match.conditions import (
    Check,
    Context,
    Outcome,
    _money,
    _said,
    _value,
    asked_key,
    check,
    metric_words,
)
from kb.queries.match.figures import _figure, dimension
from kb.queries.match.profile import Profile
from kb.text.format import amount_text, interval_text
from kb.text.messages import text


def _award(tier: Tier) -> Decimal:
    return tier.award.value if tier.award else Decimal(0)


def _currency(tier: Tier) -> str | None:
    return tier.award.currency if tier.award else None


def _tiers(m: Measure, profile: Profile, on: date, ctx: Context, starts: dict[tuple[Any, ...], int],
           dims: dict[tuple[str | None, str | None], str], lang: str = "en"
           ) -> tuple[Outcome, Tier | None, Decimal | None, Decimal | None]:
    """Outcome, the tier paid, its award and the largest award of the tiers still possible. ``starts``: where
    the threshold of each (metric, interval) stands; ``dims``: the dimension of each figure's words."""
    quotes = {asked_key(t): t.quote for t in reversed(m.thresholds)}
    evaluated: list[tuple[Tier, list[Check] | None]] = []
    for tier in m.tiers:
        if tier.interval is None:
            evaluated.append((tier, None))
            continue
        checks = []
        seen = set()
        for cond in [tier, *tier.conditions]:
            key = asked_key(cond)
            if key in seen:
                continue
            seen.add(key)
            start = starts.get(key)
            dim = dimension(cond.unit, None if cond is tier else cond.currency) \
                or dims.get((cond.metric, metric_words(cond)))
            quote = quotes.get(key) if cond is tier else cond.quote or quotes.get(key)
            checks.append(check(cond, profile, on, ctx.before(start) if start is not None
                                else m.quote + " " + ctx.headings, dim, lang, quote))
        evaluated.append((tier, checks))
    out = Outcome("eligible")
    matched = [(t, cs) for t, cs in evaluated if cs is not None and all(c.outcome == "pass" for c in cs)]
    open_ = [(t, cs) for t, cs in evaluated
             if cs is None or not any(c.outcome == "fail" for c in cs) and (t, cs) not in matched]
    best = max(matched, key=lambda tc: _award(tc[0]), default=None)
    award = best[0].award.value if best and best[0].award else None  # None too for bands paying no stated sum (分档)
    floor = award or Decimal(0)
    higher = [(t, cs) for t, cs in open_ if best is None or _award(t) > floor]
    possible = max((_award(t) for t, _ in higher), default=None)
    if best:
        paid = (_money(award, _currency(best[0]) or m.currency, lang)
                if award is not None else text(lang, "tier_no_sum"))
        out.reasons.append(text(lang, "tier_met", tier=_tier_text(best[1], lang), paid=paid))
        above = [(t, cs) for t, cs in evaluated if cs and _award(t) > floor
                 and any(c.outcome == "fail" for c in cs)]
        if above:
            t, cs = min(above, key=lambda tc: _award(tc[0]))
            needs = text(lang, "clause_sep").join(
                text(lang, "tier_needs", said=_said(c, lang),
                     needs=interval_text(c.interval, c.dimension, lang))
                for c in cs if c.outcome == "fail")
            out.reasons.append(text(lang, "tier_not_higher", amount=amount_text(_award(t) if t.award else None),
                                    money=_money(t.award.value if t.award else None, _currency(t), lang),
                                    needs=needs))
    asked: dict[str, list[str]] = {}  # figure (or condition) → "interval → award" of each tier still open
    for t, cs in higher:
        paying = _money(t.award.value if t.award else None, _currency(t), lang)
        if cs is None:
            level = t.level or text(lang, "level_unknown")
            out.reasons.append(text(lang, "tier_level_higher" if best else "tier_level", paying=paying,
                                    level=level))
            continue
        for c in cs:
            if c.outcome == "missing":
                out.missing.append(c.figure or "")
                what = text(lang, "tier_give", figure=_figure(c.figure, lang))
            elif c.outcome == "unmapped":
                what = text(lang, "tier_by_hand", why=c.why)
            else:
                continue
            asked.setdefault(what, []).append(text(lang, "tier_open", said=_said(c, lang), paying=paying))
    for what, tiers_open in asked.items():
        out.reasons.append(text(lang, "tiers_open_higher" if best else "tiers_open", what=what,
                                tiers=text(lang, "clause_sep").join(tiers_open)))
    if best:
        return out, best[0], award, possible
    if higher:
        out.status = "needs_information"
        return out, None, None, possible
    out.status = "not_eligible"
    lowest = min((tc for tc in evaluated if tc[1]), key=lambda tc: _award(tc[0]))
    for c in lowest[1]:
        if c.outcome == "fail":
            out.reasons.append(text(lang, "condition_not_met_lowest", said=_said(c, lang),
                                    figure=_figure(c.figure, lang), value=_value(c),
                                    needs=interval_text(c.interval, c.dimension, lang)))
            out.failed.append(c.failed())
    return out, None, None, None


def _tier_text(checks: list[Check], lang: str) -> str:
    return text(lang, "and").join(text(lang, "tier_condition", said=_said(c, lang),
                                       figure=_figure(c.figure, lang, short=True), value=_value(c))
                                  for c in checks)
