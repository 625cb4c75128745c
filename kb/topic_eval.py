"""Score the topic classifier against the hand-read topic gold (``annotations/topics/*.yaml``).

For each corpus (seeds, dev, wider) every document is extracted and its measures derived (``derive_measures``),
as ingest does. Two figures come from all the measures of the corpus, gold or not: how many there are and the
share put in the fallback topic (其他). The others come from the gold measures, each found by its document and a
quote substring: accuracy (right topic / gold measures), coverage (measures given a topic other than 其他 /
gold measures), precision (right topic / measures given a topic other than 其他: a wrong topic is worse than
其他), and the confusion of the misses (gold topic → topic given).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.topics import taxonomy

GROUPS = ("seeds", "dev", "wider")


@dataclass(frozen=True, slots=True)
class GoldTopic:
    """One measure's topic as decided by reading its clause."""

    group: str
    source: str  # seeds: relative to the repository; dev and wider: relative to the shared corpus
    clause: str | None
    quote: str
    topic: str  # a topic key


@dataclass(slots=True)
class GroupScore:
    group: str
    measures: int = 0
    fallback: int = 0
    gold: int = 0
    right: int = 0
    to_fallback: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def fallback_share(self) -> float | None:
        return self.fallback / self.measures if self.measures else None

    @property
    def accuracy(self) -> float | None:
        return self.right / self.gold if self.gold else None

    @property
    def coverage(self) -> float | None:
        return (self.gold - self.to_fallback) / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        decided = self.gold - self.to_fallback
        return self.right / decided if decided else None

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "measures": self.measures, "other": self.fallback,
                "other_share": self.fallback_share, "gold": self.gold, "right": self.right,
                "to_other": self.to_fallback, "accuracy": self.accuracy, "coverage": self.coverage,
                "precision": self.precision,
                "confusion": [{"gold": g, "given": p, "n": n} for (g, p), n in self.confusion.most_common()],
                "misses": self.misses}


def load_gold(annotations: Path) -> list[GoldTopic]:
    """Every gold measure of ``annotations/topics/<group>.yaml``, the group named by the file.

    Example: {g.group for g in load_gold(Path("annotations"))} == {"seeds", "dev", "wider"}
    """
    out = []
    for path in sorted((annotations / "topics").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for row in data.get("measures") or []:
            out.append(GoldTopic(group=path.stem, source=str(row["source"]), clause=row.get("clause"),
                                 quote=str(row["quote"]), topic=str(row["topic"])))
    return out


def corpus_files(group: str, repo_root: Path, shared: Path) -> list[Path]:
    """The documents of one corpus: the seeds in ``corpus/``, the shared ``dev/`` (with its notices) or
    ``wider/``."""
    if group == "seeds":
        return sorted((repo_root / "corpus").glob("*.txt"))
    if group == "dev":
        return sorted((shared / "dev").glob("*.txt")) + sorted((shared / "dev" / "notices").glob("*.txt"))
    return sorted((shared / group).glob("*.txt"))


def source_name(group: str, path: Path, repo_root: Path, shared: Path) -> str:
    base = repo_root if group == "seeds" else shared
    return path.resolve().relative_to(base.resolve()).as_posix()


def measures_of(path: Path) -> list[dict[str, Any]]:
    from extractor.pipeline import extract_file
    from kb.measures import derive_measures

    return derive_measures(extract_file(path).to_dict())


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
        files = corpus_files(group, repo_root, shared)
        if not files:
            continue
        score = GroupScore(group)
        by_source: dict[str, list[dict[str, Any]]] = {}
        for path in files:
            measures = measures_of(path)
            by_source[source_name(group, path, repo_root, shared)] = measures
            score.measures += len(measures)
            score.fallback += sum(1 for m in measures if key_of.get(m["topic"]) == fallback)
        for g in (g for g in gold if g.group == group):
            found = [m for m in by_source.get(g.source, []) if g.quote in m["quote"]]
            if len(found) != 1:
                raise ValueError(f"{group}: {g.source} {g.quote!r} matches {len(found)} measures, not one")
            given = key_of.get(found[0]["topic"], found[0]["topic"])
            score.gold += 1
            if given == g.topic:
                score.right += 1
                continue
            score.to_fallback += given == fallback
            score.confusion[(g.topic, given)] += 1
            score.misses.append(f"{g.source} {g.clause or ''} {g.topic} → {given} "
                                f"({found[0]['confidence']}): {_short(found[0]['quote'])}")
        scores.append(score)
    return scores


def _short(text: str, n: int = 50) -> str:
    flat = "".join(text.split())
    return flat if len(flat) <= n else flat[:n] + "…"


def format_scores(scores: list[GroupScore], misses: bool = False) -> Iterator[str]:
    def pct(value: float | None) -> str:
        return "    -" if value is None else f"{value * 100:5.1f}%"

    yield "corpus   measures  其他 share   gold  accuracy  coverage  precision"
    for s in scores:
        yield (f"{s.group:<8} {s.measures:>8}  {pct(s.fallback_share):>9}  {s.gold:>5}  {pct(s.accuracy):>8}  "
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
