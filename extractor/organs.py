"""Names of signing bodies: what an organ's name ends with, and a run of names cut into bodies.

A run printed without separators (广州市人力资源和社会保障局广州市公安局, 东莞市住房公积金管理中心中国人民银行东莞市分行)
is cut where a place name or a central organ's name starts right after an organ's ending. A central organ's local
branch (国家税务总局佛山市税务局) stays one body. Word lists come from ``data/organs.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractor.facts._common import alternation, lexicon
from extractor.gazetteer import load_gazetteer


@dataclass(frozen=True, slots=True)
class OrganLexicon:
    suffix_chars: str
    suffix_words: tuple[str, ...]
    vertical_heads: frozenset[str]
    vertical_head_re: re.Pattern[str]
    seal_re: re.Pattern[str]
    signature_max_lines: int


@cache
def organ_lexicon() -> OrganLexicon:
    lex = lexicon("organs")
    return OrganLexicon(
        suffix_chars=str(lex["suffix_chars"]),
        suffix_words=tuple(lex["suffix_words"]),
        vertical_heads=frozenset(lex["vertical_heads"]),
        vertical_head_re=re.compile(alternation(lex["vertical_heads"])),
        seal_re=re.compile(alternation(lex["seal_marks"]) + "$"),
        signature_max_lines=int(lex["signature_max_lines"]),
    )


def without_seal(text: str) -> str:
    """省…联席会议（代章） → 省…联席会议."""
    return organ_lexicon().seal_re.sub("", text.strip())


def ends_like_organ(text: str) -> bool:
    """…局 / …中心 / …联席会议 / …领导小组."""
    lex = organ_lexicon()
    text = without_seal(text)
    return bool(text) and (text[-1] in lex.suffix_chars or text.endswith(lex.suffix_words))


def is_organ_line(text: str) -> bool:
    """A line that is one or more organ names and nothing else."""
    text = without_seal(text.replace(" ", ""))
    return 2 <= len(text) <= 80 and ends_like_organ(text) and not re.search(r"[。，；：:、《》]", text)


def split_organizations(text: str) -> list[str]:
    """Cut a run of organization names into bodies (see the module's docstring)."""
    lex = organ_lexicon()
    text = re.sub(r"[\s、，]+", " ", without_seal(text)).strip()
    parts: list[str] = []
    for chunk in text.split(" "):
        chunk = without_seal(chunk)
        starts = {pos for _, _, pos in load_gazetteer().places_in(chunk)}
        starts |= {m.start() for m in lex.vertical_head_re.finditer(chunk)}
        cuts = [0]
        for pos in sorted(starts):
            piece = chunk[cuts[-1] : pos]
            if pos - cuts[-1] >= 3 and ends_like_organ(piece) and piece not in lex.vertical_heads:
                cuts.append(pos)
        cuts.append(len(chunk))
        parts.extend(chunk[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a)
    return [p for p in parts if p]
