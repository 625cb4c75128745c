"""Who may claim (kind ``eligibility``): scope clauses, ages, titles, declarations and time windows.

``role`` is the condition kind of the measure contract; ``extra`` holds ``scope`` ("document" for a
document-wide scope clause — a clause headed 实施范围 / 支持对象 / 申报条件 …, or a sentence such as 本政策支持对象是指…
— else the id of the clause the fact is in), ``values``, ``interval`` and ``text`` (a short Chinese description):

* ``territory``: 在丽水市区（市直、莲都区和开发区）范围内 → values 丽水市区, 市直, 莲都区, 开发区 (``mode: within``);
  各县（市）可参照执行 → ``mode: may_adopt`` (a county's firms are covered once the county adopts the document);
* ``registration_age`` / ``operating_age``: the condition facts on 注册年限 / 运营时间, in years
  (注册一年以上 → [1, ∞); 开业运营半年以上 → [0.5, ∞); 成立未满三年 → [0, 3)), read as in 民法典 第一千二百五十九条;
* ``legal_form``: 独立法人 (values: the key of ``legal_forms``);
* ``title_excluded`` / ``title_required``: 已获得省级电子商务示范企业称号的不在此范围 / 对荣获国家级、省级…称号的;
* ``declaration``: a yes/no answer the profile gives by key (未列入严重失信名单 → ``not_seriously_dishonest``);
* ``settled_window``: 自其落户两个自然年度内 → ``natural_years: 2``, ``anchor: settled_on`` (the year of settling
  and the next); 自注册之日起3年内 → interval [0, 3] years, ``anchor: registered_on``;
* ``new_this_year``, ``first_time``: 当年新增的企业, 首次达到 ….

Every word list is in ``data/eligibility.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from extractor.facts._common import alternation, cn_int, lexicon, sentence_at
from extractor.models import Document, Fact, Interval

_MONTHS_PER_YEAR = Decimal(12)


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    data = lexicon("eligibility")
    terr = data["territory"]
    titles = data["titles"]
    place = (
        alternation(terr["leads"])
        + r"(?P<place>[\u4e00-\u9fff]{0,10}?"
        + alternation(terr["ends"])
        + r")(?:（(?P<list>[^（）]{2,40})）)?"
        + alternation(terr["follows"])
    )
    return {
        "heading": re.compile(
            alternation(data["scope_heading_prefixes"])
            + "?"
            + alternation(data["scope_headings"])
            + r"(?:[和及与、](?:"
            + "|".join([*data["scope_headings"], *data["scope_heading_seconds"]])
            + "))?"
        ),
        "scope_sentences": [re.compile(p) for p in data["scope_sentence_patterns"]],
        "place": re.compile(place),
        "list_links": re.compile(terr["list_links"]),
        "may_adopt": [re.compile(p) for p in terr["may_adopt_patterns"]],
        "legal_forms": {
            key: (spec["label"], re.compile("|".join(spec["patterns"])))
            for key, spec in data["legal_forms"].items()
        },
        "title": re.compile(
            alternation(titles["leads"])
            + r"(?P<titles>[^，。；（）]{2,60}?)"
            + alternation(titles["ends"])
            + r"的?(?:企业|单位)?(?:[，,]?(?P<excluded>"
            + alternation(titles["excluded_after"])
            + "))?"
        ),
        "levels": tuple(titles["levels"]),
        "title_words": re.compile(alternation(titles["title_words"])),
        "declarations": {
            key: (spec["label"], re.compile("|".join(spec["patterns"])))
            for key, spec in data["declarations"].items()
        },
        "window": re.compile(data["windows"]["pattern"]),
        "anchors": data["windows"]["anchors"],
        "new": re.compile(data["new_this_year"]["pattern"]),
        "new_not": tuple(data["new_this_year"]["not_when"]),
        "first": re.compile(data["first_time"]["pattern"]),
        "age_metrics": data["age_metrics"],
        "age_gap": int(data["age_gap"]),
    }


def declaration_keys() -> dict[str, str]:
    """The declarations a profile may answer: key → Chinese label.

    >>> declaration_keys()["not_seriously_dishonest"]
    '未列入严重失信主体名单'
    """
    return {key: label for key, (label, _) in _lex()["declarations"].items()}


def legal_form_keys() -> dict[str, str]:
    """The legal forms: key → Chinese label (``independent_legal_person`` → 独立法人)."""
    return {key: label for key, (label, _) in _lex()["legal_forms"].items()}


def natural_years_end(anchor: date, years: int) -> date:
    """The last day of a window of ``years`` natural years that counts the anchor's own year as the first
    (自其落户两个自然年度内: settled on 2025-03-01 → through 2026-12-31).

    >>> natural_years_end(date(2025, 3, 1), 2)
    datetime.date(2026, 12, 31)
    """
    return date(anchor.year + years - 1, 12, 31)


def extract(doc: Document) -> Iterator[Fact]:
    scopes = scope_spans(doc)
    seen: set[tuple[str, int, int]] = set()
    for fact in _all(doc, scopes):
        key = (fact.role, fact.start, fact.end)
        if key not in seen:
            seen.add(key)
            yield fact


def scope_spans(doc: Document) -> list[tuple[int, int]]:
    """Spans of the document-wide scope clauses: clauses headed 实施范围 … and 本政策支持对象是指… sentences."""
    lex = _lex()
    spans = []
    for clause in doc.clauses:
        heading = re.sub(r"[\s*#：:。]", "", clause.heading or "")
        if heading and lex["heading"].fullmatch(heading):
            spans.append((clause.start, clause.end))
    text = doc.text
    for pattern in lex["scope_sentences"]:
        for m in pattern.finditer(text, doc.header.body_start):
            spans.append(sentence_at(text, m.start(), stops="。\n"))
    return sorted(set(spans))


def _all(doc: Document, scopes: list[tuple[int, int]]) -> Iterator[Fact]:
    text = doc.text
    body = doc.header.body_start
    for s, e in scopes:
        yield from _territories(doc, s, e)
    yield from _may_adopt(doc)
    yield from _ages(doc, scopes)
    yield from _patterned(doc, scopes, "legal_form", _lex()["legal_forms"], body)
    yield from _patterned(doc, scopes, "declaration", _lex()["declarations"], body)
    yield from _titles(doc, scopes)
    yield from _windows(doc, scopes)
    for m in _lex()["new"].finditer(text, body):
        if not any(w in m.group(0) for w in _lex()["new_not"]):
            yield _fact(doc, scopes, "new_this_year", m.start(), m.end(), [m.group(0)], None, "当年新增/新引进")
    for m in _lex()["first"].finditer(text, body):
        yield _fact(doc, scopes, "first_time", m.start(), m.end(), [m.group("what")], None, f"首次{m.group('what')}")


def _fact(
    doc: Document,
    scopes: list[tuple[int, int]],
    role: str,
    start: int,
    end: int,
    values: list[str],
    interval: Interval | None,
    description: str,
    **more: Any,
) -> Fact:
    unit = more.pop("unit", None)
    clause = doc.clause_at(start)
    in_scope = any(s <= start < e for s, e in scopes)
    extra: dict[str, Any] = {
        "scope": "document" if in_scope else (clause.id if clause else None),
        "values": values,
        "interval": interval,
        "text": description,
        **more,
    }
    value = values[0] if values else None
    return Fact("eligibility", role, value, unit, doc.text[start:end], start, end, extra=extra)


def _territories(doc: Document, s: int, e: int) -> Iterator[Fact]:
    lex = _lex()
    for m in lex["place"].finditer(doc.text, s, e):
        values = [m.group("place")]
        if m.group("list"):
            values += [v for v in lex["list_links"].split(m.group("list")) if v]
        end = m.end("list") + 1 if m.group("list") else m.end("place")
        description = "限于" + m.group("place") + (f"（{'、'.join(values[1:])}）" if len(values) > 1 else "")
        yield _fact(doc, [(s, e)], "territory", m.start("place"), end, values, None, description, mode="within")


def _may_adopt(doc: Document) -> Iterator[Fact]:
    for pattern in _lex()["may_adopt"]:
        for m in pattern.finditer(doc.text, doc.header.body_start):
            yield _fact(doc, [(m.start(), m.end())], "territory", m.start(), m.end(), [], None,
                        "各县（市）可参照执行：县（市）企业以本县（市）政策为准", mode="may_adopt")


def _ages(doc: Document, scopes: list[tuple[int, int]]) -> Iterator[Fact]:
    """The condition facts on 注册年限 / 运营时间, restated in years with the metric in the quote."""
    roles = _lex()["age_metrics"]
    for cond in list(doc.facts):
        role = roles.get(cond.extra.get("metric")) if cond.kind == "condition" else None
        if role is None or cond.unit not in ("年", "月"):
            continue
        metric_span = cond.extra.get("metric_span")
        if not metric_span or not _adjacent(doc.text, metric_span[1], cond.start):
            continue  # 登记的类别…不超过3个月: a metric word far away does not make an age condition
        interval = _in_years(cond.extra["interval"], cond.unit)
        start = metric_span[0]  # 注册一年以上, 开业运营半年以上: the quote names what is counted
        label = "注册年限" if role == "registration_age" else "运营时间"
        yield _fact(doc, scopes, role, start, cond.end, [], interval, f"{label}{_interval_text(interval)}年",
                    unit="years")


def _adjacent(text: str, metric_end: int, number_start: int) -> bool:
    """The metric word ends just before the number, with no punctuation between (注册一年以上)."""
    if metric_end > number_start:
        return False  # 公告之日起满6个月且办理初始登记: the word after the number names something else
    between = text[metric_end:number_start]
    return len(between) <= _lex()["age_gap"] and not re.search(r"[，,。；;、（）\n]", between)


def _in_years(interval: Interval, unit: str) -> Interval:
    """An interval in 年 as it is; one in 月 divided by 12 (半年 → 0.5), the ends' inclusivity kept."""
    if unit == "年":
        return interval
    low = None if interval.low is None else interval.low / _MONTHS_PER_YEAR
    high = None if interval.high is None else interval.high / _MONTHS_PER_YEAR
    return Interval(low, interval.low_inclusive, high, interval.high_inclusive)


def _interval_text(interval: Interval) -> str:
    parts = []
    if interval.low is not None:
        parts.append(("≥" if interval.low_inclusive else ">") + _plain(interval.low))
    if interval.high is not None:
        parts.append(("≤" if interval.high_inclusive else "<") + _plain(interval.high))
    return "且".join(parts)


def _plain(value: Decimal) -> str:
    """0.5 → "0.5", 1 → "1" (no exponent, no trailing zeros)."""
    return format(value.normalize(), "f")


def _patterned(
    doc: Document,
    scopes: list[tuple[int, int]],
    role: str,
    table: dict[str, tuple[str, re.Pattern[str]]],
    body: int,
) -> Iterator[Fact]:
    for key, (label, pattern) in table.items():
        if role == "declaration" and key in _lex()["legal_forms"]:
            continue  # a legal form is its own role; the profile answers it from legal_form
        for m in pattern.finditer(doc.text, body):
            yield _fact(doc, scopes, role, m.start(), m.end(), [key], None, label)


def _titles(doc: Document, scopes: list[tuple[int, int]]) -> Iterator[Fact]:
    lex = _lex()
    for m in lex["title"].finditer(doc.text, doc.header.body_start):
        names = expand_titles(m.group("titles"))
        if not names or "的" in m.group("titles") or not all(lex["title_words"].search(n) for n in names):
            continue
        role = "title_excluded" if m.group("excluded") else "title_required"
        end = m.end() if m.group("excluded") else m.end("titles")
        description = ("已获" if m.group("excluded") else "须获") + "、".join(names) + "称号" + (
            "的不在此范围" if m.group("excluded") else ""
        )
        yield _fact(doc, scopes, role, m.start(), end, names, None, description, any_of=len(names) > 1)


def expand_titles(printed: str) -> list[str]:
    """Title names in a printed list; a bare level word takes the rest of the last item.

    >>> expand_titles("国家级、省级电子商务示范企业")
    ['国家级电子商务示范企业', '省级电子商务示范企业']
    >>> expand_titles("省级电子商务示范企业、电子商务重点培育企业")
    ['省级电子商务示范企业', '电子商务重点培育企业']
    """
    levels = _lex()["levels"]
    items = [i for i in re.split(r"[、，,]|和|及|或", printed) if i]
    if not items:
        return []
    last = items[-1]
    rest = next((last[len(lv):] for lv in levels if last.startswith(lv)), None)
    out = []
    for item in items:
        out.append(item + rest if rest and item in levels else item)
    return out


def _windows(doc: Document, scopes: list[tuple[int, int]]) -> Iterator[Fact]:
    lex = _lex()
    for m in lex["window"].finditer(doc.text, doc.header.body_start):
        n = cn_int(m.group("n"))
        if n is None:
            continue
        unit = m.group("unit")
        anchor = lex["anchors"][m.group("anchor")]
        more: dict[str, Any] = {"anchor": anchor, "unit": "years"}
        interval: Interval | None
        if unit.startswith("自然"):
            more["natural_years"] = n  # the year of the anchor date counts as the first
            interval = None
            description = f"{m.group('anchor')}当年起{n}个自然年度内"
        else:
            years = Decimal(n) / _MONTHS_PER_YEAR if "月" in unit else Decimal(n)
            interval = Interval(Decimal(0), True, years, True)  # 以内 / 内 include the number
            description = f"{m.group('anchor')}后{_plain(years)}年以内"
        yield _fact(doc, scopes, "settled_window", m.start(), m.end(), [m.group("anchor")], interval,
                    description, **more)
