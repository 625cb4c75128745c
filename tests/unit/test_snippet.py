"""Snippet marks: the words of the query found in a record's text, at the offsets the whole text's analysis
gives them, however the runs holding them are found (one scan for every term)."""

from __future__ import annotations

import pytest

from kb.search.analysis import analyze
from kb.search.snippet import make_snippet, match_spans
from tests.conftest import SEEDS

TERMS = (
    {"补贴"}, {"跨境电商", "电商"}, {"电子商务", "商务"}, {"海外仓", "奖励", "万元"}, {"b2b"}, {"企业", "业"},
    {"市商务局", "商务局", "商务"}, {"一次性", "奖励", "一次"}, {"不存在的词"}, set(),
)


def whole_text_spans(text: str, terms: set[str]) -> list[tuple[int, int, str]]:
    """The reference: every token of the whole text among ``terms``, an inner word inside a marked one dropped."""
    found = sorted({(t.start, t.end, t.text) for t in analyze(text) if t.text in terms}, key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int, str]] = []
    for span in found:
        if not (out and span[0] < out[-1][1]):
            out.append(span)
    return out


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:12])
def test_spans_are_the_whole_texts_on_every_line_of_the_seeds(seed) -> None:
    lines = [line for line in seed.read_text("utf-8").splitlines() if line.strip()]
    assert len(lines) > 10
    for terms in TERMS:
        for line in lines:
            assert match_spans(line, terms) == whole_text_spans(line, terms), (line, terms)


def test_a_snippet_marks_overlapping_terms_once() -> None:
    text = "对跨境电商企业给予保费补贴，市商务局负责"
    assert make_snippet(text, {"跨境电商", "电商", "商务局", "商务"}) == "对【跨境电商】企业给予保费补贴，市【商务局】负责"
