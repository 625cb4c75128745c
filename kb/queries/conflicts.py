"""Documents that repeat a stored 文号 with another text and no version between them (``Store.conflicts``): their
status is ``conflict`` until one is removed, since which text is in force cannot be told from the store."""

from __future__ import annotations

from typing import Any

from kb.queries.references import label


def with_conflict(store: Any, result: dict[str, Any]) -> dict[str, Any]:
    """A status ``result`` turned into ``conflict`` when its document has conflicting twins (``conflicts`` lists
    them); unchanged otherwise, with ``conflicts`` empty."""
    others = store.conflicts(result["id"]) if hasattr(store, "conflicts") else []
    result = {**result, "conflicts": [{k: o[k] for k in ("id", "source", "doc_no", "title")} for o in others]}
    if others:
        names = "; ".join(f"{label(o)} (id {o['id']}, {o['source']})" for o in others)
        result["status_unless_conflict"] = result["status"]
        result["status"] = "conflict"
        result["reason"] = (f"another stored text carries the same 文号 with no version date or 修订/修正 to tell "
                            f"them apart: {names}; remove the wrong one (`policykb remove ID`)")
    return result
