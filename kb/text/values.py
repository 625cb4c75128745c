"""A fact's value as a reader of Chinese reads it: amounts with their unit (元, 美元, 平方米), fractions as
percentages, a term as printed (P5Y → 5年), a day of every year (--11-30 → 每年11月30日), and the code keys the
extractor stores (independent_legal_person, park_operator, highest_only) by their Chinese labels.

The labels of code keys come from the lexicons (declarations, legal forms, entity kinds): the caller passes them
in, so that this module reads no data file and the words stay where the extractor and kb define them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kb.text.format import UNIT_SHOWN, amount_text, dec

EMPTY = "—"
# a document-wide rule on measures that overlap (extractor/data/roles.yaml non_cumulation); no label there
NON_CUMULATION_ZH = {"highest_only": "就高不重复", "no_duplicate": "不重复享受"}
_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?")
_EVERY_YEAR = re.compile(r"--(\d{2})-(\d{2})")  # ISO 8601's day of a year without the year
_CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+")


def term_zh(term: str | None) -> str:
    """An ISO 8601 duration as printed in Chinese; anything else as it is.

    Example: term_zh("P5Y") == "5年"; term_zh("P18M") == "18个月"; term_zh("P1Y6M") == "1年6个月"
    """
    match = _DURATION.fullmatch(term or "")
    if not match or not any(match.groups()):
        return term or ""
    years, months, days = match.groups()
    return "".join(f"{int(n)}{unit}" for n, unit in ((years, "年"), (months, "个月"), (days, "日")) if n)


def day_zh(day: str | None) -> str:
    """A date as the app shows it: ISO dates stay ISO; a day of every year (``--11-30``) in words.

    Example: day_zh("--11-30") == "每年11月30日"; day_zh("2024-01-01") == "2024-01-01"
    """
    match = _EVERY_YEAR.fullmatch(day or "")
    if not match:
        return day or ""
    return f"每年{int(match[1])}月{int(match[2])}日"


def fact_value_zh(fact: Mapping[str, Any], code_labels: Mapping[str, str] | None = None) -> str:
    """A fact's value for people, — when it has none. ``code_labels`` names code keys in Chinese (the
    declarations', legal forms' and entity kinds' labels); a code key without a label is shown as 其他, never
    as the code itself.

    Example: fact_value_zh({"kind": "money", "value": 200000, "currency": "CNY"}) == "200,000 元"
    """
    value = fact.get("value")
    if value is None or isinstance(value, dict | list):
        return EMPTY
    unit = fact.get("currency") or fact.get("unit")
    if unit in {"fraction", "%"} or (fact.get("kind") in {"rate", "rate_series"} and isinstance(value, int | float)
                              and not isinstance(value, bool) and 0 <= value <= 1):
        return amount_text(dec(value), "fraction")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        shown = UNIT_SHOWN.get(unit or "", unit or "")
        return f"{amount_text(dec(value))} {shown}".strip()
    return text_value_zh(str(value), code_labels)


def text_value_zh(value: str, code_labels: Mapping[str, str] | None = None) -> str:
    """A value stored as text: a term, a day, a code key by its label; words of the document as they are.

    Example: text_value_zh("highest_only") == "就高不重复"; text_value_zh("市商务局") == "市商务局"
    """
    if _DURATION.fullmatch(value) and value != "P":
        return term_zh(value)
    if _EVERY_YEAR.fullmatch(value):
        return day_zh(value)
    if _CODE.fullmatch(value):
        labels = {**NON_CUMULATION_ZH, **(code_labels or {})}
        return labels.get(value, "其他")
    return value
