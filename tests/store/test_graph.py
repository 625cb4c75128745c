"""The knowledge graph: shared citations link cities, documents not held are nodes, exports read back."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.queries.graph import build_graph, doc_node, export_graph, neighbours
from kb.queries.references import resolve
from kb.store import Store


@pytest.fixture(scope="module")
def graph(store: Store) -> nx.MultiDiGraph:
    return build_graph(store)


def test_shared_citation_links_two_cities(store: Store, graph: nx.MultiDiGraph) -> None:
    shaoyang, hengyang = resolve(store, "邵市政办发〔2023〕21号"), resolve(store, "衡政发〔2024〕4号")
    node = "ref:湘政办发〔2023〕9号"
    assert graph.nodes[node]["in_corpus"] is False and graph.nodes[node]["type"] == "reference"
    citing = {u for u, _, k in graph.in_edges(node, keys=True) if k == "cites"}
    assert citing == {doc_node(shaoyang), doc_node(hengyang)}
    assert {graph.nodes[u]["city"] for u in citing} == {"邵阳市", "衡阳市"}
    shared = [r for r in neighbours(graph, doc_node(shaoyang)) if r["direction"] == "shares"]
    assert [(r["node"], r["kind"]) for r in shared] == [(doc_node(hengyang), "cites")]


def test_repealed_document_not_held_is_a_node(store: Store, graph: nx.MultiDiGraph) -> None:
    lishui = doc_node(resolve(store, "丽政办发〔2024〕64号"))
    node = "ref:丽政办发〔2021〕67号"
    assert graph.nodes[node]["in_corpus"] is False
    (edge,) = [d for _, v, k, d in graph.out_edges(lishui, keys=True, data=True) if v == node]
    assert edge["kind"] == "repeals" and "丽政办发〔2021〕67号" in edge["quote"]


def test_jurisdictions_issuers_clauses_departments(store: Store, graph: nx.MultiDiGraph) -> None:
    hengyang = doc_node(resolve(store, "衡政发〔2024〕4号"))
    assert graph.has_edge("jur:湖南省", "jur:湖南省/衡阳市", key="contains")
    assert graph.has_edge("jur:浙江省", "jur:浙江省/丽水市", key="contains")
    assert graph.has_edge(hengyang, "jur:湖南省/衡阳市", key="in")
    assert graph.has_edge(hengyang, "issuer:衡阳市人民政府", key="issued_by")
    clauses = [u for u, _, k in graph.in_edges(hengyang, keys=True) if k == "part_of"]
    assert clauses and all(graph.nodes[c]["type"] == "clause" for c in clauses)
    for node, attrs in graph.nodes(data=True):  # every clause reaches its document through part_of
        if attrs["type"] == "clause" and attrs["doc_id"] == graph.nodes[hengyang]["id"]:
            assert nx.has_path(graph, node, hengyang)
    depts = [n for n, a in graph.nodes(data=True) if a["type"] == "department" and n.startswith("dept:湖南省/衡阳市/")]
    assert "dept:湖南省/衡阳市/市商务局" in depts  # 责任单位 named in 衡阳's measures
    assert any(d["kind"] == "responsible_for" for _, _, d in graph.out_edges("dept:湖南省/衡阳市/市商务局", data=True))


def test_export_graphml_and_json(tmp_path, graph: nx.MultiDiGraph) -> None:
    export_graph(graph, tmp_path / "kb.graphml")
    back = nx.read_graphml(tmp_path / "kb.graphml")
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    export_graph(graph, tmp_path / "kb.json")
    data = json.loads((tmp_path / "kb.json").read_text("utf-8"))
    assert len(data["nodes"]) == graph.number_of_nodes()
    with pytest.raises(ValueError):
        export_graph(graph, tmp_path / "kb.png")


def test_cli_graph(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "g.graphml"
    result = runner.invoke(cli, ["graph", "export", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "nodes" in result.output
    show = runner.invoke(cli, ["graph", "show", "邵市政办发[2023]21号", "--db", str(db)])
    assert show.exit_code == 0, show.output
    assert "→ cites\t湘政办发〔2023〕9号" in show.output and "(not held here)" in show.output
    assert "↔ cites\t衡政发〔2024〕4号" in show.output
    as_json = runner.invoke(cli, ["graph", "show", "衡政发〔2024〕4号", "--db", str(db), "--json"])
    assert {r["kind"] for r in json.loads(as_json.output)} >= {"in", "issued_by", "cites"}
    missing = runner.invoke(cli, ["graph", "show", "衡政发〔2024〕44号", "--db", str(db)])
    assert missing.exit_code == 1 and "衡政发〔2024〕4号" in missing.output
