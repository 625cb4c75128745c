"""Fact extractors: one module per kind of fact, each exposing ``extract(doc) -> Iterator[Fact]``.

The modules run in the order of ``FACT_MODULES`` (imported plainly: a missing one is an ImportError); a later extractor may read the facts of earlier ones through
``doc.facts`` (filled progressively), e.g. caps and tiers read the money facts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from extractor.facts import (
    application,
    caps,
    conditions,
    dates,
    doc_refs,
    eligibility,
    money,
    per_unit,
    rates,
    responsibility,
    rules,
    terms,
    tiers,
)
from extractor.models import Document, Fact

FACT_MODULES = (
    money,
    rates,
    per_unit,
    caps,
    conditions,
    eligibility,
    tiers,
    dates,
    terms,
    doc_refs,
    responsibility,
    rules,
    application,
)


def _load() -> list[Callable[[Document], Iterator[Fact]]]:
    return [module.extract for module in FACT_MODULES]


def extract_facts(doc: Document) -> list[Fact]:
    doc.facts = []
    for extract in _load():
        found = [_with_clause(doc, fact) for fact in extract(doc)]
        doc.facts.extend(found)
    doc.facts.sort(key=lambda f: (f.start, f.end, f.kind))
    return doc.facts


def _with_clause(doc: Document, fact: Fact) -> Fact:
    if fact.clause is not None:
        return fact
    clause = doc.clause_at(fact.start)
    return replace(fact, clause=clause.id if clause else None) if clause else fact
