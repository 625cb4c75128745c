"""The app's pages, defined once so that pages can link to each other with ``st.switch_page``."""

from __future__ import annotations

import streamlit as st


def pages() -> dict[str, st.Page]:
    from ui import (
        compare_page,
        document_page,
        graph_page,
        match_page,
        search_page,
        upload_page,
        validity_page,
    )

    return {
        "search": st.Page(search_page.render, title="检索", url_path="search", default=True),
        "document": st.Page(document_page.render, title="文件", url_path="document"),
        "validity": st.Page(validity_page.render, title="效力", url_path="validity"),
        "compare": st.Page(compare_page.render, title="对比", url_path="compare"),
        "match": st.Page(match_page.render, title="匹配", url_path="match"),
        "graph": st.Page(graph_page.render, title="图谱", url_path="graph"),
        "upload": st.Page(upload_page.render, title="上传", url_path="upload"),
    }


def open_document(doc_id: int | str | None) -> None:
    if doc_id is None:
        return
    st.session_state["doc_id"] = doc_id
    st.query_params["doc"] = str(doc_id)
    st.switch_page(pages()["document"])
