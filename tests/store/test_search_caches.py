"""The caches behind a search: a hit's status kept across searches until the store changes (through the same
connection or another one on the same file), and a hit's stored fields read only when first asked for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.crash_points import FAULT_ENV
from kb.ingest import ingest
from kb.search import Filters, search
from kb.search.engine import EngineHit
from kb.store import Store
from tests.conftest import seed

HENGYANG = "衡政发〔2024〕4号"  # corpus/003: in force 2024-05-07 … 2026-05-06

# a later 衡阳 notice that repeals it, from a day inside its term
REPEALING = """衡阳市人民政府文件

衡政发〔2025〕9号

衡阳市人民政府
关于进一步优化营商环境的通知

各县市区人民政府，市直有关单位：

一、持续优化政务服务。

二、本通知自2025年3月1日起施行。《衡阳市人民政府关于支持跨境电子商务高质量发展的若干措施》（衡政发〔2024〕4号）同时废止。

衡阳市人民政府

2025年2月20日
"""


def _statuses(store: Store) -> set[str | None]:
    hits = search(store, "海外仓", limit=50)
    assert hits and {h.doc_no for h in hits} == {HENGYANG}
    return {h.status for h in hits}


@pytest.mark.parametrize("through", ["the same connection", "a second store on the same file"])
def test_a_repeal_ingested_after_a_search_changes_the_status_it_shows(tmp_path: Path, through: str) -> None:
    path = tmp_path / "kb.sqlite"
    store = Store.open(str(path))
    assert ingest([seed("003")], store, workers=1).ok
    before = _statuses(store)
    assert before and "repealed" not in before
    (tmp_path / "repeal.txt").write_text(REPEALING, encoding="utf-8")
    writer = store if through == "the same connection" else Store.open(str(path))
    assert ingest([tmp_path / "repeal.txt"], writer, workers=1).ok
    assert _statuses(store) == {"repealed"}


def _in_force_hits(store: Store, on: str) -> tuple[int, set[str | None]]:
    hits = search(store, "海外仓", Filters(on=on), limit=50)
    return hits.total, {h.status for h in hits}


@pytest.mark.parametrize("through", ["the same connection", "a second store on the same file"])
def test_a_repeal_ingested_after_a_search_takes_the_repealed_out_of_a_search_on_a_day(tmp_path: Path,
                                                                                       through: str) -> None:
    path = tmp_path / "kb.sqlite"
    store = Store.open(str(path))
    assert ingest([seed("003")], store, workers=1).ok
    total, statuses = _in_force_hits(store, "2025-06-01")  # inside its term: the engine's date range keeps it
    assert total > 0 and statuses == {"in_force"}
    (tmp_path / "repeal.txt").write_text(REPEALING, encoding="utf-8")
    writer = store if through == "the same connection" else Store.open(str(path))
    assert ingest([tmp_path / "repeal.txt"], writer, workers=1).ok
    assert _in_force_hits(store, "2025-06-01") == (0, set())  # repealed from 2025-03-01
    assert _in_force_hits(store, "2024-06-01") == (total, {"in_force"})  # before the repeal took effect
    assert search(store, "海外仓", Filters(on="2025-06-01"), limit=5, in_force_first=True).total == 0


def test_on_postgresql_a_status_is_kept_across_searches_until_another_node_writes(
        tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from kb.search.status_cache import status_cache
    from tests.conftest import StoreMaker, require_postgres

    require_postgres()
    maker = StoreMaker("postgres", tmp_path_factory)
    try:
        address = maker.address("statuses")
        store = maker.open(address)
        assert ingest([seed("003")], store, workers=1).ok
        before = _statuses(store)
        assert before and "repealed" not in before
        assert status_cache(store).tracked  # the store says when it changed: statuses outlive one search
        (tmp_path / "repeal.txt").write_text(REPEALING, encoding="utf-8")
        assert ingest([tmp_path / "repeal.txt"], maker.open(address), workers=1).ok  # another app node's upload
        assert _statuses(store) == {"repealed"}
    finally:
        maker.close()


def test_an_engine_hit_reads_its_fields_once_and_only_when_asked() -> None:
    reads: list[int] = []

    def load() -> dict[str, int]:
        reads.append(1)
        return {"doc_id": 3}

    hit = EngineHit(1.5, load=load)
    assert reads == [] and "not read" in repr(hit)
    assert hit.stored == {"doc_id": 3} and hit.stored["doc_id"] == 3
    assert reads == [1]
    assert EngineHit(2.0, {"doc_id": 4}).stored == {"doc_id": 4}
    with pytest.raises(ValueError, match="needs its stored fields"):
        EngineHit(0.0)


def test_the_outbox_is_read_again_only_after_the_store_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kb.sqlite"
    store = Store.open(str(path))
    assert ingest([seed("003")], store, workers=1).ok
    reads: list[int] = []
    pending = store.index_pending
    monkeypatch.setattr(store, "index_pending", lambda: reads.append(1) or pending())
    for _ in range(3):
        assert search(store, "海外仓", limit=5).total > 0
    assert len(reads) == 1  # found empty once; nothing was written since
    # another process commits a document and dies before indexing it: only the outbox says it is there
    (tmp_path / "repeal.txt").write_text(REPEALING, encoding="utf-8")
    crashed = subprocess.run([sys.executable, "-m", "kb", "ingest", str(tmp_path / "repeal.txt"), "--db", str(path),
                              "--workers", "1"], env={**os.environ, FAULT_ENV: "die:after_store_commit"},
                             capture_output=True, text=True, timeout=300)
    assert crashed.returncode == 86, crashed.stderr
    assert {h.doc_no for h in search(store, "营商环境", limit=5)} == {"衡政发〔2025〕9号"}
    assert len(reads) == 2

