"""Typed records produced by the extraction pipeline.

Every span is a half-open ``[start, end)`` range of character offsets into the *normalized* text of its
document; ``Document.to_raw_span`` maps it back to the raw file. Money and rates are ``Decimal`` inside and
become JSON numbers only at the edge (``to_dict``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

EXTRACTOR_VERSION = "0.4.3"  # bump when rules change: stores re-read their files (0.4.3: supports with no stated sum)


# Warnings that say the input itself is damaged (a truncated file, a date no calendar has): the document is
# stored, but a batch that met one exits non-zero, as for any bad input.
DAMAGED_INPUT = ("truncated UTF-8", "impossible date", "impossible month")


def is_damage(warning: str) -> bool:
    """Does this document warning say its input is damaged?

    Example: is_damage("impossible date '2023年2月30日' at [3, 13)") and not is_damage("no issue date")
    """
    return warning.startswith(DAMAGED_INPUT)

@dataclass(frozen=True, slots=True)
class Interval:
    """A numeric range; ``None`` is an open end. 以上 → low inclusive, 超过 → low exclusive."""

    low: Decimal | None = None
    low_inclusive: bool = False
    high: Decimal | None = None
    high_inclusive: bool = False

    def contains(self, value: Decimal) -> bool:
        if self.low is not None and (value < self.low or (value == self.low and not self.low_inclusive)):
            return False
        return not (
            self.high is not None and (value > self.high or (value == self.high and not self.high_inclusive))
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "low": _json_number(self.low),
            "low_inclusive": self.low_inclusive,
            "high": _json_number(self.high),
            "high_inclusive": self.high_inclusive,
        }


@dataclass(frozen=True, slots=True)
class Clause:
    id: str
    label: str
    level: int
    parent: str | None
    heading: str | None
    start: int
    end: int
    kind: str = "item"  # chapter | article | item | attachment

    def to_dict(self) -> dict[str, Any]:
        return spanned_dict(self)


@dataclass(frozen=True, slots=True)
class Fact:
    """One located fact. ``value`` is a Decimal for numbers, an ISO string for dates, a str otherwise.

    ``extra`` holds kind-specific fields (currency, interval, period, scope, tiers, metric ...), already in
    JSON-ready form except for Decimals and Intervals, which ``to_dict`` converts.
    """

    kind: str
    role: str
    value: Any
    unit: str | None
    quote: str
    start: int
    end: int
    clause: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "role": self.role,
            "value": to_jsonable(self.value),
            "unit": self.unit,
            "quote": self.quote,
            "span": [self.start, self.end],
            "clause": self.clause,
        }
        for key, val in self.extra.items():
            out[key] = to_jsonable(val)
        return out


@dataclass(frozen=True, slots=True)
class DocNo:
    """A 发文字号 such as 邵市政办发〔2024〕4号, split into 机关代字 / year / number."""

    text: str
    agency: str
    year: int | None
    number: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "agency": self.agency, "year": self.year, "number": self.number}


@dataclass(slots=True)
class Jurisdiction:
    province: str | None = None
    city: str | None = None
    county: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"province": self.province, "city": self.city, "county": self.county}


@dataclass(slots=True)
class Header:
    reg_no: str | None = None
    doc_no: DocNo | None = None
    title: str | None = None
    doc_type: str | None = None
    attachment_title: str | None = None
    attachment_type: str | None = None
    issuers: list[str] = field(default_factory=list)
    issue_date: str | None = None
    print_date: str | None = None
    disclosure: str | None = None
    cc: list[str] = field(default_factory=list)
    jurisdiction: Jurisdiction = field(default_factory=Jurisdiction)
    title_span: tuple[int, int] | None = None
    body_start: int = 0


@dataclass(slots=True)
class Document:
    source: str
    raw_text: str
    text: str
    offsets: list[int]  # offsets[i] = raw offset of normalized char i; offsets[len(text)] = len(raw)
    header: Header
    clauses: list[Clause] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    validity: dict[str, Any] = field(default_factory=dict)
    relations: dict[str, Any] = field(default_factory=dict)
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)

    def to_raw_span(self, start: int, end: int) -> tuple[int, int]:
        if start >= end:
            raw = self.offsets[start]
            return raw, raw
        return self.offsets[start], self.offsets[end - 1] + 1

    def clause_at(self, pos: int) -> Clause | None:
        """The innermost clause whose span contains ``pos``."""
        best: Clause | None = None
        for clause in self.clauses:
            if clause.start <= pos < clause.end and (best is None or clause.level >= best.level):
                best = clause
        return best

    def to_dict(self) -> dict[str, Any]:
        h = self.header
        out: dict[str, Any] = {
            "source": self.source,
            "extractor_version": EXTRACTOR_VERSION,
            "encoding": self.encoding,
            "text": self.text,
            "doc_no": h.doc_no.text if h.doc_no else None,
            "doc_no_parts": h.doc_no.to_dict() if h.doc_no else None,
            "reg_no": h.reg_no,
            "title": h.title,
            "doc_type": h.doc_type,
            "attachment_title": h.attachment_title,
            "attachment_type": h.attachment_type,
            "issuer": h.issuers[0] if len(h.issuers) == 1 else (list(h.issuers) if h.issuers else None),
            "issuers": list(h.issuers),
            "jurisdiction": h.jurisdiction.to_dict(),
            "issue_date": h.issue_date,
            "print_date": h.print_date,
            "disclosure": h.disclosure,
            "cc": list(h.cc),
            "clauses": [c.to_dict() for c in self.clauses],
            "facts": [f.to_dict() for f in self.facts],
            "warnings": list(self.warnings),
        }
        out.update({k: to_jsonable(v) for k, v in self.validity.items()})
        out.update({k: to_jsonable(v) for k, v in self.relations.items()})
        return out


def spanned_dict(record: Any) -> dict[str, Any]:
    """A flat record as JSON: its fields in order, ``start`` and ``end`` given last as ``span``.

    Example: spanned_dict(Clause("2", "二、", 1, None, None, 5, 9)) == {"id": "2", "label": "二、", "level": 1,
             "parent": None, "heading": None, "kind": "item", "span": [5, 9]}
    """
    out = {name: getattr(record, name) for name in record.__dataclass_fields__ if name not in ("start", "end")}
    out["span"] = [record.start, record.end]
    return out


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def to_jsonable(value: Any) -> Any:
    """Decimals become JSON numbers (ints where whole), records their dicts, containers recursively."""
    if isinstance(value, Decimal):
        return _json_number(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value
