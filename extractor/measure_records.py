"""The typed records of a support measure (``Measure`` and its parts) and their stored form.

Built by ``extractor.measures.derive_measures``; see that module for what each amount of a ``Measure`` means.
Beyond the shared contract (/work/notes/measure_contract.md), ``Tier`` carries ``unit`` (the unit of its
metric: 美元 thresholds are compared in USD) and ``Condition`` carries ``mode`` (a territory's ``within`` /
``may_adopt``) and ``any_of`` (one of the titles named is enough): matching needs them and the facts have them.
A settled window (自其落户两个自然年度内) is a Condition with ``unit="natural_years"``, ``interval`` (0, n] and
``values=("settled_on",)``, the profile date it counts from.

``to_dict`` gives every Decimal as an exact string (the store's form); ``from_dict`` reads it back exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from extractor.models import Interval

# -- the records ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Money:
    value: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Cap:
    value: Decimal
    currency: str | None
    period: str | None
    scope: str | None
    quote: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PerUnit:
    """0.25元/千瓦时, 每新增1家体验店给予5万元: ``unit`` 家, ``per_text`` 体验店, ``cap`` the most in all."""

    value: Decimal
    currency: str | None
    unit: str
    per_text: str | None
    cap: Money | None
    quote: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Rate:
    """A fraction of a cost (``base``: 实际服务费用 … when the text names it); role subsidy_rate | cap_rate | full."""

    value: Decimal
    role: str
    base: str | None
    quote: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Condition:
    kind: str
    scope: str  # "document" | "measure"
    text: str
    metric: str | None
    interval: Interval | None
    unit: str | None
    currency: str | None
    values: tuple[str, ...]
    quote: str
    start: int
    end: int
    mode: str | None = None
    any_of: bool = False


@dataclass(frozen=True, slots=True)
class Tier:
    interval: Interval | None
    metric: str | None
    metric_text: str | None
    award: Money | None
    rate: Decimal | None
    level: str | None  # 国家级 / 省级, or an enumerated category, when tiers are told apart that way
    conditions: tuple[Condition, ...]
    quote: str
    start: int
    end: int
    unit: str | None = None
    award_is_cap: bool = False  # the tier pays up to its award (最高给予…万元): the most, not a stated sum


@dataclass(frozen=True, slots=True)
class Application:
    deadline: str | None
    deadline_text: str | None
    where: str | None
    materials: tuple[str, ...]
    publicity: str | None
    automatic: bool
    quotes: tuple[tuple[str, int, int], ...]
    organiser: str | None = None  # who runs the application (由…组织申报) when no receiver is printed


@dataclass(frozen=True, slots=True)
class NonCumulation:
    """A non-cumulation rule; ``quote`` is its whole sentence (label left out), which says what it joins."""

    rule: str
    scope: str  # same_type | same_matter | other_policies | document
    quote: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Measure:
    clause: str | None
    clause_label: str | None
    start: int
    end: int
    quote: str
    summary: str
    certain_amount: Money | None
    tier_max: Money | None
    caps: tuple[Cap, ...]
    upper_bound: Money | None
    amount_basis: str
    rate: Decimal | None
    rates: tuple[Rate, ...]
    per_unit: tuple[PerUnit, ...]
    thresholds: tuple[Condition, ...]
    tiers: tuple[Tier, ...]
    conditions: tuple[Condition, ...]
    conditions_all: bool
    beneficiary: str | None
    non_cumulation: tuple[NonCumulation, ...]
    application: Application | None
    period: tuple[str | None, str | None] | None
    topic: str | None = None
    domain: str | None = None
    confidence: float | None = None
    topic_method: str | None = None
    bound_note: str | None = None  # why upper_bound is what it is, when not plain (a cap out of reach, no maximum)

    @property
    def max_amount(self) -> Money | None:
        return self.upper_bound

    @property
    def currency(self) -> str | None:
        """The measure's own currency: that of its upper bound, else of the first amount it names."""
        if self.upper_bound is not None:
            return self.upper_bound.currency
        return next((c.currency for c in self.caps if c.currency), None)

    def to_dict(self) -> dict[str, Any]:
        """The stored form: Decimals as exact strings, intervals as dicts, tuples as lists."""
        return _out(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Measure:
        return _measure_in(data)


def as_interval(value: Any) -> Interval | None:
    """An ``Interval`` from itself or its stored dict; None for anything else."""
    if isinstance(value, Interval):
        return value
    if isinstance(value, dict):
        return Interval(as_decimal(value.get("low")), bool(value.get("low_inclusive")), as_decimal(value.get("high")),
                        bool(value.get("high_inclusive")))
    return None


def as_decimal(value: Any) -> Decimal | None:
    """An exact Decimal from a Decimal, int or stored string; None for None or a bool."""
    if value is None or isinstance(value, bool):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


# -- the stored form --------------------------------------------------------------------------------------------


def _out(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):  # the topic confidence, a score: kept as its exact repr, no float stored
        return repr(value)
    if isinstance(value, Interval):
        return {"low": _out(value.low), "low_inclusive": value.low_inclusive, "high": _out(value.high),
                "high_inclusive": value.high_inclusive}
    if hasattr(value, "__dataclass_fields__"):
        return {name: _out(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, list | tuple):
        return [_out(v) for v in value]
    return value


def _money_in(d: dict[str, Any] | None) -> Money | None:
    return Money(Decimal(d["value"]), d["currency"]) if d else None


def _condition_in(d: dict[str, Any]) -> Condition:
    return Condition(d["kind"], d["scope"], d["text"], d["metric"], as_interval(d["interval"]), d["unit"],
                     d["currency"], tuple(d["values"]), d["quote"], d["start"], d["end"], d.get("mode"),
                     bool(d.get("any_of")))


def _measure_in(d: dict[str, Any]) -> Measure:
    app = d.get("application")
    period = d.get("period")
    return Measure(
        clause=d["clause"], clause_label=d["clause_label"], start=d["start"], end=d["end"], quote=d["quote"],
        summary=d["summary"], certain_amount=_money_in(d["certain_amount"]), tier_max=_money_in(d["tier_max"]),
        caps=tuple(Cap(Decimal(c["value"]), c["currency"], c["period"], c["scope"], c["quote"], c["start"],
                       c["end"]) for c in d["caps"]),
        upper_bound=_money_in(d["upper_bound"]), amount_basis=d["amount_basis"], rate=as_decimal(d["rate"]),
        rates=tuple(Rate(Decimal(r["value"]), r["role"], r["base"], r["quote"], r["start"], r["end"])
                    for r in d["rates"]),
        per_unit=tuple(PerUnit(Decimal(p["value"]), p["currency"], p["unit"], p["per_text"], _money_in(p["cap"]),
                               p["quote"], p["start"], p["end"]) for p in d["per_unit"]),
        thresholds=tuple(_condition_in(c) for c in d["thresholds"]),
        tiers=tuple(Tier(as_interval(t["interval"]), t["metric"], t["metric_text"], _money_in(t["award"]),
                         as_decimal(t["rate"]), t["level"], tuple(_condition_in(c) for c in t["conditions"]), t["quote"],
                         t["start"], t["end"], t.get("unit"), bool(t.get("award_is_cap"))) for t in d["tiers"]),
        conditions=tuple(_condition_in(c) for c in d["conditions"]), conditions_all=bool(d["conditions_all"]),
        beneficiary=d["beneficiary"],
        non_cumulation=tuple(NonCumulation(n["rule"], n["scope"], n["quote"], n["start"], n["end"])
                             for n in d["non_cumulation"]),
        application=Application(app["deadline"], app["deadline_text"], app["where"], tuple(app["materials"]),
                                app["publicity"], bool(app["automatic"]),
                                tuple((q, s, e) for q, s, e in app["quotes"]), app.get("organiser")) if app else None,
        period=(period[0], period[1]) if period else None,
        topic=d.get("topic"), domain=d.get("domain"),
        confidence=float(d["confidence"]) if d.get("confidence") is not None else None,
        topic_method=d.get("topic_method"), bound_note=d.get("bound_note"),
    )
