"""Non-cumulation rules (kind ``non_cumulation``).

就高不重复 / 就高不就低，不重复计算 / 择优支持且不重复 / 从优但不重复适用 / 按"就高"原则不重复享受 → value
``highest_only`` (the beneficiary gets the best of overlapping supports, once); 不重复享受 / 不得叠加 alone →
``no_duplicate``. ``scope``: ``document`` when the sentence speaks of the document or of other policies (本政策,
以上措施, 其他相关政策, 同一事项), else ``clause``. The patterns are in ``data/roles.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from extractor.facts._common import lexicon, sentence_at
from extractor.models import Document, Fact


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    rules = lexicon("roles")["non_cumulation"]
    return {
        "highest": re.compile("|".join(rules["highest_only"])),
        "no_dup": re.compile("|".join(rules["no_duplicate"])),
        "scope": re.compile("|".join(rules["document_scope"])),
    }


def extract(doc: Document) -> Iterator[Fact]:
    lex = _lex()
    text = doc.text
    done: set[int] = set()
    for match in lex["no_dup"].finditer(text):
        s, e = sentence_at(text, match.start(), stops="。\n；")
        if s in done:
            continue
        highest = lex["highest"].search(text, s, e)
        start = min(match.start(), highest.start()) if highest else match.start()
        end = max(match.end(), highest.end()) if highest else match.end()
        # extend to the principle word that closes the phrase (…的原则执行)
        tail = re.match(r"[^，。；\n]{0,6}原则", text[end:e])
        if tail:
            end += tail.end()
        done.add(s)
        scope = "document" if lex["scope"].search(text, s, e) else "clause"
        value = "highest_only" if highest else "no_duplicate"
        yield Fact(
            "non_cumulation",
            scope,
            value,
            None,
            text[start:end],
            start,
            end,
            extra={"scope": scope, "sentence": [s, e]},
        )
