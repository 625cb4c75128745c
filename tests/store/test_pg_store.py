"""The PostgreSQL store on a real server: exact types, migrations, concurrent writers, committed reads, bad
addresses refused, and the same answers as the SQLite store."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from click.testing import CliRunner

from extractor.models import Clause, Document, Fact, Header
from kb.cli import cli
from kb.ingest import find_files
from kb.queries.measures import measures_of
from kb.store import Store, StoreError, open_store, redact
from tests.conftest import CORPUS, ROOT, StoreMaker, dev_files, require_postgres, requires_shared, seed


@pytest.fixture(scope="module")
def pg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    require_postgres()
    maker = StoreMaker("postgres", tmp_path_factory)
    yield maker
    maker.close()


def column_types(url: str, table: str) -> dict[str, str]:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT column_name, data_type FROM information_schema.columns "
                            "WHERE table_name = %s AND table_schema = current_schema()", (table,)).fetchall()
    return dict(rows)


def test_exact_types_in_the_server(pg: StoreMaker, tmp_path: Path) -> None:
    address = pg.address("types")
    store = pg.open(address)
    assert column_types(address, "measures")["max_amount"] == "numeric"
    assert column_types(address, "measures")["rate"] == "numeric"
    documents = column_types(address, "documents")
    assert (documents["issue_date"], documents["expires_on"], documents["issuers"], documents["text"]) == (
        "date", "date", "jsonb", "bytea")
    big = Decimal("123456789012345678.123456789")
    text = "一、支持海外仓建设。对建设公共海外仓的企业，最高给予一次性奖励123456789012345678.123456789美元。"
    cap_at = text.index("最高")
    typed = Document("x", text, text, list(range(len(text) + 1)),
                     Header(title="t", issue_date="2024-02-29", issuers=["某局"]),
                     clauses=[Clause("1", "一、", 1, None, "支持海外仓建设", 0, len(text))],
                     facts=[Fact("cap", "cap", big, "USD", text[cap_at:-1], cap_at, len(text) - 1, "1",
                                 {"currency": "USD"})])
    doc_id = store.put_document(typed.to_dict(), source="x", content_hash="h", measures=measures_of(typed))
    (measure,) = store.measures(doc_id=doc_id)
    assert (measure["max_amount"], measure["currency"]) == (str(big), "USD")
    assert measure["measure"].upper_bound.value == big and measure["measure"].currency == "USD"
    with Store.open(tmp_path / "kb.sqlite") as sqlite:
        sqlite.put_document(typed.to_dict(), source="x", content_hash="h", measures=measures_of(typed))
        (in_sqlite,) = sqlite.measures()
    assert measure["measure"] == in_sqlite["measure"]
    assert {k: v for k, v in measure.items() if k != "record"} == {k: v for k, v in in_sqlite.items() if k != "record"}
    assert json.loads(measure["record"]) == json.loads(in_sqlite["record"])
    row = store.document(doc_id)
    assert (row["issue_date"], row["issuers"], row["text"]) == ("2024-02-29", ["某局"], text)
    assert [d["id"] for d in store.documents(issuer="某局")] == [doc_id] and store.documents(issuer="某") == []


def test_migrations_recorded_once_and_newer_refused(pg: StoreMaker) -> None:
    import psycopg

    from kb.store.postgres import MIGRATIONS

    address = pg.address("migrate")
    first = pg.open(address)
    assert first.schema_version == len(MIGRATIONS) >= 2
    pg.open(address)  # a second opener applies nothing
    with psycopg.connect(address, autocommit=True) as conn:
        assert conn.execute("SELECT count(*), max(version) FROM schema_version").fetchone() == (1, len(MIGRATIONS))
        conn.execute("UPDATE schema_version SET version = 999")
    with pytest.raises(StoreError, match="newer than this policykb knows"):
        open_store(address)


def test_two_ingests_at_once_neither_duplicate_nor_lose(pg: StoreMaker) -> None:
    reference = pg.open(pg.with_seeds("reference"))
    address = pg.address("concurrent")
    pg.open(address)  # the schema exists before both start
    command = [sys.executable, "-m", "kb", "ingest", str(CORPUS), "--db", address, "--workers", "1", "--json"]
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert json.loads(out)["failed"] == []
    store = pg.open(address)
    for table in ("documents", "clauses", "facts", "relations", "measures", "jurisdictions"):
        assert store.count(table) == reference.count(table), table
    assert sorted(store.sources()) == sorted(reference.sources())


def test_readers_see_only_committed_documents_and_at_once(pg: StoreMaker) -> None:
    address = pg.address("readers")
    writer, reader = pg.open(address), pg.open(address)  # two app nodes on one server
    doc = {"text": "某文件", "title": "某文件", "extractor_version": "t"}
    inside = threading.Event()
    release = threading.Event()
    seen_during: list[int] = []

    def write_slowly() -> None:
        with writer.transaction() as conn:
            conn.execute("INSERT INTO documents (source, content_hash, extractor_version, text, extraction) "
                         "VALUES (%s, %s, %s, %s, %s)", ("slow", "h", "t", b"x", b"{}"))
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=write_slowly)
    thread.start()
    assert inside.wait(10)
    seen_during.append(reader.count())
    release.set()
    thread.join()
    assert seen_during == [0] and reader.count() == 1
    writer.put_document(doc, source="a.txt", content_hash="h2")
    assert "a.txt" in reader.sources()


def with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{parts.username}:{password}@{parts.hostname}:{parts.port}"))


@pytest.mark.parametrize(("make_address", "what"), [
    (lambda: "mysql://kb:s3cret@127.0.0.1/kb", "unknown store address scheme 'mysql'"),
    (lambda: "postgresql://kb:s3cret@127.0.0.1:1/kb", "the server does not answer"),
    (lambda: with_password(require_postgres(), "s3cret"), "wrong user name or password"),
    (lambda: require_postgres().rsplit("/", 1)[0] + "/no_such_db", "no such database"),
], ids=["scheme", "no_server", "credentials", "database"])
@pytest.mark.parametrize("command", [["docs"], ["ingest", str(seed("000"))]], ids=["read", "ingest"])
def test_bad_addresses_refused(make_address: Any, what: str, command: list[str], tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    url = make_address()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*command, "--db", url])
    assert result.exit_code == 1, result.output
    (line,) = result.output.strip().splitlines()
    password = urlsplit(url).password
    assert what in line and redact(url) in line and password and password not in line
    assert list(tmp_path.iterdir()) == []  # nothing created (no ./postgresql:/ folder, no SQLite file)


def test_redact_hides_passwords_only() -> None:
    assert redact("postgresql://kb:pw@h:5432/kb?options=-cx") == "postgresql://kb:***@h:5432/kb?options=-cx"
    assert redact("postgresql://h/kb?user=kb&password=pw") == "postgresql://h/kb?user=kb&password=***"
    assert redact("data/kb.sqlite") == "data/kb.sqlite"


def test_an_empty_database_is_not_a_store_to_read(pg: StoreMaker) -> None:
    address = pg.address("empty")
    result = CliRunner().invoke(cli, ["docs", "--db", address])
    assert result.exit_code == 1 and "no policykb store in" in result.output
    assert column_types(address, "documents") == {}  # nothing created


def without_ids(value: Any) -> Any:
    """An answer with the store's row ids left out (they differ between stores)."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k not in {"id", "doc_id", "from_doc", "to_doc_id"}}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def stored_twice(files: list[Path], *stores: Any) -> None:
    """Each file extracted once and written to every store in the same order, then linked (as ingest does)."""
    from kb.ingest import content_hash, extract_payload

    for path in files:
        payload = extract_payload(str(path.resolve()))
        assert "error" not in payload, payload
        for store in stores:
            store.put_document(payload["doc"], source=str(path.resolve()), content_hash=content_hash(path),
                               offsets=payload["offsets"], facts=payload["facts"], measures=payload["measures"])
    for store in stores:
        store.link()


@pytest.fixture(scope="module")
def both(pg: StoreMaker, tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, Any]:
    """The seeds and the dev corpus written alike to a SQLite store and a PostgreSQL store."""
    if not dev_files():
        pytest.skip("../shared/corpus/dev not found (CI always has it)")
    lite, server = Store.open(tmp_path_factory.mktemp("both") / "kb.sqlite"), pg.new("agree")
    files, _ = find_files([CORPUS, *dev_files()])
    stored_twice(files, lite, server)
    assert server.count() == lite.count() == len(files) > 20
    return lite, server


@requires_shared
def test_both_stores_give_the_same_answers(both: tuple[Store, Any]) -> None:
    from kb.queries.compare import compare
    from kb.queries.match import match
    from kb.queries.match.profile import load_profile
    from kb.queries.taxonomy import load_taxonomy
    from kb.queries.validity import expiring, status

    lite, server = both
    refs = [d["doc_no"] or d["title"] for d in lite.documents()]
    for on in ("2019-01-01", "2024-06-01", "2026-11-22"):
        assert [without_ids(status(server, r, on)) for r in refs] == [without_ids(status(lite, r, on)) for r in refs]
        assert without_ids(expiring(server, 365, on)) == without_ids(expiring(lite, 365, on))
    for topic in load_taxonomy():
        for on in (None, "2025-06-01"):
            assert without_ids(compare(server, topic.label, on=on)) == without_ids(compare(lite, topic.label, on=on))
    for path in sorted((ROOT / "examples" / "profiles").iterdir()):
        profile = load_profile(path)
        assert without_ids(match(server, profile, "2025-06-01")) == without_ids(match(lite, profile, "2025-06-01"))


SEARCH_QUERIES = ["海外仓", "补贴", "保费", '"跨境电商 海外仓"', "跨境电商 海外仓", "电商", "奖励", "人才", "企业 奖励",
                  "消费券", "进出口"]


def hit_key(hit: Any) -> tuple[Any, ...]:
    return (hit.doc_no, hit.title, hit.clause, hit.kind)


@requires_shared
def test_both_stores_find_the_same_hits(both: tuple[Store, Any]) -> None:
    from kb.search import rebuild_index, search

    lite, server = both
    assert rebuild_index(lite, "tantivy") == rebuild_index(server) > lite.count()
    for query in SEARCH_QUERIES:
        on_lite = search(lite, query, limit=1000, engine="tantivy")
        on_server = search(server, query, limit=1000)
        assert on_lite, query
        assert Counter(map(hit_key, on_server)) == Counter(map(hit_key, on_lite)), query
        # the snippets are cut from the same stored text around the same words
        assert {hit_key(h): h.snippet for h in on_server} == {hit_key(h): h.snippet for h in on_lite}, query


def test_store_copy_there_and_back(pg: StoreMaker, tmp_path: Path) -> None:
    from kb.ingest import ingest
    from kb.queries.validity import status

    lite_path = tmp_path / "kb.sqlite"
    assert ingest([CORPUS], Store.open(lite_path), workers=1).ok
    server, back = pg.address("copy"), str(tmp_path / "back.sqlite")
    for source, target in ((str(lite_path), server), (server, back)):
        result = CliRunner().invoke(cli, ["store", "copy", source, target])
        assert result.exit_code == 0, result.output
        rows = [line.split() for line in result.output.splitlines()[1:7]]
        assert [r[0] for r in rows] == ["documents", "clauses", "facts", "relations", "measures", "jurisdictions"]
        assert all(r[1] == r[2] and int(r[1]) > 0 for r in rows), result.output
    original, copied = Store.open(lite_path), Store.open(back)
    for doc in original.documents():
        twin = next(d for d in copied.documents() if d["source"] == doc["source"])
        assert copied.extraction(twin["id"]) == original.extraction(doc["id"])
        assert copied.raw_offsets(twin["id"]) == original.raw_offsets(doc["id"])
        assert without_ids(copied.facts(twin["id"])) == without_ids(original.facts(doc["id"]))
        assert without_ids(copied.measures(doc_id=twin["id"])) == without_ids(original.measures(doc_id=doc["id"]))
        ref = doc["doc_no"] or doc["title"]
        assert without_ids(status(copied, ref, "2025-06-01")) == without_ids(status(original, ref, "2025-06-01"))
    refused = CliRunner().invoke(cli, ["store", "copy", str(lite_path), server])
    assert refused.exit_code == 1 and "must be empty" in refused.output
