"""Imported once by the fork server of ingest's extraction workers (``extractor.timed_pool``): it extracts a
short built-in notice with measures and search words, so the lexicons, the measures and jieba's dictionary are
loaded there and every worker forked from it starts warm (a cold worker spends seconds on them, and a worker
replaced after a timeout would pay again). Importing it anywhere else only costs that time.
"""

from __future__ import annotations

import contextlib

from kb.ingest import _warm_worker

with contextlib.suppress(Exception):  # a failure here must not stop the fork server; each worker warms again
    _warm_worker(True)
