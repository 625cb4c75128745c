"""The day the text as held took effect, from a law's info block and its own 施行 clause.

A law held as its 2015 第三次修正 text still prints its original 第九十四条 本法自2001年5月1日起施行; the text as
held took effect with the latest amendment. ``version_dates`` picks the version-making event (the latest
通过 / 公布 / 修正 / 修订 of the info block) and decides:

* a 施行 clause (the info block's line, else the article) dated on or after the event speaks for this text:
  its day, not inferred (商业银行法 2015: 修正 2015-08-29, 本法自2015年10月1日起施行);
* otherwise an amendment by a decision (修正, or 根据《…决定》修订) is dated by its line, or by the province's 批准
  beside it for a 设区的市 regulation, ``inferred`` and quoted, since the decision itself is not held;
* a revision or a second 通过 whose text prints an older 施行 clause, or none (本法自公布之日起施行 with no 公布
  line): the event's day, inferred; an original text without a 施行 clause keeps null — never guessed;
* no info block: the 施行 clause as it is.

``original_effective_from`` keeps the text's own clause where it differs from the version's day.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extractor.info_block import InfoEvent

_VERSION_MAKING = ("adopted", "published", "amended", "revised")


@dataclass(frozen=True, slots=True)
class VersionDates:
    effective_from: str | None
    inferred: bool
    basis: dict[str, Any] | None
    original_effective_from: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"effective_from": self.effective_from, "inferred": self.inferred, "basis": self.basis}


def _basis(text: str, start: int, end: int) -> dict[str, Any]:
    return {"quote": text[start:end], "span": [start, end]}


def _latest(events: list[InfoEvent]) -> int | None:
    dated = [i for i, e in enumerate(events) if e.kind in _VERSION_MAKING and e.date]
    return max(dated, key=lambda i: (events[i].date, i)) if dated else None


def _approval(events: list[InfoEvent], index: int) -> int | None:
    """The 批准 of the amendment at ``index``: printed just before it (…批准的…决定修正) or just after it."""
    event = events[index]
    for j in (index - 1, index + 1):
        if 0 <= j < len(events) and events[j].kind == "approved" and (events[j].date or "") >= (event.date or ""):
            return j
    return None


def _stated_after(events: list[InfoEvent], index: int) -> int | None:
    """A 施行 line printed after the event at ``index`` and dated on or after it."""
    for j in range(index + 1, len(events)):
        if events[j].kind == "effective" and (events[j].date or "") >= (events[index].date or "9"):
            return j
        if events[j].kind in _VERSION_MAKING:
            return None
    return None


def version_dates(
    text: str, events: list[InfoEvent], own_from: str | None, own_basis: dict[str, Any] | None
) -> VersionDates:
    latest = _latest(events)
    if latest is None:
        return VersionDates(own_from, False, own_basis, None)
    event = events[latest]
    stated = _stated_after(events, latest)
    if stated is not None:
        line = events[stated]
        return _differs(VersionDates(line.date, False, _basis(text, line.start, line.end), own_from))
    own_speaks = own_from is not None and own_from >= (event.date or "")
    if event.is_amendment and not own_speaks:
        approval = _approval(events, latest)
        chosen = events[approval] if approval is not None else event
        start, end = min(event.start, chosen.start), max(event.end, chosen.end)
        return _differs(VersionDates(chosen.date, True, _basis(text, start, end), own_from))
    if own_speaks or (own_from is None and event.kind in ("adopted", "published")):
        return VersionDates(own_from, False, own_basis, None)
    return _differs(VersionDates(event.date, True, _basis(text, event.start, event.end), own_from))


def _differs(dates: VersionDates) -> VersionDates:
    if dates.original_effective_from == dates.effective_from:
        return VersionDates(dates.effective_from, dates.inferred, dates.basis, None)
    return dates


__all__ = ["VersionDates", "version_dates"]
