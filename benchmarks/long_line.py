"""Time ``extract_text`` on one long line (no line breaks) of growing size, beside ``normalize`` alone.

The line joins the seeds' own sentences (``corpus/*.txt``) without their line breaks, repeated to each size, so the
text is the genre's wording with nothing to split it but punctuation; ``--bare`` also turns the sentence and clause
punctuation into spaces (the worst case: every number's sentence is the whole text). ``normalize`` is linear: the
ratio column (extract / normalize) stays about flat when extraction is linear too and grows with the size when it
is not. Run it from the worktree root with ``PYTHONPATH=.`` so the worktree's ``extractor`` is the one timed.

Example:
    PYTHONPATH=. .venv/bin/python benchmarks/long_line.py --bare          # 10k 20k 40k 80k 160k characters
    PYTHONPATH=. .venv/bin/python benchmarks/long_line.py --sizes 10000 320000
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from extractor import extract_text
from extractor.facts._amounts import SEGMENT_STOPS
from extractor.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent


def long_line(size: int, bare: bool) -> str:
    """The seeds' text without line breaks (and with ``bare`` without 。；，：), repeated to ``size`` characters."""
    joined = "".join(
        "".join(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
        for path in sorted((ROOT / "corpus").glob("*.txt"))
    )
    if bare:
        joined = joined.translate(str.maketrans(dict.fromkeys(SEGMENT_STOPS, " ")))
    return (joined * (size // len(joined) + 1))[:size]


def seconds(step, text: str) -> float:
    """CPU seconds of ``step(text)``: the machine is shared, and wall time would count the others' work."""
    start = time.process_time()
    step(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000, 80_000, 160_000])
    parser.add_argument("--bare", action="store_true", help="without sentence and clause punctuation either")
    args = parser.parse_args()
    extract_text(long_line(2000, args.bare))  # lexicons loaded and patterns compiled before the clock starts
    print(f"{'characters':>10}  {'extract s':>9}  {'normalize s':>11}  {'ratio':>7}  (CPU seconds)")
    for size in args.sizes:
        text = long_line(size, args.bare)
        base = seconds(normalize, text)
        took = seconds(extract_text, text)
        print(f"{size:>10}  {took:>9.2f}  {base:>11.3f}  {took / base:>7.0f}")


if __name__ == "__main__":
    main()
