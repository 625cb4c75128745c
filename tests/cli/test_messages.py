"""Messages, not tracebacks: every bad option value or path gets its exit code and a message naming it; an error
nothing else catches is one line unless ``--debug``; ``policykb remove`` and ``conflict`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb import KnowledgeBase
from kb.cli import cli
from tests.conftest import ROOT, SEEDS, seed


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    with KnowledgeBase.open(path) as kb:
        kb.ingest(SEEDS, workers=1)
    return path


def _nested_profile(folder: Path) -> Path:
    path = folder / "nested.json"
    path.write_text('{"city": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    return path


CASES = [
    # (arguments, exit code, words the message must hold)
    (["search", "海外仓", "--limit", "10000000000"], 2, "10000000000 is not in the range 1<=x<=10000"),
    (["search", "海外仓", "--limit", "0"], 2, "0 is not in the range 1<=x<=10000"),
    (["search", "海外仓", "--limit", "-1"], 2, "-1 is not in the range 1<=x<=10000"),
    (["search", "海外仓", "--limit", "many"], 2, "'many' is not a valid integer range"),
    (["search", "海外仓", "--year", "99999999999999999999"], 2, "--year"),
    (["search", "海外仓", "--on", "2025-13-45x"], 2, "not a date"),
    (["show", "99999999999999999999999"], 1, "no document matches '99999999999999999999999'"),
    (["status", "99999999999999999999999"], 1, "no document matches"),
    (["remove", "99999999999999999999999"], 1, "no document matches"),
    (["expiring", "--within", "99999999999d"], 2, "'99999999999d' is longer than 100 years"),
    (["expiring", "--within", "soon"], 1, "not a span of time"),
    (["expiring", "--on", "2025-02-30"], 1, "2025-02-30"),
    (["graph", "export", "{tmp}/missing/kb.graphml"], 2, "no folder {tmp}/missing to write kb.graphml into"),
    (["match", "{nested}"], 1, "nested too deeply"),
]


@pytest.mark.parametrize(("args", "code", "message"), CASES, ids=[" ".join(c[0][:4]) for c in CASES])
def test_a_bad_value_is_a_message_with_its_exit_code(db: Path, tmp_path: Path, args: list[str], code: int,
                                                     message: str) -> None:
    fill = {"tmp": str(tmp_path), "nested": str(_nested_profile(tmp_path))}
    args = [a.format(**fill) for a in args]
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == code, result.output
    assert message.format(**fill) in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, RecursionError | OverflowError)


@pytest.mark.parametrize("db_path", ["/proc/x/kb.sqlite", "/proc/self/status/kb.sqlite"])
def test_a_store_that_cannot_be_created_is_named_once(tmp_path: Path, db_path: str) -> None:
    result = CliRunner().invoke(cli, ["ingest", str(seed("000")), "--db", db_path])
    assert result.exit_code == 1
    assert f"{db_path}: cannot open or create the store" in result.output
    assert result.output.count(db_path) == 1 and "Traceback" not in result.output


def test_an_unexpected_error_is_one_line_unless_debug(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the store went away")

    monkeypatch.setattr(KnowledgeBase, "documents", broken)
    result = CliRunner().invoke(cli, ["docs", "--db", str(db)])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: RuntimeError: the store went away (run with --debug for the traceback)"
    debugging = CliRunner().invoke(cli, ["--debug", "docs", "--db", str(db)])
    assert isinstance(debugging.exception, RuntimeError)


def test_remove_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", *map(str, SEEDS[:2]), "--db", str(db), "--workers", "1"]).exit_code == 0
    removed = runner.invoke(cli, ["remove", "1", "--db", str(db), "--json"])
    assert removed.exit_code == 0, removed.output
    assert json.loads(removed.output)["id"] == 1
    docs = runner.invoke(cli, ["docs", "--db", str(db), "--json"])
    assert [d["id"] for d in json.loads(docs.output)] == [2]
    again = runner.invoke(cli, ["remove", "1", "--db", str(db)])
    assert again.exit_code == 1 and "no document matches '1'" in again.output


def test_a_conflict_is_named_at_ingest_and_by_status_and_show(tmp_path: Path) -> None:
    original = seed("003")
    changed = tmp_path / "changed.txt"
    changed.write_text(original.read_text("utf-8").replace("奖励 50 万元", "奖励 80 万元", 1), "utf-8")
    db, runner = tmp_path / "kb.sqlite", CliRunner()
    assert runner.invoke(cli, ["ingest", str(original), "--db", str(db)]).exit_code == 0
    result = runner.invoke(cli, ["ingest", str(changed), "--db", str(db)])
    assert result.exit_code == 1
    assert f"conflict: {changed.resolve()} repeats the 文号 of {original.resolve()}" in result.output
    status = runner.invoke(cli, ["status", "2", "--db", str(db), "--on", "2025-06-01"])
    assert status.output.startswith("conflict\t衡政发〔2024〕4号")
    show = runner.invoke(cli, ["show", "1", "--db", str(db)])
    assert "conflict: the same 文号 with another text in 衡政发〔2024〕4号" in show.output
    assert str(changed.resolve()) in show.output


def test_compare_and_match_leave_a_conflict_out_and_say_so(tmp_path: Path) -> None:
    original = seed("003")
    changed = tmp_path / "changed.txt"
    changed.write_text(original.read_text("utf-8").replace("奖励 50 万元", "奖励 80 万元", 1), "utf-8")
    db, runner = tmp_path / "kb.sqlite", CliRunner()
    runner.invoke(cli, ["ingest", str(original), str(changed), "--db", str(db), "--workers", "1"])
    compared = runner.invoke(cli, ["compare", "--topic", "海外仓", "--db", str(db), "--json"])
    assert compared.exit_code == 0, compared.output
    result = json.loads(compared.output)
    assert all(not c["measures"] for c in result["cities"])
    assert sorted(c["id"] for c in result["conflicts"]) == [1, 2]
    text = runner.invoke(cli, ["compare", "--topic", "海外仓", "--db", str(db)]).output
    assert text.count("left out (conflict): 衡政发〔2024〕4号") == 2
    profile = ROOT / "examples" / "profiles" / "hengyang_seller.toml"
    matched = runner.invoke(cli, ["match", str(profile), "--on", "2025-06-01", "--db", str(db), "--json"])
    assert matched.exit_code == 0, matched.output
    result = json.loads(matched.output)
    assert result["results"] == []
    assert [s["status"] for s in result["skipped"]] == ["conflict", "conflict"]
    zh = json.loads(runner.invoke(cli, ["match", str(profile), "--on", "2025-06-01", "--db", str(db), "--json",
                                        "--lang", "zh"]).output)
    assert [s["reason"][:5] for s in zh["skipped"]] == ["文号冲突：", "文号冲突："]
    assert "衡政发〔2024〕4号" in zh["skipped"][0]["reason"] and "起施行" not in zh["skipped"][0]["reason"]
