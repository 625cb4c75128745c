"""Read-only nodes (issue 17, point 9): ``--read-only`` / ``POLICYKB_READ_ONLY`` refuse writes with one clear line,
reads still answer; the app hides its upload page there, and asks the writers' secret when one is set."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kb import KnowledgeBase, ReadOnly
from kb.cli import cli
from tests.conftest import CORPUS, seed


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ro") / "kb.sqlite"
    result = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize(("flag", "env"), [(["--read-only"], {}), ([], {"POLICYKB_READ_ONLY": "1"}),
                                           ([], {"POLICYKB_READ_ONLY": "true"})], ids=["flag", "env-1", "env-true"])
def test_ingest_is_refused_and_nothing_created(flag: list[str], env: dict[str, str], tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    result = CliRunner(env=env).invoke(cli, [*flag, "ingest", str(seed("000")), "--db", str(db)])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert "ingest refused" in line and "read-only" in line
    assert not db.exists()


def test_reads_still_answer_on_a_read_only_node(seeded: Path) -> None:
    result = CliRunner(env={"POLICYKB_READ_ONLY": "1"}).invoke(cli, ["docs", "--db", str(seeded)])
    assert result.exit_code == 0 and "衡政发〔2024〕4号" in result.output


@pytest.mark.parametrize("value", ["", "0", "no"])
def test_other_values_leave_the_node_writable(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKB_READ_ONLY", value)
    assert not KnowledgeBase.node_is_read_only()


def test_uploads_are_refused_by_a_read_only_knowledge_base(seeded: Path, tmp_path: Path) -> None:
    with KnowledgeBase.open(seeded, read_only=True) as kb, pytest.raises(ReadOnly, match="upload refused"):
        kb.store_upload("x.txt", seed("000").read_bytes(), tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("secret", "given", "accepted"), [
    (None, None, True), (None, "anything", True), ("s3cret", "s3cret", True), ("s3cret", "s3cre", False),
    ("s3cret", None, False), ("s3cret", "", False)])
def test_write_token(secret: str | None, given: str | None, accepted: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if secret is None:
        monkeypatch.delenv("POLICYKB_WRITE_TOKEN", raising=False)
    else:
        monkeypatch.setenv("POLICYKB_WRITE_TOKEN", secret)
    assert KnowledgeBase.write_token_required() is (secret is not None)
    assert KnowledgeBase.write_token_accepted(given) is accepted


@pytest.mark.parametrize("read_only", ["1", ""])
def test_the_app_hides_the_upload_page_on_a_read_only_node(read_only: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.pages import pages

    monkeypatch.setenv("POLICYKB_READ_ONLY", read_only)
    assert ("upload" in pages()) is (read_only == "")
    assert "search" in pages()
