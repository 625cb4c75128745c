"""``python -m benchmarks.payload_dump OUT``: every extraction of the comparison set as canonical JSON, one line a
file (``path<TAB>json``), to compare byte for byte before and after a change that must not alter any output.

The set: every file of ``corpus/`` (the seeds), of ``../shared/corpus/dev`` (with ``notices/``) and of
``../shared/corpus/wider``, and every 10th file of the sorted lawrefbook walk (``benchmarks.bench.corpus_files``).
A file that cannot be read is dumped as its problem. Nothing here is a test.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks.bench import corpus_files
from extractor import extract_file
from extractor.reader import ReadError

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def comparison_files() -> list[Path]:
    out = sorted(p for p in Path("corpus").rglob("*") if p.is_file())
    for folder in ("dev", "wider"):
        out += sorted(p for p in (SHARED / folder).rglob("*") if p.is_file())
    return out + corpus_files([str(SHARED / "lawrefbook")])[::10]


def dump(dest: str) -> int:
    """Write the dump to ``dest``; the number of files."""
    files = comparison_files()
    with open(dest, "w", encoding="utf-8") as fh:
        for path in files:
            try:
                record = extract_file(path).to_dict()
            except ReadError as exc:
                record = {"error": exc.problem}
            fh.write(f"{path}\t{json.dumps(record, sort_keys=True, ensure_ascii=False, default=repr)}\n")
    return len(files)


if __name__ == "__main__":
    print(dump(sys.argv[1]), "files", file=sys.stderr)
