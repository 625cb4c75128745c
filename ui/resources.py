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


WARM_QUERY = "海外仓"  # any word of the genre: the search loads jieba's dictionary, the index and the highlighter


def warm_up() -> None:
    """Everything the first visitor of each page would otherwise wait for: the store, the search index with
    jieba's dictionary and the snippet highlighter, the graph, the pages' modules (plotly, networkx), pandas
    (``st.dataframe`` imports it on its first call: 1.1 s), the answers each page opens with, and Streamlit's
    own once-per-process check (``_maybe_print_use_warning`` reads the source of every frame of the first
    script run: 0.3 s)."""
    import importlib
    from datetime import date

    from streamlit import dataframe_util, delta_generator

    from ui.pages import PAGES

    kb = knowledge_base()
    kb.search(WARM_QUERY, limit=1)
    for _key, module, _title in PAGES:
        importlib.import_module(f"ui.{module}")
    from ui import api

    for call in (api.documents, api.cities, api.topics, api.domains, api.browse_facets, api.graph_view,
                 api.figure_vocabulary, api.entity_kinds, api.legal_forms, api.declarations, api.code_labels):
        call()
    topics = api.domains() + api.topics()
    if topics:  # 对比 opens on 海外仓 when it is held, else on the first domain
        api.compare("海外仓" if "海外仓" in topics else topics[0], (), None, query=None)
    today = date.today().isoformat()
    api.expiring(90, today)
    for city in api.cities()[:1]:  # 匹配 opens on the first city: its counties and the figures it asks for
        api.counties(city)
        api.figures_asked(city)
    from ui import graph_page

    graph_page.warm()
    dataframe_util.convert_anything_to_arrow_bytes([{"文号": ""}])  # st.dataframe's conversion: pandas, pyarrow
    delta_generator._maybe_print_use_warning()
