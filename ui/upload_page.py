"""上传: add a document in any form the reader takes; it is extracted and shown, and ingested on confirmation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kb import KnowledgeBase, ReadError
from kb.text.messages import read_problem_zh
from ui import api, resources
from ui.render import facts_rows, header_table, highlighted_text, plain

UPLOAD_DIR_ENV = "POLICYKB_UPLOADS"
# Streamlit writes its file box's button and limits in English, with no option to change them: those words are
# hidden (out of the page's text, too) and Chinese ones drawn in their place.
DROPZONE_IN_CHINESE = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
[data-testid="stFileUploaderDropzoneInstructions"] span { visibility: hidden; font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "选择文件"; visibility: visible; font-size: 0.875rem; white-space: nowrap; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "单个文件不超过 {megabytes}MB（txt、md、html、docx、pdf）"; visibility: visible; font-size: 0.875rem; }
</style>"""
_MIB = 1024 * 1024


def render() -> None:
    st.title("上传文件")
    if KnowledgeBase.node_is_read_only():
        st.error("本节点为只读节点（POLICYKB_READ_ONLY），不能上传；请在写入节点上传。")
        return
    st.caption("支持 .txt .md .html .docx .pdf（需有文本层）；先抽取预览，确认后入库。")
    megabytes = max(1, -(-KnowledgeBase.max_file_bytes() // _MIB))  # the reader's limit, rounded up, as the box's
    st.html(DROPZONE_IN_CHINESE.replace("{megabytes}", str(megabytes)))
    uploaded = st.file_uploader("选择文件", type=["txt", "md", "html", "htm", "docx", "pdf"], key="upload_file",
                                max_upload_size=megabytes)
    if uploaded is None:
        return
    data = uploaded.getvalue()
    try:
        doc = resources.knowledge_base().preview(uploaded.name, data)
    except ReadError as exc:
        st.error(f"无法读取：{plain(uploaded.name)}：{read_problem_zh(exc.problem)}")
        return
    record = doc.to_dict()
    st.subheader(plain(record.get("title") or uploaded.name))
    header_table(record)
    st.write(f"条款 {len(record['clauses'])} 个，事实 {len(record['facts'])} 条。")
    with st.expander("正文（高亮抽取结果）", expanded=False):
        st.html(highlighted_text(record["text"], record["facts"]))
    st.dataframe(facts_rows(record["facts"], code_labels=api.code_labels()), hide_index=True, width="stretch")
    token = (st.text_input("写入口令", type="password", key="upload_token")
             if KnowledgeBase.write_token_required() else None)
    if st.button("确认入库", key="upload_confirm", type="primary"):
        if not KnowledgeBase.write_token_accepted(token):
            st.error("写入口令不对（POLICYKB_WRITE_TOKEN），未入库。")
            return
        _ingest(uploaded.name, data)


def _ingest(name: str, data: bytes) -> None:
    """Store the upload (under its content hash, its own name kept) and say what happened: stored, a duplicate
    of a stored document, or failed with the reason (an index that could not be written is a failure too)."""
    folder = resources.upload_folder()
    _, report = resources.knowledge_base().store_upload(name, data, folder)
    resources.clear()
    for message in upload_outcome(name, report):
        {"success": st.success, "warning": st.warning, "error": st.error}[message[0]](message[1])


def upload_outcome(name: str, report: object) -> list[tuple[str, str]]:
    """``(level, text)`` lines for an upload's ingest report, every name shown as plain text."""
    shown = plain(name)  # the name as the browser gave it (metadata, never a path)
    lines: list[tuple[str, str]] = []
    for _, reason in getattr(report, "failed", []):
        lines.append(("error", f"入库失败：{shown}：{plain(reason)}"))
    for _, other in getattr(report, "duplicates", []):
        lines.append(("warning", f"未重复入库：{shown} 与已入库的 {plain(Path(other).name)} 文本相同"))
    for error in getattr(report, "errors", []):
        lines.append(("error", f"入库失败：{shown} 已存入数据库，但检索索引未更新（{plain(error)}）"))
    for _, other in getattr(report, "conflicts", []):
        lines.append(("warning", f"文号冲突：{shown} 与 {plain(Path(other).name)} 文号相同而文本不同，两者均标为冲突"))
    if getattr(report, "ingested", []) and not getattr(report, "errors", []):
        lines.insert(0, ("success", f"已入库：{shown}"))
    if not lines:
        lines.append(("warning", f"{shown} 已在库中，未改动"))
    return lines
