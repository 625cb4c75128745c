"""对比: choose a topic and cities → measures side by side and a chart of maximum amounts, currencies apart."""

from __future__ import annotations

import csv
import io
from datetime import date

import plotly.express as px
import streamlit as st

from ui import api
from ui.labels import STATUS_LABELS


def render() -> None:
    st.title("跨城市对比")
    topics = api.topics()
    if not topics:
        st.warning("知识库中还没有措施。")
        return
    cols = st.columns([2, 3, 2])
    default = topics.index("海外仓") if "海外仓" in topics else 0
    topic = cols[0].selectbox("主题", topics, index=default, key="compare_topic")
    cities = cols[1].multiselect("城市（不选为全部）", api.cities(), key="compare_cities", placeholder="全部城市")
    on = cols[2].date_input("仅看该日有效", value=None, key="compare_on")
    result = api.compare(topic, tuple(cities), on.isoformat() if isinstance(on, date) else None)
    rows = []
    for city in result.get("cities", []):
        for m in city.get("measures", []):
            rows.append({
                "城市": city.get("city"), "文号": m.get("doc_no"), "条款": m.get("clause"),
                "最高金额": m.get("max_amount"), "币种": m.get("currency"),
                "比例": "" if m.get("rate") is None else f"{m['rate']:.0%}",
                "门槛": "；".join(t.get("quote") or str(t) for t in m.get("thresholds") or []),
                "效力": STATUS_LABELS.get(m.get("status"), m.get("status")), "原文": m.get("quote"),
            })
    if not rows:
        st.info("没有符合条件的措施。")
        return
    st.dataframe(rows, hide_index=True, width="stretch")
    st.download_button("导出 CSV", _csv(rows), file_name=f"policykb_compare_{topic}.csv", mime="text/csv",
                       key="compare_csv")
    chart = _max_by_city(rows)
    if chart:
        fig = px.bar(chart, x="城市", y="最高金额", color="币种", barmode="group", hover_data=["文号", "条款"],
                     title=f"{topic}：各城市最高金额（币种分列，不换算）")
        st.plotly_chart(fig, key="compare_chart")


def _max_by_city(rows: list[dict]) -> list[dict]:
    """The largest amount of each city in each currency (never summed, never converted)."""
    best: dict[tuple[str, str], dict] = {}
    for r in rows:
        if r["最高金额"] is None:
            continue
        key = (r["城市"], r["币种"])
        if key not in best or r["最高金额"] > best[key]["最高金额"]:
            best[key] = r
    return list(best.values())


def _csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
