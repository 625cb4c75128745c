"""Where the store and the search index live.

The store is one SQLite file: ``--db PATH``, else the ``POLICYKB_DB`` environment variable, else
``./data/policykb.sqlite``. The search index is a folder beside it named after the database file.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = Path("data") / "policykb.sqlite"


def default_db_path() -> Path:
    """The store used when no ``--db`` is given.

    Example: default_db_path() → Path("data/policykb.sqlite") unless POLICYKB_DB is set.
    """
    return Path(os.environ.get("POLICYKB_DB") or DEFAULT_DB)


def default_index_dir(db_path: str | Path) -> Path:
    """The search index folder for a store: ``<db stem>.index/`` beside the database file.

    Example: default_index_dir("data/policykb.sqlite") → Path("data/policykb.index")
    """
    db = Path(db_path)
    return db.with_name(db.stem + ".index")
