"""Search latency for ``python -m benchmarks``: the engines behind ``kb.search.search`` against SQLite FTS5 over the same
jieba tokens (the baseline), on a fixed set of queries, each without and with a filter.

FTS5 gets the same main / inner word split as the tantivy engine (``kb.search.tokens``), bm25() ranking with the
same field weights, filters by a join on a plain table; it returns row ids only (no snippets, no legal status), so
it is the floor an engine could reach over SQLite, not a drop-in engine.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.search import Filters, ParsedQuery, Record, parse_query, records_from_store
from kb.search.engine import NO_AMOUNT, NO_EXPIRY, Term, day_number, place_key, start_day
from kb.search.tokens import Split, split_batches

QUERIES = (
    "海外仓", "跨境电商", "电商", "电子商务", "补贴", "保费", "奖励", "以旧换新", "数商兴农", "直播电商",
    "农村电商", "物流", "冷链物流", "供应链", "人才培训", "专项资金", "综试区", "口岸", "进出口", "出口信用保险",
    "市场采购", "产业园", "孵化基地", "品牌", "中小企业", "营商环境", "申报", "有效期", "责任单位", "财政",
    '"跨境电商 海外仓"', '"保费 补贴"', "海外仓 奖励", "电商 补贴", "跨境电商 物流", "以旧换新 家电",
    "消费品 以旧换新 补贴", "税收 优惠", "知识产权", "法律责任", "罚款", "行政处罚", "劳动合同", "社会保险",
    "未成年人", "环境保护", "食品安全", "安全生产", "人民法院", "合同", "个人信息", "数据安全", "商务局",
    "市场监督管理", "养老服务", "残疾人", "医疗保障", "户籍", "邵市政办发〔2023〕21号", "公共海外仓 面积",
)
FILTERS = (Filters(on="2025-06-01"), Filters(min_amount=100_000), Filters(province="湖南"), Filters(city="杭州"),
           Filters(year=2024), Filters(on="2015-01-01"))
LIMIT = 20
FIELDS = "text_w, text_s, heading_w, heading_s, meta_w, meta_s"


@dataclass
class Latency:
    """Milliseconds per call: p50 / p95 / p99 / max over every sample, and how many queries had hits."""

    p50: float
    p95: float
    p99: float
    max: float
    with_hits: int
    queries: int

    def text(self) -> str:
        return f"p50 {self.p50:.1f} / p95 {self.p95:.1f} / p99 {self.p99:.1f} ms"


def latency(samples: Sequence[float], with_hits: int = 0, queries: int = 0) -> Latency:
    """Percentiles (nearest rank) of ``samples`` in milliseconds."""
    ordered = sorted(samples)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]

    return Latency(statistics.median(ordered), pick(0.95), pick(0.99), ordered[-1], with_hits, queries)


def time_queries(run: Callable[[str, Filters], Sequence[Any]], filtered: bool, repeat: int = 3) -> Latency:
    """Each of ``QUERIES`` ``repeat`` times (after one untimed pass), with ``FILTERS`` in turn when ``filtered``."""
    cases = [(q, FILTERS[i % len(FILTERS)] if filtered else Filters()) for i, q in enumerate(QUERIES)]
    with_hits = sum(bool(run(q, f)) for q, f in cases)
    samples = []
    for _ in range(repeat):
        for q, f in cases:
            start = time.perf_counter()
            run(q, f)
            samples.append((time.perf_counter() - start) * 1000)
    return latency(samples, with_hits, len(cases))


class Fts5:
    """SQLite FTS5 over the same main/inner jieba words as the tantivy engine; filters by a join."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.executescript(
            f"CREATE VIRTUAL TABLE f USING fts5({FIELDS}, "
            "tokenize = \"unicode61 remove_diacritics 0 tokenchars '-_.'\");"
            "CREATE TABLE m (id INTEGER PRIMARY KEY, province TEXT, city TEXT, year INT, eff INT, exp INT, "
            "amount INT);")

    def index(self, pairs: Iterable[tuple[Record, Split]]) -> int:
        n = 0
        with self.db:
            for n, (r, words) in enumerate(pairs, 1):
                self.db.execute(f"INSERT INTO f(rowid, {FIELDS}) VALUES (?,?,?,?,?,?,?)", (n, *words))
                self.db.execute("INSERT INTO m VALUES (?,?,?,?,?,?,?)", (
                    n, place_key(r.province), place_key(r.city), r.year or 0, start_day(r),
                    day_number(r.expires_on, NO_EXPIRY), r.max_amount if r.max_amount is not None else NO_AMOUNT))
        return n

    @staticmethod
    def match(q: ParsedQuery) -> str:
        """The FTS5 MATCH expression: every clause, each an OR of its alternatives over every column."""
        every = "{" + FIELDS.replace(",", "") + "}"

        def quote(t: str) -> str:
            return '"' + t.replace('"', '""') + '"'

        parts = []
        for c in q.clauses:
            if isinstance(c, Term):
                alts = [f"{every} : {quote(a)}" for a in c.alternatives]
            else:
                alts = [f"{every} : {quote(seq[0])}" if len(seq) == 1
                        else "{text_w heading_w meta_w} : " + quote(" ".join(seq)) for seq in c.alternatives]
            parts.append("(" + " OR ".join(alts) + ")")
        return " AND ".join(parts)

    def search(self, q: ParsedQuery, filters: Filters, limit: int = LIMIT) -> list[int]:
        if not q.clauses:
            return []
        where, args = ["f MATCH ?"], [self.match(q)]
        for column, value in (("m.province", filters.province and place_key(filters.province)),
                              ("m.city", filters.city and place_key(filters.city)), ("m.year", filters.year)):
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        if filters.on:
            where.append("m.eff BETWEEN 1 AND ? AND m.exp >= ?")
            args += [day_number(filters.on)] * 2
        if filters.min_amount is not None:
            where.append("m.amount >= ?")
            args.append(filters.min_amount)
        sql = (f"SELECT f.rowid FROM f JOIN m ON m.id = f.rowid WHERE {' AND '.join(where)} "
               f"ORDER BY bm25(f, 1, 1, 2, 2, 0.6, 0.6) LIMIT {int(limit)}")
        return [r[0] for r in self.db.execute(sql, args)]

    def size(self) -> int:
        return self.path.stat().st_size

    def close(self) -> None:
        self.db.close()


def build_fts5(store: Any, path: Path, workers: int | None = None) -> tuple[Fts5, float]:
    """An FTS5 index of every record of ``store`` (words split in ``workers`` processes) and the seconds taken."""
    start = time.perf_counter()
    fts = Fts5(path)
    batches = (records_from_store(store, row["id"]) for row in store.documents())
    fts.index(split_batches(batches, workers or os.cpu_count() or 1))
    return fts, time.perf_counter() - start


def fts5_runner(fts: Fts5) -> Callable[[str, Filters], list[int]]:
    """FTS5 queries parsed the way ``kb.search`` parses them (synonyms, phrases)."""
    return lambda q, f: fts.search(parse_query(q), f)
