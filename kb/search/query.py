"""The query language: words separated by spaces must all match; a word is expanded with its synonyms
(``kb/data/synonyms.yaml``); text in quotes ("…", “…”, 「…」) is a phrase.

A word that jieba splits into several words (跨境电商海外仓) is taken as a phrase of those words, since the user
typed them together; separate them with a space to ask for both anywhere in the clause.
"""

from __future__ import annotations

import itertools
import re

from kb.search.analysis import synonyms, words
from kb.search.engine import ParsedQuery, Phrase, Term

MAX_VARIANTS = 16
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')


def _variants(tokens: list[str]) -> tuple[tuple[str, ...], ...]:
    options = []
    for tok in tokens:
        alts = []
        for syn in synonyms(tok):
            seq = tuple(words(syn)) if syn != tok else (tok,)
            if seq and seq not in alts:
                alts.append(seq)
        options.append(alts)
    out: list[tuple[str, ...]] = []
    for combo in itertools.islice(itertools.product(*options), MAX_VARIANTS):
        out.append(tuple(itertools.chain.from_iterable(combo)))
    return tuple(out)


def _clause(text: str, quoted: bool = False) -> Term | Phrase | None:
    tokens = words(text)
    if quoted and re.search(r"\s", text.strip()):
        # "保费 补贴" is also read as 保费补贴: a dictionary word keeps its inner words at its own position
        joined = words(re.sub(r"\s+", "", text))
        if joined != tokens:
            first = _clause("".join(joined)) if joined else None
            second = Phrase(_variants(tokens)) if len(tokens) > 1 else None
            alts = [*(_as_phrase(first)), *(_as_phrase(second))]
            return Phrase(tuple(dict.fromkeys(alts))) if alts else None
    if not tokens:
        return None
    if len(tokens) == 1:
        alts = []
        for syn in synonyms(tokens[0]):
            seq = words(syn)
            if len(seq) == 1 and seq[0] not in alts:
                alts.append(seq[0])
        return Term(tuple(alts or tokens))
    return Phrase(_variants(tokens))


def _as_phrase(clause: Term | Phrase | None) -> list[tuple[str, ...]]:
    if clause is None:
        return []
    if isinstance(clause, Term):
        return [(alt,) for alt in clause.alternatives]
    return list(clause.alternatives)


def parse_query(text: str) -> ParsedQuery:
    """Parse a user query.

    Example: parse_query('电商 "跨境电商 海外仓"').clauses ==
        (Term(("电商", "电子商务")), Phrase((("跨境电商", "海外仓"), ("跨境电子商务", "海外仓"), ...)))
    """
    clauses: list[Term | Phrase] = []
    cursor = 0
    pieces: list[tuple[str, bool]] = []
    for m in _QUOTED.finditer(text):
        pieces.append((text[cursor:m.start()], False))
        pieces.append((next(g for g in m.groups() if g is not None), True))
        cursor = m.end()
    pieces.append((text[cursor:], False))
    for piece, quoted in pieces:
        for part in ([piece] if quoted else piece.split()):
            clause = _clause(part, quoted)
            if clause is not None and clause not in clauses:
                clauses.append(clause)
    return ParsedQuery(tuple(clauses))
