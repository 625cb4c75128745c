"""Highlighted snippets: the window of a record's text with the most distinct matched words, each match marked
【…】 (plain text; the app escapes it and turns the marks into ``<mark>``)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Set as AbstractSet
from functools import lru_cache

import jieba

from kb.search.analysis import analyze

OPEN, CLOSE = "【", "】"
_RUN = jieba.re_han_default  # what jieba.cut segments as one block


def match_spans(text: str, terms: AbstractSet[str]) -> list[tuple[int, int, str]]:
    """Character spans of the tokens of ``text`` that are among ``terms`` (an inner word inside a longer matched
    word is not marked twice).

    Example: match_spans("保费补贴", {"补贴"}) == [(2, 4, "补贴")]
    """
    found = sorted({(offset + start, offset + end, word) for offset, part in _parts_with_terms(text, terms)
                    for start, end, word in _tokens(part) if word in terms}, key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int, str]] = []
    for span in found:
        if out and span[0] < out[-1][1]:
            continue
        out.append(span)
    return out


@lru_cache(maxsize=1 << 14)
def _tokens(part: str) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, word)`` of every token of ``part``: a record's text does not change, and the hits shown
    again (the next page, the same query) are cut once. Bounded: the runs are sentence-sized."""
    return tuple((t.start, t.end, t.text) for t in analyze(part))


def _parts_with_terms(text: str, terms: AbstractSet[str]) -> list[tuple[int, str]]:
    """``(offset, part)`` of the runs of ``text`` that jieba segments on their own (it cuts every run of
    ``jieba.re_han_default`` apart from the rest) and that hold one of ``terms``: the tokens found there are the
    ones the whole text gives, at the same offsets, for a fraction of the work on a long record. The whole text
    when a term could be a token outside such runs, or when lowercasing changes the text's length."""
    runs = _runs(text)
    if runs is None or any(not _RUN.fullmatch(t) for t in terms):
        return [(0, text)]
    if not terms:
        return []
    # One scan for every term at once over the lowered runs joined by a character no term holds: each match lies
    # inside one run, and a run holding a term overlapped by another term's match holds that match.
    joined, starts = _joined(runs)
    held = sorted({bisect_right(starts, m.start()) - 1 for m in _terms_pattern(frozenset(terms)).finditer(joined)})
    return [(runs[i][0], runs[i][1]) for i in held]


def _joined(runs: tuple[tuple[int, str, str], ...]) -> tuple[str, list[int]]:
    starts, at = [], 0
    for _, _, lowered in runs:
        starts.append(at)
        at += len(lowered) + 1
    return "\x00".join(lowered for _, _, lowered in runs), starts


@lru_cache(maxsize=1 << 10)
def _terms_pattern(terms: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, terms)))  # which runs hold a match is all that is asked of it


CACHED_TEXT_CHARS = 4096  # longer texts (a whole document's record) are scanned again rather than kept


def _runs(text: str) -> tuple[tuple[int, str, str], ...] | None:
    """``(offset, run, run lowercased)`` of every run of ``text`` jieba segments on its own; None when
    lowercasing changes the text's length (offsets would not hold). Kept for clause-sized texts only: a cache of
    whole record texts would hold megabytes."""
    return _cached_runs(text) if len(text) <= CACHED_TEXT_CHARS else _scan_runs(text)


@lru_cache(maxsize=1 << 12)
def _cached_runs(text: str) -> tuple[tuple[int, str, str], ...] | None:
    return _scan_runs(text)


def _scan_runs(text: str) -> tuple[tuple[int, str, str], ...] | None:
    lowered = text.lower()
    if len(lowered) != len(text):
        return None
    return tuple((m.start(), m.group(), lowered[m.start():m.end()]) for m in _RUN.finditer(text))


def make_snippet(text: str, terms: AbstractSet[str], width: int = 120) -> str:
    """The best ``width``-character window of ``text`` with matches marked; the head of the text if none match.
    A clause-sized text's snippet for the same words is kept (a record's text never changes, and the app asks
    again on every rerun of its page, the next page and the way back).

    Example: make_snippet("对跨境电商企业给予保费补贴", {"补贴"}) == "对跨境电商企业给予保费【补贴】"
    """
    if len(text) <= CACHED_TEXT_CHARS:
        return _cached_snippet(text, frozenset(terms), width)
    return _snippet(text, terms, width)


@lru_cache(maxsize=1 << 12)
def _cached_snippet(text: str, terms: frozenset[str], width: int) -> str:
    return _snippet(text, terms, width)


def _snippet(text: str, terms: AbstractSet[str], width: int) -> str:
    flat = text.replace("\r", "").replace("\n", " ")
    spans = match_spans(flat, terms)
    if not spans:
        return flat[:width] + ("…" if len(flat) > width else "")
    first = spans[_best_window(spans, width)][0]
    lo = max(0, min(first - width // 4, len(flat) - width))
    hi = min(len(flat), lo + width)
    parts, cursor = [], lo
    for s, e, _ in spans:
        if s < lo or e > hi:
            continue
        parts += [flat[cursor:s], OPEN, flat[s:e], CLOSE]
        cursor = e
    parts.append(flat[cursor:hi])
    return ("…" if lo > 0 else "") + "".join(parts) + ("…" if hi < len(flat) else "")


def _best_window(spans: list[tuple[int, int, str]], width: int) -> int:
    """Index of the span that starts the ``width``-character window with the most distinct words (then the most
    matches; the first such window on a tie). Spans are sorted and do not overlap, so the spans inside a window
    are a run: two pointers, linear in the number of spans."""
    best, best_score = 0, -1
    counts: dict[str, int] = {}
    j = 0
    for i, (s, _, _) in enumerate(spans):
        j = max(j, i)
        while j < len(spans) and spans[j][1] <= s + width:
            counts[spans[j][2]] = counts.get(spans[j][2], 0) + 1
            j += 1
        score = len(counts) * 1000 + (j - i)
        if score > best_score:
            best, best_score = i, score
        word = spans[i][2]
        if j > i:
            counts[word] -= 1
            if not counts[word]:
                del counts[word]
    return best
