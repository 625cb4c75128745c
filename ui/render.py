"""Rendering pieces shared by the pages: document header, clause tree, highlighted text, facts table.

All document text goes through displaCy (which escapes it) or ``html.escape``: a crafted file cannot inject
HTML or script into the page. Names (titles, file names, 文号, issuers) shown through Streamlit's Markdown
(``st.title``, ``st.markdown``, button labels) go through ``plain``: a name such as ``![t](http://host/x.png)``
is shown as those characters, never as an image the browser would fetch.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

import streamlit as st

from ui.labels import FACT_COLORS, FACT_LABELS, STATUS_COLORS, STATUS_LABELS

FIELD_LABELS = {
    "doc_no": "发文字号", "reg_no": "登记号", "doc_type": "文种", "attachment_title": "附件标题",
    "issue_date": "成文日期", "print_date": "印发日期", "effective_from": "施行日期", "expires_on": "失效日期",
    "term": "有效期", "disclosure": "公开方式",
}


def status_badge(status: str | None) -> None:
    label = STATUS_LABELS.get(status or "unknown", status or "未知")
    st.badge(label, color=STATUS_COLORS.get(status or "unknown", "gray"))


def header_table(doc: dict[str, Any]) -> None:
    rows = []
    for key, label in FIELD_LABELS.items():
        value = doc.get(key)
        if key == "term" and value:
            value = term_zh(value)
        if value not in (None, "", []):
            rows.append({"字段": label, "值": str(value)})
    issuers = doc.get("issuers") or []
    if issuers:
        rows.append({"字段": "发文机关", "值": "、".join(issuers)})
    j = doc.get("jurisdiction") or {}
    place = " / ".join(p for p in (j.get("province"), j.get("city"), j.get("county")) if p)
    if place:
        rows.append({"字段": "辖区", "值": place})
    if doc.get("term_stated") is False:
        rows.append({"字段": "有效期", "值": "文件未规定有效期"})
    # A static table (not a canvas grid): the header can be read, selected and copied as text.
    st.table({row["字段"]: row["值"] for row in rows})


def clause_tree_lines(clauses: Iterable[dict[str, Any]]) -> list[str]:
    lines = []
    for clause in clauses:
        indent = "  " * (int(clause.get("level") or 1) - 1)
        heading = clause.get("heading") or ""
        lines.append(f"{indent}- **{plain(clause.get('label'))}** {plain(heading)}")
    return lines


def highlighted_text(text: str, facts: Iterable[dict[str, Any]], kinds: set[str] | None = None) -> str:
    """The document text with facts marked by kind (displaCy, manual mode; overlapping spans dropped)."""
    ents: list[dict[str, Any]] = []
    last_end = -1
    for fact in sorted(facts, key=lambda f: (f["span"][0], -(f["span"][1] - f["span"][0]))):
        start, end = fact["span"]
        if (kinds and fact["kind"] not in kinds) or start < last_end or end <= start:
            continue
        ents.append({"start": start, "end": end, "label": FACT_LABELS.get(fact["kind"], fact["kind"])})
        last_end = end
    from spacy import displacy  # here, not at the top: spaCy's import was half of the app's first paint

    colors = {FACT_LABELS.get(k, k): c for k, c in FACT_COLORS.items()}
    markup = displacy.render(
        {"text": text, "ents": ents, "title": None}, style="ent", manual=True, options={"colors": colors}
    )
    return f'<div style="white-space: pre-wrap">{markup}</div>'


def facts_rows(facts: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for fact in facts:
        rows.append({
            "类型": FACT_LABELS.get(fact["kind"], fact["kind"]),
            "角色": fact.get("role") or "",
            "值": "" if fact.get("value") is None else str(fact["value"]),
            "单位/币种": fact.get("currency") or fact.get("unit") or "",
            "条款": fact.get("clause") or "",
            "原文": fact.get("quote") or "",
        })
    return rows


def escape(text: str | None) -> str:
    """HTML-escaped text, for ``st.html``."""
    return html.escape(text or "")


_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>!:~$|])")  # active anywhere: emphasis, links, images, HTML, directives
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([-+#=>]|\d+(?=[.)]))", re.M)  # active at a line's start: lists, headings


def plain(text: str | None) -> str:
    r"""Text shown as itself through Streamlit's Markdown: the marks that Markdown, inline HTML or Streamlit's
    ``:color[...]`` / ``:icon:`` directives act on are backslash-escaped (dates, dots and dashes inside a line
    are left as they are).

    Example: plain("![t](http://x/y.png).txt") == r"\!\[t\](http\://x/y.png).txt"
    """
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", text or "")
    return _MARKDOWN_LINE_START.sub(lambda m: m[1] + ("\\" + m[2] if not m[2][0].isdigit() else m[2] + "\\"),
                                    escaped)


def term_zh(term: str) -> str:
    """An ISO 8601 duration as printed in Chinese: P3Y → 3年, P18M → 18个月."""
    match = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?", term or "")
    if not match or not any(match.groups()):
        return term
    years, months, days = match.groups()
    return "".join(f"{n}{unit}" for n, unit in ((years, "年"), (months, "个月"), (days, "日")) if n)
