"""The gold in ``annotations/`` is well formed (format: annotations/README.md).

Every YAML file parses, carries the required keys, names only documented fact kinds, pins every fact to a raw
span whose slice equals its ``quote`` (seeds) or hashes to its ``sha1`` (dev documents, which live in
``../shared/corpus`` and are skipped when that checkout is absent), and writes intervals that are well formed.
Header and validity dates must be quoted strings: an unquoted ``2024-09-24`` loads as a ``datetime.date`` and
never equals the extractor's ISO string, so the field would silently score as a miss.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from extractor.reader import read_document
from tests.conftest import ROOT, SHARED

ANNOTATIONS = ROOT / "annotations"
# topics/ holds the topic gold (its own format, checked by tests/quality/test_topic_eval.py)
ALL_FILES = sorted(p for p in ANNOTATIONS.rglob("*.yaml")
                   if not {"tools", "topics"} & set(p.relative_to(ANNOTATIONS).parts))
# lawrefbook/: version dates of laws (effective_from, inferred, original_effective_from, the info block's events)
VERSION_FILES = [p for p in ALL_FILES if p.relative_to(ANNOTATIONS).parts[0] == "lawrefbook"]
FILES = [p for p in ALL_FILES if p not in VERSION_FILES]
VERSION_VALIDITY = {"effective_from": (str, type(None)), "inferred": (bool,), "original_effective_from": (str, type(None))}
EVENT_KINDS = {"adopted", "amended", "revised", "approved", "published", "effective"}

REQUIRED_KEYS = ("source", "annotator", "checked", "header", "facts")
HEADER_FIELDS = {
    "reg_no", "doc_no", "title", "doc_type", "attachment_title", "attachment_type", "issuers",
    "issue_date", "print_date", "jurisdiction",
}
VALIDITY_FIELDS = {"effective_from", "term", "term_stated", "expires_on"}
KINDS = {"money", "cap", "rate", "condition", "tier", "date", "term", "doc_no", "repeals", "cites"}
VALUE_KINDS = {"money", "cap", "rate", "date", "term", "doc_no", "repeals", "cites"}
MONEY_ROLES = {"award", "subsidy", "cap", "threshold", "fund", "fee", "other",
               # money that is not paid (annotations/README.md): a loan ceiling is no cap
               "loan_limit", "withdrawal_limit", "down_payment", "guarantee_amount", "price", "registered_capital"}
DATE_ROLES = {"issue", "print", "effective", "expiry", "deadline", "start", "end", "other"}  # expiry: annotations/README.md
DOC_NO_ROLES = {"self", "cites", "repeals"}
CURRENCIES = {"CNY", "USD"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FACT_DATE = re.compile(r"^(\d{4}|-)-\d{2}-\d{2}$")  # --11-30: a yearly date (每年11月底前)
ISO_DURATION = re.compile(r"^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$")


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def _source(gold: dict[str, Any]) -> Path:
    source = gold["source"]
    return ROOT / source if source.startswith("corpus/") else SHARED / "corpus" / source


def _check_interval(interval: Any, where: str) -> None:
    assert isinstance(interval, dict), f"{where}: interval is not a mapping"
    assert set(interval) <= {"low", "low_inclusive", "high", "high_inclusive"}, f"{where}: unknown interval keys"
    low, high = interval.get("low"), interval.get("high")
    assert low is not None or high is not None, f"{where}: interval open at both ends"
    for name in ("low_inclusive", "high_inclusive"):
        assert isinstance(interval.get(name, False), bool), f"{where}: {name} is not a boolean"
    for bound in (low, high):
        assert bound is None or isinstance(bound, (int, float)), f"{where}: bound {bound!r} is not a number"
    if low is not None and high is not None:
        lo, hi = Decimal(str(low)), Decimal(str(high))
        assert lo <= hi, f"{where}: low {low} > high {high}"
        if lo == hi:
            assert interval.get("low_inclusive") and interval.get("high_inclusive"), f"{where}: empty interval"


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ANNOTATIONS)) for p in paths]


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_annotation_file_is_well_formed(path: Path) -> None:
    gold = _load(path)
    missing = [key for key in REQUIRED_KEYS if key not in gold]
    assert not missing, f"{path.name}: missing {missing}"
    assert isinstance(gold["annotator"], str) and gold["annotator"].strip()
    assert isinstance(gold["checked"], (date, str))
    header = gold["header"]
    assert isinstance(header, dict), "header is not a mapping"
    assert set(header) <= HEADER_FIELDS, f"unknown header fields {set(header) - HEADER_FIELDS}"
    validity = gold.get("validity") or {}
    assert isinstance(validity, dict), "validity is not a mapping"
    assert set(validity) <= VALIDITY_FIELDS, f"unknown validity fields {set(validity) - VALIDITY_FIELDS}"
    for section, name in [("header", "issue_date"), ("header", "print_date"),
                          ("validity", "effective_from"), ("validity", "expires_on")]:
        value = (header if section == "header" else validity).get(name)
        assert value is None or (isinstance(value, str) and ISO_DATE.match(value)), (
            f"{section}.{name} = {value!r}: write ISO dates quoted ('2024-09-24'), else YAML loads a date object"
        )
    if validity.get("term") is not None:
        assert ISO_DURATION.match(str(validity["term"])), f"validity.term {validity['term']!r} is not ISO 8601"
    if header.get("issuers") is not None:
        assert isinstance(header["issuers"], list) and all(isinstance(i, str) for i in header["issuers"])
    jurisdiction = header.get("jurisdiction")
    if jurisdiction is not None:
        assert isinstance(jurisdiction, dict) and set(jurisdiction) <= {"province", "city", "county"}
    facts = gold["facts"]
    assert isinstance(facts, list) and facts, "facts is not a non-empty list"
    seeds = gold["source"].startswith("corpus/")
    for i, fact in enumerate(facts):
        where = f"{path.name} fact {i} ({fact.get('kind')})"
        assert fact.get("kind") in KINDS, f"{where}: kind not in {sorted(KINDS)}"
        span = fact.get("span")
        assert isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span), where
        assert 0 <= span[0] < span[1], f"{where}: bad span {span}"
        if seeds:
            assert isinstance(fact.get("quote"), str), f"{where}: seed facts carry the raw slice as quote"
        else:
            assert re.fullmatch(r"[0-9a-f]{40}", str(fact.get("sha1", ""))), f"{where}: dev facts carry a sha1"
        kind = fact["kind"]
        if kind in VALUE_KINDS:
            assert fact.get("value") is not None, f"{where}: no value"
        if kind == "money":
            assert fact.get("role") in MONEY_ROLES, f"{where}: money role {fact.get('role')!r}"
            assert fact.get("currency", "CNY") in CURRENCIES, f"{where}: currency {fact.get('currency')!r}"
        if kind in {"money", "cap"}:
            assert isinstance(fact["value"], (int, float)) and fact["value"] > 0, f"{where}: value not positive"
        if kind == "rate":
            assert isinstance(fact["value"], (int, float)) and 0 < fact["value"] <= 1, f"{where}: not a fraction"
        if kind == "date":
            assert isinstance(fact["value"], str) and FACT_DATE.match(fact["value"]), f"{where}: not a quoted date"
            assert fact.get("role") in DATE_ROLES, f"{where}: date role {fact.get('role')!r}"
        if kind == "term":
            assert ISO_DURATION.match(str(fact["value"])), f"{where}: term {fact['value']!r} is not ISO 8601"
        if kind == "doc_no":
            assert fact.get("role") in DOC_NO_ROLES, f"{where}: doc_no role {fact.get('role')!r}"
        if kind == "condition":
            _check_interval(fact.get("interval"), where)
        if kind == "tier":
            tiers = fact.get("tiers")
            assert isinstance(tiers, list) and len(tiers) >= 2, f"{where}: a schedule has at least two tiers"
            for j, tier in enumerate(tiers):
                assert "interval" in tier or "level" in tier, f"{where} tier {j}: neither interval nor level"
                if "interval" in tier:
                    _check_interval(tier["interval"], f"{where} tier {j}")
                for k, cond in enumerate(tier.get("conditions") or []):
                    _check_interval(cond.get("interval"), f"{where} tier {j} condition {k}")


@pytest.mark.parametrize("path", VERSION_FILES, ids=_ids(VERSION_FILES))
def test_version_gold_is_well_formed(path: Path) -> None:
    gold = _load(path)
    assert {"source", "annotator", "checked", "validity", "info_block"} <= set(gold), f"{path.name}: keys missing"
    assert gold["source"].startswith("lawrefbook/"), f"{path.name}: a lawrefbook law is named from ../shared/corpus"
    validity = gold["validity"]
    assert set(validity) == set(VERSION_VALIDITY), f"{path.name}: validity keys {sorted(validity)}"
    for name, types in VERSION_VALIDITY.items():
        assert isinstance(validity[name], types), f"{path.name}: validity.{name} = {validity[name]!r}"
        if isinstance(validity[name], str):
            assert ISO_DATE.match(validity[name]), f"{path.name}: validity.{name} is not an ISO date"
    assert gold["info_block"], f"{path.name}: no info-block events"
    for event in gold["info_block"]:
        assert event["kind"] in EVENT_KINDS, f"{path.name}: event kind {event['kind']!r}"
        assert isinstance(event["date"], str) and ISO_DATE.match(event["date"]), f"{path.name}: {event}"
    source = _source(gold)
    if SHARED.is_dir() and (SHARED / "corpus" / "lawrefbook").is_dir():
        assert source.exists(), f"{gold['source']} not found"
        assert "<!-- INFO END -->" in read_document(source).text, f"{gold['source']}: no info block"


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_annotation_spans_match_the_raw_file(path: Path) -> None:
    gold = _load(path)
    source = _source(gold)
    if not source.exists():
        pytest.skip(f"{gold['source']} not found under {source.parent} (dev documents live in ../shared/corpus)")
    raw = read_document(source).text
    wrong = []
    for i, fact in enumerate(gold.get("facts") or []):
        start, end = fact["span"]
        piece = raw[start:end]
        if end > len(raw):
            wrong.append(f"fact {i}: span {fact['span']} past the end ({len(raw)})")
        elif "quote" in fact and piece != fact["quote"]:
            wrong.append(f"fact {i} ({fact['kind']}): raw {piece!r} != quote {fact['quote']!r}")
        elif "sha1" in fact and hashlib.sha1(piece.encode("utf-8")).hexdigest() != fact["sha1"]:
            wrong.append(f"fact {i} ({fact['kind']}): sha1 of raw {piece!r} differs")
    assert not wrong, "\n".join(wrong)


def test_every_seed_has_its_gold() -> None:
    seeds = sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))
    sources = {_load(p)["source"] for p in FILES}
    assert [s for s in seeds if f"corpus/{s}" not in sources] == []
