"""Where the store and the search index live.

The store is a SQLite file or a PostgreSQL database (a ``postgresql://`` URL): ``--db``, else the ``POLICYKB_DB``
environment variable, else ``./data/policykb.sqlite``. A SQLite store's search index is a folder beside it named
after the database file; a PostgreSQL store's search runs in the server. ``POLICYKB_READ_ONLY=1`` makes a node
refuse writes; ``POLICYKB_WRITE_TOKEN`` is the writers' shared secret asked by the app's upload page.
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


def default_store_address() -> str:
    """``$POLICYKB_DB`` as given (a path or a URL), else ``data/policykb.sqlite``.

    Example: default_store_address() → "postgresql://kb:pw@db/kb" when POLICYKB_DB holds that URL.
    """
    return os.environ.get("POLICYKB_DB") or str(DEFAULT_DB)


def read_only_from_env() -> bool:
    """True when ``POLICYKB_READ_ONLY`` is set to 1, true or yes (case aside).

    Example: read_only_from_env() is True under POLICYKB_READ_ONLY=1
    """
    return os.environ.get("POLICYKB_READ_ONLY", "").strip().lower() in {"1", "true", "yes"}


def write_token() -> str | None:
    """``$POLICYKB_WRITE_TOKEN`` (the writers' shared secret), None when unset or empty."""
    return os.environ.get("POLICYKB_WRITE_TOKEN") or None


def default_index_dir(db_path: str | Path) -> Path:
    """The search index folder for a store: ``<db stem>.index/`` beside the database file.

    Example: default_index_dir("data/policykb.sqlite") → Path("data/policykb.index")
    """
    db = Path(db_path)
    return db.with_name(db.stem + ".index")
