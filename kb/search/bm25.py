"""tantivy's BM25, for the PostgreSQL engine to rank as the tantivy engine does (``kb.search.postgres_engine``).

What tantivy does (its ``query/bm25.rs``, ``fieldnorm/code.rs``, phrase scorer), replicated here:
- per field, idf = ln(1 + (N - df + 0.5) / (df + 0.5)) over every record of the index, and a term's score
  idf * (1 + k1) * tf / (tf + k1 * (1 - b + b * norm / avg)), k1 = 1.2, b = 0.75;
- ``norm`` is the field's length as tantivy keeps it: one byte, exact below 24 words, then on a log scale
  (``fieldnorm``); ``avg`` is the exact total of the field's lengths over N;
- a phrase scores as one term whose tf is how often the phrase occurs and whose idf is its words' idf summed;
- a boost multiplies, a boolean query sums the scores of its parts.
tantivy computes in f32, this in float8: a tie on one side may be two close scores on the other (not met on the
agreement test's queries).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

K1 = 1.2
B = 0.75
FIELDS = 6  # the fields of a Split: text, text inner, heading, heading inner, meta, meta inner
_IDENTITY = 24


def _decode(code: int) -> int:
    """The length a fieldnorm byte stands for (Lucene's scheme, as tantivy's ``FIELD_NORMS_TABLE``)."""
    if code < _IDENTITY:
        return code
    b = code - _IDENTITY
    bits, shift = b & 0b111, b >> 3
    return _IDENTITY + (bits if shift == 0 else (bits | 8) << (shift - 1))


NORMS = [_decode(code) for code in range(256)]


def fieldnorm(length: int) -> int:
    """A field's length as tantivy keeps it: the largest length of its one-byte table not above ``length``.

    Example: [fieldnorm(n) for n in (23, 41, 42, 1000)] == [23, 40, 42, 984]
    """
    return NORMS[bisect_right(NORMS, length) - 1]


def idf(df: int, docs: int) -> float:
    """Example: round(idf(1, 10), 4) == 1.9924"""
    return math.log(1.0 + (docs - df + 0.5) / (df + 0.5))


def record_stats(words: Sequence[str], inner: str) -> tuple[dict[str, list[int]], list[int], list[int]]:
    """A record's word counts (a main word's [text, heading, meta] counts; an inner word's under ``inner`` + word),
    its fields' exact lengths and their fieldnorms, from its ``Split`` (``words``).

    Example: record_stats(("保费补贴 资金", "保费 补贴", "", "", "", ""), "~")[0]["~保费"] == [1, 0, 0]
    """
    tf: dict[str, list[int]] = {}
    lengths = []
    for i, field_words in enumerate(words[:FIELDS]):
        tokens = field_words.split()
        lengths.append(len(tokens))
        for token in tokens:
            tf.setdefault(token if i % 2 == 0 else inner + token, [0, 0, 0])[i // 2] += 1
    return tf, lengths, [fieldnorm(n) for n in lengths]


def term_weight(boost: float, idf_sum: float) -> float:
    """What a term's (or a phrase's) tf-part is multiplied by."""
    return boost * idf_sum * (1.0 + K1)


def averages(stats: dict[str, Any]) -> list[float]:
    """Each field's average length (tantivy: total tokens / records; 1 for an empty index, never read)."""
    docs = int(stats["docs"]) or 1
    return [int(t) / docs for t in stats["tokens"]]
