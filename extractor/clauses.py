"""Clause tree (placeholder until the clause parser lands)."""

from __future__ import annotations

from extractor.models import Clause


def parse_clauses(text: str, body_start: int = 0) -> list[Clause]:
    return []
