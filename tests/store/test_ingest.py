"""Ingest: idempotent, incremental, a bad file named while the batch goes on, prune, duplicates, the CLI."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from extractor import extract_file
from kb.cli import cli
from kb.ingest import find_files, ingest
from kb.queries.measures import measures_of
from kb.store import Store
from tests.conftest import CORPUS, SEEDS, seed

TABLES = ("documents", "clauses", "facts", "relations", "measures", "jurisdictions")


def snapshot(store: Store) -> dict[str, list]:
    out = {}
    for table in TABLES:
        rows = store.conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        out[table] = [{k: v for k, v in r.items() if k != "ingested_at"} for r in rows]
    return out


def test_ingest_corpus_twice_changes_nothing(tmp_path) -> None:
    store = Store.open(tmp_path / "kb.sqlite")
    first = ingest([CORPUS], store, workers=2)
    assert first.ok and len(first.ingested) == 5 and first.unchanged == []
    before = snapshot(store)
    raw_before = store.conn.execute("SELECT id, ingested_at FROM documents ORDER BY id").fetchall()
    second = ingest([CORPUS], store, workers=2)
    assert second.ingested == [] and len(second.unchanged) == 5 and second.ok
    assert second.changed_ids == []
    assert snapshot(store) == before
    assert store.conn.execute("SELECT id, ingested_at FROM documents ORDER BY id").fetchall() == raw_before
    # ids follow the order given, whichever process finishes first
    assert [d["source"] for d in store.documents()] == [str(p.resolve()) for p in SEEDS]


def test_parallel_and_serial_ingest_store_the_same(tmp_path) -> None:
    serial, parallel = Store.open(tmp_path / "a.sqlite"), Store.open(tmp_path / "b.sqlite")
    ingest([CORPUS], serial, workers=1)
    ingest([CORPUS], parallel, workers=2)
    assert snapshot(serial) == snapshot(parallel)


def test_changed_file_and_newer_extractor_are_read_again(tmp_path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    target = folder / "a.txt"
    shutil.copy(seed("003"), target)
    store = Store.open(tmp_path / "kb.sqlite")
    ingest([folder], store, workers=1)
    (doc,) = store.documents()
    target.write_text(seed("003").read_text("utf-8") + "\n附件：无\n", encoding="utf-8")
    report = ingest([folder], store, workers=1)
    assert report.ingested == [str(target.resolve())] and report.changed_ids == [doc["id"]]
    assert store.count() == 1
    store.conn.execute("UPDATE documents SET extractor_version = '0.0.0'")  # as stored by an older extractor
    report = ingest([folder], store, workers=1)
    assert report.ingested == [str(target.resolve())] and store.documents()[0]["id"] == doc["id"]


def _bad_batch(folder) -> dict[str, str]:
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "gbk.txt").write_bytes(seed("001").read_text("utf-8").encode("gbk"))
    (folder / "utf16.txt").write_bytes(seed("002").read_text("utf-8").encode("utf-16"))
    shutil.copy(seed("003"), folder / "utf8.txt")
    return {name: str((folder / name).resolve()) for name in ("empty.txt", "binary.txt", "gbk.txt", "utf16.txt",
                                                              "utf8.txt")}


def test_bad_files_are_named_and_the_batch_goes_on(tmp_path) -> None:
    paths = _bad_batch(tmp_path / "batch")
    store = Store.open(tmp_path / "kb.sqlite")
    report = ingest([tmp_path / "batch", tmp_path / "missing.txt"], store, workers=2)
    failed = dict(report.failed)
    assert set(failed) == {paths["empty.txt"], paths["binary.txt"], str(tmp_path / "missing.txt")}
    assert all(reason for reason in failed.values())
    assert sorted(report.ingested) == sorted([paths["gbk.txt"], paths["utf16.txt"], paths["utf8.txt"]])
    assert not report.ok
    by_source = {d["source"]: d for d in store.documents()}
    assert by_source[paths["gbk.txt"]]["doc_no"] == "州政办发〔2018〕25号"
    assert by_source[paths["utf16.txt"]]["doc_no"] == "邵市政办发〔2023〕21号"
    assert store.document(by_source[paths["gbk.txt"]]["id"])["encoding"].lower().startswith(("gb", "cp936"))


def test_cli_bad_batch_exit_code_and_nothing_lost(tmp_path) -> None:
    db = tmp_path / "kb.sqlite"
    runner = CliRunner()
    ok = runner.invoke(cli, ["ingest", str(CORPUS), "--db", str(db)])
    assert ok.exit_code == 0, ok.output
    assert "ingested 5, unchanged 0" in ok.output
    paths = _bad_batch(tmp_path / "batch")
    result = runner.invoke(cli, ["ingest", str(tmp_path / "batch"), str(CORPUS), "--db", str(db)])
    assert result.exit_code == 1
    assert f"error: {paths['empty.txt']}:" in result.output
    assert f"error: {paths['binary.txt']}:" in result.output
    assert "unchanged 5" in result.output and "failed 2" in result.output
    assert f"duplicate: {paths['utf8.txt']} has the same content as {seed('003').resolve()}" in result.output
    for copy, original in (("gbk.txt", "001"), ("utf16.txt", "002")):  # other bytes, the same normalized text
        assert f"duplicate: {paths[copy]} has the same content as {seed(original).resolve()}" in result.output
    store = Store.open(db)
    assert store.count() == 5
    as_json = runner.invoke(cli, ["ingest", str(CORPUS), "--db", str(db), "--json"])
    assert as_json.exit_code == 0
    assert len(json.loads(as_json.output)["unchanged"]) == 5


def test_prune_drops_documents_whose_files_are_gone(tmp_path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for p in SEEDS[:3]:
        shutil.copy(p, folder / p.name)
    store = Store.open(tmp_path / "kb.sqlite")
    ingest([folder], store, workers=1)
    gone = folder / SEEDS[0].name
    gone.unlink()
    kept = ingest([folder], store, workers=1)  # without --prune nothing is dropped
    assert kept.pruned == [] and store.count() == 3
    report = ingest([folder], store, prune=True, workers=1)
    assert report.pruned == [str(gone.resolve())] and len(report.removed_ids) == 1
    assert store.count() == 2
    assert store.conn.execute("SELECT count(*) AS n FROM clauses WHERE doc_id = ?",
                              (report.removed_ids[0],)).fetchone()["n"] == 0


def test_same_content_under_another_name_is_a_duplicate(tmp_path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seed("000"), folder / "a.txt")
    shutil.copy(seed("000"), folder / "b.txt")
    store = Store.open(tmp_path / "kb.sqlite")
    report = ingest([folder], store, workers=1)
    assert len(report.ingested) == 1 and len(report.duplicates) == 1 and report.ok
    assert store.count() == 1


def test_walk_skips_notes_and_index_files(tmp_path) -> None:
    (tmp_path / "README.md").write_text("notes", encoding="utf-8")
    (tmp_path / "_index.md").write_text("index", encoding="utf-8")
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    shutil.copy(seed("000"), tmp_path / "a.txt")
    files, missing = find_files([tmp_path])
    assert [f.name for f in files] == ["a.txt"] and missing == []
    files, _ = find_files([tmp_path / "README.md"])  # named explicitly: taken
    assert [f.name for f in files] == ["README.md"]


def test_stored_measures_are_the_derived_ones_with_quotes_at_their_spans(tmp_path) -> None:
    store = Store.open(tmp_path / "kb.sqlite")
    ingest([CORPUS], store, workers=1)
    assert store.measures(), "the seeds state support measures"
    for doc in store.documents():
        stored = store.measures(doc_id=doc["id"])
        text = store.document(doc["id"])["text"]
        for m in stored:
            assert text[m["start"]:m["end"]] == m["quote"]
        derived = measures_of(extract_file(doc["source"]))
        assert len(stored) == len(derived), doc["source"]
        assert [m["measure"] for m in stored] == list(derived), doc["source"]  # read back exactly
