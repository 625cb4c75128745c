"""A fixed sample of about 100 real laws and regulations must extract without error, with sane spans."""

from __future__ import annotations

import re

import pytest

from extractor import extract_file
from tests.conftest import LAWREFBOOK, requires_lawrefbook

SAMPLE_SIZE = 100


def _sample() -> list:
    if not LAWREFBOOK.is_dir():
        return []
    files = sorted(p for p in LAWREFBOOK.rglob("*.md") if p.name != "_index.md")
    step = max(1, len(files) // SAMPLE_SIZE)
    return files[::step][:SAMPLE_SIZE]


@requires_lawrefbook
@pytest.mark.lawrefbook
@pytest.mark.parametrize("path", _sample(), ids=lambda p: p.stem[:40])
def test_law_extracts_with_integral_spans(path) -> None:
    doc = extract_file(path)
    data = doc.to_dict()
    assert data["title"], "a law's '# title' line is its title"
    text = data["text"]
    for clause in data["clauses"]:
        start, end = clause["span"]
        assert 0 <= start < end <= len(text)
        assert text[start:end].startswith(clause["label"])
    for fact in data["facts"]:
        start, end = fact["span"]
        assert text[start:end] == fact["quote"]
        raw_start, raw_end = doc.to_raw_span(start, end)
        assert 0 <= raw_start <= raw_end <= len(doc.raw_text)
    if re.search(r"^第[一二三四五六七八九十]+条", text, re.M):
        assert any(c["kind"] == "article" for c in data["clauses"]), "articles at line starts are clauses"


INGEST_SAMPLE = 50
VERSIONED_LAWS = 3


def _ingest_sample() -> tuple[list, list[list]]:
    """About 50 laws: every dated version of the first few laws held in several versions, then laws spread over
    the corpus; and those version groups (oldest first)."""
    files = sorted(p for p in LAWREFBOOK.rglob("*.md") if p.name != "_index.md")
    groups: dict[tuple[str, str], list] = {}
    for p in files:
        dated = re.fullmatch(r"(.+)\((\d{4}-\d{2}-\d{2})\)", p.stem)
        if dated:
            groups.setdefault((p.parent.name, dated[1]), []).append(p)
    versioned = [g for g in groups.values() if len(g) > 1][:VERSIONED_LAWS]  # file names sort by date
    chosen = [p for g in versioned for p in g]
    step = max(1, len(files) // INGEST_SAMPLE)
    chosen += [p for p in files[::step] if p not in chosen][:INGEST_SAMPLE - len(chosen)]
    return chosen, versioned


@requires_lawrefbook
@pytest.mark.lawrefbook
def test_a_sample_of_laws_ingests_with_supersession_and_reingests_unchanged(tmp_path) -> None:
    from kb.ingest import ingest
    from kb.queries.validity import status_of
    from kb.store import Store

    files, versioned = _ingest_sample()
    store = Store.open(tmp_path / "laws.sqlite")
    report = ingest(files, store, workers=2)
    assert not report.failed and not report.errors, (report.failed, report.errors)
    assert len(report.ingested) + len(report.duplicates) == len(files)
    ids = store.sources()
    edges = {(r["from_doc"], r["to_doc_id"]) for r in store.relations(kind="supersedes")}
    for group in versioned:
        held = [ids[str(p.resolve())] for p in group if str(p.resolve()) in ids]
        for older, newer in zip(held, held[1:], strict=False):
            assert (newer, older) in edges, [p.name for p in group]
            assert status_of(store, older, "2099-01-01")["status"] == "superseded"
    before = {t: store.count(t) for t in ("documents", "clauses", "facts", "relations")}
    again = ingest(files, store, workers=2)
    assert not again.ingested and len(again.unchanged) == len(report.ingested)
    assert {t: store.count(t) for t in before} == before
