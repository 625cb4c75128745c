"""Reference linking and supersession: which held document a relation names, and which dated version of a law
supersedes which. Run after every ingest (``Store.link``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kb.store.sqlite import Store

_BRACKETS = str.maketrans({"[": "〔", "［": "〔", "【": "〔", "(": "〔", "（": "〔", "「": "〔", "﹝": "〔",
                           "]": "〕", "］": "〕", "】": "〕", ")": "〕", "）": "〕", "」": "〕", "﹞": "〕"})
_SPACE = re.compile(r"\s+")


def title_key(title: str | None) -> str | None:
    """A title with spaces, 《》 and bracket styles folded.

    Example: title_key("《丽水市 若干意见》") == "丽水市若干意见"
    """
    if not title:
        return None
    key = _SPACE.sub("", title).strip("《》<>〈〉")
    return key.replace("〈", "《").replace("〉", "》").replace("<", "《").replace(">", "》").translate(_BRACKETS) or None


_DOCS_SQL = "SELECT id, doc_no_key, title, version_date, effective_from, issue_date FROM documents ORDER BY id"
_RELATIONS_SQL = "SELECT id, from_doc, to_doc_no_key, to_title, to_doc_id FROM relations WHERE kind != 'supersedes'"


@dataclass(frozen=True, slots=True)
class LinkPlan:
    """What linking changes: relation targets (``(to_doc_id, relation id)``, only those that change) and the
    ``supersedes`` rows to write afresh (``(from_doc, to_title, to_doc_id, extra JSON)``)."""

    targets: list[tuple[int | None, int]]
    supersedes: list[tuple[int, str | None, int, str]]


def link_documents(store: Store) -> None:
    """Resolve relation targets to documents held here and derive ``supersedes`` between dated versions (SQLite).

    A target is matched by its normalized 文号, else by its normalized title. Run after every ingest.
    """
    docs = store.conn.execute(_DOCS_SQL).fetchall()
    with store.transaction() as conn:
        plan = plan_links(docs, conn.execute(_RELATIONS_SQL).fetchall())
        conn.executemany("UPDATE relations SET to_doc_id = ? WHERE id = ?", plan.targets)
        conn.execute("DELETE FROM relations WHERE kind = 'supersedes'")
        conn.executemany("INSERT INTO relations (from_doc, kind, to_title, to_doc_id, extra) "
                         "VALUES (?, 'supersedes', ?, ?, ?)", plan.supersedes)


def plan_links(docs: list[dict[str, Any]], relations: list[dict[str, Any]]) -> LinkPlan:
    """The link changes for ``docs`` (``_DOCS_SQL``'s rows) and their relations (``_RELATIONS_SQL``'s), whatever
    the store: each backend reads the rows and applies the plan in its own SQL."""
    dates = {d["id"]: d["version_date"] or d["issue_date"] or d["effective_from"] for d in docs}
    by_no: dict[str, int] = {}
    by_title: dict[str, list[dict[str, Any]]] = {}
    for d in docs:
        if d["doc_no_key"]:
            by_no.setdefault(d["doc_no_key"], d["id"])
        key = title_key(d["title"])
        if key:
            by_title.setdefault(key, []).append(d)
    targets: list[tuple[int | None, int]] = []
    for rel in relations:
        target = by_no.get(rel["to_doc_no_key"]) if rel["to_doc_no_key"] else None
        if target is None and not rel["to_doc_no_key"]:
            # by title: only versions that existed when the naming document was issued
            said_on = dates.get(rel["from_doc"]) or "9999"
            candidates = [d for d in by_title.get(title_key(rel["to_title"]) or "", [])
                          if d["id"] != rel["from_doc"] and (d["version_date"] or d["issue_date"] or "") <= said_on]
            if candidates:
                target = max(candidates, key=lambda d: d["version_date"] or "")["id"]
        if target == rel["from_doc"]:
            target = None
        if target != rel["to_doc_id"]:
            targets.append((target, rel["id"]))
    supersedes: list[tuple[int, str | None, int, str]] = []
    for versions in by_title.values():
        dated = sorted((d for d in versions if d["version_date"]), key=lambda d: (d["version_date"], d["id"]))
        for older, newer in zip(dated, dated[1:], strict=False):
            if older["version_date"] == newer["version_date"]:
                continue
            supersedes.append((newer["id"], older["title"], older["id"],
                               json.dumps({"basis": "version_date", "from_version": newer["version_date"],
                                           "to_version": older["version_date"]})))
    return LinkPlan(targets, supersedes)
