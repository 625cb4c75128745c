"""Version chains (法规变迁): the documents that are versions of one another, which one was in force on a day, and
what changed between two of them, article by article.

A chain is what ``supersedes`` relations connect (``kb.store.linking``: the same title in distinct version dates,
or an explicit 代替 / 替代); no other version model exists. Versions are ordered by the day each took effect (the
extractor's ``effective_from``, which for an amended law is the amendment's day), then by version date. The version
in force on a day is the last one that had taken effect by then; before the first, the first.

The diff matches articles (第X条) in four passes, each on what the earlier ones left: the same text (a different
number: ``renumbered``); nearly the same text (rapidfuzz ratio ≥ 90) under any number; the same number with a
related text (≥ 50: ``changed``); the closest remaining text (≥ 70: ``changed``, under another number). What is
left is ``removed`` (only in the older) or ``added`` (only in the newer); unchanged articles are not listed.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from kb.store import Store

_SAME, _CLOSE, _RELATED_BY_NUMBER, _RELATED = 100.0, 90.0, 50.0, 70.0
_LABEL_PREFIX = re.compile(r"^\s*第[一二三四五六七八九十百千零〇\d]+条(?:之[一二三四五六七八九十]+)?\s*")


def chain_ids(store: Store, doc_id: int) -> list[int]:
    """The ids of every version of the document ``doc_id`` (itself included), oldest first.

    Example: chain_ids(store, resolve(store, "中华人民共和国公司法"))
    """
    edges = [r for r in store.relations(kind="supersedes") if r["to_doc_id"] is not None]
    neighbours: dict[int, set[int]] = {}
    for edge in edges:
        neighbours.setdefault(edge["from_doc"], set()).add(edge["to_doc_id"])
        neighbours.setdefault(edge["to_doc_id"], set()).add(edge["from_doc"])
    seen, todo = {doc_id}, [doc_id]
    while todo:
        for other in neighbours.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    docs = [store.document(i, text=False, extraction=False) for i in seen]
    return [d["id"] for d in sorted((d for d in docs if d), key=version_order)]


def version_order(doc: dict[str, Any]) -> tuple[str, str, int]:
    """How versions sort: by the day each took effect, then its version date, then id."""
    start = doc.get("effective_from") or doc.get("version_date") or doc.get("issue_date") or ""
    return start, doc.get("version_date") or "", doc["id"]


def in_force_on(store: Store, ids: list[int], iso: str) -> int:
    """Of the versions ``ids`` (oldest first), the one in force on ``iso``: the last that had taken effect."""
    picked = ids[0]
    for doc_id in ids:
        doc = store.document(doc_id, text=False, extraction=False) or {}
        start = doc.get("effective_from") or doc.get("version_date")
        if start and start <= iso:
            picked = doc_id
    return picked


def articles(store: Store, doc_id: int) -> list[dict[str, Any]]:
    """The articles (第X条) of one document in reading order: ``{label, text, body}`` (``body`` without the label)."""
    doc = store.document(doc_id, extraction=False) or {}
    text = doc.get("text") or ""
    out = []
    for clause in store.clauses(doc_id):
        if clause["kind"] != "article" or clause["start"] is None:
            continue
        quote = text[clause["start"]:clause["end"]].strip()
        out.append({"label": clause["label"], "text": quote, "body": _LABEL_PREFIX.sub("", quote)})
    return out


def diff_articles(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Article-level changes from ``old`` to ``new``: ``{change, from_label, to_label, from_text, to_text}``
    in the newer text's order, removed articles where they stood in the older.

    Example: [c["change"] for c in diff_articles(articles(store, 1), articles(store, 2))]
    """
    left, right = set(range(len(old))), set(range(len(new)))
    pairs: list[tuple[int, int]] = []

    def take(i: int, j: int) -> None:
        pairs.append((i, j))
        left.discard(i)
        right.discard(j)

    by_body: dict[str, list[int]] = {}
    for j in sorted(right):
        by_body.setdefault(new[j]["body"], []).append(j)
    for i in sorted(left):
        same = [j for j in by_body.get(old[i]["body"], []) if j in right]
        if same:
            take(i, min(same, key=lambda j: (new[j]["label"] != old[i]["label"], abs(j - i))))
    for threshold, by_number in ((_CLOSE, False), (_RELATED_BY_NUMBER, True), (_RELATED, False)):
        for i in sorted(left):
            candidates = [j for j in right if not by_number or new[j]["label"] == old[i]["label"]]
            scored = [(fuzz.ratio(old[i]["body"], new[j]["body"]), -abs(j - i), j) for j in candidates]
            best = max(scored, default=None)
            if best and best[0] >= threshold:
                take(i, best[2])
    changes: list[tuple[tuple[float, int], dict[str, Any]]] = []
    for i, j in pairs:
        a, b = old[i], new[j]
        if a["body"] == b["body"] and a["label"] == b["label"]:
            continue
        kind = "renumbered" if a["body"] == b["body"] else "changed"
        changes.append(((j, 0), _change(kind, a, b)))
    placed = {i: j for i, j in pairs}
    for i in sorted(left):
        after = max((placed[k] for k in placed if k < i), default=-1)
        changes.append(((after + 0.5, i), _change("removed", old[i], None)))
    for j in sorted(right):
        changes.append(((j, 0), _change("added", None, new[j])))
    return [change for _key, change in sorted(changes, key=lambda item: item[0])]


def _change(kind: str, a: dict[str, Any] | None, b: dict[str, Any] | None) -> dict[str, Any]:
    return {"change": kind, "from_label": a["label"] if a else None, "to_label": b["label"] if b else None,
            "from_text": a["text"] if a else None, "to_text": b["text"] if b else None}


def summary(changes: list[dict[str, Any]]) -> dict[str, int]:
    """How many articles of each kind of change: ``{added, removed, changed, renumbered}``."""
    counts = {"added": 0, "removed": 0, "changed": 0, "renumbered": 0}
    for change in changes:
        counts[change["change"]] += 1
    return counts
