"""Which measures apply to an enterprise, and at most how much: ``match(store, profile, on)``.

For every measure of a document in force on ``on`` (``kb.queries.validity.status_of``) in the enterprise's county, city
or province (a document of another city never applies; a county's document only to that county):

1. **Beneficiary** — the measure's beneficiary kind must be the profile's kind or one it may claim
   (``kb/data/entity_kinds.yaml`` ``also``); otherwise ``not_eligible``. A measure naming no beneficiary is
   ``needs_information``: whether it covers the enterprise is checked by hand.
2. **Conditions** — each threshold maps to a figure of the vocabulary (``kb/data/figures.yaml``) by its metric,
   its unit and its words. A failed interval → ``not_eligible`` quoting the condition; a figure the profile does
   not give → ``needs_information`` naming the figure; a condition no figure answers → ``needs_information``
   saying which condition to check by hand. Conditions joined by 或 (``extra.conditions_all`` false) need one.
3. **Tiers** — a tiered measure pays the award of the highest tier whose interval (and the tier's own
   conditions) the figure meets; intervals are exact (``Decimal``; 超过 excludes its number, 以上/达到 include it).
   Tiers told apart by level (国家级/省级) rather than by a figure are checked by hand.
4. **Amount** — eligible: the tier award (never above the measure's ``max_amount``), else ``max_amount``, else
   the largest cap; ``needs_information`` shows the most the measure could pay; ``not_eligible`` none.

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

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from kb.queries.match.profile import Figure, Profile, entity_kinds, figures
from kb.queries.validity import as_date, status_of
from kb.store import Store
from kb.text.messages import checked_lang, dimension_name, money, text

STATUSES = ("eligible", "needs_information", "not_eligible")
# the dimension of a threshold's unit or currency
_DIMENSION = {"元": "CNY", "CNY": "CNY", "人民币": "CNY", "万元": "CNY", "USD": "USD", "美元": "USD",
              "m2": "m2", "平方米": "m2", "平米": "m2", "㎡": "m2", "亩": "mu", "mu": "mu",
              "家": "count", "个": "count", "名": "count", "位": "count", "人": "count", "次": "count",
              "户": "count", "count": "count", "年": "years", "years": "years", "月": "months",
              "%": "fraction", "fraction": "fraction"}
_UNIT_SHOWN = {"CNY": "元", "USD": "美元", "m2": "平方米", "mu": "亩", "count": "", "years": "年", "months": "个月",
               "fraction": ""}
_SENTENCE_END = "。！？\n"
_OTHER_POLICIES = re.compile(r"其他(?:[^，。；]{0,12})?政策|中央、省|上级(?:有关)?政策|其他奖补")
_SAME_KIND = re.compile(r"同类型|同类|同一类|同一事项|同一项目")
_OR = re.compile(r"[，,；;]\s*或|或者")  # as kb.queries.measures: 国家或地区 joins words, not conditions
_LABEL = re.compile(r"^(?:[（(][一二三四五六七八九十百]+[）)]|[一二三四五六七八九十百]+、|\d+[.．、])\s*")
_SAME_ENTERPRISE = re.compile(r"同一企业|同一单位|同一主体")


@dataclass(slots=True)
class Check:
    """One condition read against the profile: outcome ``pass`` | ``fail`` | ``missing`` | ``unmapped``."""

    metric: str | None
    metric_text: str | None
    quote: str | None
    interval: dict[str, Any] | None
    dimension: str | None
    figure: str | None = None
    value: Decimal | None = None
    outcome: str = "unmapped"
    why: str = ""

    def failed(self) -> dict[str, Any]:
        return {"metric": self.metric, "quote": self.quote, "value": self.value,
                "interval": exact_interval(self.interval), "figure": self.figure}


@dataclass(slots=True)
class Context:
    """What the words around a measure say: the document text and the clause headings (for mapping metrics)."""

    text: str | None = None
    headings: str = ""
    clause_start: int = 0

    def before(self, span: Any) -> str:
        """The sentence before a condition's number, within its clause; plus the headings."""
        if not self.text or not isinstance(span, list | tuple) or not span:
            return self.headings
        start = int(span[0])
        cut = max((self.text.rfind(ch, 0, start) for ch in _SENTENCE_END), default=-1)
        return self.text[max(cut + 1, self.clause_start, 0):start] + " " + self.headings

    def joined_by_or(self, conditions: list[dict[str, Any]]) -> bool:
        """Does 或 join these conditions in the text (between the first and the last)?"""
        spans = [c["span"] for c in conditions if isinstance(c.get("span"), list | tuple) and c["span"]]
        if not self.text or len(spans) < 2:
            return False
        return bool(_OR.search(self.text, min(s[0] for s in spans), max(s[1] for s in spans)))


@dataclass(slots=True)
class Outcome:
    status: str
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)


# -- numbers and intervals -------------------------------------------------------------------------------------


def dec(value: Any) -> Decimal | None:
    """An exact Decimal from a stored number (TEXT, int, float or Decimal), or None.

    Example: dec("500000") == Decimal(500000); dec(None) is None
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None


def in_interval(value: Decimal, interval: dict[str, Any]) -> bool:
    """Is ``value`` inside ``interval`` ({low, low_inclusive, high, high_inclusive}; None is an open end)?

    Example: in_interval(Decimal(1000000), {"low": 1000000, "low_inclusive": False}) is False  # 超过100万
    """
    low, high = dec(interval.get("low")), dec(interval.get("high"))
    if low is not None and (value < low or (value == low and not interval.get("low_inclusive"))):
        return False
    return not (high is not None and (value > high or (value == high and not interval.get("high_inclusive"))))


def exact_interval(interval: dict[str, Any] | None) -> dict[str, Any] | None:
    """An interval with its bounds as Decimals (the store keeps them as strings).

    Example: exact_interval({"low": "500000", "low_inclusive": False})["low"] == Decimal(500000)
    """
    if not interval:
        return interval
    return {"low": dec(interval.get("low")), "low_inclusive": bool(interval.get("low_inclusive")),
            "high": dec(interval.get("high")), "high_inclusive": bool(interval.get("high_inclusive"))}


def exact_tier(tier: dict[str, Any] | None) -> dict[str, Any] | None:
    """A tier with its award and intervals as Decimals."""
    if tier is None:
        return None
    out = {**tier, "interval": exact_interval(tier.get("interval")), "award": dec(tier.get("award"))}
    if tier.get("conditions"):
        out["conditions"] = [{**c, "interval": exact_interval(c.get("interval"))} for c in tier["conditions"]]
    return out


def interval_text(interval: dict[str, Any] | None, dimension: str | None = None, lang: str = "en") -> str:
    """An interval for people: ``> 1,000,000 美元``, ``≥ 100 平方米``, ``≤ 10``; in Chinese ``超过 1,000,000 美元``.

    Example: interval_text({"low": 500000, "low_inclusive": False}, "USD") == "> 500,000 美元"
    """
    if not interval:
        return "?"
    unit = _UNIT_SHOWN.get(dimension or "", "")
    unit = f" {unit}" if unit else ""
    parts = []
    if interval.get("low") is not None:
        parts.append(text(lang, "low_inclusive" if interval.get("low_inclusive") else "low_exclusive",
                          value=amount_text(dec(interval["low"]), dimension)))
    if interval.get("high") is not None:
        parts.append(text(lang, "high_inclusive" if interval.get("high_inclusive") else "high_exclusive",
                          value=amount_text(dec(interval["high"]), dimension)))
    return (text(lang, "interval_and").join(parts) or text(lang, "interval_any")) + unit


def amount_text(value: Decimal | None, dimension: str | None = None) -> str:
    """A number with thousands separators, fractions as percentages.

    Example: amount_text(Decimal("1200000")) == "1,200,000"; amount_text(Decimal("0.6"), "fraction") == "60%"
    """
    if value is None:
        return "?"
    if dimension == "fraction":
        return f"{(value * 100).normalize():f}%"
    value = value.normalize()
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}"


def _interval_key(interval: dict[str, Any] | None) -> tuple[Any, ...] | None:
    if not interval:
        return None
    return (dec(interval.get("low")), bool(interval.get("low_inclusive")) if interval.get("low") is not None else None,
            dec(interval.get("high")), bool(interval.get("high_inclusive")) if interval.get("high") is not None
            else None)


def dimension(unit: str | None, currency: str | None = None) -> str | None:
    """The dimension of a condition's unit: CNY, USD, m2, mu, count, years, months, fraction or None.

    Example: dimension("元", "CNY") == "CNY"; dimension("月") == "months"
    """
    if currency:
        return _DIMENSION.get(currency, currency)
    return _DIMENSION.get(unit or "")


# -- metric → figure -------------------------------------------------------------------------------------------


def map_metric(metric: str | None, metric_text: str | None, dim: str | None,
               context: str = "", lang: str = "en") -> tuple[str | None, str]:
    """The figure key answering a condition, or None with the reason (in ``lang``); ``context`` is the
    sentence before the number and the clause headings.

    Example: map_metric("出口额", "出口总额", "USD", "对当年跨境电商出口总额")[0] == "cross_border_export_usd"
    """
    if not metric:
        return None, text(lang, "why_no_metric")
    words = metric_text or metric
    scored: list[tuple[int, Figure]] = []
    for figure in figures().values():
        if metric not in figure.metrics or not _unit_fits(figure.unit, dim):
            continue
        if any(w in words for w in figure.exclude):
            continue
        if figure.metric_text and not any(w in words for w in figure.metric_text):
            continue
        score = 2 * bool(figure.metric_text)
        if figure.context:
            if any(w in words for w in figure.context):
                score += 2
            elif any(w in context for w in figure.context):
                score += 1
            else:
                continue
        scored.append((score, figure))
    if not scored:
        if dim:
            return None, text(lang, "why_no_figure_in", metric=metric, words=words,
                              dimension=dimension_name(lang, dim))
        return None, text(lang, "why_no_figure", metric=metric, words=words)
    scored.sort(key=lambda sf: -sf[0])
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        tied = text(lang, "list_sep").join(_figure(f.key, lang, short=True)
                                           for s, f in scored if s == scored[0][0])
        return None, text(lang, "why_tied", metric=metric, words=words, figures=tied)
    return scored[0][1].key, ""


def _unit_fits(unit: str, dim: str | None) -> bool:
    return dim is None or unit == dim or (unit == "years" and dim == "months")


def check(condition: dict[str, Any], profile: Profile, on: date, context: str = "",
          dim: str | None = None, lang: str = "en") -> Check:
    """Read one condition (a threshold, a tier or a tier's condition) against the profile (``why`` in
    ``lang``).

    Example: check({"metric": "出口额", "metric_text": "跨境电商出口总额", "unit": "USD",
                    "interval": {"low": 1000000, "low_inclusive": False}}, p, date(2025, 6, 1)).outcome
    """
    dim = dim or dimension(condition.get("unit"), condition.get("currency"))
    interval = condition.get("interval")
    result = Check(condition.get("metric"), condition.get("metric_text"), condition.get("quote"), interval, dim)
    if not interval:
        result.why = text(lang, "why_no_interval")
        return result
    key, why = map_metric(result.metric, result.metric_text, dim, context, lang)
    if key is None:
        result.why = why
        return result
    result.figure = key
    value = profile.figure(key, on)
    if value is None:
        result.outcome = "missing"
        return result
    result.value = value  # in the figure's unit; compared in the condition's (years → months for 半年以上)
    compared = value * 12 if dim == "months" and figures()[key].unit == "years" else value
    result.outcome = "pass" if in_interval(compared, interval) else "fail"
    return result


def _value(c: Check) -> str:
    """The profile's figure with its unit: ``1,200,000 美元``, ``0.5 年``, ``70%``."""
    unit = figures()[c.figure].unit if c.figure in figures() else c.dimension
    shown = _UNIT_SHOWN.get(unit or "", "")
    return amount_text(c.value, unit) + (f" {shown}" if shown else "")


def _said(c: Check, lang: str) -> str:
    quote = c.quote or interval_text(c.interval, c.dimension, lang)
    words = c.metric_text or c.metric
    return f"「{words} {quote}」" if words and words not in quote else f"「{quote}」"


def _figure(key: str | None, lang: str, short: bool = False) -> str:
    """A figure named in a reason: in English ``key (label)`` (``short``: the key), in Chinese its label."""
    figure = figures().get(key or "")
    if figure is None:
        return key or ""
    return text(lang, "figure_short" if short else "figure", key=figure.key, label=figure.label)


def _money(amount: Decimal | None, currency: str | None, lang: str) -> str:
    return money(lang, None if amount is None else amount_text(amount), currency)


# -- one measure -----------------------------------------------------------------------------------------------


def _beneficiary_kinds(value: Any) -> list[str]:
    if isinstance(value, str) and value[:1] in "[{":
        with contextlib.suppress(json.JSONDecodeError):
            value = json.loads(value)
    if isinstance(value, dict):
        value = value.get("kind") or value.get("value") or value.get("term")
    items = value if isinstance(value, list) else [value] if value else []
    kinds = entity_kinds()
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("kind") or item.get("value") or item.get("term")
        if not item:
            continue
        if item in kinds:
            out.append(item)
            continue
        words = sorted(((w, k) for k, spec in kinds.items() for w in spec.words if w in str(item)),
                       key=lambda wk: -len(wk[0]))
        out.append(words[0][1] if words else f"?{item}")
    return list(dict.fromkeys(out))


def _beneficiary(measure: dict[str, Any], profile: Profile, lang: str) -> Outcome | None:
    kinds = entity_kinds()
    own = kinds[profile.entity_kind]
    named = _beneficiary_kinds(measure.get("beneficiary"))
    if not named:  # 对当年跨境电商出口总额破零的: the conditions say who
        return None
    claimable = {profile.entity_kind, *own.also}
    if any(k in claimable for k in named):
        return None
    unknown = [k[1:] for k in named if k.startswith("?")]
    if unknown:
        return Outcome("needs_information", [text(lang, "beneficiary_unknown", named="、".join(unknown),
                                                  own_label=own.label)])
    shown = text(lang, "kind_sep").join(text(lang, "kind", label=kinds[k].label, key=k) for k in named)
    return Outcome("not_eligible", [text(lang, "beneficiary_other", named=shown,
                                         own=text(lang, "kind", label=own.label, key=profile.entity_kind))])


def _conditions(checks: list[Check], all_needed: bool, lang: str) -> Outcome:
    """All groups must hold (one condition each, or alternatives on one figure: 500万元（含）—3000万元和3000万元及以上);
    with ``all_needed`` false (conditions joined by 或) one condition is enough."""
    groups = _alternatives(checks) if all_needed else ([checks] if checks else [])
    out = Outcome("eligible")
    states = []
    for group in groups:
        if any(c.outcome == "pass" for c in group):
            states.append("pass")
        elif all(c.outcome == "fail" for c in group):
            states.append("fail")
        else:
            states.append("unknown")
    if "fail" in states:
        out.status = "not_eligible"
        for group, state in zip(groups, states, strict=True):
            for c in group if state == "fail" else []:
                out.reasons.append(text(lang, "condition_not_met", said=_said(c, lang),
                                        figure=_figure(c.figure, lang), value=_value(c),
                                        needs=interval_text(c.interval, c.dimension, lang)))
                out.failed.append(c.failed())
        return out
    for c in checks:
        if c.outcome == "pass":
            out.reasons.append(text(lang, "condition_met", said=_said(c, lang),
                                    figure=_figure(c.figure, lang, short=True), value=_value(c)))
    if "unknown" in states:
        out.status = "needs_information"
        for group, state in zip(groups, states, strict=True):
            if state == "unknown":
                _unknown_reasons([c for c in group if c.outcome in {"missing", "unmapped"}], out, lang,
                                 either=len(group) > 1)
    return out


def _alternatives(checks: list[Check]) -> list[list[Check]]:
    """Conditions on one figure whose intervals cannot hold together are alternatives (one group); every other
    condition is a group of its own."""
    by_figure: dict[Any, list[Check]] = {}
    for c in checks:
        by_figure.setdefault(c.figure or ("?", c.metric, c.metric_text), []).append(c)
    groups: list[list[Check]] = []
    for same in by_figure.values():
        if len(same) > 1 and all(_disjoint(a.interval, b.interval) for i, a in enumerate(same) for b in same[i + 1:]):
            groups.append(same)
        else:
            groups.extend([c] for c in same)
    return groups


def _disjoint(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if not a or not b:
        return False
    first, second = sorted((a, b), key=lambda i: (dec(i.get("low")) is not None, dec(i.get("low")) or 0))
    high, low = dec(first.get("high")), dec(second.get("low"))
    if high is None or low is None:
        return False
    return high < low or high == low and not (first.get("high_inclusive") and second.get("low_inclusive"))


def _unknown_reasons(unknown: list[Check], out: Outcome, lang: str, either: bool = False) -> None:
    lead = text(lang, "either") if either else ""
    for c in unknown:
        if c.outcome == "missing":
            out.missing.append(c.figure or "")
            out.reasons.append(text(lang, "condition_give", lead=lead, said=_said(c, lang),
                                    figure=_figure(c.figure, lang)))
        else:
            out.reasons.append(text(lang, "condition_by_hand", lead=lead, said=_said(c, lang), why=c.why))


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


def evaluate(measure: dict[str, Any], profile: Profile, on: date | str | None = None,
             context: Context | None = None, lang: str = "en") -> dict[str, Any]:
    """One measure row (``Store.measures()``) read against a profile: the result record of ``match``, its
    reasons in ``lang`` ("en" | "zh").

    Example: evaluate(row, profile, "2025-06-01")["status"] in STATUSES
    """
    lang = checked_lang(lang)
    day = as_date(on)
    ctx = context or Context()
    extra = measure.get("extra") or {}
    thresholds = measure.get("thresholds") or []
    tiers = [t for t in extra.get("tiers") or [] if isinstance(t, dict)]
    bound = set()
    for tier in tiers:
        for cond in [tier, *(tier.get("conditions") or [])]:
            bound.add((cond.get("metric"), _interval_key(cond.get("interval"))))
    spans = {(t.get("metric"), _interval_key(t.get("interval"))): t.get("span") for t in thresholds}
    dims: dict[tuple[str | None, str | None], str] = {}
    for t in [*thresholds, *tiers]:
        d = dimension(t.get("unit"), t.get("currency") if t in thresholds else None)
        if d:
            dims.setdefault((t.get("metric"), t.get("metric_text")), d)
    maximum = dec(measure.get("max_amount"))
    currency = measure.get("currency")
    record = _record(measure)

    outcomes = []
    beneficiary = _beneficiary(measure, profile, lang)
    if beneficiary:
        outcomes.append(beneficiary)
    general = [t for t in thresholds if (t.get("metric"), _interval_key(t.get("interval"))) not in bound]
    checks = [check(t, profile, day, ctx.before(t.get("span")),
                    dimension(t.get("unit"), t.get("currency"))
                    or dims.get((t.get("metric"), t.get("metric_text"))), lang)
              for t in general]
    # a tier schedule makes kb.queries.measures call every threshold an alternative; the others still all hold unless
    # the text joins them with 或
    all_needed = not ctx.joined_by_or(general) if tiers else extra.get("conditions_all", True) is not False
    outcomes.append(_conditions(checks, all_needed, lang))
    if not thresholds and not tiers:
        outcomes.append(Outcome("needs_information", [text(lang, "no_figure_decides")]))
    tier_paid, award, possible = None, None, None
    if tiers:
        tier_out, tier_paid, award, possible = _tiers(measure, profile, day, ctx, spans, dims, lang)
        outcomes.append(tier_out)
        currency = (tier_paid or {}).get("currency") or currency or next(
            (t.get("currency") for t in tiers if t.get("currency")), None)
        top = max((dec(t.get("award")) or Decimal(0) for t in tiers), default=None)
        maximum = maximum if maximum is not None else top
    statuses = {o.status for o in outcomes}
    status = next(s for s in reversed(STATUSES) if s in statuses or s == "eligible")
    reasons = [r for o in outcomes if status != "not_eligible" or o.status == status for r in o.reasons]
    missing = [] if status == "not_eligible" else list(dict.fromkeys(k for o in outcomes for k in o.missing if k))
    failed = [f for o in outcomes for f in o.failed]

    amount = None
    if status == "eligible":
        if tiers and award is not None:
            same = measure.get("currency") in {None, currency}  # never compare 美元 with 元
            amount = min(award, maximum) if same and maximum is not None and maximum < award else award
        elif tiers and tier_paid is not None and measure.get("max_amount") is not None:
            amount = dec(measure["max_amount"])
            reasons.append(text(lang, "tier_sum_unstated", money=_money(amount, currency, lang)))
        elif not tiers:
            amount = maximum if maximum is not None else _largest_cap(extra, currency)
        if amount is None:
            reasons.append(text(lang, "sum_unstated", how=_how_paid(measure, extra, lang)))
        if possible is not None and amount is not None and possible > amount:
            reasons.append(text(lang, "up_to_with_information", money=_money(possible, currency, lang)))
    elif status == "needs_information":
        amount = possible if possible is not None else maximum if maximum is not None else _largest_cap(extra,
                                                                                                      currency)
        if amount is not None:
            reasons.append(text(lang, "up_to", money=_money(amount, currency, lang)))
    record.update(status=status, max_amount=amount, currency=currency,
                  reasons=reasons, missing=missing, failed=failed, tier=exact_tier(tier_paid))
    return record


def _largest_cap(extra: dict[str, Any], currency: str | None) -> Decimal | None:
    values = [dec(c.get("value")) for c in extra.get("caps") or []
              if isinstance(c, dict) and c.get("currency") and (currency is None or c.get("currency") == currency)]
    values = [v for v in values if v is not None]
    return max(values, default=None)


def _how_paid(measure: dict[str, Any], extra: dict[str, Any], lang: str) -> str:
    if measure.get("rate"):
        return text(lang, "paid_rate", rate=amount_text(dec(measure["rate"]), "fraction"))
    if extra.get("per_unit"):
        return text(lang, "paid_per_unit")
    return text(lang, "paid_see_clause")


def _record(measure: dict[str, Any]) -> dict[str, Any]:
    extra = measure.get("extra") or {}
    return {
        "doc_no": measure.get("doc_no"), "doc_id": measure.get("doc_id"), "title": measure.get("title"),
        "clause": measure.get("clause_id"), "measure": measure.get("summary"), "topic": measure.get("topic"),
        "status": None, "max_amount": None, "currency": measure.get("currency"), "reasons": [], "missing": [],
        "failed": [], "tier": None, "application": extra.get("application") or {}, "quote": measure.get("quote"),
        "span": [measure.get("start"), measure.get("end")], "counted": False,
    }


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
    jurisdiction with measures that are not in force on ``on``). ``lang`` ("en" | "zh") is the language of the
    results' reasons and of the non_cumulation explanations; keys and values stay the same.

    Example: match(store, load_profile("examples/profiles/hengyang_seller.toml"), "2025-06-01", lang="zh")
    """
    lang = checked_lang(lang)
    day = as_date(on)
    rows = [m for m in store.measures(province=profile.province) if applies_to(m, profile)]
    in_force: dict[int, dict[str, Any]] = {}
    skipped = []
    for doc_id in dict.fromkeys(m["doc_id"] for m in rows):
        state = status_of(store, doc_id, day)
        if state["status"] == "in_force":
            in_force[doc_id] = state
        else:
            skipped.append({"doc_id": doc_id, "doc_no": state["doc_no"], "title": state["title"],
                            "status": state["status"], "reason": state["reason"]})
    texts: dict[int, str] = {}
    clauses: dict[int, dict[str, dict[str, Any]]] = {}
    results = []
    for m in rows:
        if m["doc_id"] not in in_force:
            continue
        if m["doc_id"] not in texts:
            texts[m["doc_id"]] = (store.document(m["doc_id"]) or {}).get("text") or ""
            clauses[m["doc_id"]] = {c["id"]: c for c in store.clauses(m["doc_id"])}
        results.append(evaluate(m, profile, day, _context(texts[m["doc_id"]], clauses[m["doc_id"]], m), lang))
    order = {s: i for i, s in enumerate(STATUSES)}
    results.sort(key=lambda r: (order[r["status"]], r["doc_id"] or 0, r["span"][0] or 0))
    rules = _rules(rows, texts, in_force)
    notes = apply_non_cumulation(results, rules, lang)
    return {
        "profile": profile.name,
        "on": day.isoformat(),
        "jurisdiction": {"province": profile.province, "city": profile.city, "county": profile.county},
        "entity_kind": profile.entity_kind,
        "results": results,
        "totals": totals(results),
        "non_cumulation": notes,
        "skipped": skipped,
    }


def _context(text: str, clauses: dict[str, dict[str, Any]], measure: dict[str, Any]) -> Context:
    headings = []
    clause = clauses.get(measure.get("clause_id") or "")
    start = clause["start"] if clause else 0
    while clause:
        if clause.get("heading"):
            headings.append(clause["heading"])
        clause = clauses.get(clause.get("parent") or "")
    return Context(text, " ".join(headings), start or 0)


# -- non-cumulation and totals ---------------------------------------------------------------------------------


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
    scopes = set()
    if _OTHER_POLICIES.search(sentence):
        scopes.add("others")
    if _SAME_KIND.search(sentence):
        scopes.add("topic")
    elif _SAME_ENTERPRISE.search(sentence):
        scopes.add("document")
    if not scopes:
        scopes.add("topic")
    return frozenset(scopes)


def _rules(rows: list[dict[str, Any]], texts: dict[int, str], in_force: dict[int, Any]) -> list[Rule]:
    found: dict[tuple[int, str], Rule] = {}
    for m in rows:
        if m["doc_id"] not in in_force:
            continue
        for item in (m.get("extra") or {}).get("non_cumulation") or []:
            if not isinstance(item, dict):
                continue
            sentence = _sentence(texts.get(m["doc_id"]) or "", item)
            found.setdefault((m["doc_id"], sentence), Rule(m["doc_id"], m.get("doc_no"), sentence,
                                                           rule_scopes(sentence)))
    return list(found.values())


def _sentence(text: str, item: dict[str, Any]) -> str:
    span = item.get("span")
    quote = item.get("quote") or ""
    if isinstance(item.get("sentence"), list | tuple) and text:
        span = item["sentence"]
    elif isinstance(item.get("sentence"), str):
        return item["sentence"]
    if not text or not isinstance(span, list | tuple) or len(span) != 2:
        return quote
    start = max((text.rfind(ch, 0, span[0]) for ch in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(ch, span[1] - 1) for ch in _SENTENCE_END) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return _LABEL.sub("", text[start:end].strip())


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
