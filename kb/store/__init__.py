"""The store: ``Store`` (SQLite, ``kb.store.sqlite``) and ``PostgresStore`` (``kb.store.postgres``, the
``[postgres]`` extra), their codec, migrations and reference linking; ``open_store`` opens either by address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kb.store.address import is_postgres, redact, scheme_of
from kb.store.codec import decode_offsets, encode_offsets
from kb.store.linking import title_key
from kb.store.rows import text_hash
from kb.store.sqlite import MIGRATIONS, DuplicateText, Store, StoreError
from kb.text.format import exact, json_numbers

__all__ = ["MIGRATIONS", "DuplicateText", "Store", "StoreError", "decode_offsets", "encode_offsets", "exact",
           "is_postgres", "json_numbers", "open", "open_store", "redact", "text_hash", "title_key"]


def open(path: str = ":memory:", check_same_thread: bool = True) -> Store:  # noqa: A001
    """``Store.open``: the store at ``path``, migrated to the current schema."""
    return Store.open(path, check_same_thread=check_same_thread)


def open_store(address: str | Path, *, create: bool = True, check_same_thread: bool = True) -> Any:
    """The store at ``address``: a ``PostgresStore`` for a ``postgresql://`` URL, else a SQLite ``Store``.

    Any other scheme is refused before anything is touched; ``create=False`` refuses an address that holds no
    store yet (no file; a database without the schema) instead of making one. Raises ``StoreError`` with one line
    naming the address (password hidden).

    Example: with open_store("postgresql://kb:pw@127.0.0.1/kb") as store: store.count()
    """
    scheme = scheme_of(address)
    if is_postgres(address):
        try:
            from kb.store.postgres import PostgresStore
        except ModuleNotFoundError as exc:
            if (exc.name or "").split(".")[0] not in {"psycopg", "psycopg_pool"}:
                raise
            raise StoreError(f"{redact(address)}: the PostgreSQL store needs psycopg "
                             f"(pip install 'policykb[postgres]'): {exc}") from exc
        return PostgresStore.open(str(address), create=create)
    if scheme is not None:
        raise StoreError(f"{redact(address)}: unknown store address scheme {scheme!r} "
                         "(give a SQLite file path or a postgresql:// URL)")
    if not create and str(address) != ":memory:" and not Path(address).exists():
        raise StoreError(f"no store at {address}; run `policykb ingest PATH... --db {address}` first")
    return Store.open(address, check_same_thread=check_same_thread)
