"""Helpers shared by the date, term, reference and role extractors: lexicons loaded once, numerals, sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any

import yaml

from extractor.sentences import sentence_bounds, split_sentences

_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUM = "〇○零一二两三四五六七八九十百"
NUMBER = rf"\d+|[{CN_NUM}]+"


@cache
def lexicon(name: str) -> dict[str, Any]:
    """``extractor/data/<name>.yaml``, parsed once."""
    raw = (resources.files("extractor") / "data" / f"{name}.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    return data


def alternation(words: Iterable[str], escape: bool = True) -> str:
    """A regex alternation, longest first so 有效期限 wins over 有效期."""
    items = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) if escape else w for w in items) + ")"


def cn_int(text: str) -> int | None:
    """Arabic or Chinese numerals below 1000: 5 → 5, 五 → 5, 两 → 2, 十二 → 12, 二十 → 20.

    >>> cn_int("三"), cn_int("十二"), cn_int("两"), cn_int("24")
    (3, 12, 2, 24)
    """
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Spans of sentences (split at 。； and line ends) inside ``text[start:end]``."""
    return split_sentences(text, start, end, stops="。；;")


# How far a sentence or clause window reaches on either side of a position. The longest run between 。 and line
# breaks in 3,533 real documents (seeds, dev, wider, lawrefbook) is 1,640 characters; without a reach, a text with
# no punctuation made every window the whole text and extraction quadratic.
WINDOW_REACH = 2000


def sentence_at(text: str, pos: int, stops: str = "。；;\n") -> tuple[int, int]:
    """The sentence around ``pos`` (at most ``WINDOW_REACH`` characters on either side)."""
    return sentence_bounds(text, pos, stops=stops, keep_newline=False, reach=WINDOW_REACH)


def line_at(text: str, pos: int) -> tuple[int, int]:
    begin = text.rfind("\n", 0, pos) + 1
    finish = text.find("\n", pos)
    return begin, len(text) if finish == -1 else finish
