"""Sentences of a policy text: the one splitter, for the extractor and kb alike.

Two questions, two functions: ``sentence_bounds`` (the sentence around a span) and ``split_sentences`` (every
sentence of a range). Which characters end a sentence is the caller's: fact rules stop at 。； (a 款 of a law
often runs on with ；), kb's matching at 。！？ and line ends.

Two splittings really differ and stay apart as ``whole_runs``: by default a sentence is the words up to one
terminator, a line break ends it and is left out, and stray terminators are dropped (what the fact rules read);
with ``whole_runs`` line breaks do not end sentences (they also break table rows and PDF lines), a run of
terminators (。。 or ！？) stays with the sentence it ends, and spans are trimmed of white space (what measures
are grouped by).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

SENTENCE_STOPS = "。！？\n"


def sentence_bounds(text: str, start: int, end: int | None = None, stops: str = SENTENCE_STOPS,
                    keep_newline: bool = True, reach: int | None = None) -> tuple[int, int]:
    """``(begin, finish)`` of the sentence holding ``text[start:end]``: after the last stop before ``start``
    up to and including the first stop at or after ``end`` (default ``start``); a closing line break is left
    out when ``keep_newline`` is False. With ``reach``, the sentence is cut at most that many characters either
    side (a text without punctuation would otherwise make every sentence the whole text: quadratic extraction).

    Example: sentence_bounds("甲。乙丙。丁", 3) == (2, 5)
    """
    at = start if end is None else end
    low = 0 if reach is None else max(0, start - reach)
    high = len(text) if reach is None else min(len(text), at + reach)
    begin = max(max((text.rfind(c, low, start) for c in stops), default=-1) + 1, low)
    ends = [i for c in stops if (i := text.find(c, at, high)) != -1]
    finish = min(ends) + 1 if ends else high
    if not keep_newline and finish > 0 and text[finish - 1] == "\n":
        finish -= 1
    return begin, finish


@lru_cache(maxsize=32)
def _pattern(stops: str, whole_runs: bool) -> re.Pattern[str]:
    chars = re.escape(stops)
    return re.compile(rf"[{chars}]+" if whole_runs else rf"[^{chars}\n]+[{chars}]?")


def split_sentences(text: str, start: int = 0, end: int | None = None, stops: str = "。；;",
                    whole_runs: bool = False) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of ``text[start:end]`` (see the module docstring for ``whole_runs``).

    Example: list(split_sentences("甲。乙；\\n丙")) == [(0, 2), (2, 4), (5, 6)]
    """
    end = len(text) if end is None else end
    pattern = _pattern(stops, whole_runs)
    if not whole_runs:
        for match in pattern.finditer(text, start, end):
            if match.group(0).strip():
                yield match.start(), match.end()
        return
    pieces = []
    pos = start
    for match in pattern.finditer(text, start, end):
        pieces.append((pos, match.end()))
        pos = match.end()
    pieces.append((pos, end))
    for s, e in pieces:
        piece = text[s:e]
        if piece.strip():
            yield s + len(piece) - len(piece.lstrip()), s + len(piece.rstrip())
