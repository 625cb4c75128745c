"""Search records of a document: amounts in yuan only (a USD award is no ``--min-amount`` hit), and the plain row
an ingest worker sends the writer read back as the same record."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.measures import derive_measures
from extractor.pipeline import extract_text
from kb.ingest import ingest
from kb.search.records import record_from_row, record_row, records_from_payload, records_from_store
from kb.store import Store
from tests.conftest import seed

# 湘西 (十七): both awards of the clause turned into 美元, so the clause names no yuan at all
XIANGXI = "001"
LINE = "(十七) 州内企业在海外建立和经营湘西特产线下"


def _usd_text() -> str:
    raw = seed(XIANGXI).read_text("utf-8")
    (line,) = [ln for ln in raw.splitlines() if ln.startswith(LINE)]
    assert line.count("一次性奖励 10 万元") == 2
    return raw.replace(line, line.replace("一次性奖励 10 万元", "一次性奖励 10 万美元"))


def _usd_clause() -> str:
    (clause,) = {m.clause for m in derive_measures(extract_text(_usd_text())) if m.currency == "USD"}
    return clause


def test_a_usd_award_sets_no_yuan_amount_from_the_payload() -> None:
    doc = extract_text(_usd_text())
    measures = derive_measures(doc)
    data = doc.to_dict()
    clause = _usd_clause()
    assert {m.upper_bound.value for m in measures if m.clause == clause and m.upper_bound} == {100000}
    records = {r.clause: r for r in records_from_payload(1, data, data["facts"], measures)}
    assert records[clause].max_amount is None


def test_a_usd_award_sets_no_yuan_amount_from_the_store(tmp_path: Path) -> None:
    path = tmp_path / "xiangxi_usd.txt"
    path.write_text(_usd_text(), "utf-8")
    store = Store.open(str(tmp_path / "kb.sqlite"))
    assert ingest([path], store, workers=1).ok
    (doc,) = store.documents()
    assert any(m["currency"] == "USD" for m in store.measures(doc_id=doc["id"]))
    clause = _usd_clause()
    records = {r.clause: r for r in records_from_store(store, doc["id"])}
    assert records[clause].max_amount is None
    assert any(r.max_amount == 100000 for r in records.values())  # the document's other 10 万元 awards


@pytest.mark.parametrize("number", ["001", "003"])
def test_a_record_row_reads_back_as_the_same_record(number: str) -> None:
    doc = extract_text(seed(number).read_text("utf-8"))
    data = doc.to_dict()
    records = records_from_payload(7, data, data["facts"], derive_measures(doc))
    assert len(records) > 1
    assert [record_from_row(7, record_row(r)) for r in records] == records


def test_a_long_record_text_is_snippeted_without_being_cached() -> None:
    from kb.search import snippet

    text = "\n".join(seed(number).read_text("utf-8") for number in ("001", "002", "003"))  # a long record
    assert len(text) > snippet.CACHED_TEXT_CHARS
    snippet._cached_runs.cache_clear()  # another test in this worker may have cached these very lines, or filled it
    kept = snippet._cached_runs.cache_info().currsize
    marked = snippet.make_snippet(text, {"跨境电商"})
    assert "【跨境电商】" in marked
    assert snippet._cached_runs.cache_info().currsize == kept
    first_line = next(line for line in text.splitlines() if "跨境电商" in line)
    snippet.make_snippet(first_line, {"跨境电商"})
    assert snippet._cached_runs.cache_info().currsize == kept + 1
