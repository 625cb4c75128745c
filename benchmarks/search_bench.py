"""Search micro-benchmark: whoosh vs tantivy vs SQLite FTS5 over the same jieba tokens.

Builds each index from ``extract_file`` records (clause and document records, kb/search/records.py) in a temp
folder, then runs a fixed list of queries (``QUERIES``), each without and with a filter, and prints index time,
size and p50/p95/p99 latency in milliseconds. FTS5 is a reference: the same main/inner token split as the
tantivy engine, bm25() ranking, filters by a join.

Example:
    .venv/bin/python benchmarks/search_bench.py                      # corpus/ + ../shared/corpus/dev
    .venv/bin/python benchmarks/search_bench.py --lawrefbook 300     # plus a sample of 300 laws
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from extractor import ReadError, extract_file
from kb.analysis import load_dictionary
from kb.search import Filters, SearchIndex, parse_query, records_from_extraction
from kb.search.engine import NO_AMOUNT, NO_EXPIRY, ParsedQuery, Record, Term, day_number, place_key, start_day
from kb.search.tantivy_engine import split

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
QUERIES = [
    "海外仓", "跨境电商", "电商", "电子商务", "补贴", "保费", "奖励", "以旧换新", "数商兴农", "直播电商",
    "农村电商", "物流", "冷链物流", "供应链", "人才培训", "专项资金", "综试区", "口岸", "进出口", "出口信用保险",
    "市场采购", "产业园", "孵化基地", "品牌", "中小企业", "营商环境", "申报", "有效期", "责任单位", "财政",
    '"跨境电商 海外仓"', '"保费 补贴"', "海外仓 奖励", "电商 补贴", "跨境电商 物流", "以旧换新 家电",
    "消费品 以旧换新 补贴", "税收 优惠", "知识产权", "法律责任", "罚款", "行政处罚", "劳动合同", "社会保险",
    "未成年人", "环境保护", "食品安全", "安全生产", "人民法院", "合同", "个人信息", "数据安全", "商务局",
    "市场监督管理", "养老服务", "残疾人", "医疗保障", "户籍", "邵市政办发〔2023〕21号", "公共海外仓 面积",
]
FILTERS = [Filters(on="2025-06-01"), Filters(min_amount=100_000), Filters(province="湖南"),
           Filters(city="杭州"), Filters(year=2024)]


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


class Fts5:
    """SQLite FTS5 over the same main/inner jieba tokens; filters by a join on a plain table."""

    name = "fts5"

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        self.db.executescript(
            "CREATE VIRTUAL TABLE f USING fts5(text_w, text_s, heading_w, heading_s, meta_w, meta_s, "
            "tokenize = \"unicode61 remove_diacritics 0 tokenchars '-_.'\");"
            "CREATE TABLE m (id INTEGER PRIMARY KEY, province TEXT, city TEXT, year INT, eff INT, exp INT, "
            "amount INT);")

    def index(self, records: list[Record]) -> None:
        with self.db:
            for i, r in enumerate(records, 1):
                cols = [x for value in (r.text, r.heading or "", r.meta) for x in split(value)]
                self.db.execute("INSERT INTO f(rowid, text_w, text_s, heading_w, heading_s, meta_w, meta_s) "
                                "VALUES (?,?,?,?,?,?,?)", (i, *cols))
                self.db.execute("INSERT INTO m VALUES (?,?,?,?,?,?,?)", (
                    i, place_key(r.province), place_key(r.city), r.year or 0, start_day(r),
                    day_number(r.expires_on, NO_EXPIRY), r.max_amount if r.max_amount is not None else NO_AMOUNT))

    @staticmethod
    def _match(q: ParsedQuery) -> str:
        def quote(t: str) -> str:
            return '"' + t.replace('"', '""') + '"'
        parts = []
        for c in q.clauses:
            if isinstance(c, Term):
                alts = [quote(a) for a in c.alternatives]
                parts.append("(" + " OR ".join(f"{{text_w text_s heading_w heading_s meta_w meta_s}} : {a}"
                                               for a in alts) + ")")
            else:
                alts = []
                for seq in c.alternatives:
                    if len(seq) == 1:
                        alts.append(f"{{text_w text_s heading_w heading_s meta_w meta_s}} : {quote(seq[0])}")
                    else:
                        alts.append("{text_w heading_w meta_w} : " + quote(" ".join(seq)))
                parts.append("(" + " OR ".join(alts) + ")")
        return " AND ".join(parts)

    def search(self, q: ParsedQuery, filters: Filters, limit: int) -> list[int]:
        where, args = ["f MATCH ?"], [self._match(q)]
        if filters.province:
            where.append("m.province = ?")
            args.append(place_key(filters.province))
        if filters.city:
            where.append("m.city = ?")
            args.append(place_key(filters.city))
        if filters.year is not None:
            where.append("m.year = ?")
            args.append(filters.year)
        if filters.on:
            where.append("m.eff BETWEEN 1 AND ? AND m.exp >= ?")
            args += [day_number(filters.on)] * 2
        if filters.min_amount is not None:
            where.append("m.amount >= ?")
            args.append(filters.min_amount)
        sql = (f"SELECT f.rowid FROM f JOIN m ON m.id = f.rowid WHERE {' AND '.join(where)} "
               f"ORDER BY bm25(f, 1, 1, 2, 2, 0.6, 0.6) LIMIT {int(limit)}")
        return [r[0] for r in self.db.execute(sql, args)]


def percentiles(samples: list[float]) -> str:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {qs[49]:7.2f}  p95 {qs[94]:7.2f}  p99 {qs[98]:7.2f}  max {max(samples):7.2f}"


def run(label: str, search: Callable[[ParsedQuery, Filters], object], parsed: list[ParsedQuery],
        repeat: int) -> None:
    for with_filters in (False, True):
        samples, hits = [], 0
        for _ in range(repeat):
            for i, q in enumerate(parsed):
                f = FILTERS[i % len(FILTERS)] if with_filters else Filters()
                t = time.perf_counter()
                result = search(q, f)
                samples.append((time.perf_counter() - t) * 1000)
                hits += bool(result)
        kind = "filtered" if with_filters else "plain   "
        print(f"  {label:8s} {kind} ms: {percentiles(samples)}  (queries with hits {hits // repeat}/{len(parsed)})")


def size(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6 if path.is_dir() else \
        path.stat().st_size / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lawrefbook", type=int, default=0, help="add a random sample of this many laws")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=20)
    args = ap.parse_args()

    load_dictionary()
    paths = files(args.lawrefbook, args.seed)
    t = time.perf_counter()
    records = build_records(paths)
    chars = sum(len(r.text) for r in records)
    print(f"{len(paths)} files → {len(records)} records, {chars / 1e6:.1f} M chars "
          f"(extraction {time.perf_counter() - t:.1f}s); {len(QUERIES)} queries × {args.repeat}, limit {args.limit}")
    parsed = [parse_query(q) for q in QUERIES]
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("whoosh", "tantivy"):
            ix = SearchIndex(Path(tmp) / "ix", name)
            t = time.perf_counter()
            ix.index_records(records)
            took = time.perf_counter() - t
            print(f"{name}: indexed in {took:.1f}s ({len(records) / took:.0f} records/s), "
                  f"{size(Path(tmp) / 'ix' / name):.1f} MB")
            run(name, lambda q, f, ix=ix: ix.search(q, f, args.limit), parsed, args.repeat)
            run(name + "/raw", lambda q, f, ix=ix: ix.engine.search(q, f, args.limit), parsed, args.repeat)
            ix.close()
        fts = Fts5(Path(tmp) / "fts.sqlite")
        t = time.perf_counter()
        fts.index(records)
        took = time.perf_counter() - t
        print(f"fts5: indexed in {took:.1f}s ({len(records) / took:.0f} records/s), "
              f"{size(Path(tmp) / 'fts.sqlite'):.1f} MB")
        run("fts5", lambda q, f: fts.search(q, f, args.limit), parsed, args.repeat)
    print("(whoosh/tantivy: with snippets and Hit objects; /raw: the engine alone; fts5: row ids only)")


if __name__ == "__main__":
    main()
