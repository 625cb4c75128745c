"""Tiered measures: the award of the highest tier whose interval (and the tier's own conditions) the figure
meets; tiers told apart by level (国家级/省级) rather than by a figure are checked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from kb.queries.match.conditions import Check, Context, Outcome, _interval_key, _money, _said, _value, check
from kb.queries.match.figures import _figure, dimension
from kb.queries.match.profile import Profile
from kb.text.format import amount_text, dec, interval_text
from kb.text.messages import text


def _tiers(measure: dict[str, Any], profile: Profile, on: date, ctx: Context,
           spans: dict[tuple[Any, ...], Any], dims: dict[tuple[str | None, str | None], str], lang: str = "en"
           ) -> tuple[Outcome, dict[str, Any] | None, Decimal | None, Decimal | None]:
    """Outcome, the tier paid, its award and the largest award of the tiers still possible."""
    tiers = (measure.get("extra") or {}).get("tiers") or []
    evaluated = []
    for tier in tiers:
        if not tier.get("interval"):
            evaluated.append((tier, None))
            continue
        checks = []
        seen = set()
        for cond in [tier, *(tier.get("conditions") or [])]:
            key = (cond.get("metric"), _interval_key(cond.get("interval")))
            if key in seen:
                continue
            seen.add(key)
            span = spans.get(key)
            dim = dimension(cond.get("unit"), cond.get("currency") if cond is not tier else None) \
                or dims.get((cond.get("metric"), cond.get("metric_text")))
            checks.append(check({**cond, "quote": cond.get("quote") or _quote_for(measure, key)}, profile, on,
                                ctx.before(span) if span else (measure.get("quote") or "") + " " + ctx.headings,
                                dim, lang))
        evaluated.append((tier, checks))
    out = Outcome("eligible")
    matched = [(t, cs) for t, cs in evaluated if cs is not None and all(c.outcome == "pass" for c in cs)]
    open_ = [(t, cs) for t, cs in evaluated
             if cs is None or not any(c.outcome == "fail" for c in cs) and (t, cs) not in matched]
    best = max(matched, key=lambda tc: dec(tc[0].get("award")) or Decimal(0), default=None)
    award = dec(best[0].get("award")) if best else None  # None too for bands paying no stated sum (分档)
    floor = award or Decimal(0)
    higher = [(t, cs) for t, cs in open_ if best is None or (dec(t.get("award")) or Decimal(0)) > floor]
    possible = max((dec(t.get("award")) or Decimal(0) for t, _ in higher), default=None)
    if best:
        paid = (_money(award, best[0].get("currency") or measure.get("currency"), lang)
                if award is not None else text(lang, "tier_no_sum"))
        out.reasons.append(text(lang, "tier_met", tier=_tier_text(best[1], lang), paid=paid))
        above = [(t, cs) for t, cs in evaluated if cs and (dec(t.get("award")) or Decimal(0)) > floor
                 and any(c.outcome == "fail" for c in cs)]
        if above:
            t, cs = min(above, key=lambda tc: dec(tc[0].get("award")) or Decimal(0))
            needs = text(lang, "clause_sep").join(
                text(lang, "tier_needs", said=_said(c, lang),
                     needs=interval_text(c.interval, c.dimension, lang))
                for c in cs if c.outcome == "fail")
            out.reasons.append(text(lang, "tier_not_higher", amount=amount_text(dec(t.get("award"))),
                                    money=_money(dec(t.get("award")), t.get("currency"), lang), needs=needs))
    asked: dict[str, list[str]] = {}  # figure (or condition) → "interval → award" of each tier still open
    for t, cs in higher:
        paying = _money(dec(t.get("award")), t.get("currency"), lang)
        if cs is None:
            level = t.get("level") or t.get("category") or t.get("label") or text(lang, "level_unknown")
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
    lowest = min((tc for tc in evaluated if tc[1]), key=lambda tc: dec(tc[0].get("award")) or Decimal(0))
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


def _quote_for(measure: dict[str, Any], key: tuple[Any, ...]) -> str | None:
    for t in measure.get("thresholds") or []:
        if (t.get("metric"), _interval_key(t.get("interval"))) == key:
            return t.get("quote")
    return None
