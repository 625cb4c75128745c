"""Effective date, term and expiry (placeholder until the validity extractor lands)."""

from __future__ import annotations

from typing import Any

from extractor.models import Document


def compute_validity(doc: Document) -> dict[str, Any]:
    return {"effective_from": None, "term": None, "term_stated": False, "expires_on": None}
