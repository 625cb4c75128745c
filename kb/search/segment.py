"""jieba's precise segmentation without HMM (``jieba.dt.cut(text, HMM=False)``), the same words about 1.6× faster.

Splitting every record into words is the largest cost of an ingest after extraction (README, Performance).
jieba builds a dict of candidate word ends per character (``get_DAG``), then a dict route through it with a
generator and ``max`` per character (``calc``); here the candidates are scored as they are found and the route
kept in two lists. The arithmetic is jieba's, term for term (``log(freq) - log(total) + best score after the
word``, ties going to the longer word as ``max`` over ``(score, end)`` tuples does), over jieba's own
dictionary (``jieba.dt.FREQ``, words added by ``kb.search.analysis.load_dictionary`` included), so the words
are the same; ``tests/unit/test_segment.py`` compares the two on real documents.
"""

from __future__ import annotations

import re
from math import log

import jieba

_HAN = jieba.re_han_default  # the runs jieba segments with its dictionary
_SKIP = jieba.re_skip_default  # whitespace, kept as tokens between the runs
_ENG = re.compile("[a-zA-Z0-9]", re.U)  # jieba's re_eng: single ASCII letters or digits are joined


def cut_precise(text: str) -> list[str]:
    """The words ``jieba.dt.cut(text, HMM=False)`` gives, in order (jieba's dictionary must be initialized).

    Example: cut_precise("对跨境电商企业给予保费补贴") == list(jieba.dt.cut("对跨境电商企业给予保费补贴", HMM=False))
    """
    freq, log_total = jieba.dt.FREQ, log(jieba.dt.total)
    out: list[str] = []
    for block in _HAN.split(text):
        if not block:
            continue
        if _HAN.match(block):
            _cut_run(block, freq, log_total, out)
            continue
        for part in _SKIP.split(block):
            if _SKIP.match(part):
                out.append(part)
            else:
                out.extend(part)  # jieba yields every other character on its own
    return out


def _cut_run(run: str, freq: dict[str, int], log_total: float, out: list[str]) -> None:
    """Append the words of one run of ``_HAN`` characters: the best-scoring path through the dictionary."""
    n = len(run)
    score = [0.0] * (n + 1)  # best score of run[k:]
    end = [0] * (n + 1)  # where the first word of that best path ends (inclusive)
    for k in range(n - 1, -1, -1):
        best, best_end = 0.0, -1
        i, frag = k, run[k]
        while i < n and frag in freq:  # freq holds every prefix of a word (at 0)
            count = freq[frag]
            if count:
                value = log(count) - log_total + score[i + 1]
                if best_end < 0 or value >= best:  # ``>=``: a tie goes to the longer word, as in jieba
                    best, best_end = value, i
            i += 1
            frag = run[k:i + 1]
        if best_end < 0:  # no dictionary word starts here: the character alone
            best, best_end = log(freq.get(run[k]) or 1) - log_total + score[k + 1], k
        score[k], end[k] = best, best_end
    x, letters = 0, ""
    while x < n:
        y = end[x] + 1
        word = run[x:y]
        if len(word) == 1 and _ENG.match(word):
            letters += word
        else:
            if letters:
                out.append(letters)
                letters = ""
            out.append(word)
        x = y
    if letters:
        out.append(letters)
