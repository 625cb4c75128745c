"""检索: a query box, filters, clause cards with highlighted terms, status badges and a way into each document."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import streamlit as st

from kb.text.messages import status_label
from ui import api
from ui.dates import DATE_BOUNDS
from ui.pages import open_document
from ui.render import escape, plain, status_badge

PAGE_SIZE = 20
ORDERS = {"in_force_first": "现行有效优先", "relevance": "按相关度"}  # the first is the default


def render() -> None:
    st.title("政策检索")
    query = st.text_input("检索词", key="search_query", placeholder="例如：海外仓、跨境电商 补贴、邵市政办发〔2023〕21号")
    # The filters stay in view and each applies as soon as it changes (no form, no collapsed panel).
    cols = st.columns(5)
    city = cols[0].selectbox("城市", ["全部", *api.cities()], key="search_city")
    on = cols[1].date_input("在该日有效", value=None, key="search_on", **DATE_BOUNDS)
    topic = cols[2].selectbox("主题", ["全部", *api.topics()], key="search_topic")
    min_amount = cols[3].number_input("最低金额（元）", min_value=0, value=0, step=10000, key="search_min")
    order = cols[4].selectbox("排序", list(ORDERS), format_func=ORDERS.get, key="search_order")
    if not query:
        st.info("输入检索词开始。可按城市、主题、日期和金额筛选。")
        return
    filters = {"city": None if city == "全部" else city, "on": on.isoformat() if isinstance(on, date) else None,
               "topic": None if topic == "全部" else topic, "min_amount": min_amount or None,
               "in_force_first": order == "in_force_first"}
    first = api.search(query, **filters, offset=0, limit=PAGE_SIZE)
    total = first["total"]
    if not total:
        _no_hits(query, first.get("hints") or {})
        return
    pages = -(-total // PAGE_SIZE)
    asked = (query, tuple(filters.values()))
    if st.session_state.get("search_asked") != asked or st.session_state.get("search_page_no", 1) > pages:
        st.session_state["search_page_no"] = 1  # a new question starts on its first page
    st.session_state["search_asked"] = asked
    top = st.columns([1, 3, 1])
    page = top[0].number_input("页码", min_value=1, max_value=pages, step=1, key="search_page_no")
    offset = (int(page) - 1) * PAGE_SIZE
    answer = first if offset == 0 else api.search(query, **filters, offset=offset, limit=PAGE_SIZE)
    hits = answer["hits"]
    ranked = "现行有效的文件在前，其后为尚未施行、效力未知、已失效或已废止的" if order == "in_force_first" else "按相关度"
    top[1].caption(f"共 {total} 条结果，第 {offset + 1}–{offset + len(hits)} 条（共 {pages} 页）；{ranked}")
    top[2].download_button("导出本页 CSV", _csv(hits), file_name="policykb_search.csv", mime="text/csv",
                           key="search_csv")
    for i, hit in enumerate(hits):
        with st.container(border=True):
            row = st.columns([6, 2, 2])
            row[0].markdown(f"**{plain(hit.get('title'))}**  \n{hit_place(hit)}")
            with row[1]:
                status_badge(hit.get("status"))
            if row[2].button("打开文件", key=f"open_{offset + i}"):
                open_document(hit.get("doc_id"), hit.get("clause"))
            st.html(f"<div>{_snippet_html(hit.get('snippet') or '')}</div>")


def hit_place(hit: dict) -> str:
    """Where a hit is, as Markdown-safe text: 文号, then the clause's label and heading when the hit is a clause (a
    文号 or title hit has none, and no separator is left dangling)."""
    clause = " ".join(part for part in (hit.get("label"), hit.get("heading")) if part)
    return " · ".join(plain(part) for part in (hit.get("doc_no") or "无文号", clause) if part)


def _no_hits(query: str, hints: dict) -> None:
    """No hit: say so, then offer the nearest 文号s held and shorter queries that find something."""
    st.warning(f"没有找到与“{query}”相关的条款。")
    doc_nos, shorter = hints.get("doc_nos") or [], hints.get("shorter") or []
    if doc_nos:
        st.markdown("**相近的文号：**")
        for i, near in enumerate(doc_nos):
            if st.button(f"{near['doc_no']} {near.get('title') or ''}", key=f"search_near_{i}"):
                open_document(near["doc_id"])
    if shorter:
        st.markdown("**试试更短的检索词：**")
        cols = st.columns(len(shorter))
        for i, s in enumerate(shorter):
            cols[i].button(f"{s['query']}（{s['total']} 条）", key=f"search_shorter_{i}",
                           on_click=_set_query, args=(s["query"],))
    if not doc_nos and not shorter:
        st.caption("可减少检索词、去掉筛选条件，或换用同义词。")


def _set_query(query: str) -> None:
    st.session_state["search_query"] = query
    st.session_state["search_page_no"] = 1


def _snippet_html(snippet: str) -> str:
    """Snippets mark matched terms with 【】; everything else is escaped."""
    parts = re.split(r"【(.*?)】", snippet)
    return "".join(escape(p) if i % 2 == 0 else f"<mark>{escape(p)}</mark>" for i, p in enumerate(parts))


def _csv(hits: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["文号", "条款", "标题", "城市", "时效性", "得分", "摘要"])
    for hit in hits:
        writer.writerow([hit.get("doc_no"), " ".join(p for p in (hit.get("label"), hit.get("heading")) if p),
                         hit.get("title"), hit.get("city"), status_label(hit.get("status")), hit.get("score"),
                         re.sub("[【】]", "", hit.get("snippet") or "")])
    return buffer.getvalue()
