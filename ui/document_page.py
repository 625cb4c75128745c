"""文件: header and validity, what this document names and what names it, the clause tree beside the text with
facts marked inline, and the facts table; each clause and each fact is an anchor the tree and the table link to.

Sections are functions so that others (the version chain and diff) slot in between them."""

from __future__ import annotations

import json

import streamlit as st

from kb.text.messages import caveats_zh, reason_zh
from ui import api
from ui.labels import FACT_LABELS, STATUS_LABELS
from ui.pages import open_document
from ui.render import (
    clause_anchor,
    clause_labels,
    clause_tree_html,
    document_html,
    facts_table_html,
    header_table,
    plain,
    status_badge,
    table_html,
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
    _versions(doc_id)
    _body(doc_id, doc)
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
    st.title(plain(doc.get("title") or doc.get("original_name") or doc.get("source") or "文件"))
    status = api.status(doc_id)
    cols = st.columns([1, 5])
    with cols[0]:
        status_badge(status.get("status"))
    cols[1].markdown(plain(reason_zh(status)))
    if status.get("label") and status["label"] != STATUS_LABELS.get(status.get("status")):
        cols[1].caption(plain(f"时效性：{status['label']}"))  # only where it says more than the badge (部分失效, 已被修改)
    for caveat in caveats_zh(status):
        st.caption(plain(caveat))
    for d in status.get("disagreements") or []:
        st.warning(plain(f"发布平台与正文不一致（{d['field']}）：正文 {d['text']}，平台 {d['platform']}"))
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
        name = " ".join(p for p in (item.get("doc_no"), item.get("title")) if p)
        label = f"{item['relation']}：{name}"
        if item.get("doc_id") is not None:
            if st.button(plain(label), key=f"related_{side}_{i}"):
                open_document(item["doc_id"])
        else:
            st.markdown(f"- {plain(label)}（本库未收录）")


_SHOWN = 30  # changes shown before the reader asks for all: a full revision changes hundreds of articles
_CHANGE_ZH = {"added": "新增", "removed": "删除", "changed": "修改", "renumbered": "条号变动"}


def _versions(doc_id: str) -> None:
    chain = api.versions(doc_id)
    if len(chain) < 2:
        return
    st.subheader("版本沿革")
    st.html(table_html([{"编号": str(v["id"]), "版本日期": v.get("version_date"),
                         "施行日期": v.get("effective_from"), "推定": "是" if v.get("inferred") else "否",
                         "时效性": v.get("label"), "文件": v.get("title")} for v in chain]))
    names = {str(v["id"]): f"{v.get('version_date') or v.get('effective_from') or v['id']}" for v in chain}
    keys = list(names)
    cols = st.columns(2)
    older = cols[0].selectbox("旧版本", keys, index=len(keys) - 2, format_func=names.get, key="diff_from")
    newer = cols[1].selectbox("新版本", keys, index=len(keys) - 1, format_func=names.get, key="diff_to")
    ends = {str(v["id"]): v.get("effective_from") or v.get("version_date") for v in chain}
    result = api.diff(doc_id, ends[older], ends[newer]) if older != newer else None
    if not result:
        st.caption("所选两个版本相同。")
        return
    st.caption("，".join(f"{_CHANGE_ZH[k]} {n} 条" for k, n in result["summary"].items()))
    changes = result["articles"]
    if len(changes) > _SHOWN and not st.checkbox(f"显示全部 {len(changes)} 处变动", key="diff_all"):
        st.caption(f"以下为前 {_SHOWN} 处变动。")
        changes = changes[:_SHOWN]
    for change in changes:
        left, right = st.columns(2)
        mark = _CHANGE_ZH[change["change"]]
        left.markdown(f"**{plain(change.get('from_label') or '—')}**（{mark}）")
        left.text(change.get("from_text") or "")
        right.markdown(f"**{plain(change.get('to_label') or '—')}**（{mark}）")
        right.text(change.get("to_text") or "")


def _body(doc_id: str, doc: dict) -> None:
    facts = doc.get("facts") or []
    kinds = sorted({f["kind"] for f in facts})
    shown = set(st.multiselect("标注类型", kinds, default=[k for k in kinds if k in SHOWN_KINDS],
                               format_func=lambda k: FACT_LABELS.get(k, "其他"), key="document_kinds",
                               select_all=False))
    tree_html, text_html, facts_html = _rendered(doc_id, tuple(sorted(shown)))
    tree, text = st.columns([1, 3])
    with tree:
        st.markdown("**条款结构**")
        st.html(tree_html)
    with text:
        st.markdown("**正文**（标注处悬停可见类型）")
        st.html(text_html)
    st.subheader("抽取结果")
    st.caption("每个数值只列一次；点击条款可跳到原文位置。")
    st.html(facts_html)


@st.cache_data(show_spinner=False, max_entries=256)
def _rendered(doc_id: int | str, shown: tuple[str, ...]) -> tuple[str, str, str]:
    """The clause tree, the marked text and the facts table as HTML, made once per document and choice of kinds
    (``resources.clear`` drops them after an ingest): a long document's marks cost more than the rest of the page."""
    doc = api.document(doc_id) or {}
    facts, clauses, kinds = doc.get("facts") or [], doc.get("clauses") or [], set(shown)
    tree = clause_tree_html(clauses, doc.get("text") or "") if clauses else "<p>（未识别出条款编号）</p>"
    return (tree, document_html(doc.get("text") or "", facts, clauses, kinds),
            facts_table_html(facts, clause_labels(clauses), kinds, api.code_labels()))


def _scroll_to(doc: dict, clause: str | None) -> None:
    """Bring ``clause`` into view (a link from a search hit names it). Our own script, no document text in it."""
    if not clause or not any(c["id"] == clause for c in doc.get("clauses") or []):
        return
    target = json.dumps(clause_anchor(clause))
    st.html(f"<script>setTimeout(() => document.getElementById({target})?.scrollIntoView({{block: 'start'}}),"
            " 300);</script>", unsafe_allow_javascript=True)
