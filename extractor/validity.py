"""Effective date, validity term and last day in force, with the sentences that decide them.

``compute_validity(doc)`` returns:

* ``effective_from``: ``自2025年1月1日起施行`` → that day; ``自发布/印发/公布之日起施行`` → the issue date (成文日期,
  else the 印发 date); for a law, the info block's 施行 line first, else its 自…起施行 article;
* ``term`` (ISO-8601, ``P5Y``) and ``term_stated``: true when the text states a term or an end date;
* ``expires_on``: a stated end (有效期至… / 有效期自…至…), else ``effective_from + term − 1 day`` (the last day in
  force: 2024-01-01 + P5Y → 2028-12-31); null when no term is stated — never guessed;
* for a law held in an amended or revised version, ``effective_from`` is that version's day, ``version``
  says whether it was ``inferred`` from the info block and quotes its basis, and ``original_effective_from``
  keeps the text's own 施行 clause where it differs (``extractor.versions``); ``info_block`` lists the block's
  events (``extractor.info_block``);
* ``validity_basis``: ``{"effective": {quote, span}, "term": {quote, span}, "expiry": {quote, span}}``, null
  entries where the text says nothing.

An effect sentence whose subject is the document (本办法 / 本《若干措施》) wins over any other; among equals the
last one wins (the closing article). The date/term facts come from ``extractor.facts.dates`` / ``terms``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from extractor.datetext import DATE_PATTERN, parse_date_match
from extractor.facts._common import alternation, lexicon, sentence_at
from extractor.info_block import InfoEvent, info_events
from extractor.measure_periods import inside, measure_sentences
from extractor.models import Document, Fact
from extractor.versions import version_dates

_DURATION = re.compile(r"^P(?P<n>\d+)(?P<unit>[YMD])$")


@lru_cache(maxsize=1)
def _effect_pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    eff = lexicon("validity")["effect"]
    pattern = re.compile(
        alternation(eff["lead"])
        + rf"(?:(?P<date>{DATE_PATTERN.pattern})|(?P<event>[^，。；\n]{{0,12}}?{alternation(eff['issue_events'])})之日)"
        + r"起?(?:正式)?"
        + alternation(eff["verbs"])
    )
    return pattern, re.compile(eff["self_subject"])


def add_duration(start: date, duration: str) -> date | None:
    """The first day after ``duration`` (``P2Y``, ``P6M``, ``P30D``) counted from ``start``.

    >>> add_duration(date(2024, 5, 7), "P2Y"), add_duration(date(2024, 2, 29), "P1Y")
    (datetime.date(2026, 5, 7), datetime.date(2025, 3, 1))
    """
    match = _DURATION.match(duration)
    if not match:
        return None
    n, unit = int(match.group("n")), match.group("unit")
    if unit == "D":
        return start + timedelta(days=n)
    months = start.month - 1 + (n * 12 if unit == "Y" else n)
    year, month = start.year + months // 12, months % 12 + 1
    if start.day > calendar.monthrange(year, month)[1]:  # 2月29日 + 1 year: the day after 2月28日
        return date(year, month, calendar.monthrange(year, month)[1]) + timedelta(days=1)
    return date(year, month, start.day)


def last_day(start: date, duration: str) -> date | None:
    """The last day in force: ``start + duration − 1 day``."""
    after = add_duration(start, duration)
    return after - timedelta(days=1) if after else None


def in_force(validity: dict[str, Any], on: date) -> bool | None:
    """Whether the document is in force on ``on``; None when its effective date is unknown."""
    start = validity.get("effective_from")
    if not start:
        return None
    if on < date.fromisoformat(start):
        return False
    end = validity.get("expires_on")
    return True if end is None else on <= date.fromisoformat(end)


def _basis(doc: Document, start: int, end: int) -> dict[str, Any]:
    return {"quote": doc.text[start:end], "span": [start, end]}


def _sentence_has_self(doc: Document, pos: int) -> bool:
    s, _ = sentence_at(doc.text, pos, stops="。\n；")
    return bool(_effect_pattern()[1].search(doc.text, s, pos + 1))


def _effective(doc: Document) -> tuple[str | None, dict[str, Any] | None, int | None]:
    facts = [f for f in doc.facts if f.kind == "date" and f.role == "effective"]
    info = [f for f in facts if f.extra.get("event") == "effective"]
    if info:
        chosen = info[-1]
        return chosen.value, _basis(doc, *_line(doc, chosen.start)), chosen.start
    pattern, _ = _effect_pattern()
    best: tuple[int, re.Match[str]] | None = None
    measures = measure_sentences(doc)
    for match in pattern.finditer(doc.text):
        if inside(measures, match.start()):
            continue  # a measure's own period, not the document's
        score = 2 if _sentence_has_self(doc, match.start()) else 1
        if best is None or score >= best[0]:
            best = (score, match)
    ranges = [f for f in facts if f.extra.get("range_start")]
    if best is None:
        if ranges:
            return (
                ranges[-1].value,
                _basis(doc, *sentence_at(doc.text, ranges[-1].start, "。\n")),
                ranges[-1].start,
            )
        return None, None, None
    match = best[1]
    start = _subject_start(doc, match.start())
    basis = _basis(doc, start, match.end())
    if match.group("date"):
        when = parse_date_match(DATE_PATTERN.match(match.group("date")))  # type: ignore[arg-type]
        if when is None:
            doc.warnings.append(
                f"impossible effective date {match.group('date')!r}: effective_from left null"
            )
        return (when.isoformat() if when else None), basis, match.start()
    issued = doc.header.issue_date or doc.header.print_date
    if issued is None:
        doc.warnings.append(
            f"{match.group(0)!r}: the document prints no issue date, effective_from left null"
        )
    return issued, basis, match.start()


def _subject_start(doc: Document, pos: int) -> int:
    """Start the quote at the sentence's subject (本通知从…起执行), not at the clause label."""
    s, _ = sentence_at(doc.text, pos, stops="。\n；，")
    found = _effect_pattern()[1].search(doc.text, s, pos + 1)
    return found.start() if found else pos


def _line(doc: Document, pos: int) -> tuple[int, int]:
    begin = doc.text.rfind("\n", 0, pos) + 1
    end = doc.text.find("\n", pos)
    return begin, len(doc.text) if end == -1 else end


def _nearest(facts: list[Fact], pos: int | None) -> Fact | None:
    if not facts:
        return None
    if pos is None:
        return facts[-1]
    return min(facts, key=lambda f: (abs(f.start - pos), -f.start))


def _warn_if_block_is_older(doc: Document, events: list[InfoEvent], effective_from: str | None) -> None:
    """A file named for a version (殡葬管理条例(2012-11-09).md) whose info block stops at 1997 holds a text
    the block does not date: effective_from stays what the text says, and the gap is said."""
    named = doc.relations.get("version_date")
    dated = [e.date for e in events if e.date]
    if named and dated and named > max(dated) and (effective_from or "") < named:
        doc.warnings.append(
            f"version date {named} is later than every date of the info block (last {max(dated)}): "
            f"effective_from {effective_from} may be an earlier version's"
        )


def compute_validity(doc: Document) -> dict[str, Any]:
    effective_from, effective_basis, effect_pos = _effective(doc)
    terms = [f for f in doc.facts if f.kind == "term" and f.role == "document"]
    term_fact = _nearest(terms, effect_pos)
    expiries = [f for f in doc.facts if f.kind == "date" and f.role == "expiry"]
    expiry_fact = _nearest(expiries, effect_pos)

    term = term_fact.value if term_fact else None
    expires_on: str | None = None
    if expiry_fact is not None:
        expires_on = expiry_fact.value
    elif term and effective_from:
        end = last_day(date.fromisoformat(effective_from), term)
        expires_on = end.isoformat() if end else None
    if expires_on and effective_from and expires_on < effective_from:
        doc.warnings.append(f"expiry {expires_on} before effective date {effective_from}")
    events = info_events(doc.text, doc.raw_text, doc.offsets)
    version = version_dates(doc.text, events, effective_from, effective_basis)
    _warn_if_block_is_older(doc, events, version.effective_from)
    return {
        "effective_from": version.effective_from,
        "original_effective_from": version.original_effective_from,
        "version": version.to_dict(),
        "info_block": [event.to_dict() for event in events],
        "term": term,
        "term_stated": term_fact is not None or expiry_fact is not None,
        "expires_on": expires_on,
        "validity_basis": {
            "effective": version.basis,
            "term": _basis(doc, term_fact.start, term_fact.end) if term_fact else None,
            "expiry": _basis(doc, expiry_fact.start, expiry_fact.end) if expiry_fact else None,
        },
    }
