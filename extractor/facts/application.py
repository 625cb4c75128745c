"""How to apply, and the funds behind the measures.

``application`` facts, inside a procedure paragraph (a heading such as 申报程序 / 申报方式 / 报名材料, or a
sentence that names 申报材料 and where to send them):

* role ``deadline``: the deadline date facts of that paragraph (每年11月底前 → ``--11-30``, ``recurring``);
* role ``materials``: ``申报材料（包括营业执照副本、税务登记证复印件…等）`` → value the printed list, ``items``;
* role ``receiver``: the office the papers go to (上报所在县市区商务局 / 上报市电子商务工作领导小组办公室);
* role ``organiser``: who runs the application when the text names no receiver: 由市商务局、市财政局通过项目申报组织实施
  → 市商务局、市财政局 (anywhere in the body);
* role ``publicity``: 公示时间为5个工作日 → value 5, ``unit`` 工作日 (anywhere in the body);
* role ``automatic``: 免申即享 / 直接兑现 / 无需申报 (anywhere in the body): paid without an application.

A deadline keeps its printed words (``deadline_text``); a recurring one its ``rule`` (每年11月底前 →
``{"month": 11, "day": 30}``), a dated one is its ISO date.

``fund`` facts: ``安排243万元作为电子商务发展专项资金`` / ``每年预算安排1000万元电子商务发展专项资金`` /
``设立电子商务发展专项资金，额度不少于500万元`` → value in yuan (Decimal), ``currency: CNY``, ``period: year``
when 每年, ``minimum: true`` for 不少于. The money module reports the amounts as money; this is their meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any

from extractor.facts._common import alternation, cn_int, lexicon, line_at, sentence_at, sentences
from extractor.models import Document, Fact


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    data = lexicon("roles")
    app, fund = data["application"], data["fund"]
    offices = alternation(app["office_ends"])
    return {
        "heading": re.compile(alternation(app["headings"])),
        "materials": re.compile(app["material_lead"] + r"(?P<list>[^）)。；\n]{4,300})"),
        "receiver": re.compile(
            alternation(app["submit_verbs"])
            + r"(?:至|到|给)?(?P<office>[\u4e00-\u9fff、]{2,24}?"
            + offices
            + ")"
        ),
        "fund_word": re.compile(alternation(fund["words"])),
        "amount": re.compile(
            r"(?P<min>"
            + alternation(fund["minimum"])
            + r")?(?P<n>\d+(?:\.\d+)?)(?P<unit>"
            + alternation(fund["units"])
            + ")"
        ),
        "units": fund["units"],
        "organiser": re.compile(
            app["organiser_lead"]
            + r"(?P<office>(?:[\u4e00-\u9fff]{1,16}?" + offices + r"、?)+?)"
            + "(?:" + "|".join(app["organiser_tails"]) + ")"
        ),
        "publicity": re.compile(app["publicity_pattern"]),
        "automatic": re.compile(alternation(app["automatic_words"])),
        "verbs": re.compile(alternation(fund["verbs"])),
    }


def extract(doc: Document) -> Iterator[Fact]:
    yield from _application(doc)
    yield from _publicity_and_automatic(doc)
    yield from _funds(doc)


def _procedure_spans(doc: Document) -> list[tuple[int, int]]:
    """Paragraphs under a 申报程序-like heading, and sentences that name 申报材料 and a receiver."""
    lex = _lex()
    text = doc.text
    spans: list[tuple[int, int]] = []
    for match in lex["heading"].finditer(text, doc.header.body_start):
        s, e = line_at(text, match.start())
        if e - s <= 20:  # a heading line: the next paragraph is the procedure
            nxt = line_at(text, min(e + 1, len(text) - 1))
            spans.append((s, nxt[1]))
        else:
            spans.append((s, e))
    for match in lex["materials"].finditer(text):
        if not any(a <= match.start() < b for a, b in spans):
            spans.append(line_at(text, match.start()))
    return sorted(set(spans))


def _application(doc: Document) -> Iterator[Fact]:
    seen: set[tuple[str, int, int]] = set()
    for fact in _application_all(doc):
        if (fact.role, fact.start, fact.end) not in seen:
            seen.add((fact.role, fact.start, fact.end))
            yield fact


def _application_all(doc: Document) -> Iterator[Fact]:
    lex = _lex()
    text = doc.text
    for s, e in _procedure_spans(doc):
        for fact in doc.facts:
            if fact.kind == "date" and fact.role == "deadline" and s <= fact.start < e:
                yield Fact(
                    "application",
                    "deadline",
                    fact.value,
                    None,
                    fact.quote,
                    fact.start,
                    fact.end,
                    extra=_deadline_extra(fact),
                )
        for match in lex["materials"].finditer(text, s, e):
            raw = re.sub(r"等$", "", match.group("list"))
            items = [i for i in re.split(r"[、，；]", raw) if i]
            if len(items) < 2 or re.search(r"报送|提交|上报|盖章|装订", raw):
                continue  # instructions about the papers, not a list of them
            start = match.start("list")
            yield Fact(
                "application",
                "materials",
                "、".join(items),
                None,
                text[start : start + len(raw)],
                start,
                start + len(raw),
                extra={"items": items},
            )
        for match in lex["receiver"].finditer(text, s, e):
            office = re.split(r"报送|上报|提交|递交|送至|送达|至|到|向", match.group("office"))[-1]
            office = re.sub(r"^(?:材料|申请|名材料|报名材料|申报材料)", "", office)
            if len(office) < 3:
                continue
            start = match.end("office") - len(office)
            yield Fact("application", "receiver", office, None, office, start, match.end("office"))


def _deadline_extra(fact: Fact) -> dict[str, Any]:
    recurring = bool(fact.extra.get("recurring"))
    extra: dict[str, Any] = {"recurring": recurring, "deadline_text": fact.quote}
    rule = re.fullmatch(r"--(\d{2})-(\d{2})", str(fact.value)) if recurring else None
    if rule:
        extra["rule"] = {"month": int(rule.group(1)), "day": int(rule.group(2))}
    return extra


def _publicity_and_automatic(doc: Document) -> Iterator[Fact]:
    lex = _lex()
    text = doc.text
    for m in lex["publicity"].finditer(text, doc.header.body_start):
        days = cn_int(m.group("n"))
        if days is None:
            continue
        unit = m.group("unit")
        yield Fact("application", "publicity", Decimal(days), unit, m.group(0), m.start(), m.end(),
                   extra={"working_days": unit == "工作日"})
    for m in lex["organiser"].finditer(text, doc.header.body_start):
        office = m.group("office").rstrip("、")
        yield Fact("application", "organiser", office, None, m.group(0), m.start(), m.end())
    for m in lex["automatic"].finditer(text, doc.header.body_start):
        yield Fact("application", "automatic", True, None, m.group(0), m.start(), m.end())


def _funds(doc: Document) -> Iterator[Fact]:
    lex = _lex()
    text = doc.text
    for s, e in sentences(text, doc.header.body_start):
        word = lex["fund_word"].search(text, s, e)
        if not word or not lex["verbs"].search(text, s, e):
            continue
        for amount in lex["amount"].finditer(text, s, e):
            between = text[min(amount.end(), word.end()) : max(amount.start(), word.start())]
            if len(between) > 25 or re.search(r"[。；]", between):
                continue  # the amount is a grant of the sentence, not the fund
            if not re.search(
                r"安排|设立|额度|预算|统筹|列支", text[max(s, amount.start() - 12) : amount.end() + 4]
            ):
                continue
            value = Decimal(amount.group("n")) * lex["units"][amount.group("unit")]
            before = text[s : amount.start()]
            extra: dict[str, Any] = {"currency": "CNY", "purpose": _fund_name(text, word)}
            if "每年" in before or "年度" in before[-8:]:
                extra["period"] = "year"
            if fiscal := re.search(r"(\d{4})年度", before):
                extra["fiscal_year"] = int(fiscal.group(1))
            if amount.group("min"):
                extra["minimum"] = True
            start = amount.start("n") if not amount.group("min") else amount.start()
            yield Fact(
                "fund", "budget", value, "元", text[start : amount.end()], start, amount.end(), extra=extra
            )


def _fund_name(text: str, word: re.Match[str]) -> str:
    """电子商务发展专项资金: the fund word with the words that qualify it."""
    s, _ = sentence_at(text, word.start(), stops="。；，\n")
    lead = re.search(
        r"[\u4e00-\u9fff]{0,8}$", re.sub(r".*(?:万元|亿元|元|作为|安排|设立)", "", text[s : word.start()])
    )
    return (lead.group(0) if lead else "") + word.group(0)
