"""Ingest on a Dask cluster stores what a local ingest stores: a LocalCluster of 2 worker processes, and a scheduler
and workers started as separate processes (``dask scheduler`` / ``dask worker``); a bad file, a file over the time
limit and a worker killed during the run. Select with ``-m dask``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from click.testing import CliRunner  # noqa: E402
from distributed import Client  # noqa: E402

from kb import search as kb_search  # noqa: E402
from kb.cli import cli  # noqa: E402
from kb.ingest import IngestReport, ingest  # noqa: E402
from kb.ingest_dask import cluster_extraction, connect  # noqa: E402
from kb.store import Store  # noqa: E402
from tests.conftest import CORPUS, ROOT, SEEDS, dev_files, requires_shared  # noqa: E402

pytestmark = pytest.mark.dask

DASK = Path(sys.executable).with_name("dask")
START_TIMEOUT = 120  # seconds for a process to come up on a loaded 2-core machine; a guard, not a measure
WORKER_OPTIONS = ("--nthreads", "1", "--memory-limit", "1GiB", "--host", "127.0.0.1", "--no-dashboard")


def snapshot(store: Store) -> dict[str, list[dict]]:
    """Every table of the store, row for row (the ingest time aside)."""
    tables = [row["name"] for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                          "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    out = {}
    for table in tables:
        rows = store.conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        out[table] = [{k: v for k, v in row.items() if k != "ingested_at"} for row in rows]
    return out


def batch() -> list[Path]:
    """The seeds and a few real documents from ../shared (when present)."""
    return [*SEEDS, *dev_files()[:3]]


def local_ingest(paths: list[Path], db: Path) -> tuple[IngestReport, Store]:
    store = Store.open(db)
    return ingest(paths, store, workers=1), store


def hits(store: Store, query: str) -> list[tuple[int, str | None]]:
    return [(hit.doc_id, hit.clause) for hit in kb_search.search(store, query, limit=10)]


@pytest.fixture(scope="module")
def local_cluster() -> Iterator[Client]:
    with connect("local:2", memory_limit="1GiB") as client:
        yield client


def _written(path: Path) -> bool:
    """The scheduler file exists and holds its whole JSON (dask writes it in place, not atomically)."""
    try:
        return "address" in json.loads(path.read_text())
    except (OSError, ValueError):
        return False


def _started(process: subprocess.Popen[bytes], ready: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while not _written(ready):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"{process.args} did not start (exit code {process.poll()})")
        time.sleep(0.2)


def dask_process(*arguments: str) -> subprocess.Popen[bytes]:
    # the scheduler unpickles the tasks and the workers run them: both import this worktree's kb and extractor
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([str(DASK), *arguments], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def start_worker(scheduler_file: Path, *options: str) -> subprocess.Popen[bytes]:
    return dask_process("worker", "--scheduler-file", str(scheduler_file), *WORKER_OPTIONS, *options)


def wait_for_workers(client: Client, count: int) -> None:
    client.wait_for_workers(count, timeout=START_TIMEOUT)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A ``dask scheduler`` process on 127.0.0.1 with one ``dask worker`` process: (address, scheduler file)."""
    scheduler_file = tmp_path_factory.mktemp("dask") / "scheduler.json"
    process = dask_process("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                           "--scheduler-file", str(scheduler_file))
    worker = None
    try:
        _started(process, scheduler_file)
        address = json.loads(scheduler_file.read_text())["address"]
        worker = start_worker(scheduler_file)
        with Client(address) as client:
            wait_for_workers(client, 1)
        yield address, scheduler_file
    finally:
        for child in (worker, process):
            if child is not None:
                child.terminate()
                try:
                    child.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    child.kill()


@requires_shared
def test_local_cluster_stores_what_a_local_ingest_stores(local_cluster: Client, tmp_path: Path) -> None:
    expected, local = local_ingest(batch(), tmp_path / "local.sqlite")
    store = Store.open(tmp_path / "cluster.sqlite")
    extraction = cluster_extraction(local_cluster)
    report = ingest(batch(), store, extraction=extraction)
    assert report.ok and report.to_dict() == expected.to_dict()
    assert snapshot(store) == snapshot(local)
    # the search words were split on the workers, with the domain dictionary (跨境电商 is one of its words)
    assert hits(store, "跨境电商") == hits(local, "跨境电商") != []
    assert extraction.timings.tasks == len(batch()) and extraction.timings.sent_bytes > 0


def test_bad_files_are_named_as_in_a_local_ingest(local_cluster: Client, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for path in SEEDS[:3]:
        shutil.copy(path, folder / path.name)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.md").write_bytes(b"")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip archive")
    expected, local = local_ingest([folder], tmp_path / "local.sqlite")
    store = Store.open(tmp_path / "cluster.sqlite")
    report = ingest([folder], store, extraction=cluster_extraction(local_cluster))
    assert len(report.failed) == 3 and len(report.ingested) == 3
    assert report.to_dict() == expected.to_dict()
    assert snapshot(store) == snapshot(local)


def test_a_file_over_the_time_limit_fails_with_the_reason(local_cluster: Client, tmp_path: Path) -> None:
    # a seed's text forty times over takes a worker far longer than a microsecond (and than the interpreter's
    # 5 ms switch interval, so its thread is still running when the timeout returns): the limit is always overrun
    long_text = tmp_path / "long.txt"
    long_text.write_text(SEEDS[0].read_text(encoding="utf-8") * 40, encoding="utf-8")
    extraction = cluster_extraction(local_cluster, seconds=1e-6)
    report = ingest([long_text], Store.open(tmp_path / "kb.sqlite"), extraction=extraction)
    assert report.failed == [(str(long_text.resolve()), "took longer than 1e-06 s (stopped)")]
    assert len(extraction.timings.restarted) == 1  # the worker whose thread overran was restarted


def test_scheduler_and_worker_processes_with_a_shared_path(scheduler: tuple[str, Path], tmp_path: Path) -> None:
    address, _ = scheduler
    expected, local = local_ingest([CORPUS], tmp_path / "local.sqlite")
    store = Store.open(tmp_path / "cluster.sqlite")
    with Client(address) as client:
        extraction = cluster_extraction(client, shared=[CORPUS])
        report = ingest([CORPUS], store, extraction=extraction)
    assert report.to_dict() == expected.to_dict() and report.ok
    assert snapshot(store) == snapshot(local)
    assert extraction.timings.sent_bytes == 0  # read by the worker from the shared path


def test_the_cli_prints_the_local_summary_and_exit_code(scheduler: tuple[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder / SEEDS[0].name)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    runner = CliRunner()
    local = runner.invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "a.sqlite"), "--workers", "1",
                                "--json"])
    cluster = runner.invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "b.sqlite"), "--dask",
                                  scheduler[0], "--json"])
    assert local.exit_code == cluster.exit_code == 1
    summary = json.loads(local.stdout)
    assert json.loads(cluster.stdout) == {**summary, "db": str(tmp_path / "b.sqlite")}
    assert summary["failed"][0][0] == str((folder / "binary.txt").resolve())


def test_a_worker_killed_during_the_run_has_its_tasks_run_again(scheduler: tuple[str, Path],
                                                                tmp_path: Path) -> None:
    address, scheduler_file = scheduler
    expected, local = local_ingest(batch(), tmp_path / "local.sqlite")
    doomed = start_worker(scheduler_file, "--no-nanny")  # a nanny would start it again
    killed: list[str] = []

    def kill_after_first_result(path: str, outcome: str) -> None:
        if not killed:
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(timeout=30)
            killed.append(path)

    try:
        with Client(address) as client:
            wait_for_workers(client, 2)
            store = Store.open(tmp_path / "cluster.sqlite")
            report = ingest(batch(), store, progress=kill_after_first_result,
                            extraction=cluster_extraction(client))
    finally:
        if doomed.poll() is None:
            doomed.kill()
    assert killed and doomed.returncode == -signal.SIGKILL
    assert report.to_dict() == expected.to_dict() and report.ok
    assert snapshot(store) == snapshot(local)
