"""The vocabularies a profile is written in: its figures (``kb/data/figures.yaml``, with the units a figure may
be written in) and its entity kinds (``kb/data/entity_kinds.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[2] / "data"
FIGURES = DATA / "figures.yaml"
ENTITY_KINDS = DATA / "entity_kinds.yaml"
UNITS = ("CNY", "USD", "m2", "mu", "count", "years", "fraction")


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure of the vocabulary (``kb/data/figures.yaml``)."""

    key: str
    label: str
    unit: str
    metrics: tuple[str, ...]
    metric_text: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EntityKind:
    """One entity kind (``kb/data/entity_kinds.yaml``)."""

    key: str
    label: str
    words: tuple[str, ...]
    also: tuple[str, ...] = ()


@cache
def figures() -> dict[str, Figure]:
    """The figure vocabulary by key.

    Example: figures()["cross_border_export_usd"].label == "当年跨境电商出口额（美元）"
    """
    data = yaml.safe_load(FIGURES.read_text(encoding="utf-8"))["figures"]
    out = {}
    for key, spec in data.items():
        if spec["unit"] not in UNITS:
            raise ValueError(f"{FIGURES}: {key}: unit {spec['unit']!r} is not one of {', '.join(UNITS)}")
        out[key] = Figure(key, spec["label"], spec["unit"], tuple(spec["metrics"]),
                          tuple(spec.get("metric_text") or ()), tuple(spec.get("context") or ()),
                          tuple(spec.get("exclude") or ()))
    return out


@cache
def entity_kinds() -> dict[str, EntityKind]:
    """The entity kinds by key.

    Example: entity_kinds()["platform"].also == ("enterprise", "service_provider")
    """
    data = yaml.safe_load(ENTITY_KINDS.read_text(encoding="utf-8"))["kinds"]
    return {key: EntityKind(key, spec["label"], tuple(spec.get("words") or ()), tuple(spec.get("also") or ()))
            for key, spec in data.items()}


def figure_label(key: str) -> str:
    """``key (label)`` for messages.

    Example: figure_label("cross_border_export_usd") == "cross_border_export_usd (当年跨境电商出口额（美元）)"
    """
    figure = figures().get(key)
    return f"{key} ({figure.label})" if figure else key


@cache
def written_units() -> dict[str, tuple[str, Decimal, Decimal]]:
    data = yaml.safe_load(FIGURES.read_text(encoding="utf-8"))["written_units"]
    return {surface: (spec["unit"], Decimal(str(spec["factor"])), Decimal(str(spec.get("divisor", 1))))
            for surface, spec in data.items()}
