"""文件: header and validity, what this document names and what names it, the clause tree beside the text with
facts marked inline, and the facts table; each clause and each fact is an anchor the tree and the table link to.

Sections are functions so that others (the version chain and diff) slot in between them."""

from __future__ import annotations

import json

import streamlit as st

from kb.text.messages import caveats_zh, reason_zh
from ui import api
from ui.labels import FACT_LABELS
from ui.pages import open_document
from ui.render import (
    clause_anchor,
    clause_labels,
    clause_tree_html,
    document_html,
    escape,
    facts_table_html,
    header_table,
    status_badge,
)

SHOWN_KINDS = {"money", "rate", "cap", "condition", "eligibility", "date", "term", "per_unit", "tier"}


def render() -> None:
    docs = api.documents()
    if not docs:
        st.warning("知识库为空：请先运行 `policykb ingest corpus/` 或在“上传”页添加文件。")
        return
    doc_id = _chosen(docs)
    doc = api.document(doc_id)
    if doc is None:
        st.error("未找到该文件。")
        return
    _header(doc_id, doc)
    _related(doc_id)
    _body(doc)
    _scroll_to(doc, st.query_params.get("clause"))


def _chosen(docs: list[dict]) -> str:
    chosen = st.query_params.get("doc") or st.session_state.get("doc_id")
    options = {str(d["id"]): f"{d.get('doc_no') or '无文号'} · {d.get('title') or d.get('source')}" for d in docs}
    keys = list(options)
    index = keys.index(str(chosen)) if chosen is not None and str(chosen) in options else 0
    doc_id = st.selectbox("文件", keys, index=index, format_func=options.get, key="document_select")
    if st.query_params.get("doc") != doc_id:
        st.query_params["doc"] = doc_id
    return doc_id


def _header(doc_id: str, doc: dict) -> None:
    st.title(doc.get("title") or doc.get("source") or "文件")
    status = api.status(doc_id)
    cols = st.columns([1, 5])
    with cols[0]:
        status_badge(status.get("status"))
    cols[1].markdown(escape(reason_zh(status)))
    for caveat in caveats_zh(status):
        st.caption(caveat)
    header_table(doc)


def _related(doc_id: str) -> None:
    """What this document repeals, cites, amends; and, apart, what in the store names it."""
    related = api.related(doc_id)
    names = [r for r in related if not r["relation"].startswith("被")]
    named_by = [r for r in related if r["relation"].startswith("被")]
    if names:
        st.subheader("本文件涉及的文件")
        _related_list(names, "out")
    st.subheader("引用本文件的文件")
    if named_by:
        _related_list(named_by, "in")
    else:
        st.caption("本库中没有文件引用、废止或修改本文件。")


def _related_list(items: list[dict], side: str) -> None:
    for i, item in enumerate(items):
        label = f"{item['relation']}：{item.get('doc_no') or ''} {item.get('title') or ''}".strip()
        if item.get("doc_id") is not None:
            if st.button(label, key=f"related_{side}_{i}"):
                open_document(item["doc_id"])
        else:
            st.markdown(f"- {escape(label)}（本库未收录）")


def _body(doc: dict) -> None:
    facts, clauses = doc.get("facts") or [], doc.get("clauses") or []
    kinds = sorted({f["kind"] for f in facts})
    shown = set(st.multiselect("标注类型", kinds, default=[k for k in kinds if k in SHOWN_KINDS],
                               format_func=lambda k: FACT_LABELS.get(k, "其他"), key="document_kinds"))
    tree, text = st.columns([1, 3])
    with tree:
        st.markdown("**条款结构**")
        st.html(clause_tree_html(clauses) if clauses else "<p>（未识别出条款编号）</p>")
    with text:
        st.markdown("**正文**（标注处悬停可见类型）")
        st.html(document_html(doc.get("text") or "", facts, clauses, shown))
    st.subheader("抽取结果")
    st.caption("每个数值只列一次；点击条款可跳到原文位置。")
    st.html(facts_table_html(facts, clause_labels(clauses), shown))


def _scroll_to(doc: dict, clause: str | None) -> None:
    """Bring ``clause`` into view (a link from a search hit names it). Our own script, no document text in it."""
    if not clause or not any(c["id"] == clause for c in doc.get("clauses") or []):
        return
    target = json.dumps(clause_anchor(clause))
    st.html(f"<script>setTimeout(() => document.getElementById({target})?.scrollIntoView({{block: 'start'}}),"
            " 300);</script>", unsafe_allow_javascript=True)
