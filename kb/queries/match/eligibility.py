"""The eligibility conditions a typed measure carries (``Measure.conditions``: the document's 实施范围 / 支持对象 and
the clause's own) read against a profile on the match date: territory (the gazetteer's districts), registration
and operating age (以上 includes its number: ``Interval.contains``), the settled window (自其落户两个自然年度内: the
year of settling and the next), legal form, titles excluded or required, and declarations the profile answers.

Each condition gives a ``Verdict``: ``holds`` True, False, or None with what the profile must add (``missing``)
and the ``reason_kind`` (``declaration_missing``, ``figure_missing``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from extractor.gazetteer import load_gazetteer
from extractor.measures import Condition, Measure
from kb.queries.match.profile import Profile
from kb.text.messages import text

# conditions read elsewhere (thresholds, beneficiary) or that restrict nobody (各县（市）可参照执行)
_NOT_HERE = {"threshold", "beneficiary"}
_ZONE_WORDS = ("开发区", "高新区", "新区", "园区", "产业园", "经济技术开发区", "高新技术产业开发区")


@dataclass(frozen=True, slots=True)
class Verdict:
    condition: Condition
    holds: bool | None
    reason: str
    missing: str | None = None
    reason_kind: str | None = None


def eligibility_verdicts(measure: Measure, profile: Profile, on: date, city: str | None,
                         lang: str = "en") -> list[Verdict]:
    """The verdict of each eligibility condition of the measure; a registration or operating age that is also
    one of its thresholds is read there, once."""
    spans = [(t.start, t.end) for t in measure.thresholds]
    out = []
    seen = set()
    for c in measure.conditions:
        if (c.kind, c.quote, c.values) in seen:  # 首次达 … 首次达: one condition said twice
            continue
        seen.add((c.kind, c.quote, c.values))
        if c.kind in _NOT_HERE or (c.kind == "territory" and c.mode == "may_adopt"):
            continue
        if c.kind in {"registration_age", "operating_age"} and any(s < c.end and c.start < e for s, e in spans):
            continue
        verdict = check_condition(c, profile, on, city, lang)
        if verdict is not None:
            out.append(verdict)
    return out


def check_condition(c: Condition, profile: Profile, on: date, city: str | None,
                    lang: str = "en") -> Verdict | None:
    """One eligibility condition against the profile on ``on`` (None for a kind this module does not read).

    Example: check_condition(settled_window_of_lishui_4, Profile(..., settled_on=date(2018, 5, 1)), date(2026, 12, 1),
             "丽水市").holds is False
    """
    quote = c.quote
    if c.kind == "territory":
        return _territory(c, profile, city, lang)
    if c.kind in {"registration_age", "operating_age"}:
        return _age(c, profile, on, lang)
    if c.kind == "settled_window":
        settled = profile.settled
        if settled is None or c.interval is None or c.interval.high is None:
            return Verdict(c, None, text(lang, "window_missing", quote=quote), "settled_on", "figure_missing")
        until = date(settled.year + int(c.interval.high) - 1, 12, 31)
        key = "window_met" if settled <= on <= until else "window_not_met"
        return Verdict(c, key == "window_met", text(lang, key, quote=quote, settled=settled.isoformat(),
                                                    until=until.isoformat()))
    if c.kind == "legal_form":
        answers = [profile.declared(v) for v in c.values]
        if any(a is True for a in answers):
            return Verdict(c, True, text(lang, "legal_form_met", quote=quote, form=profile.legal_form))
        if profile.legal_form is not None:
            return Verdict(c, False, text(lang, "legal_form_not_met", quote=quote, form=profile.legal_form))
        key = c.values[0] if c.values else "legal_form"
        return Verdict(c, None, text(lang, "declaration_missing", key=key, quote=quote), key, "declaration_missing")
    if c.kind == "title_excluded":
        held = [t for t in c.values if _holds_title(profile, t)]
        if held:
            return Verdict(c, False, text(lang, "title_excluded_hit", quote=quote, title=held[0]))
        return Verdict(c, True, "")
    if c.kind == "title_required":
        held = [t for t in c.values if _holds_title(profile, t)]
        if held and (c.any_of or len(held) == len(c.values)):
            return Verdict(c, True, text(lang, "title_required_met", quote=quote, title=held[0]))
        return Verdict(c, False, text(lang, "title_required_missing", quote=quote, titles="、".join(c.values)))
    if c.kind in {"declaration", "first_time", "new_this_year"}:
        key = c.values[0] if c.kind == "declaration" and c.values else c.kind
        answer = profile.declared(key)
        if answer is None:
            return Verdict(c, None, text(lang, "declaration_missing", key=key, quote=quote), key,
                           "declaration_missing")
        return Verdict(c, answer, text(lang, "declared_yes" if answer else "declared_no", quote=quote, key=key))
    return None


def _holds_title(profile: Profile, title: str) -> bool:
    return any(title == t or title in t or t in title for t in profile.titles)


def _age(c: Condition, profile: Profile, on: date, lang: str) -> Verdict:
    if c.kind == "registration_age":
        years = profile.figure("registered_years", on)
        missing, why = "registered_on", "age_missing"
    else:
        years = profile.figure("operating_years", on)
        missing, why = "operating_years", "operating_missing"
    if years is None or c.interval is None:
        return Verdict(c, None, text(lang, why, quote=c.quote), missing, "figure_missing")
    compared = years * 12 if c.unit == "months" else years
    holds = c.interval.contains(compared)
    shown = f"{years.quantize(Decimal('0.01')).normalize():f}"
    return Verdict(c, holds, text(lang, "age_met" if holds else "age_not_met", quote=c.quote, years=shown,
                                  on=on.isoformat()))


def _territory(c: Condition, profile: Profile, city: str | None, lang: str) -> Verdict:
    place = "".join(x for x in (profile.city, profile.county, profile.zone) if x)
    holds = territory_holds(c.values, profile, city)
    if holds is None:
        return Verdict(c, None, text(lang, "declaration_missing", key="county", quote=c.quote), "county",
                       "figure_missing")
    return Verdict(c, holds, text(lang, "territory_in" if holds else "territory_out", place=place, quote=c.quote))


def territory_holds(values: tuple[str, ...], profile: Profile, city: str | None) -> bool | None:
    """Is the profile's place inside the territory named by ``values`` (丽水市区, 市直, 莲都区, 开发区 …; ``city`` the
    document's)? None when the profile lacks the county that decides it.

    Example: territory_holds(("丽水市区", "市直", "莲都区", "开发区"), longquan_firm, "丽水市") is False
    """
    gazetteer = load_gazetteer()
    heads = [v for v in values if v.endswith("市区")]
    listed = [v for v in values if v not in heads]
    undecided = False  # a county is named and the profile gives none
    for v in listed:
        if v in {profile.city, profile.province} or (profile.county and v == profile.county):
            return True
        if profile.zone and any(w in v for w in _ZONE_WORDS) and (v in profile.zone or profile.zone in v):
            return True
        if profile.zone and v in {"市直", "市本级"} and profile.zone == v:
            return True
        counties = [p for p in gazetteer.candidates(v) if p.level in {"county", "city"}]
        if counties and profile.county is None and any(p.city == profile.city for p in counties):
            undecided = True
    for head in heads:
        named = head[:-1] if len(head) > 2 else city
        if named and named not in {profile.city, (profile.city or "")[:-1]}:
            continue
        if listed and not profile.county:
            return None if not profile.zone or undecided else False
        if not listed:
            if profile.county is None:
                return None
            return profile.county.endswith("区")
    if undecided:
        return None
    return not heads and not listed  # a territory naming nothing restricts nobody
