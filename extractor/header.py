"""Header fields (placeholder, being written)."""

from __future__ import annotations

from extractor.models import Header


def parse_header(text: str) -> Header:
    return Header()
