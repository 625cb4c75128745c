"""The document as the 文件 page draws it, on the seeds: the text survives marking exactly, every clause and
fact is an anchor, facts are listed once with printed clause labels and Chinese roles, and text is escaped."""

from __future__ import annotations

import html
import re

import pytest

from kb import KnowledgeBase
from kb.text import exact, json_numbers
from kb.text.messages import caveats_zh
from kb.text.values import fact_value_zh
from tests.conftest import SEEDS, ingest_seeds
from ui.render import (
    clause_anchor,
    clause_labels,
    clause_tree_html,
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


@pytest.fixture(scope="module")
def code_labels() -> dict[str, str]:
    """The labels the 文件 page passes (ui.api.code_labels), from the kb API's lexicons."""
    kinds = {key: kind.label for key, kind in KnowledgeBase.entity_kinds().items()}
    return {**kinds, **KnowledgeBase.legal_form_labels(), **KnowledgeBase.declaration_labels()}


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


CODE_LIKE = re.compile(r"[A-Za-z_]{2,}|^--|\bP\d")  # a key, an ISO duration or a yearless ISO day


def test_facts_table_values_are_read_in_chinese(doc: dict, code_labels: dict[str, str]) -> None:
    table = facts_table_html(doc["facts"], clause_labels(doc["clauses"]), code_labels=code_labels)
    values = [html.unescape(v) for v in re.findall(r"<tr>(?:<td>.*?</td>){3}<td>(.*?)</td>", table)]
    assert values
    assert not [v for v in values if CODE_LIKE.search(v)]


@pytest.mark.parametrize(("doc_no", "quote", "shown"), [  # the seeds' facts whose values are stored as codes
    ("邵市政办发〔2024〕4号", "有效期5年", "5年"),
    ("邵市政办发〔2023〕21号", "有效期三年", "3年"),
    ("邵市政办发〔2024〕4号", "每年11月底前", "每年11月30日"),
    ("邵市政办发〔2024〕4号", "独立法人资格", "具有独立法人资格"),
    ("衡政发〔2024〕4号", "园区建设单位", "园区运营主体"),
    ("州政办发〔2018〕25号", "信贷担保公司", "金融机构"),
    ("丽政办发〔2024〕64号", "按“就高”原则不重复享受", "就高不重复"),
    ("衡政发〔2024〕4号", "纳入衡阳海关跨境贸易电商统计", "纳入海关跨境贸易电商统计体系"),
    ("衡政发〔2024〕4号", "2024年5月7日", "2024-05-07"),
])
def test_a_coded_value_is_shown_in_chinese(docs: list[dict], code_labels: dict[str, str], doc_no: str,
                                           quote: str, shown: str) -> None:
    (document,) = [d for d in docs if d.get("doc_no") == doc_no]
    facts = [f for f in document["facts"] if f["quote"] == quote and f["kind"] != "condition"]
    assert facts
    assert {fact_value_zh(f, code_labels) for f in facts} == {shown}


def _tree_entries(doc: dict) -> list[tuple[str, str]]:
    """The clause tree as shown: (label, the words after it) of each entry."""
    tree = clause_tree_html(doc["clauses"], doc["text"])
    return [(html.unescape(label), html.unescape(name).strip())
            for label, name in re.findall(r"<b>(.*?)</b>(.*?)</a>", tree)]


def test_every_clause_in_the_tree_is_named_by_its_heading_or_its_first_words(doc: dict) -> None:
    entries = _tree_entries(doc)
    assert len(entries) == len(doc["clauses"])
    for clause, (label, name) in zip(doc["clauses"], entries, strict=True):
        assert label == clause["label"] and name, clause
        if not clause.get("heading"):
            body = doc["text"][clause["span"][0]:clause["span"][1]].removeprefix(clause["label"]).lstrip()
            assert body.startswith(name.removesuffix("…")), (name, body[:40])


@pytest.mark.parametrize(("doc_no", "label", "name"), [  # the seeds' clauses printed without a heading
    ("邵市政办发〔2024〕4号", "五、", "本通知从2024年1月1号起执行"),
    ("州政办发〔2018〕25号", "（二十三）", "本通知自发布之日起施行"),
    ("衡政发〔2024〕4号", "16.", "对跨境电商企业年度缴纳社保费用总…"),
])
def test_a_clause_without_heading_is_named_by_its_first_words(docs: list[dict], doc_no: str, label: str,
                                                               name: str) -> None:
    (document,) = [d for d in docs if d.get("doc_no") == doc_no]
    assert (label, name) in _tree_entries(document)


@pytest.mark.parametrize(("doc_no", "quote", "kind", "value", "role"), [
    # a cap and a threshold printed as a percentage hold the fraction, as every rate does: shown as printed
    ("衡政发〔2024〕4号", "不超过50%", "cap", "50%", "上限"),
    ("丽政办发〔2024〕64号", "达到60%及以上", "condition", "60%", "门槛"),
    # a rate's role ``full`` is 全额 (全额支持), not a repeal's 全部废止
    ("衡政发〔2024〕4号", "全额支持", "rate", "100%", "全额"),
])
def test_percent_facts_read_as_printed_with_their_role(docs: list[dict], doc_no: str, quote: str, kind: str,
                                                      value: str, role: str) -> None:
    (document,) = [d for d in docs if d.get("doc_no") == doc_no]
    table = facts_table_html([f for f in document["facts"] if f["quote"] == quote and f["kind"] == kind],
                             clause_labels(document["clauses"]))
    cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", table)]
    assert value in cells and role in cells
    assert "全部废止" not in cells and not any(c.endswith(" %") for c in cells)
