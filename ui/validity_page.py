"""效力: a 文号 box with fuzzy suggestions, a date, the status and its reasoning, a timeline and what expires soon."""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go
import streamlit as st

from kb.text.messages import caveats_zh, reason_zh, status_label
from ui import api
from ui.dates import DATE_BOUNDS
from ui.pages import open_document
from ui.render import plain, status_badge, table_html

RELATION_ZH = {"cites": "引用", "repeals": "废止", "amends": "修改", "supersedes": "取代"}


def render() -> None:
    st.title("效力查询")
    # A form: a typed date is committed when the field loses focus, which Enter does not do; the verdict is
    # computed only on 查询, with every value the form shows, so it never sits beside another date.
    with st.form("validity_form", border=False):
        cols = st.columns([3, 2, 1], vertical_alignment="bottom")
        ref = cols[0].text_input("文号、标题或编号", key="validity_ref",
                                 placeholder="例如：衡政发〔2024〕4号 或 衡政发[2024]4号")
        on = cols[1].date_input("查询日期", value=date.today(), key="validity_on", **DATE_BOUNDS)
        cols[2].form_submit_button("查询", type="primary", key="validity_ask")
    if ref:
        result = api.status_of(ref, on.isoformat())
        if result.get("error"):
            _not_found(result)
        else:
            st.subheader(f"{result.get('doc_no') or ''} {result.get('title') or ''}")
            status_badge(result.get("status"))
            st.markdown(f"**{plain(status_label(result.get('status')))}**（{plain(on.isoformat())}）")
            st.markdown(plain(reason_zh(result)))
            for caveat in caveats_zh(result):
                st.caption(plain(caveat))
            if result.get("id") is not None and st.button("打开文件", key="validity_open"):
                open_document(result["id"])
    _timeline(on)
    _expiring(on)


def _not_found(result: dict) -> None:
    """An unknown reference: what names it here (known only by reference), and the closest documents held,
    each a button that asks again with it."""
    st.error(result["error"])
    mentioned = result.get("mentioned_by") or []
    if mentioned:
        st.markdown("**本库中有文件提到它（仅知其名，未收录原文，无法判断效力）：**")
        for m in mentioned:
            what = RELATION_ZH.get(m.get("kind"), "提及")
            st.markdown(f"- {plain(m.get('doc_no') or '')} {plain(m.get('title') or '')} {what}此文件"
                        + (f"：“{plain(m['quote'])}”" if m.get("quote") else ""))
    suggestions = result.get("suggestions") or []
    if suggestions:
        st.markdown("**您是否要找：**")
        for i, s in enumerate(suggestions):
            label = " ".join(p for p in (s.get("doc_no"), s.get("title")) if p)
            st.button(label, key=f"validity_suggestion_{i}", on_click=_ask, args=(s.get("doc_no") or label,))


def _ask(ref: str) -> None:
    st.session_state["validity_ref"] = ref


# A bar's colour is its document's status on the query date; the query date's line is black, no status's colour.
TIMELINE_COLORS = {"in_force": "#2ca02c", "not_yet_effective": "#1f77b4", "expired": "#d62728",
                   "repealed": "#9467bd", "superseded": "#ff7f0e", "unknown": "#7f7f7f"}
QUERY_DATE_COLOR = "#000000"


def _timeline(on: date) -> None:
    periods = api.periods()
    if not periods:
        return
    # Drawn only when opened (a lazy expander): plotly's 4.7 MB of script is the page's largest cost in a fresh
    # browser; the verdict above does not need it.
    timeline = st.expander("施行期间时间轴", key="validity_timeline_open", on_change="rerun")
    if not timeline.open:
        return
    with timeline:
        _timeline_chart(periods, on)


def _timeline_chart(periods: list[dict], on: date) -> None:
    st.caption(f"颜色：{on.isoformat()} 的效力（见图例）。实线：有明确终止日（期满、废止或被新版本取代）；"
               "虚线：文件未规定有效期，画到时间轴末端。黑色竖虚线：查询日期。")
    fig = go.Figure()
    known_ends = [p["ends_on"] for p in periods if p.get("ends_on")]
    horizon = max([*known_ends, (on + timedelta(days=365)).isoformat()])
    in_legend: set[str] = set()
    for p in periods:
        start = p.get("effective_from")
        if not start:
            continue
        label = p.get("doc_no") or (p.get("title") or "")[:20]
        open_ended = not p.get("ends_on")
        end = horizon if open_ended else p["ends_on"]
        status = api.status(p["id"], on.isoformat()).get("status") or "unknown"
        fig.add_trace(go.Scatter(
            x=[start, end], y=[label, label], mode="lines", name=status_label(status), legendgroup=status,
            showlegend=status not in in_legend,
            line={"width": 14, "dash": "dot" if open_ended else "solid",
                  "color": TIMELINE_COLORS.get(status, TIMELINE_COLORS["unknown"])},
            hovertext=f"{label}: {start} — {'未规定有效期' if open_ended else p['ends_on']}",
        ))
        in_legend.add(status)
    fig.add_vline(x=on.isoformat(), line_dash="dash", line_color=QUERY_DATE_COLOR)
    fig.update_layout(height=160 + 40 * len(periods), margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      legend={"title": {"text": "效力"}, "orientation": "h", "y": 1.02, "yanchor": "bottom",
                              "x": 0, "xanchor": "left"})
    st.plotly_chart(fig, key="validity_timeline")


def _expiring(on: date) -> None:
    days = st.slider("即将到期（天内）", 30, 365, 90, step=30, key="validity_within")
    rows = api.expiring(days, on.isoformat())
    st.subheader(f"{days} 天内到期的文件")
    if rows:
        st.html(table_html(rows))
    else:
        st.caption("没有。")
