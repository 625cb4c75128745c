"""匹配: an enterprise form → eligible / needs information / not eligible, reasons, totals; CSV download."""

from __future__ import annotations

import csv
import io
from datetime import date

import streamlit as st

from ui import api

COMMON_FIGURES = ("cross_border_export_usd", "cross_border_export_usd_new", "cross_border_trade_usd",
                  "ecommerce_sales_cny", "rented_area_m2", "overseas_warehouse_area_m2", "enterprises_served",
                  "enterprises_incubated")
STATUS_TEXT = {"eligible": "符合", "needs_information": "需补充信息", "not_eligible": "不符合"}


def render() -> None:
    st.title("企业政策匹配")
    figures_vocab = api.figure_vocabulary()
    with st.form("match_form"):
        cols = st.columns(3)
        city = cols[0].selectbox("注册城市", api.cities(), key="match_city")
        county = cols[1].text_input("区县（可选）", key="match_county")
        years = cols[2].number_input("注册年限（年）", min_value=0.0, value=2.0, step=0.5, key="match_years")
        kinds = api.entity_kinds()
        kind = st.selectbox("主体类型", list(kinds), format_func=lambda k: kinds.get(k, k), key="match_kind")
        on = st.date_input("申报日期", value=date.today(), key="match_on")
        st.caption("年度数据（基础单位：元、美元、平方米、家）；不填表示未知。")
        values: dict[str, float] = {}
        common = [k for k in COMMON_FIGURES if k in figures_vocab]
        _figure_inputs(common, figures_vocab, values)
        with st.expander("更多数据"):
            _figure_inputs([k for k in figures_vocab if k not in common], figures_vocab, values)
        submitted = st.form_submit_button("匹配", type="primary")
    if not submitted:
        return
    profile = {"name": "表单企业", "city": city, "county": county or None, "registered_years": years,
               "entity_kind": kind, "figures": values}
    result = api.match(profile, on.isoformat())
    if result.get("error"):
        st.error(result["error"])
        return
    rows = [{
        "结果": STATUS_TEXT.get(r["status"], r["status"]), "文号": r.get("doc_no"), "条款": r.get("clause"),
        "措施": r.get("measure"), "最高金额": r.get("max_amount"), "币种": r.get("currency"),
        "理由": "；".join(map(str, r.get("reasons") or [])),
    } for r in result.get("results", [])]
    totals = result.get("totals") or {}
    if not totals:
        st.metric("可申请合计（已按不重复规则）", "0")
        st.caption("没有可以确定符合的措施；“需补充信息”的措施补齐数据后可再匹配。")
    cols = st.columns(max(1, len(totals)))
    for col, (currency, amount) in zip(cols, totals.items(), strict=False):
        col.metric(f"可申请合计（{currency}，已按不重复规则）", f"{amount:,}")
    st.dataframe(rows, hide_index=True, width="stretch")
    if rows:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        st.download_button("下载 CSV", buffer.getvalue(), file_name="policykb_match.csv", mime="text/csv",
                           key="match_csv")


def _figure_inputs(keys: list[str], labels: dict[str, str], values: dict[str, float]) -> None:
    grid = st.columns(2)
    for i, key in enumerate(keys):
        value = grid[i % 2].number_input(labels[key], min_value=0.0, value=None, step=10000.0, key=f"match_fig_{key}")
        if value is not None:
            values[key] = value
