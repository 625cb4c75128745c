"""The knowledge graph (networkx ``MultiDiGraph``) built from the store.

Nodes (``type`` attribute) and their ids:

- ``jurisdiction`` — ``jur:湖南省``, ``jur:湖南省/衡阳市``, ``jur:湖南省/衡阳市/…县``; ``contains`` edges go
  province → city → county.
- ``document`` — ``doc:<id>`` (``in_corpus=True``); ``in`` edge to its most specific jurisdiction,
  ``issued_by`` edges to ``issuer:<name>``.
- ``reference`` — a document named in the text but not held here: ``ref:<normalized 文号>`` or
  ``ref:title:<title>``, ``in_corpus=False``. Every document citing the same 文号 points at the same node, so
  shared citations link cities (邵阳 and 衡阳 both cite 湘政办发〔2023〕9号).
- ``clause`` — ``clause:<doc id>:<clause id>``; ``part_of`` its parent clause or its document.
- ``measure`` — ``measure:<id>``; ``part_of`` its clause (or document).
- ``department`` — ``dept:<jurisdiction path>/<name>`` (市商务局 of 衡阳 is not 市商务局 of 邵阳);
  ``responsible_for`` edges to the clause (or document) naming it as 责任单位.
- ``repeals`` / ``cites`` / ``amends`` / ``supersedes`` edges between documents (or to references), with the
  quote and span.

Edge keys are the edge kinds, so ``graph.edges(keys=True)`` reads as triples.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from kb.queries.references import label
from kb.store import Store, title_key


def doc_node(doc_id: int) -> str:
    return f"doc:{doc_id}"


def _jur_path(province: str | None, city: str | None, county: str | None) -> str | None:
    parts = [p for p in (province, city, county) if p]
    return "jur:" + "/".join(parts) if parts else None


def build_graph(store: Store, clauses: bool = True) -> nx.MultiDiGraph:
    """The whole store as a graph (``clauses=False`` leaves out clause, measure and department nodes).

    Example: g = build_graph(store); g.nodes["doc:1"]["doc_no"]
    """
    g = nx.MultiDiGraph()
    for j in store.jurisdictions():
        node = _jur_path(j["province"], j["city"], j["county"])
        g.add_node(node, type="jurisdiction", level=j["level"], label=j["name"])
        parent = {"province": None, "city": _jur_path(j["province"], None, None),
                  "county": _jur_path(j["province"], j["city"], None)}[j["level"]]
        if parent:
            g.add_node(parent, type="jurisdiction", label=parent.rsplit("/", 1)[-1].removeprefix("jur:"))
            g.add_edge(parent, node, key="contains", kind="contains")
    docs = store.documents()
    jur_of: dict[int, str | None] = {}
    for d in docs:
        node = doc_node(d["id"])
        g.add_node(node, type="document", in_corpus=True, id=d["id"], label=label(d), doc_no=d["doc_no"],
                   title=d["title"], doc_type=d["doc_type"], province=d["province"], city=d["city"],
                   county=d["county"], issue_date=d["issue_date"], effective_from=d["effective_from"],
                   expires_on=d["expires_on"], version_date=d["version_date"], source=d["source"])
        jur = _jur_path(d["province"], d["city"], d["county"])
        jur_of[d["id"]] = jur
        if jur:
            g.add_node(jur, type="jurisdiction", label=jur.rsplit("/", 1)[-1].removeprefix("jur:"))
            g.add_edge(node, jur, key="in", kind="in")
        for issuer in d["issuers"] or []:
            g.add_node(f"issuer:{issuer}", type="issuer", label=issuer)
            g.add_edge(node, f"issuer:{issuer}", key="issued_by", kind="issued_by")
    for rel in store.relations():
        if rel["to_doc_id"] is not None:
            target = doc_node(rel["to_doc_id"])
        elif rel["to_doc_no_key"]:
            target = f"ref:{rel['to_doc_no_key']}"
            g.add_node(target, type="reference", in_corpus=False, doc_no=rel["to_doc_no"],
                       title=rel["to_title"] or g.nodes.get(target, {}).get("title"),
                       label=f"{rel['to_doc_no']} {rel['to_title'] or ''}".strip())
        elif rel["to_title"]:
            target = f"ref:title:{title_key(rel['to_title'])}"
            g.add_node(target, type="reference", in_corpus=False, doc_no=None, title=rel["to_title"],
                       label=rel["to_title"])
        else:
            continue
        extra = rel["extra"] or {}
        g.add_edge(doc_node(rel["from_doc"]), target, key=rel["kind"], kind=rel["kind"], quote=rel["quote"],
                   start=rel["start"], end=rel["end"], relation=extra.get("relation"),
                   partial=extra.get("partial"))
    if not clauses:
        return g
    for d in docs:
        doc_id = d["id"]
        for c in store.clauses(doc_id):
            node = f"clause:{doc_id}:{c['id']}"
            g.add_node(node, type="clause", doc_id=doc_id, clause_id=c["id"], label=c["label"],
                       heading=c["heading"], level=c["level"], start=c["start"], end=c["end"])
            parent = f"clause:{doc_id}:{c['parent']}" if c["parent"] else doc_node(doc_id)
            g.add_edge(node, parent, key="part_of", kind="part_of")
        for f in store.facts(doc_id, kind="responsible_unit"):
            dept = f"dept:{(jur_of.get(doc_id) or 'jur:').removeprefix('jur:')}/{f['value']}"
            g.add_node(dept, type="department", label=f["value"], jurisdiction=jur_of.get(doc_id))
            target = f"clause:{doc_id}:{f['clause_id']}" if f["clause_id"] else doc_node(doc_id)
            if target not in g:
                target = doc_node(doc_id)
            g.add_edge(dept, target, key=f"responsible_for:{f['id']}", kind="responsible_for", quote=f["quote"],
                       start=f["start"], end=f["end"])
    for m in store.measures():
        node = f"measure:{m['id']}"
        g.add_node(node, type="measure", doc_id=m["doc_id"], topic=m["topic"], label=m["summary"] or m["topic"],
                   max_amount=m["max_amount"], currency=m["currency"], rate=m["rate"], quote=m["quote"])
        target = f"clause:{m['doc_id']}:{m['clause_id']}" if m["clause_id"] else doc_node(m["doc_id"])
        g.add_edge(node, target if target in g else doc_node(m["doc_id"]), key="part_of", kind="part_of")
    return g


_DOC_KINDS = {"repeals", "cites", "amends", "replaces", "supersedes", "in", "issued_by"}


def neighbours(g: nx.MultiDiGraph, node: str) -> list[dict[str, Any]]:
    """Edges around a document other than its own clauses: ``{direction, kind, node, label, type, in_corpus,
    quote}``, then ``shares`` rows for other documents citing or repealing the same target.

    Example: neighbours(build_graph(store), "doc:3")
    """
    out: list[dict[str, Any]] = []

    def row(direction: str, kind: str, other: str, data: dict[str, Any], via: str | None = None) -> dict[str, Any]:
        attrs = g.nodes[other]
        return {"direction": direction, "kind": kind, "node": other, "label": attrs.get("label", other),
                "type": attrs.get("type"), "in_corpus": attrs.get("in_corpus"), "quote": data.get("quote"),
                "via": via}

    for _, other, _kind, data in g.out_edges(node, keys=True, data=True):
        if data["kind"] in _DOC_KINDS:
            out.append(row("out", data["kind"], other, data))
    for other, _, _kind, data in g.in_edges(node, keys=True, data=True):
        if data["kind"] in _DOC_KINDS:
            out.append(row("in", data["kind"], other, data))
    seen = set()
    for _, target, data in g.out_edges(node, data=True):
        if data["kind"] not in {"cites", "repeals", "amends"}:
            continue
        for other, _, data2 in g.in_edges(target, data=True):
            if other != node and data2["kind"] in {"cites", "repeals", "amends"} and (other, target) not in seen:
                seen.add((other, target))
                out.append(row("shares", data2["kind"], other, data2, via=g.nodes[target].get("label", target)))
    return out


def _graphml_ready(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML takes only scalar attributes: None dropped, lists and dicts as JSON text."""
    def clean(attrs: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for key, value in attrs.items():
            if value is None:
                continue
            out[key] = value if isinstance(value, str | int | float | bool) else json.dumps(value, ensure_ascii=False)
        return out

    h = nx.MultiDiGraph()
    for node, attrs in g.nodes(data=True):
        h.add_node(node, **clean(attrs))
    for u, v, key, attrs in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=key, **clean(attrs))
    return h


def export_graph(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the graph as GraphML (``.graphml``) or node-link JSON (``.json``).

    Example: export_graph(build_graph(store), "kb.graphml")
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        nx.write_graphml(_graphml_ready(g), path)
    elif suffix == ".json":
        data = nx.node_link_data(g, edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        raise ValueError(f"{path}: export as .graphml or .json")
    return path
