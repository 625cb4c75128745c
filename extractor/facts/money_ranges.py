"""Money ranges printed as one amount: 给予1万-5万元补助, 1万(含)-5万元, 10至50万元, 1-5万元.

The low end carries no currency of its own (at most a scale word: 1万-), so it is read as part of the amount
that follows: one money fact whose ``value`` is the high end (what downstream readers of ``value`` already
take) with ``low`` / ``high`` and their inclusivity (both ends belong unless （不含） says otherwise; 1万(含)-
marks the low end as included). Lexicon: ``money_ranges`` in ``data/amounts.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from extractor.facts._common import alternation
from extractor.facts.numbers import ARABIC, CN_DIGITS, Quantity, amounts_lexicon, parse_number, tidy


@dataclass(frozen=True, slots=True)
class MoneyRange:
    start: int  # where the low end is printed
    low: Decimal
    low_inclusive: bool
    high: Decimal
    high_inclusive: bool


@dataclass(frozen=True, slots=True)
class _Lexicon:
    low: re.Pattern[str]  # 1万(含)- printed before the high end
    link: re.Pattern[str]  # what joins a bare low end to the high end: （含）—, 至
    scales: dict[str, Decimal]
    marks: dict[str, bool]
    condition: re.Pattern[str]
    currency_first: re.Pattern[str]


@lru_cache(maxsize=1)
def _lex() -> _Lexicon:
    amounts = amounts_lexicon()
    lex = amounts["money_ranges"]
    scales = {w: Decimal(str(v)) for w, v in lex["scales"].items()}
    marks = {w: bool(v) for w, v in lex["low_marks"].items()}
    links = alternation(lex["links"])
    return _Lexicon(
        low=re.compile(
            rf"(?<![\d.年月第])(?P<num>{ARABIC}|[{CN_DIGITS}]+)(?P<scale>{alternation(scales)})?"
            rf"(?P<mark>{alternation(marks)})?{links}$"
        ),
        link=re.compile(rf"(?P<mark>{alternation(marks)})?{links}"),
        scales=scales,
        marks=marks,
        condition=re.compile(alternation(lex["condition_after"])),
        currency_first=re.compile(alternation(amounts["currency_prefixes"])),
    )


def low_before(text: str, q: Quantity, bare_low: Quantity | None = None) -> MoneyRange | None:
    """The low end printed just before ``q`` (1万- / 1万(含)- / a bare 10至 already read as ``bare_low``)."""
    lex = _lex()
    if lex.currency_first.match(text, q.start, q.number_end):
        return None  # 人民币5万元: the currency printed first belongs to this amount alone
    if bare_low is not None:
        link = lex.link.fullmatch(text, bare_low.end, q.start)
        if not link:
            return None
        low_inclusive = lex.marks.get(link.group("mark") or "", True)
        return MoneyRange(bare_low.start, bare_low.value, low_inclusive, q.value, _high_inclusive(text, q))
    m = lex.low.search(text, max(0, q.start - 20), q.start)
    if not m or not m.group("scale"):
        return None  # a bare low end (10至50万元) comes as its own quantity, through ``bare_low``
    number = parse_number(m.group("num"))
    if number is None or (low := tidy(number * lex.scales[m.group("scale")])) >= q.value:
        return None
    low_inclusive = lex.marks.get(m.group("mark") or "", True)
    return MoneyRange(m.start(), low, low_inclusive, q.value, _high_inclusive(text, q))


def _high_inclusive(text: str, q: Quantity) -> bool:
    return not re.match(r"[（(]不含[）)]", text[q.end : q.end + 4])


def is_condition(text: str, q: Quantity) -> bool:
    """…10万至50万元的企业: the range says who qualifies."""
    return bool(_lex().condition.match(text, q.end))
