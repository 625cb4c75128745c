"""The app's pages pointed at a store of a test's own (the page modules read ``POLICYKB_DB``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def serving(db: Path) -> Iterator[Path]:
    """``POLICYKB_DB`` set to ``db`` while inside, the app's cached handles dropped on the way in and out (they are
    cached per process: other app tests open their own store)."""
    from ui import resources

    previous = os.environ.get("POLICYKB_DB")
    os.environ["POLICYKB_DB"] = str(db)
    resources.clear()
    try:
        yield db
    finally:
        resources.clear()
        if previous is None:
            os.environ.pop("POLICYKB_DB", None)
        else:
            os.environ["POLICYKB_DB"] = previous
