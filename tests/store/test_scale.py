"""What the scale work changed must not change results: records fed by the ingest equal those read back from the
store, an index fed during the ingest answers like one rebuilt from the store, the fast word split equals the
analyzer, the linear snippet window equals the quadratic one, and compressed store columns read like plain ones.
No timings here: the figures are ``python -m benchmarks`` (README, Performance)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.reader import read_document
from kb.ingest import ingest
from kb.search import Filters, SearchIndex, parse_query, records_from_payload, records_from_store, search
from kb.search.analysis import analyze
from kb.search.service import default_engine
from kb.search.snippet import _best_window, match_spans
from kb.search.tokens import split, split_records
from kb.store import MIGRATIONS, Store, encode_offsets
from tests.conftest import ROOT, SEEDS

QUERIES = ["海外仓", "跨境电商 物流", '"保费 补贴"', "补贴", "电子商务", "出口信用保险", "人才培训"]


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store.open(tmp_path_factory.mktemp("scale") / "kb.sqlite")
    report = ingest(SEEDS, store, workers=2)
    assert report.ok, (report.failed, report.errors)
    return store


def test_tantivy_is_the_default_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICYKB_SEARCH_ENGINE", raising=False)
    assert default_engine() == "tantivy"
    monkeypatch.setenv("POLICYKB_SEARCH_ENGINE", "whoosh")
    assert default_engine() == "whoosh"


def test_records_fed_by_the_ingest_equal_the_records_read_back(seeds_store: Store) -> None:
    from kb.ingest import extract_payload

    for path in SEEDS:
        doc_id = seeds_store.sources()[str(path.resolve())]
        payload = extract_payload(str(path.resolve()), split=True)
        fed = records_from_payload(doc_id, payload["doc"], payload["facts"], payload["measures"])
        assert fed == records_from_store(seeds_store, doc_id)
        assert payload["splits"] == split_records(fed)


def test_index_fed_during_the_ingest_answers_like_a_rebuilt_one(seeds_store: Store, tmp_path) -> None:
    rebuilt = SearchIndex.open(tmp_path / "rebuilt", "tantivy", store=seeds_store)
    for query in QUERIES:
        for filters in (Filters(), Filters(city="邵阳"), Filters(on="2025-06-01")):
            fed = [(h.doc_id, h.clause, h.score, h.snippet) for h in search(seeds_store, query, filters, limit=20)]
            again = [(h.doc_id, h.clause, h.score, h.snippet)
                     for h in rebuilt.search(query, filters, limit=20, store=seeds_store)]
            assert fed == again, (query, filters)
    rebuilt.close()


@pytest.mark.parametrize("path", SEEDS[:3], ids=lambda p: p.name[:3])
def test_split_words_equal_the_analyzer(path) -> None:
    text = read_document(path).text
    tokens = list(analyze(text))
    assert split(text) == (" ".join(t.text for t in tokens if not t.sub), " ".join(t.text for t in tokens if t.sub))


def _best_window_quadratic(spans: list[tuple[int, int, str]], width: int) -> int:
    best, best_score = 0, -1
    for i, (s, _, _) in enumerate(spans):
        inside = [sp for sp in spans[i:] if sp[1] <= s + width]
        score = len({sp[2] for sp in inside}) * 1000 + len(inside)
        if score > best_score:
            best, best_score = i, score
    return best


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 150), st.sampled_from("abcd")), min_size=1,
                max_size=30),
       st.sampled_from([10, 50, 120]))
def test_linear_snippet_window_equals_the_quadratic_one(gaps: list[tuple[int, int, str]], width: int) -> None:
    spans, pos = [], 0
    for gap, length, word in gaps:
        pos += gap
        spans.append((pos, pos + length, word))
        pos += length
    assert _best_window(spans, width) == _best_window_quadratic(spans, width)


def test_compressed_columns_read_like_plain_ones(seeds_store: Store) -> None:
    doc_id = seeds_store.documents()[0]["id"]
    document, extraction = seeds_store.document(doc_id), seeds_store.extraction(doc_id)
    offsets = seeds_store.raw_offsets(doc_id)
    raw = sqlite3.connect(seeds_store.path)
    packed = raw.execute("SELECT text, extraction, raw_offsets FROM documents WHERE id = ?", (doc_id,)).fetchone()
    assert all(isinstance(v, bytes) for v in packed)
    plain = (document["text"], json.dumps({k: v for k, v in extraction.items() if k != "text"}, ensure_ascii=False),
             json.dumps(encode_offsets(offsets)))
    with raw:  # the row as schema 1 wrote it: plain text and JSON
        raw.execute("UPDATE documents SET text = ?, extraction = ?, raw_offsets = ? WHERE id = ?", (*plain, doc_id))
    try:
        assert seeds_store.document(doc_id) == document
        assert seeds_store.extraction(doc_id) == extraction
        assert seeds_store.raw_offsets(doc_id) == offsets
    finally:
        with raw:
            raw.execute("UPDATE documents SET text = ?, extraction = ?, raw_offsets = ? WHERE id = ?",
                        (*packed, doc_id))
        raw.close()


def test_a_schema_1_store_is_migrated(tmp_path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + ";CREATE TABLE schema_version (version INTEGER NOT NULL);"
                       "INSERT INTO schema_version VALUES (1);")
    conn.close()
    store = Store.open(path)
    assert store.schema_version == len(MIGRATIONS) >= 2
    assert store.conn.execute("SELECT value FROM store_format WHERE key = 'zlib_columns'").fetchone()["value"]


def _match_spans_whole_text(text: str, terms: set[str]) -> list[tuple[int, int, str]]:
    found = sorted({(t.start, t.end, t.text) for t in analyze(text) if t.text in terms}, key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int, str]] = []
    for span in found:
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def test_snippet_matches_found_in_runs_equal_those_of_the_whole_text(seeds_store: Store) -> None:
    term_sets = [parse_query(q).terms() for q in QUERIES] + [{"第一条"}, {"2023"}, {"app"}, {"邵市政办发〔2023〕21号"}]
    for row in seeds_store.documents():
        for record in records_from_store(seeds_store, row["id"]):
            flat = record.text.replace("\r", "").replace("\n", " ")
            for terms in term_sets:
                assert match_spans(flat, terms) == _match_spans_whole_text(flat, terms), (record.key, terms)


def test_an_ingest_leaves_no_index_writer_behind(tmp_path) -> None:
    # tantivy allows one writer per index across processes: a writer kept after an ingest (the app's upload page)
    # made the next ingest from another process fail to refresh the index
    db = tmp_path / "kb.sqlite"
    store = Store.open(db)
    assert ingest([SEEDS[0]], store, workers=1).ok
    done = subprocess.run([sys.executable, "-m", "kb", "ingest", str(SEEDS[1]), "--db", str(db)],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert ingest([SEEDS[2]], store, workers=1).ok
