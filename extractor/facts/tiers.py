"""Tiered schedules (kind ``tier``): one fact per schedule, its ``tiers`` ordered as printed.

Two shapes of the genre:

* 分别 lists — "年度销售额首次突破1000万元、3000万元、5000万元…分别一次性奖励5万元、10万元、20万元": the
  thresholds (the ``condition`` facts) before 分别 align one-to-one with the amounts after it. Without numeric
  thresholds the items are levels ("国家级、省级…分别…30万元、20万元" → ``{"level": "国家级", …}``) or, failing that,
  enumerated categories (``{"category": "10个乡镇（街道）电商服务站", …}``).
* successive clauses — "破零的，最高…2万元；超过50万美元的，最高…10万元；超过100万美元的，最高…50万元": the
  ；-parts of one sentence, each with its own threshold(s) and amount. Each tier keeps its own metric (新增实际交易额
  / 新增出口实际交易额 / 出口实际交易额); a part with several conditions lists them all in ``conditions``.

Intervals are read literally (破零 → (0, ∞), 超过50万美元 → (500000, ∞)), so they overlap: the tier for a figure
is the highest tier whose interval contains it, said by ``selection: "highest_matching"``. ``award_is_cap`` marks
amounts given as maxima (最高给予); ``incremental: true`` when upgrades get the difference (进档升级的给予差额部分奖励).
``value`` is the largest award, with ``currency``. Word lists in ``data/amounts.yaml`` → ``tiers``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from extractor.facts._amounts import PERIOD_STOPS, SEGMENT_STOPS, SENTENCE_STOPS, bounds
from extractor.facts._common import alternation
from extractor.facts.numbers import amounts_lexicon
from extractor.models import Document, Fact

_LINKS = ("、", "和", "及", "与", "或")


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    t = amounts_lexicon()["tiers"]
    return {
        "levels": re.compile(alternation(t["levels"])),
        "respectively": re.compile(alternation(t["respectively"])),
        "incremental": re.compile(alternation(t["incremental"])),
        "banded": re.compile(alternation(t["banded"])),
    }


class _ByStart:
    """Facts in the order of their starts, sliced by position in log time (a scan of every fact for every
    sentence made long texts quadratic)."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.facts = sorted(facts, key=lambda f: f.start)
        self.starts = [f.start for f in self.facts]

    def between(self, lo: int, hi: int) -> list[Fact]:
        """The facts with ``lo <= start < hi``."""
        return self.facts[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]


def _award_lists(doc: Document, awards: _ByStart, lo: int, hi: int) -> list[list[Fact]]:
    groups: list[list[Fact]] = []
    for f in awards.between(lo, hi):
        if groups and doc.text[groups[-1][-1].end : f.start] in _LINKS:
            groups[-1].append(f)
        else:
            groups.append([f])
    return groups


def _award(doc: Document, f: Fact, cap: bool) -> dict[str, Any]:
    return {"award": f.value, "currency": f.extra.get("currency"), "award_is_cap": cap}


def _condition_entry(c: Fact) -> dict[str, Any]:
    return {
        "interval": c.extra["interval"],
        "metric": c.extra["metric"],
        "metric_text": c.extra["metric_text"],
        "unit": c.unit,
    }


def _split_enumeration(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """、-separated items of ``text[lo:hi]``, ignoring 、 inside brackets."""
    parts, depth, start = [], 0, lo
    for i in range(lo, hi):
        ch = text[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif ch == "、" and depth == 0:
            parts.append((start, i))
            start = i + 1
    parts.append((start, hi))
    return parts


def _last_list(text: str, matches: list[re.Match[str]]) -> list[re.Match[str]]:
    """The last run of matches joined only by 、/和/及 (区级…为优秀、良好、合格等级 → 优秀, 良好, 合格)."""
    run: list[re.Match[str]] = []
    for match in matches:
        if run and text[run[-1].end() : match.start()] in _LINKS:
            run.append(match)
        else:
            run = [match]
    return run


def _make(
    doc: Document, tiers: list[dict[str, Any]], start: int, end: int, awards: list[Fact], **extra: Any
) -> Fact:
    text = doc.text
    sent_start, sent_end = bounds(text, start, PERIOD_STOPS)
    incremental = bool(_lex()["incremental"].search(text, sent_start, sent_end))
    best = max(awards, key=lambda f: f.value)
    extra = {
        "tiers": tiers,
        "currency": best.extra.get("currency"),
        "incremental": incremental,
        **extra,
    }
    return Fact("tier", "award", best.value, best.unit, text[start:end], start, end, extra=extra)


def _respectively(doc: Document, conditions: _ByStart, award_facts: _ByStart) -> Iterator[Fact]:
    text = doc.text
    for m in _lex()["respectively"].finditer(text):
        sent_start, sent_end = bounds(text, m.start(), SENTENCE_STOPS)
        lists = _award_lists(doc, award_facts, m.end(), sent_end)
        if not lists or len(lists[0]) < 2:
            continue
        awards = lists[0]
        n = len(awards)
        capped = "最高" in text[m.end() : awards[0].start]
        before = [c for c in conditions.between(sent_start, m.start()) if c.extra["metric"] != "排名"]
        same = [c for c in before if c.unit == before[-1].unit] if before else []
        if len(same) >= n:
            chosen = same[-n:]
            tiers = [
                {**_condition_entry(c), **_award(doc, a, capped)} for c, a in zip(chosen, awards, strict=True)
            ]
            yield _make(doc, tiers, chosen[0].start, awards[-1].end, awards, selection="highest_matching")
            continue
        levels = _last_list(text, list(_lex()["levels"].finditer(text, sent_start, m.start())))
        if len(levels) == n:
            tiers = [
                {"level": lv.group(0), **_award(doc, a, capped)} for lv, a in zip(levels, awards, strict=True)
            ]
            yield _make(doc, tiers, levels[0].start(), awards[-1].end, awards, selection="by_level")
            continue
        seg_start, _ = bounds(text, m.start(), SEGMENT_STOPS)
        if (
            "、" not in text[seg_start : m.start()]
        ):  # 分别 opens its clause: the enumeration is the clause before
            seg_start, _ = bounds(text, max(seg_start - 2, 0), SEGMENT_STOPS)
        seg_end = seg_start
        while seg_end < len(text) and text[seg_end] not in SEGMENT_STOPS and seg_end < m.start():
            seg_end += 1
        parts = _split_enumeration(text, seg_start, seg_end)
        if len(parts) == n:
            tiers = [
                {"category": text[s:e], **_award(doc, a, capped)}
                for (s, e), a in zip(parts, awards, strict=True)
            ]
            yield _make(doc, tiers, parts[0][0], awards[-1].end, awards, selection="by_category")


def _successive(doc: Document, all_conditions: _ByStart, award_facts: _ByStart) -> Iterator[Fact]:
    """；-parts of one sentence, each a threshold (or several) → an amount."""
    text = doc.text
    conditions = _ByStart(f for f in all_conditions.facts if f.extra["metric"] != "排名")
    done: set[int] = set()
    for c in conditions.facts:
        sent_start, sent_end = bounds(text, c.start, PERIOD_STOPS)
        if sent_start in done:
            continue
        done.add(sent_start)
        runs: list[list[tuple[list[Fact], Fact, bool]]] = [[]]
        pos = sent_start
        while pos < sent_end:
            part_end = text.find("；", pos, sent_end)
            part_end = sent_end if part_end == -1 else part_end
            conds = conditions.between(pos, part_end)
            lists = _award_lists(doc, award_facts, conds[-1].end, part_end) if conds else []
            if conds and lists and len(lists[0]) == 1 and "分别" not in text[pos:part_end]:
                award = lists[0][0]
                capped = award.role == "cap"
                runs[-1].append(([x for x in conds if x.start < award.start], award, capped))
            elif runs[-1]:
                runs.append([])
            pos = part_end + 1
        for run in runs:
            if len(run) < 2:
                continue
            tiers = []
            for conds, award, capped in run:
                entry = {**_condition_entry(conds[-1]), **_award(doc, award, capped)}
                if len(conds) > 1:
                    entry["conditions"] = [_condition_entry(x) for x in conds]
                tiers.append(entry)
            awards = [award for _, award, _ in run]
            yield _make(doc, tiers, run[0][0][0].start, awards[-1].end, awards, selection="highest_matching")


def _banded(doc: Document, conditions: _ByStart) -> Iterator[Fact]:
    """"500万元（含）—3000万元和3000万元及以上的…分档给予资金支持": bands whose amounts the text leaves to later
    rules; each band is a tier with ``award`` None (unknown is an answer, not a guess)."""
    text = doc.text
    for m in _lex()["banded"].finditer(text):
        sent_start, _ = bounds(text, m.start(), PERIOD_STOPS)
        before = conditions.between(sent_start, m.start())
        same = [c for c in before if before and c.extra["metric"] == before[-1].extra["metric"]]
        if len(same) < 2:
            continue
        tiers = [{**_condition_entry(c), "award": None, "currency": None, "award_is_cap": False} for c in same]
        extra = {"tiers": tiers, "currency": None, "incremental": False, "selection": "highest_matching"}
        yield Fact("tier", "award", None, None, text[same[0].start : m.end()], same[0].start, m.end(), extra=extra)


def extract(doc: Document) -> Iterator[Fact]:
    conditions = _ByStart(f for f in doc.facts if f.kind == "condition")
    awards = _ByStart(f for f in doc.facts if f.kind == "money" and f.role in ("award", "cap"))
    yield from _respectively(doc, conditions, awards)
    yield from _successive(doc, conditions, awards)
    yield from _banded(doc, conditions)
