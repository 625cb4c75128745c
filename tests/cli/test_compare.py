"""Cross-city comparison on the seeds: cities, statuses, --on filtering, numbers, topics, the CLI contract."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.queries.compare import UnknownPlace, compare, resolve_place, to_json_number
from kb.queries.taxonomy import UnknownTopic
from kb.queries.validity import status_of
from kb.store import Store
from tests.conftest import StoreMaker

HENGYANG, SHAOYANG, XIANGXI, LISHUI = "衡阳市", "邵阳市", "湘西土家族苗族自治州", "丽水市"



def by_city(result: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {c["city"]: c["measures"] for c in result["cities"]}


def test_overseas_warehouse_across_cities(store: Store) -> None:
    result = compare(store, "海外仓")
    assert result["topic"] == "海外仓" and result["on"] is None
    cities = by_city(result)
    assert {HENGYANG, SHAOYANG, XIANGXI} <= set(cities)
    assert all(c["province"] == "湖南省" and c["level"] == "city" for c in result["cities"] if c["city"] != LISHUI)

    hengyang = cities[HENGYANG]
    assert {m["doc_no"] for m in hengyang} == {"衡政发〔2024〕4号"}
    public = [m for m in hengyang if "公共海外仓" in m["quote"]]
    rented = [m for m in hengyang if "租赁海外仓" in m["quote"]]
    assert len(public) == 1 and public[0]["max_amount"] == 200000 and public[0]["currency"] == "CNY"
    assert len(rented) == 1 and rented[0]["rate"] == 0.5 and rented[0]["max_amount"] == 200000
    (cap,) = rented[0]["caps"]
    assert (cap["value"], cap["period"], cap["scope"]) == (200000, "per_year", "per_warehouse")
    assert rented[0]["thresholds"][0]["interval"]["low"] == 1000 and rented[0]["clause_label"] == "10."

    assert any(m["doc_no"] == "邵市政办发〔2023〕21号" and "公共海外仓" in m["quote"] for m in cities[SHAOYANG])
    (xiangxi,) = cities[XIANGXI]
    assert "海外托管仓" in xiangxi["quote"] and xiangxi["max_amount"] == 100000 and xiangxi["clause"] == "5.17"
    every = [m for ms in cities.values() for m in ms]
    assert not any("O2O" in m["quote"] for m in every)  # the O2O store of the same clause is another topic


def test_each_quote_is_the_text_at_its_span_and_amounts_are_numbers(store: Store) -> None:
    for topic in ("海外仓", "跨境电商业绩奖励", "产业园区与孵化"):
        for city in compare(store, topic)["cities"]:
            for m in city["measures"]:
                text = store.document(m["doc_id"])["text"]
                assert text[m["span"][0]:m["span"][1]] == m["quote"]
                assert m["max_amount"] is None or isinstance(m["max_amount"], int | float)
                assert m["rate"] is None or isinstance(m["rate"], int | float)
                assert isinstance(m["confidence"], float)
                for t in m["thresholds"] + m["tiers"]:
                    low = (t.get("interval") or {}).get("low")
                    assert low is None or isinstance(low, int | float)


def test_usd_thresholds_stay_usd(store: Store) -> None:
    cities = by_city(compare(store, "跨境电商业绩奖励", ["邵阳"]))
    (shaoyang_7,) = [m for m in cities[SHAOYANG] if m["clause"] == "7"]
    usd = [t for t in shaoyang_7["thresholds"] if t["currency"] == "USD"]
    assert [t["interval"]["low"] for t in usd] == [1_000_000, 2_000_000, 5_000_000]  # 100万美元 …, not yuan
    assert all(t["unit"] == "USD" for t in usd) and shaoyang_7["currency"] == "CNY"
    assert [t["award"] for t in shaoyang_7["tiers"]] == [20000, 50000, 150000]


@pytest.mark.parametrize(("on", "expected"), [("2025-06-01", "in_force"), ("2026-06-01", "expired")])
def test_status_follows_the_dates_in_the_text(store: Store, on: str, expected: str) -> None:
    # 衡政发〔2024〕4号: in force from 2024-05-07 for two years, so it expires on 2026-05-06
    hengyang = [m for c in compare(store, "海外仓")["cities"] for m in c["measures"]
                if m["doc_no"] == "衡政发〔2024〕4号"]
    assert hengyang
    for m in hengyang:
        assert status_of(store, m["doc_id"], on)["status"] == expected
    if expected == "in_force":
        assert all(m["status"] == "in_force" for c in compare(store, "海外仓", on=on)["cities"]
                   for m in c["measures"] if m["doc_no"] == "衡政发〔2024〕4号")
    else:
        assert not [m for c in compare(store, "海外仓", on=on)["cities"] for m in c["measures"]
                    if m["doc_no"] == "衡政发〔2024〕4号"]


def test_on_a_date_only_measures_in_force(store: Store) -> None:
    # 衡政发〔2024〕4号 is in force 2024-05-07 … 2026-05-06; 邵市政办发〔2023〕21号 from 2023-12-21
    before = by_city(compare(store, "海外仓", on="2024-03-01"))
    assert before[HENGYANG] == [] and before[SHAOYANG] and before[XIANGXI]  # named, with nothing in force
    during = compare(store, "海外仓", on="2025-06-01")
    assert during["on"] == "2025-06-01" and len(by_city(during)[HENGYANG]) == 2
    assert {m["status"] for c in during["cities"] for m in c["measures"]} == {"in_force"}
    after = by_city(compare(store, "海外仓", on="2026-05-07"))
    assert after[HENGYANG] == [] and after[SHAOYANG]


def test_cities_by_short_name_in_the_order_asked(store: Store) -> None:
    result = compare(store, "海外仓", ["衡阳", "湘西", "丽水市"])
    assert [c["city"] for c in result["cities"]] == [HENGYANG, XIANGXI, LISHUI]
    assert by_city(result)[LISHUI] == []  # asked for, holds nothing on this topic
    assert resolve_place("湘西州") == ("湖南省", XIANGXI) and resolve_place("湖南") == ("湖南省", None)
    with pytest.raises(UnknownPlace):
        compare(store, "海外仓", ["火星"])


def test_topic_by_key_or_typo_and_unknown_topics(store: Store) -> None:
    assert compare(store, "overseas_warehouse")["topic"] == "海外仓"
    assert compare(store, "海外舱")["topic"] == "海外仓"
    with pytest.raises(UnknownTopic):
        compare(store, "no such topic at all")


def test_a_domain_gives_the_measures_of_all_its_topics(store: Store) -> None:
    result = compare(store, "ecommerce")
    measures = [m for c in result["cities"] for m in c["measures"]]
    assert (result["topic"], result["domain"]) == ("电子商务", "ecommerce")
    assert {"海外仓", "物流与口岸"} <= {m["topic"] for m in measures}
    assert {m["domain"] for m in measures} == {"ecommerce"}
    assert len(measures) == sum(len(c["measures"]) for t in ("海外仓", "物流与口岸", "农村电商", "跨境电商业绩奖励",
                                                              "平台与服务商", "示范创建", "品牌与营销", "直播电商",
                                                              "电商企业培育", "进口与体验店")
                                for c in compare(store, t)["cities"])
    assert compare(store, "海外仓")["cities"][0]["measures"][0]["domain"] == "ecommerce"


def test_a_provincial_measure_is_shown_once_under_its_province(stores: StoreMaker) -> None:
    from extractor.models import Clause, Document, Fact, Header, Jurisdiction
    from kb.queries.measures import measures_of

    text = "一、支持海外仓建设。对建设公共海外仓的企业，最高给予一次性奖励50万元。"
    cap_at = text.index("最高")
    typed = Document("province.txt", text, text, list(range(len(text) + 1)),
                     Header(title="省级措施", jurisdiction=Jurisdiction(province="湖南省")),
                     clauses=[Clause("1", "一、", 1, None, "支持海外仓建设", 0, len(text))],
                     facts=[Fact("cap", "cap", Decimal(500000), "CNY", text[cap_at:-1], cap_at, len(text) - 1, "1",
                                 {"currency": "CNY"})])
    doc = typed.to_dict() | {"doc_no": "湘政办发〔2023〕9号", "effective_from": "2023-03-01"}

    store = stores.new()
    store.put_document(doc, source="province.txt", content_hash="x", measures=measures_of(typed))
    (province,) = compare(store, "海外仓")["cities"]
    assert (province["city"], province["province"], province["level"]) == ("湖南省", "湖南省", "province")
    (m,) = province["measures"]
    assert m["max_amount"] == 500000 and m["quote"] == text[text.index("对建设"):]
    assert compare(store, "海外仓", ["湖南省"])["cities"][0]["measures"] == [m]


def test_to_json_number() -> None:
    assert to_json_number("200000") == 200000 and isinstance(to_json_number("200000"), int)
    assert to_json_number(Decimal("0.5")) == 0.5 and to_json_number(None) is None
    assert to_json_number("1E+5") == 100000


def test_cli_compare_json_contract(db: str) -> None:
    result = CliRunner().invoke(cli, ["compare", "--topic", "海外仓", "--cities", "衡阳市,邵阳市,丽水市",
                                      "--on", "2025-06-01", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"topic", "cities"} <= set(data) and data["topic"] == "海外仓"
    assert [c["city"] for c in data["cities"]] == [HENGYANG, SHAOYANG, LISHUI]
    keys = {"doc_no", "clause", "max_amount", "currency", "rate", "thresholds", "quote", "status"}
    for city in data["cities"]:
        for m in city["measures"]:
            assert keys <= set(m) and m["status"] == "in_force"
    assert any(m["rate"] == 0.5 and m["max_amount"] == 200000 for m in data["cities"][0]["measures"])


def test_cli_compare_text_and_errors(db: str) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["compare", "--topic", "overseas_warehouse", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "衡阳市 (湖南省)" in result.output and "max 200,000 CNY; rate 50%" in result.output
    assert "海外托管仓" in result.output and "O2O" not in result.output
    bad = runner.invoke(cli, ["compare", "--topic", "xyz", "--db", str(db)])
    assert bad.exit_code == 1 and "unknown topic 'xyz'" in bad.output and "海外仓 (overseas_warehouse)" in bad.output
    bad_json = runner.invoke(cli, ["compare", "--topic", "xyz", "--json", "--db", str(db)])
    assert bad_json.exit_code == 1 and json.loads(bad_json.output)["error"] == "unknown_topic"
    bad_date = runner.invoke(cli, ["compare", "--topic", "海外仓", "--on", "2025-13-01", "--db", str(db)])
    assert bad_date.exit_code == 1 and "not a date" in bad_date.output


def test_cli_topics_counts_the_measures(db: str, store: Store) -> None:
    result = CliRunner().invoke(cli, ["topics", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = {r["label"]: r for r in json.loads(result.output)}
    assert rows["海外仓"]["key"] == "overseas_warehouse" and rows["海外仓"]["measures"] == len(store.measures("海外仓"))
    assert sum(r["measures"] for r in rows.values()) == store.count("measures")
    text = CliRunner().invoke(cli, ["topics", "--db", str(db)])
    assert text.exit_code == 0 and "海外仓\toverseas_warehouse\t4\t" in text.output


def test_cli_compare_says_a_sum_is_not_stated(db: str) -> None:
    # 邵阳 （五）: 对培训机构给予以适当补贴 — a support with no sum: said so, never a number
    result = CliRunner().invoke(cli, ["compare", "--topic", "人才培训", "--cities", "邵阳市", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    quote = next(i for i, line in enumerate(lines) if "给予以适当补贴" in line)
    head = max(i for i in range(quote) if lines[i].startswith("  ") and not lines[i].startswith("   "))
    block = "\n".join(lines[head:quote])
    assert "sum decided case by case" in block and "max" not in block
