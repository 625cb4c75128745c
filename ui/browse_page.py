"""浏览: every document held, narrowed by facets with their counts, sorted and paged; a row opens its document."""

from __future__ import annotations

from typing import Any

import streamlit as st

from kb.text.messages import status_label
from ui import api
from ui.labels import EMPTY
from ui.pages import document_link
from ui.render import escape

FACET_LABELS = {"province": "省份", "city": "城市", "issuer": "发文机关", "year": "年份", "doc_type": "文种",
                "status": "时效性", "domain": "领域"}
SORT_LABELS = {"newest": "成文日期（新→旧）", "oldest": "成文日期（旧→新）", "doc_no": "文号", "title": "标题",
               "city": "城市"}
PAGE_SIZE = 20
COLUMNS = ("文号", "标题", "地区", "发文机关", "文种", "成文日期", "时效性", "领域")
LINKED = {"文号", "标题"}


def render() -> None:
    st.title("文件浏览")
    if not any(api.browse_facets().values()):
        st.warning("知识库为空：请先运行 `policykb ingest corpus/` 或在“上传”页添加文件。")
        return
    # The filters as chosen so far (the widgets' state), so that the facets drawn count what they keep.
    chosen = tuple((facet, tuple(sorted(st.session_state[f"browse_{facet}"]))) for facet in FACET_LABELS
                   if st.session_state.get(f"browse_{facet}"))
    sort = st.session_state.get("browse_sort", "newest")
    answer = api.browse(chosen, sort, 0, 10_000)  # the page count needs the total first; one cached call
    _facet_widgets(answer["facets"])
    cols = st.columns([2, 1, 3])
    cols[0].selectbox("排序", list(SORT_LABELS), format_func=SORT_LABELS.get, key="browse_sort")
    total = answer["total"]
    pages = max(1, -(-total // PAGE_SIZE))
    if st.session_state.get("browse_asked") != (chosen, sort) or st.session_state.get("browse_page_no", 1) > pages:
        st.session_state["browse_page_no"] = 1  # new filters start on their first page
    st.session_state["browse_asked"] = (chosen, sort)
    page = cols[1].number_input("页码", min_value=1, max_value=pages, step=1, key="browse_page_no")
    start = (int(page) - 1) * PAGE_SIZE
    rows = answer["rows"][start:start + PAGE_SIZE]
    cols[2].caption(f"共 {total} 件文件" + (f"，第 {start + 1}–{start + len(rows)} 件，共 {pages} 页" if rows else ""))
    if not rows:
        st.info("没有符合这些条件的文件。")
        return
    # An HTML table, not st.dataframe: its cells wrap, so that every column reads at 1400 px (the grid cuts
    # them), and it sends no Arrow payload; each row's 文号 and title link to the document page.
    st.html(_table(rows))
    st.caption("点击文号或标题即可打开该文件。")


def _table(rows: list[dict[str, Any]]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in COLUMNS)
    body = []
    for r in rows:
        cells = _row(r)
        link = escape(document_link(r["id"]))
        body.append("<tr>" + "".join(
            f'<td><a href="{link}" target="_self">{escape(cells[c])}</a></td>' if c in LINKED
            else f"<td>{escape(cells[c])}</td>" for c in COLUMNS) + "</tr>")
    return f'<table class="pk-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _facet_widgets(facets: dict[str, list[dict[str, Any]]]) -> None:
    """A multiselect per facet, each value with the count of documents it would keep."""
    cols = st.columns(4)
    for i, (facet, label) in enumerate(FACET_LABELS.items()):
        counts = {v["value"]: v["count"] for v in facets.get(facet) or []}
        cols[i % 4].multiselect(
            label, list(counts), key=f"browse_{facet}", placeholder="全部", select_all=False,
            format_func=lambda v, f=facet, c=counts: f"{_value_label(f, v)}（{c.get(v, 0)}）")


def _value_label(facet: str, value: str) -> str:
    if not value:
        return "未写明"
    return status_label(value) if facet == "status" else value


def _row(r: dict[str, Any]) -> dict[str, str]:
    return {
        "文号": r.get("doc_no") or EMPTY, "标题": r.get("title") or EMPTY,
        "地区": " ".join(p for p in (r.get("province"), r.get("city"), r.get("county")) if p) or EMPTY,
        "发文机关": "、".join(r.get("issuers") or []) or EMPTY, "文种": r.get("doc_type") or EMPTY,
        "成文日期": r.get("issue_date") or EMPTY, "时效性": status_label(r.get("status")),
        "领域": "、".join(r.get("domains") or []) or EMPTY,
    }
