"""文件: header metadata, validity badge and reason, clause tree, highlighted text, facts table, related documents."""

from __future__ import annotations

import streamlit as st

from kb.text.messages import reason_zh
from ui import api
from ui.labels import FACT_LABELS
from ui.pages import open_document
from ui.render import (
    clause_tree_lines,
    facts_rows,
    header_table,
    highlighted_text,
    plain,
    status_badge,
)


def render() -> None:
    docs = api.documents()
    if not docs:
        st.warning("知识库为空：请先运行 `policykb ingest corpus/` 或在“上传”页添加文件。")
        return
    chosen = st.query_params.get("doc") or st.session_state.get("doc_id")
    options = {str(d["id"]): f"{d.get('doc_no') or '无文号'} · {d.get('title') or d.get('source')}" for d in docs}
    keys = list(options)
    index = keys.index(str(chosen)) if chosen is not None and str(chosen) in options else 0
    doc_id = st.selectbox("文件", keys, index=index, format_func=options.get, key="document_select")
    st.query_params["doc"] = doc_id
    doc = api.document(doc_id)
    if doc is None:
        st.error("未找到该文件。")
        return
    st.title(plain(doc.get("title") or doc.get("original_name") or doc.get("source") or "文件"))
    status = api.status(doc_id)
    cols = st.columns([1, 5])
    with cols[0]:
        status_badge(status.get("status"))
    cols[1].markdown(plain(reason_zh(status)))
    header_table(doc)
    _related(doc_id)

    tree, text = st.tabs(["条款结构", "正文与抽取结果"])
    with tree:
        st.markdown("\n".join(clause_tree_lines(doc.get("clauses") or [])) or "（未识别出条款编号）")
    with text:
        kinds = sorted({f["kind"] for f in doc.get("facts") or []})
        shown = st.multiselect("高亮类型", kinds, default=[k for k in kinds if k in {"money", "rate", "cap", "condition", "date", "term"}],
                               format_func=lambda k: FACT_LABELS.get(k, k), key="document_kinds")
        st.html(highlighted_text(doc.get("text") or "", doc.get("facts") or [], set(shown)))
        st.dataframe(facts_rows(f for f in doc.get("facts") or [] if f["kind"] in shown), hide_index=True, width="stretch")


def _related(doc_id: str) -> None:
    related = api.related(doc_id)
    if not related:
        return
    st.subheader("关联文件")
    for i, item in enumerate(related):
        label = f"{item['relation']}：{item.get('doc_no') or ''} {item.get('title') or ''}".strip()
        if item.get("doc_id") is not None:
            if st.button(plain(label), key=f"related_{i}"):
                open_document(item["doc_id"])
        else:
            st.markdown(f"- {plain(label)}（不在库中）")
