"""The taxonomy of support measures as data (``kb/data/topics.yaml``): domains, topics with their keywords and
examples, the administrative rules, retargets and negations, loaded once and checked loudly (a topic in no
domain, a duplicate key or label is an error at load). ``kb.queries.topics`` classifies with it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kb.queries.topic_negation import Negations

TAXONOMY = Path(__file__).resolve().parents[1] / "data" / "topics.yaml"


@dataclass(frozen=True, slots=True)
class Domain:
    """The upper level of the taxonomy: a field of policy holding several topics."""

    key: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Topic:
    """One topic of the taxonomy; ``domain`` is the key of its domain."""

    label: str
    key: str
    domain: str
    description: str
    strong: tuple[str, ...]
    weak: tuple[str, ...]
    examples: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "domain": self.domain, "description": self.description,
                "strong": list(self.strong), "weak": list(self.weak), "examples": list(self.examples)}


@dataclass(frozen=True, slots=True)
class Taxonomy:
    domains: tuple[Domain, ...]
    topics: tuple[Topic, ...]
    fallback: str
    weights: dict[str, float]
    cutoff: float
    max_similarity_confidence: float
    fold: tuple[tuple[str, str], ...]
    generic: frozenset[str]
    # keyword → ((topic label, "strong"|"weak"), ...); a neutral word (乡镇人民政府) owns none
    keywords: dict[str, tuple[tuple[str, str], ...]]
    pattern: re.Pattern[str] | None
    administrative: Administrative
    negations: Negations
    retargets: tuple[Retarget, ...] = ()

    def by_label(self) -> dict[str, Topic]:
        return {t.label: t for t in self.topics}

    def domain(self, key: str) -> Domain:
        return next(d for d in self.domains if d.key == key)


@dataclass(frozen=True, slots=True)
class Retarget:
    """Keywords of one topic that count for ``topic`` in a place that also names one of ``when`` (换新 of homes)."""

    keywords: frozenset[str]
    when: tuple[str, ...]
    topic: str

    def applies(self, place: str) -> bool:
        return any(w in place for w in self.when)


HEADING_ORDINAL = r"[\s第一二三四五六七八九十百零〇\d章节部分条款、.．:：（）()]*"


@dataclass(frozen=True, slots=True)
class Administrative:
    """Liability, forms, reporting and criteria: words of administration that make a sentence 其他 unless it grants;
    honours and informants' rewards (``honours``) and compensation for what was taken or lost (``compensation``),
    which make it 其他 even where it grants (给予表彰和奖励, 给予相应的搬迁补偿)."""

    sentence: re.Pattern[str] | None
    headings: re.Pattern[str] | None
    grants: re.Pattern[str] | None
    honours: re.Pattern[str] | None = None
    compensation: re.Pattern[str] | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Administrative:
        def either(patterns: Iterable[str], escape: bool = False) -> re.Pattern[str] | None:
            parts = [re.escape(p) if escape else f"(?:{p})" for p in patterns]
            return re.compile("|".join(parts)) if parts else None

        # a heading administers when it opens with the word (监督管理, 第六章 法律责任, 申报程序及材料), not when the word
        # closes a longer one (保障对象的权利义务与监督管理 holds the rights and support too)
        headings = either(map(str, data.get("headings") or ()), True)
        if headings:
            headings = re.compile(f"^{HEADING_ORDINAL}(?:{headings.pattern})")
        grants = data.get("grants")
        return cls(either(map(str, data.get("sentence") or ())), headings,
                   re.compile(str(grants)) if grants else None, either(map(str, data.get("honours") or ())),
                   either(map(str, data.get("compensation") or ())))

    def applies(self, text: str, headings: Iterable[str]) -> bool:
        """Does the sentence (or a heading over it) administer rather than support?

        Example: taxonomy().administrative.applies("违反本办法规定的，依法给予处分。", ()) is True
        """
        if any(p and p.search(text) for p in (self.honours, self.compensation)):
            return True
        said = bool(self.sentence and self.sentence.search(text))
        headed = bool(self.headings and any(self.headings.search(h) for h in headings if h))
        return (said or headed) and not (self.grants and self.grants.search(text))


class UnknownTopic(ValueError):
    """A topic the taxonomy does not hold; ``suggestions`` are the nearest labels."""

    def __init__(self, text: str, suggestions: Sequence[str], topics: Sequence[Topic]) -> None:
        self.text = text
        self.suggestions = list(suggestions)
        listing = ", ".join(f"{t.label} ({t.key})" for t in topics)
        hint = f" (did you mean {' or '.join(self.suggestions)}?)" if self.suggestions else ""
        super().__init__(f"unknown topic {text!r}{hint}; the topics are: {listing}")


@cache
def taxonomy(path: str | None = None) -> Taxonomy:
    """The taxonomy read from ``path`` (default ``kb/data/topics.yaml``), cached per path.

    Example: taxonomy().fallback == "其他"
    """
    data = yaml.safe_load(Path(path or TAXONOMY).read_text(encoding="utf-8"))
    domains = tuple(Domain(key=str(d["key"]), label=str(d["label"]),
                           description=" ".join(str(d.get("description", "")).split()))
                    for d in data.get("domains") or ())
    topics = tuple(
        Topic(label=str(t["label"]), key=str(t["key"]), domain=str(t.get("domain")),
              description=" ".join(str(t.get("description", "")).split()),
              strong=tuple(map(str, t.get("strong") or ())), weak=tuple(map(str, t.get("weak") or ())),
              examples=tuple(map(str, t.get("examples") or ())))
        for t in data["topics"]
    )
    labels = [t.label for t in topics]
    fallback = str(data.get("fallback") or topics[-1].label)
    if fallback not in labels:
        raise ValueError(f"{path or TAXONOMY}: the fallback {fallback!r} is not a topic")
    _check_names(path or str(TAXONOMY), topics, domains, fallback)
    keywords: dict[str, list[tuple[str, str]]] = {}
    for t in topics:
        for strength, words in (("strong", t.strong), ("weak", t.weak)):
            for word in words:
                keywords.setdefault(word, []).append((t.label, strength))
    # matched longest first like a keyword, so the keyword inside it (乡镇 in 乡镇人民政府) is not named
    for word in map(str, data.get("neutral") or ()):
        keywords.setdefault(word, [])
    ordered = sorted(keywords, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in ordered)) if ordered else None
    similarity = data.get("similarity") or {}
    return Taxonomy(
        domains=domains, topics=topics, fallback=fallback,
        weights={"strong": 2.0, "weak": 1.0, "heading": 1.5, "context": 0.5, "title": 0.25,
                 **(data.get("weights") or {})},
        cutoff=float(similarity.get("cutoff", 62)),
        max_similarity_confidence=float(similarity.get("max_confidence", 0.6)),
        fold=tuple(sorted((data.get("fold") or {}).items(), key=lambda kv: len(kv[0]), reverse=True)),
        generic=frozenset(map(str, data.get("generic") or ())),
        keywords={k: tuple(v) for k, v in keywords.items()},
        pattern=pattern,
        administrative=Administrative.from_data(data.get("administrative") or {}),
        negations=Negations.from_data(data.get("negations")),
        retargets=tuple(Retarget(frozenset(map(str, r["keywords"])), tuple(map(str, r["when"])), str(r["topic"]))
                        for r in data.get("retarget") or ()),
    )


def _check_names(where: str, topics: Sequence[Topic], domains: Sequence[Domain], fallback: str) -> None:
    """Labels and keys unique within each level, no domain named like a topic (but the fallback's own domain,
    其他 / other), every topic in a declared domain."""
    for level, items in (("topic", topics), ("domain", domains)):
        for attr in ("label", "key"):
            names = [getattr(i, attr) for i in items]
            if len(set(names)) != len(names):
                raise ValueError(f"{where}: {level} {attr}s must be unique")
    shared = ({t.label for t in topics} | {t.key for t in topics}) & ({d.label for d in domains} |
                                                                     {d.key for d in domains})
    last = next(t for t in topics if t.label == fallback)
    if shared - {last.label, last.key}:
        raise ValueError(f"{where}: domains and topics share the names {sorted(shared)}")
    unknown = sorted({t.domain for t in topics} - {d.key for d in domains})
    if unknown:
        raise ValueError(f"{where}: topics name undeclared domains {unknown}")


def load_taxonomy() -> list[Topic]:
    """The topics in the taxonomy's order (the fallback last).

    Example: [t.label for t in load_taxonomy()][:2] == ["跨境电商业绩奖励", "海外仓"]
    """
    return list(taxonomy().topics)


def labels() -> list[str]:
    """Every topic label, in the taxonomy's order."""
    return [t.label for t in taxonomy().topics]
