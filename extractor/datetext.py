"""Calendar dates as printed in Chinese documents: 2024年3月17日, 2024年1月1号, 二〇二四年三月十七日.

``find_dates`` yields every date with its span; an impossible date (2023年2月30日) is reported with
``value=None`` so callers can warn instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零一二三四五六七八九十"
DATE_PATTERN = re.compile(
    rf"(?P<y>(?:19|20)\d\d|[{_CN}O]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN}]{{1,2}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})\s*[日号]"
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    text: str
    value: date | None  # None: the text names an impossible date


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT[units] if units else 0)
    return int("".join(str(_CN_DIGIT[c]) for c in text))


def parse_date_match(match: re.Match[str]) -> date | None:
    try:
        year = _cn_number(match.group("y"))
        return date(year, _cn_number(match.group("m")), _cn_number(match.group("d")))
    except (ValueError, KeyError):
        return None


def find_dates(text: str) -> Iterator[DateMatch]:
    for match in DATE_PATTERN.finditer(text):
        yield DateMatch(match.start(), match.end(), match.group(0), parse_date_match(match))


def parse_date(text: str) -> date | None:
    match = DATE_PATTERN.search(text)
    return parse_date_match(match) if match else None
