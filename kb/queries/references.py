"""Resolve a reference to a document held in the store: a 文号, a title, a title with a version date, a file
name or a store id.

Bracket styles (〔〕 [] ［］ （） () 【】), full-width digits and spaces do not matter. A title held in several
dated versions resolves to the newest unless a date is given (``公司法@2018-10-26`` or ``公司法(2018-10-26)``).
When nothing matches, ``RefNotFound`` carries suggestions ranked by rapidfuzz: over 文号 split into 机关代字 /
year / number (so the same year and number with a close 机关代字 ranks first), and over titles.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from extractor.docno import doc_no_key, split_doc_no
from kb.store import Store, title_key

_DATED = re.compile(r"^(?P<title>.+?)\s*(?:@|[(（])\s*(?P<date>\d{4}-\d{2}-\d{2})\s*[)）]?$")


class RefNotFound(LookupError):
    """No document matches ``ref``; ``suggestions`` lists the closest ``{id, doc_no, title, score}``."""

    def __init__(self, ref: str, suggestions: list[dict[str, Any]],
                 mentioned_by: list[dict[str, Any]] | None = None) -> None:
        self.ref = ref
        self.suggestions = suggestions
        self.mentioned_by = mentioned_by or []
        message = f"no document matches {ref!r}"
        if self.mentioned_by:
            names = "; ".join(f"{m['kind']} by {_label(m)}" for m in self.mentioned_by[:5])
            message += f" (it is named but not held here: {names})"
        hint = "; ".join(_label(s) for s in suggestions[:5])
        super().__init__(message + (f"; did you mean: {hint}" if hint else ""))


def _label(doc: dict[str, Any]) -> str:
    if doc.get("doc_no"):
        return f"{doc['doc_no']} {doc.get('title') or ''}".strip()
    title = doc.get("title") or doc.get("source") or f"#{doc['id']}"
    return f"{title} ({doc['version_date']})" if doc.get("version_date") else title


SQLITE_MAX_ID = 2**63 - 1  # a larger number is no id (sqlite3 would raise OverflowError binding it)


def label(doc: dict[str, Any]) -> str:
    """How a document is named to people: its 文号 and title, or its title and version date."""
    return _label(doc)


def resolve(store: Store, ref: str | int) -> int:
    """The id of the document ``ref`` names; raises ``RefNotFound`` with suggestions.

    Example: resolve(store, "邵市政办发[2023]21号") == resolve(store, "邵市政办发〔2023〕21号")
    """
    return resolve_version(store, ref)[0]


def resolve_version(store: Store, ref: str | int) -> tuple[int, bool]:
    """``(id, exact)``: the document ``ref`` names, and whether it names that exact version (an id, or a title
    with its version date) rather than the chain of versions (a 文号 or a bare title).

    Example: resolve_version(store, "公司法(2018-10-26)")[1] is True
    """
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        doc_id = int(ref)
        if doc_id <= SQLITE_MAX_ID and store.has_document(doc_id):
            return doc_id, True
        raise RefNotFound(str(ref), [])
    text = ref.strip()
    docs = store.reference_rows()
    key = doc_no_key(text)
    hits = [d for d in docs if d["doc_no_key"] and d["doc_no_key"] == key]
    if hits:
        return hits[0]["id"], False
    date = None
    dated = _DATED.match(text)
    if dated:
        text, date = dated["title"], dated["date"]
    tkey = title_key(text)
    hits = [d for d in docs if title_key(d["title"]) == tkey]
    if not hits:
        hits = [d for d in docs if Path(d["source"]).stem in {ref.strip(), text} or Path(d["source"]).name == text]
    if date:
        hits = [d for d in hits if d["version_date"] == date] or []
    if hits:
        return max(hits, key=lambda d: (d["version_date"] or "", -d["id"]))["id"], date is not None
    raise RefNotFound(ref, suggest(docs, ref), mentioned_by(store, ref))


def mentioned_by(store: Store, ref: str) -> list[dict[str, Any]]:
    """Documents held here that cite, repeal or amend ``ref`` (a 文号 or title not itself held).

    Example: mentioned_by(store, "湘政办发〔2023〕9号") → [{"kind": "cites", "id": 3, "doc_no": ...}, ...]
    """
    key, tkey = doc_no_key(ref), title_key(ref)
    rows = store.mentions(key) if key else []
    if not rows and tkey:
        rows = [r for r in store.mentions() if title_key(r["to_title"]) == tkey]
    return rows


def suggest(docs: list[dict[str, Any]], ref: str, limit: int = 5) -> list[dict[str, Any]]:
    """The documents closest to ``ref``, best first, as ``{id, doc_no, title, version_date, score}``."""
    scores: dict[int, float] = {}
    parts = split_doc_no(ref)
    if parts:
        agency, year, number = parts
        for d in docs:
            if not d["doc_no_key"]:
                continue
            theirs = split_doc_no(d["doc_no_key"]) or (d["doc_no_agency"] or "", d["doc_no_year"], d["doc_no_number"])
            score = 0.6 * fuzz.ratio(agency, theirs[0] or "")
            score += 20 if year is not None and year == theirs[1] else 0
            score += 20 if number == str(theirs[2]) else 0
            scores[d["id"]] = max(scores.get(d["id"], 0.0), score)
    titles = {d["id"]: title_key(d["title"]) for d in docs if d["title"]}
    if parts:
        titles = {}  # a 文号 is compared as a 文号, not as a string against titles
    for _choice, score, doc_id in process.extract(title_key(ref) or ref, titles, scorer=fuzz.WRatio,
                                                  limit=limit * 2):
        scores[doc_id] = max(scores.get(doc_id, 0.0), float(score))
    by_id = {d["id"]: d for d in docs}
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"id": doc_id, "doc_no": by_id[doc_id]["doc_no"], "title": by_id[doc_id]["title"],
         "version_date": by_id[doc_id]["version_date"], "score": round(score, 1)}
        for doc_id, score in ranked[:limit] if score >= 40
    ]
