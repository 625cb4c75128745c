"""The info block of a LawRefBook law: the dated lines above ``<!-- INFO END -->``, read as typed events.

A line such as ``2015年4月24日第十二届全国人民代表大会常务委员会第十四次会议《关于修改<…>等七部法律的决定》第三次修正``
is one event: its ``kind`` (adopted 通过, amended 修正 / 修改, revised 修订, approved 批准, published 公布 / 发布,
effective 施行), its date, the body that acted (the meeting or the 令), the 决定 it cites, the ordinal (第三次 → 3)
and whether it was made by a decision (根据… / 《…决定》), which makes it an amendment whatever verb it uses
(the State Council's ``根据《国务院关于修改…的决定》修订``). Lines are read as one stream, since one line may hold
several events (``…批准2012年11月29日…公告公布``) and one event may be broken over two lines; verbs inside
《》 are part of a title, not events.

A verb with no day before it in its sentence is not an event (some blocks hold the 印发 notice's prose: 为配合
《劳动法》的贯彻实施). A verb followed by 的 qualifies the next event (``2003年4月18日…通过的《…修正案》第二次修正``): it gives that
event its date when the event has none of its own, else it stays an event in its own right (``…批准的2017年10月27日
青岛市…《决定》第一次修正``: the province's approval, then the city's amendment).

The block is found through the offset map: normalization removes the ``<!-- INFO END -->`` comment, so its raw
position is mapped back into the normalized text. Spans are normalized offsets: ``text[start:end] == quote``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from extractor.datetext import DATE_PATTERN, parse_date_match
from extractor.facts._common import cn_int
from extractor.models import spanned_dict

INFO_END = "<!-- INFO END -->"

_VERBS = {
    "修订通过": "revised", "审议通过": "adopted", "通过": "adopted", "修正": "amended", "修改": "amended",
    "修订": "revised", "批准": "approved", "公布": "published", "发布": "published", "施行": "effective",
    "实施": "effective", "执行": "effective",
}
_VERB = re.compile(
    r"(?:第(?P<ordinal>[一二三四五六七八九十\d]{1,3})次)?(?P<verb>"
    + "|".join(sorted(_VERBS, key=len, reverse=True))
    + r")(?P<qualifier>的)?"
)
_DECISION = re.compile(r"决定|修正案")
_LEAD = re.compile(r"(?:根据|并经|经)\s*$")
_BODY_TRIM = re.compile(r"^[\s（(，,、根据于]+|(?:关于修改|通过的|批准的)?[\s）)，,、]*$")


@dataclass(frozen=True, slots=True)
class InfoEvent:
    kind: str  # adopted | amended | revised | approved | published | effective
    date: str | None  # ISO; None when the line prints no day
    body: str | None  # 第十二届全国人民代表大会常务委员会第十四次会议 / 中华人民共和国国务院令第651号
    decision: str | None  # the title in 《》 the event cites: 关于修改<…>等七部法律的决定
    ordinal: int | None  # 第三次修正 → 3
    by_decision: bool  # 根据… / 《…决定》: an amendment by a decision not held here
    quote: str
    start: int
    end: int

    @property
    def is_amendment(self) -> bool:
        return self.kind == "amended" or (self.kind == "revised" and self.by_decision)

    def to_dict(self) -> dict[str, Any]:
        return spanned_dict(self)


def block_span(text: str, raw_text: str, offsets: list[int]) -> tuple[int, int] | None:
    """The normalized span of the info block (after the title line), or None when the file has none."""
    raw_end = raw_text.find(INFO_END)
    if raw_end == -1:
        return None
    end = bisect.bisect_left(offsets, raw_end, 0, len(text))
    first_line_end = text.find("\n")
    start = end if first_line_end == -1 else min(first_line_end + 1, end)
    return start, end


def _title_mask(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans inside 《…》, nested ones included (《关于修改〈山东省实施《…》办法〉的决定》)."""
    spans: list[tuple[int, int]] = []
    depth, opened = 0, start
    for i in range(start, end):
        if text[i] == "《":
            if depth == 0:
                opened = i
            depth += 1
        elif text[i] == "》" and depth:
            depth -= 1
            if depth == 0:
                spans.append((opened, i + 1))
    if depth:
        spans.append((opened, end))
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def parse_info_block(text: str, start: int, end: int) -> list[InfoEvent]:
    """The events of ``text[start:end]``, in the order printed."""
    titles = _title_mask(text, start, end)
    dates = [m for m in DATE_PATTERN.finditer(text, start, end) if not _inside(m.start(), titles)]
    events: list[InfoEvent] = []
    segment_start = start
    carried: tuple[str, int] | None = None  # the day a qualifier (…通过的 / …批准的) gives the next event, and its line
    for verb in _VERB.finditer(text, start, end):
        if _inside(verb.start(), titles) or text.startswith("关于", verb.start() - 2):
            continue  # 关于修改《…》的决定 printed without its 《》 is a title too
        in_segment = [
            d for d in dates
            if segment_start <= d.start() and d.end() <= verb.start() and "。" not in text[d.end() : verb.start()]
        ]
        when = parse_date_match(in_segment[-1]) if in_segment else None
        iso = when.isoformat() if when else None
        if iso is None and events and not text[segment_start : verb.start()].strip(" \n并、"):
            iso = events[-1].date  # 修订发布: two verbs of one day
        kind = _VERBS[verb.group("verb")]
        if verb.group("qualifier"):
            if kind == "approved" and iso:
                events.append(_event(text, verb, segment_start, iso, titles, in_segment))
            if iso:
                carried = (iso, _line_start(text, segment_start, in_segment))
            segment_start = verb.end()
            continue
        line_from = segment_start
        if iso is None and carried:
            iso, line_from = carried
        carried = None
        if iso is None:
            continue  # a verb of the prose an info block may hold (…的贯彻实施), or a line that prints no day
        siblings = _siblings(text, verb, segment_start, in_segment)
        events.extend(siblings)
        own_start = siblings[-1].end + 1 if siblings else line_from
        events.append(_event(text, verb, own_start, iso, titles, in_segment[-1:] if in_segment else []))
        segment_start = verb.end()
    return events


def _line_start(text: str, segment_start: int, in_segment: list[re.Match[str]]) -> int:
    """Where an event's words begin: at its day, or at the 根据 / 并经 before it, not in the prose before."""
    if not in_segment:
        return segment_start
    begin = in_segment[-1].start()
    lead = _LEAD.search(text, segment_start, begin)
    return lead.start() if lead else begin


def _siblings(text: str, verb: re.Match[str], segment_start: int, dates: list[re.Match[str]]) -> list[InfoEvent]:
    """…第1283次会议、2003年8月12日最高人民检察院…会议通过: one verb for two bodies on two days."""
    out: list[InfoEvent] = []
    begin = segment_start
    for date_match, following in zip(dates, dates[1:], strict=False):
        if text[following.start() - 1] not in "、，,":
            continue
        when = parse_date_match(date_match)
        piece_end = following.start() - 1
        body = _BODY_TRIM.sub("", text[date_match.end() : piece_end].replace("\n", "")) or None
        start = max(begin, date_match.start())
        out.append(InfoEvent(_VERBS[verb.group("verb")], when.isoformat() if when else None, body, None, None,
                             False, text[start:piece_end], start, piece_end))
        begin = following.start()
    return out


def _event(
    text: str,
    verb: re.Match[str],
    segment_start: int,
    iso: str | None,
    titles: list[tuple[int, int]],
    in_segment: list[re.Match[str]],
) -> InfoEvent:
    begin = _line_start(text, segment_start, in_segment)
    while begin < verb.start() and text[begin] in " \n\t）)，,、。；":
        begin += 1
    decision_spans = [(a, b) for a, b in titles if begin <= a and b <= verb.start()]
    decision = text[decision_spans[-1][0] + 1 : decision_spans[-1][1] - 1] if decision_spans else None
    days = [m for m in DATE_PATTERN.finditer(text, begin, verb.start()) if not _inside(m.start(), titles)]
    body_from = days[-1].end() if days else begin
    body_to = decision_spans[0][0] if decision_spans and decision_spans[0][0] >= body_from else verb.start()
    body = _BODY_TRIM.sub("", text[body_from:body_to].replace("\n", "")) or None
    prefix = text[begin:verb.start()]
    by_decision = "根据" in prefix or bool(_DECISION.search(prefix))
    ordinal = cn_int(verb.group("ordinal")) if verb.group("ordinal") else None
    return InfoEvent(
        kind=_VERBS[verb.group("verb")],
        date=iso,
        body=body,
        decision=decision,
        ordinal=ordinal,
        by_decision=by_decision,
        quote=text[begin : verb.end("verb")],
        start=begin,
        end=verb.end("verb"),
    )


def info_events(text: str, raw_text: str, offsets: list[int]) -> list[InfoEvent]:
    """The info-block events of a document, or [] when it has no info block."""
    span = block_span(text, raw_text, offsets)
    return parse_info_block(text, *span) if span else []


__all__ = ["INFO_END", "InfoEvent", "block_span", "info_events", "parse_info_block"]
