"""检索: a query box, filters, clause cards with highlighted terms, status badges and a way into each document."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import streamlit as st

from ui import api
from ui.pages import open_document
from ui.render import escape, plain, status_badge


def render() -> None:
    st.title("政策检索")
    query = st.text_input("检索词", key="search_query", placeholder="例如：海外仓、跨境电商 补贴、邵市政办发〔2023〕21号")
    with st.expander("筛选", expanded=False):
        cols = st.columns(4)
        cities = api.cities()
        city = cols[0].selectbox("城市", ["全部", *cities], key="search_city")
        on = cols[1].date_input("在该日有效", value=None, key="search_on")
        topic = cols[2].selectbox("主题", ["全部", *api.topics()], key="search_topic")
        min_amount = cols[3].number_input("最低金额（元）", min_value=0, value=0, step=10000, key="search_min")
    if not query:
        st.info("输入检索词开始。可按城市、主题、日期和金额筛选。")
        return
    hits = api.search(
        query,
        city=None if city == "全部" else city,
        on=on.isoformat() if isinstance(on, date) else None,
        topic=None if topic == "全部" else topic,
        min_amount=min_amount or None,
    )
    st.caption(f"共 {len(hits)} 条结果")
    if hits:
        st.download_button("导出 CSV", _csv(hits), file_name="policykb_search.csv", mime="text/csv", key="search_csv")
    for i, hit in enumerate(hits):
        with st.container(border=True):
            top = st.columns([6, 2, 2])
            top[0].markdown(f"**{plain(hit.get('title'))}**  \n{plain(hit.get('doc_no') or '无文号')} · "
                            f"{plain(hit.get('label') or '')} {plain(hit.get('heading') or '')}")
            with top[1]:
                status_badge(hit.get("status"))
            if top[2].button("打开文件", key=f"open_{i}"):
                open_document(hit.get("doc_id"))
            st.html(f"<div>{_snippet_html(hit.get('snippet') or '')}</div>")


def _snippet_html(snippet: str) -> str:
    """Snippets mark matched terms with 【】; everything else is escaped."""
    parts = re.split(r"【(.*?)】", snippet)
    return "".join(escape(p) if i % 2 == 0 else f"<mark>{escape(p)}</mark>" for i, p in enumerate(parts))


def _csv(hits: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["doc_no", "clause", "title", "city", "status", "score", "snippet"])
    for hit in hits:
        writer.writerow([hit.get("doc_no"), hit.get("clause"), hit.get("title"), hit.get("city"),
                         hit.get("status"), hit.get("score"), re.sub("[【】]", "", hit.get("snippet") or "")])
    return buffer.getvalue()
