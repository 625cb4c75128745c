"""Shared handles, cached once per server process (``st.cache_resource``) or per query (``st.cache_data``).

SQLite connections are opened with ``check_same_thread=False``: Streamlit runs each session's script in its own
thread, and the cached store is shared by them (read-only here; ingest from the upload page takes the store's own
write lock).
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from kb.config import default_db_path


def db_path() -> Path:
    return Path(os.environ.get("POLICYKB_DB") or default_db_path())


@st.cache_resource(show_spinner=False)
def store(path: str | None = None):
    from kb.store import Store

    return Store.open(path or db_path(), check_same_thread=False)


@st.cache_resource(show_spinner=False)
def graph(path: str | None = None):
    from kb.queries.graph import build_graph

    return build_graph(store(path))


def clear() -> None:
    """After an ingest: drop cached handles and query results so every page sees the new document."""
    st.cache_resource.clear()
    st.cache_data.clear()
