"""Keywords the text names only to exclude them (不含家居, 非农业户口, 除住房补贴外): the ``negations`` of
``kb/data/topics.yaml``.

A bare character is not a negation: 除 ends 免除, 扣除, 解除 and 拆除, and 非 ends 并非; so 非 counts only where a
jieba word begins with it and 除 only as the opening of a 除…外 pair within one phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_PHRASE_END = re.compile(r"[，,。；;：:！!？?\n]")


@dataclass(frozen=True, slots=True)
class Negations:
    before: re.Pattern[str] | None  # matches at the end of the text right before a keyword it excludes
    prefixes: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Negations:
        data = data or {}
        before = [str(w) for w in data.get("before") or ()]
        return cls(re.compile(f"(?:{'|'.join(map(re.escape, before))})$") if before else None,
                   tuple(str(p) for p in data.get("prefix") or ()),
                   tuple((str(a), str(b)) for a, b in data.get("pairs") or ()))

    def excluder(self, text: str) -> Callable[[int, int], bool]:
        """A test of whether the keyword at ``text[start:end]`` is excluded; the text is segmented at most once.

        Example: Negations.from_data({"pairs": [["除", "外"]]}).excluder("除住房补贴外，")(1, 5) is True
        """
        spans: list[tuple[str, int, int]] | None = None

        def words() -> list[tuple[str, int, int]]:
            nonlocal spans
            if spans is None:
                spans = word_spans(text)
            return spans

        def excluded(start: int, end: int) -> bool:
            if self.before and self.before.search(text, max(0, start - 4), start):
                return True
            for prefix in self.prefixes:
                at = start - len(prefix)
                # the word begins with the prefix and runs on into the keyword (非住宅), or is the prefix alone
                if at >= 0 and text.startswith(prefix, at) and any(
                        s == at and (e > start or w == prefix) for w, s, e in words()):
                    return True
            return any(self._paired(text, start, end, opening, closing, words) for opening, closing in self.pairs
                       if opening in text[:start])

        return excluded

    @staticmethod
    def _paired(text: str, start: int, end: int, opening: str, closing: str,
                words: Callable[[], list[tuple[str, int, int]]]) -> bool:
        bounds = [m.start() for m in _PHRASE_END.finditer(text)]
        first = max((b + 1 for b in bounds if b < start), default=0)
        last = min((b for b in bounds if b >= end), default=len(text))
        spans = words()
        return (any(w == opening and first <= s and e <= start for w, s, e in spans)
                and any(w == closing and end <= s and e <= last for w, s, e in spans))


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Each jieba word of ``text`` (precise cut) with its start and end.

    Example: word_spans("坐标准确") == [("坐标", 0, 2), ("准确", 2, 4)]
    """
    from kb.search.analysis import load_dictionary
    from kb.search.segment import cut_precise

    load_dictionary()
    out, at = [], 0
    for word in cut_precise(text):
        at = text.find(word, at)
        if at < 0:  # never expected: the words of a cut cover the text in order
            return out
        out.append((word, at, at + len(word)))
        at += len(word)
    return out
