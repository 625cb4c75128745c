"""Validity terms (kind ``term``): 有效期5年 / 有效期三年 / 有效期为两年 / 试行期一年 / 试行3年 → ISO-8601 ``P5Y``.

Role ``document`` when the sentence is about the document itself (it names 本办法 / 本《若干措施》 or carries an
effect phrase 自…起施行), ``measure`` when that sentence gives one measure its own period
(``extractor.measure_periods``), ``other`` otherwise (结果有效期三年 for a rating, 2年有效期 for a card). Only a
``document`` term feeds ``compute_validity``. 有效期至2027年12月31日 is an expiry date (see ``dates``), not a term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from extractor.facts._common import NUMBER, alternation, cn_int, lexicon, sentence_at
from extractor.measure_periods import inside, measure_sentences
from extractor.models import Document, Fact

_DATE_AFTER_YEAR = re.compile(r"[\d〇○零一二三四五六七八九十]{1,3}月")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, str]]:
    lex = lexicon("validity")
    term = lex["term"]
    units: dict[str, str] = term["units"]
    pattern = re.compile(
        alternation(term["words"])
        + alternation(term["joiners"])
        + "?"
        + rf"(?P<n>{NUMBER})"
        + "(?P<unit>"
        + alternation(units)
        + ")"
    )
    # 2年有效期 / 三年的有效期: the number before the word
    pattern = re.compile(
        pattern.pattern
        + rf"|(?P<n2>{NUMBER})(?P<unit2>"
        + alternation(units)
        + ")的?"
        + alternation(term["words"][:2])
    )
    eff = lex["effect"]
    subject = re.compile(eff["self_subject"])
    effect = re.compile(alternation(eff["lead"]) + r"[^，。；]{1,20}?起?" + alternation(eff["verbs"]))
    return pattern, subject, effect, units


def extract(doc: Document) -> Iterator[Fact]:
    pattern, subject, effect, units = _patterns()
    measures = measure_sentences(doc)
    for match in pattern.finditer(doc.text):
        number, unit = (match.group("n"), match.group("unit")) if match.group("n") else (
            match.group("n2"), match.group("unit2"))
        if unit == "年" and _DATE_AFTER_YEAR.match(doc.text, match.end()):
            continue  # 执行期限为2022年4月1日至…: a date, not a term of 2022 years
        count = cn_int(number)
        if not count:
            doc.warnings.append(f"unreadable term {match.group(0)!r} at [{match.start()}, {match.end()})")
            continue
        value = f"P{count}{units[unit]}"
        s, e = sentence_at(doc.text, match.start(), stops="。\n")
        sentence = doc.text[s:e]
        # the words just before 有效期 say whose term it is: 结果有效期 / 证书有效期 belong to something else
        owner = doc.text[max(s, match.start() - 4) : match.start()]
        about_doc = (subject.search(sentence) or effect.search(sentence)) and not re.search(
            r"结果|证书|证件|凭证|资格|许可|协议|合同|批准文件|认定|称号", owner
        )
        role = "document" if about_doc else "other"
        if role == "document" and inside(measures, match.start()):
            role = "measure"  # 执行期限为自发布之日起施行，有效期5年 inside one measure
        yield Fact(
            "term",
            role,
            value,
            None,
            match.group(0),
            match.start(),
            match.end(),
            extra={"count": count, "unit_text": unit},
        )
