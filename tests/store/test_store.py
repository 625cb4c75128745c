"""The store, on both backends: round-trips whatever the extractor gives, keeps values exact, migrates, serves
threads."""

from __future__ import annotations

import sqlite3
import threading
from decimal import Decimal

import pytest

from extractor import Interval, extract_file
from extractor.docno import doc_no_key
from extractor.measures import Condition, Measure, Money
from kb.config import default_db_path, default_index_dir
from kb.store import MIGRATIONS, Store, decode_offsets, encode_offsets, title_key
from tests.conftest import SEEDS, StoreMaker, seed


@pytest.fixture(scope="module")
def seeds_db(stores: StoreMaker) -> str:
    return stores.with_seeds("store")


@pytest.fixture(scope="module")
def seeds_store(stores: StoreMaker, seeds_db: str) -> Store:
    return stores.open(seeds_db)


def write_errors(backend: str) -> tuple[type[Exception], ...]:
    """What the backend's driver raises for a value it cannot write."""
    if backend == "sqlite":
        return (sqlite3.Error,)
    import psycopg

    return (psycopg.Error,)


def test_config_paths(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("POLICYKB_DB", raising=False)
    assert str(default_db_path()) == "data/policykb.sqlite"
    monkeypatch.setenv("POLICYKB_DB", str(tmp_path / "x.sqlite"))
    assert default_db_path() == tmp_path / "x.sqlite"
    assert default_index_dir(tmp_path / "x.sqlite") == tmp_path / "x.index"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_store_round_trips_the_extraction(seeds_store: Store, path) -> None:
    doc = extract_file(path.resolve())
    expected = doc.to_dict()
    doc_id = seeds_store.sources()[str(path.resolve())]
    assert seeds_store.extraction(doc_id) == expected
    row = seeds_store.document(doc_id)
    for key in ("doc_no", "title", "doc_type", "issue_date", "effective_from", "expires_on", "term", "version_date"):
        assert row[key] == expected[key], key
    assert row["issuers"] == expected["issuers"]
    assert row["term_stated"] == expected.get("term_stated")
    assert row["city"] == expected["jurisdiction"]["city"]
    assert [c["id"] for c in seeds_store.clauses(doc_id)] == [c["id"] for c in expected["clauses"]]
    facts = seeds_store.facts(doc_id)
    assert len(facts) == len(expected["facts"])
    for fact in facts:  # provenance: every quote is the text at its span
        if fact["start"] is not None and fact["quote"]:
            assert row["text"][fact["start"]:fact["end"]] == fact["quote"]
    assert seeds_store.raw_offsets(doc_id) == doc.offsets
    relations = seeds_store.relations(doc_id)
    assert len(relations) == sum(len(expected.get(k) or []) for k in ("repeals", "cites", "amends"))


def test_seed_headers_as_stored(seeds_store: Store) -> None:
    by_no = {d["doc_no"]: d for d in seeds_store.documents()}
    assert set(by_no) == {"邵市政办发〔2024〕4号", "州政办发〔2018〕25号", "邵市政办发〔2023〕21号", "衡政发〔2024〕4号",
                          "丽政办发〔2024〕64号"}
    assert by_no["衡政发〔2024〕4号"]["city"] == "衡阳市"
    assert [d["doc_no"] for d in seeds_store.documents(city="邵阳市")] == ["邵市政办发〔2024〕4号", "邵市政办发〔2023〕21号"]
    assert [d["doc_no"] for d in seeds_store.documents(province="浙江省")] == ["丽政办发〔2024〕64号"]
    assert [d["doc_no"] for d in seeds_store.documents(issuer="衡阳市人民政府")] == ["衡政发〔2024〕4号"]
    row = seeds_store.document(by_no["邵市政办发〔2023〕21号"]["id"])
    assert (row["doc_no_agency"], row["doc_no_year"], row["doc_no_number"]) == ("邵市政办发", 2023, "21")
    assert "extraction" not in by_no["衡政发〔2024〕4号"] and "text" not in by_no["衡政发〔2024〕4号"]


def test_jurisdictions_nest(seeds_store: Store) -> None:
    rows = {(j["level"], j["name"]): j for j in seeds_store.jurisdictions()}
    hunan = rows[("province", "湖南省")]
    for city in ("邵阳市", "衡阳市", "湘西土家族苗族自治州"):
        assert rows[("city", city)]["parent_id"] == hunan["id"]
    assert rows[("city", "丽水市")]["parent_id"] == rows[("province", "浙江省")]["id"]
    assert len(rows) == len(seeds_store.jurisdictions())  # one row each, however many documents


def test_repeal_targets_keep_the_quote(seeds_store: Store) -> None:
    lishui = seeds_store.sources()[str(seed("004").resolve())]
    repeals = seeds_store.relations(lishui, kind="repeals")
    assert "丽政办发〔2021〕67号" in {r["to_doc_no"] for r in repeals}
    for r in repeals:
        assert r["to_doc_id"] is None and r["to_in_corpus"] is False
        assert seeds_store.document(lishui)["text"][r["start"]:r["end"]] == r["quote"]


def test_no_sqlite_rows_leak(seeds_store: Store) -> None:
    doc_id = seeds_store.documents()[0]["id"]
    for value in (seeds_store.documents(), seeds_store.clauses(doc_id), seeds_store.facts(doc_id),
                  seeds_store.relations(), seeds_store.measures(), seeds_store.jurisdictions()):
        assert all(type(row) is dict for row in value)
    assert type(seeds_store.document(doc_id)) is dict
    assert seeds_store.document(10_000) is None


def test_exact_values_as_text(stores: StoreMaker) -> None:
    store = stores.new()
    doc = {"text": "奖励10.50万元，比例0.10。", "title": "测试", "extractor_version": "t", "clauses": [],
           "facts": [{"kind": "money", "role": "max", "value": 10.5, "unit": "万元", "quote": "10.50万元",
                      "span": [2, 9], "clause": None, "currency": "CNY"}]}
    exact = [{**doc["facts"][0], "value": Decimal("10.50")}]
    threshold = Condition("threshold", "measure", "比例", "比例", Interval(Decimal("5"), True), None, None, (),
                          "10.50万元", 2, 9)
    typed = Measure(clause=None, clause_label=None, start=2, end=9, quote="10.50万元", summary="t",
                    certain_amount=Money(Decimal("105000.00"), "CNY"), tier_max=None, caps=(),
                    upper_bound=Money(Decimal("105000.00"), "CNY"), amount_basis="stated", rate=Decimal("0.10"),
                    rates=(), per_unit=(), thresholds=(threshold,), tiers=(), conditions=(threshold,),
                    conditions_all=True, beneficiary=None, non_cumulation=(), application=None, period=None,
                    topic="t", confidence=0.75)
    doc_id = store.put_document(doc, source="x.txt", content_hash="h", facts=exact, measures=[typed])
    (fact,) = store.facts(doc_id)
    assert fact["value"] == "10.50" and fact["currency"] == "CNY"
    (measure,) = store.measures()
    assert (measure["max_amount"], measure["rate"], measure["certain_amount"]) == ("105000.00", "0.10", "105000.00")
    assert measure["thresholds"][0]["interval"]["low"] == "5"
    assert (measure["start"], measure["end"]) == (2, 9)
    assert measure["measure"] == typed  # read back exactly, 105000.00 and 0.10 as written


def test_put_again_keeps_the_id_and_replaces_children(stores: StoreMaker) -> None:
    store = stores.new()
    doc = extract_file(seed("003")).to_dict()
    first = store.put_document(doc, source="a", content_hash="1")
    counts = {t: store.count(t) for t in ("documents", "clauses", "facts", "relations")}
    assert store.put_document(doc, source="a", content_hash="2") == first
    assert {t: store.count(t) for t in counts} == counts


def test_failed_write_leaves_the_store_as_it_was(stores: StoreMaker) -> None:
    store = stores.new()
    good = extract_file(seed("000")).to_dict()
    store.put_document(good, source="a", content_hash="1")
    before = {t: store.count(t) for t in ("documents", "clauses", "facts", "relations")}
    bad_facts = [{"kind": "money", "span": [object(), 3]}]  # fails after the document row is written
    with pytest.raises(write_errors(stores.backend)):
        store.put_document(extract_file(seed("003")).to_dict(), source="b", content_hash="2", facts=bad_facts)
    assert {t: store.count(t) for t in before} == before


def test_sqlite_schema_migrations_and_values_as_text(tmp_path) -> None:
    path = tmp_path / "kb.sqlite"
    store = Store.open(path)
    store.put_document({"text": "10.50万元", "extractor_version": "t", "facts": [{"kind": "money", "value": "10.50"}]},
                       source="x.txt", content_hash="h")
    assert store.conn.execute("SELECT typeof(value) AS t FROM facts").fetchone()["t"] == "text"
    assert store.schema_version == len(MIGRATIONS)
    store.close()
    again = Store.open(path)  # nothing re-applied
    assert again.schema_version == len(MIGRATIONS)
    assert again.conn.execute("PRAGMA journal_mode").fetchone()["journal_mode"] == "wal"


def test_store_shared_with_threads(stores: StoreMaker, seeds_db: str) -> None:
    store = stores.open(seeds_db)
    seen: list[int] = []
    thread = threading.Thread(target=lambda: seen.append(len(store.documents())))
    thread.start()
    thread.join()
    assert seen == [5]


def test_offsets_and_keys() -> None:
    offsets = [0, 1, 2, 5, 6, 9, 9, 10]
    assert decode_offsets(encode_offsets(offsets)) == offsets
    assert encode_offsets([0, 1, 2, 5, 6]) == [[0, 0, 3], [3, 5, 2]]
    assert doc_no_key("衡政发 [2024] 4 号") == doc_no_key("衡政发（2024）4号") == doc_no_key("衡政发【2024】4号") \
        == "衡政发〔2024〕4号"
    assert title_key("《丽水市 若干意见》") == "丽水市若干意见"


def test_both_stores_implement_the_whole_protocol() -> None:
    """Every method of the store protocol (reads and writes) is on both classes, with the protocol's parameters."""
    import inspect

    pytest.importorskip("psycopg")
    from kb.store.postgres import PostgresStore
    from kb.store.protocol import FullStore

    methods = [name for name, value in inspect.getmembers(FullStore, inspect.isfunction) if not name.startswith("_")]
    assert {"documents", "measures", "put_document", "delete_document", "index_pending", "conflicts"} <= set(methods)
    for cls in (Store, PostgresStore):
        assert cls.dialect in {"sqlite", "postgres"}
        for name in methods:
            wanted = list(inspect.signature(getattr(FullStore, name)).parameters)
            assert list(inspect.signature(getattr(cls, name)).parameters) == wanted, (cls.__name__, name)
