"""Read a policy document from disk into text, whatever form it was published in.

Plain text and Markdown are decoded with charset-normalizer (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16);
HTML keeps the page's visible text (BeautifulSoup); .docx its paragraphs and tables (python-docx); .pdf its
text layer (pypdf). Anything unreadable raises ``ReadError`` naming the file and the problem.

Every read is bounded (``extractor.limits``): the file's bytes, the characters read out of it, and for a .docx
its uncompressed size, expansion ratio and paragraph count, checked from the zip directory before anything is
decompressed. A text whose last UTF-8 character is cut off is read without it and says so in ``warnings``.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
import os
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extractor.limits import RATIO_FLOOR, Limits, env_name, limits, megabytes

MAX_BYTES = Limits().max_bytes  # the default; ``POLICYKB_MAX_BYTES`` overrides it
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
        super().__init__(f"{printable(path)}: {problem}")
        self.path = str(path)
        self.problem = problem


def printable(path: str | Path) -> str:
    """``path`` as it can be printed and stored: bytes that are not UTF-8 (kept by the OS as surrogates) shown
    as ``\\xNN`` escapes instead of raising UnicodeEncodeError."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


@dataclass(frozen=True, slots=True)
class RawText:
    path: str
    text: str
    encoding: str
    form: str  # text | html | docx | pdf
    warnings: tuple[str, ...] = ()


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is (a FIFO, a device …), None for a regular file."""
    for test, kind in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "not a regular file"


def name_problem(path: str | Path) -> str | None:
    """Why a file's name cannot be kept as its source (bytes that are not UTF-8), None when it can."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8 (rename the file)"
    return None


def read_document(path: str | Path) -> RawText:
    path = Path(path)
    if problem := name_problem(path):
        raise ReadError(path, problem)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(path, "no such file") from None
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from None
    kind = special_kind(info.st_mode)
    if kind:  # never opened: reading a FIFO or a device blocks or never ends
        raise ReadError(path, f"not a regular file ({kind})")
    if info.st_size == 0:
        raise ReadError(path, "empty file")
    _check_size(info.st_size, path, limits())
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from None
    return read_bytes(data, path)


def _check_size(size: int, path: str | Path, bounds: Limits) -> None:
    if size > bounds.max_bytes:
        raise ReadError(path, f"file too large ({megabytes(size)} > {megabytes(bounds.max_bytes)}; "
                              f"{env_name('max_bytes')} sets the limit)")


def check_chars(text: str, path: str | Path, bounds: Limits | None = None) -> None:
    """Refuse a text longer than ``max_chars`` (a small file can still expand to a huge text)."""
    bounds = bounds or limits()
    if len(text) > bounds.max_chars:
        raise ReadError(path, f"text too long ({len(text):,} characters > {bounds.max_chars:,}; "
                              f"{env_name('max_chars')} sets the limit)")


def read_bytes(data: bytes, path: str | Path) -> RawText:
    """Decode ``data`` as the document form its suffix names (used by uploads as well as files)."""
    suffix = Path(path).suffix.lower()
    bounds = limits()
    if not data:
        raise ReadError(path, "empty file")
    _check_size(len(data), path, bounds)
    warnings: tuple[str, ...] = ()
    if suffix == ".docx":
        text, encoding, form = _read_docx(data, path, bounds), "docx", "docx"
    elif suffix == ".pdf":
        (text, warnings), encoding, form = _read_pdf(data, path), "pdf", "pdf"
    elif suffix in HTML_SUFFIXES:
        decoded, encoding, warnings = _decode(data, path)
        text, form = _html_text(decoded), "html"
    elif suffix in TEXT_SUFFIXES:
        text, encoding, warnings = _decode(data, path)
        form = "text"
    else:
        raise ReadError(path, f"unsupported file type '{suffix}' (supported: .txt .md .html .docx .pdf)")
    if not text.strip():
        raise ReadError(path, "no text in file (blank, or a PDF without a text layer)")
    check_chars(text, path, bounds)
    return RawText(str(path), text, encoding, form, warnings)


def _decode(data: bytes, path: str | Path) -> tuple[str, str, tuple[str, ...]]:
    """``decode_text``, except that UTF-8 cut off inside its last character is read without it, with a warning
    (a truncated download or copy; guessing another encoding for it would garble the whole text)."""
    try:
        text, encoding = decode_text(data, path)
    except ReadError:
        if _truncated_utf8(data) is None:
            raise
        encoding = "guess failed"
    if encoding != "utf-8" and (cut := _truncated_utf8(data)) is not None:
        warning = f"truncated UTF-8: the last character is cut off after byte {cut} and left out"
        return data[:cut].decode("utf-8-sig"), "utf-8", (warning,)
    return text, encoding, ()


def _truncated_utf8(data: bytes) -> int | None:
    """Where the text ends when ``data`` is valid UTF-8 but for an incomplete sequence at its very end."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.reason == "unexpected end of data" and len(data) - exc.start < 4:
            try:
                data[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                return None
            return exc.start
    return None


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)  # counted by deleting them (a loop in C)


def decode_text(data: bytes, path: str | Path) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", " (BOM)")
            except UnicodeDecodeError:
                raise ReadError(path, f"cannot decode text (a {encoding} BOM, then bytes that are not)") from None
    if b"\x00" in data[:8192]:
        # Only UTF-16 without a BOM has NUL bytes among text encodings.
        for encoding in ("utf-16-le", "utf-16-be"):
            text = _printable_decode(data, encoding)
            if text is not None:
                return text, encoding
        raise ReadError(path, "binary file, not text")
    head = data[:8192]
    if len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) // 20:
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


def _read_docx(data: bytes, path: str | Path, bounds: Limits) -> str:
    import docx

    _check_docx_package(data, path, bounds)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for a damaged package
        raise ReadError(path, f"not a readable .docx ({type(exc).__name__}: {exc})") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _read_pdf(data: bytes, path: str | Path) -> tuple[str, tuple[str, ...]]:
    """The text layer and pypdf's own complaints (which it logs, without the file's name, as it reads)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    with _collected_log("pypdf") as complaints:
        try:
            reader = PdfReader(io.BytesIO(data))
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
        except (PdfReadError, ValueError, KeyError, OSError) as exc:
            said = "".join(f"; {c}" for c in dict.fromkeys(complaints))
            raise ReadError(path, f"not a readable .pdf ({type(exc).__name__}: {exc}{said})") from exc
    return text, tuple(f"pdf: {c}" for c in dict.fromkeys(complaints))


@contextlib.contextmanager
def _collected_log(name: str) -> Iterator[list[str]]:
    """The warnings logger ``name`` emits inside the block, kept instead of printed."""
    logger = logging.getLogger(name)
    collected: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            collected.append(record.getMessage())

    handler, propagate = Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield collected
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _check_docx_package(data: bytes, path: str | Path, bounds: Limits) -> None:
    """Refuse a .docx whose members would expand too far, before python-docx decompresses anything.

    The sizes are the zip directory's own; ``zipfile`` never yields more than a member's declared size (it checks
    the CRC at the declared end), so a lying directory cannot get past these bounds either.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ReadError(path, f"not a readable .docx ({type(exc).__name__}: {exc})") from exc
    with archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if total > bounds.max_unzipped_bytes:
            raise ReadError(path, f".docx expands to {megabytes(total)} (> {megabytes(bounds.max_unzipped_bytes)}; "
                                  f"{env_name('max_unzipped_bytes')} sets the limit)")
        for m in members:
            if m.file_size > RATIO_FLOOR and m.file_size > bounds.max_zip_ratio * max(m.compress_size, 1):
                ratio = m.file_size / max(m.compress_size, 1)
                raise ReadError(path, f".docx member {m.filename} expands {ratio:,.0f} times "
                                      f"(> {bounds.max_zip_ratio}; {env_name('max_zip_ratio')} sets the limit): "
                                      "a zip bomb or a damaged file")
        paragraphs = _count_paragraphs(archive, path)
    if paragraphs > bounds.max_paragraphs:
        raise ReadError(path, f".docx has {paragraphs:,} paragraphs (> {bounds.max_paragraphs:,}; "
                              f"{env_name('max_paragraphs')} sets the limit)")


def _count_paragraphs(archive: zipfile.ZipFile, path: str | Path) -> int:
    """``<w:p>`` elements in the main part, counted while streaming it (never held whole in memory)."""
    try:
        handle = archive.open("word/document.xml")
    except KeyError:
        return 0  # python-docx will say what is wrong with the package
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:
        raise ReadError(path, f"not a readable .docx ({type(exc).__name__}: {exc})") from exc
    count, tail = 0, b""
    try:
        with handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                chunk = tail + block
                count += sum(chunk.count(b"<w:p" + end) for end in (b">", b" ", b"/"))
                tail = chunk[-4:]  # shorter than a whole tag: one split across blocks is counted in the next
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ReadError(path, f"not a readable .docx ({type(exc).__name__}: {exc})") from exc
    return count
