"""发文字号 (document numbers): find them in text, normalize, key and split them. The one 文号 module: the
store keys by ``doc_no_key``, references and search split by ``split_doc_no``.

Forms: 邵市政办发〔2024〕4号 (机关代字〔year〕number号, brackets printed as 〔〕 [] ［］ 【】 () （） or 「」),
and orders such as 广州市人民政府令第179号 / 中华人民共和国国务院令第746号 (no year).
Normalized text uses 〔〕 and no spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from extractor.models import DocNo
from extractor.scan import finditer_near

_OPEN = "〔\\[［【（(「﹝"
_CLOSE = "〕\\]］】）)」﹞"
_AGENCY = r"[\u4e00-\u9fff]{1,20}?"

_AFTER_AGENCY = rf"[{_OPEN}]\s*(?P<year>(?:19|20)\d\d)\s*[{_CLOSE}]\s*第?\s*(?P<number>\d{{1,5}})\s*号"
DOC_NO_PATTERN = re.compile(rf"(?P<agency>{_AGENCY}[\u4e00-\u9fff])\s*{_AFTER_AGENCY}")
ORDER_PATTERN = re.compile(r"(?P<agency>[\u4e00-\u9fff]{2,24}?令)\s*(?:〔(?P<year>\d{4})〕)?第\s*(?P<number>\d{1,5})\s*号")
# Where the whole-text scan starts its tries (``_finditer``): a 文号's opening bracket, an order's 令.
_BRACKET_AFTER_AGENCY = re.compile(_AFTER_AGENCY)
_OPEN_BRACKET = re.compile(f"[{_OPEN}]")
_ORDER_WORD = re.compile("令")
_SPACE_CHARS = re.compile(r"\s*")

# Words that can precede a 文号 in running text but are not part of its 机关代字.
_LEADING_NOISE = re.compile(r"^.*?(?:的通知|通知|意见|办法|规定|决定|批复|》|和|及|与|、|，|见|按|据|照|依)")
_ORDER_LEADING_NOISE = re.compile(r"^.*(?:》|，|、|根据|依据|日|号|经)")
_MAX_AGENCY = 12

_BRACKETS = str.maketrans({"[": "〔", "［": "〔", "【": "〔", "(": "〔", "（": "〔", "「": "〔", "﹝": "〔", "{": "〔",
                           "]": "〕", "］": "〕", "】": "〕", ")": "〕", "）": "〕", "」": "〕", "﹞": "〕", "}": "〕"})
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_SPACE = re.compile(r"\s+")
# A 文号 typed without its brackets: 衡政发2024年4号, 邵市政办发2023 21号, 衡政发2024-4号 (the year must stand apart
# from the number: 衡政发20244号 is left alone)
_BARE = re.compile(
    r"^\s*(?P<agency>[\u4e00-\u9fff]+)\s*(?P<year>(?:19|20)\d{2})(?:\s*年\s*|\s+|\s*[-－—_]\s*)"
    r"第?\s*(?P<number>\d{1,5})\s*号\s*$")
_LOOSE_PARTS = re.compile(
    r"^(?P<agency>.*?)\s*〔?\s*(?P<year>(?:19|20)\d{2})\s*〕?\s*年?\s*第?\s*(?P<number>\d+)\s*号?\s*$")


class DocNoParts(NamedTuple):
    agency: str
    year: int | None
    number: str


def normalize_doc_no(text: str) -> str | None:
    parsed = parse_doc_no(text)
    return parsed.text if parsed else None


def parse_doc_no(text: str) -> DocNo | None:
    """Parse a string that is (or starts with) a 文号."""
    match = search_doc_no(text)
    return _from_match(match) if match else None


def search_doc_no(text: str) -> re.Match[str] | None:
    """``DOC_NO_PATTERN.search(text) or ORDER_PATTERN.search(text)``, tried only where a match can start."""
    return next(_finditer(DOC_NO_PATTERN, text), None) or next(_finditer(ORDER_PATTERN, text), None)


def find_doc_nos(text: str) -> list[tuple[DocNo, int, int]]:
    """Every 文号 in ``text`` with its span (the span starts at the 机关代字)."""
    return list(_doc_nos(text))


@lru_cache(maxsize=16)  # a document's whole text is scanned by its references and by its doc_no facts: once
def _doc_nos(text: str) -> tuple[tuple[DocNo, int, int], ...]:
    found: list[tuple[DocNo, int, int]] = []
    for pattern in (DOC_NO_PATTERN, ORDER_PATTERN):
        for match in _finditer(pattern, text):
            parsed = _from_match(match)
            if parsed is None:
                continue
            start = match.end() - len(match.group(0)) + (len(match.group("agency")) - len(parsed.agency))
            if any(s <= start < e for _, s, e in found):
                continue
            found.append((parsed, start, match.end()))
    found.sort(key=lambda item: item[1])
    return tuple(found)


def _finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for ``DOC_NO_PATTERN`` or ``ORDER_PATTERN``, tried only where a match can start.

    ``re`` tries both patterns at every character, and each try reads up to 20 characters of 机关代字 ahead:
    that was most of a law's 文号 scan. A 文号's 机关代字 (2 to 21 Chinese characters) ends where the spaces before
    a bracket opening a year and a number begin; an order's 机关代字 ends in 令 2 to 24 characters after its
    start. Only those starts are tried (``extractor.scan.finditer_near``).
    """
    if pattern is DOC_NO_PATTERN:
        ends = (_agency_end(text, b.start()) for b in _OPEN_BRACKET.finditer(text)
                if _BRACKET_AFTER_AGENCY.match(text, b.start()))
        return finditer_near(pattern, text, ends, after=2, before=21)
    return finditer_near(pattern, text, (m.start() for m in _ORDER_WORD.finditer(text)), after=2, before=24)


def _agency_end(text: str, bracket: int) -> int:
    """Where the spaces before the bracket at ``bracket`` begin: the end of a 文号's 机关代字."""
    pos = bracket
    while pos > 0 and _SPACE_CHARS.fullmatch(text[pos - 1]):
        pos -= 1
    return pos


def _from_match(match: re.Match[str]) -> DocNo | None:
    agency = _clean_agency(match.group("agency"))
    if not agency:
        return None
    year = match.group("year")
    number = match.group("number").lstrip("0") or "0"
    text = f"{agency}〔{year}〕{number}号" if year else f"{agency}第{number}号"
    return DocNo(text=text, agency=agency, year=int(year) if year else None, number=number)


def _clean_agency(agency: str) -> str:
    agency = re.sub(r"\s+", "", agency)
    noise = _ORDER_LEADING_NOISE if agency.endswith("令") else _LEADING_NOISE
    stripped = noise.sub("", agency)
    if stripped:
        agency = stripped
    if agency.endswith("令"):
        return agency
    return agency[-_MAX_AGENCY:]


def doc_no_key(text: str | None) -> str | None:
    """A 文号 with any bracket style, full-width digits and spaces folded, for exact lookups (the store's key);
    unlike ``normalize_doc_no`` it keys any string, 文号-shaped or not.

    A 文号 typed without brackets is keyed as if they were there, when its year stands apart from its number.

    Example: doc_no_key("衡政发 [2024] 4 号") == doc_no_key("衡政发〔2024〕第4号") == "衡政发〔2024〕4号"
    Example: doc_no_key("衡政发2024年4号") == "衡政发〔2024〕4号"; doc_no_key("邵市政办发2023 21号") == "邵市政办发〔2023〕21号"
    """
    if not text:
        return None
    text = text.translate(_FULLWIDTH_DIGITS)
    bare = _BARE.match(text)
    if bare:
        return f"{bare['agency']}〔{bare['year']}〕{bare['number'].lstrip('0') or '0'}号"
    key = _SPACE.sub("", text).translate(_BRACKETS)
    key = re.sub(r"〕第(\d)", r"〕\1", key)
    return key or None


@lru_cache(maxsize=65536)
def split_doc_no(text: str) -> DocNoParts | None:
    """(机关代字, year, number) of a 文号 in any bracket style, or None when it does not have that shape. A
    number with no year (国务院令第746号) splits with year None.

    Example: split_doc_no("衡政发（2024）4号") == DocNoParts("衡政发", 2024, "4")
    """
    key = doc_no_key(text)
    if not key:
        return None
    parsed = parse_doc_no(key)
    if parsed is not None and parsed.text == key:
        return DocNoParts(parsed.agency, parsed.year, str(parsed.number))
    match = _LOOSE_PARTS.match(key)
    if not match or not match["agency"]:
        return None
    return DocNoParts(match["agency"], int(match["year"]), match["number"].lstrip("0") or "0")
