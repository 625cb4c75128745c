"""Reading one field of a profile: numbers and figures as written (120万美元, 70%), dates, the jurisdiction,
legal form, titles and declarations; everything wrong raises ``ProfileError`` naming the field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from extractor.facts.eligibility import declaration_keys, legal_form_keys
from extractor.facts.numbers import Quantity, iter_money, iter_quantities
from extractor.gazetteer import resolve_jurisdiction
from kb.queries.match.vocabulary import written_units

_MONEY_UNITS = ("CNY", "USD")


class ProfileError(ValueError):
    """A profile that cannot be used; ``field`` names the offending field.

    Example: ProfileError("figures.export", "unknown figure …").field == "figures.export"
    """

    def __init__(self, field_name: str, message: str, zh: str | None = None) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.zh = zh  # the problem in Chinese, without the field's name (the app names the field by its label)


_UNIT_ZH = {"CNY": "人民币", "USD": "美元", "m2": "平方米", "mu": "亩", "fraction": "比例", "years": "年数",
            "count": "个数"}


def unit_zh(unit: str) -> str:
    return _UNIT_ZH.get(unit, unit)


def read_legal_form(value: Any) -> str | None:
    if value is None:
        return None
    forms = legal_form_keys()
    by_label = {label: key for key, label in forms.items()}
    if isinstance(value, str) and value.strip() in forms:
        return value.strip()
    if isinstance(value, str) and value.strip() in by_label:
        return by_label[value.strip()]
    listed = ", ".join(f"{k} ({label})" for k, label in forms.items())
    raise ProfileError("legal_form", f"unknown legal form {value!r}; one of: {listed}")


def read_titles(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise ProfileError("titles", "must be a list of title names (e.g. [\"省级电子商务示范企业\"])")
    return tuple(t.strip() for t in value)


def read_declarations(value: Any) -> dict[str, bool]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ProfileError("declarations", "must be a table of declaration = true/false")
    known = declaration_keys()
    out = {}
    for key, answer in value.items():
        if key not in known:
            listed = "\n".join(f"  {k}: {label}" for k, label in known.items())
            raise ProfileError(f"declarations.{key}",
                               f"unknown declaration; the extractor's declarations (data/eligibility.yaml) are:\n{listed}")
        if not isinstance(answer, bool):
            raise ProfileError(f"declarations.{key}", f"{answer!r} is not true or false")
        out[key] = answer
    return out


def read_figure(field_name: str, value: Any, unit: str) -> Decimal:
    """A figure in base units: a number as it is, or a string as written (120万美元, 70%, 5000平方米) read by the
    extractor's amount parser and refused when its unit does not fit the figure's ``unit``.

    Example: read_figure("figures.export_usd", "120万美元", "USD") == Decimal(1200000)
    """
    if not isinstance(value, str) or _is_plain_number(value):
        return read_number(field_name, value)
    written = value.strip().replace(" ", "")
    quantity = _whole_quantity(written)
    if quantity is None:
        raise ProfileError(field_name, f"{value!r} is not a number nor a figure with a known unit "
                                       f"(give {unit}: e.g. 1200000, \"120万美元\", \"70%\", \"5000平方米\")",
                           zh=f"「{value}」不是数字，也不是带已知单位的数额（如 120万美元、6000万元、70%、5000平方米）")
    if quantity.cls == "money":
        if unit != quantity.unit:
            wanted = f"an amount in {unit}" if unit in _MONEY_UNITS else f"in {unit}, not money"
            wanted_zh = f"{unit_zh(unit)}金额" if unit in _MONEY_UNITS else f"{unit_zh(unit)}，不是金额"
            raise ProfileError(field_name, f"{value!r} is {quantity.unit}; this figure is {wanted} "
                                           "(no currency conversion)",
                               zh=f"「{value}」是{unit_zh(quantity.unit)}金额，此项须填{wanted_zh}（不做汇率换算）")
        return quantity.value
    target = written_units().get(quantity.unit)
    if target is None or target[0] != unit:
        raise ProfileError(field_name, f"{value!r}: the unit {quantity.unit} does not fit this figure ({unit})",
                           zh=f"「{value}」的单位与此项不符（此项为{unit_zh(unit)}）")
    _, factor, divisor = target
    return quantity.value * factor / divisor


def _is_plain_number(text: str) -> bool:
    try:
        Decimal(text.strip().replace(",", "").replace("_", ""))
    except InvalidOperation:
        return False
    return True


def _whole_quantity(written: str) -> Quantity | None:
    """The one quantity that is the whole of ``written`` (money, area, count, time or percent), or None."""
    for found in (list(iter_money(written)), list(iter_quantities(written))):
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(written):
            return found[0]
    return None


def read_number(field_name: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ProfileError(field_name, f"{value!r} is not a number")
    try:
        number = Decimal(str(value).strip().replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise ProfileError(field_name, f"{value!r} is not a number (base units: 1200000 for 120万美元)",
                           zh=f"「{value}」不是数字") from None
    if not number.is_finite() or number < 0:
        raise ProfileError(field_name, f"{value!r} is not a non-negative number", zh=f"「{value}」不是非负数")
    return number


def read_date(field_name: str, value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ProfileError(field_name, f"{value!r} is not a date (YYYY-MM-DD)") from None


def read_jurisdiction(province: Any, city: Any, county: Any) -> tuple[str, str, str | None]:
    for field_name, value in (("province", province), ("city", city), ("county", county)):
        if value is not None and not isinstance(value, str):
            raise ProfileError(field_name, f"{value!r} is not a place name")
    if not city or not city.strip():
        raise ProfileError("city", "missing; give the city where the enterprise is registered (e.g. 衡阳)")
    alone = resolve_jurisdiction(city.strip())
    if not alone.city:
        what = f"{city!r} is a province, not a city" if alone.province else f"no city named {city!r}"
        raise ProfileError("city", what)
    if province and province.strip():
        given = resolve_jurisdiction(province.strip())
        if given.province is None or given.city is not None:
            raise ProfileError("province", f"no province named {province!r}")
        if given.province != alone.province:
            raise ProfileError("province", f"{alone.city} is in {alone.province}, not {given.province}")
    found_county = None
    if county and county.strip():
        within = resolve_jurisdiction(alone.city, county.strip())
        if within.county is None or within.city != alone.city:
            raise ProfileError("county", f"no county-level unit named {county!r} in {alone.city}")
        found_county = within.county
    elif alone.county:
        found_county = alone.county  # a county-level name given as the city
    assert alone.province is not None
    return alone.province, alone.city, found_county
