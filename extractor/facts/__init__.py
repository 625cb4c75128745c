"""Fact extractors: one module per kind of fact, each ``extract_<kind>(doc) -> Iterator[Fact]``."""

from __future__ import annotations

from dataclasses import replace

from extractor.models import Document, Fact

FACT_EXTRACTORS: list = []  # filled by the fact modules' registration below


def extract_facts(doc: Document) -> list[Fact]:
    facts: list[Fact] = []
    for extract in FACT_EXTRACTORS:
        facts.extend(extract(doc))
    located = []
    for fact in facts:
        if fact.clause is None:
            clause = doc.clause_at(fact.start)
            fact = replace(fact, clause=clause.id if clause else None)
        located.append(fact)
    located.sort(key=lambda f: (f.start, f.end, f.kind))
    return located
