"""How values are written to and read from store columns: exact Decimals as TEXT, the one JSON encoder of
Decimals (``kb.text.format``: ``exact`` keeps them as strings, ``json_numbers`` makes numbers), run-length
offset maps and zlib-compressed large columns."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import zlib
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from extractor.measures import Measure
from kb.text.format import exact

ZLIB_LEVEL = 6
_JSON_COLUMNS = {"issuers", "validity_basis", "extra", "thresholds", "extraction", "version", "platform"}

def encode_offsets(offsets: Sequence[int]) -> list[list[int]]:
    """Run-length encode a normalized→raw offset map: ``[[norm_start, raw_start, length], ...]``.

    Example: encode_offsets([0, 1, 2, 5, 6]) == [[0, 0, 3], [3, 5, 2]]
    """
    runs: list[list[int]] = []
    for i, raw in enumerate(offsets):
        if runs and runs[-1][1] + runs[-1][2] == raw and runs[-1][0] + runs[-1][2] == i:
            runs[-1][2] += 1
        else:
            runs.append([i, raw, 1])
    return runs


def decode_offsets(runs: Sequence[Sequence[int]]) -> list[int]:
    """The inverse of ``encode_offsets``.

    Example: decode_offsets([[0, 0, 3], [3, 5, 2]]) == [0, 1, 2, 5, 6]
    """
    out: list[int] = []
    for _norm, raw, length in runs:
        out.extend(range(raw, raw + length))
    return out


def _text(value: Any) -> str | None:
    """A scalar as exact TEXT for SQLite (Decimal → its string; float → repr; None stays None)."""
    if value is None:
        return None
    if isinstance(value, Decimal | int | float):
        return str(value)
    if isinstance(value, dict | list | tuple):
        return json.dumps(exact(value), ensure_ascii=False)
    return str(value)


def _json_default(value: Any) -> Any:
    """What ``json`` cannot write by itself, as ``exact`` gives it (called for those values only)."""
    if isinstance(value, Decimal) or (dataclasses.is_dataclass(value) and not isinstance(value, type)) \
            or (hasattr(value, "to_dict") and not isinstance(value, type)):
        return exact(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _dumps(value: Any) -> str | None:
    """JSON text, Decimals exact (as ``json.dumps(exact(value))``, without walking plain dicts and lists twice)."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _packed(value: Any) -> bytes | None:
    """``_dumps`` compressed with zlib, for the large JSON columns (``extraction``, ``raw_offsets``)."""
    text = _dumps(value)
    return None if text is None else zlib.compress(text.encode("utf-8"), ZLIB_LEVEL)


def _pack_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), ZLIB_LEVEL)


def _unpack_text(value: str | bytes) -> str:
    return zlib.decompress(value).decode("utf-8") if isinstance(value, bytes) else value


def _loads(value: str | bytes) -> Any:
    """A JSON column's value: plain JSON text or zlib-compressed JSON (``_packed``)."""
    if isinstance(value, bytes):
        value = zlib.decompress(value)
    return json.loads(value)


def span_of(record: dict[str, Any]) -> tuple[int | None, int | None]:
    span = record.get("span")
    if isinstance(span, list | tuple) and len(span) == 2:
        return span[0], span[1]
    return record.get("start"), record.get("end")


def _decoder(name: str) -> Callable[[Any], Any] | None:
    """How a column's stored value is read back (None: as it is)."""
    if name in _JSON_COLUMNS:
        return lambda v: _loads(v) if isinstance(v, str | bytes) else v
    if name == "text":
        return lambda v: _unpack_text(v) if isinstance(v, bytes) else v
    if name == "term_stated":
        return lambda v: None if v is None else bool(v)
    return None


@lru_cache(maxsize=256)
def _plan(description: tuple[tuple[Any, ...], ...]) -> tuple[tuple[str, ...], tuple[tuple[int, str, Any], ...]]:
    """Column names of a result and the few columns to decode, worked out once per distinct result shape."""
    names = tuple(d[0] for d in description)
    special = tuple((i, n, fn) for i, n in enumerate(names) if (fn := _decoder(n)) is not None)
    return names, special


def _row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    names, special = _plan(cursor.description)
    out = dict(zip(names, row, strict=True))
    for i, name, decode in special:
        out[name] = decode(row[i])
    return out


# -- measures ---------------------------------------------------------------------------------------------------


def measure_columns(m: Measure) -> tuple[Any, ...]:
    """The row of one typed measure, after ``doc_id``: every amount exact TEXT, the whole record as JSON of
    ``Measure.to_dict()`` (Decimals as strings: no float on the way)."""
    record = m.to_dict()
    return (
        m.clause, m.topic, record["confidence"], m.summary, _text(m.upper_bound.value if m.upper_bound else None),
        m.currency, _text(m.rate), json.dumps(record["thresholds"], ensure_ascii=False), m.quote, m.start, m.end,
        m.beneficiary, json.dumps({"topic_method": m.topic_method}, ensure_ascii=False),
        json.dumps(record, ensure_ascii=False), m.clause_label,
        _text(m.certain_amount.value if m.certain_amount else None), m.amount_basis, m.domain,
    )


def measure_from_row(row: dict[str, Any]) -> Measure | None:
    """The typed measure of a stored row, read back exactly (None for a row written before schema 4)."""
    record = row.get("record")
    return Measure.from_dict(json.loads(record)) if record else None
# the public names other store modules import (the underscored ones stay for kb.store.sqlite)
as_text = _text
dumps = _dumps
loads = _loads
packed = _packed
pack_text = _pack_text
unpack_text = _unpack_text
_span = span_of
