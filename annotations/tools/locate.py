"""Find the raw-file span of a quoted phrase, for writing gold by hand.

    python annotations/tools/locate.py corpus/000_a321129b409679bc.txt "30万元"
    python annotations/tools/locate.py dev/notices/linan_commerce_tradein_enterprise_call_2026.txt "500元" --all

Prints every occurrence as ``[start, end]`` with some context and, for dev documents (which are never copied into
this repository), the sha1 the gold records instead of the quote. Paths not under ``corpus/`` are read from
``../shared/corpus``. The offsets are those of the decoded raw file (what ``extractor.reader`` returns), not of the
normalized text.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from extractor.reader import read_document

ROOT = Path(__file__).resolve().parents[2]


def resolve(source: str) -> Path:
    return ROOT / source if source.startswith("corpus/") else ROOT.parent / "shared" / "corpus" / source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source")
    parser.add_argument("quote")
    parser.add_argument("--after", type=int, default=0, help="only occurrences starting at or after this offset")
    parser.add_argument("--context", type=int, default=15)
    args = parser.parse_args()
    raw = read_document(resolve(args.source)).text
    start, found = args.after, 0
    while (start := raw.find(args.quote, start)) >= 0:
        end = start + len(args.quote)
        before = raw[max(0, start - args.context):start].replace("\n", "⏎")
        after = raw[end:end + args.context].replace("\n", "⏎")
        sha1 = hashlib.sha1(raw[start:end].encode("utf-8")).hexdigest()
        print(f"[{start}, {end}]  sha1 {sha1}  …{before}【{args.quote}】{after}…")
        found += 1
        start = end
    if not found:
        print(f"not found: {args.quote!r} (the raw file may break the phrase across lines; quote a shorter piece)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
