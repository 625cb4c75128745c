"""Calendar dates (kind ``date``) and their role in the document.

Every printed day is a fact — 2024年3月17日, 2024年1月1号, 2019年07月01日, 二〇二四年三月十七日 — with an ISO value
and a role:

* ``issue``: a line that is only a date (the 成文日期 under the signature), or a law's 公布 line;
* ``print``: ``…2024年3月17日印发``;
* ``effective``: ``自2025年1月1日起施行`` / ``从2024年1月1号起执行`` / ``本办法自2019年2月1日实施`` / a law's 施行 line;
* ``expiry``: ``有效期至2027年12月31日`` / the end of ``有效期自…至…``;
* ``deadline``: ``2025年12月29日17时前``, ``截止日期：2026年1月10日``, the end of a 报名/申报 period, and the
  recurring ``每年11月底前`` (value ``--11-30``, ``recurring: true``);
* ``start`` / ``end``: the ends of any other period (``服务时间 2026年1月1日-2027年1月31日``; the start of a 报名
  period too, whose end is its deadline);
* ``period_start`` / ``period_end``: the ends of a measure's own period (上述补贴政策自2024年7月1日起执行，至
  2024年12月31日截止) when the document states its own effect elsewhere (``extractor.measure_periods``); the fact's
  clause is the measure's;
* ``other``: any other day (law info-block lines carry ``event``: adopted / amended / revised / approved).

A range end printed without its year (``2026年1月1日至1月15日``) takes the year before it (``inferred_year``).
Month-only and year-only expressions (2024年度, 从2025年起) are not dates here: they name no day, and the
validity logic never needs them. An impossible date (2023年2月30日) yields no fact and a warning in
``doc.warnings``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date

from extractor.datetext import find_dates
from extractor.facts._common import CN_NUM, NUMBER, alternation, cn_int, lexicon, line_at, sentence_at
from extractor.measure_periods import inside, measure_sentences
from extractor.models import Document, Fact

_INFO_EVENTS = (
    ("施行", "effective"),
    ("公布", "published"),
    ("发布", "published"),
    ("修正", "amended"),
    ("修订", "revised"),
    ("修改", "amended"),
    ("批准", "approved"),
    ("通过", "adopted"),
)
_DEADLINE_CONTEXT = re.compile(r"报名|申报|申请|报送|征集|受理|提交|递交|送达|截止|截至")
_RECURRING = re.compile(
    rf"每年(?:的)?(?P<m>{NUMBER})月(?:份)?(?P<d>底|末|上旬|中旬|下旬|(?:{NUMBER})[日号])?(?:之?前|以前|止|截止)"
)
_RANGE_TAIL = re.compile(
    rf"(?:起)?(?:至|到|—|－|-|～|~)(?P<m>\d{{1,2}}|[{CN_NUM}]{{1,2}})月(?P<d>\d{{1,2}}|[{CN_NUM}]{{1,3}})[日号]"
)


def _patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon("validity")
    eff, exp, dl = lex["effect"], lex["expiry"], lex["deadline"]
    return {
        "effect_before": re.compile(alternation(eff["lead"]) + r"$"),
        "effect_after": re.compile(r"^起?(?:正式)?" + alternation(eff["verbs"])),
        "expiry_before": re.compile(alternation(exp["lead_words"]) + r"[：:]?$"),
        "range_start": re.compile(alternation(exp["range_words"]) + r"(?:为|是)?[：:]?(?:自|从)?$"),
        "range_link": re.compile(r"^(?:起)?" + alternation(exp["range_links"]) + r"$"),
        "deadline_before": re.compile(alternation(dl["before"]) + r"(?:为|是)?[：:]?$"),
        "deadline_after": re.compile(r"^(?:\d{1,2}(?:[时点:：]\d{0,2}分?)?)?" + alternation(dl["after"])),
        "stop_after": re.compile(r"^(?:\d{1,2}(?:[时点:：]\d{0,2}分?)?)?止"),
    }


_COMPILED: dict[str, re.Pattern[str]] = {}


def patterns() -> dict[str, re.Pattern[str]]:
    if not _COMPILED:
        _COMPILED.update(_patterns())
    return _COMPILED


def extract(doc: Document) -> Iterator[Fact]:
    text = doc.text
    spans: list[tuple[int, int, date, bool]] = []
    for found in find_dates(text):
        if found.value is None:
            doc.warnings.append(
                f"impossible date {found.text!r} at [{found.start}, {found.end}): no date fact"
            )
            continue
        spans.append((found.start, found.end, found.value, False))
        tail = _RANGE_TAIL.match(text, found.end)
        if tail:
            month, day = cn_int(tail.group("m")), cn_int(tail.group("d"))
            try:
                inferred = date(found.value.year, month or 0, day or 0)
            except ValueError:
                doc.warnings.append(f"impossible date {tail.group(0)!r} at [{tail.start()}, {tail.end()})")
                continue
            start = tail.start("m")
            spans.append((start, tail.end(), inferred, True))
    previous_end = -1
    measures = measure_sentences(doc)
    for start, end, value, inferred_year in sorted(spans):
        role, extra = classify(text, start, end, previous_end)
        if inside(measures, start):
            role = _measure_role(text, start, role)
        previous_end = end
        if inferred_year:
            extra["inferred_year"] = True
        yield Fact(
            "date",
            role,
            value.isoformat(),
            None,
            text[start:end],
            start,
            end,
            extra={"precision": "day", **extra},
        )
    yield from _recurring(doc)


def classify(text: str, start: int, end: int, previous_end: int = -1) -> tuple[str, dict[str, object]]:
    """The role of the date printed at ``text[start:end]``."""
    pats = patterns()
    line_start, line_end = line_at(text, start)
    line = text[line_start:line_end]
    before_line, after_line = text[line_start:start], text[end:line_end]
    sent_start, sent_end = sentence_at(text, start)
    sentence = text[sent_start:sent_end]
    before = text[max(sent_start, start - 12) : start]
    after = text[end : min(sent_end, end + 12)]

    if line.strip("（）() ") == text[start:end]:
        return "issue", {}
    if re.match(r"^\s*印发", after_line) or (line.endswith("印发") and len(line) <= 40):
        return "print", {}
    if before_line in ("", "（") and len(line) > end - start:
        for word, event in _INFO_EVENTS:
            if word in after_line[:80] and "自" not in after_line[:4]:
                if event == "effective":
                    return "effective", {"event": event}
                if event == "published":
                    return "issue", {"event": event}
                return "other", {"event": event}
    if pats["effect_before"].search(before) and pats["effect_after"].match(after):
        return "effective", {}
    if pats["expiry_before"].search(before):
        return "expiry", {}
    link = text[previous_end:start] if 0 <= previous_end <= start else ""
    is_range_end = bool(link) and bool(pats["range_link"].match(link))
    if is_range_end:
        earlier = text[sent_start:previous_end]
        if re.search(lexicon_range_words(), earlier):
            return "expiry", {"range_end": True}
        if _DEADLINE_CONTEXT.search(sentence) or _DEADLINE_CONTEXT.search(
            _context_before(text, line_start, start)
        ):
            return "deadline", {"range_end": True}
    if re.search(r"(?:起)?(?:至|到)$", before) and _DEADLINE_CONTEXT.search(
        _context_before(text, line_start, start)
    ):
        return "deadline", {"range_end": True}
    if pats["range_start"].search(before) and re.match(r"^起?(?:至|到|—|－|-|～|~)", after):
        return "effective", {"range_start": True}
    if pats["deadline_before"].search(before) or pats["deadline_after"].match(after):
        if re.search(lexicon_range_words(), before) and pats["stop_after"].match(after):
            return "expiry", {}
        return "deadline", {}
    if re.match(r"^(?:\d{1,2}(?:[时点:：]\d{0,2}分?)?)?起?(?:至|到|—|－|-|～|~)", after):
        return "start", {"range_start": True}
    if is_range_end:
        return "end", {"range_end": True}
    return "other", {}


_MEASURE_ROLES = {"effective": "period_start", "start": "period_start", "expiry": "period_end", "end": "period_end"}


def _measure_role(text: str, start: int, role: str) -> str:
    """A date of a measure's own period: 自…起执行 starts it, 至…截止 / 执行期限…至 ends it."""
    if role == "deadline" and re.search(r"(?:至|到)$", text[max(0, start - 2) : start]):
        return "period_end"
    return _MEASURE_ROLES.get(role, role)


def _context_before(text: str, line_start: int, pos: int) -> str:
    """The line before and this line up to ``pos``: a heading such as （一）报名时间。 often precedes the dates."""
    begin = text.rfind("\n", 0, max(line_start - 1, 0)) + 1 if line_start else 0
    return text[begin:pos]


def lexicon_range_words() -> str:
    return alternation(lexicon("validity")["expiry"]["range_words"])


def _recurring(doc: Document) -> Iterator[Fact]:
    for match in _RECURRING.finditer(doc.text):
        month = cn_int(match.group("m"))
        if month is None or not 1 <= month <= 12:
            doc.warnings.append(f"impossible month {match.group(0)!r} at [{match.start()}, {match.end()})")
            continue
        day_text = match.group("d") or "底"
        last = calendar.monthrange(2001, month)[1]  # a recurring deadline: February ends on the 28th
        day = {"底": last, "末": last, "上旬": 10, "中旬": 20, "下旬": last}.get(day_text)
        if day is None:
            day = cn_int(day_text[:-1])
            if day is None or not 1 <= day <= calendar.monthrange(2000, month)[1]:
                doc.warnings.append(f"impossible date {match.group(0)!r} at [{match.start()}, {match.end()})")
                continue
        yield Fact(
            "date",
            "deadline",
            f"--{month:02d}-{day:02d}",
            None,
            match.group(0),
            match.start(),
            match.end(),
            extra={"precision": "day", "recurring": True},
        )
