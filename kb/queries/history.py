"""法规变迁 as asked by a person: the versions of what a reference names, and what changed between two of them.

``version_list`` and ``diff`` take any reference (文号, title, id): whatever version it names, the whole chain is
meant. The diff's two ends are the versions in force on ``from_`` and ``to`` (by default the newest held and the
one before it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kb.queries import versions
from kb.queries.references import resolve
from kb.queries.validity import as_date, status_of
from kb.store import Store

_VERSION_KEYS = ("id", "doc_no", "title", "version_date", "effective_from", "original_effective_from")


class NoOtherVersion(LookupError):
    """A diff asked of a document held in one version only (or of one version against itself)."""


def version_list(store: Store, ref: str | int, on: date | str | None = None) -> list[dict[str, Any]]:
    """Every version held, oldest first: ``{id, doc_no, title, version_date, effective_from, inferred, basis,
    original_effective_from, label, status, in_force_on}`` where ``in_force_on`` marks the version in force on ``on``.

    Example: [v["label"] for v in version_list(store, "中华人民共和国公司法", "2025-01-01")] == ["已被修改", "现行有效"]
    """
    ids = versions.chain_ids(store, resolve(store, ref))
    iso = as_date(on).isoformat()
    current = versions.in_force_on(store, ids, iso)
    out = []
    for doc_id in ids:
        judged = status_of(store, doc_id, iso)
        version = judged.get("version") or {}
        out.append({**{k: judged.get(k) for k in _VERSION_KEYS}, "inferred": bool(version.get("inferred")),
                    "basis": version.get("basis"), "label": judged["label"], "status": judged["status"],
                    "in_force_on": doc_id == current})
    return out


def diff(store: Store, ref: str | int, from_: date | str | None = None,
         to: date | str | None = None) -> dict[str, Any]:
    """The article-level diff between two versions: ``{"from": {...}, "to": {...}, "articles": [...], "summary"}``
    (``articles`` as ``kb.queries.versions.diff_articles``). Raises ``NoOtherVersion`` when the two are one.

    Example: diff(store, "中华人民共和国公司法")["summary"]["changed"] > 0
    """
    ids = versions.chain_ids(store, resolve(store, ref))
    new_id = versions.in_force_on(store, ids, as_date(to).isoformat()) if to else ids[-1]
    if from_:
        old_id = versions.in_force_on(store, ids, as_date(from_).isoformat())
    else:
        old_id = ids[max(ids.index(new_id) - 1, 0)]
    if old_id == new_id:
        raise NoOtherVersion(f"{ref!r}: one version only between those dates (id {old_id}); "
                             f"{len(ids)} version(s) held")
    if ids.index(old_id) > ids.index(new_id):
        old_id, new_id = new_id, old_id
    changes = versions.diff_articles(versions.articles(store, old_id), versions.articles(store, new_id))
    return {"from": _end(store, old_id), "to": _end(store, new_id), "articles": changes,
            "summary": versions.summary(changes)}


def _end(store: Store, doc_id: int) -> dict[str, Any]:
    doc = store.document(doc_id, text=False, extraction=False) or {}
    return {k: doc.get(k) for k in _VERSION_KEYS}
