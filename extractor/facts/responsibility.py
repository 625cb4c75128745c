"""Who acts and who benefits.

* ``responsible_unit``: one fact per unit in ``（责任单位：市商务局、市财政局、衡阳高新区管委会）`` (role from the
  label: responsible / lead / support / implementing), and the unit of ``本办法由X负责组织实施`` /
  ``X负责本措施的组织实施`` (role implementing or interpretation);
* ``beneficiary``: the head noun after ``对…`` (up to 给予/奖励/补贴…) or right after ``给予``, classified by the
  vocabulary in ``data/roles.yaml`` (enterprise, park_operator, platform, training_institution,
  service_provider, county_government, …); one fact per kind and sentence, value = the kind, ``term`` = the
  words printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from extractor.facts._common import alternation, lexicon, sentences
from extractor.models import Document, Fact
from extractor.scan import finditer_near


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    data = lexicon("roles")
    resp = data["responsibility"]
    ben = data["beneficiaries"]
    kinds = {word: kind for kind, words in ben.items() if kind != "grant_verbs" for word in words}
    return {
        "label": re.compile(alternation(resp["labels"]) + r"[：:]"),
        "labels": resp["labels"],
        "separator": re.compile(resp["separators"]),
        "duty": re.compile(
            r"(?:本[\u4e00-\u9fff《》]{0,12}由)?(?P<unit>[\u4e00-\u9fff（）]{2,30}?)负责(?:本[\u4e00-\u9fff《》]{0,12}?的?)?"
            + "(?P<duty>"
            + alternation(resp["duties"])
            + ")"
        ),
        "duties": resp["duties"],
        "self": re.compile(lexicon("validity")["effect"]["self_subject"]),
        "kinds": kinds,
        "noun": re.compile(alternation(kinds)),
        "grant": re.compile(alternation(ben["grant_verbs"])),
    }


def extract(doc: Document) -> Iterator[Fact]:
    yield from _labelled_units(doc)
    yield from _duties(doc)
    yield from _beneficiaries(doc)


def _labelled_units(doc: Document) -> Iterator[Fact]:
    lex = _lex()
    text = doc.text
    for label in lex["label"].finditer(text):
        role = lex["labels"][label.group(0)[:-1]]
        stop = re.compile(r"[）)。\n]").search(text, label.end())
        end = stop.start() if stop else len(text)
        pos = label.end()
        for piece in lex["separator"].split(text[label.end() : end]) + [""]:
            if not piece:
                continue
            start = text.index(piece, pos)
            pos = start + len(piece)
            unit = piece.strip()
            if len(unit) >= 2:
                yield _unit_fact(role, unit, start, label.group(0)[:-1])


_RESPONSIBLE = re.compile("负责")
_DUTY_LEAD = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十百]+条|\d+[.、])")


def _duties(doc: Document) -> Iterator[Fact]:
    lex = _lex()
    text = doc.text
    for match in duty_matches(text):
        if not lex["self"].search(match.group(0)):
            continue  # only duties about this document (本措施的组织实施 / 本办法由…负责解释)
        unit = _DUTY_LEAD.sub("", match.group("unit"))
        unit = re.sub(r"^.*?[，。；]", "", unit)
        start = match.end("unit") - len(unit)
        if len(unit) < 2:
            continue
        yield _unit_fact(lex["duties"][match.group("duty")], unit, start, match.group("duty"))


def duty_matches(text: str) -> Iterator[re.Match[str]]:
    """``finditer`` of the duty pattern over ``text``, tried only before a 负责: a duty's 负责 stands 2 to 44
    characters after its start (本…由: up to 14, the unit: up to 30)."""
    responsible = (m.start() for m in _RESPONSIBLE.finditer(text))
    return finditer_near(_lex()["duty"], text, responsible, after=2, before=44)


def _unit_fact(role: str, unit: str, start: int, label: str) -> Fact:
    """A responsible unit named at ``start``; ``label`` is the words that name its role (牵头单位, 负责解释)."""
    return Fact("responsible_unit", role, unit, None, unit, start, start + len(unit), extra={"label": label})


def _beneficiaries(doc: Document) -> Iterator[Fact]:
    lex = _lex()
    text = doc.text
    for s, e in sentences(text, doc.header.body_start):
        seen: set[str] = set()
        for phrase_start, phrase_end, head_at in _grant_phrases(text, s, e):
            nouns = list(lex["noun"].finditer(text, phrase_start, phrase_end))
            if not nouns:
                continue
            # 对…的孵化中心运营主体: the head noun closes the phrase; 给予企业向第三方平台…: the recipient opens it
            head = nouns[head_at]
            trailing = re.sub(r"（[^（）]*）|\([^()]*\)", "", text[head.end() : phrase_end]).strip()
            if head_at == -1 and len(trailing) > 3:
                continue  # 对应用…第三方交易平台开展业务的: the noun is an object inside the phrase, not who receives

            kind = lex["kinds"][head.group(0)]
            if kind in seen:
                continue
            seen.add(kind)
            yield Fact(
                "beneficiary",
                "grant",
                kind,
                None,
                head.group(0),
                head.start(),
                head.end(),
                extra={"term": head.group(0)},
            )


def _grant_phrases(text: str, s: int, e: int) -> Iterator[tuple[int, int, int]]:
    """Spans naming who receives, with the index of the head noun among the nouns found: 对 … (up to the grant
    verb; the last noun), and the words right after 给予 (the first)."""
    lex = _lex()
    sentence = text[s:e]
    if not lex["grant"].search(sentence):
        return
    for match in re.finditer(r"对(?!于)", sentence):
        verb = lex["grant"].search(sentence, match.end())
        if verb:
            stop = re.compile(r"[，；。]").search(sentence, match.end())
            end = min(verb.start(), stop.start()) if stop else verb.start()
            if end > match.end():
                yield s + match.end(), s + end, -1
    for match in re.finditer(r"给予", sentence):
        yield s + match.end(), min(e, s + match.end() + 8), 0
