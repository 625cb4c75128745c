"""Reference linking and supersession: which held document a relation names, and which version supersedes
which. Run after every ingest (``Store.link``).

Versions are linked only by what shows they are versions: the same title in distinct version dates (LawRefBook's
``公司法(2023-12-29).md``), or an explicit 代替 / 替代 (a ``replaces`` relation the extractor read). The same 文号
with another text and no such link is a conflict (issue 15), never a version.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import PurePath
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


_DATED_NAME = re.compile(r"^(?P<name>.+?)\s*[(（]\d{4}-\d{2}-\d{2}[)）]$")


def version_groups(docs: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Dated documents that are versions of one law: the same title, or the same file name but for the date
    in one folder (LawRefBook names each file by the law's title, ``公司法(2018-10-26).md``), which still
    joins versions whose printed title the header read with the info block glued on."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for d in docs:
        if not d["version_date"]:
            continue
        keys = [f"title:{title_key(d['title'])}"] if title_key(d["title"]) else []
        path = PurePath(d["source"] or "")
        named = _DATED_NAME.match(path.stem)
        if named:
            keys.append(f"file:{path.parent}/{named['name']}")
        for key in keys:
            if key in first:
                parent[root(d["id"])] = root(first[key])
            else:
                first[key] = d["id"]
        root(d["id"])
    groups: dict[int, list[dict[str, Any]]] = {}
    for d in docs:
        if d["id"] in parent:
            groups.setdefault(root(d["id"]), []).append(d)
    return list(groups.values())


DOCS_SQL = ("SELECT id, source, doc_no_key, title, version_date, effective_from, issue_date FROM documents "
            "ORDER BY id")
RELATIONS_SQL = ('SELECT id, from_doc, kind, to_doc_no_key, to_title, to_doc_id, quote, start, "end" '
                 "FROM relations WHERE kind != 'supersedes' ORDER BY id")


@dataclass(frozen=True, slots=True)
class LinkPlan:
    """What linking changes: relation targets (``(to_doc_id, relation id)``, only those that change) and the
    ``supersedes`` rows to write afresh (``(from_doc, to_title, to_doc_id, quote, start, end, extra JSON)``)."""

    targets: list[tuple[int | None, int]]
    supersedes: list[tuple[int, str | None, int, str | None, int | None, int | None, str]]


def link_documents(store: Store) -> None:
    """Set ``relations.to_doc_id`` where the named document is held here (by 文号 key, else by title), and
    rewrite the derived ``supersedes`` relations (see ``version_groups`` and ``replaces``); the SQLite store's
    half of ``plan_links``."""
    with store.transaction() as conn:
        plan = plan_links(conn.execute(DOCS_SQL).fetchall(), conn.execute(RELATIONS_SQL).fetchall())
        conn.executemany("UPDATE relations SET to_doc_id = ? WHERE id = ?", plan.targets)
        conn.execute("DELETE FROM relations WHERE kind = 'supersedes'")
        conn.executemany('INSERT INTO relations (from_doc, kind, to_title, to_doc_id, quote, start, "end", extra) '
                         "VALUES (?, 'supersedes', ?, ?, ?, ?, ?, ?)", plan.supersedes)


def plan_links(docs: list[dict[str, Any]], relations: list[dict[str, Any]]) -> LinkPlan:
    """The link changes for ``docs`` (``DOCS_SQL``'s rows) and their relations (``RELATIONS_SQL``'s), whatever
    the store: each backend reads the rows and applies the plan in its own SQL."""
    dates = {d["id"]: d["version_date"] or d["issue_date"] or d["effective_from"] for d in docs}
    titles = {d["id"]: d["title"] for d in docs}
    by_no: dict[str, int] = {}
    by_title: dict[str, list[dict[str, Any]]] = {}
    for d in docs:
        if d["doc_no_key"]:
            by_no.setdefault(d["doc_no_key"], d["id"])
        key = title_key(d["title"])
        if key:
            by_title.setdefault(key, []).append(d)
    targets: list[tuple[int | None, int]] = []
    replaced: list[tuple[dict[str, Any], int]] = []
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
        if rel["kind"] == "replaces" and target is not None:
            replaced.append((rel, target))
    supersedes: list[tuple[int, str | None, int, str | None, int | None, int | None, str]] = []
    for versions in version_groups(docs):
        dated = sorted((d for d in versions if d["version_date"]), key=lambda d: (d["version_date"], d["id"]))
        for older, newer in zip(dated, dated[1:], strict=False):
            if older["version_date"] == newer["version_date"]:
                continue
            supersedes.append((newer["id"], older["title"], older["id"], None, None, None,
                               json.dumps({"basis": "version_date", "from_version": newer["version_date"],
                                           "to_version": older["version_date"]})))
    for rel, target in replaced:
        supersedes.append((rel["from_doc"], titles[target], target, rel["quote"], rel["start"], rel["end"],
                           json.dumps({"basis": "replaces"})))
    return LinkPlan(targets, supersedes)
