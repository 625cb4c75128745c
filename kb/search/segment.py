"""jieba's precise segmentation without HMM (``jieba.dt.cut(text, HMM=False)``), cut by jieba-rs: the same words.

Splitting every record into words is the largest cost of an ingest after extraction (README, Performance), and
jieba's per-character Python loop is most of it. ``rjieba`` binds jieba-rs, the Rust port of the same algorithm
(a DAG of dictionary words, the best route by ``log(freq) - log(total)``), about eight times faster here. It is
given jieba's own dictionary — every word of ``jieba.dt.FREQ`` with its count, so the words
``kb.search.analysis.load_dictionary`` added are in it — and the same total: jieba's ``add_word`` adds a word's
new count to the total without taking off its old one, so the total is more than the counts' sum, and a route's
score depends on it. A word outside every run the cut sees (a private-use character) carries the difference.
Only the runs jieba itself segments (``re_han_default``) go to jieba-rs, whose run pattern is wider; the rest is
split as jieba splits it. ``tests/unit/test_segment.py`` compares the words with jieba's on real documents.

The jieba-rs dictionary is built (about 0.25 s) at the first cut after jieba's dictionary changed: its size and
total tell, so a word added later is never missed.
"""

from __future__ import annotations

import threading

import jieba
import rjieba

_HAN = jieba.re_han_default  # the runs jieba segments with its dictionary
_SKIP = jieba.re_skip_default  # whitespace, kept as tokens between the runs
_BALANCE = "\ue000"  # never inside a _HAN run, so never a word of a cut: it only carries jieba's extra total

_lock = threading.Lock()
_built: tuple[tuple[int, int, int], rjieba.Jieba] | None = None


def _segmenter() -> rjieba.Jieba:
    """The jieba-rs segmenter holding jieba's dictionary as it is now (rebuilt when that changed)."""
    global _built
    freq = jieba.dt.FREQ
    key = (id(freq), len(freq), jieba.dt.total)
    built = _built
    if built is not None and built[0] == key:
        return built[1]
    with _lock:
        if _built is not None and _built[0] == key:
            return _built[1]
        seg = rjieba.Jieba.empty()
        counted = 0
        for word, count in freq.items():
            if count:  # a count of 0 is a prefix of a word, not a word
                seg.add_word(word, count, None)
                counted += count
        if jieba.dt.total > counted:
            seg.add_word(_BALANCE, jieba.dt.total - counted, None)
        _built = (key, seg)
        return seg


def cut_precise(text: str) -> list[str]:
    """The words ``jieba.dt.cut(text, HMM=False)`` gives, in order (jieba's dictionary must be initialized).

    Example: cut_precise("对跨境电商企业给予保费补贴") == list(jieba.dt.cut("对跨境电商企业给予保费补贴", HMM=False))
    """
    cut = _segmenter().cut
    out: list[str] = []
    # both patterns capture, so their splits alternate: text between matches at even places, matches at odd
    for at, block in enumerate(_HAN.split(text)):
        if not block:
            continue
        if at & 1:
            out.extend(cut(block, False))
            continue
        for place, part in enumerate(_SKIP.split(block)):
            if place & 1:
                out.append(part)
            else:
                out.extend(part)  # jieba yields every other character on its own
    return out
