"""Numbers for people and for JSON, written once: the JSON encoder of Decimals (``exact``: strings, for storage
and exact output; ``json_numbers``: numbers, for screens and scripts), ``amount_text`` (the one money/rate
formatter), ``money_text`` (an amount with its currency) and intervals, worded (``interval_text``, for reasons,
zh/en) or as symbols (``interval_symbols``, for tables)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation
from typing import Any

from extractor import Interval
from kb.text.messages import money, text


def exact(value: Any) -> Any:
    """JSON-ready form that keeps Decimals exact (as strings); records become their dicts."""
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: exact(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "to_dict") and not isinstance(value, type):
        return exact(value.to_dict())
    if isinstance(value, dict):
        return {k: exact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [exact(v) for v in value]
    return value


def json_numbers(value: Any) -> Any:
    """Decimals as JSON numbers (an int when whole), recursively; records become their dicts. For output that
    scripts and screens read as numbers (the store itself keeps exact TEXT).

    Example: json_numbers({"a": Decimal("500000"), "b": [Decimal("0.5")]}) == {"a": 500000, "b": [0.5]}
    """
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: json_numbers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_numbers(v) for v in value]
    if hasattr(value, "to_dict") and not isinstance(value, type):
        return json_numbers(value.to_dict())
    return value


UNIT_SHOWN = {"CNY": "元", "USD": "美元", "m2": "平方米", "mu": "亩", "count": "", "years": "年", "months": "个月",
               "fraction": ""}


def interval_text(interval: Interval | None, dimension: str | None = None, lang: str = "en") -> str:
    """An interval for people: ``> 1,000,000 美元``, ``≥ 100 平方米``, ``≤ 10``; in Chinese ``超过 1,000,000 美元``.

    Example: interval_text(Interval(Decimal(500000)), "USD") == "> 500,000 美元"
    """
    if interval is None:
        return "?"
    unit = UNIT_SHOWN.get(dimension or "", "")
    unit = f" {unit}" if unit else ""
    parts = []
    if interval.low is not None:
        parts.append(text(lang, "low_inclusive" if interval.low_inclusive else "low_exclusive",
                          value=amount_text(interval.low, dimension)))
    if interval.high is not None:
        parts.append(text(lang, "high_inclusive" if interval.high_inclusive else "high_exclusive",
                          value=amount_text(interval.high, dimension)))
    return (text(lang, "interval_and").join(parts) or text(lang, "interval_any")) + unit


def amount_text(value: Decimal | None, dimension: str | None = None) -> str:
    """A number with thousands separators, fractions as percentages.

    Example: amount_text(Decimal("1200000")) == "1,200,000"; amount_text(Decimal("0.6"), "fraction") == "60%"
    """
    if value is None:
        return "?"
    if dimension == "fraction":
        return f"{(value * 100).normalize():f}%"
    value = value.normalize()
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}"


def wan_text(value: Any) -> str:
    """An amount in 元 (or 美元) written in 万, exact, with thousands separators; "" when there is none.

    Example: wan_text(300000) == "30"; wan_text("15000") == "1.5"; wan_text(123456789) == "12,345.6789"
    """
    amount = dec(value)
    return "" if amount is None else amount_text(amount / 10000)


def dec(value: Any) -> Decimal | None:
    """An exact Decimal from a stored number (TEXT, int, float or Decimal), or None.

    Example: dec("500000") == Decimal(500000); dec(None) is None
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None


def money_text(amount: Decimal | None, currency: str | None, lang: str = "en") -> str:
    """An amount with its currency, ``金额未写明`` / ``? CNY`` when none is stated.

    Example: money_text(Decimal("500000"), "CNY") == "500,000 CNY"
    """
    return money(lang, None if amount is None else amount_text(amount), currency)


def interval_symbols(interval: dict[str, Any] | None, unit: str | None) -> str:
    """An interval as table cells show it: ``≥1,000,000 <5,000,000 USD``; empty when there is none.

    Example: interval_symbols({"low": 500000, "low_inclusive": False}, "USD") == ">500,000 USD"
    """
    if not interval:
        return ""
    parts = []
    if interval.get("low") is not None:
        parts.append(f"{'≥' if interval.get('low_inclusive') else '>'}{amount_text(dec(interval['low']))}")
    if interval.get("high") is not None:
        parts.append(f"{'≤' if interval.get('high_inclusive') else '<'}{amount_text(dec(interval['high']))}")
    return " ".join(parts) + (f" {unit}" if unit else "")

