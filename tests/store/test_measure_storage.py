"""The typed Measure stored exactly: ``Measure.from_dict(to_dict(m)) == m`` over the seeds' and the dev corpus's
measures, and no float anywhere between extraction and the stored row."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import Interval, extract_file
from extractor.measures import Measure, derive_measures
from kb.ingest import extract_payload, ingest
from kb.store import Store
from tests.conftest import SEEDS, dev_files, seed

AMOUNT_COLUMNS = ("max_amount", "rate", "certain_amount", "confidence")


@cache
def corpus_measures() -> tuple[Measure, ...]:
    return tuple(m for path in [*SEEDS, *dev_files()] for m in derive_measures(extract_file(path)))


def test_the_corpus_gives_measures_to_check() -> None:
    assert len(corpus_measures()) >= 40


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_measure_reads_back_exactly_from_its_stored_form(data: st.DataObject) -> None:
    m = data.draw(st.sampled_from(corpus_measures()))
    stored = json.loads(json.dumps(m.to_dict(), ensure_ascii=False))
    assert Measure.from_dict(stored) == m


@settings(max_examples=60, deadline=None)
@given(st.data(), st.floats(min_value=0, max_value=1))
def test_a_topic_confidence_reads_back_exactly_too(data: st.DataObject, confidence: float) -> None:
    m = dataclasses.replace(data.draw(st.sampled_from(corpus_measures())), topic="海外仓", confidence=confidence)
    assert Measure.from_dict(json.loads(json.dumps(m.to_dict()))) == m


def floats_in(value: Any, path: str = "") -> list[str]:
    """Where a float hides in a record (dataclasses, intervals, containers)."""
    if isinstance(value, float):
        return [path]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [p for f in dataclasses.fields(value) for p in floats_in(getattr(value, f.name), f"{path}.{f.name}")]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in floats_in(v, f"{path}.{k}")]
    if isinstance(value, list | tuple):
        return [p for i, v in enumerate(value) for p in floats_in(v, f"{path}[{i}]")]
    return []


def no_json_float(text: str) -> Any:
    def refuse(number: str) -> Any:
        raise AssertionError(f"a float {number} in a stored measure")
    return json.loads(text, parse_float=refuse)


def test_no_float_between_extraction_and_the_stored_row(tmp_path: Path) -> None:
    measures = corpus_measures()
    assert all(not floats_in(m) for m in measures), [floats_in(m) for m in measures if floats_in(m)][:3]
    assert any(isinstance(m.rate, Decimal) and m.rate != m.rate.to_integral_value() for m in measures)
    # the worker's payload carries the typed measures themselves, not their JSON numbers
    payload = extract_payload(str(seed("003")))
    assert all(isinstance(m, Measure) for m in payload["measures"])
    assert [floats_in(m) for m in payload["measures"]] == [[".confidence"]] * len(payload["measures"])
    store = Store.open(tmp_path / "kb.sqlite")
    ingest([seed("003"), seed("002")], store, workers=1)
    raw = sqlite3.connect(tmp_path / "kb.sqlite")
    types = raw.execute("SELECT " + ", ".join(f"typeof({c})" for c in AMOUNT_COLUMNS)
                        + ", record, thresholds FROM measures").fetchall()
    assert types
    for row in types:
        assert set(row[:len(AMOUNT_COLUMNS)]) <= {"text", "null"}
        record = no_json_float(row[-2])
        no_json_float(row[-1])
        assert Decimal(record["upper_bound"]["value"]) if record["upper_bound"] else True
    fractions = [m["measure"].rate for m in store.measures() if m["rate"] is not None]
    assert Decimal("0.5") in fractions


def test_intervals_keep_their_inclusive_ends() -> None:
    (settle,) = [m for m in corpus_measures() if m.clause_label == "（四）" and "落户" in m.quote][:1]
    window = next(c for c in settle.conditions if c.kind == "settled_window")
    assert window.interval == Interval(Decimal(0), False, Decimal(2), True)
    assert Measure.from_dict(settle.to_dict()).conditions == settle.conditions
