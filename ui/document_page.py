"""文件: header metadata, validity badge, 时效性 label and reason, clause tree, highlighted text, facts table, related
documents, and the chain of versions with a side-by-side diff of two of them (every text escaped)."""

from __future__ import annotations

import streamlit as st

from kb.text.messages import reason_zh
from ui import api
from ui.labels import FACT_LABELS, STATUS_LABELS
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
    if status.get("label") and status["label"] != STATUS_LABELS.get(status.get("status")):
        cols[1].caption(f"时效性：{status['label']}")  # only where it says more than the badge (部分失效, 已被修改)
    for d in status.get("disagreements") or []:
        st.warning(plain(f"发布平台与正文不一致（{d['field']}）：正文 {d['text']}，平台 {d['platform']}"))
    header_table(doc)
    _related(doc_id)
    _versions(doc_id)

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


_SHOWN = 30  # changes shown before the reader asks for all: a full revision changes hundreds of articles
_CHANGE_ZH = {"added": "新增", "removed": "删除", "changed": "修改", "renumbered": "条号变动"}


def _versions(doc_id: str) -> None:
    chain = api.versions(doc_id)
    if len(chain) < 2:
        return
    st.subheader("版本沿革")
    st.dataframe([{"编号": v["id"], "版本日期": v.get("version_date"), "施行日期": v.get("effective_from"),
                   "推定": "是" if v.get("inferred") else "", "时效性": v.get("label"), "文件": v.get("title")}
                  for v in chain], hide_index=True, width="stretch")
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
