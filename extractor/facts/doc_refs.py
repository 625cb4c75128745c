"""Document references as facts: ``doc_no`` (every 发文字号 printed: role self / cites / repeals / amends),
``cites`` (value: the 文号 if printed, else the title; role: basis / implements / mentions), ``repeals``
(role: full / partial, with the ``articles`` a partial one names), ``amends`` (role: amends / amended_by) and
``replaces`` (本办法代替《X》). The logic lives in ``extractor.relations``.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractor.docno import find_doc_nos, normalize_doc_no
from extractor.models import Document, Fact
from extractor.relations import iter_references


def extract(doc: Document) -> Iterator[Fact]:
    refs = list(iter_references(doc))
    role_of: dict[tuple[int, int], str] = {}
    for ref in refs:
        value = ref.doc_no.text if ref.doc_no else ref.title or ref.quote
        extra = {"doc_no": ref.doc_no.text if ref.doc_no else None, "title": ref.title}
        if ref.kind == "cites":
            role = ref.relation or "mentions"
        elif ref.kind == "repeals":
            role = "partial" if ref.partial else "full"
            if ref.partial:
                extra["articles"] = list(ref.articles)
        elif ref.kind == "replaces":
            role = "replaces"
        else:
            role = ref.relation or "amends"
            extra["date"] = ref.date
        yield Fact(ref.kind, role, value, None, ref.quote, ref.start, ref.end, extra=extra)
        if ref.doc_no_span:
            role_of[ref.doc_no_span] = ref.kind
    own = normalize_doc_no(doc.header.doc_no.text) if doc.header.doc_no else None
    for doc_no, start, end in find_doc_nos(doc.text):
        key = normalize_doc_no(doc_no.text)
        role = "self" if own is not None and key == own else role_of.get((start, end), "cites")
        yield Fact(
            "doc_no",
            role,
            doc_no.text,
            None,
            doc.text[start:end],
            start,
            end,
            extra={"agency": doc_no.agency, "year": doc_no.year, "number": doc_no.number},
        )
