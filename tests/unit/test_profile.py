"""Enterprise profiles: loading JSON and TOML, the jurisdiction from short names, and errors naming the field."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kb.queries.match.profile import (
    ProfileError,
    entity_kinds,
    figures,
    load_profile,
    profile_from_dict,
    years_between,
)
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples" / "profiles"


def base(**changes: object) -> dict[str, object]:
    return {"name": "衡阳某跨境电商企业", "city": "衡阳", "entity_kind": "enterprise",
            "figures": {"cross_border_export_usd": 1200000}, **changes}


def test_short_city_is_resolved_and_province_filled() -> None:
    p = profile_from_dict(base())
    assert (p.province, p.city, p.county) == ("湖南省", "衡阳市", None)
    assert p.figures == {"cross_border_export_usd": Decimal(1200000)}
    assert p.entity_kind == "enterprise"


@pytest.mark.parametrize(("city", "expected"), [
    ("邵阳", ("湖南省", "邵阳市")),
    ("丽水市", ("浙江省", "丽水市")),
    ("湘西州", ("湖南省", "湘西土家族苗族自治州")),
])
def test_cities(city: str, expected: tuple[str, str]) -> None:
    p = profile_from_dict(base(city=city))
    assert (p.province, p.city) == expected


def test_county_within_the_city() -> None:
    p = profile_from_dict(base(county="衡南县"))
    assert (p.city, p.county) == ("衡阳市", "衡南县")
    with pytest.raises(ProfileError) as err:
        profile_from_dict(base(county="莲都区"))  # 丽水's
    assert err.value.field == "county"


def test_province_given_must_agree() -> None:
    assert profile_from_dict(base(province="湖南")).province == "湖南省"
    with pytest.raises(ProfileError) as err:
        profile_from_dict(base(province="浙江省"))
    assert err.value.field == "province"
    assert "湖南省" in str(err.value)


def test_exact_decimals_from_every_number_form() -> None:
    p = profile_from_dict(base(figures={"cross_border_export_usd": "1,200,000", "occupancy_rate": 0.6,
                                        "rented_area_m2": 150.5}))
    assert p.figures["cross_border_export_usd"] == Decimal(1200000)
    assert p.figures["occupancy_rate"] == Decimal("0.6")
    assert p.figures["rented_area_m2"] == Decimal("150.5")


def test_registered_years_from_the_date() -> None:
    p = profile_from_dict(base(registered_on="2021-03-15"))
    assert p.figure("registered_years", date(2024, 3, 15)) == Decimal(3)
    assert p.figure("registered_years", date(2024, 3, 14)) < 3
    assert p.figure("registered_years", date(2020, 1, 1)) == 0
    assert profile_from_dict(base(registered_years=2)).figure("registered_years") == Decimal(2)
    assert years_between(date(2020, 2, 29), date(2021, 3, 1)) == Decimal(1)


@pytest.mark.parametrize(("data", "field", "words"), [
    (base(figures={"export": 1}), "figures.export", "cross_border_export_usd"),  # lists the vocabulary
    (base(figures={"cross_border_export_usd": "120万"}), "figures.cross_border_export_usd", "not a number"),
    (base(figures={"cross_border_export_usd": True}), "figures.cross_border_export_usd", "not a number"),
    (base(figures={"cross_border_export_usd": -5}), "figures.cross_border_export_usd", "non-negative"),
    (base(figures={"occupancy_rate": 60}), "figures.occupancy_rate", "0.6"),
    (base(entity_kind="company"), "entity_kind", "park_operator"),
    (base(city=None), "city", "missing"),
    (base(city="湖南"), "city", "province"),
    (base(city="不存在市"), "city", "no city"),
    (base(registered_on="2021-02-30"), "registered_on", "YYYY-MM-DD"),
    (base(name=""), "name", "missing"),
    (base(turnover=5), "turnover", "unknown field"),
])
def test_malformed_profiles_name_the_field(data: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_dict(data)
    assert err.value.field == field
    assert str(err.value).startswith(f"{field}: ")
    assert words in str(err.value)


def test_json_and_toml_files(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text(json.dumps(base(), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "p.toml").write_text('name = "甲"\ncity = "衡阳"\n[figures]\ncross_border_export_usd = 1200000\n',
                                     encoding="utf-8")
    assert load_profile(tmp_path / "p.json") == profile_from_dict(base())
    assert load_profile(tmp_path / "p.toml").figures == {"cross_border_export_usd": Decimal(1200000)}
    (tmp_path / "bad.toml").write_text("name = \n", encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile(tmp_path / "bad.toml")
    assert err.value.field == "file"
    with pytest.raises(ProfileError):
        load_profile(tmp_path / "absent.toml")


def test_example_profiles_load() -> None:
    loaded = {p.name: load_profile(p) for p in sorted(EXAMPLES.glob("*")) if p.suffix in {".toml", ".json"}}
    assert {p.city for p in loaded.values()} >= {"衡阳市", "邵阳市", "丽水市"}
    seller = loaded["hengyang_seller.toml"]
    assert seller.figures["cross_border_export_usd"] == Decimal(1200000)


def test_vocabulary() -> None:
    vocab = figures()
    for key in ("cross_border_export_usd", "cross_border_export_usd_new", "cross_border_trade_usd",
                "ecommerce_sales_cny", "export_cny", "rented_area_m2", "overseas_warehouse_area_m2",
                "enterprises_served", "enterprises_incubated", "enterprises_settled", "registered_years",
                "employees", "ranking"):
        assert key in vocab and vocab[key].label and vocab[key].metrics
    kinds = entity_kinds()
    assert {"enterprise", "park_operator", "platform", "training_institution", "service_provider",
            "individual"} <= set(kinds)
    assert all(also in kinds for k in kinds.values() for also in k.also)
