"""Eligibility conditions (kind ``condition``, role ``threshold``): a metric, a threshold number and an interval.

年交易额100万美元以上 → metric 交易额, interval [1000000, ∞), unit USD; 超过200万元 → (2000000, ∞);
排名前10名 → 排名 (−∞, 10]; 注册一年以上 → 注册年限 [1, ∞) 年; 开业运营半年以上 → [6, ∞) 月; 面积2000平米以上 → m2;
5亩以上 → 亩; 入驻电商企业达20家以上 → 入驻企业数 [20, ∞) 家; 破零 → (0, ∞); 500万元（含）—3000万元 →
[5000000, 30000000). Comparators read as in 民法典 第一千二百五十九条 unless the document defines them
(``ComparatorTable``); the word table, metric vocabulary and the reasoning for 突破 are in ``data/amounts.yaml``.

``unit``: 元 for CNY (the currency code otherwise, e.g. USD), else the canonical unit (m2, 亩, 家, 年, 月, 名, %);
extra ``currency`` for money. ``value`` is the threshold number in base units (the floor of a range). The metric is
the metric word of the number's class nearest before it in its sentence (``metric_text`` keeps the printed words,
e.g. 新增出口实际交易额); a list (超过500平方米、1000平方米、2000平方米) passes its head's comparator to every item.
Money that is a cap (不超过30万元) is not a condition, nor are fines (处1万元以上10万元以下的罚款), nor counts
without a metric word (a target such as 培育品牌30个以上).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any

from extractor.facts._amounts import (
    PERIOD_STOPS,
    SENTENCE_STOPS,
    Comparator,
    ComparatorTable,
    bounds,
    find_metric,
    interval_of,
    lex,
)
from extractor.facts.money import lists
from extractor.facts.numbers import (
    Quantity,
    amounts_lexicon,
    iter_money,
    iter_quantities,
    money_in,
    parse_number,
    quantities_in,
)
from extractor.models import Document, Fact, Interval

_NEEDS_METRIC = ("count", "money_none")


@lru_cache(maxsize=1)
def _ranking() -> re.Pattern[str]:
    return re.compile(amounts_lexicon()["ranking"])


def _unit(q: Quantity) -> str:
    if q.cls == "money":
        return "元" if q.unit == "CNY" else q.unit
    return q.unit


def _fact(
    doc: Document, q: Quantity, interval: Interval, start: int, end: int, metric_cls: str
) -> Fact | None:
    text = doc.text
    sent_start, _ = bounds(text, q.start, PERIOD_STOPS)
    metric = find_metric(text, metric_cls, sent_start, q.start)
    if metric is None and metric_cls == "time":
        metric = find_metric(text, "time", end, min(len(text), end + 8))
    name = metric.name if metric else ("面积" if metric_cls == "area" else None)
    if name is None and metric_cls == "count":
        return None
    extra: dict[str, Any] = {
        "metric": name,
        "metric_text": metric.text if metric else None,
        "metric_span": [metric.start, metric.end] if metric else None,
        "interval": interval,
    }
    if q.cls == "money":
        extra["currency"] = q.unit
    return Fact("condition", "threshold", q.value, _unit(q), text[start:end], start, end, extra=extra)


def extract(doc: Document) -> Iterator[Fact]:
    text = doc.text
    table = ComparatorTable.for_text(text)
    money_roles = {(f.start, f.end): f.role for f in doc.facts if f.kind == "money"}
    rate_roles = {(f.start, f.end): f.role for f in doc.facts if f.kind == "rate"}
    penalty = lex()["penalty"]
    quantities = sorted([*money_in(text), *quantities_in(text)], key=lambda q: q.start)
    by_class: dict[str, list[Quantity]] = {}
    for q in quantities:
        by_class.setdefault(q.cls, []).append(q)
    consumed: set[int] = set()  # the far ends of ranges, already part of a condition
    for cls, items in by_class.items():
        for group in lists(text, items):
            yield from _group(doc, table, cls, group, money_roles, rate_roles, penalty, consumed)
    yield from _rankings(doc)
    yield from _zero_breaks(doc)


def _group(
    doc: Document,
    table: ComparatorTable,
    cls: str,
    group: list[Quantity],
    money_roles: dict[tuple[int, int], str],
    rate_roles: dict[tuple[int, int], str],
    penalty: re.Pattern[str],
    consumed: set[int],
) -> Iterator[Fact]:
    text = doc.text
    head = table.before(text, group[0].start)
    tail = table.after(text, group[-1].end)
    for i, q in enumerate(group):
        if q.start in consumed:
            continue
        sent_start, sent_end = bounds(text, q.start, SENTENCE_STOPS)
        if penalty.search(text, sent_start, sent_end):
            continue
        if cls == "money" and money_roles.get((q.start, q.end)) != "threshold":
            continue
        if cls == "percent" and rate_roles.get((q.start, q.end)) != "threshold":
            continue
        before = table.before(text, q.start) or (head if i > 0 else None)
        after = table.after(text, q.end) or (tail if i < len(group) - 1 else None)
        # a range: 500万元（含）—3000万元 / 1万元以上10万元以下 / 10—50家
        nxt = _range_end(text, table, q, items_after(q, cls, doc))
        if nxt is not None:
            other, other_after = nxt
            consumed.add(other.start)
            own_after = table.after(text, q.end)
            if (own_after and own_after.word == "（含）") or (other_after and other_after.word == "（含）"):
                # the document marks which ends belong: 500万元（含）—3000万元 → [5000000, 30000000)
                low_inc = bool(own_after and own_after.word == "（含）")
                high_inc = bool(other_after and other_after.word == "（含）")
            else:
                # a bare range 3～5年 / 1万元以上10万元以下 includes both ends unless a word excludes one
                low_inc = before.inclusive if before else True
                high_inc = other_after.inclusive if other_after else True
            interval = Interval(q.value, low_inc, other.value, high_inc)
            start = before.start if before and before.end <= q.start else q.start
            end = max(other_after.end, other.end) if other_after else other.end
            fact = _fact(doc, q, interval, start, end, cls)
            if fact:
                yield fact
            continue
        comparators = [c for c in (before, after) if c is not None]
        if not comparators:
            continue
        interval = interval_of(q.value, comparators)
        if interval is None:
            continue
        own_before = table.before(text, q.start)
        own_after = table.after(text, q.end)
        start = own_before.start if own_before else q.start
        end = own_after.end if own_after else q.end
        fact = _fact(doc, q, interval, start, end, cls)
        if fact:
            yield fact


def items_after(q: Quantity, cls: str, doc: Document) -> list[Quantity]:
    window = doc.text[q.end : q.end + 24]
    found = iter_money(window) if cls == "money" else (x for x in iter_quantities(window) if x.cls == cls)
    return [
        Quantity(x.cls, x.value, x.unit, x.start + q.end, x.end + q.end, x.number_end + q.end) for x in found
    ]


def _range_end(
    text: str, table: ComparatorTable, q: Quantity, after: list[Quantity]
) -> tuple[Quantity, Comparator | None] | None:
    if not after:
        return None
    other = after[0]
    between = text[q.end : other.start]
    links = lex()["links"]
    if re.fullmatch(rf"(?:（含）)?(?:{links})", between) or (
        between == "以上" and (c := table.after(text, other.end)) is not None and c.side == "high"
    ):
        other_after = table.after(text, other.end)
        if other_after is not None and other_after.side != "high" and other_after.word != "（含）":
            other_after = None
        return other, other_after
    # 年满60周岁不满65周岁 / 1万元以上不超过10万元: the far end carries its own prefix comparator
    c = table.before(text, other.start)
    if c is not None and c.side == "high" and c.start >= q.end and re.fullmatch(
        r"(?:及?以上)?[，,、]?", text[q.end : c.start]
    ):
        return other, c
    return None


def _rankings(doc: Document) -> Iterator[Fact]:
    text = doc.text
    for m in _ranking().finditer(text):
        n = parse_number(m.group("n"))
        if n is None:
            continue
        extra = {
            "metric": "排名",
            "metric_text": m.group(0),
            "metric_span": [m.start(), m.end()],
            "interval": Interval(None, False, n, True),
        }
        yield Fact("condition", "threshold", n, "名", m.group(0), m.start(), m.end(), extra=extra)


def _zero_breaks(doc: Document) -> Iterator[Fact]:
    text = doc.text
    word = lex()["zero"]
    for m in re.finditer(re.escape(word), text):
        sent_start, _ = bounds(text, m.start(), PERIOD_STOPS)
        metric = find_metric(text, "money", sent_start, m.start())
        extra: dict[str, Any] = {
            "metric": metric.name if metric else None,
            "metric_text": metric.text if metric else None,
            "metric_span": [metric.start, metric.end] if metric else None,
            "interval": Interval(Decimal(0), False, None, False),
        }
        yield Fact("condition", "threshold", Decimal(0), None, m.group(0), m.start(), m.end(), extra=extra)
