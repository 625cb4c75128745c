"""Faster equivalents of ``pattern.finditer(text)`` for the fact patterns that Python's ``re`` cannot skip through.

A pattern that opens with an optional group, an alternation or a lookbehind (the money, quantity and percent
patterns) is tried by ``re`` at every position of the text, and each try walks its branches: most of an
extraction's regex time went to positions where no number stands. When every match of such a pattern is made
only of the characters of a class and holds one of a few required characters (the last characters of its units),
a match can only start inside a run of that class which holds a required character, and at one of the characters
a match can begin with: ``finditer_in_runs`` finds those runs with plain character classes (which ``re`` scans for
quickly) and tries the pattern at those positions alone, in order, as ``finditer`` would. ``pattern.match(text, pos)`` sees the text before ``pos``, so lookbehinds
read exactly what they read in ``finditer``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def char_class(chars: Iterable[str], extra: str = "") -> str:
    """A regex character class of ``chars`` (escaped) and ``extra`` (regex text such as ``\\d``)."""
    return "[" + extra + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


def finditer_in_runs(pattern: re.Pattern[str], text: str, runs: re.Pattern[str], required: re.Pattern[str],
                     starts: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, given that every match of ``pattern`` lies inside one match of
    ``runs`` (maximal runs of a character class: ``[...]+``), holds a match of ``required`` and begins with one
    of ``starts`` (both one character of a class). No other position can start a match, so no other is tried."""
    end = 0  # where the last match ended: finditer goes on from there
    for run in runs.finditer(text):
        lo, hi = max(run.start(), end), run.end()
        last = -1
        for req in required.finditer(text, lo, hi):
            last = req.start()
        pos = lo
        while pos <= last:  # a match starting after the last required character would hold none
            start = starts.search(text, pos, last + 1)
            if start is None:
                break
            match = pattern.match(text, start.start())
            if match is None:
                pos = start.start() + 1
                continue
            yield match
            pos = end = match.end()  # never empty: it holds a required character


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
