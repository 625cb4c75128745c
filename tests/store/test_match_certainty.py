"""Matching never overstates (issue 11): the document's eligibility conditions on every measure, time windows
read with their statutory meaning, certain sums apart from upper bounds, and the documents left out named."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from extractor import extract_file
from extractor.measures import Condition, derive_measures
from kb.cli import cli
from kb.queries.match import match
from kb.queries.match.eligibility import check_condition, territory_holds
from kb.queries.match.profile import Profile, ProfileError, load_profile, profile_from_dict
from kb.store import Store
from tests.conftest import ROOT, seed

EXAMPLES = ROOT / "examples" / "profiles"
LISHUI = "丽政办发〔2024〕64号"
SHAOYANG = "邵市政办发〔2024〕4号"



def by_label(result: dict[str, Any], doc_no: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in result["results"]:
        if r["doc_no"] == doc_no:
            out.setdefault(r["clause_label"], []).append(r)
    return out


def lishui_seller(**changes: Any) -> Profile:
    return dataclasses.replace(load_profile(EXAMPLES / "lishui_seller.toml"), **changes)


# -- the five cases ------------------------------------------------------------------------------------


def test_lishui_firm_gets_300000_for_certain_and_is_told_the_band_sum_is_the_departments(store: Store) -> None:
    result = match(store, lishui_seller(), "2026-12-01")
    clauses = by_label(result, LISHUI)
    (attract,) = clauses["（四）"]
    assert (attract["status"], attract["certain_amount"], attract["max_amount"]) == (
        "eligible", Decimal(300000), Decimal(300000))
    held = {(c["kind"], c["holds"]) for c in attract["conditions"]}
    assert {("settled_window", True), ("declaration", True), ("territory", True)} <= held
    assert ("declaration", None) not in held and ("declaration", False) not in held
    (grow,) = clauses["（七）"]  # 分档给予资金支持…每家企业每年最高不超过100万元: no sum for either band
    assert (grow["status"], grow["reason_kind"], grow["certain_amount"], grow["upper_bound"], grow["max_amount"]) == (
        "needs_information", "amount_not_stated", None, Decimal(1000000), Decimal(1000000))
    assert any("金额由主管部门核定" in r for r in grow["reasons"]) and grow["missing"] == []
    assert result["totals"] == {"CNY": Decimal(300000)}
    assert result["possible"]["CNY"] >= Decimal(1300000)
    assert result["totals_explained"][0] == f"{LISHUI} clause （四）: + 300,000 CNY"


def test_lishui_firm_without_its_declarations_is_asked_for_them(store: Store) -> None:
    (attract,) = by_label(match(store, lishui_seller(declarations={}), "2026-12-01"), LISHUI)["（四）"]
    assert (attract["status"], attract["reason_kind"], attract["certain_amount"]) == (
        "needs_information", "declaration_missing", None)
    assert set(attract["missing"]) >= {"has_management_functions", "not_seriously_dishonest"}


def test_lishui_firm_settled_in_2018_is_past_its_two_natural_years(store: Store) -> None:
    settled = date(2018, 5, 1)
    result = match(store, lishui_seller(registered_on=settled, settled_on=settled), "2026-12-01")
    (attract,) = by_label(result, LISHUI)["（四）"]
    assert attract["status"] == "not_eligible" and "2019-12-31" in attract["reasons"][-1]
    assert result["totals"] == {}


def test_a_longquan_firm_is_outside_lishui_shiqu(store: Store) -> None:
    result = match(store, lishui_seller(county="龙泉市"), "2026-12-01")
    mine = [r for r in result["results"] if r["doc_no"] == LISHUI]
    assert mine and {r["status"] for r in mine} == {"not_eligible"}
    assert all(any("丽水市区（市直、莲都区和开发区）" in x for x in r["reasons"]) for r in mine)
    assert result["totals"] == {} and result["possible"] == {}


def shaoyang(**fields: Any) -> Profile:
    return profile_from_dict({"name": "邵阳某电商企业", "city": "邵阳", "legal_form": "独立法人",
                              "figures": {"ecommerce_sales_cny": "3000万元"}, **fields})


def test_a_shaoyang_firm_registered_six_months_ago_is_not_eligible(store: Store) -> None:
    clauses = by_label(match(store, shaoyang(registered_on="2026-06-01"), "2026-12-01"), SHAOYANG)
    for label in ("（二）", "（三）"):
        (r,) = clauses[label]
        assert r["status"] == "not_eligible" and any("注册一年以上" in x for x in r["reasons"]), r["reasons"]
    older = by_label(match(store, shaoyang(registered_on="2019-06-01"), "2026-12-01"), SHAOYANG)
    assert older["（二）"][0]["status"] != "not_eligible"


def test_a_shaoyang_firm_already_titled_is_excluded(store: Store) -> None:
    titled = shaoyang(registered_on="2019-06-01", titles=["省级电子商务示范企业"])
    for rows in by_label(match(store, titled, "2026-12-01"), SHAOYANG).values():
        for r in rows:
            assert r["status"] == "not_eligible"
            assert any("省级电子商务示范企业" in x for x in r["reasons"])


def test_a_hengyang_firm_is_told_its_document_expired(store: Store, db: Path) -> None:
    result = match(store, load_profile(EXAMPLES / "hengyang_seller.toml"), "2026-12-01")
    assert result["results"] == []
    (skipped,) = result["skipped"]
    assert (skipped["doc_no"], skipped["status"]) == ("衡政发〔2024〕4号", "expired")
    assert "2026-05-06" in skipped["reason"]
    out = CliRunner().invoke(cli, ["match", str(EXAMPLES / "hengyang_seller.toml"), "--on", "2026-12-01",
                                   "--db", str(db)])
    assert out.exit_code == 0 and "衡政发〔2024〕4号" in out.output and "2026-05-06" in out.output


def test_a_date_after_the_match_date_is_refused(store: Store) -> None:
    with pytest.raises(ProfileError, match="registered_on"):
        match(store, lishui_seller(registered_on=date(2027, 1, 1)), "2026-12-01")


def test_json_contract_and_application(db: Path) -> None:
    import json

    out = CliRunner().invoke(cli, ["match", str(EXAMPLES / "shaoyang_seller.json"), "--on", "2026-12-01",
                                   "--json", "--db", str(db)])
    data = json.loads(out.output)
    assert {"totals", "possible", "totals_explained", "skipped"} <= set(data)
    for r in data["results"]:
        assert {"clause_label", "reason_kind", "certain_amount", "upper_bound", "conditions", "application"} <= set(r)
        assert r["max_amount"] == (r["certain_amount"] if r["status"] == "eligible" else r["upper_bound"])
    (first,) = [r for r in data["results"] if r["doc_no"] == SHAOYANG and r["clause_label"] == "（一）"]
    application = first["application"]
    assert application["deadline_text"] == "每年11月底前" and application["where"] == "所在县市区商务局"
    assert application["deadline_passed"] is True  # 2026-12-01 is after this year's 11月底


# -- the statutory boundaries, on the seeds' own conditions ----------------------------------------------------


def condition(prefix: str, kind: str) -> tuple[Condition, str | None]:
    doc = extract_file(seed(prefix))
    c = next(c for m in derive_measures(doc) for c in m.conditions if c.kind == kind)
    return c, doc.header.jurisdiction.city


@pytest.mark.parametrize(("prefix", "kind", "fields", "on", "holds"), [
    # 注册一年以上: 以上 includes the number — registered exactly a year before the match date holds
    ("000", "registration_age", {"registered_on": date(2025, 12, 1)}, date(2026, 12, 1), True),
    ("000", "registration_age", {"registered_on": date(2025, 12, 2)}, date(2026, 12, 1), False),
    ("000", "registration_age", {}, date(2026, 12, 1), None),
    # 自其落户两个自然年度内: settled 2025-03-01 → through 2026-12-31
    ("004", "settled_window", {"settled_on": date(2025, 3, 1)}, date(2026, 12, 31), True),
    ("004", "settled_window", {"settled_on": date(2025, 3, 1)}, date(2027, 1, 1), False),
    ("004", "settled_window", {"settled_on": date(2024, 12, 31)}, date(2026, 1, 1), False),
    # 正常运营一年以上 (湘西 （三）)
    ("001", "operating_age", {"figures": {"operating_years": Decimal(1)}}, date(2026, 1, 1), True),
    ("001", "operating_age", {"figures": {"operating_years": Decimal("0.99")}}, date(2026, 1, 1), False),
    # 独立法人, 已获得省级电子商务示范企业…称号的不在此范围
    ("000", "legal_form", {"legal_form": "independent_legal_person"}, date(2026, 1, 1), True),
    ("000", "legal_form", {}, date(2026, 1, 1), None),
    ("000", "title_excluded", {"titles": ("省级电子商务示范企业",)}, date(2026, 1, 1), False),
    ("000", "title_excluded", {"titles": ()}, date(2026, 1, 1), True),
    # 在本地依法纳税 (衡阳 一、): the profile's answer, else asked
    ("003", "declaration", {"declarations": {"pays_tax_locally": True}}, date(2025, 6, 1), True),
    ("003", "declaration", {"declarations": {"pays_tax_locally": False}}, date(2025, 6, 1), False),
    ("003", "declaration", {}, date(2025, 6, 1), None),
])
def test_conditions_at_their_boundaries(prefix: str, kind: str, fields: dict[str, Any], on: date,
                                        holds: bool | None) -> None:
    c, city = condition(prefix, kind)
    p = Profile("甲", "省", city or "", **fields)
    verdict = check_condition(c, p, on, city)
    assert verdict is not None and verdict.holds is holds, verdict
    assert verdict.holds is not None or verdict.missing


@pytest.mark.parametrize(("county", "zone", "inside"), [
    ("莲都区", None, True),       # named in the list
    ("龙泉市", None, False),      # a county-level city, outside 市区
    ("缙云县", None, False),
    (None, "丽水经济技术开发区", True),  # the list names 开发区
    (None, None, None),           # the county decides: asked
])
def test_lishui_shiqu(county: str | None, zone: str | None, inside: bool | None) -> None:
    p = Profile("甲", "浙江省", "丽水市", county, zone=zone)
    assert territory_holds(("丽水市区", "市直", "莲都区", "开发区"), p, "丽水市") is inside


def test_shiqu_alone_means_the_districts() -> None:
    assert territory_holds(("丽水市区",), Profile("甲", "浙江省", "丽水市", "莲都区"), "丽水市") is True
    assert territory_holds(("丽水市区",), Profile("甲", "浙江省", "丽水市", "龙泉市"), "丽水市") is False
