"""Shared test fixtures: paths to the corpus, the seeds and ../shared; jieba's cache kept in the project."""

from __future__ import annotations

import os
from pathlib import Path

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
