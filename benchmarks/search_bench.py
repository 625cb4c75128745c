"""Search micro-benchmark: whoosh vs tantivy vs SQLite FTS5 over the same jieba words, without a store.

A thin wrapper over ``benchmarks.bench_search`` (the same 60 queries, 6 filters and FTS5 baseline that ``python -m benchmarks``
uses): each engine's index is built from ``extract_file`` records in a temp folder and queried through
``SearchIndex.search`` (with snippets, no legal status: there is no store here). ``python -m benchmarks run PATHS`` gives
the full figures over an ingested store.

Example:
    .venv/bin/python benchmarks/search_bench.py                      # corpus/ + ../shared/corpus/dev
    .venv/bin/python benchmarks/search_bench.py --lawrefbook 300     # plus a sample of 300 laws
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from benchmarks.bench_search import LIMIT, QUERIES, Fts5, time_queries
from extractor import ReadError, extract_file
from kb.search import Record, SearchIndex, parse_query, records_from_extraction
from kb.search.tokens import split_records

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"


def files(lawrefbook: int, seed: int) -> list[Path]:
    out = sorted((ROOT / "corpus").glob("*.txt"))
    if (SHARED / "dev").is_dir():
        out += sorted((SHARED / "dev").glob("*.txt")) + sorted((SHARED / "dev" / "notices").glob("*.txt"))
    if lawrefbook:
        laws = sorted(p for p in (SHARED / "lawrefbook").rglob("*.md") if p.name != "_index.md")
        out += random.Random(seed).sample(laws, min(lawrefbook, len(laws)))
    return out


def build_records(paths: list[Path]) -> list[Record]:
    records: list[Record] = []
    for i, path in enumerate(paths, 1):
        try:
            records += records_from_extraction(i, extract_file(path).to_dict())
        except ReadError:
            continue
    return records


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lawrefbook", type=int, default=0, help="add a random sample of this many laws")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    paths = files(args.lawrefbook, args.seed)
    start = time.perf_counter()
    records = build_records(paths)
    print(f"{len(paths)} files -> {len(records)} records (extraction {time.perf_counter() - start:.1f}s); "
          f"{len(QUERIES)} queries x {args.repeat}, limit {LIMIT}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("tantivy", "whoosh"):
            ix = SearchIndex(Path(tmp) / "ix", name)
            start = time.perf_counter()
            ix.index_records(records)
            print(f"{name}: indexed in {time.perf_counter() - start:.1f}s, {size_mb(Path(tmp) / 'ix' / name):.1f} MB")
            for flag in (False, True):
                got = time_queries(lambda q, f, ix=ix: ix.search(q, f, LIMIT), flag, args.repeat)
                print(f"  {'filtered' if flag else 'plain   '} {got.text()}  (hits {got.with_hits}/{got.queries})")
            ix.close()
        fts = Fts5(Path(tmp) / "fts.sqlite")
        start = time.perf_counter()
        fts.index(zip(records, split_records(records), strict=True))
        print(f"fts5: indexed in {time.perf_counter() - start:.1f}s, {size_mb(fts.path):.1f} MB")
        for flag in (False, True):
            got = time_queries(lambda q, f: fts.search(parse_query(q), f), flag, args.repeat)
            print(f"  {'filtered' if flag else 'plain   '} {got.text()}  (hits {got.with_hits}/{got.queries})")
        fts.close()


if __name__ == "__main__":
    main()
