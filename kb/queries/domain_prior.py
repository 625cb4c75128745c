"""The domain prior: the fields (domains of the taxonomy) a document is about, read from its title and its issuer
(``kb/data/domain_prior.yaml``) before its clauses are classified.

A housing bureau's notice on 住房公积金 is about housing whatever its clauses' words lean to (首付比例 is 住房信贷,
规划许可证 is 用地); a commerce bureau's call for 以旧换新 firms is about consumption even where a clause speaks of
营销宣传. ``kb.queries.topics.classify`` uses the prior to break ties and to keep a measure out of a topic of another
domain unless its own clause names that topic clearly.

The title's domains come first (an office of several fields, 商务 or 人力资源和社会保障, says less than the title), narrowed
to those the issuers also name when they name any; a title naming no field leaves the issuers' domains (their names,
or the issuer's code in the document number: 京建发). More than ``max_domains`` fields is no prior.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from extractor.models import Header
from kb.queries.taxonomy import taxonomy

PRIOR_DATA = Path(__file__).resolve().parents[1] / "data" / "domain_prior.yaml"


@dataclass(frozen=True, slots=True)
class DomainPrior:
    """The domains a document is about and the words that said so (``evidence``: ``(word, where)``, where is
    ``"title"``, ``"issuer"`` or ``"doc_no"``)."""

    domains: frozenset[str]
    evidence: tuple[tuple[str, str], ...]
    instruments: frozenset[str] = frozenset()  # domains of tools (finance) that every document may use

    def admits(self, domain: str | None) -> bool:
        return domain in self.domains or domain in self.instruments


@dataclass(frozen=True, slots=True)
class _Lexicon:
    title: re.Pattern[str] | None
    title_owners: dict[str, frozenset[str]]
    issuer: re.Pattern[str] | None
    issuer_owners: dict[str, frozenset[str]]
    doc_no: tuple[tuple[re.Pattern[str], str], ...]
    max_domains: int
    instruments: frozenset[str]


def _owners(data: dict[str, Any], part: str, neutral: Iterable[str]) -> dict[str, frozenset[str]]:
    owners: dict[str, set[str]] = {word: set() for word in neutral}
    for domain, fields in data.items():
        for word in map(str, (fields or {}).get(part) or ()):
            owners.setdefault(word, set()).add(str(domain))
    return {w: frozenset(d) for w, d in owners.items()}


def _longest_first(words: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


@cache
def lexicon(path: str | None = None) -> _Lexicon:
    """The prior's words, read once from ``path`` (default ``kb/data/domain_prior.yaml``).

    Raises ``ValueError`` for a domain the taxonomy does not declare.
    """
    data = yaml.safe_load(Path(path or PRIOR_DATA).read_text(encoding="utf-8")) or {}
    domains = data.get("domains") or {}
    instruments = frozenset(map(str, data.get("instruments") or ()))
    unknown = sorted((set(map(str, domains)) | instruments) - {d.key for d in taxonomy().domains})
    if unknown:
        raise ValueError(f"{path or PRIOR_DATA}: domains the taxonomy does not declare: {unknown}")
    neutral = list(map(str, data.get("neutral") or ()))
    title, issuer = _owners(domains, "title", neutral), _owners(domains, "issuer", neutral)
    codes = tuple((re.compile(str(p)), str(domain)) for domain, fields in domains.items()
                  for p in (fields or {}).get("doc_no") or ())
    return _Lexicon(_longest_first(title), title, _longest_first(issuer), issuer, codes,
                    int(data.get("max_domains", 3)), instruments)


def _named(texts: Iterable[str], pattern: re.Pattern[str] | None, owners: dict[str, frozenset[str]],
           where: str) -> list[tuple[str, str, frozenset[str]]]:
    """``(word, where, its domains)`` for each word of ``texts`` that names a field."""
    return [(m.group(0), where, owners[m.group(0)]) for text in texts
            for m in (pattern.finditer(text) if pattern else ()) if owners[m.group(0)]]


def domain_prior(title: str | None, issuers: Sequence[str] = (), agency: str | None = None,
                 attachment_title: str | None = None) -> DomainPrior | None:
    """The domains named by a document's titles and issuers (their names, and ``agency``: the issuer's code of
    the document number, 京建发 of 京建发〔2025〕565号); None when they name none or too many.

    Example: domain_prior("关于调整住房公积金贷款相关政策的通知", ["保定市住房公积金管理委员会"]).domains == {"housing"}
    """
    lex = lexicon()
    titles, offices = [], list(issuers)
    for text in (title, attachment_title):
        office, said, rest = (text or "").partition("关于")
        titles.append(rest if said else office)
        if said:
            offices.append(office)
    named = _named(titles, lex.title, lex.title_owners, "title")
    issued = _named(offices, lex.issuer, lex.issuer_owners, "issuer")
    issued += [(m.group(0), "doc_no", frozenset({domain})) for pattern, domain in lex.doc_no
               for m in [pattern.search(agency or "")] if m]
    titled = frozenset().union(*(d for _, _, d in named))
    by_issuer = frozenset().union(*(d for _, _, d in issued))
    narrowed = titled & by_issuer
    if narrowed - lex.instruments:  # a tax bureau among the issuers narrows 住房房产税 to nothing but a tool
        domains = narrowed
        evidence = [e for e in named + issued if e[2] & domains]
    elif titled:
        domains, evidence = titled, named
    else:
        domains, evidence = by_issuer, issued
    if not domains or len(domains - lex.instruments) > lex.max_domains:
        return None
    return DomainPrior(domains, tuple(dict.fromkeys((word, where) for word, where, _ in evidence)),
                       lex.instruments)


def prior_of(header: Header) -> DomainPrior | None:
    """The prior of an extracted document's header (``extractor.models.Header``)."""
    return domain_prior(header.title, header.issuers, header.doc_no.agency if header.doc_no else None,
                        header.attachment_title)
