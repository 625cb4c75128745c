"""Effect and period sentences that belong to one measure, not to the document.

A notice often gives one measure its own period (上述补贴政策自2024年7月1日起执行，至2024年12月31日截止; 执行期限为
2022年4月1日至2024年12月31日) beside the document's own effect (本通知自印发之日起施行 / 其他政策自印发之日起实行).
Such a sentence is the measure's when its subject is not the document (no 本通知 / 本办法, no 其他政策) and either the
document states its own effect elsewhere with another date, or two or more such sentences in different clauses give different
periods (then none of them is the document's: "not stated" rather than a guess). Its dates become
``period_start`` / ``period_end`` of the clause and its term is the measure's (``extractor.facts.dates``,
``terms``); ``extractor.validity`` skips it. Lexicon: ``effect`` and ``expiry.range_words`` of ``data/validity.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractor.datetext import DATE_PATTERN
from extractor.facts._common import alternation, lexicon, sentence_at
from extractor.models import Document

SENTENCE_STOPS = "。\n；"


@dataclass(frozen=True, slots=True)
class EffectSentence:
    start: int
    end: int
    when: str  # the date or event the sentence names (2024年7月1日 / 印发)
    subject: str  # document | measure


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], int]:
    lex = lexicon("validity")
    eff = lex["effect"]
    effect = re.compile(
        alternation(eff["lead"])
        + rf"(?P<when>{DATE_PATTERN.pattern}|[^，。；\n]{{0,12}}?{alternation(eff['issue_events'])}之日)"
        + r"起?(?:正式)?"
        + alternation(eff["verbs"])
    )
    period = re.compile(
        alternation(lex["expiry"]["range_words"])
        + rf"(?:为|是)?[：:]?(?:自|从)?(?P<when>{DATE_PATTERN.pattern})(?:起)?"
        + alternation(lex["expiry"]["range_links"])
    )
    subject = re.compile(f"{eff['self_subject']}|{eff['rest_subject']}")
    return effect, period, subject, int(lex["measure_period"]["min_distinct"])


def effect_sentences(text: str) -> list[EffectSentence]:
    """Every effect (自…起施行) or period (执行期限为…至…) sentence, with whose it is by its subject."""
    effect, period, subject, _ = _patterns()
    found: dict[int, EffectSentence] = {}
    for pattern in (effect, period):
        for m in pattern.finditer(text):
            start, end = sentence_at(text, m.start(), stops=SENTENCE_STOPS)
            if start in found:
                continue
            own = subject.search(text, start, m.start() + 1)
            found[start] = EffectSentence(start, end, m.group("when"), "document" if own else "measure")
    return sorted(found.values(), key=lambda s: s.start)


def measure_sentences(doc: Document) -> list[tuple[int, int]]:
    """Spans of the sentences that give a measure its own period (see the module's docstring)."""
    *_, min_distinct = _patterns()
    sentences = effect_sentences(doc.text)
    measures = [s for s in sentences if s.subject == "measure"]
    if not measures:
        return []
    own = {s.when for s in sentences if s.subject == "document"}
    if own:
        # 《…办法》…现予公布，自2021年5月1日起施行 repeats the document's own date: not a period of its own
        return [(s.start, s.end) for s in measures if s.when not in own]
    clauses = {c.id if (c := doc.clause_at(s.start)) else None for s in measures}
    if len({s.when for s in measures}) >= min_distinct and len(clauses) >= min_distinct and None not in clauses:
        return [(s.start, s.end) for s in measures]
    return []


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(start <= pos < end for start, end in spans)
