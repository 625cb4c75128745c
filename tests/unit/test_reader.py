"""Reading files in every form governments publish, and clear errors for bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import ReadError, extract_file
from extractor.reader import MAX_BYTES, read_document
from kb.cli import cli
from tests.conftest import seed

SAMPLE = seed("000").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8 (BOM)"), ("gb18030", "gb18030"), ("gbk", "gb18030"), ("utf-16", "utf-16")],
)
def test_text_encodings_are_detected(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(SAMPLE.encode(encoding))
    raw = read_document(path)
    assert raw.text.lstrip("\ufeff") == SAMPLE
    assert raw.encoding == expected


def test_utf16_without_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(SAMPLE.encode("utf-16-le"))
    assert read_document(path).text == SAMPLE


def test_gbk_file_extracts_like_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(SAMPLE.encode("gbk"))
    assert extract_file(path).header.doc_no.text == "邵市政办发〔2024〕4号"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (bytes(range(256)) * 40, "binary file"),
        (b"   \n\n  \t\n", "no text"),
    ],
)
def test_bad_files_name_the_file_and_the_problem(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError) as caught:
        read_document(path)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ReadError, match="too large"):
        read_document(path)


def test_unsupported_suffix_and_missing_file(tmp_path: Path) -> None:
    odd = tmp_path / "doc.xlsx"
    odd.write_bytes(b"PK\x03\x04")
    with pytest.raises(ReadError, match="unsupported file type"):
        read_document(odd)
    with pytest.raises(ReadError, match="no such file"):
        read_document(tmp_path / "missing.txt")


def test_html_keeps_the_visible_text(tmp_path: Path) -> None:
    html = (
        "<html><head><title>t</title><script>var x='不该出现';</script></head><body>"
        "<h1>邵市政办发〔2024〕4号</h1><p>邵阳市人民政府办公室</p><p>关于促进电子商务发展的通知</p>"
        "<style>.a{}</style><p>每家企业补贴总额不超过 30 万元。</p></body></html>"
    )
    path = tmp_path / "doc.html"
    path.write_text(html, encoding="utf-8")
    doc = extract_file(path)
    assert "不该出现" not in doc.text
    assert doc.header.doc_no.text == "邵市政办发〔2024〕4号"
    assert "不超过30万元" in doc.text


def test_docx_paragraphs_are_read(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in SAMPLE.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "doc.docx"
    document.save(path)
    doc = extract_file(path)
    assert doc.header.doc_no.text == "邵市政办发〔2024〕4号"
    assert doc.header.title == "邵阳市人民政府办公室关于促进电子商务发展的通知"


def test_pdf_text_layer_is_read_and_damaged_pdf_named(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(buffer.getvalue())
    with pytest.raises(ReadError, match="no text"):
        read_document(blank)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    with pytest.raises(ReadError) as caught:
        read_document(broken)
    assert "broken.pdf" in str(caught.value)


def test_extract_batch_goes_on_past_bad_files_and_exits_nonzero(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    result = CliRunner().invoke(cli, ["extract", str(empty), str(seed("003")), str(binary), "--json"])
    assert result.exit_code == 1
    assert f"{empty}: empty file" in result.stderr
    assert f"{binary}: binary file" in result.stderr
    assert result.stdout.count("\n") == 1
    assert '"doc_no": "衡政发〔2024〕4号"' in result.stdout
