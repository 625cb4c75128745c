"""Numbers and quantities in policy text: parsing and scanning, shared by the amount and condition extractors.

Arabic numbers may carry thousands commas and decimals (``1,000.5``); Chinese numerals (``二十``, ``一千二百``,
``一万五千``) and the 大写 digits of invoices before a money unit (``壹万贰仟叁佰肆拾伍元``; ``financial_numerals``) are
converted by cn2an, applied only to the span a pattern has already found — never to the whole
text, whose words (统一, 一次性) cn2an would corrupt. A quantity is a number with its unit, read with the unit
tables of ``data/amounts.yaml``: money (value in base units with a currency; never converted between currencies),
areas, counts, durations and percentages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import cn2an

from extractor.facts._common import alternation, lexicon
from extractor.facts.financial_numerals import financial_digits, tail_after
from extractor.scan import finditer_in_runs, run_candidates

# thousands with a comma; with a full-width comma only where no list of two numbers can be meant (82，225.00元)
ARABIC = (
    r"(?<![\d.,，])\d{1,3}(?:，\d{3})+\.\d+(?![\d])|(?<![\d.,，])\d{1,3}(?:，\d{3}){2,}(?![\d，])"
    r"|(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\d.,])\d+(?:\.\d+)?"
)
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
# a Chinese numeral is not read after words that make it vague (数十万元, 几百元) or part of an ordinal
_CN_BEFORE_BLOCK = "数几余多第每"


def amounts_lexicon() -> dict[str, Any]:
    return lexicon("amounts")


@lru_cache(maxsize=4096)  # cn2an checks and converts a numeral slowly; a text repeats its numbers (二十, 500)
def parse_number(text: str) -> Decimal | None:
    """Arabic or Chinese numerals → Decimal; None when not a number.

    >>> parse_number("1,000.5"), parse_number("二十"), parse_number("一万五千"), parse_number("两")
    (Decimal('1000.5'), Decimal('20'), Decimal('15000'), Decimal('2'))
    >>> parse_number("统") is None
    True
    """
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit():
        try:
            return Decimal(text.replace(",", "").replace("，", ""))
        except InvalidOperation:
            return None
    if any(ch not in CN_DIGITS and ch not in financial_digits() for ch in text):
        return None
    try:
        value = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError, IndexError):
        return None
    return Decimal(str(value))


def tidy(value: Decimal) -> Decimal:
    """Whole values without a trailing exponent or zeros: 1.5 * 10000 → 15000."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit at ``[start, end)``. ``cls`` is money / area / count / time / percent."""

    cls: str
    value: Decimal  # in base units (元, USD, m2 …); a percentage as a fraction
    unit: str  # currency code for money, canonical unit otherwise ("%" for percent)
    start: int
    end: int
    number_end: int  # where the digits end (the unit follows)
    shared_unit: bool = (
        False  # a bare number of a list that takes its unit from the last item (500、1000万元)
    )


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    lex = amounts_lexicon()
    money_units = {k: (Decimal(str(v[0])), v[1]) for k, v in lex["money_units"].items()}
    prefixes = lex["currency_prefixes"]
    not_after = alternation(lex["not_money_after"])
    money_digits = CN_DIGITS + financial_digits()
    money = re.compile(
        rf"(?P<prefix>{alternation(prefixes)})?"
        rf"(?:(?P<ar>{ARABIC})|(?<![{_CN_BEFORE_BLOCK}{money_digits}])(?P<cn>[{money_digits}]+?))"
        rf"(?P<unit>{alternation(money_units)})(?![旦宵素件器宝])(?!{not_after})"
    )
    other_units: dict[str, tuple[str, str, Decimal]] = {}
    for cls, table in lex["quantity_units"].items():
        for surface, (unit, mult) in table.items():
            other_units[surface] = (cls, unit, Decimal(str(mult)))
    other = re.compile(
        rf"(?:(?P<ar>{ARABIC})|(?<![{_CN_BEFORE_BLOCK}{CN_DIGITS}])(?P<cn>[{CN_DIGITS}]+?))"
        rf"(?P<unit>{alternation(other_units)})(?!性)"
    )
    percent = re.compile(rf"(?P<ar>{ARABIC})%|百分之(?P<cn>[{CN_DIGITS}]+|\d+(?:\.\d+)?)")
    half = lex["half_year"]
    # where a match can start: what it begins with, is made of, and holds after its first (its unit's last)
    number_chars = ",.，" + CN_DIGITS
    money_chars = number_chars + money_digits + "".join(prefixes) + "".join(money_units)
    other_chars = number_chars + "".join(other_units)
    return {
        "money": money,
        "money_at": run_candidates(money_chars, (u[-1] for u in money_units), money_digits + "".join(p[0] for p in prefixes)),
        "other_at": run_candidates(other_chars, (u[-1] for u in other_units), CN_DIGITS),
        "percent_at": run_candidates(number_chars + "%百分之", "%之", "百"),
        "money_units": money_units,
        "prefixes": prefixes,
        "other": other,
        "other_units": other_units,
        "percent": percent,
        "half": (re.compile(re.escape(half["surface"])), half["unit"], Decimal(str(half["value"]))),
        "bare": re.compile(rf"({ARABIC}|[{CN_DIGITS}]+)(?P<sep>（含）)?(?:、|和|及|—|－|-|至|到|～|~)$"),
    }


def iter_money(text: str) -> Iterator[Quantity]:
    """Money amounts in order: 30万元 → 300000 CNY; 100万美元 → 1000000 USD; 人民币3000万元; 二十万元.

    A bare number of a list or range printed before a money amount takes its unit: 500、1000万元.
    """
    pats = _patterns()
    for m in finditer_in_runs(pats["money"], text, pats["money_at"]):
        digits = m.group("ar") or m.group("cn")
        number = parse_number(digits)
        if number is None:
            continue
        mult, currency = pats["money_units"][m.group("unit")]
        num_start = m.start("ar") if m.group("ar") else m.start("cn")
        yield from _shared_unit_items(text, num_start, "money", mult, currency)
        value, end = number * mult, m.end()
        if m.group("cn") and (tail := tail_after(text, end, m.group("unit"))):
            value, end = value + tail.value, tail.end  # 六十四万零一百四十三元一角七分
        yield Quantity(
            "money",
            tidy(value),
            currency,
            m.start(),
            end,
            m.end("ar") if m.group("ar") else m.end("cn"),
        )


def _shared_unit_items(text: str, pos: int, cls: str, mult: Decimal, unit: str) -> Iterator[Quantity]:
    """Bare numbers just before ``pos`` joined by 、/—/至 (500、1000、2000万元), first to last."""
    pats = _patterns()
    found: list[Quantity] = []
    while True:
        window = text[max(0, pos - 16) : pos]
        m = pats["bare"].search(window)
        if not m:
            break
        start = pos - len(window) + m.start(1)
        # the bare number must not itself be the tail of a unit-bearing amount or a date
        if start > 0 and (text[start - 1].isdigit() or text[start - 1] in "年月第"):
            break
        number = parse_number(m.group(1))
        if number is None:
            break
        end = start + len(m.group(1))
        found.append(Quantity(cls, tidy(number * mult), unit, start, end, end, shared_unit=True))
        pos = start
    yield from reversed(found)


# A document's whole text is read by several fact modules (money, per-unit, conditions; rates, conditions):
# its amounts are found once and shared (the last two texts are kept; a window of text is never cached).
@lru_cache(maxsize=2)
def money_in(text: str) -> tuple[Quantity, ...]:
    """``iter_money(text)``, computed once per text."""
    return tuple(iter_money(text))


@lru_cache(maxsize=2)
def percent_in(text: str) -> tuple[Quantity, ...]:
    """``iter_percent(text)``, computed once per text."""
    return tuple(iter_percent(text))


@lru_cache(maxsize=2)
def quantities_in(text: str) -> tuple[Quantity, ...]:
    """``iter_quantities(text)``, computed once per text (its percentages shared with ``percent_in``)."""
    return (*_measured(text), *percent_in(text))


def iter_quantities(text: str) -> Iterator[Quantity]:
    """Non-money quantities: areas (m2, 亩), counts (家, 名), durations (年, 月; 半年 → 6 月), percentages."""
    yield from _measured(text)
    yield from iter_percent(text)


def _measured(text: str) -> Iterator[Quantity]:
    pats = _patterns()
    for m in finditer_in_runs(pats["other"], text, pats["other_at"]):
        number = parse_number(m.group("ar") or m.group("cn"))
        if number is None:
            continue
        cls, unit, mult = pats["other_units"][m.group("unit")]
        num_end = m.end("ar") if m.group("ar") else m.end("cn")
        num_start = m.start("ar") if m.group("ar") else m.start("cn")
        if cls == "time" and _is_date(text, m.start(), m.end()):
            continue
        yield from _shared_unit_items(text, num_start, cls, mult, unit)
        yield Quantity(cls, tidy(number * mult), unit, m.start(), m.end(), num_end)
    half_re, unit, value = pats["half"]
    for m in half_re.finditer(text):
        yield Quantity("time", value, unit, m.start(), m.end(), m.end())


def iter_percent(text: str) -> Iterator[Quantity]:
    """50% → 0.5 (quote as printed); 百分之二十 → 0.2."""
    pats = _patterns()
    for m in finditer_in_runs(pats["percent"], text, pats["percent_at"]):
        raw = m.group("ar") or m.group("cn")
        number = parse_number(raw)
        if number is None:
            continue
        end_num = m.end("ar") if m.group("ar") else m.end("cn")
        yield Quantity("percent", tidy(number / 100), "%", m.start(), m.end(), end_num)


def _is_date(text: str, start: int, end: int) -> bool:
    """2024年 / 1月 / 1日 are dates, not durations."""
    span = text[start:end]
    if re.match(r"\d{4}年", span):
        return True
    if span[-1] in "月日" and not span.endswith("个月"):
        return (
            bool(re.search(r"(?:\d{4}年|\d+月)$", text[max(0, start - 8) : start]))
            or span[-1] == "日"
            or (end < len(text) and text[end : end + 1].isdigit())
        )
    return bool(re.match(r"\d+年\d", text[start : end + 2]))
