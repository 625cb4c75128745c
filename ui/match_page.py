"""匹配: an enterprise form → eligible / needs information / not eligible, reasons, certain and possible totals,
how to apply, the documents left out on the date and why, the measures whose article a later document repeals;
CSV download. Everything through ``ui.api`` (one
``KnowledgeBase``); every cell is plain text (Streamlit escapes it), "—" where there is nothing."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import streamlit as st

from kb.text.format import wan_text
from kb.text.messages import currency_name, status_label
from ui import api
from ui.dates import DATE_BOUNDS
from ui.render import plain

COMMON_FIGURES = ("cross_border_export_usd", "cross_border_export_usd_new", "cross_border_trade_usd",
                  "ecommerce_sales_cny", "rented_area_m2", "overseas_warehouse_area_m2", "enterprises_served",
                  "enterprises_incubated")
FROM_DATES = {"registered_years"}  # the profile counts them from 注册日期: one field, not two
STATUS_TEXT = {"eligible": "符合", "needs_information": "需补充信息", "not_eligible": "不符合"}
EMPTY = "—"


def render() -> None:
    st.title("企业政策匹配")
    figures_vocab = api.figure_vocabulary()
    # outside the form: the county list follows the city chosen
    cols = st.columns(3)
    city = cols[0].selectbox("注册城市", api.cities(), key="match_city")
    county = cols[1].selectbox("区县（可选）", ["", *api.counties(city)] if city else [""], key="match_county",
                               format_func=lambda c: c or EMPTY)
    zone = cols[2].text_input("园区 / 开发区（可选）", key="match_zone")
    # the figures this city's measures in force ask for first (丽水's are in 人民币, 衡阳's in 美元), then the usual ones
    asked = api.figures_asked(city) if city else []
    common = list(dict.fromkeys(k for k in (*asked, *COMMON_FIGURES) if k in figures_vocab and k not in FROM_DATES))
    # Only the figures asked for get a field: thirty fields the enterprise may never need slow the page.
    more = st.multiselect("其他年度数据（选择后在下方填写）",
                          [k for k in figures_vocab if k not in common and k not in FROM_DATES],
                          format_func=lambda k: figures_vocab[k], key="match_more", placeholder="如：纳税额、员工人数",
                          select_all=False)
    with st.form("match_form"):
        cols = st.columns(3)
        registered = cols[0].date_input("注册日期（不填表示未知）", value=None, key="match_registered",
                                        **DATE_BOUNDS)
        settled = cols[1].date_input("落户日期（可选，默认同注册日期）", value=None, key="match_settled",
                                    **DATE_BOUNDS)
        on = cols[2].date_input("匹配日期", value=date.today(), key="match_on", **DATE_BOUNDS)
        kinds = api.entity_kinds()
        cols = st.columns(2)
        kind = cols[0].selectbox("主体类型", list(kinds), format_func=lambda k: kinds.get(k, k), key="match_kind")
        forms = api.legal_forms()
        legal_form = cols[1].selectbox("组织形式", ["", *forms], format_func=lambda k: forms.get(k, EMPTY),
                                       key="match_legal_form")
        titles = st.text_input("已获称号（可选，用、分隔）", key="match_titles")
        st.caption("声明（勾选表示符合；不勾选表示不符合或未知，需要时会提示）")
        declared = {key: st.checkbox(label, key=f"match_decl_{key}") for key, label in api.declarations().items()}
        st.caption("年度数据：可带单位填写（120万美元、6000万元、5000平方米、70%）；不填表示未知。")
        values: dict[str, str] = {}
        _figure_inputs(common + more, figures_vocab, values)
        submitted = st.form_submit_button("匹配", type="primary")
    if not submitted:
        return
    profile: dict[str, Any] = {
        "name": "表单企业", "city": city, "county": county or None, "zone": zone or None,
        "registered_on": registered.isoformat() if registered else None,
        "settled_on": settled.isoformat() if settled else None, "entity_kind": kind,
        "legal_form": legal_form or None, "titles": [t for t in titles.replace("，", "、").split("、") if t.strip()],
        "declarations": {k: True for k, v in declared.items() if v}, "figures": values,
    }
    result = api.match(profile, on.isoformat())
    if result.get("error"):
        st.error(result["error"])
        return
    _totals(result)
    rows = [_row(r) for r in result.get("results", [])]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", column_config=COLUMNS)
    else:
        st.info("该日期没有有效的措施可以匹配。")
    _how_to_apply(result.get("results", []))
    _skipped(result.get("skipped") or [])
    _repealed(result.get("repealed") or [])
    if rows:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        st.download_button("下载 CSV", buffer.getvalue(), file_name="policykb_match.csv", mime="text/csv",
                           key="match_csv")


def _totals(result: dict[str, Any]) -> None:
    certain, possible = result.get("totals") or {}, result.get("possible") or {}
    cols = st.columns(2)
    cols[0].metric("确定可得合计（已按不重复规则）", _money_sum(certain))
    cols[1].metric("最高可能合计（含需补充信息，已按不重复规则）", _money_sum(possible))
    if not certain:
        st.caption("没有金额确定且条件全部满足的措施；“需补充信息”的措施补齐信息或经主管部门核定后可得。")


def _money_sum(by_currency: dict[str, Any]) -> str:
    """Totals by currency in 万, as on 对比: ``235 万元；1.2 万美元`` (never added across currencies)."""
    if not by_currency:
        return "0"
    return "；".join(f"{wan_text(amount)} 万{currency_name('zh', currency)}" for currency, amount in by_currency.items())


def _row(r: dict[str, Any]) -> dict[str, Any]:
    application = r.get("application") or {}
    return {
        "结果": STATUS_TEXT.get(r["status"], r["status"]), "文号": r.get("doc_no") or EMPTY,
        "条款": r.get("clause_label") or r.get("clause") or EMPTY, "措施": r.get("measure") or EMPTY,
        "确定金额(万)": _wan(r.get("certain_amount")), "最高可能(万)": _wan(r.get("upper_bound")),
        "币种": _currency(r.get("currency")), "理由": "；".join(map(str, r.get("reasons") or [])) or EMPTY,
        "如何申报": application_zh(application) or EMPTY,
        "申报材料": "、".join(application.get("materials") or []) or EMPTY,
    }


# the result and the 文号 stay in view while the wide table scrolls; the reasons, what an enterprise reads first,
# get the widest column
COLUMNS = {
    "结果": st.column_config.TextColumn(width="small", pinned=True),
    "文号": st.column_config.TextColumn(width="medium", pinned=True),
    "措施": st.column_config.TextColumn(width="medium"),
    "理由": st.column_config.TextColumn(width="large"),
    "如何申报": st.column_config.TextColumn(width="medium"),
}
CURRENCY_ZH = {"CNY": "人民币", "USD": "美元"}


def _currency(code: str | None) -> str:
    return CURRENCY_ZH.get(code or "", code or EMPTY)


def _wan(value: Any) -> str:
    """An amount in 万 as text (a column mixing numbers and "—" is refused by the table)."""
    return wan_text(value) or EMPTY


def application_zh(application: dict[str, Any]) -> str:
    """How to apply, in a sentence: when, where, what is published (免申即享 when nothing is to be filed)."""
    if application.get("automatic"):
        return "免申即享，无需申报"
    parts = []
    deadline = application.get("deadline_text")
    if deadline:
        parts.append(deadline + ("（本年度已过）" if application.get("deadline_passed") else ""))
    if application.get("where"):
        parts.append(f"向{application['where']}申报")
    elif application.get("organiser"):
        parts.append(f"由{application['organiser']}组织申报")
    if application.get("publicity"):
        parts.append(application["publicity"])
    return "，".join(parts)


def _how_to_apply(results: list[dict[str, Any]]) -> None:
    """Each document's application procedure once, with the measures it is for (the table names it per row)."""
    by_doc: dict[tuple[str, str], list[str]] = {}
    materials: dict[tuple[str, str], list[str]] = {}
    for r in results:
        application = r.get("application") or {}
        sentence = application_zh(application)
        if not sentence:
            continue
        key = (r.get("doc_no") or r.get("title") or EMPTY, sentence)
        by_doc.setdefault(key, []).append(r.get("clause_label") or r.get("clause") or EMPTY)
        materials[key] = application.get("materials") or []
    if not by_doc:
        return
    st.subheader("如何申报")
    for (doc, sentence), clauses in by_doc.items():
        needed = f"；申报材料：{'、'.join(materials[(doc, sentence)])}" if materials[(doc, sentence)] else ""
        st.markdown(plain(f"{doc}（{'、'.join(dict.fromkeys(clauses))}）：{sentence}{needed}。"))


def _skipped(skipped: list[dict[str, Any]]) -> None:
    """Each document left out on the date, named, with why in Chinese (the match was asked with ``lang="zh"``);
    a static table, so that the names can be read and copied."""
    if not skipped:
        return
    st.subheader("未纳入匹配的文件")
    rows = []
    for s in skipped:
        rows.append({"文号": s.get("doc_no") or s.get("title") or EMPTY, "效力": status_label(s.get("status")),
                     "原因": s.get("reason") or EMPTY})
    st.table(rows)


def _repealed(repealed: list[dict[str, Any]]) -> None:
    """Each measure left out because a later document repeals its article (已被《B》（文号）废止（第十条）…),
    with the repeal's date and words; a static table of plain text."""
    if not repealed:
        return
    st.subheader("所在条款已被废止、未纳入匹配的措施")
    st.table([{"文号": r.get("doc_no") or r.get("title") or EMPTY, "条款": r.get("clause_label") or r.get("clause")
               or EMPTY, "措施": r.get("measure") or EMPTY, "原因": r.get("reason") or EMPTY} for r in repealed])


def _figure_inputs(keys: list[str], labels: dict[str, str], values: dict[str, str]) -> None:
    grid = st.columns(2)
    for i, key in enumerate(keys):
        value = grid[i % 2].text_input(labels[key], key=f"match_fig_{key}", placeholder=_example(labels[key]))
        if value.strip():
            values[key] = value.strip()


EXAMPLES = (("美元", "如 120万美元"), ("人民币", "如 6000万元"), ("平方米", "如 5000平方米"), ("亩", "如 50亩"),
            ("率", "如 70%"), ("（年）", "如 3"))


def _example(label: str) -> str:
    """A placeholder in the field's own unit (its label names it: 美元, 平方米 …)."""
    return next((example for unit, example in EXAMPLES if unit in label), "如 10")
