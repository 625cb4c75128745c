"""Named crash points for the reliability tests: ``POLICYKB_FAULT=die:<point>`` ends the process at once
(``os._exit``, as kill -9 would: no cleanup, no ``finally``) when it reaches that point.

Points: ``after_store_commit`` (a document committed to the store, its index entries not yet),
``before_index_commit`` (records about to be committed to the search index), ``mid_rebuild`` (a rebuild has
emptied the index and not yet refilled it). Several faults are separated by ``;``; the variable and its syntax are
those of ``extractor``'s per-file faults (``slow:<file>``, ``crash:<file>``), which ignore these.
"""

from __future__ import annotations

import os

FAULT_ENV = "POLICYKB_FAULT"
POINTS = ("after_store_commit", "before_index_commit", "mid_rebuild")


def crash_point(point: str) -> None:
    """Die here when ``POLICYKB_FAULT`` names this point."""
    setting = os.environ.get(FAULT_ENV)
    if setting and f"die:{point}" in setting.split(";"):
        os._exit(86)
