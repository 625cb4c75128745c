"""``kb.search.segment.cut_precise`` (jieba-rs given jieba's dictionary) gives the words of
``jieba.dt.cut(text, HMM=False)`` on real documents (the seeds, the dev corpus, one lawrefbook law in fifty), on the
edge cases of jieba's own loop (ASCII runs, digits, whitespace, punctuation, characters outside its dictionary) and
after jieba's dictionary changed."""

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


def test_a_word_added_to_jieba_is_cut_as_jieba_cuts_it(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "推进跨境电商海外仓储枢纽建设"
    before = cut_precise(text)
    assert "海外仓储枢纽" not in before
    monkeypatch.setattr(jieba.dt, "FREQ", dict(jieba.dt.FREQ))  # a copy: the process's dictionary comes back after
    monkeypatch.setattr(jieba.dt, "total", jieba.dt.total)
    jieba.dt.add_word("海外仓储枢纽", 100000)
    after = cut_precise(text)
    assert "海外仓储枢纽" in after
    assert after == list(jieba.dt.cut(text, HMM=False))
    monkeypatch.undo()
    assert cut_precise(text) == before



@pytest.mark.parametrize("text", ["为保障企业职工退休后的基本生活", "优先使用乡土树种草种", "房地资源", "过程中和办理承接手续时"])
def test_routes_are_scored_by_jiebas_own_total(text: str) -> None:
    # jieba's add_word adds a word's new count to its total without taking off the old one (the domain dictionary
    # re-adds words jieba holds), and a route's score depends on the total: with the counts' sum as the total
    # these four lines of laws are cut otherwise (企业/职工 for 企业职工, 草/种 for 草种)
    assert jieba.dt.total > sum(jieba.dt.FREQ.values())
    assert cut_precise(text) == list(jieba.dt.cut(text, HMM=False))
