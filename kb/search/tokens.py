"""Records split into words ahead of indexing, so the jieba work can run in ingest worker processes.

A ``Split`` holds a record's text, heading and meta (title, 文号, issuers, jurisdiction) each as (main words,
inner words) joined by spaces — what the tantivy engine indexes (``<field>_w`` / ``<field>_s``) and what the SQLite
FTS5 baseline of ``benchmarks.bench`` indexes. The meta of every record of a document is the same, so it is split once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from kb.search.analysis import split_words
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


def split_batches(batches: Iterable[list[Record]], workers: int) -> Iterator[tuple[Record, Split]]:
    """Records with their splits, a document (a batch) at a time, split by ``workers`` processes, in order.

    Example: for record, words in split_batches(records_from_store(store, d["id"]) for d in store.documents()): …
    """
    if workers <= 1:
        for batch in batches:
            yield from zip(batch, split_records(batch), strict=True)
        return
    with ProcessPoolExecutor(workers) as pool:
        pending: deque[tuple[list[Record], Future[list[Split]]]] = deque()
        for batch in batches:
            pending.append((batch, pool.submit(split_records, batch)))
            if len(pending) >= 4 * workers:  # a bounded read-ahead: the store is read as fast as words are split
                done, future = pending.popleft()
                yield from zip(done, future.result(), strict=True)
        for done, future in pending:
            yield from zip(done, future.result(), strict=True)
