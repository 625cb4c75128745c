"""Enterprise profiles: who the enterprise is, where it is registered and its figures, for ``kb.queries.match``.

A profile is a JSON or TOML file (or a dict)::

    name = "衡阳某跨境电商企业"
    city = "衡阳"                    # short names are fine: 衡阳 → 衡阳市; province is filled in
    county = "衡南县"                # optional
    entity_kind = "enterprise"      # a key of kb/data/entity_kinds.yaml
    registered_on = "2021-03-15"    # or registered_years = 3
    settled_on = "2025-03-01"       # 落户日期; default registered_on
    legal_form = "独立法人"          # a key or label of the extractor's legal forms (data/eligibility.yaml)
    titles = ["省级电子商务示范企业"]
    zone = "丽水经济技术开发区"       # a 开发区 / 园区 by name (the gazetteer has none)
    [declarations]                  # keys of the extractor's declarations (data/eligibility.yaml)
    not_seriously_dishonest = true
    [figures]                       # keys of kb/data/figures.yaml: base units or as written
    cross_border_export_usd = "120万美元"   # = 1200000

Figures are exact ``Decimal``s in base units: 1200000 for 120万美元, 0.6 for 60%, 2.5 for two and a half years;
written with a unit they are read by the extractor's own amount parser (``written_units`` of figures.yaml).
Everything wrong with a profile raises ``ProfileError`` naming the field; ``check_dates`` refuses a date after
the match date.

The vocabularies are ``kb.queries.match.vocabulary``; reading each field, ``kb.queries.match.profile_fields``.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from extractor.facts.eligibility import legal_form_keys
from kb.queries.match.profile_fields import (
    ProfileError,
    read_date,
    read_declarations,
    read_figure,
    read_jurisdiction,
    read_legal_form,
    read_number,
    read_titles,
)
from kb.queries.match.vocabulary import EntityKind, Figure, entity_kinds, figure_label, figures

__all__ = ["EntityKind", "Figure", "Profile", "ProfileError", "check_dates", "entity_kinds", "figure_label",
           "figures", "load_profile", "profile_from_dict", "years_between"]

_FIELDS = {"name", "province", "city", "county", "registered_on", "registered_years", "settled_on", "entity_kind",
           "legal_form", "titles", "declarations", "zone", "figures"}


@dataclass(frozen=True, slots=True)
class Profile:
    """An enterprise: name, jurisdiction (full names), kind, registration and figures (base units).

    Example: Profile("甲公司", "湖南省", "衡阳市", None, entity_kind="enterprise",
                     figures={"cross_border_export_usd": Decimal("1200000")})
    """

    name: str
    province: str
    city: str
    county: str | None = None
    registered_on: date | None = None
    registered_years: Decimal | None = None
    entity_kind: str = "enterprise"
    figures: dict[str, Decimal] = field(default_factory=dict)
    settled_on: date | None = None  # profile_from_dict fills it from registered_on; see ``settled``
    legal_form: str | None = None  # a key of the extractor's legal forms (independent_legal_person)
    titles: tuple[str, ...] = ()
    declarations: dict[str, bool] = field(default_factory=dict)
    zone: str | None = None

    @property
    def settled(self) -> date | None:
        """落户日期: ``settled_on``, else the registration date."""
        return self.settled_on or self.registered_on

    def declared(self, key: str) -> bool | None:
        """The profile's yes/no answer to a declaration key, None when it gives none; a legal form answers the
        declaration of the same key (独立法人 → independent_legal_person).

        Example: Profile("甲", "浙江省", "丽水市", declarations={"pays_tax_locally": True}).declared(
                     "pays_tax_locally") is True
        """
        if key in self.declarations:
            return self.declarations[key]
        if self.legal_form is not None and key in legal_form_keys():
            return self.legal_form == key
        return None

    def figure(self, key: str, on: date | None = None) -> Decimal | None:
        """The figure ``key``, or None when the profile does not give it; ``registered_years`` is computed
        from ``registered_on`` on the date ``on`` (default today) when only the date is given.

        Example: Profile("甲", "湖南省", "衡阳市", registered_on=date(2020, 5, 1)).figure(
                     "registered_years", date(2023, 5, 1)) == Decimal(3)
        """
        if key in self.figures:
            return self.figures[key]
        if key == "registered_years":
            if self.registered_years is not None:
                return self.registered_years
            if self.registered_on is not None:
                return years_between(self.registered_on, on or date.today())
        return None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "province": self.province, "city": self.city, "county": self.county,
                "registered_on": self.registered_on.isoformat() if self.registered_on else None,
                "registered_years": str(self.registered_years) if self.registered_years is not None else None,
                "settled_on": self.settled.isoformat() if self.settled else None,
                "legal_form": self.legal_form, "titles": list(self.titles),
                "declarations": dict(self.declarations), "zone": self.zone,
                "entity_kind": self.entity_kind, "figures": {k: str(v) for k, v in self.figures.items()}}


def check_dates(profile: Profile, on: date) -> None:
    """Refuse a profile whose dates lie after the match date ``on`` (a registration not yet made).

    Example: check_dates(Profile("甲", "湖南省", "衡阳市", registered_on=date(2027, 1, 1)), date(2026, 12, 1))
             raises ProfileError("registered_on", …)
    """
    for field_name, value in (("registered_on", profile.registered_on), ("settled_on", profile.settled_on)):
        if value is not None and value > on:
            raise ProfileError(field_name, f"{value.isoformat()} is after the match date {on.isoformat()}",
                               zh=f"{value.isoformat()} 晚于匹配日期 {on.isoformat()}")


def years_between(start: date, end: date) -> Decimal:
    """Completed years from ``start`` to ``end`` plus the exact fraction of the year under way (0 if before).

    Example: years_between(date(2020, 3, 1), date(2023, 3, 1)) == Decimal(3)
    """
    if end <= start:
        return Decimal(0)
    years = end.year - start.year
    if _anniversary(start, start.year + years) > end:
        years -= 1
    last, following = _anniversary(start, start.year + years), _anniversary(start, start.year + years + 1)
    return Decimal(years) + Decimal((end - last).days) / Decimal((following - last).days)


def _anniversary(start: date, year: int) -> date:
    try:
        return start.replace(year=year)
    except ValueError:  # 29 February
        return date(year, 3, 1)


def load_profile(path: str | Path) -> Profile:
    """A profile from a ``.json`` or ``.toml`` file (by extension; other names are tried as TOML then JSON).

    Example: load_profile("examples/profiles/hengyang_seller.toml").city == "衡阳市"
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError("file", f"cannot read {path}: {exc}") from exc
    suffix = path.suffix.lower()
    data: Any = None
    errors = []
    for kind in (("json",) if suffix == ".json" else ("toml",) if suffix == ".toml" else ("toml", "json")):
        try:
            data = json.loads(text) if kind == "json" else tomllib.loads(text)
            break
        except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
            errors.append(f"not valid {kind.upper()} ({exc})")
        except RecursionError:
            errors.append(f"{kind.upper()} nested too deeply to be a profile")
    else:
        raise ProfileError("file", f"{path}: " + "; ".join(errors))
    if not isinstance(data, dict):
        raise ProfileError("file", f"{path}: a profile is an object of fields, not {type(data).__name__}")
    return profile_from_dict(data)


def profile_from_dict(d: dict[str, Any]) -> Profile:
    """A checked ``Profile`` from a plain dict (as read from JSON or TOML).

    Example: profile_from_dict({"name": "甲", "city": "衡阳", "figures": {"cross_border_export_usd": 1200000}})
    """
    unknown = sorted(set(d) - _FIELDS)
    if unknown:
        raise ProfileError(unknown[0], f"unknown field; a profile has {', '.join(sorted(_FIELDS))}")
    name = d.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ProfileError("name", "missing or empty; give the enterprise's name")
    province, city, county = read_jurisdiction(d.get("province"), d.get("city"), d.get("county"))
    kind = d.get("entity_kind", "enterprise")
    kinds = entity_kinds()
    if kind not in kinds:
        listed = ", ".join(f"{k} ({v.label})" for k, v in kinds.items())
        raise ProfileError("entity_kind", f"unknown kind {kind!r}; one of: {listed}")
    registered_on = read_date("registered_on", d.get("registered_on"))
    registered_years = None
    if d.get("registered_years") is not None:
        registered_years = read_number("registered_years", d["registered_years"])
    settled_on = read_date("settled_on", d.get("settled_on")) or registered_on
    legal_form = read_legal_form(d.get("legal_form"))
    titles = read_titles(d.get("titles"))
    declarations = read_declarations(d.get("declarations"))
    zone = d.get("zone")
    if zone is not None and (not isinstance(zone, str) or not zone.strip()):
        raise ProfileError("zone", f"{zone!r} is not the name of a 开发区 or 园区")
    raw = d.get("figures") or {}
    if not isinstance(raw, dict):
        raise ProfileError("figures", "must be a table of figure = number")
    vocabulary = figures()
    values: dict[str, Decimal] = {}
    for key, value in raw.items():
        if key not in vocabulary:
            listed = "\n".join(f"  {k}: {f.label} [{f.unit}]" for k, f in vocabulary.items())
            raise ProfileError(f"figures.{key}", f"unknown figure; the vocabulary (kb/data/figures.yaml) is:\n{listed}")
        number = read_figure(f"figures.{key}", value, vocabulary[key].unit)
        if vocabulary[key].unit == "fraction" and number > 1:
            raise ProfileError(f"figures.{key}", f"{value} is not a fraction; write 0.6 for 60%",
                               zh=f"「{value}」不是比例：60% 请写作 60% 或 0.6")
        values[key] = number
    if "registered_years" in values and registered_years is None:
        registered_years = values.pop("registered_years")
    return Profile(name.strip(), province, city, county, registered_on, registered_years, kind, values,
                   settled_on=settled_on, legal_form=legal_form, titles=titles, declarations=declarations,
                   zone=zone.strip() if zone else None)
