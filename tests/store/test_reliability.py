"""Store and index agree after every crash: named crash points (``POLICYKB_FAULT=die:<point>``) and one real
kill -9 of a running ingest, each followed by a plain ingest, after which every stored document is found by
searching its own title; a lost or damaged index, a busy index writer, one row per text, conflicts, remove."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb import KnowledgeBase
from kb.search.tantivy_engine import TantivyEngine
from kb.store import DuplicateText, Store
from tests.conftest import ROOT, SEEDS, SHARED, requires_shared, seed

WIDER = SHARED / "corpus" / "wider"
HENGYANG = "衡政发〔2024〕4号"


def policykb(*args: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m kb ARGS`` in a process of its own (so a crash point ends that process only)."""
    env = {**os.environ, "POLICYKB_SEARCH_ENGINE": "tantivy"}
    env.pop("POLICYKB_FAULT", None)
    if fault:
        env["POLICYKB_FAULT"] = fault
    return subprocess.run([sys.executable, "-m", "kb", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)


def stored_count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or its tables not yet
        return 0


def assert_every_document_found_by_its_title(db: Path) -> None:
    with KnowledgeBase.open(db) as kb:
        docs = kb.documents()
        assert docs
        for doc in docs:
            if doc["title"]:
                found = {h.doc_id for h in kb.search(doc["title"], limit=50, per_doc=True)}
            else:  # no title found by the extractor: its index entries, by a word every Chinese text has
                found = {h.doc_id for h in kb.search("的", kb.filters(doc_ids=(doc["id"],)), limit=1)}
            assert doc["id"] in found, f"{doc['title'] or doc['source']!r} (id {doc['id']}) not in the index"
        assert sum(1 for d in docs if d["title"]) >= len(docs) * 3 // 4
        assert kb.store.index_pending() == (0, [])


def corpus_copy(folder: Path, files: list[Path]) -> Path:
    folder.mkdir()
    for p in files:
        shutil.copy(p, folder / p.name)
    return folder


@pytest.mark.parametrize("point", ["after_store_commit", "before_index_commit"])
def test_an_ingest_dying_at_a_crash_point_is_caught_up_by_the_next_ingest(tmp_path: Path, point: str) -> None:
    folder, db = corpus_copy(tmp_path / "docs", SEEDS), tmp_path / "kb.sqlite"
    crashed = policykb("ingest", str(folder), "--db", str(db), "--workers", "1", fault=f"die:{point}")
    assert crashed.returncode == 86, crashed.stderr
    assert stored_count(db) >= 1
    again = policykb("ingest", str(folder), "--db", str(db), "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert stored_count(db) == len(SEEDS)
    assert_every_document_found_by_its_title(db)


def test_a_rebuild_dying_half_way_leaves_a_stale_index_that_the_next_ingest_rebuilds(tmp_path: Path) -> None:
    folder, db = corpus_copy(tmp_path / "docs", SEEDS), tmp_path / "kb.sqlite"
    assert policykb("ingest", str(folder), "--db", str(db), "--workers", "1").returncode == 0
    crashed = policykb("index", "rebuild", "--db", str(db), fault="die:mid_rebuild")
    assert crashed.returncode == 86, crashed.stderr
    again = policykb("ingest", str(folder), "--db", str(db), "--workers", "1")
    assert again.returncode == 0 and "unchanged 5" in again.stdout, again.stderr
    assert_every_document_found_by_its_title(db)


@requires_shared
def test_kill_9_of_a_running_ingest_then_a_plain_ingest(tmp_path: Path) -> None:
    folder = corpus_copy(tmp_path / "docs", sorted(WIDER.glob("*.txt")) + SEEDS)
    db = tmp_path / "kb.sqlite"
    env = {**os.environ, "POLICYKB_SEARCH_ENGINE": "tantivy"}
    env.pop("POLICYKB_FAULT", None)
    running = subprocess.Popen([sys.executable, "-m", "kb", "ingest", str(folder), "--db", str(db), "--workers", "1"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while stored_count(db) < 3 and running.poll() is None:  # the store is the signal: three committed
            time.sleep(0.05)
        assert running.poll() is None, "the ingest finished before it could be killed"
        running.send_signal(signal.SIGKILL)
        running.wait(timeout=60)
    finally:
        if running.poll() is None:
            running.kill()
    killed_at = stored_count(db)
    assert 3 <= killed_at < len(list(folder.iterdir()))
    again = policykb("ingest", str(folder), "--db", str(db), "--workers", "1")
    assert again.returncode in (0, 1), again.stderr
    assert f"unchanged {killed_at}" in again.stdout
    assert_every_document_found_by_its_title(db)


@pytest.fixture()
def seeded(tmp_path: Path) -> Path:
    db = tmp_path / "kb.sqlite"
    assert policykb("ingest", *map(str, SEEDS), "--db", str(db), "--workers", "1").returncode == 0
    return db


def _tantivy_dir(db: Path) -> Path:
    (folder,) = [p for p in db.parent.rglob("tantivy") if p.is_dir()]
    return folder


@pytest.mark.parametrize("damage", ["lost meta.json", "corrupted segment", "lost policykb marker"])
def test_a_damaged_index_is_detected_and_rebuilt(seeded: Path, damage: str) -> None:
    folder = _tantivy_dir(seeded)
    if damage == "lost meta.json":
        (folder / "meta.json").unlink()
    elif damage == "corrupted segment":
        segments = list(folder.glob("*.store"))
        assert segments
        for p in segments:
            p.write_bytes(b"damaged")
    else:
        (folder / "policykb-index.json").unlink()
    assert_every_document_found_by_its_title(seeded)


def test_a_writer_waits_for_the_index_lock_then_says_so_and_keeps_the_gap(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKB_SEARCH_ENGINE", "tantivy")
    monkeypatch.setenv("POLICYKB_INDEX_WAIT", "0.5")
    db = tmp_path / "kb.sqlite"
    with KnowledgeBase.open(db) as kb:
        kb.ingest([seed("000")], workers=1)
        holder = TantivyEngine(_tantivy_dir(db))
        holder._writer_()  # another writer holds tantivy's lock
        try:
            report = kb.ingest([seed("001")], workers=1)
        finally:
            holder.release()
        assert report.ingested and not report.ok
        (error,) = report.errors
        assert "another policykb process has been writing the search index" in error
        assert "next ingest or search" in error
        assert kb.store.index_pending()[1] == [kb.resolve("州政办发〔2018〕25号")]
    assert_every_document_found_by_its_title(db)


def test_the_same_text_is_one_row_even_for_two_connections_at_once(tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    first, second = Store.open(db), Store.open(db)
    doc = {"text": "某市关于促进消费的若干措施", "title": "某市关于促进消费的若干措施", "extractor_version": "t"}
    first.put_document(doc, source="a.txt", content_hash="bytes-a")
    with pytest.raises(DuplicateText) as caught:
        second.put_document(doc, source="b.txt", content_hash="bytes-b")
    assert caught.value.source == "a.txt"
    row = first.conn.execute("SELECT text_hash FROM documents").fetchone()
    with pytest.raises(sqlite3.IntegrityError):  # the check is the UNIQUE index too, not only a SELECT
        second.conn.execute("INSERT INTO documents (source, content_hash, extractor_version, text, extraction, "
                            "text_hash) VALUES ('c.txt', 'x', 't', '', '{}', ?)", (row["text_hash"],))
    assert first.count() == 1


@pytest.mark.parametrize(("old", "new"), [("奖励 50 万元", "奖励 80 万元"), ("100 万元", "10 万元")])
def test_a_repeated_doc_no_with_another_text_is_a_conflict(tmp_path: Path, old: str, new: str) -> None:
    original = seed("003")
    text = original.read_text("utf-8")
    assert HENGYANG in text and old in text
    changed = tmp_path / "changed.txt"
    changed.write_text(text.replace(old, new, 1), "utf-8")
    with KnowledgeBase.open(tmp_path / "kb.sqlite") as kb:
        kb.ingest([original], workers=1)
        report = kb.ingest([changed], workers=1)
        assert report.conflicts == [(str(changed.resolve()), str(original.resolve()))] and not report.ok
        ids = [d["id"] for d in kb.documents()]
        assert len(ids) == 2
        for doc_id in ids:
            result = kb.status_of(doc_id, "2025-06-01")
            assert result["status"] == "conflict"
            assert [c["id"] for c in result["conflicts"]] == [i for i in ids if i != doc_id]
        kb.remove(ids[1])
        assert kb.status_of(ids[0], "2025-06-01")["status"] != "conflict"


def test_remove_takes_out_the_document_its_measures_index_entries_and_edges(tmp_path: Path) -> None:
    with KnowledgeBase.open(tmp_path / "kb.sqlite") as kb:
        kb.ingest(SEEDS, workers=1)
        doc_id = kb.resolve(HENGYANG)
        title = kb.document(doc_id)["title"]
        assert kb.measures(doc_id=doc_id) and any(h.doc_id == doc_id for h in kb.search(title, per_doc=True))
        removed = kb.remove(HENGYANG)
        assert removed["id"] == doc_id and kb.count() == len(SEEDS) - 1
        assert kb.document(doc_id) is None and kb.measures(doc_id=doc_id) == [] and kb.clauses(doc_id) == []
        assert all(r["to_doc_id"] != doc_id and r["from_doc"] != doc_id for r in kb.relations())
        assert all(h.doc_id != doc_id for h in kb.search(title, limit=100))
        assert f"doc:{doc_id}" not in kb.graph(clauses=False)
