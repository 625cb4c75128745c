"""policykb's extraction pipeline: knows texts, not storage, CLI or screens."""

from extractor.models import EXTRACTOR_VERSION, Clause, Document, Fact, Interval
from extractor.pipeline import extract_data, extract_file, extract_text
from extractor.reader import ReadError, read_bytes
from extractor.sentences import sentence_bounds, split_sentences

__all__ = [
    "EXTRACTOR_VERSION",
    "Clause",
    "Document",
    "Fact",
    "Interval",
    "ReadError",
    "extract_data",
    "extract_file",
    "extract_text",
    "read_bytes",
    "sentence_bounds",
    "split_sentences",
]
