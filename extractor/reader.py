"""Read a policy document from disk into text, whatever form it was published in.

Plain text and Markdown are decoded with charset-normalizer (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16);
HTML keeps the page's visible text (BeautifulSoup); .docx its paragraphs and tables (python-docx); .pdf its
text layer (pypdf). Anything unreadable raises ``ReadError`` naming the file and the problem.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class ReadError(Exception):
    """A file that cannot be read as a document; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class RawText:
    path: str
    text: str
    encoding: str
    form: str  # text | html | docx | pdf


def read_document(path: str | Path) -> RawText:
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "no such file")
    if not path.is_file():
        raise ReadError(path, "not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise ReadError(path, "empty file")
    if size > MAX_BYTES:
        raise ReadError(path, f"file too large ({size / 1_048_576:.1f} MB > {MAX_BYTES // 1_048_576} MB)")
    data = path.read_bytes()
    return read_bytes(data, path)


def read_bytes(data: bytes, path: str | Path) -> RawText:
    """Decode ``data`` as the document form its suffix names (used by uploads as well as files)."""
    suffix = Path(path).suffix.lower()
    if not data:
        raise ReadError(path, "empty file")
    if len(data) > MAX_BYTES:
        raise ReadError(path, f"file too large ({len(data) / 1_048_576:.1f} MB > {MAX_BYTES // 1_048_576} MB)")
    if suffix == ".docx":
        text, encoding, form = _read_docx(data, path), "docx", "docx"
    elif suffix == ".pdf":
        text, encoding, form = _read_pdf(data, path), "pdf", "pdf"
    elif suffix in HTML_SUFFIXES:
        decoded, encoding = decode_text(data, path)
        text, form = _html_text(decoded), "html"
    elif suffix in TEXT_SUFFIXES:
        text, encoding = decode_text(data, path)
        form = "text"
    else:
        raise ReadError(path, f"unsupported file type '{suffix}' (supported: .txt .md .html .docx .pdf)")
    if not text.strip():
        raise ReadError(path, "no text in file (blank, or a PDF without a text layer)")
    return RawText(str(path), text, encoding, form)


def decode_text(data: bytes, path: str | Path) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding.replace("-sig", " (BOM)")
    if b"\x00" in data[:8192]:
        # Only UTF-16 without a BOM has NUL bytes among text encodings.
        for encoding in ("utf-16-le", "utf-16-be"):
            text = _printable_decode(data, encoding)
            if text is not None:
                return text, encoding
        raise ReadError(path, "binary file, not text")
    head = data[:8192]
    if sum(1 for b in head if b < 9 or 13 < b < 32) > len(head) // 20:
        raise ReadError(path, "binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8"]).best()
    if best is None:
        raise ReadError(path, "cannot decode text (not UTF-8, GB18030 or UTF-16)")
    encoding = "gb18030" if best.encoding in {"gbk", "gb2312", "gb18030"} else best.encoding
    text = str(best)
    if text.count("\ufffd") > max(3, len(text) // 100):
        raise ReadError(path, f"cannot decode text cleanly (best guess {encoding})")
    return text, encoding


def _printable_decode(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    sample = text[:4000]
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in sample)
    return text if sample and printable >= 0.97 * len(sample) else None


def _html_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    body = soup.body or soup
    lines = [line.strip() for line in body.get_text("\n").splitlines()]
    return "\n".join(line for line in lines if line)


def _read_docx(data: bytes, path: str | Path) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for a damaged package
        raise ReadError(path, f"not a readable .docx ({type(exc).__name__}: {exc})") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _read_pdf(data: bytes, path: str | Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ReadError(path, f"not a readable .pdf ({type(exc).__name__}: {exc})") from exc
