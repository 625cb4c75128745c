"""Rendering pieces shared by the pages: document header, clause tree, highlighted text, facts table.

All document text goes through ``html.escape`` (plain HTML, no displaCy): a crafted file cannot inject HTML or
script into the page. Names (titles, file names, 文号, issuers) shown through Streamlit's Markdown
(``st.title``, ``st.markdown``, button labels) go through ``plain``: a name such as ``![t](http://host/x.png)``
is shown as those characters, never as an image the browser would fetch.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import streamlit as st

from kb.text.values import fact_value_zh, term_zh
from ui.labels import EMPTY, FACT_COLORS, FACT_LABELS, STATUS_COLORS, STATUS_LABELS, role_label

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
    # Plain HTML (not st.table's Arrow payload): the header can be read, selected and copied as text.
    st.html(table_html([{"字段": row["字段"], "值": row["值"]} for row in rows], header=False))


def table_html(rows: list[dict[str, Any]], header: bool = True) -> str:
    """Rows (same keys, in order) as an escaped HTML table styled by the app (``.pk-table``): for tables only
    read, a fraction of what ``st.dataframe`` or ``st.table`` costs to send and draw (no Arrow, no grid code);
    cells wrap, so that every column stays readable. Empty cells show ``—``."""
    if not rows:
        return ""
    columns = list(rows[0])
    head = ("<thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in columns) + "</tr></thead>") if header else ""
    body = "".join("<tr>" + "".join(f"<td>{escape(_cell(row.get(c)))}</td>" for c in columns) + "</tr>"
                   for row in rows)
    return f'<table class="pk-table">{head}<tbody>{body}</tbody></table>'


def _cell(value: Any) -> str:
    return EMPTY if value in (None, "") else str(value)


def clause_labels(clauses: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Clause id → its label as printed, with its parents' (``一、（二）3.``): ids like 2.2.3 are internal."""
    by_id = {c["id"]: c for c in clauses}
    out = {}
    for cid, clause in by_id.items():
        chain, node = [], clause
        while node is not None:
            chain.append(node.get("label") or "")
            node = by_id.get(node.get("parent"))
        out[cid] = "".join(reversed(chain))
    return out


def clause_anchor(clause_id: str) -> str:
    return "clause-" + re.sub(r"[^0-9A-Za-z_-]", "-", clause_id)


def fact_anchor(index: int) -> str:
    return f"fact-{index}"


def clause_tree_html(clauses: Iterable[dict[str, Any]], text: str = "") -> str:
    """The clause tree as links to each clause's place in the text (``#clause-…``); a clause printed without a
    heading (五、本通知从…起执行) is named by its first words, never by a bare label."""
    items = []
    for clause in clauses:
        indent = 1.2 * (int(clause.get("level") or 1) - 1)
        name = clause.get("heading") or first_words(clause, text)
        items.append(f'<div style="margin-left:{indent}em"><a href="#{clause_anchor(clause["id"])}">'
                     f"<b>{escape(clause.get('label'))}</b> {escape(name)}</a></div>")
    return '<nav class="clause-tree">' + "".join(items) + "</nav>"


FIRST_WORDS = 16  # characters of a clause's text that name it in the tree when it has no heading
_PHRASE_END = re.compile(r"[，。；：,;:\n]")


def first_words(clause: dict[str, Any], text: str) -> str:
    """A clause's text after its label up to the first phrase's end, at most ``FIRST_WORDS`` characters
    (… when cut there); "" without a span.

    Example: first_words({"label": "五、", "span": [0, 30]}, "五、本通知从2024年1月1号起执行，有效期5年。") == "本通知从2024年1月1号起执行"
    """
    span = clause.get("span")
    if not span:
        return ""
    body = text[span[0]:span[1]]
    label = clause.get("label") or ""
    body = (body[len(label):] if body.startswith(label) else body).lstrip()
    phrase = _PHRASE_END.split(body, maxsplit=1)[0].strip()
    return phrase if len(phrase) <= FIRST_WORDS else phrase[:FIRST_WORDS] + "…"


def distinct_facts(facts: Iterable[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """``(index, fact)`` without the repeats: a fact with the role and value of another whose span holds it
    (a threshold 1000万元 inside the condition 达到1000万元以上) is the same figure said once."""
    indexed = list(enumerate(facts))
    same_role: dict[Any, list[tuple[int, dict[str, Any]]]] = defaultdict(list)  # only these can repeat each other
    for i, fact in indexed:
        same_role[fact.get("role")].append((i, fact))
    kept = []
    for i, fact in indexed:
        start, end = fact["span"]
        repeated = any(
            j != i and other.get("value") == fact.get("value")
            and other["span"][0] <= start and end <= other["span"][1]
            and (other["span"][1] - other["span"][0], j) > (end - start, i)
            for j, other in same_role[fact.get("role")]
        )
        if not repeated:
            kept.append((i, fact))
    return kept


def document_html(text: str, facts: list[dict[str, Any]], clauses: Iterable[dict[str, Any]],
                  kinds: set[str] | None = None) -> str:
    """The text as a document: facts of ``kinds`` in tinted ``<mark>``s (kind and role on hover), an anchor at
    each clause and each fact. Every piece of the text is escaped; overlapping marks keep the longer."""
    anchors = sorted([(c["span"][0], clause_anchor(c["id"])) for c in clauses if c.get("span")]
                     + [(f["span"][0], fact_anchor(i)) for i, f in enumerate(facts)])
    marks, last_end = [], -1
    for fact in sorted((f for f in facts if not kinds or f["kind"] in kinds),
                       key=lambda f: (f["span"][0], -(f["span"][1] - f["span"][0]))):
        start, end = fact["span"]
        if start >= last_end and end > start:
            marks.append(fact)
            last_end = end
    out, pos, a = [], 0, 0

    def upto(limit: int) -> None:  # the text from pos to limit, with the anchors that fall in it
        nonlocal pos, a
        while a < len(anchors) and anchors[a][0] <= limit:
            at = max(anchors[a][0], pos)
            out.append(escape(text[pos:at]) + f'<span id="{anchors[a][1]}"></span>')
            pos, a = at, a + 1
        out.append(escape(text[pos:limit]))
        pos = limit

    for fact in marks:
        start, end = fact["span"]
        upto(start)
        kind = FACT_LABELS.get(fact["kind"], "其他")
        hover = kind + ("" if not fact.get("role") else f"（{role_label(fact['role'], fact.get('kind'))}）")
        color = FACT_COLORS.get(fact["kind"], "#eeeeee")
        out.append(f'<mark title="{escape(hover)}" style="background:{color};padding:0 1px;border-radius:2px">'
                   f"{escape(text[start:end])}</mark>")
        pos = end
    upto(len(text))
    return ('<article style="white-space:pre-wrap;line-height:1.9;font-size:1.02rem">' + "".join(out)
            + "</article>")


def facts_table_html(facts: list[dict[str, Any]], labels: dict[str, str], kinds: set[str] | None = None,
                     code_labels: dict[str, str] | None = None) -> str:
    """The facts, each once, as a table whose 条款 cell takes you to the fact in the text; values in Chinese
    (``code_labels``: code keys' labels, ``ui.api.code_labels``)."""
    rows = []
    for i, fact in distinct_facts(facts):
        if kinds and fact["kind"] not in kinds:
            continue
        where = labels.get(fact.get("clause") or "", "") or "正文"
        rows.append(
            f'<tr><td><a href="#{fact_anchor(i)}">{escape(where)}</a></td>'
            f"<td>{escape(FACT_LABELS.get(fact['kind'], '其他'))}</td><td>{escape(role_label(fact.get('role'), fact.get('kind')))}</td>"
            f"<td>{escape(fact_value_zh(fact, code_labels))}</td><td>{escape(fact.get('quote'))}</td></tr>")
    if not rows:
        return "<p>（没有这些类型的抽取结果）</p>"
    head = "".join(f"<th>{h}</th>" for h in ("条款", "类型", "角色", "值", "原文"))
    return f'<table class="facts"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def highlighted_text(text: str, facts: Iterable[dict[str, Any]], kinds: set[str] | None = None) -> str:
    """The text with its facts marked (``document_html`` without clause anchors), for a preview."""
    return document_html(text, list(facts), [], kinds)


def facts_rows(facts: Iterable[dict[str, Any]], labels: dict[str, str] | None = None,
               code_labels: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The facts, each once, as table rows in Chinese (clause labels as printed when ``labels`` are given)."""
    return [{
        "类型": FACT_LABELS.get(fact["kind"], "其他"),
        "角色": role_label(fact.get("role"), fact.get("kind")),
        "值": fact_value_zh(fact, code_labels),
        "条款": (labels or {}).get(fact.get("clause") or "", fact.get("clause") or EMPTY),
        "原文": fact.get("quote") or EMPTY,
    } for _i, fact in distinct_facts(list(facts))]


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
