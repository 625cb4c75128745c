"""The store: ``Store`` (SQLite, ``kb.store.sqlite``), its codec, migrations and reference linking."""

from kb.store.codec import decode_offsets, encode_offsets
from kb.store.linking import title_key
from kb.store.sqlite import MIGRATIONS, DuplicateText, Store, StoreError, text_hash
from kb.text.format import exact, json_numbers

__all__ = ["MIGRATIONS", "DuplicateText", "Store", "StoreError", "decode_offsets", "encode_offsets", "exact", "json_numbers",
           "open", "text_hash", "title_key"]


def open(path: str = ":memory:", check_same_thread: bool = True) -> Store:  # noqa: A001
    """``Store.open``: the store at ``path``, migrated to the current schema."""
    return Store.open(path, check_same_thread=check_same_thread)
