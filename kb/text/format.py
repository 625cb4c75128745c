"""The one JSON encoder of Decimals: ``exact`` (Decimals as strings, for storage and exact output) and
``json_numbers`` (Decimals as numbers, for screens and scripts)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any


def exact(value: Any) -> Any:
    """JSON-ready form that keeps Decimals exact (as strings); records become their dicts."""
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: exact(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "to_dict") and not isinstance(value, type):
        return exact(value.to_dict())
    if isinstance(value, dict):
        return {k: exact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [exact(v) for v in value]
    return value


def json_numbers(value: Any) -> Any:
    """Decimals as JSON numbers (an int when whole), recursively; records become their dicts. For output that
    scripts and screens read as numbers (the store itself keeps exact TEXT).

    Example: json_numbers({"a": Decimal("500000"), "b": [Decimal("0.5")]}) == {"a": 500000, "b": [0.5]}
    """
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: json_numbers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_numbers(v) for v in value]
    if hasattr(value, "to_dict") and not isinstance(value, type):
        return json_numbers(value.to_dict())
    return value
