"""``python -m benchmarks profile``: where an ingest's CPU seconds go, stage by stage, on a sample of lawrefbook.

Each stage of the worker's work on one document (``kb.ingest.extract_payload``) is run over the whole sample in
this process and timed in CPU seconds (``time.process_time``), beside jieba alone (``jieba.lcut``, the floor) on
the same texts. CPU seconds still grow with the machine's load (caches and cores shared: jieba alone's 120 files
took 1.4 to 2.3 s at a load of 3 to 5), so each stage is run ``repeat`` times and its least time kept, and the
ratios to jieba alone are what to compare between runs. A sample spread evenly over the walk (every folder)
stands for the corpus. Nothing here is a test.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

Echo = Callable[[str], None]


def even_sample(files: Sequence[Path], size: int | None) -> list[Path]:
    """``size`` files taken at even steps over ``files`` (all of them when ``size`` is None or larger)."""
    if not size or size >= len(files):
        return list(files)
    step = len(files) / size
    return [files[int(i * step)] for i in range(size)]


def stage_seconds(files: Sequence[Path], repeat: int = 3) -> dict[str, float]:
    """CPU seconds of each stage of ``extract_payload(path, split=True)`` over ``files``, and jieba alone's: the
    least of ``repeat`` runs of each."""
    import jieba

    from extractor import extract_file
    from kb.ingest import _split_records, _warm_worker
    from kb.queries.measures import measures_of
    from kb.store import encode_offsets, exact

    _warm_worker(True)
    out: dict[str, float] = {}

    def timed(name: str, work: Callable[[], Any]) -> Any:
        for _ in range(max(1, repeat)):
            start = time.process_time()
            result = work()
            seconds = time.process_time() - start
            out[name] = min(out.get(name, seconds), seconds)
        return result

    docs = timed("extraction (extract_file)", lambda: [extract_file(p) for p in files])
    timed("jieba alone (jieba.lcut of the text)", lambda: [jieba.lcut(d.text) for d in docs])
    dicts = timed("to_dict and exact facts", lambda: [(d.to_dict(), [exact({"value": f.value, **f.extra})
                                                                     for f in d.facts]) for d in docs])
    timed("offsets (encode_offsets)", lambda: [encode_offsets(d.offsets) for d in docs])
    measures = timed("measures and topics (measures_of)", lambda: [measures_of(d) for d in docs])
    payloads = [{"doc": record, "facts": record["facts"], "measures": m} for (record, _), m in zip(dicts, measures,
                                                                                                  strict=True)]
    timed("search records and words (split)", lambda: [_split_records(p) for p in payloads])
    return out


def profile(paths: Sequence[str], size: int | None, echo: Echo = print, repeat: int = 3) -> dict[str, float]:
    """Print the stages' CPU seconds on an even sample of ``paths``, each as a multiple of jieba alone's."""
    from benchmarks.bench import corpus_files

    files = even_sample(corpus_files(paths), size)
    mb = sum(p.stat().st_size for p in files) / 1_048_576
    seconds = stage_seconds(files, repeat)
    floor = seconds["jieba alone (jieba.lcut of the text)"]
    echo(f"# CPU seconds per stage of the ingest's worker, {len(files)} files ({mb:.1f} MB) spread over the walk, "
         f"least of {repeat} runs each; load average {os.getloadavg()[0]:.1f}")
    for name, value in seconds.items():
        echo(f"  {name:42} {value:7.2f} s  {value / floor:5.2f}x jieba alone")
    worker = sum(v for k, v in seconds.items() if not k.startswith("jieba"))
    echo(f"  {'worker total':42} {worker:7.2f} s  {worker / floor:5.2f}x jieba alone")
    return seconds
