"""Records split into words ahead of indexing, so the jieba work can run in ingest worker processes.

A ``Split`` holds a record's text, heading and meta (title, 文号, issuers, jurisdiction) each as (main words,
inner words) joined by spaces — what the tantivy engine indexes (``<field>_w`` / ``<field>_s``) and what the SQLite
FTS5 baseline of ``kb.bench`` indexes. The meta of every record of a document is the same, so it is split once.
"""

from __future__ import annotations

from collections.abc import Sequence

from kb.analysis import split_words
from kb.search.engine import Record

Split = tuple[str, str, str, str, str, str]


def split(text: str) -> tuple[str, str]:
    """(main words, inner words) of ``text``, each joined by spaces.

    Example: split("保费补贴资金") == ("保费补贴 资金", "保费 补贴")
    """
    main, sub = split_words(text)
    return " ".join(main), " ".join(sub)


def split_records(records: Sequence[Record]) -> list[Split]:
    """The ``Split`` of each record, in order (a meta string already seen is not split again).

    Example: split_records(records_from_extraction(1, extract_file(path).to_dict()))[0][0]
    """
    metas: dict[str, tuple[str, str]] = {}
    out: list[Split] = []
    for r in records:
        meta = r.meta
        if meta not in metas:
            metas[meta] = split(meta)
        out.append((*split(r.text), *split(r.heading or ""), *metas[meta]))
    return out
