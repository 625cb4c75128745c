"""Context shared by the amount and condition extractors: comparators (with a document's own definitions),
clause windows, cap phrases with their scope and period, metric words, and the role of a money amount.

All word lists come from ``data/amounts.yaml``.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extractor.facts._common import WINDOW_REACH, alternation
from extractor.facts.numbers import Quantity, amounts_lexicon
from extractor.models import Interval

SEGMENT_STOPS = "，,。；;：:\n"
SENTENCE_STOPS = "。；;\n"
PERIOD_STOPS = "。\n"


def bounds(text: str, pos: int, stops: str) -> tuple[int, int]:
    """The run of text around ``pos`` that holds none of ``stops``, at most ``WINDOW_REACH`` on either side."""
    low, high = max(0, pos - WINDOW_REACH), min(len(text), pos + WINDOW_REACH)
    begin = max(max(text.rfind(c, low, pos) for c in stops) + 1, low)
    ends = [i for c in stops if (i := text.find(c, pos, high)) != -1]
    return begin, (min(ends) if ends else high)


@dataclass(frozen=True, slots=True)
class Comparator:
    word: str
    side: str  # low | high
    inclusive: bool
    start: int
    end: int


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    lex = amounts_lexicon()
    cmp = lex["comparators"]
    scope = {w: k for k, words in lex["cap_scope"].items() for w in words}
    period = {w: k for k, words in lex["cap_period"].items() for w in words}
    metrics: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for cls, table in lex["metrics"].items():
        metrics[cls] = [(canon, re.compile(pat)) for canon, pats in table.items() for pat in pats]
    return {
        "suffix": {w: (s, bool(i)) for w, (s, i) in cmp["suffix"].items()},
        "prefix": {w: (s, bool(i)) for w, (s, i) in cmp["prefix"].items()},
        "gap": alternation(cmp["gap"]),
        "links": alternation(cmp["range_links"]),
        "change": alternation(cmp["change_verbs"]),
        "zero": cmp["zero_break"],
        "definitions": [re.compile(p) for p in lex["definition_patterns"]],
        "cap": re.compile(alternation(lex["cap_phrases"])),
        "cap_gap": int(lex["cap_gap"]),
        "fund": re.compile(alternation(lex["fund_words"])),
        "penalty": re.compile(alternation(lex["penalty_words"])),
        "award": re.compile(alternation(lex["award_words"])),
        "scope": (re.compile(alternation(scope)), scope),
        "period": (re.compile(alternation(period)), period),
        "metrics": metrics,
        "qualifiers": alternation(lex["metric_qualifiers"]),
        "not_paid": _not_paid_groups(lex["not_paid"]),
        "support": re.compile(alternation(lex["not_paid"]["support_words"])),
        "money_support": re.compile(alternation(lex["not_paid"]["support_words"]
                                                + lex["not_paid"]["money_support_words"])),
    }


@dataclass(frozen=True, slots=True)
class NotPaidGroup:
    """Words that make a number something other than support (a loan ceiling, a price), with the role it takes."""

    name: str
    money: str | None
    rate: str | None
    over_threshold: bool
    words: re.Pattern[str]
    after: re.Pattern[str] | None
    bare: re.Pattern[str] | None


def _not_paid_groups(table: dict[str, Any]) -> tuple[NotPaidGroup, ...]:
    return tuple(
        NotPaidGroup(name, group.get("money"), group.get("rate"), bool(group.get("over_threshold")),
                     re.compile("|".join(group["patterns"])),
                     re.compile("|".join(group["after"])) if group.get("after") else None,
                     re.compile("|".join(group["bare"])) if group.get("bare") else None)
        for name, group in table["groups"].items()
    )


def lex() -> dict[str, Any]:
    return _lex()


@dataclass(frozen=True, slots=True)
class ComparatorTable:
    """The statutory reading of comparator words, with a document's own definitions applied."""

    prefix: dict[str, tuple[str, bool]]
    suffix: dict[str, tuple[str, bool]]
    prefix_re: re.Pattern[str]
    suffix_re: re.Pattern[str]

    @classmethod
    def for_text(cls, text: str) -> ComparatorTable:
        """本办法所称以上、以下均包括本数 / 以上含本数、以下不含本数: the document's reading wins."""
        base = _lex()
        prefix, suffix = dict(base["prefix"]), dict(base["suffix"])
        for pattern in base["definitions"]:
            for m in pattern.finditer(text):
                inclusive = not m.group("neg")
                for word in re.findall("以上|以下|以内|不满|超过|不超过|不低于", m.group("words")):
                    for table in (prefix, suffix):
                        if word in table:
                            table[word] = (table[word][0], inclusive)
        prefix_re = re.compile(rf"{alternation(prefix)}(?:{base['gap']})?$")
        suffix_re = re.compile(alternation(suffix))
        return cls(prefix, suffix, prefix_re, suffix_re)

    def before(self, text: str, pos: int) -> Comparator | None:
        """A comparator printed just before ``pos`` (达到5000万元, 超过人民币3000万元)."""
        window = text[max(0, pos - 10) : pos]
        m = self.prefix_re.search(window)
        if not m:
            return None
        word = max((w for w in self.prefix if m.group(0).startswith(w)), key=len)
        side, inclusive = self.prefix[word]
        start = pos - len(window) + m.start()
        return Comparator(word, side, inclusive, start, start + len(word))

    def after(self, text: str, pos: int) -> Comparator | None:
        """A comparator printed just after ``pos`` (100万美元以上, 5亿元及以上, 500万元（含）)."""
        m = self.suffix_re.match(text, pos)
        if not m:
            return None
        side, inclusive = self.suffix[m.group(0)]
        return Comparator(m.group(0), side, inclusive, m.start(), m.end())


def interval_of(value: Any, comparators: list[Comparator]) -> Interval | None:
    """The interval a number and its comparators describe; the last word on a side decides it."""
    low = high = None
    low_inc = high_inc = False
    for c in comparators:
        if c.side == "low":
            low, low_inc = value, c.inclusive
        else:
            high, high_inc = value, c.inclusive
    if low is None and high is None:
        return None
    return Interval(low, low_inc, high, high_inc)


def cap_phrase_before(text: str, q: Quantity) -> re.Match[str] | None:
    """The cap phrase governing ``q``: in its comma clause, at most ``cap_gap`` characters before it, with no other
    number between (最高给予一次性奖励50万元; 给予不超过人民币20万元的)."""
    seg_start, _ = bounds(text, q.start, SEGMENT_STOPS)
    window_start = max(seg_start, q.start - _lex()["cap_gap"] - 8)
    for m in _lex()["cap"].finditer(text, window_start, q.start):
        between = text[m.end() : q.start]
        if len(between) <= _lex()["cap_gap"] and not re.search(r"\d", between):
            return m  # the first: 最高给予一次性奖励不超过30万元 is capped from 最高
    return None


def scope_and_period(text: str, lo: int, hi: int) -> tuple[str | None, str | None, list[tuple[int, int]]]:
    """Scope (per_enterprise, per_warehouse …) and period (per_year, once) words inside ``text[lo:hi]``.

    An explicit year word wins over 一次性 (每个海外仓每年最高给予一次性奖励20万元 is a yearly cap)."""
    scope_re, scope_map = _lex()["scope"]
    period_re, period_map = _lex()["period"]
    spans: list[tuple[int, int]] = []
    scope = None
    for m in scope_re.finditer(text, lo, hi):
        scope = scope_map[m.group(0)]
        spans.append(m.span())
    periods = []
    for m in period_re.finditer(text, lo, hi):
        periods.append(period_map[m.group(0)])
        spans.append(m.span())
    period = "per_year" if "per_year" in periods else (periods[0] if periods else None)
    return scope, period, spans


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    text: str
    start: int
    end: int


def find_metric(text: str, cls: str, lo: int, pos: int) -> Metric | None:
    """The metric word of class ``cls`` nearest before ``pos`` in ``text[lo:pos]``; at equal end the longest.
    A qualifier printed just before it (年度, 新增) is kept in ``text``."""
    best: tuple[int, int, str, int] | None = None
    for canon, pattern in _lex()["metrics"].get(cls, []):
        # A pattern's matches do not overlap, so its last one ends latest; only that one can win.
        for m in deque(pattern.finditer(text, lo, pos), maxlen=1):
            key = (m.end(), m.end() - m.start(), canon, m.start())
            if best is None or key[:2] > best[:2]:
                best = key
    if best is None:
        return None
    end, _, canon, start = best
    q = re.search(rf"(?:{_lex()['qualifiers']})+$", text[lo:start])
    if q:
        start = lo + q.start()
    return Metric(canon, text[start:end], start, end)


def not_paid_money(text: str, q: Quantity) -> NotPaidGroup | None:
    """The group of a money amount that is not support (its ``money`` role: loan_limit, price, fee …), from the
    ``not_paid`` groups of ``data/amounts.yaml``: a group's word before it in its comma clause with no support word
    after that word (最高贷款金额由50万元, not 贷款额度内给予贴息50万元), or a group's ``after`` words just after it
    (最高不超过20万元的创业担保贷款); a clause naming only the group's ``bare`` word (最高额度从60万元) takes the
    group's word from earlier in its sentence."""
    L = _lex()
    seg_start, seg_end = bounds(text, q.start, SEGMENT_STOPS)
    sent_start, _ = bounds(text, q.start, SENTENCE_STOPS)
    support_ends = [m.end() for m in L["money_support"].finditer(text, sent_start, q.start)]
    last_support = max(support_ends, default=-1)
    for group in L["not_paid"]:
        if group.money is None:
            continue
        lo = seg_start
        if (group.bare is not None and group.bare.search(text, seg_start, q.start)
                and not group.words.search(text, seg_start, q.start)):
            lo = sent_start  # 最高额度从60万元: the loan was named before, in the same sentence
        word_ends = [m.end() for m in group.words.finditer(text, lo, q.start)]
        if word_ends and max(word_ends) > last_support:
            return group
        after = group.after.match(text[q.end : seg_end]) if group.after is not None else None
        if after is not None and not L["money_support"].search(after.group(0)):
            return group
    return None


def not_paid_rate(text: str, q: Quantity) -> tuple[str, bool] | None:
    """The role of a rate that is not support (down_payment_share, guarantee_share, loan_limit …) and whether it
    wins over a threshold reading: a group's word before it in its comma clause, and no support word anywhere in
    that clause (按房屋成交价格的1%予以补贴 stays a subsidy rate)."""
    L = _lex()
    seg_start, seg_end = bounds(text, q.start, SEGMENT_STOPS)
    if L["support"].search(text, seg_start, seg_end):
        return None
    for group in L["not_paid"]:
        if group.rate is not None and group.words.search(text, seg_start, q.start):
            return group.rate, group.over_threshold
    return None


def money_role(text: str, q: Quantity, table: ComparatorTable) -> str:
    """award / cap / threshold / fund / other, or the role of money that is not support (``not_paid_money``),
    read from ``q``'s comma clause and sentence."""
    L = _lex()
    seg_start, seg_end = bounds(text, q.start, SEGMENT_STOPS)
    sent_start, sent_end = bounds(text, q.start, SENTENCE_STOPS)
    if L["penalty"].search(text, sent_start, sent_end):
        return "other"
    before, after = table.before(text, q.start), table.after(text, q.end)
    metric = find_metric(text, "money", seg_start, q.start)
    if metric and (before or after) and not L["award"].search(text, metric.end, q.start):
        return "threshold"
    low_side = (before and before.side == "low") or (after and after.side == "low")
    if not low_side and (held := not_paid_money(text, q)) is not None and held.money is not None:
        # 单价不超过5000元的: a price bounded by a comparator says who qualifies; a loan ceiling stays one, unless
        # its clause is the condition of what follows (贷款金额在500万元以内的，给予一次性奖励5万元)
        bounded = before is not None or after is not None
        if bounded and (not held.over_threshold or conditional_clause(text, q.end, seg_end)):
            return "threshold"
        return held.money
    if L["zero"] in text[seg_start : q.start]:
        return "threshold"
    if cap_phrase_before(text, q):
        return "cap"
    if (before and before.side == "low") or (after and after.side == "low") or _in_range(text, q, table):
        return "threshold" if not L["fund"].search(text, sent_start, sent_end) else "fund"
    if L["fund"].search(text, sent_start, sent_end):
        return "fund"
    if L["award"].search(text, seg_start, seg_end):
        return "award"
    return "other"


def conditional_clause(text: str, end: int, seg_end: int) -> bool:
    """Does the comma clause close, a few characters after the amount, as the condition of the next one (…以内的，)?"""
    return seg_end < len(text) and text[seg_end] in "，," and re.search(r"的$", text[end:seg_end][:8]) is not None


def _in_range(text: str, q: Quantity, table: ComparatorTable) -> bool:
    """The second end of a range (500万元（含）—3000万元) or a bare list item of thresholds."""
    L = _lex()
    head = text[max(0, q.start - 16) : q.start]
    if re.search(rf"(?:{L['links']})$", head) and not re.search(rf"(?:{L['change']})(?:至|到)$", head):
        return True
    return bool(q.shared_unit and table.after(text, q.end))
