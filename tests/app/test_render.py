"""The document as the 文件 page draws it, on the seeds: the text survives marking exactly, every clause and
fact is an anchor, facts are listed once with printed clause labels and Chinese roles, and text is escaped."""

from __future__ import annotations

import html
import re

import pytest

from kb import KnowledgeBase
from kb.text import exact, json_numbers
from kb.text.messages import caveats_zh
from tests.conftest import SEEDS, ingest_seeds
from ui.render import (
    clause_anchor,
    clause_labels,
    distinct_facts,
    document_html,
    fact_anchor,
    facts_table_html,
    highlighted_text,
)

ENGLISH_ROLES = re.compile(r"\b(threshold|award|cap|subsidy_rate|grant|responsible|declaration)\b")


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """The seeds as the app reads them: extractions from the store, numbers as JSON numbers."""
    with KnowledgeBase.open(ingest_seeds(tmp_path_factory, "render")) as kb:
        return [json_numbers(exact(kb.extraction(d["id"]))) for d in kb.documents()]


@pytest.fixture(params=range(len(SEEDS)), ids=lambda i: f"seed{i}")
def doc(request: pytest.FixtureRequest, docs: list[dict]) -> dict:
    return docs[request.param]


def test_marked_text_reads_as_the_text_itself(doc: dict) -> None:
    markup = document_html(doc["text"], doc["facts"], doc["clauses"])
    assert html.unescape(re.sub(r"<[^>]+>", "", markup)) == doc["text"]


def test_every_clause_and_every_fact_has_its_anchor(doc: dict) -> None:
    markup = document_html(doc["text"], doc["facts"], doc["clauses"], kinds={"money"})
    ids = set(re.findall(r'<span id="([^"]+)"></span>', markup))
    assert {clause_anchor(c["id"]) for c in doc["clauses"]} <= ids
    assert {fact_anchor(i) for i in range(len(doc["facts"]))} <= ids


def test_marks_carry_the_kind_in_chinese_and_no_other_kind(doc: dict) -> None:
    markup = document_html(doc["text"], doc["facts"], doc["clauses"], kinds={"money"})
    titles = re.findall(r'<mark title="([^"]+)"', markup)
    assert titles and all(t.startswith("金额") for t in titles)


def test_facts_table_names_clauses_as_printed_and_roles_in_chinese(doc: dict) -> None:
    labels = clause_labels(doc["clauses"])
    table = facts_table_html(doc["facts"], labels)
    cells = re.findall(r'<a href="#fact-\d+">([^<]*)</a>', table)
    assert cells and not any(re.fullmatch(r"[\d.]+", c) for c in cells)  # never an internal id like 2.1.3
    assert not ENGLISH_ROLES.search(re.sub(r'(href|id)="[^"]*"', "", table))


def test_a_threshold_inside_its_condition_is_listed_once(docs: list[dict]) -> None:
    """衡阳 7.: 达到10万美元 is a condition and, inside it, the money threshold 10万美元: one row, not two."""
    (hengyang,) = [d for d in docs if d.get("doc_no") == "衡政发〔2024〕4号"]
    facts = hengyang["facts"]
    nested = [(i, f) for i, f in enumerate(facts) if f.get("role") == "threshold" and any(
        o is not f and o.get("role") == "threshold" and o.get("value") == f.get("value")
        and o["span"][0] <= f["span"][0] and f["span"][1] <= o["span"][1] for o in facts)]
    assert nested  # the seed has such pairs
    kept = {i for i, _ in distinct_facts(facts)}
    for i, fact in nested:
        outer = [j for j, o in enumerate(facts) if o is not fact and o.get("role") == "threshold"
                 and o.get("value") == fact.get("value")
                 and o["span"][0] <= fact["span"][0] and fact["span"][1] <= o["span"][1]]
        assert len({i, *outer} & kept) == 1, fact["quote"]


@pytest.mark.parametrize("text", ["<script>alert(1)</script>最高30万元", '"><img src=x onerror=alert(1)>最高30万元'])
def test_document_text_is_escaped(text: str) -> None:
    start = text.index("30万元")
    markup = highlighted_text(text, [{"kind": "money", "span": [start, start + 5], "quote": "30万元"}])
    assert "<script>" not in markup and "<img" not in markup
    assert html.unescape(re.sub(r"<[^>]+>", "", markup)) == text


@pytest.mark.parametrize(("result", "expected"), [
    ({"status": "in_force", "term_stated": False, "expires_on": None, "on": "2025-01-01"},
     "文件未规定有效期，在被废止或被新版本取代前继续有效"),
    ({"status": "in_force", "term_stated": True, "expires_on": "2027-12-31", "on": "2025-01-01",
      "repealed_by": [{"doc_no": "丽政办发〔2026〕1号", "title": None, "from": "2026-03-01", "partial": False}]},
     "将被 丽政办发〔2026〕1号 废止，自 2026-03-01 起"),
    ({"status": "in_force", "term_stated": True, "expires_on": "2027-12-31", "on": "2025-01-01",
      "amended_by": [{"doc_no": "衡政发〔2025〕2号", "title": None, "from": "2025-06-01"}]},
     "已被 衡政发〔2025〕2号 修改，自 2025-06-01 起"),
])
def test_caveats_are_worded_in_chinese(result: dict, expected: str) -> None:
    assert caveats_zh(result) == [expected]
