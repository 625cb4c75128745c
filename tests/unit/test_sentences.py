"""The one sentence splitter (``extractor.sentences``) on the seeds: the sentence around a phrase, and every
sentence of a text in both splittings."""

from __future__ import annotations

import pytest

from extractor import extract_file, sentence_bounds, split_sentences
from tests.conftest import SEEDS, seed

AROUND = [
    ("003", "有效期两年", "本政策措施自发布之日起施行，有效期两年。"),
    ("004", "不重复享受", "（十八）若与其他相关政策不一致或同一事项涉及多项奖补的，按“就高”原则不重复享受。"),
]


@pytest.mark.parametrize(("prefix", "phrase", "sentence"), AROUND)
def test_the_sentence_around_a_phrase(prefix: str, phrase: str, sentence: str) -> None:
    text = extract_file(seed(prefix)).text
    at = text.index(phrase)
    begin, end = sentence_bounds(text, at, at + len(phrase))
    assert text[begin:end].strip() == sentence
    begin, end = sentence_bounds(text, at, stops="。\n", keep_newline=False)
    assert text[begin:end] == sentence and not text[begin:end].endswith("\n")


@pytest.mark.parametrize("path", sorted(SEEDS), ids=lambda p: p.name[:3])
def test_sentences_cover_the_text_but_terminators_and_line_breaks(path) -> None:
    text = extract_file(path).text
    spans = list(split_sentences(text, stops="。；;"))
    assert spans and all("\n" not in text[s:e] for s, e in spans)
    assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:], strict=False))
    covered = set().union(*(range(s, e) for s, e in spans))
    left = {text[i] for i in range(len(text)) if i not in covered}
    assert left <= set("。；;\n \t\u3000"), left - set("。；;\n")


@pytest.mark.parametrize("path", sorted(SEEDS), ids=lambda p: p.name[:3])
def test_whole_runs_keep_line_breaks_and_terminator_runs(path) -> None:
    text = extract_file(path).text
    spans = list(split_sentences(text, stops="。！？!?", whole_runs=True))
    assert spans and all(text[s:e] == text[s:e].strip() for s, e in spans)
    assert "".join(text[s:e] for s, e in spans).replace("\n", "").replace(" ", "") \
        == "".join(text.split())
    assert any("\n" in text[s:e] for s, e in spans)  # a sentence broken over lines stays one
