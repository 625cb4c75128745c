"""上传: add a document in any form the reader takes; it is extracted and shown, and ingested on confirmation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kb import ReadError
from ui import resources
from ui.render import facts_rows, header_table, highlighted_text

UPLOAD_DIR_ENV = "POLICYKB_UPLOADS"


def render() -> None:
    st.title("上传文件")
    st.caption("支持 .txt .md .html .docx .pdf（需有文本层）；先抽取预览，确认后入库。")
    uploaded = st.file_uploader("选择文件", type=["txt", "md", "html", "htm", "docx", "pdf"], key="upload_file")
    if uploaded is None:
        return
    data = uploaded.getvalue()
    try:
        doc = resources.knowledge_base().preview(uploaded.name, data)
    except ReadError as exc:
        st.error(f"无法读取：{exc}")
        return
    record = doc.to_dict()
    st.subheader(record.get("title") or uploaded.name)
    header_table(record)
    st.write(f"条款 {len(record['clauses'])} 个，事实 {len(record['facts'])} 条。")
    with st.expander("正文（高亮抽取结果）", expanded=False):
        st.html(highlighted_text(record["text"], record["facts"]))
    st.dataframe(facts_rows(record["facts"]), hide_index=True, width="stretch")
    if st.button("确认入库", key="upload_confirm", type="primary"):
        _ingest(uploaded.name, data)


def _ingest(name: str, data: bytes) -> None:
    folder = Path(resources.db_path()).parent / "uploads"
    target, report = resources.knowledge_base().store_upload(name, data, folder)
    resources.clear()
    if getattr(report, "failed", None):
        st.error(f"入库失败：{report.failed}")
    else:
        st.success(f"已入库：{target.name}")
