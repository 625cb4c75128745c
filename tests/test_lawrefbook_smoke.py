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
