"""Fact extractors: one module per kind of fact, each exposing ``extract(doc) -> Iterator[Fact]``.

The modules run in the order of ``FACT_MODULES``; a later extractor may read the facts of earlier ones through
``doc.facts`` (filled progressively), e.g. caps and tiers read the money facts.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import replace

from extractor.models import Document, Fact

FACT_MODULES = (
    "extractor.facts.money",
    "extractor.facts.rates",
    "extractor.facts.per_unit",
    "extractor.facts.caps",
    "extractor.facts.conditions",
    "extractor.facts.eligibility",
    "extractor.facts.tiers",
    "extractor.facts.dates",
    "extractor.facts.terms",
    "extractor.facts.doc_refs",
    "extractor.facts.responsibility",
    "extractor.facts.rules",
    "extractor.facts.application",
)


def _load() -> list[Callable[[Document], Iterator[Fact]]]:
    extractors = []
    for name in FACT_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        extractors.append(module.extract)
    return extractors


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
