"""Rows of the PostgreSQL store as the SQLite store gives them: amounts and rates (NUMERIC) as their exact
decimal text, dates as ISO text, timestamps as ISO text in UTC, ``text``/``extraction`` decompressed; JSONB is
decoded by psycopg."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.rows import RowMaker

from kb.store.codec import loads, unpack_text


def read_value(name: str, value: Any) -> Any:
    """A column's value as the SQLite store reads it back."""
    if value is None:
        return None
    if isinstance(value, bool):  # term_stated: SQLite keeps 0 / 1
        return int(value)
    if name == "record":  # the typed measure's JSON, which SQLite keeps as text
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        data = bytes(value)
        if name == "text":
            return unpack_text(data)
        if name == "extraction":
            return loads(data)
        return data
    return value


def dict_row(cursor: psycopg.Cursor[Any]) -> RowMaker[dict[str, Any]]:
    """psycopg row factory: a plain dict per row, values as ``read_value`` gives them."""
    if cursor.description is None:
        return lambda values: {}  # type: ignore[arg-type, return-value]
    names = [c.name for c in cursor.description]

    def make(values: Sequence[Any]) -> dict[str, Any]:
        return {name: read_value(name, value) for name, value in zip(names, values, strict=True)}

    return make
