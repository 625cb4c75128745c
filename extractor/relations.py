"""Repealed, cited and implemented documents (placeholder until the relations extractor lands)."""

from __future__ import annotations

from typing import Any

from extractor.models import Document


def extract_relations(doc: Document) -> dict[str, Any]:
    return {"repeals": [], "cites": []}
