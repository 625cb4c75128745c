"""``kb.search.segment.cut_precise`` gives the words of ``jieba.dt.cut(text, HMM=False)`` on real documents (the
seeds, the dev corpus, one lawrefbook law in fifty) and on the edge cases of jieba's own loop (ASCII runs, digits,
whitespace, punctuation, characters outside its dictionary)."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from extractor.reader import read_document
from kb.search.analysis import load_dictionary
from kb.search.segment import cut_precise
from tests.conftest import LAWREFBOOK, SEEDS, dev_files


def _lawrefbook_sample(every: int = 50) -> list[Path]:
    if not LAWREFBOOK.is_dir():
        return []
    return sorted(p for p in LAWREFBOOK.rglob("*.md") if not p.name.startswith(("_", ".")))[::every]


FILES = SEEDS + dev_files() + _lawrefbook_sample()
EDGES = [
    "", "  ", "\r\n", "跨境电商海外仓", "COVID-19疫情期间对A级纳税人给予3.5%的补贴", "iPhone 15 Pro Max",
    "第一条　为了规范……，制定本条例。", "2024年1月1日起施行", "𠮷野家和㐀字", "a b c", "ABC123def",
    "保费补贴资金\t每户最高不超过10万元（含）", "中华人民共和国个人所得税法实施条例",
]


@pytest.fixture(scope="module", autouse=True)
def _dictionary() -> None:
    load_dictionary()  # the domain words too: cut_precise must follow whatever jieba's dictionary holds


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_same_words_as_jieba_on_a_document(path: Path) -> None:
    text = read_document(path).text
    assert cut_precise(text) == list(jieba.dt.cut(text, HMM=False))


@pytest.mark.parametrize("text", EDGES)
def test_same_words_as_jieba_on_an_edge_case(text: str) -> None:
    assert cut_precise(text) == list(jieba.dt.cut(text, HMM=False))
