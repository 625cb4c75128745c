"""A document's text is scanned once for its 文号, references, money amounts and percentages, and the fact modules
share the result: what they share is exactly what a fresh scan finds, for each document in turn, and a document
whose header changed is scanned again."""

from __future__ import annotations

from dataclasses import replace

from extractor import extract_file
from extractor import relations as relations_module
from extractor.docno import _doc_nos, find_doc_nos, parse_doc_no
from extractor.facts.numbers import (
    iter_money,
    iter_percent,
    iter_quantities,
    money_in,
    percent_in,
    quantities_in,
)
from extractor.pipeline import extract_text
from extractor.relations import iter_references
from tests.conftest import SEEDS, dev_files


def _forget_scans() -> None:
    _doc_nos.cache_clear()
    money_in.cache_clear()
    percent_in.cache_clear()
    quantities_in.cache_clear()
    relations_module._last_references = None


def test_shared_scans_are_each_documents_own() -> None:
    paths = [*SEEDS, *dev_files()[:3]]
    in_turn = [extract_file(p).to_dict() for p in paths]
    again = [extract_file(p).to_dict() for p in reversed(paths)][::-1]  # other neighbours in the caches
    fresh = []
    for path in paths:
        _forget_scans()
        fresh.append(extract_file(path).to_dict())
    assert in_turn == fresh
    assert again == fresh


def test_whole_text_scans_equal_the_generators() -> None:
    for path in SEEDS:
        text = extract_file(path).text
        assert money_in(text) == tuple(iter_money(text))
        assert percent_in(text) == tuple(iter_percent(text))
        assert quantities_in(text) == tuple(iter_quantities(text))
        assert find_doc_nos(text) == list(_doc_nos.__wrapped__(text))
    assert any(money_in(extract_file(p).text) for p in SEEDS)  # the seeds do hold amounts


def test_a_changed_header_is_scanned_again() -> None:
    doc = extract_text("某市商务局关于开展电商培训的通知\n各区县：\n根据某政发〔2019〕3号文件精神，现就有关事项通知如下。\n")
    cited = [ref.doc_no.text for ref in iter_references(doc) if ref.doc_no]
    assert cited == ["某政发〔2019〕3号"]
    doc.header = replace(doc.header, doc_no=parse_doc_no("某政发〔2019〕3号"))  # now its own 文号: not a citation
    assert [ref.doc_no for ref in iter_references(doc) if ref.doc_no] == []
    assert list(iter_references(doc)) == list(relations_module._references(doc))
