"""Chinese text analysis for the search index: jieba segmentation with the domain dictionary and synonyms.

Tokens (``analyze``) follow Lucene's convention for compound words rather than jieba's stock ``ChineseAnalyzer``:

- each word of jieba's precise segmentation (``jieba.tokenize`` without HMM, computed by
  ``kb.search.segment.cut_precise``: unknown runs fall apart into single
  characters the same way in a query and in a document, so phrase queries stay consistent) gets the next
  position — positions are consecutive token indices, never character offsets;
- the dictionary words inside a longer word (jieba's search mode adds the two- and three-character ones:
  补贴 in 补贴资金, 电商 in 跨境电商; here every length, so 电子商务 is found in 跨境电子商务) are emitted at
  the *same* position as the word that holds them (``sub=True``), so a term query finds them while a phrase
  query still sees one token per place;
- ASCII is lowercased; no stemming, no stop list; punctuation and whitespace are dropped without using a
  position.

jieba keeps one global dictionary per process: ``load_dictionary()`` adds ``kb/data/userdict.txt`` and every
synonym to it once per process (it is idempotent) and points jieba's cache at ``$POLICYKB_JIEBA_CACHE`` when set.
``dictionary_hash()`` fingerprints dictionary, synonyms and this module's ``ANALYZER_VERSION``: an index built
under another hash is rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import jieba
import yaml

from kb.search.segment import cut_precise

DATA = Path(__file__).resolve().parents[1] / "data"
USERDICT = DATA / "userdict.txt"
SYNONYMS = DATA / "synonyms.yaml"
ANALYZER_VERSION = "2"

_lock = threading.Lock()
_loaded = False


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``text`` (lowercased), ``pos`` (token index), ``start``/``end`` (character offsets)."""

    text: str
    pos: int
    start: int
    end: int
    sub: bool = False


def load_dictionary() -> None:
    """Load the domain dictionary and the synonym terms into jieba; once per process.

    Example: load_dictionary(); load_dictionary()  # the second call does nothing
    """
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        jieba.setLogLevel(logging.WARNING)
        cache_dir = os.environ.get("POLICYKB_JIEBA_CACHE")
        if cache_dir:
            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            jieba.dt.tmp_dir = cache_dir
        jieba.dt.initialize()
        _word.cache_clear()
        _split_known.clear()
        for word, freq in dictionary_entries():
            jieba.add_word(word, freq)
        for group in synonym_groups():
            for term in group:
                if len(term) > 1 and jieba.dt.FREQ.get(term, 0) == 0:
                    jieba.add_word(term)
        _word.cache_clear()
        _split_known.clear()
        _loaded = True


def dictionary_entries() -> list[tuple[str, int | None]]:
    """``(word, freq)`` pairs of ``kb/data/userdict.txt`` (``#`` lines are comments; freq optional).

    Example: ("海外仓", None) in dictionary_entries()
    """
    out: list[tuple[str, int | None]] = []
    for line in USERDICT.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        out.append((parts[0], freq))
    return out


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Groups of equivalent terms from ``kb/data/synonyms.yaml`` (lowercased).

    Example: ("电商", "电子商务") in synonym_groups()
    """
    data = yaml.safe_load(SYNONYMS.read_text(encoding="utf-8")) or {}
    return tuple(tuple(str(t).lower() for t in group) for group in data.get("groups", []))


@cache
def _synonym_map() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for group in synonym_groups():
        for term in group:
            out.setdefault(term, [])
            out[term] += [t for t in group if t not in out[term]]
    return {k: tuple(v) for k, v in out.items()}


def synonyms(term: str) -> tuple[str, ...]:
    """The term and its synonyms (the term first).

    Example: synonyms("电商") == ("电商", "电子商务")
    """
    term = term.lower()
    others = _synonym_map().get(term, ())
    return (term, *[t for t in others if t != term])


@cache
def dictionary_hash() -> str:
    """A fingerprint of the dictionary, the synonyms and the analyzer; stored in the index, compared on open."""
    h = hashlib.sha256(ANALYZER_VERSION.encode())
    for path in (USERDICT, SYNONYMS):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _keep(word: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in word)


@lru_cache(maxsize=1 << 18)
def _word(word: str) -> tuple[bool, str, tuple[tuple[str, int, int], ...]]:
    """(kept?, lowercased, inner dictionary words as ``(text, offset, length)``) of one jieba word.

    Words repeat across a corpus, so this is computed once per distinct word; ``load_dictionary`` clears it.
    """
    if not _keep(word):
        return False, "", ()
    low = word.lower()
    n = len(word)
    if n <= 2:
        return True, low, ()
    freq = jieba.dt.FREQ
    seen = {low}
    inner = []
    for size in range(2, n):
        for i in range(n - size + 1):
            gram = word[i:i + size]
            if freq.get(gram) and gram.lower() not in seen and _keep(gram):
                seen.add(gram.lower())
                inner.append((gram.lower(), i, size))
    return True, low, tuple(inner)


def analyze(text: str, subwords: bool = True) -> Iterator[Token]:
    """Tokens of ``text``: main words at consecutive positions, their inner words (``sub``) at the same place.

    Example: [t.text for t in analyze("保费补贴")] == ["保费", "补贴"]
    """
    load_dictionary()
    pos = -1
    end = 0
    for word in cut_precise(text):  # jieba.tokenize(text, HMM=False): the same words, offsets counted alike
        start, end = end, end + len(word)
        keep, low, inner = _word(word)
        if not keep:
            continue
        pos += 1
        yield Token(low, pos, start, end)
        if subwords:
            for gram, i, size in inner:
                yield Token(gram, pos, start + i, start + i + size, sub=True)


def split_words(text: str) -> tuple[list[str], list[str]]:
    """(main words, inner words) of ``text`` as ``analyze`` gives them, without offsets: the fast path for an
    index that takes pre-split text (tantivy) and for work done in ingest processes.

    Example: split_words("保费补贴资金") == (["保费", "补贴资金"], ["补贴", "资金"])
    """
    load_dictionary()
    main: list[str] = []
    sub: list[str] = []
    known = _split_known
    for word in cut_precise(text):  # jieba.dt.cut(text, HMM=False)
        entry = known.get(word)
        if entry is None:
            entry = _split_entry(word)
        if entry:
            main.append(entry[0])
            if len(entry) > 1:
                sub.extend(entry[1:])
    return main, sub


_split_known: dict[str, tuple[str, ...]] = {}


def _split_entry(word: str) -> tuple[str, ...]:
    """``(lowercased, *inner words)`` of a word, or ``()`` where it is not kept: ``_word`` without offsets, kept in
    a plain dict (a lookup per word of every record is the ingest's hottest loop; bounded like ``_word``)."""
    keep, low, inner = _word(word)
    entry = (low, *(gram for gram, _, _ in inner)) if keep else ()
    if len(_split_known) >= 1 << 18:
        _split_known.clear()
    _split_known[word] = entry
    return entry


def words(text: str) -> list[str]:
    """The main words of ``text`` (no inner words), as a query sees them.

    Example: words("跨境电商 海外仓") == ["跨境电商", "海外仓"]
    """
    return [t.text for t in analyze(text, subwords=False)]
