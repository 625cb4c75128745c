"""Does a partial repeal take a measure away on a day? ``《A》第十条、第十二条同时废止`` in a document B held here
(``extractor.relations``: a ``repeals`` relation with ``partial`` and the ``articles`` it names).

``repeals_of(store, doc_id, clause_id, on)`` lists, for a measure of A (its clause id; ``start``, its offset, for a
repeal naming a 款), every partial repeal held here that names the article it stands in, each as a record:

* ``status`` — ``repealed`` (B's effective date is on or before the day), ``pending`` (after it) or
  ``date_unknown`` (B states no effective date: its issue date is not taken for it, and the measure is not
  taken away; the record says so);
* ``certain`` — the article is read without doubt: A numbers its articles 第X条 and the measure's clause is that
  article or stands under it (its 款 or 项 when B names one). A document with no 第X条 articles (a 若干措施 numbered
  一、 / （一） / 1.) is read at the level its items are numbered through the document (（十七） under 五、
  follows （十六） under 四、), else at its top level: ``certain`` is then false and ``reading`` says how it was read;
* ``by`` (B's id, 文号, title), ``from`` (B's effective date), ``issue_date``, ``quote`` (B's words), ``named``
  (the provision as B prints it: 第十条第二款), ``article`` (A's printed label of the article or item read),
  ``reason`` and ``reason_zh`` (已被《B》（文号）废止（第十条），自 … 起：“…”).

Articles are compared by number (第十条 == 第10条, 第十条之一 its own article), never by their words: 第十条 names
neither 第十一条 nor 第一百条. 第五条至第七条 names 第五条, 第六条 and 第七条. A partial repeal that names no
article (《A》的部分条款 / 相关内容同时废止) is listed for every measure of A with ``certain`` false, ``named``
and ``article`` null: it may take any of them away, which cannot be told. Only the documents held here are
seen ("as far as the documents held here show").
``kb.queries.match`` leaves a measure ``repealed`` and ``certain`` out of its results and lists it in
``repealed``; ``kb.queries.compare`` does the same on a date, and marks it otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from extractor.clause_labels import CN_NUM, cn_number, read_label
from kb.queries.validity import AS_FAR, as_date
from kb.store import Store

_NUM = rf"[{CN_NUM}\d]+"
_PROVISION = re.compile(rf"第(?P<article>{_NUM})条(?:之(?P<sub>{_NUM}))?(?:第(?P<para>{_NUM})款)?"
                        rf"(?:第(?P<item>{_NUM})项)?")
_RANGE_JOIN = re.compile(r"^\s*(?:至|到|—|－|-|~|～)\s*$")
_LAW_STYLES = {"bian", "fenbian", "zhang", "jie", "tiao"}
_SENTENCE_END = re.compile(r"[。；;\n]")
_QUOTE_MAX = 300


@dataclass(frozen=True, slots=True)
class Provision:
    """One provision a partial repeal names: 第十条 (article 10), 第十条之一 (10, sub 1), 第三条第二款第一项."""

    text: str
    article: int
    sub: int = 0
    paragraph: int | None = None
    item: int | None = None


def provision(text: str) -> Provision | None:
    """The provision a label names, its numerals read (Chinese or Arabic), or None.

    Example: provision("第10条") == provision("第十条"); provision("第三条第二款").paragraph == 2
    """
    found = _PROVISION.fullmatch(text.strip())
    if not found:
        return None
    numbers = [cn_number(found[k]) if found[k] else None for k in ("article", "sub", "para", "item")]
    if numbers[0] is None or any(found[k] and n is None for k, n in zip(("sub", "para", "item"), numbers[1:],
                                                                        strict=True)):
        return None
    return Provision(text.strip(), numbers[0], numbers[1] or 0, numbers[2], numbers[3])


def named_provisions(articles: list[str], quote: str | None) -> list[Provision]:
    """The provisions a partial repeal names: the extractor's ``articles``, a range between two of them
    (第五条至第七条) filled in from the quote.

    Example: [p.article for p in named_provisions(["第五条", "第七条"], "《X》第五条至第七条同时废止")] == [5, 6, 7]
    """
    read = [(a, provision(a)) for a in articles]
    out: list[Provision] = []
    for i, (text, p) in enumerate(read):
        if p is None:
            continue
        before, prev = read[i - 1] if i else ("", None)
        if prev is not None and quote and _whole(prev) and _whole(p) and prev.article < p.article:
            between = _between(quote, before, text)
            if between is not None and _RANGE_JOIN.match(between):
                out += [Provision(f"第{n}条", n) for n in range(prev.article + 1, p.article)]
        out.append(p)
    return list(dict.fromkeys(out))


def _whole(p: Provision) -> bool:
    return not p.sub and p.paragraph is None and p.item is None


def _between(quote: str, first: str, second: str) -> str | None:
    at = quote.find(first)
    if at < 0:
        return None
    after = at + len(first)
    end = quote.find(second, after)
    return quote[after:end] if end >= 0 else None


# -- the document repealed: its articles -----------------------------------------------------------------------


def _number(clause: dict[str, Any]) -> tuple[int, int] | None:
    """``(number, 之N)`` of a clause's printed label (第十条之一 → (10, 1); （十） → (10, 0))."""
    label = read_label(clause.get("label") or "")
    return (label.number, label.sub) if label else None


class Articles:
    """The articles of one document, as a partial repeal names them: its 第X条, or (none printed) the items at
    the level numbered through the document. The text is read only for a repeal that names a 款."""

    def __init__(self, store: Store, doc_id: int) -> None:
        self.store = store
        self.doc_id = doc_id
        self.clauses = {c["id"]: c for c in store.clauses(doc_id)}
        self.has_articles = any(c["kind"] == "article" for c in self.clauses.values())
        self.level = None if self.has_articles else _numbered_through(list(self.clauses.values()))

    @cached_property
    def text(self) -> str | None:
        doc = self.store.document(self.doc_id, text=True, extraction=False)
        return (doc or {}).get("text")

    def article_of(self, clause_id: str | None) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        """The article (or item read as one) a clause stands in, and the clauses from it down to that clause."""
        path = []
        current = self.clauses.get(clause_id or "")
        seen = set()
        while current is not None and current["id"] not in seen:
            seen.add(current["id"])
            path.append(current)
            if (current["kind"] == "article") if self.has_articles else \
                    (current["kind"] == "item" and current["level"] == self.level):
                return current, list(reversed(path))
            current = self.clauses.get(current.get("parent") or "")
        return None

    def paragraph(self, article: dict[str, Any], start: int | None) -> int | None:
        """The 款 of an article an offset falls in: its lines, each item line (（一）…) joined to the 款 above
        it; None when the text or the offset is not known."""
        text = self.text
        if text is None or start is None or not article["start"] <= start <= article["end"]:
            return None
        paragraph, at = 0, article["start"]
        for line in text[article["start"]:article["end"]].split("\n"):
            if stripped := line.strip():
                label = read_label(stripped)
                if not paragraph or label is None or label.style in _LAW_STYLES:
                    paragraph += 1  # the article's first line, or a line of its own: a 款 (an item line is not)
            if start < at + len(line) + 1:
                return max(paragraph, 1)
            at += len(line) + 1
        return paragraph


def _numbered_through(clauses: list[dict[str, Any]]) -> int | None:
    """The level whose items are numbered through the document (1, 2, … across two parents or more), the
    deepest; else the top level of items; None when there are none."""
    levels: dict[int, list[dict[str, Any]]] = {}
    for c in clauses:
        if c["kind"] == "item":
            levels.setdefault(c["level"], []).append(c)
    through = []
    for level, items in levels.items():
        numbers = [n[0] for c in items if (n := _number(c))]
        parents = {c["parent"] for c in items}
        if len(parents) > 1 and len(numbers) == len(items) and numbers == list(range(1, len(numbers) + 1)):
            through.append(level)
    if through:
        return max(through)
    return min(levels) if levels else None


def _names(p: Provision, articles: Articles, article: dict[str, Any], path: list[dict[str, Any]],
           start: int | None) -> bool | None:
    """Does ``p`` name the measure standing at ``path`` in ``article``? None when its 款 cannot be told."""
    if _number(article) != (p.article, p.sub):
        return False
    if p.paragraph is not None:
        paragraph = articles.paragraph(article, start)
        if paragraph is None:
            return None
        if paragraph != p.paragraph:
            return False
    if p.item is not None:
        below = path[1] if len(path) > 1 else None
        return below is not None and below["kind"] == "item" and (_number(below) or (0, 0))[0] == p.item
    return True


# -- the repeals -----------------------------------------------------------------------------------------------


def partial_repeals(store: Store, doc_id: int) -> list[dict[str, Any]]:
    """The partial repeals of a document held here, from the documents that make them: ``{by, from,
    issue_date, quote, provisions}`` (``provisions`` empty when none is named). ``quote`` is the repealing
    document's sentence from the title repealed to its end (《A》（文号）第十条、第十二条同时废止)."""
    out = []
    texts: dict[int, str | None] = {}
    for rel in store.relations(doc_id, kind="repeals", direction="in"):
        extra = rel["extra"] or {}
        if not extra.get("partial") or rel["from_doc"] == doc_id:
            continue
        if rel["from_doc"] not in texts:
            texts[rel["from_doc"]] = (store.document(rel["from_doc"], text=True, extraction=False) or {}).get("text")
        quote = _sentence(texts[rel["from_doc"]], rel.get("start"), rel["quote"])
        out.append({"by": {"id": rel["from_doc"], "doc_no": rel["from_doc_no"], "title": rel["from_title"]},
                    "from": rel["from_effective_from"], "issue_date": rel["from_issue_date"], "quote": quote,
                    "provisions": named_provisions(list(extra.get("articles") or []), quote)})
    return out


def _sentence(text: str | None, start: int | None, quote: str | None) -> str | None:
    """The words of a repeal from its start to the end of its sentence; the relation's own quote when the text
    does not hold it there."""
    if not text or start is None or not quote or not text.startswith(quote[:8], start):
        return quote
    end = _SENTENCE_END.search(text, start)
    stop = end.start() if end and end.start() - start <= _QUOTE_MAX else start + max(len(quote), _QUOTE_MAX)
    return text[start:stop].strip()


class DocumentRepeals:
    """The partial repeals of one document, read once, asked for each of its measures."""

    def __init__(self, store: Store, doc_id: int) -> None:
        self.repeals = partial_repeals(store, doc_id)
        self.articles = Articles(store, doc_id) if any(r["provisions"] for r in self.repeals) else None

    def __bool__(self) -> bool:
        return bool(self.repeals)

    def of(self, clause_id: str | None, on: date | str | None = None, start: int | None = None
           ) -> list[dict[str, Any]]:
        """Every partial repeal that names the article a measure stands in (its clause, its offset), and every
        one that names no article (it may take the measure away: ``certain`` false), as ``repeals_of`` gives
        them."""
        iso = as_date(on).isoformat()
        out = [_record(r, None, None, iso, UNNAMED) for r in self.repeals if not r["provisions"]]
        articles = self.articles
        found = articles.article_of(clause_id) if articles is not None else None
        if articles is None or found is None:
            return out
        article, path = found
        for r in self.repeals:
            for p in r["provisions"]:
                names = _names(p, articles, article, path, start)
                if names is False:
                    continue
                reading = None
                if not articles.has_articles:
                    reading = (f"the document numbers no 第X条: {p.text} is read as its item {article['label']}, "
                               "numbered through the document; check by hand")
                elif names is None:
                    reading = f"which 款 of {article['label']} the measure stands in cannot be told; check by hand"
                out.append(_record(r, p, article, iso, reading))
                break
        return out


UNNAMED = ("the repeal names no article: whether this measure is among the provisions repealed cannot be told; "
           "check by hand")


def repeals_of(store: Store, doc_id: int, clause_id: str | None, on: date | str | None = None,
               start: int | None = None) -> list[dict[str, Any]]:
    """The partial repeals held here that name the article a measure of ``doc_id`` stands in (its ``clause_id``;
    ``start`` its offset, needed only for a repeal naming a 款), on ``on`` (default today). See the module.

    Example: repeals_of(store, 6, "c5.a33.1", "2025-06-01")[0]["status"] == "repealed"
    """
    return DocumentRepeals(store, doc_id).of(clause_id, on, start)


def in_effect(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The repeal that takes the measure away (``repealed`` and ``certain``), the earliest; None otherwise."""
    taken = sorted((r for r in records if r["status"] == "repealed" and r["certain"]), key=lambda r: r["from"])
    return taken[0] if taken else None


def _name(by: dict[str, Any]) -> tuple[str, str]:
    title = f"《{by['title']}》" if by.get("title") else f"document {by.get('id')}"
    zh_title = f"《{by['title']}》" if by.get("title") else f"编号 {by.get('id')} 的文件"
    if by.get("doc_no"):
        return f"{title} ({by['doc_no']})", f"{zh_title}（{by['doc_no']}）"
    return title, zh_title


def _record(r: dict[str, Any], p: Provision | None, article: dict[str, Any] | None, iso: str,
            reading: str | None) -> dict[str, Any]:
    when = r["from"]
    status = "date_unknown" if not when else "repealed" if when <= iso else "pending"
    en, zh = _name(r["by"])
    quote = r["quote"] or ""
    # the article as the repealed document prints it (第三十三条 for B's 第33条); B's words for a 款 or 项
    if p is None or article is None:
        shown, shown_zh = "provisions not named", "部分条款，未列明条号"
    else:
        shown = shown_zh = article["label"] if _whole(p) and article["kind"] == "article" else p.text
    if status == "repealed":
        reason = f"{shown}: repealed by {en} from {when}: “{quote}”"
        reason_zh = f"已被{zh}废止（{shown_zh}），自 {when} 起：“{quote}”"
    elif status == "pending":
        reason = f"{shown}: to be repealed by {en} from {when}: “{quote}”"
        reason_zh = f"将被{zh}废止（{shown_zh}），自 {when} 起：“{quote}”"
    else:
        issued = f" (issued {r['issue_date']})" if r.get("issue_date") else ""
        issued_zh = f"（成文日期 {r['issue_date']}）" if r.get("issue_date") else ""
        reason = (f"{shown}: repealed by {en}, which states no effective date{issued}: whether the repeal is in "
                  f"effect on {iso} cannot be told: “{quote}”")
        reason_zh = (f"{zh}废止了（{shown_zh}），但未写明施行日期{issued_zh}，"
                     f"无法判断 {iso} 是否已废止：“{quote}”")
    if reading == UNNAMED:
        reason_zh += "（未列明条号，无法判断是否包括该措施，请核对原文）"
    elif reading and p is not None and article is not None:
        reason_zh += (f"（本文件未按“第X条”编号，{p.text} 按其通篇连续编号的 {article['label']} 理解，"
                      "请核对原文）" if "numbers no" in reading
                      else f"（无法判断该措施位于 {article['label']} 第几款，请核对原文）")
    if reading:
        reason += f" ({reading})"
    return {"status": status, "certain": reading is None, "by": dict(r["by"]), "from": when,
            "issue_date": r.get("issue_date"), "quote": r["quote"], "named": p.text if p else None,
            "article": article["label"] if article else None, "reading": reading,
            "reason": f"{reason}, {AS_FAR}", "reason_zh": f"{reason_zh}。以上仅依据本库所收文件判断。"}
