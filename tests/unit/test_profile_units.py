"""Profile figures as written (120万美元, 1.2亿元, 70%, 5000平方米, 6个月) and the new profile fields: dates
(settled_on, check_dates), legal form, titles, declarations by the extractor's keys, zone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

import pytest

from extractor.facts.eligibility import declaration_keys
from kb.queries.match.profile import Profile, ProfileError, check_dates, profile_from_dict


def base(**changes: object) -> dict[str, object]:
    return {"name": "丽水某电商企业", "city": "丽水", "county": "莲都区", **changes}


class Written(NamedTuple):
    key: str
    written: object
    value: Decimal


WRITTEN = [
    Written("cross_border_export_usd", "120万美元", Decimal(1200000)),  # stays USD: no conversion
    Written("ecommerce_sales_cny", "6000万元", Decimal(60000000)),
    Written("ecommerce_sales_cny", "1.2亿元", Decimal(120000000)),
    Written("ecommerce_sales_cny", "人民币3000万元", Decimal(30000000)),
    Written("ecommerce_sales_cny", "1,200,000", Decimal(1200000)),  # a number as text: base units
    Written("ecommerce_sales_cny", 60000000, Decimal(60000000)),
    Written("occupancy_rate", "70%", Decimal("0.7")),
    Written("occupancy_rate", "60.5%", Decimal("0.605")),
    Written("rented_area_m2", "5000平方米", Decimal(5000)),
    Written("building_area_m2", "1万平方米", Decimal(10000)),
    Written("land_area_mu", "5亩", Decimal(5)),
    Written("enterprises_settled", "20家", Decimal(20)),
    Written("operating_years", "6个月", Decimal("0.5")),
    Written("operating_years", "3年", Decimal(3)),
]


@pytest.mark.parametrize("row", WRITTEN, ids=lambda r: f"{r.key}-{r.written}")
def test_figures_as_written(row: Written) -> None:
    figure = profile_from_dict(base(figures={row.key: row.written})).figures[row.key]
    assert isinstance(figure, Decimal)
    assert figure == row.value


class Refused(NamedTuple):
    key: str
    written: str
    words: str


REFUSED = [
    Refused("cross_border_export_usd", "120万元", "CNY"),  # a _usd figure given 元
    Refused("ecommerce_sales_cny", "120万美元", "USD"),
    Refused("rented_area_m2", "5000元", "not money"),  # an area given money
    Refused("rented_area_m2", "5亩", "does not fit"),  # 亩 is not m2 and is not converted
    Refused("occupancy_rate", "20家", "does not fit"),
    Refused("ecommerce_sales_cny", "120万", "known unit"),  # no unit: 万 of what?
    Refused("ecommerce_sales_cny", "六千万块", "known unit"),
    Refused("occupancy_rate", "170%", "fraction"),
]


@pytest.mark.parametrize("row", REFUSED, ids=lambda r: f"{r.key}-{r.written}")
def test_figures_refused_naming_the_field(row: Refused) -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_dict(base(figures={row.key: row.written}))
    assert err.value.field == f"figures.{row.key}"
    assert row.words in str(err.value)


def test_settled_on_defaults_to_registered_on() -> None:
    p = profile_from_dict(base(registered_on="2025-03-01"))
    assert p.settled == p.settled_on == date(2025, 3, 1)
    moved = profile_from_dict(base(registered_on="2018-05-01", settled_on="2025-03-01"))
    assert (moved.registered_on, moved.settled) == (date(2018, 5, 1), date(2025, 3, 1))
    assert Profile("甲", "浙江省", "丽水市", registered_on=date(2020, 1, 1)).settled == date(2020, 1, 1)


@pytest.mark.parametrize(("profile", "on", "field"), [
    (base(registered_on="2026-12-02"), date(2026, 12, 1), "registered_on"),
    (base(registered_on="2025-01-01", settled_on="2027-01-01"), date(2026, 12, 1), "settled_on"),
    (base(registered_on="2026-12-01"), date(2026, 12, 1), None),  # the match date itself is fine
    (base(), date(2026, 12, 1), None),
])
def test_dates_after_the_match_date_are_refused(profile: dict[str, object], on: date, field: str | None) -> None:
    p = profile_from_dict(profile)
    if field is None:
        check_dates(p, on)
        return
    with pytest.raises(ProfileError) as err:
        check_dates(p, on)
    assert err.value.field == field
    assert on.isoformat() in str(err.value)


def test_declarations_by_the_extractors_keys() -> None:
    p = profile_from_dict(base(declarations={"not_seriously_dishonest": True, "pays_tax_locally": False}))
    assert p.declared("not_seriously_dishonest") is True
    assert p.declared("pays_tax_locally") is False
    assert p.declared("has_management_functions") is None  # not stated is an answer, not a guess
    assert set(p.declarations) <= set(declaration_keys())


@pytest.mark.parametrize(("data", "field", "words"), [
    (base(declarations={"honest": True}), "declarations.honest", "not_seriously_dishonest"),  # lists the keys
    (base(declarations={"pays_tax_locally": "yes"}), "declarations.pays_tax_locally", "true or false"),
    (base(declarations=["pays_tax_locally"]), "declarations", "table"),
    (base(legal_form="合伙企业"), "legal_form", "independent_legal_person"),
    (base(titles=[""]), "titles", "list"),
    (base(zone=3), "zone", "开发区"),
    (base(settled_on="2025-13-01"), "settled_on", "YYYY-MM-DD"),
])
def test_new_fields_refused_naming_the_field(data: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_dict(data)
    assert err.value.field == field
    assert words in str(err.value)


@pytest.mark.parametrize("written", ["独立法人", "independent_legal_person"])
def test_legal_form_by_label_or_key_answers_its_declaration(written: str) -> None:
    p = profile_from_dict(base(legal_form=written))
    assert p.legal_form == "independent_legal_person"
    assert p.declared("independent_legal_person") is True
    assert profile_from_dict(base()).declared("independent_legal_person") is None


def test_titles_zone_and_round_trip() -> None:
    p = profile_from_dict(base(titles=["省级电子商务示范企业"], zone="丽水经济技术开发区",
                               figures={"cross_border_export_usd": "120万美元"}))
    assert p.titles == ("省级电子商务示范企业",)
    assert p.zone == "丽水经济技术开发区"
    d = p.to_dict()
    assert d["figures"] == {"cross_border_export_usd": "1200000"}
    assert (d["titles"], d["zone"]) == (["省级电子商务示范企业"], "丽水经济技术开发区")
    assert profile_from_dict({k: v for k, v in d.items() if v is not None}) == p
