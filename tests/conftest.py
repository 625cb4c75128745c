"""Shared test fixtures: paths to the corpus, the seeds and ../shared; jieba's cache kept in the project; stores
on both backends (``stores``: SQLite files, or fresh schemas in the PostgreSQL server at ``$POLICYKB_TEST_PG``,
which ``scripts/pg_test_server.sh`` starts and ``scripts/test.sh`` exports)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("POLICYKB_SHARED", ROOT.parent / "shared"))
DEV = SHARED / "corpus" / "dev"
LAWREFBOOK = SHARED / "corpus" / "lawrefbook"
SEEDS = sorted(CORPUS.glob("*.txt"))

os.environ.setdefault("POLICYKB_JIEBA_CACHE", str(ROOT / ".cache" / "jieba"))


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (e.g. "003")."""
    (path,) = [p for p in SEEDS if p.name.startswith(prefix)]
    return path


def dev_files() -> list[Path]:
    if not DEV.is_dir():
        return []
    return sorted(DEV.glob("*.txt")) + sorted((DEV / "notices").glob("*.txt"))


requires_shared = pytest.mark.skipif(
    not DEV.is_dir(), reason=f"../shared/corpus/dev not found at {DEV} (CI always has it)"
)
requires_lawrefbook = pytest.mark.skipif(
    not LAWREFBOOK.is_dir(), reason=f"../shared/corpus/lawrefbook not found at {LAWREFBOOK}"
)


@pytest.fixture(autouse=True)
def _jieba_cache_in_project(tmp_path_factory: pytest.TempPathFactory) -> None:
    """jieba writes its dictionary cache to the system temp folder by default; keep it in the project."""
    try:
        import jieba
    except ImportError:
        return
    cache_dir = Path(os.environ["POLICYKB_JIEBA_CACHE"])
    cache_dir.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(cache_dir)


def ingest_seeds(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A fresh store holding the five seeds (one per test module: modules that write to it stay apart)."""
    from kb.ingest import ingest
    from kb.store import Store

    path = tmp_path_factory.mktemp(name) / "kb.sqlite"
    report = ingest([CORPUS], Store.open(path), workers=1)
    assert report.ok, report.failed
    return path


PG_URL = os.environ.get("POLICYKB_TEST_PG")
BACKENDS = ("sqlite", "postgres")


def postgres_missing() -> str | None:
    """Why the PostgreSQL tests cannot run here (None when they can)."""
    if not PG_URL:
        return "POLICYKB_TEST_PG is not set (scripts/pg_test_server.sh starts a server as root; scripts/test.sh does)"
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ModuleNotFoundError as exc:
        return f"the [postgres] extra is not installed ({exc})"
    return None


def require_postgres() -> str:
    """The test server's URL; skips the test where there is none, except under CI=true where that fails."""
    reason = postgres_missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs the PostgreSQL server: {reason}")
        pytest.skip(reason)
    return PG_URL  # type: ignore[return-value]


def with_search_path(url: str, schema: str) -> str:
    """The URL of a database with ``schema`` first on the search path (libpq's ``options`` parameter)."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


class StoreMaker:
    """Fresh, empty stores of one backend: SQLite files under a temp folder, or PostgreSQL schemas of their own
    in the test server. Everything opened is closed, and every schema dropped, by ``close``."""

    def __init__(self, backend: str, tmp_path_factory: pytest.TempPathFactory) -> None:
        self.backend = backend
        self.tmp_path_factory = tmp_path_factory
        self.opened: list[Any] = []
        self.schemas: list[str] = []

    def address(self, name: str = "kb") -> str:
        """A place for a new store: a file path that does not exist yet, or the URL of a new empty schema."""
        if self.backend == "sqlite":
            return str(self.tmp_path_factory.mktemp(name) / "kb.sqlite")
        import psycopg

        url = require_postgres()
        schema = f"t_{name}_{uuid.uuid4().hex[:10]}".lower()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        self.schemas.append(schema)
        return with_search_path(url, schema)

    def open(self, address: str) -> Any:
        from kb.store import open_store

        store = open_store(address, check_same_thread=False)
        self.opened.append(store)
        return store

    def new(self, name: str = "kb") -> Any:
        return self.open(self.address(name))

    def with_seeds(self, name: str) -> str:
        """The address of a new store holding the five seeds."""
        from kb.ingest import ingest

        address = self.address(name)
        store = self.open(address)
        report = ingest([CORPUS], store, workers=1)
        assert report.ok, report.failed
        return address

    def close(self) -> None:
        for store in self.opened:
            store.close()
        if self.schemas:
            import psycopg

            with psycopg.connect(PG_URL, autocommit=True) as conn:  # type: ignore[arg-type]
                for schema in self.schemas:
                    conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test using ``backend`` runs once on SQLite and once on PostgreSQL, unless its module chooses the stores
    itself (``tests/store/test_search.py`` pairs each store with its engines)."""
    if "backend" in metafunc.fixturenames and not hasattr(metafunc.module, "pytest_generate_tests"):
        metafunc.parametrize("backend", BACKENDS, indirect=True, scope="module")


@pytest.fixture(scope="module")
def backend(request: pytest.FixtureRequest) -> str:
    """The store a test runs on ("sqlite" | "postgres"), a PostgreSQL server required for the second."""
    if request.param == "postgres":
        require_postgres()
    return request.param


@pytest.fixture(scope="module")
def stores(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreMaker]:
    maker = StoreMaker(backend, tmp_path_factory)
    yield maker
    maker.close()


@pytest.fixture(scope="module")
def db(stores: StoreMaker, request: pytest.FixtureRequest) -> str:
    """The address of a store holding the five seeds, one per test module, on each backend in turn (a module
    that needs another store defines its own ``db``)."""
    return stores.with_seeds(request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_"))


@pytest.fixture(scope="module")
def store(stores: StoreMaker, db: str) -> Any:
    """The seeds' store at ``db``, opened once per module."""
    return stores.open(db)
