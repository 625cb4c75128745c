"""Documents this one repeals, cites and amends, from the text alone.

* ``repeals``: ``《…》（丽政办发〔2021〕67号）…同时废止`` / 不再执行 / 停止执行 / 予以废止; ``partial`` when only
  articles are named (``《X》第十条同时废止``); a repeal naming no document (原有政策同时废止) keeps both null;
* ``cites``: ``根据《…》（湘政办发〔2023〕9号）`` → ``basis``; ``为贯彻落实《…》`` → ``implements``;
  ``按《…》规定`` and any other mention → ``mentions``. A title without a 文号 keeps ``doc_no`` null; a bare
  文号 keeps ``title`` null. The enclosed text of a 印发 notice (现将《…》印发给你们), the document itself (本《…》,
  its own 文号) and abbreviations (以下简称《省实施办法》) are not citations;
* ``amends``: ``对《X》作如下修改`` / ``《X》第N条修改为`` (``direction: amends``) and a law's info-block lines
  ``…《关于修改〈X〉的决定》第一次修正`` (``direction: amended_by``, with the date);
* ``repeals_part``: the partial repeals again, each with the ``articles`` it names (``《X》第十条、第十二条同时废止``
  → 第十条, 第十二条): the document repealed is 部分失效, not repealed;
* ``replaces``: ``本办法代替《X》`` / ``《X》由本规定替代``; a document whose own title is ``关于废止《X》的决定``
  repeals X, and one titled ``关于修改《X》的决定`` amends X;
* ``version_date``: for a law (lawrefbook), the date in the file name ``民事诉讼法(2021-12-24).md``, else the latest
  info-block date; null for other documents.

``iter_references`` is the one generator behind both ``extract_relations`` and the ``doc_refs`` facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from extractor.datetext import DATE_PATTERN, parse_date_match
from extractor.docno import find_doc_nos, normalize_doc_no, parse_doc_no
from extractor.facts._common import alternation, lexicon, sentence_at
from extractor.models import DocNo, Document

_ITEM = re.compile(
    r"《(?P<title>[^《》\n]{2,150})》"
    r"(?:（(?P<paren>[^（）\n]{0,80})）)?(?:（(?P<paren2>以下[^（）\n]{0,30})）)?"
)
_TITLE_SUFFIX = re.compile(r"（(?:试行|暂行|修订|修正|草案|\d{4}年[^）]{0,6}|[^）]{0,4}版)）$")
_CONNECTORS = re.compile(r"^[\s、，,和及与以或等的文件精神有关相关规定要求]*$")
_VERSION_IN_NAME = re.compile(r"\((\d{4}-\d{2}-\d{2})\)")


@dataclass(frozen=True, slots=True)
class Reference:
    kind: str  # cites | repeals | amends | replaces
    doc_no: DocNo | None
    title: str | None
    quote: str
    start: int
    end: int
    relation: str | None = None  # cites: basis | implements | mentions; amends: amends | amended_by
    partial: bool = False
    date: str | None = None
    doc_no_span: tuple[int, int] | None = None
    articles: tuple[str, ...] = ()  # a partial repeal: the articles named (第十条, 第十二条)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc_no": self.doc_no.text if self.doc_no else None,
            "title": self.title,
            "quote": self.quote,
            "span": [self.start, self.end],
        }
        if self.kind == "cites":
            out["relation"] = self.relation
        elif self.kind == "repeals":
            out["partial"] = self.partial
            if self.partial:
                out["articles"] = list(self.articles)
        elif self.kind == "amends":
            out["direction"] = self.relation
            out["date"] = self.date
        return out


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    lex = lexicon("validity")
    cite = lex["cite"]
    keywords = [(w, "basis") for w in cite["basis"]] + [(w, "implements") for w in cite["implements"]]
    keywords += [(w, "mentions") for w in cite["mentions"]]
    return {
        "repeal": re.compile(alternation(lex["repeal"]["phrases"])),
        "partial": re.compile("|".join(lex["repeal"]["partial_markers"])),
        "title_end": re.compile(alternation(cite["title_ends"]) + "$"),
        "alias": re.compile(cite["alias"] + r"《(?P<alias>[^《》]{1,30})》"),
        "enclosed": [re.compile(p) for p in cite["enclosed"]],
        "keyword": re.compile(alternation(w for w, _ in keywords)),
        "keyword_kind": dict(keywords),
        "amend_after": re.compile(
            r"[^。；\n]{0,30}?(?:作如下修改|修改如下|作出如下修改|修改为|进行修改|予以修改|作如下修正)"
        ),
        "amend_line": re.compile(alternation(lex["amend"]["phrases"])),
        "amend_own_title": re.compile(alternation(lex["amend"]["own_title_before"]) + "$"),
        "repeal_own_title": re.compile(alternation(lex["repeal"]["own_title_before"]) + "$"),
        "article": re.compile(lex["repeal"]["article"]),
        "replace_before": re.compile(alternation(lex["replace"]["verbs"]) + r"(?:原)?$"),
        "replace_after": re.compile(
            r"[^。；\n《》]{0,12}?(?:由|被)" + lex["effect"]["self_subject"] + r"(?:所)?"
            + alternation(lex["replace"]["verbs"])
        ),
        "self_subject": re.compile(lex["effect"]["self_subject"]),
    }


def _is_document_title(title: str) -> bool:
    return bool(_lex()["title_end"].search(_TITLE_SUFFIX.sub("", title)))


def _clean_title(title: str) -> str:
    return title.replace("<", "〈").replace(">", "〉")


def _same(a: DocNo | None, b: DocNo | None) -> bool:
    return a is not None and b is not None and normalize_doc_no(a.text) == normalize_doc_no(b.text)


def iter_references(doc: Document) -> Iterator[Reference]:
    """Every cited, repealed or amended document, in text order (not deduplicated). The ``doc_refs`` facts and
    ``extract_relations`` both ask for them: a document is scanned once (the last one's are kept)."""
    global _last_references
    key, cached = _references_key(doc), _last_references  # one read: another thread may replace it
    if cached is None or not _same_key(cached[0], key):
        cached = key, tuple(_references(doc))
        _last_references = cached
    yield from cached[1]


_ReferencesKey = tuple[str, DocNo | None, str | None, str | None, tuple[int, int] | None]
_last_references: tuple[_ReferencesKey, tuple[Reference, ...]] | None = None


def _references_key(doc: Document) -> _ReferencesKey:
    """What the references depend on: the text and the header's own 文号, titles and title span."""
    header = doc.header
    return doc.text, header.doc_no, header.title, header.attachment_title, header.title_span


def _same_key(a: _ReferencesKey, b: _ReferencesKey) -> bool:
    return (a[0] is b[0] or a[0] == b[0]) and a[1:] == b[1:]


def _references(doc: Document) -> Iterator[Reference]:
    lex = _lex()
    text, header = doc.text, doc.header
    own_titles = {t for t in (header.title, header.attachment_title) if t}
    aliases: set[str] = set()
    # （以下称《办法》）: later mentions of the alias cite the document it was defined on
    alias_of: dict[str, tuple[DocNo | None, str]] = {}
    covered: list[tuple[int, int]] = []
    found: list[Reference] = []
    for match in _ITEM.finditer(text):
        title = match.group("title")
        parens = " ".join(p for p in (match.group("paren"), match.group("paren2")) if p)
        defined = [alias.group("alias") for alias in lex["alias"].finditer(parens)]
        aliases.update(defined)
        covered.append((match.start(), match.end()))
        if title in alias_of and not defined:
            doc_no, target = alias_of[title]
            ref = _classify(doc, match.start(), match.end("title") + 1, doc_no, target, match.end("title") + 1, None)
            if ref:
                found.append(ref)
            continue
        if title in aliases or not _is_document_title(title):
            continue
        doc_no, no_span = None, None
        if match.group("paren") and (hits := find_doc_nos(match.group("paren"))):
            doc_no, s, e = hits[0]
            no_span = (match.start("paren") + s, match.start("paren") + e)
        if _is_self(doc, match, title, doc_no, own_titles):
            continue
        for alias in defined:
            alias_of[alias] = (doc_no, _clean_title(title))
        end = match.end()
        quote_end = end if match.group("paren") and doc_no else match.end("title") + 1
        ref = _classify(doc, match.start(), end, doc_no, _clean_title(title), quote_end, no_span)
        if ref:
            found.append(ref)
    for doc_no, start, end in find_doc_nos(text):
        if any(s <= start < e for s, e in covered) or _same(doc_no, header.doc_no):
            continue
        ref = _classify(doc, start, end, doc_no, None, end, (start, end))
        if ref:
            found.append(ref)
    found.extend(_unnamed_repeals(doc, found))
    found.sort(key=lambda r: r.start)
    yield from found


def _is_self(doc: Document, match: re.Match[str], title: str, doc_no: DocNo | None, own: set[str]) -> bool:
    text = doc.text
    if _same(doc_no, doc.header.doc_no) or title in own:
        return True
    before = text[max(0, match.start() - 6) : match.start()]
    after = text[match.end() : match.end() + 30]
    if before.endswith("本"):
        return True
    parens = " ".join(p for p in (match.group("paren"), match.group("paren2")) if p)
    if re.search(r"见(?:本\w{0,4})?附件", parens):  # （以下简称《适配目录》，见附件）: this document's own annex
        return True
    lex = _lex()
    if lex["enclosed"][0].search(before):
        return True
    return any(p.search(after.split("。")[0]) for p in lex["enclosed"][1:])


def _classify(
    doc: Document,
    start: int,
    end: int,
    doc_no: DocNo | None,
    title: str | None,
    quote_end: int,
    no_span: tuple[int, int] | None,
) -> Reference | None:
    lex = _lex()
    text = doc.text
    s, e = sentence_at(text, start, stops="。\n")
    quote = text[start:quote_end]
    common = {
        "doc_no": doc_no,
        "title": title,
        "quote": quote,
        "start": start,
        "end": quote_end,
        "doc_no_span": no_span,
    }
    line_start = text.rfind("\n", 0, start) + 1
    info = DATE_PATTERN.match(text, line_start)
    if info and lex["amend_line"].search(text, end, min(e, end + 12)):
        when = parse_date_match(info)
        return Reference("amends", relation="amended_by", date=when.isoformat() if when else None, **common)
    if lex["amend_after"].match(text, end) and "对" in text[max(s, start - 3) : start]:
        return Reference("amends", relation="amends", **common)
    own_title = doc.header.title_span
    if own_title and own_title[0] <= start < own_title[1]:
        head = text[own_title[0] : start]
        if lex["amend_own_title"].search(head):  # 关于修改《X》的决定: this document amends X
            return Reference("amends", relation="amends", **common)
        if lex["repeal_own_title"].search(head):
            return Reference("repeals", **common)
    replaced_here = lex["replace_before"].search(text, s, start) and lex["self_subject"].search(text, s, start)
    if replaced_here or lex["replace_after"].match(text, end, e):  # 本办法…代替《X》 / 《X》由本办法替代
        return Reference("replaces", **common)
    if re.match(r"^第[一二三四五六七八九十百零〇\d]+条[^。]{0,20}修改为", text[end:e]):
        return Reference("amends", relation="amends", **common)
    repeal = lex["repeal"].search(text, end, e)
    if repeal and not _ITEM.search(text, repeal.end(), e) and not re.search(r"不一致|相抵触|冲突", text[s:e]):
        between = text[end : repeal.start()]
        between = _ITEM.sub("", between)
        partial = bool(lex["partial"].search(between))
        articles = tuple(m.group(0) for m in lex["article"].finditer(between)) if partial else ()
        return Reference("repeals", partial=partial, articles=articles, **common)
    return Reference("cites", relation=_relation(text, s, start), **common)


def _relation(text: str, sentence_start: int, start: int) -> str:
    """The keyword that governs the list of titles this one belongs to, if the gap holds only titles."""
    lex = _lex()
    inside = [(m.start(), m.end()) for m in _ITEM.finditer(text, sentence_start, start)]
    keywords = [
        k
        for k in lex["keyword"].finditer(text, sentence_start, start)
        if not any(a <= k.start() < b for a, b in inside)
    ]
    for keyword in reversed(keywords):
        gap = _ITEM.sub("", text[keyword.end() : start])
        gap = re.sub(r"[\u4e00-\u9fff]{0,8}〔\d{4}〕\d+号", "", gap)
        if _CONNECTORS.match(gap) or len(gap) <= 2:
            return str(lex["keyword_kind"][keyword.group(0)])
        break
    return "mentions"


def _unnamed_repeals(doc: Document, found: list[Reference]) -> Iterator[Reference]:
    """原有政策同时废止 / 此前出台的…不再执行: a repeal that names no document."""
    lex = _lex()
    text = doc.text
    for match in lex["repeal"].finditer(text):
        s, e = sentence_at(text, match.start(), stops="。\n；")
        if any(s <= r.start < e for r in found) or re.search(r"不一致|相抵触|冲突|以本", text[s:e]):
            continue
        subject = re.search(r"(?:原|此前|以前|之前|原有|原来|过去)[^。；，]{1,40}$", text[s : match.start()])
        if subject:
            start = s + subject.start()
            yield Reference("repeals", None, None, text[start : match.end()], start, match.end())


def version_date(doc: Document) -> str | None:
    name = PurePath(doc.source).name
    if found := _VERSION_IN_NAME.search(name):
        return found.group(1)
    dated = [f.value for f in doc.facts if f.kind == "date" and f.extra.get("event")]
    return max(dated) if dated else None


def extract_relations(doc: Document) -> dict[str, Any]:
    repeals: list[dict[str, Any]] = []
    cites: list[dict[str, Any]] = []
    amends: list[dict[str, Any]] = []
    replaces: list[dict[str, Any]] = []
    seen: set[tuple[str, Any, str | None]] = set()
    for ref in iter_references(doc):
        key = (ref.kind, normalize_doc_no(ref.doc_no.text) if ref.doc_no else ref.title or ref.quote, ref.date)
        if key in seen:
            continue
        seen.add(key)
        {"repeals": repeals, "cites": cites, "amends": amends, "replaces": replaces}[ref.kind].append(ref.to_dict())
    repeals_part = [
        {k: r[k] for k in ("doc_no", "title", "articles", "quote", "span")} for r in repeals if r["partial"]
    ]
    return {
        "repeals": repeals,
        "repeals_part": repeals_part,
        "cites": cites,
        "amends": amends,
        "replaces": replaces,
        "version_date": version_date(doc),
    }


__all__ = ["Reference", "extract_relations", "iter_references", "parse_doc_no", "version_date"]
