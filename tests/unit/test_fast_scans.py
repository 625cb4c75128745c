"""The fact patterns tried only where a match can start (``extractor.scan``) find exactly what ``finditer`` finds:
same spans, same groups, on the real texts and on generated strings made of the characters those patterns read
(digits, numerals, units, brackets, 号, 令, 负责, spaces and the words around them)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import extract_file, normalize
from extractor.docno import DOC_NO_PATTERN, ORDER_PATTERN, _finditer, search_doc_no
from extractor.facts import elided_money
from extractor.facts.numbers import _patterns
from extractor.facts.responsibility import _lex as roles_lex
from extractor.facts.responsibility import duty_matches
from extractor.scan import finditer_in_runs
from tests.conftest import SEEDS, dev_files

Found = list[tuple[tuple[int, int], dict[str, str | None]]]


def _found(matches: Iterable[re.Match[str]]) -> Found:
    return [(m.span(), m.groupdict()) for m in matches]


def _in_runs(name: str) -> Callable[[str], Iterator[re.Match[str]]]:
    pats = _patterns()
    return lambda text: finditer_in_runs(pats[name], text, pats[f"{name}_at"])


def _elided(text: str) -> Iterator[re.Match[str]]:
    lex = elided_money._lex()
    return finditer_in_runs(lex.amount, text, lex.at)


def _scans() -> list[tuple[re.Pattern[str], Callable[[str], Iterable[re.Match[str]]]]]:
    pats = _patterns()
    return [
        (pats["money"], _in_runs("money")),
        (pats["other"], _in_runs("other")),
        (pats["percent"], _in_runs("percent")),
        (elided_money._lex().amount, _elided),
        (DOC_NO_PATTERN, lambda text: _finditer(DOC_NO_PATTERN, text)),
        (ORDER_PATTERN, lambda text: _finditer(ORDER_PATTERN, text)),
        (roles_lex()["duty"], duty_matches),
    ]


def _assert_same(text: str) -> int:
    total = 0
    for pattern, fast in _scans():
        expected = _found(pattern.finditer(text))
        assert _found(fast(text)) == expected, pattern.pattern[:60]
        total += len(expected)
    plain = DOC_NO_PATTERN.search(text) or ORDER_PATTERN.search(text)
    assert _found([m for m in [search_doc_no(text)] if m]) == _found([plain] if plain else [])
    return total


def test_real_texts_scan_the_same() -> None:
    texts = [extract_file(p).text for p in [*SEEDS, *dev_files()]]
    assert sum(_assert_same(text) for text in texts) > 100  # the texts do hold amounts, 文号 and duties


def test_the_longest_starts_are_tried() -> None:
    """Runs of Chinese characters longer than a 机关代字, an order's name or a duty's unit can be: the match starts
    at the farthest character it may, as finditer's does."""
    texts = ["关于" + "甲" * 30 + "〔2024〕12号", "关于" + "甲" * 30 + " （2024） 第 12 号", "丁" * 30 + "令第5号",
             "本" + "乙" * 12 + "由" + "丙" * 30 + "负责解释", "丙" * 40 + "负责组织实施本办法", "壹" * 20 + "万元"]
    assert all(_assert_same(text) for text in texts)


_PIECES = [
    *"0123456789,.，、%一二三四五六七八九十百千万亿两零壹贰拾佰萬元圆币镑之第号令年月个人名次亩米",
    *"〔〕[]（）()【】「」 \n\t", "m2", "㎡", "人民币", "美元", "港元", "百分之", "万元", "2024", "〔2023〕",
    "政办发", "市人民政府", "国务院令", "负责", "本办法由", "组织实施", "解释", "人力资源和社会保障局办公室", "的", "化", "件", "以上", "（含）",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_generated_texts_scan_the_same(text: str) -> None:
    _assert_same(text)


# normalization's patterns, rewritten to open with the character each match starts with, and what they read as
_NORMALIZE_FORMS = [
    (normalize._EDGE_SPACES, re.compile(r"^[ \t]+|[ \t]+$", re.M)),
    (normalize._CJK_SPACES, re.compile(f"(?<=[{normalize.CJK}])[ \t]+|[ \t]+(?=[{normalize.CJK}])")),
    (normalize._MULTI_SPACES, re.compile(r"[ \t]{2,}")),
    (normalize._HALF_PUNCT, re.compile(f"(?<=[{normalize.CJK}])[,;:?!]|[,;:?!](?=[{normalize.CJK}])")),
    (normalize._MD_BOLD, re.compile(r"\*\*|__(?=\S)|(?<=\S)__")),
    (normalize._BLANK_LINES, re.compile(r"\n{2,}")),
    (normalize._END_NEWLINES, re.compile(r"\A\n+|\n+\Z")),
]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\n\u3000*_,;:?!#>-a1中，。", max_size=40))
def test_normalization_patterns_match_as_written(text: str) -> None:
    for fast, plain in _NORMALIZE_FORMS:
        assert _found(fast.finditer(text)) == _found(plain.finditer(text)), plain.pattern


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="０９Ａｚ％／\u3000\u00a0\u200b中a1 ", max_size=80))
def test_widths_are_folded_as_the_table_says(text: str) -> None:
    """Few or many wide characters (two ways of folding them): each becomes what the table maps it to."""
    for sample in (text, "中文" * 40 + text, "第一条\u3000" + "中" * 60 + "（１）"):
        folded = normalize._widths(normalize.Mapped.identity(sample))
        assert folded.text == sample.replace("\u200b", "").translate(normalize._WIDTH_TABLE)
    folded = normalize._widths(normalize.Mapped.identity(text))
    assert folded.text == text.replace("\u200b", "").translate(normalize._WIDTH_TABLE)
