"""Rows packed in the ingest's workers (``extract_payload(pack=True)``, ``Store.put_packed``) store exactly what
``put_document`` stores from the same extraction, on both stores: every column of every table read back the same
(the ingest time aside), the same 文号 conflicts, and writing the same document again changes nothing."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from kb.ingest import content_hash, extract_payload
from tests.conftest import SEEDS, dev_files, seed
from tests.conftest import StoreMaker as StoreMaker  # noqa: PLC0414 (the fixture's type)


def _files() -> list[Path]:
    return [*SEEDS, *dev_files()]


def _everything(store: Any) -> dict[str, Any]:
    """What the store holds, as its reads give it (``ingested_at`` left out: it is the time of the write)."""
    out: dict[str, Any] = {"jurisdictions": sorted(store.jurisdictions(), key=lambda r: (r["level"], r["name"]))}
    for source, doc_id in sorted(store.sources().items()):
        doc = store.document(doc_id)
        doc.pop("ingested_at")
        out[source] = {"document": doc, "clauses": store.clauses(doc_id), "facts": store.facts(doc_id),
                       "relations": store.relations(doc_id), "conflicts": store.conflicts(doc_id),
                       "offsets": store.raw_offsets(doc_id)}
    out["measures"] = sorted(store.measures(), key=lambda m: (m["doc_id"], m["start"] or 0, m["clause_id"] or ""))
    return out


def _without_row_ids(held: dict[str, Any]) -> dict[str, Any]:
    """``held`` less its child rows' own ids (a rewrite deletes and inserts them again, as ``put_document`` does)."""
    def rows(value: Any) -> Any:
        return [{k: v for k, v in r.items() if k != "id"} for r in value]

    out: dict[str, Any] = {"jurisdictions": held["jurisdictions"], "measures": rows(held["measures"])}
    for source, tables in held.items():
        if isinstance(tables, dict):
            out[source] = {name: rows(v) if name in {"clauses", "facts", "relations"} else v
                           for name, v in tables.items()}
    return out


def _write(store: Any, pack: bool) -> list[int]:
    ids = []
    for path in _files():
        source = str(path.resolve())
        payload = pickle.loads(pickle.dumps(extract_payload(source, pack=pack)))  # as it crosses from a worker
        assert "error" not in payload, payload
        digest = content_hash(path)
        if pack:
            assert set(payload) >= {"packed", "rows"} and not {"doc", "facts", "measures"} & set(payload)
            ids.append(store.put_packed(payload["packed"], source=source, content_hash=digest))
        else:
            ids.append(store.put_document(payload["doc"], source=source, content_hash=digest,
                                          offsets=payload["offsets"], facts=payload["facts"],
                                          measures=payload["measures"]))
    return ids


def test_packed_rows_read_back_as_put_document_writes_them(stores: StoreMaker) -> None:
    plain, packed = stores.new("plain"), stores.new("packed")
    assert _write(plain, pack=False) == _write(packed, pack=True)
    held = _everything(plain)
    assert len(held) == len(_files()) + 2 and held["measures"] and held["jurisdictions"]
    assert _everything(packed) == held


def test_writing_the_same_packed_document_again_changes_nothing(stores: StoreMaker) -> None:
    store = stores.new("again")
    first = _write(store, pack=True)
    held = _without_row_ids(_everything(store))
    assert _write(store, pack=True) == first
    assert _without_row_ids(_everything(store)) == held
    assert store.count() == len(_files())


def test_a_packed_document_meets_the_doc_no_conflict_rules(stores: StoreMaker) -> None:
    """The head packed with the rows carries what the conflict check reads: the 文号, the version date and what
    the text amends (another text with the same 文号 conflicts unless a version or an amendment tells them apart)."""
    from kb.store.rows import pack_document

    store = stores.new("conflicts")
    payload = extract_payload(str(seed("003").resolve()))
    doc = payload["doc"]
    assert doc["doc_no"]

    def put(name: str, **changes: Any) -> int:
        other = {**doc, **changes, "text": doc["text"] + f"\n（{name}）"}
        packed = pickle.loads(pickle.dumps(pack_document(other, payload["offsets"], payload["facts"],
                                                         payload["measures"])))
        return store.put_packed(packed, source=name, content_hash=name)

    first = put("v1.txt", version_date="2020-01-01")
    assert store.conflicts(put("v2.txt", version_date="2021-01-01")) == []  # versions tell them apart
    assert [c["id"] for c in store.conflicts(put("same-version.txt", version_date="2020-01-01"))] == [first]
    amending = put("amends.txt", version_date=None, amends=[{"doc_no": doc["doc_no"], "quote": doc["doc_no"]}])
    assert store.conflicts(amending) == []
