"""Topics for the extractor's measures (``extractor.measures.derive_measures``): kb assigns ``topic``,
``domain``, ``confidence`` and ``topic_method`` at ingest, from ``kb/data/topics.yaml``.

What a condition measures (进出口额 in 进出口额达到5000万元) is not what the support is for: those words are blanked
out of the sentence and count as context, with the enclosing clause headings. When a clause holds several
measures, its heading speaks for all of them: evidence, not the decision.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from extractor import Document
from extractor.measures import Measure, derive_measures
from kb.queries.domain_prior import prior_of
from kb.queries.topics import classify, domain_key


def measures_of(doc: Document) -> tuple[Measure, ...]:
    """The document's measures with their topics: what ingest stores.

    Example: [m.topic for m in measures_of(extract_file("corpus/003_a8d1c58ffad7e9cd.txt"))
              if m.clause == "2.5.10"] == ["海外仓", "海外仓"]
    """
    return with_topics(doc, derive_measures(doc))


def with_topics(doc: Document, measures: tuple[Measure, ...]) -> tuple[Measure, ...]:
    by_id = {c.id: c for c in doc.clauses}
    per_clause = Counter(m.clause for m in measures)
    title = doc.header.attachment_title or doc.header.title
    prior = prior_of(doc.header)
    out = []
    for m in measures:
        clause = by_id.get(m.clause) if m.clause is not None else None
        heading = clause.heading if clause else None
        said, metrics = _without_metrics(doc, m)
        ancestors = []
        parent = clause.parent if clause else None
        while parent is not None and parent in by_id:
            ancestors.append(by_id[parent])
            parent = by_id[parent].parent
        context = metrics + [a.heading for a in ancestors if a.heading]
        if per_clause[m.clause] > 1:
            topic, confidence, method = classify(said, None, ([heading] if heading else []) + context, title, prior)
        else:
            topic, confidence, method = classify(said, heading, context, title, prior)
        out.append(dataclasses.replace(m, topic=topic, domain=domain_key(topic), confidence=confidence,
                                       topic_method=method))
    return tuple(out)


def _without_metrics(doc: Document, m: Measure) -> tuple[str, list[str]]:
    """The quote with the conditions' metric words blanked out, and those words."""
    chars = list(m.quote)
    metrics = []
    for f in doc.facts:
        span = f.extra.get("metric_span")
        if f.kind != "condition" or not span or f.clause != m.clause or not m.start <= f.start < m.end:
            continue
        s, e = max(span[0] - m.start, 0), min(span[1] - m.start, len(m.quote))
        if s < e:
            metrics.append(m.quote[s:e])
            chars[s:e] = "，" * (e - s)
    return "".join(chars), list(dict.fromkeys(metrics))
