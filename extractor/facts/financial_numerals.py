"""Money written as on invoices: 大写 digits (壹贰叁…拾佰仟萬億), 圆 for 元, 角 and 分 after the 元, 整 at the end.

cn2an reads 壹万贰仟叁佰肆拾伍 and 肆佰叁拾萬 itself; this module only widens the digit set of a money pattern and
reads the 角/分 tail (六十四万零一百四十三元一角七分 → 640143.17), applied to the span a money pattern has already
found. Lexicon: ``financial_numerals`` in ``data/amounts.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from extractor.facts._common import alternation, cn_int, lexicon

_SMALL_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_TO_SIMPLE = str.maketrans("壹贰叁肆伍陆柒捌玖", "一二三四五六七八九")


@dataclass(frozen=True, slots=True)
class Tail:
    """The 角/分 (and 整) printed after an amount's 元: its value and where it ends."""

    value: Decimal
    end: int


@lru_cache(maxsize=1)
def _lex() -> tuple[str, frozenset[str], re.Pattern[str]]:
    fin = lexicon("amounts")["financial_numerals"]
    tail = re.compile(
        rf"(?:(?P<jiao>[{_SMALL_DIGITS}]){re.escape(fin['jiao'])})?"
        rf"(?:(?P<fen>[{_SMALL_DIGITS}]){re.escape(fin['fen'])}(?!{alternation(fin['not_fen_after'])}))?"
        rf"(?P<whole>{alternation(fin['whole'])})?"
    )
    return str(fin["digits"]), frozenset(fin["base_units"]), tail


def financial_digits() -> str:
    """The 大写 digits a money pattern accepts beside 一二三…十百千万亿."""
    return _lex()[0]


def tail_after(text: str, pos: int, unit: str) -> Tail | None:
    """一角七分 / 整 right after a Chinese-numeral amount's 元 or 圆 at ``pos``; None when nothing follows."""
    _, base_units, tail = _lex()
    if unit not in base_units:
        return None
    m = tail.match(text, pos)
    if not m or m.end() == pos:
        return None
    value = Decimal(0)
    for group, scale in (("jiao", Decimal("0.1")), ("fen", Decimal("0.01"))):
        if m.group(group):
            value += Decimal(cn_int(m.group(group).translate(_TO_SIMPLE)) or 0) * scale
    return Tail(value, m.end())
