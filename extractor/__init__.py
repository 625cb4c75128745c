"""policykb's extraction pipeline: knows texts, not storage, CLI or screens."""

from extractor.limits import LimitSettingError
from extractor.measures import Measure, derive_measures
from extractor.models import EXTRACTOR_VERSION, Clause, Document, Fact, Interval
from extractor.pipeline import extract_bounded, extract_data, extract_file, extract_text
from extractor.reader import ReadError, printable, read_bytes
from extractor.sentences import sentence_bounds, split_sentences

__all__ = [
    "EXTRACTOR_VERSION",
    "Clause",
    "Document",
    "Fact",
    "Interval",
    "LimitSettingError",
    "Measure",
    "ReadError",
    "derive_measures",
    "extract_bounded",
    "extract_data",
    "extract_file",
    "extract_text",
    "printable",
    "read_bytes",
    "sentence_bounds",
    "split_sentences",
]
