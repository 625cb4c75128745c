"""Money amounts (kind ``money``): every amount, in base units with its currency, never converted.

30万元 → 300000 CNY; 100万美元 → 1000000 USD; 人民币3000万元 → 30000000 CNY; 二十万元 → 200000 CNY; 壹万贰仟叁佰肆拾伍元
→ 12345 CNY; 82，225.00元 → 82225 CNY. Numbers followed by 号/年/% are not money (the unit table of
``data/amounts.yaml`` decides). A range whose ends both carry the unit (500万元（含）—3000万元) gives two facts.
A range whose low end has no currency of its own (给予1万-5万元补助, 10至50万元) gives one fact: ``value`` is the
high end (what every reader of ``value`` takes, so nothing downstream reads more than before) and ``low`` /
``high`` / ``low_inclusive`` / ``high_inclusive`` give the whole interval — unless the range is a threshold
(销售额10至50万元的), which the condition extractor reads from its two ends. An amount whose 元 is left out in a
money sentence (补贴不超过2万) carries ``elided_unit: true``.

Role, from the amount's comma clause: ``cap`` inside a cap phrase (最高不超过30万元), ``threshold``
inside a condition (年交易额100万美元以上, 超过50万美元的), ``fund`` (专项资金 / 预算安排), ``award`` (奖励, 补贴,
支持 … given), else ``other`` (罚款 amounts too). Money that is not paid takes its own role first
(``not_paid_money``: ``loan_limit`` 最高贷款额度60万元, ``price``, ``fee``, ``registered_capital`` …). The items of a list (首次突破1000万元、3000万元、5000万元;
最高给予10万元、20万元、30万元) share the role its head or tail gives them; the new amount of a change
(最高额度由原40万元提高至50万元) takes the role of the old one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from extractor.facts._amounts import SEGMENT_STOPS, ComparatorTable, bounds, find_metric, lex, money_role
from extractor.facts.elided_money import iter_elided
from extractor.facts.money_ranges import MoneyRange, is_condition, low_before
from extractor.facts.numbers import Quantity, money_in
from extractor.models import Document, Fact

_LIST_LINK = re.compile(r"^(?:、|和|及|与|或)$")


def lists(text: str, items: list[Quantity]) -> list[list[Quantity]]:
    """Consecutive quantities joined only by 、/和/及 (10万元、20万元和5万元), in order."""
    groups: list[list[Quantity]] = []
    for q in items:
        if groups and _LIST_LINK.match(text[groups[-1][-1].end : q.start]):
            groups[-1].append(q)
        else:
            groups.append([q])
    return groups


@lru_cache(maxsize=1)
def _change_link() -> re.Pattern[str]:
    return re.compile(rf"{lex()['change']}(?:至|到|为)")


def range_role(text: str, q: Quantity, table: ComparatorTable) -> str:
    """A range is read as a threshold by ``money_role``; 给予1万-5万元补助 is an award unless the range says who
    qualifies (…的企业) or follows a money metric (销售额1万-5万元)."""
    role = money_role(text, q, table)
    if role != "threshold" or is_condition(text, q):
        return role
    seg_start, seg_end = bounds(text, q.start, SEGMENT_STOPS)
    if find_metric(text, "money", seg_start, q.start):
        return role
    return "award" if lex()["award"].search(text, seg_start, seg_end) else role


def _ranges(text: str, items: list[Quantity], table: ComparatorTable) -> tuple[dict[int, MoneyRange], set[int]]:
    """The ranges among ``items`` (by the index of their high end) and the bare low ends they absorb."""
    ranges: dict[int, MoneyRange] = {}
    absorbed: set[int] = set()
    for i, q in enumerate(items):
        bare = items[i - 1] if i > 0 and items[i - 1].shared_unit and i - 1 not in absorbed else None
        found = low_before(text, q, bare) if bare else low_before(text, q)
        if found is None or range_role(text, q, table) == "threshold":
            continue
        ranges[i] = found
        if bare is not None and found.start == bare.start:
            absorbed.add(i - 1)
    return ranges, absorbed


def extract(doc: Document) -> Iterator[Fact]:
    text = doc.text
    table = ComparatorTable.for_text(text)
    printed = list(money_in(text))
    elided = list(iter_elided(text, [(q.start, q.end) for q in printed]))
    items = sorted(printed + elided, key=lambda q: q.start)
    ranges, absorbed = _ranges(text, items, table)
    range_of = {id(items[i]): r for i, r in ranges.items()}
    elided_ids = {id(q) for q in elided}
    kept = [q for i, q in enumerate(items) if i not in absorbed]
    previous: tuple[Quantity, str] | None = None
    for group in lists(text, kept):
        roles = [range_role(text, q, table) if id(q) in range_of else money_role(text, q, table) for q in group]
        if len(group) > 1:
            if "threshold" in roles:
                roles = ["threshold"] * len(group)
            elif roles[0] == "cap":
                roles = ["cap"] * len(group)
        if previous and _change_link().fullmatch(text[previous[0].end : group[0].start]):
            roles[0] = previous[1]  # 最高额度由原40万元提高至50万元: the new amount is what the old one was
        previous = (group[-1], roles[-1])
        for q, role in zip(group, roles, strict=True):
            extra: dict[str, Any] = {"currency": q.unit}
            start = q.start
            if (found := range_of.get(id(q))) is not None:
                start = found.start
                extra.update(low=found.low, low_inclusive=found.low_inclusive, high=found.high,
                             high_inclusive=found.high_inclusive)
            if id(q) in elided_ids:
                extra["elided_unit"] = True
            yield Fact("money", role, q.value, q.unit, text[start : q.end], start, q.end, extra=extra)
