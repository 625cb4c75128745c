"""Search on the seeds: jieba analysis, phrases, synonyms, filters, 文号 lookup, incremental refresh and rebuild,
on both stores: a SQLite store with both of its engines (whoosh, tantivy), a PostgreSQL store in its server."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import kb.search.analysis
import kb.search.service as service
from kb.cli import cli
from kb.search import Filters, SearchIndex, lookup_doc_no, parse_query, refresh_index, search
from kb.search.whoosh_engine import JiebaTokenizer
from kb.store import Store
from tests.conftest import BACKENDS, SEEDS, StoreMaker, seed

ENGINES_OF = {"sqlite": ("whoosh", "tantivy"), "postgres": ("postgres",)}
SERVER_ONLY = {"test_server_index_rebuilds_when_the_dictionary_changes", "test_a_sqlite_engine_is_refused_on_a_server_store"}

HENGYANG, SHAOYANG_2023 = "衡政发〔2024〕4号", "邵市政办发〔2023〕21号"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test taking ``engine`` runs on every engine of each store; one taking only ``store`` on each store."""
    if "engine" in metafunc.fixturenames:
        pairs = [(b, e) for b in BACKENDS for e in ENGINES_OF[b]]
        metafunc.parametrize(("backend", "engine"), pairs, indirect=["backend"], scope="module",
                             ids=[f"{b}-{e}" for b, e in pairs])
    elif {"store", "address", "backend"} & set(metafunc.fixturenames):
        backends = ("postgres",) if metafunc.function.__name__ in SERVER_ONLY else BACKENDS
        metafunc.parametrize("backend", backends, indirect=True, scope="module")


@pytest.fixture(scope="module")
def address(stores: StoreMaker) -> str:
    """The seeds' store (its file, or its URL with the password, for the CLI)."""
    return stores.with_seeds("search")


@pytest.fixture(scope="module")
def store(stores: StoreMaker, address: str) -> Store:
    st = stores.opened[-1]
    assert st.count() == len(SEEDS)
    return st


def doc_nos(hits) -> list[str]:
    return [h.doc_no for h in hits]


def own_text(store: Store, hit) -> str:
    return store.document(hit.doc_id)["text"][hit.start:hit.end]


def test_overseas_warehouse_finds_hengyang_and_shaoyang_measures(store: Store, engine: str) -> None:
    hits = search(store, "海外仓", limit=10, engine=engine)
    assert {HENGYANG, SHAOYANG_2023, "州政办发〔2018〕25号"} <= set(doc_nos(hits))  # 湘西 via 海外托管仓
    words = {"海外仓", *kb.search.analysis.synonyms("海外仓")}
    assert all(any(w in own_text(store, h) for w in words) for h in hits)
    assert all(any(f"【{w}】" in h.snippet for w in words) for h in hits)
    shaoyang = next(h for h in hits if h.doc_no == SHAOYANG_2023)
    assert shaoyang.label == "五、" and shaoyang.heading == "支持企业建设和使用公共海外仓"


@pytest.mark.parametrize("word", ["补贴", "保费"])
def test_two_character_words_inside_longer_words_are_found(store: Store, engine: str, word: str) -> None:
    hits = search(store, word, limit=50, engine=engine)
    assert hits
    assert all(word in own_text(store, h) or any(s in own_text(store, h) for s in kb.search.analysis.synonyms(word))
               for h in hits)
    if word == "保费":
        assert doc_nos(hits) == [HENGYANG] and hits[0].label == "12."


def test_phrase_matches_adjacent_words_only(store: Store, engine: str) -> None:
    hits = search(store, '"跨境电商 海外仓"', limit=10, engine=engine)
    assert [(h.doc_no, h.label) for h in hits] == [(HENGYANG, "（五）")]  # 支持跨境电子商务海外仓建设 (synonym)
    # both words stand in 邵阳's clause 五 but apart: together they match, as a phrase not
    apart = search(store, "海外仓 奖励", limit=10, engine=engine)
    assert (SHAOYANG_2023, "五、") in [(h.doc_no, h.label) for h in apart]
    assert search(store, '"海外仓 奖励"', limit=10, engine=engine) == []


def test_synonyms_expand_at_query_time(store: Store, engine: str) -> None:
    assert parse_query("电商").clauses[0].alternatives == ("电商", "电子商务")
    hits = search(store, "电商", limit=200, engine=engine)
    only_long = [h for h in hits if "电子商务" in own_text(store, h) and "电商" not in own_text(store, h)]
    assert only_long, "a clause saying only 电子商务 is found by 电商"


def test_city_filter(store: Store, engine: str) -> None:
    for city in ("邵阳", "邵阳市"):
        hits = search(store, "海外仓", Filters(city=city), limit=10, engine=engine)
        assert hits and {h.city for h in hits} == {"邵阳市"} and SHAOYANG_2023 in doc_nos(hits)
    assert search(store, "海外仓", Filters(city="丽水"), limit=10, engine=engine) == []


def test_money_and_date_filters(store: Store, engine: str) -> None:
    hits = search(store, "奖励", Filters(min_amount=500_000), limit=50, engine=engine)
    assert hits and all(h.max_amount >= 500_000 for h in hits)
    # 衡政发〔2024〕4号: in force 2024-05-07 … 2026-05-06
    assert HENGYANG in doc_nos(search(store, "海外仓", Filters(on="2025-06-01"), limit=10, engine=engine))
    later = search(store, "海外仓", Filters(on="2026-06-01"), limit=10, engine=engine)
    assert HENGYANG not in doc_nos(later) and SHAOYANG_2023 in doc_nos(later)


PAGING_CASES = [
    ("海外仓", Filters(), False),
    ("补贴", Filters(), False),
    ("补贴", Filters(city="邵阳"), False),
    ("奖励", Filters(min_amount=100_000), False),
    ("电商", Filters(on="2025-06-01"), False),  # a legal status judged outside the engine
    ("电商", Filters(issuer="人民政府办公室"), False),  # an issuer substring
    ("补贴", Filters(), True),  # one hit per document
    ("电商 补贴", Filters(on="2026-06-01", issuer="邵阳"), True),
    ("邵市政办发〔2023〕21号", Filters(), False),  # a 文号: the document bearing it first, then the words
]


@pytest.mark.parametrize(("query", "filters", "per_doc"), PAGING_CASES,
                         ids=[f"{q}-{i}" for i, (q, _, _) in enumerate(PAGING_CASES)])
def test_the_total_is_the_number_of_hits_paging_finds(store: Store, engine: str, query: str, filters: Filters,
                                                      per_doc: bool) -> None:
    """The engine counts; the total of every page is the number of hits got by paging through all of them, in
    the order of one long page, none twice."""
    def page(offset: int, limit: int = 3):
        return search(store, query, filters, limit=limit, engine=engine, per_doc=per_doc, offset=offset)

    first = page(0)
    paged, offset = list(first), 3
    while True:
        more = page(offset)
        assert more.total == first.total and more.offset == offset
        if not more:
            break
        paged += more
        offset += 3
    keys = [(h.kind, h.doc_id, h.clause) for h in paged]
    assert first.total == len(keys) == len(set(keys)) > 0
    assert keys == [(h.kind, h.doc_id, h.clause) for h in page(0, limit=first.total + 5)]
    if per_doc:
        assert len({h.doc_id for h in paged}) == len(paged)
    if filters.issuer:
        assert all(any(filters.issuer in i for i in h.issuers) for h in paged)
    if filters.on:
        assert all(h.status not in {"expired", "repealed", "superseded", "not_yet_effective"} for h in paged)
    if query == SHAOYANG_2023:
        assert paged[0].kind == "doc_no" and paged[0].doc_no == SHAOYANG_2023
        assert [h.doc_id for h in paged].count(paged[0].doc_id) == 1  # its clauses are not counted twice


@pytest.mark.parametrize("query", ["邵市政办发[2023]21号", "邵市政办发(2023)21号", "邵市政办发（2023）21号",
                                   "邵市政办法〔2023〕21号", "邵市政办发[2023]2l号".replace("l", "1")])
def test_doc_no_lookup_tolerates_brackets_and_typos(store: Store, query: str) -> None:
    candidates = [d["doc_no"] for d in store.documents()]
    assert lookup_doc_no(query, candidates)[0][0] == SHAOYANG_2023
    assert search(store, query, limit=3)[0].doc_no == SHAOYANG_2023


def test_doc_no_lookup_follows_the_store_between_searches(stores: StoreMaker) -> None:
    """The documents by 文号 are kept across searches while the store does not change: a document removed is no
    longer found by its 文号, and found again once ingested again, through the same store object."""
    from kb.ingest import ingest

    st = stores.new("docno_cache")
    assert ingest([seed("002")], st, workers=1).ok
    assert search(st, SHAOYANG_2023, limit=3)[0].kind == "doc_no"
    st.delete_document(next(d["id"] for d in st.documents() if d["doc_no"] == SHAOYANG_2023))
    assert not [h for h in search(st, SHAOYANG_2023, limit=3) if h.kind == "doc_no"]
    assert ingest([seed("002")], st, workers=1).ok
    assert search(st, SHAOYANG_2023, limit=3)[0].doc_no == SHAOYANG_2023


def test_doc_no_parts_rank_above_raw_similarity() -> None:
    ranked = lookup_doc_no("衡政发[2024]4号", ["衡政发〔2024〕14号", "衡政发〔2024〕4号", "衡政发〔2023〕4号"])
    assert [d for d, _ in ranked][:1] == ["衡政发〔2024〕4号"] and ranked[0][1] == 100.0


def test_tokenizer_positions_are_token_indices_and_chars_are_offsets() -> None:
    text = "对跨境电子商务企业给予保费补贴"
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in JiebaTokenizer()(text, positions=True, chars=True)]
    main_positions = sorted({p for _, p, _, _ in tokens})
    assert main_positions == list(range(len(main_positions)))
    assert all(text[s:e] == w for w, _, s, e in tokens)
    # inner words at their word's position: 跨境电子商务 holds 跨境, 电子商务, 商务 …
    assert {("跨境电子商务", 1, 1, 7), ("跨境", 1, 1, 3), ("电子商务", 1, 3, 7), ("商务", 1, 5, 7)} <= set(tokens)
    assert {("保费补贴", 4, 11, 15), ("保费", 4, 11, 13), ("补贴", 4, 13, 15)} <= set(tokens)
    query_tokens = [t.text for t in JiebaTokenizer()(text, mode="query")]
    assert query_tokens == ["对", "跨境电子商务", "企业", "给予", "保费补贴"]


def test_phrase_across_a_dictionary_word() -> None:
    # "保费 补贴" as a phrase is read like 保费补贴 (one dictionary word) as well as two words in a row
    (clause,) = parse_query('"保费 补贴"').clauses
    assert ("保费补贴",) in clause.alternatives and ("保费", "补贴") in clause.alternatives


def test_refresh_removes_and_restores_a_document(store: Store) -> None:
    doc_id = next(d["id"] for d in store.documents() if d["doc_no"] == SHAOYANG_2023)
    refresh_index(store, [], [doc_id])
    assert SHAOYANG_2023 not in doc_nos(search(store, "海外仓", limit=10))
    refresh_index(store, [doc_id], [])
    assert SHAOYANG_2023 in doc_nos(search(store, "海外仓", limit=10))


def test_index_rebuilds_when_the_dictionary_changes(store: Store, tmp_path, monkeypatch) -> None:
    root = tmp_path / "index"
    ix = SearchIndex.open(root, "whoosh", store=store)
    built = ix.count()
    assert built > len(SEEDS) and not ix.stale
    ix.close()
    # a changed dictionary file changes the fingerprint
    changed = tmp_path / "userdict.txt"
    changed.write_text(kb.search.analysis.USERDICT.read_text(encoding="utf-8") + "口岸平台\n", encoding="utf-8")
    before = kb.search.analysis.dictionary_hash()
    monkeypatch.setattr(kb.search.analysis, "USERDICT", changed)
    kb.search.analysis.dictionary_hash.cache_clear()
    try:
        after = kb.search.analysis.dictionary_hash()
        assert after != before
        monkeypatch.setattr(service, "dictionary_hash", lambda: after)
        reopened = SearchIndex(root, "whoosh")
        assert reopened.stale and reopened.count() == 0  # the old index is dropped …
        reopened.close()
        rebuilt = SearchIndex.open(root, "whoosh", store=store)
        assert not rebuilt.stale and rebuilt.count() == built  # … and rebuilt from the store
        meta = json.loads((root / "whoosh" / service.META).read_text(encoding="utf-8"))
        assert meta["dictionary_hash"] == after
        assert HENGYANG in doc_nos(rebuilt.search("海外仓", limit=10))
        rebuilt.close()
    finally:
        kb.search.analysis.dictionary_hash.cache_clear()


def test_cli_search_json_contract(address: str) -> None:
    result = CliRunner().invoke(cli, ["search", "海外仓", "--city", "衡阳", "--limit", "3", "--json",
                                      "--db", address])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    hits = answer["hits"]
    assert len(hits) >= 2 and all(h["doc_no"] == HENGYANG and h["city"] == "衡阳市" for h in hits)
    assert {"doc_no", "clause", "score", "snippet", "doc_id", "title", "city", "heading", "label"} <= set(hits[0])
    assert answer["total"] == len(hits) and answer["offset"] == 0  # 衡阳 holds fewer than the page of 3


def test_cli_search_pages_with_offset(address: str) -> None:
    """The second page starts where the first ends, and both report the same total."""
    def page(offset: int) -> dict:
        result = CliRunner().invoke(cli, ["search", "海外仓", "--limit", "2", "--offset", str(offset), "--json",
                                          "--db", address])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    first, second = page(0), page(2)
    assert first["total"] == second["total"] >= 3
    both = [(h["doc_id"], h["clause"]) for h in first["hits"] + second["hits"]]
    assert len(set(both)) == len(both) == min(4, first["total"])


def test_cli_index_rebuild(address: str, backend: str) -> None:
    engine = ["--engine", "tantivy"] if backend == "sqlite" else []
    result = CliRunner().invoke(cli, ["index", "rebuild", *engine, "--db", address])
    assert result.exit_code == 0, result.output
    assert f"records indexed with {'tantivy' if engine else 'postgres'}" in result.output


def test_server_index_rebuilds_when_the_dictionary_changes(store: Store) -> None:
    from kb.search.postgres_engine import ServerIndex

    ix = ServerIndex(store)
    if ix.stale:
        ix.rebuild(store)
    built = ix.count()
    assert built > len(SEEDS) and not ServerIndex(store).stale
    ix.engine.write_meta({"dictionary_hash": "built under another dictionary"})
    reopened = ServerIndex(store)
    assert reopened.stale
    assert reopened.rebuild(store) == built and not ServerIndex(store).stale
    assert HENGYANG in doc_nos(reopened.search("海外仓", limit=10))


def test_a_sqlite_engine_is_refused_on_a_server_store(store: Store) -> None:
    with pytest.raises(ValueError, match="searches in the server"):
        search(store, "海外仓", engine="tantivy")


def test_seed_paths() -> None:
    assert seed("003").name.startswith("003") and seed("002").name.startswith("002")


def test_a_second_writer_waits_for_the_lock_instead_of_failing(tmp_path) -> None:
    """Two engines on one index directory (as two processes: each opens its own lock file): the second writes once
    the first has committed, where whoosh's default (no wait) raised LockError."""
    import threading

    from kb.search.engine import Record
    from kb.search.whoosh_engine import WhooshEngine

    def record(doc_id: int, words: str) -> Record:
        return Record(doc_id, "clause", "1", "一、", None, words, f"文件{doc_id}", None)

    first, second = WhooshEngine(tmp_path), WhooshEngine(tmp_path)
    holding = first._writer()
    errors: list[BaseException] = []

    entered = threading.Event()  # set once the second writer has asked for the held lock
    asking = second._writer

    def ask(**options: object) -> object:
        entered.set()
        return asking(**options)

    second._writer = ask  # type: ignore[method-assign]

    def write_second() -> None:
        try:
            second.index([record(2, "海外仓建设补贴")])
        except BaseException as exc:  # noqa: BLE001 - the failure is the assertion below
            errors.append(exc)

    waiting = threading.Thread(target=write_second)
    waiting.start()
    assert entered.wait(60)
    assert waiting.is_alive()  # it waits on the lock rather than failing
    holding.add_document(**first._fields(record(1, "跨境电商直播基地")))
    holding.commit()
    waiting.join()
    assert errors == []
    assert WhooshEngine(tmp_path).count() == 2
