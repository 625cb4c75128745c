"""对比: a domain, a topic or words, and cities → measures side by side (amounts in 万元, per-unit awards in their
own table, currencies apart), each quote in full, a link to its document, and a chart of what each measure can
pay at most, measures not in force marked ▨ in the table (no row styling without pandas, which ui/ does not
import) and greyed and hatched in the chart. Every place asked for is named, an empty one with why."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from ui import api
from ui.dates import DATE_BOUNDS
from ui.labels import EMPTY, STATUS_LABELS
from ui.pages import pages
from ui.render import escape, plain, table_html

WAN = Decimal(10000)
CURRENCY_LABELS = {"CNY": "人民币", "USD": "美元"}
PERIOD_LABELS = {"per_year": "每年", "one_off": "一次性", "per_month": "每月"}
SCOPE_LABELS = {"per_enterprise": "每家企业", "per_project": "每个项目", "per_warehouse": "每个海外仓",
                "per_person": "每人", "per_household": "每户"}
IN_FORCE, NOT_IN_FORCE = "有效", "非有效"
NOT_IN_FORCE_MARK = "▨"
CHART_TAB = "图表：每项措施最多可得"


def render() -> None:
    st.title("跨城市对比")
    topics = api.topics()
    if not topics:
        st.warning("知识库中还没有措施。")
        return
    cols = st.columns([1, 2, 3, 2])
    by = cols[0].radio("对比依据", ["主题", "关键词"], key="compare_by", horizontal=True)
    if by == "主题":
        choices = api.domains() + topics
        default = choices.index("海外仓") if "海外仓" in choices else 0
        topic, query = cols[1].selectbox("领域或主题", choices, index=default, key="compare_topic"), None
    else:
        topic, query = None, cols[1].text_input("关键词", key="compare_query",
                                                placeholder="如：购房补贴、海外仓、以旧换新").strip() or None
        if query is None:
            st.info("请输入关键词。")
            return
    cities = cols[2].multiselect("城市（不选为全部）", api.cities(), key="compare_cities", placeholder="全部城市",
                                 select_all=False)
    on = cols[3].date_input("仅看该日有效", value=None, key="compare_on", **DATE_BOUNDS)
    result = api.compare(topic, tuple(cities), on.isoformat() if isinstance(on, date) else None, query=query)
    if result.get("error"):
        st.error(escape(result["error"]))
        return

    places = result.get("cities", [])
    _empty_places(places)
    _repealed(places)
    rows = [_row(city, m) for city in places for m in city.get("measures", [])]
    if not rows:
        st.info("没有符合条件的措施。")
        return
    # The chart in a tab drawn only when opened (a lazy tab): plotly's 4.7 MB of script is the page's largest
    # cost in a fresh browser, and the table says the same figures.
    table_tab, chart_tab = st.tabs(["措施表", CHART_TAB], key="compare_view", on_change="rerun")
    with table_tab:
        st.subheader("措施（金额单位：万元，币种分列，不换算）")
        st.html(table_html(_shown([r["table"] for r in rows])))
        if any(not r["table"]["_in_force"] for r in rows):
            st.caption(f"{NOT_IN_FORCE_MARK}：该措施所在文件不在有效期内（图中灰色斜线）。")
        units = [u for r in rows for u in r["per_unit"]]
        if units:
            st.subheader("按单位计的补贴")
            st.html(table_html(units))
    name = topic or query or ""
    if chart_tab.open:
        with chart_tab:
            _charts(name, [r["table"] for r in rows])
    st.download_button("导出 CSV", _csv([r["table"] for r in rows]), file_name=f"policykb_compare_{name}.csv",
                       mime="text/csv", key="compare_csv")
    st.subheader("原文")
    for r in rows:
        m = r["measure"]
        t = r["table"]
        validity = t["效力"] if t["_in_force"] else f"{NOT_IN_FORCE_MARK} {t['效力']}"
        with st.expander(escape(f"{t['城市']} · {t['文号']} {t['条款'] or ''} · {validity}")):
            st.markdown(escape(m.get("quote")))
            st.caption(_figures_zh(t))
            if m.get("upper_bound") is None and m.get("amount_basis") in UNSTATED_ZH:
                st.caption(UNSTATED_ZH[m["amount_basis"]])
            if m.get("bound_note"):
                st.caption(escape(_bound_note_zh(m)))
            for repeal in m.get("partial_repeals") or []:
                st.caption(plain(repeal.get("reason_zh")))  # the repealing document's words: Markdown-inert
            if m.get("doc_id") is not None:
                where = {"doc": str(m["doc_id"])} | ({"clause": m["clause"]} if m.get("clause") else {})
                st.page_link(pages()["document"], label="打开文件，定位到该条款", query_params=where)


UNSTATED_ZH = {"not_stated": "文件未写明金额：有此项支持，金额以主管部门核定为准。",
               "by_hand": "文件未写明金额：一事一议或酌情给予，需向主管部门核实。"}


def _figures_zh(t: dict[str, Any]) -> str:
    """The measure's figures in a sentence, as in the table (万元, its currency): — where the text gives none."""
    currency = t["币种"] or ""
    return "；".join(f"{label}：{t[key] + ' 万' + currency if t[key] else EMPTY}"
                    for label, key in (("明确金额", "明确金额(万)"), ("最多可得", "最多可得(万)")))


def _empty_places(places: list[dict[str, Any]]) -> None:
    """Every place asked for with no measure, said so: its documents not in force on the date, with their dates."""
    for city in places:
        if city.get("measures"):
            continue
        documents = city.get("not_in_force") or []
        repealed = city.get("repealed") or []
        if not documents and not repealed:
            st.info(f"{escape(city.get('city'))}：知识库中没有符合条件的措施。")
            continue
        told = "；".join([_document_zh(d) for d in documents] + (["部分措施所在条款已被废止，见下表"] if repealed else []))
        st.info(f"{escape(city.get('city'))}：该日没有有效的措施（{escape(told)}）。")


def _repealed(places: list[dict[str, Any]]) -> None:
    """The measures left out on the date because a later document repeals their article, with why (escaped)."""
    rows = [{"城市": city.get("city"), "文号": r.get("doc_no") or r.get("title"), "条款": r.get("clause_label"),
             "摘要": r.get("summary"), "原因": r.get("reason_zh")}
            for city in places for r in city.get("repealed") or []]
    if rows:
        st.subheader("所在条款已被废止、该日未纳入对比的措施")
        st.html(table_html(rows))


def _document_zh(doc: dict[str, Any]) -> str:
    name = doc.get("doc_no") or doc.get("title") or ""
    status = STATUS_LABELS.get(doc.get("status"), doc.get("status") or "")
    dates = f"{doc.get('effective_from') or '?'} 至 {doc.get('expires_on') or '?'}"
    return f"{name} {status}，有效期 {dates}"


def _wan(value: float | int | None) -> str:
    """万元 as printed: exact (the JSON number's shortest form), never rounded away."""
    if value is None:
        return ""
    return f"{(Decimal(str(value)) / WAN).normalize():f}"


def _row(city: dict[str, Any], m: dict[str, Any]) -> dict[str, Any]:
    currency = CURRENCY_LABELS.get(m.get("currency"), m.get("currency") or "")
    caps = "；".join(f"{_wan(c.get('value'))}万{CURRENCY_LABELS.get(c.get('currency'), c.get('currency') or '')}"
                    f"{PERIOD_LABELS.get(c.get('period'), '')}{SCOPE_LABELS.get(c.get('scope'), '')}"
                    for c in m.get("caps") or [])
    table = {
        "城市": city.get("city"), "文号": m.get("doc_no") or m.get("title"), "条款": m.get("clause_label"),
        "摘要": m.get("summary"), "明确金额(万)": _wan(m.get("certain_amount")), "最高档(万)": _wan(m.get("tier_max")),
        "上限": caps, "最多可得(万)": _wan(m.get("upper_bound")), "币种": currency,
        "比例": "" if m.get("rate") is None else f"{Decimal(str(m['rate'])) * 100:f}".rstrip("0").rstrip(".") + "%",
        "按单位": "有" if m.get("per_unit") else "", "主题": m.get("topic"),
        "效力": STATUS_LABELS.get(m.get("status"), m.get("status")),
        "_in_force": m.get("status") == "in_force", "_upper": m.get("upper_bound"),
    }
    per_unit = [{"城市": city.get("city"), "文号": m.get("doc_no") or m.get("title"), "条款": m.get("clause_label"),
                 "标准": u.get("value"), "币种": CURRENCY_LABELS.get(u.get("currency"), u.get("currency") or ""),
                 "单位": f"元/{u.get('unit')}" if u.get("currency") == "CNY" else f"/{u.get('unit')}",
                 "封顶": None if u.get("cap") is None else
                 f"{_wan(u['cap'])}万{CURRENCY_LABELS.get(u.get('currency'), u.get('currency') or '')}",
                 "效力": table["效力"] if table["_in_force"] else f"{NOT_IN_FORCE_MARK} {table['效力']}",
                 "原文": u.get("quote")}
                for u in m.get("per_unit") or []]
    return {"table": table, "per_unit": per_unit, "measure": m}


def _shown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table's rows: measures not in force marked ▨ (greyed and hatched in the chart)."""
    return [{k: (f"{NOT_IN_FORCE_MARK} {v}" if k == "效力" and not r["_in_force"] else v)
             for k, v in r.items() if not k.startswith("_")} for r in rows]


def _charts(name: str, rows: list[dict[str, Any]]) -> None:
    """One chart per currency (never converted, never on one axis): a bar per measure, its upper bound in
    万元, never added to another's; measures not in force hatched and grey."""
    for currency in dict.fromkeys(r["币种"] for r in rows if r["_upper"] is not None):
        points = [{"措施": _measure_name(r), "万元": float(Decimal(str(r["_upper"])) / WAN), "文号": r["文号"],
                   "条款": r["条款"], "效力": IN_FORCE if r["_in_force"] else NOT_IN_FORCE}
                  for r in rows if r["币种"] == currency and r["_upper"] is not None]
        fig = _bar_figure(points, f"{name}：每项措施最多可得（{currency}，万元；一条一项，不相加）",
                          f"万元（{currency}）")
        st.plotly_chart(fig, key=f"compare_chart_{currency}")


def _measure_name(row: dict[str, Any]) -> str:
    return " ".join(str(p) for p in (row["城市"], row["文号"], row["条款"]) if p)


CHART_STYLE = {IN_FORCE: ("#1f77b4", ""), NOT_IN_FORCE: ("#bbbbbb", "/")}  # colour, hatching


def _bar_figure(points: list[dict[str, Any]], title: str, axis: str) -> go.Figure:
    """Horizontal bars, one per measure (named by city, 文号 and clause, in the table's order), one trace per
    效力 (in force, not in force: grey and hatched). Two measures of one clause get a number each, so that
    no bar stands on another's category. Traces built directly: plotly.express spends a second making a data
    frame of a dozen points."""
    seen: dict[str, int] = {}
    for p in points:
        seen[p["措施"]] = seen.get(p["措施"], 0) + 1
        if seen[p["措施"]] > 1:
            p["措施"] = f"{p['措施']}（{seen[p['措施']]}）"
    order = [p["措施"] for p in points]
    traces = []
    for validity, (color, hatch) in CHART_STYLE.items():
        shown = [p for p in points if p["效力"] == validity]
        if shown:
            traces.append(go.Bar(
                y=[p["措施"] for p in shown], x=[p["万元"] for p in shown], name=validity, orientation="h",
                marker={"color": color, "pattern": {"shape": hatch}},
                hovertemplate="%{y}：%{x} 万元<extra></extra>"))
    layout = {"barmode": "overlay", "title": {"text": title}, "xaxis": {"title": {"text": axis}},
              "yaxis": {"categoryorder": "array", "categoryarray": order[::-1], "automargin": True},
              "legend": {"title": {"text": "效力"}}, "height": 160 + 28 * len(points)}
    return go.Figure(data=traces, layout=layout)


def _bound_note_zh(m: dict[str, Any]) -> str:
    if m.get("amount_basis") in {"per_unit", "rate_without_base"} and m.get("upper_bound") is None:
        return "未写明最高金额：按单位或按比例计，无封顶。"
    if m.get("tier_max") is not None and m.get("upper_bound") == m.get("tier_max"):
        caps = "、".join(f"{_wan(c.get('value'))}万元" for c in m.get("caps") or [])
        return f"上限{caps}达不到：按最高一档计，最多{_wan(m.get('tier_max'))}万元。"
    return f"最多{_wan(m.get('upper_bound'))}万元。"


def _csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    fields = [k for k in rows[0] if not k.startswith("_")]
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
