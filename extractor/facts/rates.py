"""Rates (kind ``rate``): 50%, 1%, 70% … as fractions (Decimal("0.5")), unit "%", quote as printed.

Role, from the rate's comma clause (words in ``data/amounts.yaml`` → ``rates``), checked in order:
``share`` (各负担50%), ``cap_rate`` (不超过50%), ``threshold`` (覆盖率80%以上, 入驻面积率达到60%),
``subsidy_rate`` (按…费用的50%给予补贴, 给予30%的租金补贴), else ``other``. A rate that is not support
(``not_paid`` in ``data/amounts.yaml``) takes its own role instead: ``loan_limit`` (贷款最高比例不超过房屋总价的80%),
``down_payment_share`` (最低首付比例为20%), ``guarantee_share`` (保函额度不超过应监管资金的50%), ``interest_rate``,
``price_share`` (支付总价的60%); the first three and ``interest_rate`` also where a threshold would be read.

A year-by-year series (第一年给予企业70%的补贴，第二年…60%…，第三年…50%) gives each rate an extra ``year`` and one
more fact of kind ``rate_series`` whose ``series`` is ``[{"year": 1, "rate": 0.7}, …]``, spanning the series.

全额补贴 / 全额补助 … (``rates.full_words``) is a rate of 1 with role ``full``: the whole cost is paid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any

from extractor.facts._amounts import (
    PERIOD_STOPS,
    SEGMENT_STOPS,
    SENTENCE_STOPS,
    ComparatorTable,
    bounds,
    cap_phrase_before,
    conditional_clause,
    find_metric,
    not_paid_rate,
)
from extractor.facts._common import alternation, cn_int
from extractor.facts.numbers import Quantity, amounts_lexicon, percent_in
from extractor.models import Document, Fact


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    rates = amounts_lexicon()["rates"]
    return {
        "share": re.compile(rf"{alternation(rates['share_words'])}$"),
        "subsidy": re.compile(alternation(rates["subsidy_words"])),
        "year": re.compile(rates["series_year"]),
        "full": re.compile(alternation(rates["full_words"])),
        "penalty": re.compile(alternation(amounts_lexicon()["penalty_words"])),
    }


def rate_role(text: str, q: Quantity, table: ComparatorTable) -> str:
    lex = _lex()
    seg_start, seg_end = bounds(text, q.start, SEGMENT_STOPS)
    sent_start, sent_end = bounds(text, q.start, SENTENCE_STOPS)
    if text[max(0, q.start - 1) : q.start] in ("*", "×") or lex["penalty"].search(text, sent_start, sent_end):
        return "other"  # a formula (…*100%) or a fine (处…5%以上15%以下的罚款)
    if lex["share"].search(text[max(seg_start, q.start - 8) : q.start]):
        return "share"
    held = not_paid_rate(text, q)
    bounded = table.before(text, q.start) is not None or table.after(text, q.end) is not None
    if held is not None and bounded and conditional_clause(text, q.end, seg_end):
        return "threshold"  # 对担保费率不超过1%的担保业务，…: who qualifies for what follows
    if held is not None and held[1]:
        return held[0]
    if cap_phrase_before(text, q):
        return held[0] if held else "cap_rate"
    if (
        table.before(text, q.start)
        or table.after(text, q.end)
        or find_metric(text, "percent", seg_start, q.start)
    ):
        return "threshold"
    if held is not None:
        return held[0]
    if lex["subsidy"].search(text, seg_start, seg_end) or "按" in text[seg_start : q.start]:
        return "subsidy_rate"
    return "other"


def extract(doc: Document) -> Iterator[Fact]:
    text = doc.text
    table = ComparatorTable.for_text(text)
    series: dict[int, list[tuple[int, int, Fact]]] = {}
    for q in percent_in(text):
        role = rate_role(text, q, table)
        extra: dict[str, Any] = {}
        seg_start, _ = bounds(text, q.start, SEGMENT_STOPS)
        year = None
        for m in _lex()["year"].finditer(text, seg_start, q.start):
            year = m
        if year is not None:
            n = cn_int(year.group("n"))
            if n:
                extra["year"] = n
                sentence_start, _ = bounds(text, q.start, PERIOD_STOPS)
                fact = Fact("rate", role, q.value, "%", text[q.start : q.end], q.start, q.end, extra=extra)
                series.setdefault(sentence_start, []).append((n, year.start(), fact))
                yield fact
                continue
        yield Fact("rate", role, q.value, "%", text[q.start : q.end], q.start, q.end, extra=extra)
    for m in _lex()["full"].finditer(text):  # 全额补贴: the whole cost, a rate of 1
        yield Fact("rate", "full", Decimal(1), "%", m.group(0), m.start(), m.end())
    for items in series.values():
        years = [n for n, _, _ in items]
        if len(items) < 2 or years != list(range(years[0], years[0] + len(years))):
            continue
        start, end = items[0][1], items[-1][2].end
        yield Fact(
            "rate_series",
            items[0][2].role,
            None,
            "%",
            text[start:end],
            start,
            end,
            extra={"series": [{"year": n, "rate": f.value} for n, _, f in items]},
        )
