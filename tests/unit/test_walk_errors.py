"""Every file named, nothing aborted: each kind of path that cannot be ingested gets its own message naming it,
printed once; the seed beside it is stored; the exit code is 1 at the end. Documents stored with a warning (UTF-8
cut off at the end, an impossible date) are named with the warning."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.reader import read_document
from kb.cli import cli
from kb.ingest import find_files
from tests.conftest import SEEDS, seed

DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def _fifo(folder: Path) -> tuple[str, list[str]]:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return str(path), []


def _non_utf8_name(folder: Path) -> tuple[str, list[str]]:
    name = os.fsdecode(b"notice-\xff\xfe.txt")
    (folder / name).write_bytes(seed("001").read_bytes())
    return str(folder / "notice-\\xff\\xfe.txt"), []


def _device(folder: Path) -> tuple[str, list[str]]:
    return "/dev/null", ["/dev/null"]


def _missing(folder: Path) -> tuple[str, list[str]]:
    return str(folder / "gone.txt"), [str(folder / "gone.txt")]


def _unlisted_folder(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_bytes(seed("002").read_bytes())
    if os.geteuid() != 0:
        locked.chmod(0)
    else:  # root reads a folder whatever its mode: make listing it fail as it does for a user
        real = os.scandir

        def scandir(path: object = ".") -> object:
            if os.fspath(path) == str(locked):  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", str(locked))
            return real(path)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "scandir", scandir)
    return str(locked)


CASES: list[tuple[str, Callable[[Path], tuple[str, list[str]]], str]] = [
    ("fifo", _fifo, "not a regular file (a FIFO)"),
    ("non-utf8 name", _non_utf8_name, "file name is not valid UTF-8 (rename the file)"),
    ("device", _device, "not a regular file (a character device)"),
    ("missing", _missing, "no such file or directory"),
]


def _batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / seed("000").name).write_bytes(seed("000").read_bytes())
    return folder


@pytest.mark.parametrize(("make", "reason"), [(make, reason) for _, make, reason in CASES],
                         ids=[name for name, _, _ in CASES])
def test_each_bad_path_named_once_and_the_batch_goes_on(tmp_path: Path, make: Callable[[Path],
                                                        tuple[str, list[str]]], reason: str) -> None:
    folder = _batch(tmp_path)
    shown, extra_args = make(folder)
    result = CliRunner().invoke(cli, ["ingest", str(folder), *extra_args, "--db", str(tmp_path / "kb.sqlite")])
    assert result.exit_code == 1, result.output
    assert f"error: {shown}: {reason}" in result.output
    assert result.output.count(shown) == 1
    assert "ingested 1," in result.output and "failed 1," in result.output


def test_an_unlisted_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _batch(tmp_path)
    locked = _unlisted_folder(folder, monkeypatch)
    files, problems = find_files([folder])
    assert problems == [(locked, "cannot list folder: Permission denied")]
    assert [p.name for p in files] == [seed("000").name]
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(folder.parent / "kb.sqlite")])
    assert result.exit_code == 1
    assert f"error: {locked}: cannot list folder: Permission denied" in result.output
    assert "ingested 1," in result.output


def _truncated_utf8(folder: Path) -> tuple[Path, str]:
    data = seed("004").read_bytes()
    cut = next(i for i in range(len(data) // 2, len(data)) if data[i] >= 0xE0) + 2  # inside a 3-byte character
    path = folder / "cut.txt"
    path.write_bytes(data[:cut])
    return path, f"truncated UTF-8: the last character is cut off after byte {cut - 2} and left out"


def _impossible_date(folder: Path) -> tuple[Path, str]:
    dated = [text for p in SEEDS if DATE.search(text := p.read_text(encoding="utf-8"))]
    text = dated[0]
    last = list(DATE.finditer(text))[-1]  # the signature's date, or the last one printed
    path = folder / "date.txt"
    path.write_text(text[: last.start()] + "2023年2月30日" + text[last.end() :], encoding="utf-8")
    return path, "impossible date '2023年2月30日'"


@pytest.mark.parametrize("make", [_truncated_utf8, _impossible_date], ids=["truncated utf-8", "impossible date"])
def test_a_damaged_document_is_stored_named_and_fails_the_batch(tmp_path: Path, make: Callable[[Path], tuple[Path, str]]) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    path, warning = make(folder)
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "kb.sqlite")])
    assert result.exit_code == 1, result.output  # damaged input: stored and named, and the batch exits non-zero
    assert f"warning: {path}: {warning}" in result.output
    assert "ingested 1," in result.output


def test_truncated_utf8_keeps_every_whole_character(tmp_path: Path) -> None:
    path, _ = _truncated_utf8(tmp_path)
    raw = read_document(path)
    assert raw.encoding == "utf-8"
    assert seed("004").read_text(encoding="utf-8").startswith(raw.text)
    assert len(raw.text) > 100 and len(raw.warnings) == 1
