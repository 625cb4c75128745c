"""Faster equivalents of ``pattern.finditer(text)`` for the fact patterns that Python's ``re`` cannot skip through.

A pattern that opens with an optional group, an alternation or a lookbehind (the money, quantity and percent
patterns) is tried by ``re`` at every position of the text, and each try walks its branches: most of an
extraction's regex time went to positions where no number stands. When every match of such a pattern is made
only of the characters of a class and holds one of a few required characters (the last characters of its units),
a match can only start at a character it can begin with that has a required character after it in the same run
of that class: ``finditer_in_runs`` finds those places with a pattern that opens with a plain character class
(which ``re`` scans for quickly) and tries the pattern there alone, in order, as ``finditer`` would. ``pattern.match(text, pos)`` sees the text before ``pos``, so lookbehinds
read exactly what they read in ``finditer``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def char_class(chars: Iterable[str], extra: str = "") -> str:
    """A regex character class of ``chars`` (escaped) and ``extra`` (regex text such as ``\\d``)."""
    return "[" + extra + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


def run_candidates(chars: str, required: Iterable[str], starts: str, extra: str = r"\d") -> re.Pattern[str]:
    """Where a match of a pattern can start, when each of its matches begins with one of ``starts`` (characters,
    and the class ``extra``), then is made of ``chars`` (and ``extra``) and holds one of ``required`` after its
    first character: a start character with a required one after it in the same run (the pattern of
    ``finditer_in_runs``)."""
    return re.compile(char_class(starts, extra) + char_class(chars, extra) + "*?" + char_class(required))


def finditer_in_runs(pattern: re.Pattern[str], text: str, candidates: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, given that each starts where ``candidates`` (``run_candidates``)
    matches: ``pattern`` is tried at those positions alone."""
    pos = 0
    while (candidate := candidates.search(text, pos)) is not None:
        match = pattern.match(text, candidate.start())
        if match is None:
            pos = candidate.start() + 1
            continue
        yield match
        pos = match.end()  # never empty: it holds a required character after its first


def finditer_near(pattern: re.Pattern[str], text: str, sites: Iterable[int], after: int,
                  before: int) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, given that a match starting at ``s`` has one of ``sites`` (in
    increasing order) in ``[s + after, s + before]``: only the positions from ``before`` to ``after`` characters
    before a site are tried."""
    end = tried = 0  # where the last match ended; every position before ``tried`` was tried already
    for site in sites:
        for pos in range(max(end, tried, site - before), site - after + 1):
            match = pattern.match(text, pos)
            if match is not None:
                yield match
                end = match.end()
                break
        tried = max(tried, site - after + 1)
