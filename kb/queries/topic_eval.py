"""Score the topic classifier against the hand-read topic gold (``annotations/topics/*.yaml``).

For each corpus (seeds, dev, wider: every document; lawrefbook: the sample of documents its gold names) every
document is extracted and its measures derived (``kb.queries.measures.measures_of``), as ingest does. Two figures come from all
the measures of the corpus, gold or not: how many there are and the share put in the fallback topic (其他). The
others come from the gold measures, each found by its document and a quote substring: accuracy (right topic /
gold measures), coverage (measures given a topic other than 其他 / measures whose gold topic is not 其他),
precision (right / measures given a topic other than 其他: a wrong topic is worse than 其他), and the confusion
of the misses (gold topic → topic given).

A gold file may instead hold ``sentences``: support sentences that are not measures (no amount), each classified
as ``measures_of`` would (its clause heading, the enclosing headings, the title); scored as the corpus
its file's name (``wider_sentences``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from extractor.measures import Measure
from kb.queries.taxonomy import taxonomy

GROUPS = ("seeds", "dev", "wider", "lawrefbook")
WHOLE = ("seeds", "dev", "wider")  # corpora scored whole; the others on the documents their gold names


@dataclass(frozen=True, slots=True)
class GoldTopic:
    """One measure's topic as decided by reading its clause."""

    group: str
    source: str  # seeds: relative to the repository; dev and wider: relative to the shared corpus
    clause: str | None
    quote: str
    topic: str  # a topic key


def _share(part: int, whole: int) -> float | None:
    """A ratio of two counts; None when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass(slots=True)
class GroupScore:
    group: str
    measures: int = 0
    fallback: int = 0
    gold: int = 0
    right: int = 0
    topical: int = 0  # gold measures whose gold topic is not the fallback
    covered: int = 0  # … and given a topic other than the fallback
    given: int = 0  # gold measures given a topic other than the fallback
    given_right: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def fallback_share(self) -> float | None:
        return _share(self.fallback, self.measures)

    @property
    def accuracy(self) -> float | None:
        return _share(self.right, self.gold)

    @property
    def coverage(self) -> float | None:
        return _share(self.covered, self.topical)

    @property
    def precision(self) -> float | None:
        return _share(self.given_right, self.given)

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "measures": self.measures, "other": self.fallback,
                "other_share": self.fallback_share, "gold": self.gold, "right": self.right,
                "accuracy": self.accuracy, "coverage": self.coverage,
                "precision": self.precision,
                "confusion": [{"gold": g, "given": p, "n": n} for (g, p), n in self.confusion.most_common()],
                "misses": self.misses}


def load_gold(annotations: Path, kind: str = "measures") -> list[GoldTopic]:
    """Every gold measure (or, with ``kind="sentences"``, sentence) of ``annotations/topics/<group>.yaml``, the
    group named by the file.

    Example: {g.group for g in load_gold(Path("annotations"))} >= {"seeds", "dev", "wider"}
    """
    out = []
    for path in sorted((annotations / "topics").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for row in data.get(kind) or []:
            out.append(GoldTopic(group=path.stem, source=str(row["source"]),
                                 clause=row.get("clause") or row.get("clause_id"),
                                 quote=str(row["quote"]), topic=str(row["topic"])))
    return out


def corpus_files(group: str, repo_root: Path, shared: Path, gold: list[GoldTopic]) -> list[Path]:
    """The documents of one corpus: the seeds in ``corpus/``, the shared ``dev/`` (with its notices) or
    ``wider/``; for another corpus (lawrefbook) the documents of its gold that are on disk."""
    if group == "seeds":
        return sorted((repo_root / "corpus").glob("*.txt"))
    if group == "dev":
        return sorted((shared / "dev").glob("*.txt")) + sorted((shared / "dev" / "notices").glob("*.txt"))
    if group in WHOLE:
        return sorted((shared / group).glob("*.txt"))
    return [p for p in sorted({shared / g.source for g in gold if g.group == group}) if p.is_file()]


def source_name(group: str, path: Path, repo_root: Path, shared: Path) -> str:
    base = repo_root if group == "seeds" else shared
    return path.resolve().relative_to(base.resolve()).as_posix()


def measures_of(path: Path) -> tuple[Measure, ...]:
    from extractor.pipeline import extract_file
    from kb.queries.measures import measures_of as with_topics

    return with_topics(extract_file(path))


def evaluate_topics(annotations: Path, repo_root: Path, shared: Path,
                    groups: tuple[str, ...] = GROUPS) -> list[GroupScore]:
    """One score per corpus found on disk (a corpus missing, like the shared one on another machine, is left out).

    Raises ``ValueError`` when a gold quote matches no measure, or several, of its document.
    """
    tax = taxonomy()
    key_of = {t.label: t.key for t in tax.topics}
    fallback = key_of[tax.fallback]
    gold = load_gold(annotations)
    scores = []
    for group in groups:
        files = corpus_files(group, repo_root, shared, gold)
        if not files:
            continue
        score = GroupScore(group)
        by_source: dict[str, tuple[Measure, ...]] = {}
        for path in files:
            measures = measures_of(path)
            by_source[source_name(group, path, repo_root, shared)] = measures
            score.measures += len(measures)
            score.fallback += sum(1 for m in measures if key_of.get(m.topic or "") == fallback)
        for g in (g for g in gold if g.group == group):
            found = [m for m in by_source.get(g.source, []) if g.quote in m.quote]
            if len(found) != 1:
                raise ValueError(f"{group}: {g.source} {g.quote!r} matches {len(found)} measures, not one")
            topic = found[0].topic or ""
            _count(score, g, key_of.get(topic, topic), fallback, found[0].confidence, found[0].quote)
        scores.append(score)
    return scores


def evaluate_sentences(annotations: Path, shared: Path) -> list[GroupScore]:
    """One score per gold file of sentences whose documents are on disk.

    Raises ``ValueError`` when a sentence is not in its clause.
    """
    from extractor.pipeline import extract_file
    from kb.queries.domain_prior import domain_prior
    from kb.queries.topics import classify

    tax = taxonomy()
    key_of = {t.label: t.key for t in tax.topics}
    fallback = key_of[tax.fallback]
    scores: dict[str, GroupScore] = {}
    docs: dict[Path, dict[str, Any]] = {}
    for g in load_gold(annotations, "sentences"):
        path = shared / g.source
        if not path.is_file():
            continue
        if path not in docs:
            docs[path] = extract_file(path).to_dict()
        doc = docs[path]
        by_id = {c["id"]: c for c in doc["clauses"]}
        clause = by_id.get(str(g.clause))
        start, end = clause["span"] if clause else (0, 0)
        if clause is None or g.quote not in doc["text"][start:end]:
            raise ValueError(f"{g.source}: {g.quote[:20]!r} is not in clause {g.clause}")
        context = [a["heading"] for a in _ancestors(clause, by_id) if a.get("heading")]
        agency = (doc.get("doc_no_parts") or {}).get("agency")
        prior = domain_prior(doc.get("title"), doc.get("issuers") or (), agency, doc.get("attachment_title"))
        label, confidence, _ = classify(g.quote, clause.get("heading"), context,
                                        doc.get("attachment_title") or doc.get("title"), prior)
        given = key_of.get(label, label)
        score = scores.setdefault(g.group, GroupScore(g.group))
        score.measures += 1
        score.fallback += given == fallback
        _count(score, g, given, fallback, confidence, g.quote)
    return list(scores.values())


def _ancestors(clause: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    out, parent = [], clause.get("parent")
    while parent is not None and parent in by_id:
        out.append(by_id[parent])
        parent = by_id[parent].get("parent")
    return out


def _count(score: GroupScore, g: GoldTopic, given: str, fallback: str, confidence: Any, quote: str) -> None:
    score.gold += 1
    score.topical += g.topic != fallback
    score.covered += g.topic != fallback and given != fallback
    score.given += given != fallback
    score.given_right += given != fallback and given == g.topic
    if given == g.topic:
        score.right += 1
        return
    score.confusion[(g.topic, given)] += 1
    score.misses.append(f"{g.source} {g.clause or ''} {g.topic} → {given} ({confidence}): {_short(quote)}")


def _short(text: str, n: int = 50) -> str:
    flat = "".join(text.split())
    return flat if len(flat) <= n else flat[:n] + "…"


def format_scores(scores: list[GroupScore], misses: bool = False) -> Iterator[str]:
    def pct(value: float | None) -> str:
        return "    -" if value is None else f"{value * 100:5.1f}%"

    yield "corpus             measures  其他 share   gold  accuracy  coverage  precision"
    for s in scores:
        yield (f"{s.group:<18} {s.measures:>8}  {pct(s.fallback_share):>9}  {s.gold:>5}  {pct(s.accuracy):>8}  "
               f"{pct(s.coverage):>8}  {pct(s.precision):>9}")
    confusion: Counter[tuple[str, str]] = Counter()
    for s in scores:
        confusion.update(s.confusion)
    if confusion:
        yield "misses (gold → given):"
        for (g, p), n in confusion.most_common():
            yield f"  {g} → {p}: {n}"
    if misses:
        for s in scores:
            for line in s.misses:
                yield f"{s.group}\t{line}"
