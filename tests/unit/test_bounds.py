"""Per-file bounds: the settings, .docx expansion checked before parsing, the text cap, pypdf's complaints with the
file's name, windows that stay bounded on one long line, the per-file time limit and the ``--workers`` cap."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from extractor import extract_text
from extractor.facts._amounts import PERIOD_STOPS, SEGMENT_STOPS, SENTENCE_STOPS, bounds
from extractor.facts._common import WINDOW_REACH
from extractor.limits import Limits, LimitSettingError
from extractor.normalize import normalize
from extractor.reader import ReadError, read_bytes, read_document
from kb.cli import cli
from kb.ingest import ingest, worker_count
from kb.store import Store
from tests.conftest import SEEDS, dev_files, seed

MIB = 1024 * 1024


@pytest.mark.parametrize(
    ("environ", "setting", "expected"),
    [
        ({}, "max_seconds", 120.0),
        ({"POLICYKB_MAX_SECONDS": "30"}, "max_seconds", 30.0),
        ({"POLICYKB_MAX_SECONDS": "0"}, "seconds", None),
        ({"POLICYKB_MAX_BYTES": "1_000"}, "max_bytes", 1000),
        ({"POLICYKB_MAX_CHARS": " 5000 "}, "max_chars", 5000),
        ({"POLICYKB_MAX_UNZIPPED_BYTES": "2048"}, "max_unzipped_bytes", 2048),
        ({"POLICYKB_MAX_ZIP_RATIO": "10"}, "max_zip_ratio", 10),
        ({"POLICYKB_MAX_PARAGRAPHS": "7"}, "max_paragraphs", 7),
    ],
)
def test_each_bound_is_set_by_one_variable(environ: dict[str, str], setting: str, expected: object) -> None:
    assert getattr(Limits.from_env(environ), setting) == expected


@pytest.mark.parametrize(
    ("environ", "problem"),
    [
        ({"POLICYKB_MAX_CHARS": "lots"}, "POLICYKB_MAX_CHARS='lots' is not a number"),
        ({"POLICYKB_MAX_BYTES": "0"}, "must be positive"),
        ({"POLICYKB_MAX_SECONDS": "-1"}, "must be positive"),
    ],
)
def test_a_bad_setting_is_named(environ: dict[str, str], problem: str) -> None:
    with pytest.raises(LimitSettingError, match=re.escape(problem)):
        Limits.from_env(environ)


def _docx_with_body(path: Path, paragraph_xml: bytes, count: int) -> None:
    """A real .docx (python-docx's own package) whose body is ``count`` copies of ``paragraph_xml``, streamed."""
    template = io.BytesIO()
    docx.Document().save(template)
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info))
                continue
            head, _, tail = source.read(info).partition(b"<w:body>")
            with target.open("word/document.xml", "w") as out:
                out.write(head + b"<w:body>")
                block = paragraph_xml * 10_000
                for _ in range(count // 10_000):
                    out.write(block)
                out.write(paragraph_xml * (count % 10_000))
                out.write(b"</w:body>" + tail.partition(b"</w:body>")[2])


@pytest.mark.parametrize(
    ("name", "paragraph", "count", "environ", "problem"),
    [
        ("paragraphs.docx", b"<w:p/>", 300_000, {}, "POLICYKB_MAX_ZIP_RATIO sets the limit"),
        ("paragraphs.docx", b"<w:p/>", 300_000, {"POLICYKB_MAX_ZIP_RATIO": "1000"},
         ".docx has 300,000 paragraphs (> 50,000; POLICYKB_MAX_PARAGRAPHS sets the limit)"),
        ("bomb.docx", b"<w:p><w:r><w:t>" + b" " * 10_000 + b"</w:t></w:r></w:p>", 6_000, {},
         "expands"),
        ("big.docx", b"<w:p><w:r><w:t>\xe8\xa1\xa5\xe8\xb4\xb4</w:t></w:r></w:p>", 20_000,
         {"POLICYKB_MAX_UNZIPPED_BYTES": str(MIB)}, "POLICYKB_MAX_UNZIPPED_BYTES sets the limit"),
    ],
)
def test_docx_expansion_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                                               paragraph: bytes, count: int, environ: dict[str, str],
                                               problem: str) -> None:
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    path = tmp_path / name
    _docx_with_body(path, paragraph, count)
    assert path.stat().st_size < 1 * MIB
    tracemalloc.start()
    try:
        with pytest.raises(ReadError) as caught:
            read_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(path) in str(caught.value)
    assert problem in caught.value.problem
    assert peak < 8 * MIB  # the members' sizes were read from the zip directory, nothing was inflated whole


def test_a_docx_within_bounds_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.docx"
    document = docx.Document()
    for line in seed("000").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(path)
    assert "邵市政办发〔2024〕4号" in read_document(path).text


@pytest.mark.parametrize("source", SEEDS[:2], ids=lambda p: p.name)
def test_the_text_is_capped_not_only_the_file(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = source.read_text(encoding="utf-8")
    monkeypatch.setenv("POLICYKB_MAX_CHARS", str(len(text) - 1))
    with pytest.raises(ReadError, match=rf"text too long \({len(text):,} characters > {len(text) - 1:,}"):
        read_document(source)
    with pytest.raises(ReadError, match="POLICYKB_MAX_CHARS sets the limit"):
        extract_text(text, source="upload.txt")
    monkeypatch.setenv("POLICYKB_MAX_CHARS", str(len(text)))
    assert read_document(source).text == text


def test_the_byte_cap_follows_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    data = seed("001").read_bytes()
    monkeypatch.setenv("POLICYKB_MAX_BYTES", str(len(data) - 1))
    with pytest.raises(ReadError, match="file too large"):
        read_bytes(data, "upload.txt")
    with pytest.raises(ReadError, match="POLICYKB_MAX_BYTES sets the limit"):
        read_document(seed("001"))


def test_pypdf_complaints_carry_the_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(ReadError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: not a readable .pdf")
    assert "EOF marker not found" in caught.value.problem
    assert "EOF marker" not in capsys.readouterr().err  # said once, in the message, not logged bare


@pytest.mark.parametrize("stops", [SEGMENT_STOPS, SENTENCE_STOPS, PERIOD_STOPS], ids=["segment", "sentence", "period"])
def test_windows_reach_every_real_run_and_no_further(stops: str) -> None:
    """The reach leaves every run between stops in the seeds and dev whole, and bounds a line without stops."""
    pattern = re.compile(f"[^{re.escape(stops)}]+")
    for path in [*SEEDS, *dev_files()]:
        text = normalize(path.read_text(encoding="utf-8")).text
        for run in pattern.finditer(text):
            assert bounds(text, run.start() + len(run.group()) // 2, stops) == run.span()
    line = "".join(path.read_text(encoding="utf-8") for path in SEEDS)
    line = line.translate(str.maketrans(dict.fromkeys(SEGMENT_STOPS, " ")))
    middle = len(line) // 2
    assert bounds(line, middle, stops) == (middle - WINDOW_REACH, middle + WINDOW_REACH)


def test_facts_on_a_long_line_are_those_of_its_parts() -> None:
    """Joined without line breaks, the seeds' sentences give the same money facts as one seed's text does."""
    text = "".join(seed("000").read_text(encoding="utf-8").splitlines())
    single = [(f.quote, f.value, f.role) for f in extract_text(text).facts if f.kind == "money"]
    repeated = extract_text(text * 4).facts
    assert [(f.quote, f.value, f.role) for f in repeated if f.kind == "money"][: len(single)] == single


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    for path in SEEDS[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


@pytest.mark.parametrize(
    ("fault", "reason"),
    [("slow", "took longer than 3 s (stopped)"), ("crash", "extraction process died (exit code 70)")],
)
def test_a_stuck_or_dying_file_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str,
                                           reason: str) -> None:
    folder = _folder(tmp_path)
    stuck = folder / SEEDS[1].name
    monkeypatch.setenv("POLICYKB_MAX_SECONDS", "3")
    monkeypatch.setenv("POLICYKB_FAULT", f"{fault}:{stuck.name}")
    report = ingest([folder], Store.open(tmp_path / "kb.sqlite"), workers=2)
    assert report.failed == [(str(stuck.resolve()), reason)]
    assert sorted(report.ingested) == sorted(str((folder / p.name).resolve()) for p in (SEEDS[0], SEEDS[2]))


def test_extract_names_the_stuck_file_and_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    monkeypatch.setenv("POLICYKB_MAX_SECONDS", "3")
    monkeypatch.setenv("POLICYKB_FAULT", f"slow:{SEEDS[0].name}")
    paths = [str(folder / p.name) for p in SEEDS[:3]]
    result = CliRunner().invoke(cli, ["extract", *paths])
    assert result.exit_code == 1
    assert f"error: {paths[0]}: took longer than 3 s (stopped)" in result.output
    assert [line.split("\t")[0] for line in result.output.splitlines() if "\t" in line] == paths[1:]


def test_workers_capped_at_the_cores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert worker_count(1000) == (2, "--workers 1000 capped at 2, the number of cores")
    assert worker_count(2) == (2, None)
    assert worker_count(None) == (2, None)
    result = CliRunner().invoke(cli, ["ingest", str(seed("000")), "--db", str(tmp_path / "kb.sqlite"),
                                      "--workers", "1000"])
    assert result.exit_code == 0, result.output
    assert "note: --workers 1000 capped at 2, the number of cores" in result.output


@pytest.mark.parametrize("command", [["extract"], ["ingest", "--db", "kb.sqlite"]], ids=["extract", "ingest"])
def test_a_bad_setting_stops_the_command_with_its_name(command: list[str], monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICYKB_MAX_SECONDS", "soon")
    result = CliRunner().invoke(cli, [*command, str(seed("000"))])
    assert result.exit_code == 1
    assert "Error: POLICYKB_MAX_SECONDS='soon' is not a number" in result.output
