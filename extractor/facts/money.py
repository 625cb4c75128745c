"""Money amounts (kind ``money``): every amount, in base units with its currency, never converted.

30万元 → 300000 CNY; 100万美元 → 1000000 USD; 人民币3000万元 → 30000000 CNY; 二十万元 → 200000 CNY. Numbers
followed by 号/年/% are not money (the unit table of ``data/amounts.yaml`` decides). A range 500万元（含）—3000万元
gives two facts. Role, from the amount's comma clause: ``cap`` inside a cap phrase (最高不超过30万元), ``threshold``
inside a condition (年交易额100万美元以上, 超过50万美元的), ``fund`` (专项资金 / 预算安排), ``award`` (奖励, 补贴,
支持 … given), else ``other`` (罚款 amounts too). The items of a list (首次突破1000万元、3000万元、5000万元;
最高给予10万元、20万元、30万元) share the role its head or tail gives them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractor.facts._amounts import ComparatorTable, money_role
from extractor.facts.numbers import Quantity, iter_money
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


def extract(doc: Document) -> Iterator[Fact]:
    text = doc.text
    table = ComparatorTable.for_text(text)
    for group in lists(text, list(iter_money(text))):
        roles = [money_role(text, q, table) for q in group]
        if len(group) > 1:
            if "threshold" in roles:
                roles = ["threshold"] * len(group)
            elif roles[0] == "cap":
                roles = ["cap"] * len(group)
        for q, role in zip(group, roles, strict=True):
            yield Fact(
                "money",
                role,
                q.value,
                q.unit,
                text[q.start : q.end],
                q.start,
                q.end,
                extra={"currency": q.unit},
            )
