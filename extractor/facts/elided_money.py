"""Amounts whose 元 is left out inside a sentence that already speaks of money: 二孩家庭补贴不超过2万.

Only a number with a scale word (2万, 1.5亿), governed by a money word printed before it in its comma clause (补贴,
奖励, 贷款额度 …, at most ``max_gap`` characters and no other number between), and followed by no unit: 3万吨,
5万千伏安, 65万人, 2万平方米, 1万户 are quantities, not money. The facts carry ``elided_unit: true``. Lexicon:
``elided_unit`` in ``data/amounts.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from extractor.facts._amounts import SEGMENT_STOPS, bounds
from extractor.facts._common import alternation
from extractor.facts.numbers import ARABIC, CN_DIGITS, Quantity, amounts_lexicon, parse_number, tidy
from extractor.scan import finditer_in_runs, run_candidates


class _Lexicon(NamedTuple):
    amount: re.Pattern[str]
    scales: dict[str, Decimal]
    words: re.Pattern[str]
    max_gap: int
    at: re.Pattern[str]  # where an amount can start (extractor.scan.run_candidates)


@lru_cache(maxsize=1)
def _lex() -> _Lexicon:
    lex = amounts_lexicon()["elided_unit"]
    scales = {w: Decimal(str(v)) for w, v in lex["scales"].items()}
    amount = re.compile(
        rf"(?<![{CN_DIGITS}数几余多第每])(?P<num>{ARABIC}|[{CN_DIGITS}]+?)(?P<scale>{alternation(scales)})"
        rf"(?=$|\n|{alternation(lex['followers'])})"
    )
    words = re.compile(alternation(lex["money_words"]))
    return _Lexicon(amount, scales, words, int(lex["max_gap"]),
                    run_candidates(",.，" + CN_DIGITS + "".join(scales), (w[-1] for w in scales), CN_DIGITS))


def iter_elided(text: str, taken: list[tuple[int, int]]) -> Iterator[Quantity]:
    """Elided-unit amounts in order, skipping spans already read as money (``taken``)."""
    lex = _lex()
    scales, words, max_gap = lex.scales, lex.words, lex.max_gap
    for m in finditer_in_runs(lex.amount, text, lex.at):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        number = parse_number(m.group("num"))
        if number is None or not _governed(text, m.start(), words, max_gap):
            continue
        value = tidy(number * scales[m.group("scale")])
        yield Quantity("money", value, "CNY", m.start(), m.end(), m.end("num"))


def _governed(text: str, pos: int, words: re.Pattern[str], max_gap: int) -> bool:
    """A money word before ``pos`` in its comma clause, with at most ``max_gap`` characters and no number between."""
    seg_start, _ = bounds(text, pos, SEGMENT_STOPS)
    for m in words.finditer(text, max(seg_start, pos - max_gap - 8), pos):
        between = text[m.end() : pos]
        if len(between) <= max_gap and not re.search(r"\d", between):
            return True
    return False
