"""Shared handles, cached once per server process (``st.cache_resource``) or per query (``st.cache_data``).

One ``KnowledgeBase`` per process; its SQLite connection is opened with ``check_same_thread=False``: Streamlit runs each session's script in its own
thread, and the cached store is shared by them (read-only here; ingest from the upload page takes the store's own
write lock).
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from kb import KnowledgeBase


def db_path() -> Path | None:
    """The SQLite file; None for a PostgreSQL store."""
    return knowledge_base().path


def upload_folder() -> Path:
    """Where uploads are kept: ``$POLICYKB_UPLOADS``, else ``uploads/`` beside a SQLite file, else ``data/uploads``."""
    if os.environ.get("POLICYKB_UPLOADS"):
        return Path(os.environ["POLICYKB_UPLOADS"])
    path = db_path()
    return (path.parent if path else Path("data")) / "uploads"


@st.cache_resource(show_spinner=False)
def knowledge_base(path: str | None = None) -> KnowledgeBase:
    return KnowledgeBase.open(path or os.environ.get("POLICYKB_DB") or None, check_same_thread=False)


@st.cache_resource(show_spinner=False)
def graph(path: str | None = None):
    return knowledge_base(path).graph()


def clear() -> None:
    """After an ingest: drop cached handles and query results so every page sees the new document."""
    st.cache_resource.clear()
    st.cache_data.clear()
