"""Reading one line of a clause tree: the label it starts with (``read_label``), Chinese numerals
(``cn_number``) and the title an item's first line gives it (``item_heading``).

The label styles and how they nest are in ``extractor.clauses``, which checks a label's numbering; here only its
shape is read. Numbers in a sentence (详见11.5条), decimals (1.5万元), cross-references (第五条规定…) and grades
(一、二级残疾人) are never labels. The lexicons that decide the sentence shape are in ``data/clause_patterns.yaml``
(``clause_lexicon``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

LAW_STYLE = {"编": "bian", "分编": "fenbian", "章": "zhang", "节": "jie", "条": "tiao"}

_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "零〇一二三四五六七八九十百千两"
_CIRCLED = (("\u2460", "\u2473", 1), ("\u3251", "\u325f", 21), ("\u32b1", "\u32bf", 36))

_LABEL = re.compile(
    rf"^(?:第(?P<law_n>[{CN_NUM}\d]{{1,8}})(?P<law>分编|编|章|节|条)(?:之(?P<sub>[一二三四五六七八九十]{{1,3}}))?"
    r"|(?P<cn>[一二三四五六七八九十百]{1,4})、"
    r"|（(?P<cn_paren>[一二三四五六七八九十百]{1,4})）"
    r"|(?P<num>\d{1,3})[.、](?:(?![\d.])|(?=(?:19|20)\d\d年))"  # 1.2026年…申请表, never 1.5万元
    r"|(?P<num_half>\d{1,2})）"
    r"|（(?P<num_paren>\d{1,3})）"
    r"|(?P<circled>[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]))"
)
_LEADING_PUNCT = "、，。；：）%．.,;:"
_CITED = re.compile(rf"^(?:第[{CN_NUM}\d]+[款项目]|（[{CN_NUM}\d]+）项)")  # 第五条第二款… cites, not opens
SENTENCE_END = re.compile(r"[。！？!?]")


@lru_cache(maxsize=1)
def clause_lexicon() -> dict[str, Any]:
    raw = (resources.files("extractor") / "data" / "clause_patterns.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    units = sorted(data["quantity_units"], key=len, reverse=True)
    data["quantity"] = re.compile(r"\d+(?:\.\d+)?(?:" + "|".join(map(re.escape, units)) + ")")
    data["grade"] = re.compile(rf"^[{CN_NUM}]+[{''.join(data['grade_followers'])}]")
    data["tail_prefixes"] = tuple(data["tail_prefixes"])
    data["closing_formulas"] = tuple(data["closing_formulas"])
    data["body_openers"] = tuple(data["body_openers"])
    data["title_verbs"] = tuple(data["title_verbs"])
    data["reference_followers"] = tuple(data["reference_followers"])
    data["file_ext"] = re.compile(r"\.(?:" + "|".join(data["attachment_file_extensions"]) + r")$", re.I)
    return data


def cn_number(text: str) -> int | None:
    """An Arabic or Chinese numeral as an int, or None.

    >>> cn_number("二十三"), cn_number("一百零五"), cn_number("十"), cn_number("12"), cn_number("第")
    (23, 105, 10, 12, None)
    """
    if text.isdigit():
        return int(text)
    total = current = 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[char]
            current = 0
        else:
            return None
    return total + current if text else None


def _circled_number(char: str) -> int:
    for first, last, base in _CIRCLED:
        if first <= char <= last:
            return base + ord(char) - ord(first)
    raise ValueError(char)


@dataclass(frozen=True, slots=True)
class Label:
    """A label read at the start of a line: its style, number (and 之N for articles) and the text after it."""

    style: str
    number: int
    sub: int
    text: str
    rest: str


def read_label(line: str) -> Label | None:
    """The label a line starts with, if its shape allows one (the numbering is checked by the parser).

    >>> read_label("（三）鼓励支持电子商务进农村").text
    '（三）'
    >>> read_label("1.5万元的补贴") is None, read_label("第五条规定的情形") is None, read_label("一、二级残疾人") is None
    (True, True, True)
    """
    match = _LABEL.match(line)
    if not match:
        return None
    lex = clause_lexicon()
    rest = line[match.end() :]
    style = match.lastgroup
    if match.group("law"):
        style = LAW_STYLE[match.group("law")]
        number = cn_number(match.group("law_n"))
        sub = cn_number(match.group("sub")) if match.group("sub") else 0
        if number is None or sub is None or rest.startswith(lex["reference_followers"]) or _CITED.match(rest):
            return None
        if style != "tiao" and (len(rest) > lex["heading_max_chars"] or re.search("[。；，：]", rest)):
            return None
        return Label(style, number, sub, match.group(0), rest)
    assert style is not None
    value = match.group(style)
    if style == "circled":
        number = _circled_number(value)
    else:
        parsed = cn_number(value)
        if parsed is None:
            return None
        number = parsed
    if rest[:1] in _LEADING_PUNCT and rest or (style == "cn" and lex["grade"].match(rest)):
        return None
    return Label(style, number, 0, match.group(0), rest)


def _is_title(sentence: str) -> bool:
    lex = clause_lexicon()
    # A title is either a short phrase (需求评估, 第一类资助对象) or an imperative one (支持…建设).
    if len(sentence) > lex["short_heading_max_chars"] and not sentence.startswith(lex["title_verbs"]):
        return False
    return (
        0 < len(sentence) <= lex["heading_max_chars"]
        and sentence.count("，") <= lex["heading_max_commas"]
        and not re.search("[；：;:]", sentence)
        and not sentence.startswith(lex["body_openers"])
        and not any(word in sentence for word in lex["rule_words"])
        and not lex["quantity"].search(sentence)
    )


def item_heading(rest: str, continues: bool) -> str | None:
    """The title an item's first line gives it, if any. ``continues``: the clause goes on past this line.

    >>> item_heading("支持跨境电子商务产业园建设。对经国家认定的…给予补贴。", False)
    '支持跨境电子商务产业园建设'
    >>> item_heading("鼓励境内外知名电子商务企业落户邵阳", True)
    '鼓励境内外知名电子商务企业落户邵阳'
    >>> item_heading("本通知自发布之日起施行。", False) is None
    True
    """
    rest = rest.strip()
    if not rest:
        return None
    end = SENTENCE_END.search(rest)
    if end is None:
        candidate = rest if continues and rest[-1] not in "；，、：;,:" else ""
    elif end.end() == len(rest):
        candidate = rest[: end.start()] if continues else ""
    else:
        candidate = rest[: end.start()]
    return candidate if candidate and _is_title(candidate) else None
