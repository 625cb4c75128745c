"""The app's pages, defined once so that pages can link to each other with ``st.switch_page``."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from urllib.parse import urlencode

import streamlit as st

from kb import KnowledgeBase

PAGES = (  # key (and URL path; the first is the default page, at /), module in ui/, title
    ("search", "search_page", "检索"),
    ("browse", "browse_page", "浏览"),
    ("document", "document_page", "文件"),
    ("validity", "validity_page", "效力"),
    ("compare", "compare_page", "对比"),
    ("match", "match_page", "匹配"),
    ("graph", "graph_page", "图谱"),
    ("upload", "upload_page", "上传"),
)


WRITE_PAGES = {"upload"}  # hidden on a read-only node (POLICYKB_READ_ONLY)


def pages() -> dict[str, st.Page]:
    read_only = KnowledgeBase.node_is_read_only()
    return {key: st.Page(_lazy(module), title=title, url_path=key, default=key == default_page_key())
            for key, module, title in PAGES if not (read_only and key in WRITE_PAGES)}


def default_page_key() -> str:
    """The default page's key: Streamlit serves it at / only; the server redirects /<key> there."""
    return PAGES[0][0]


def _lazy(module: str) -> Callable[[], None]:
    """The page's ``render``, its module imported when the page is first shown: the first paint of the default
    page does not wait for plotly and networkx, which only other pages use."""

    def render() -> None:
        importlib.import_module(f"ui.{module}").render()

    render.__name__ = module
    return render


def open_document(doc_id: int | str | None, clause: str | None = None) -> None:
    """The document page on ``doc_id``, scrolled to ``clause`` (an id of its clause tree) when given."""
    if doc_id is None:
        return
    st.session_state["doc_id"] = doc_id
    params = {"doc": str(doc_id)} | ({"clause": clause} if clause else {})
    st.switch_page(pages()["document"], query_params=params)


def document_link(doc_id: int | str, clause: str | None = None) -> str:
    """The document page's address relative to any page (a plain link: it opens in this tab or a new one)."""
    return "./document?" + urlencode({"doc": doc_id} | ({"clause": clause} if clause else {}))
