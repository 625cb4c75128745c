"""Comparison on a phrase, comparable values and empty places named, on the seeds and on real documents of
../shared/corpus/wider/ (housing subsidies of 三明 沙县区, 沈阳 and 德宏; skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.queries.compare import compare
from kb.store import Store
from tests.conftest import CORPUS, SHARED

WIDER = SHARED / "corpus" / "wider"
WIDER_DOCS = ("shaxian_housing_subsidy_2022", "shenyang_housing_tradein_2023", "dehong_housing_measures_2024",
              "baiyin_housing_plan_2022")
requires_wider = pytest.mark.skipif(not WIDER.is_dir(), reason=f"../shared/corpus/wider not found at {WIDER}")
SANMING, SHENYANG, DEHONG, HENGYANG, LISHUI = "三明市", "沈阳市", "德宏傣族景颇族自治州", "衡阳市", "丽水市"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kb.ingest import ingest

    path = tmp_path_factory.mktemp("compare-values") / "kb.sqlite"
    wider = [WIDER / f"{name}.txt" for name in WIDER_DOCS if (WIDER / f"{name}.txt").is_file()]
    report = ingest([CORPUS, *wider], Store.open(path), workers=1)
    assert report.ok, report.failed
    return path


@pytest.fixture(scope="module")
def store(db: Path) -> Store:
    return Store.open(db)


def measures_of(result: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(c["city"], m) for c in result["cities"] for m in c["measures"]]


def clause_text(store: Store, m: dict[str, Any]) -> str:
    text = store.document(m["doc_id"])["text"]
    (clause,) = [c for c in store.clauses(m["doc_id"]) if c["id"] == m["clause"]]
    return text[clause["start"]:clause["end"]]


@requires_wider
@pytest.mark.parametrize(("query", "cities", "word"), [
    ("购房补贴", {SANMING, DEHONG}, "购房"),          # the phrase, or a synonym of 补贴 after 购房
    ("购房 补贴", {SANMING, DEHONG, SHENYANG}, "购房"),  # two words: 沈阳's 购房人 … 补贴 too
    ("海外仓", {HENGYANG, "邵阳市"}, "海外"),          # the seeds, by words instead of a topic
])
def test_a_query_gives_the_measures_of_the_clauses_it_finds(store: Store, query: str, cities: set[str],
                                                            word: str) -> None:
    result = compare(store, query=query)
    assert result["query"] == query and "topic" not in result
    found = measures_of(result)
    assert cities <= {city for city, _ in found}
    for _, m in found:
        assert word in clause_text(store, m)
        assert store.document(m["doc_id"])["text"][m["span"][0]:m["span"][1]] == m["quote"]


def test_a_query_and_a_topic_agree_on_overseas_warehouses(store: Store) -> None:
    by_topic = {(m["doc_id"], m["span"][0]) for _, m in measures_of(compare(store, "海外仓"))}
    by_query = {(m["doc_id"], m["span"][0]) for _, m in measures_of(compare(store, query="海外仓"))}
    assert by_topic & by_query and len(by_topic & by_query) >= len(by_topic) - 1


@pytest.mark.parametrize(("doc_no", "label", "fragment", "certain", "tier_max", "upper", "basis", "caps"), [
    # tiers of 2万, 5万, 15万 (the highest one matched) under a yearly 30万 cap that cannot be reached
    ("邵市政办发〔2023〕21号", "七、", "500万美元", None, 150000, 150000, "tiers", [300000]),
    # 50% of the rent: only the 20万 yearly cap bounds it
    ("衡政发〔2024〕4号", "10.", "租赁海外仓", None, None, 200000, "cap_only", [200000]),
    # 最高给予…20万元 is a cap (up to), never a stated award
    ("衡政发〔2024〕4号", "10.", "公共海外仓", None, None, 200000, "cap_only", [200000]),
    # 一次性奖励10万元: a stated award
    ("州政办发〔2018〕25号", "（十七）", "海外托管仓", 100000, None, 100000, "stated", []),
])
def test_stated_amounts_tiers_and_caps_are_told_apart(store: Store, doc_no: str, label: str, fragment: str,
                                                      certain: int | None, tier_max: int | None, upper: int,
                                                      basis: str, caps: list[int]) -> None:
    rows = [m for _, m in measures_of(compare(store, "ecommerce"))
            if m["doc_no"] == doc_no and m["clause_label"] == label and fragment in m["quote"]]
    assert len(rows) == 1, [m["quote"] for m in rows]
    (m,) = rows
    assert (m["certain_amount"], m["tier_max"], m["upper_bound"], m["amount_basis"]) == (certain, tier_max, upper,
                                                                                         basis)
    assert m["max_amount"] == m["upper_bound"] and m["currency"] == "CNY"
    assert [c["value"] for c in m["caps"]] == caps
    text = store.document(m["doc_id"])["text"]
    for cap in m["caps"]:
        assert text[cap["span"][0]:cap["span"][1]] == cap["quote"]


def test_an_unreachable_cap_is_said_so(store: Store) -> None:
    (m,) = [m for _, m in measures_of(compare(store, "跨境电商业绩奖励", ["邵阳"])) if m["clause_label"] == "七、"]
    assert m["caps"][0]["period"] == "per_year" and m["caps"][0]["scope"] == "per_enterprise"
    assert "out of reach" in m["bound_note"] and "150,000" in m["bound_note"]


WIDER_ONLY = pytest.mark.skipif(not WIDER.is_dir(), reason="../shared/corpus/wider absent")


@pytest.mark.parametrize(("topic", "city", "first", "units", "upper"), [
    # 120元/票 up to 30万 a year, 30元/票 up to 10万: the per-unit values, and the larger yearly cap as the bound
    ("物流与口岸", "邵阳市", "120元/票", [(120, "票", 300000), (30, "票", 100000)], 300000),
    pytest.param("购房补贴", SANMING, "200元/平方米", [(200, "平方米", None)], None, marks=WIDER_ONLY),
    pytest.param("购房补贴", SHENYANG, "100元/平方米", [(100, "平方米", None)], None, marks=WIDER_ONLY),
])
def test_per_unit_awards_show_their_values(store: Store, db: Path, topic: str, city: str, first: str,
                                           units: list[tuple[int, str, int | None]], upper: int | None) -> None:
    rows = [m for _, m in measures_of(compare(store, topic, [city])) if m["per_unit"]
            and m["per_unit"][0]["quote"] == first]
    assert len(rows) == 1
    (m,) = rows
    assert [(u["value"], u["unit"], u["cap"]) for u in m["per_unit"]] == units
    assert {u["currency"] for u in m["per_unit"]} == {"CNY"} and m["amount_basis"] == "per_unit"
    assert m["upper_bound"] == m["max_amount"] == upper
    assert (m["bound_note"] is not None and "not bounded" in m["bound_note"]) == (upper is None)
    text = store.document(m["doc_id"])["text"]
    for u in m["per_unit"]:
        assert text[u["span"][0]:u["span"][1]] == u["quote"]
    out = CliRunner().invoke(cli, ["compare", "--topic", topic, "--cities", city, "--db", str(db)])
    assert out.exit_code == 0, out.output
    value, unit, _ = units[0]
    (line,) = [x for x in out.output.splitlines() if f"per unit {value} CNY/{unit}" in x]
    assert "max -" not in line


@pytest.mark.parametrize(("args", "city", "note"), [
    # 衡政发〔2024〕4号 is in force 2024-05-07 … 2026-05-06
    ({"topic": "海外仓", "on": "2026-06-01"}, HENGYANG, "衡政发〔2024〕4号 expired on 2026-05-06"),
    ({"query": "海外仓", "on": "2026-06-01"}, HENGYANG, "衡政发〔2024〕4号 expired on 2026-05-06"),
    ({"topic": "海外仓", "on": "2024-03-01"}, HENGYANG, "衡政发〔2024〕4号 not yet in force until 2024-05-07"),
    ({"topic": "海外仓", "on": "2025-06-01"}, LISHUI, "no matching measure"),
])
def test_every_place_asked_for_is_named_and_an_empty_one_says_why(store: Store, args: dict[str, str], city: str,
                                                                   note: str) -> None:
    result = compare(store, cities=["衡阳", "邵阳", "丽水"], **args)
    places = {c["city"]: c for c in result["cities"]}
    assert list(places) == [HENGYANG, "邵阳市", LISHUI]
    assert places[city]["measures"] == [] and note in places[city]["note"]
    assert places["邵阳市"]["measures"] and places["邵阳市"]["note"] is None


def test_an_expired_place_is_named_without_cities_asked(store: Store) -> None:
    (hengyang,) = [c for c in compare(store, "海外仓", on="2026-06-01")["cities"] if c["city"] == HENGYANG]
    (doc,) = hengyang["not_in_force"]
    assert (doc["doc_no"], doc["status"], doc["expires_on"]) == ("衡政发〔2024〕4号", "expired", "2026-05-06")


def test_cli_query_json_contract(db: Path) -> None:
    out = CliRunner().invoke(cli, ["compare", "--query", "海外仓", "--cities", "衡阳,丽水", "--on", "2025-06-01",
                                   "--json", "--db", str(db)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["query"] == "海外仓" and data["on"] == "2025-06-01"
    keys = {"doc_no", "clause", "clause_label", "summary", "certain_amount", "tier_max", "upper_bound", "max_amount",
            "currency", "caps", "rate", "per_unit", "thresholds", "tiers", "quote", "span", "status", "topic",
            "domain", "confidence"}
    (hengyang, lishui) = data["cities"]
    assert hengyang["measures"] and all(keys <= set(m) for m in hengyang["measures"])
    assert lishui["measures"] == [] and lishui["note"]


@pytest.mark.parametrize("args", [[], ["--topic", "海外仓", "--query", "海外仓"]])
def test_cli_takes_a_topic_or_a_query(db: Path, args: list[str]) -> None:
    out = CliRunner().invoke(cli, ["compare", *args, "--json", "--db", str(db)])
    assert out.exit_code == 1 and json.loads(out.output)["error"] == "bad_argument"
