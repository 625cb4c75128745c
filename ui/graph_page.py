"""图谱: an interactive view of jurisdictions, documents, citations and repeals (plotly network)."""

from __future__ import annotations

import networkx as nx
import plotly.graph_objects as go
import streamlit as st

from ui import api

NODE_COLORS = {"jurisdiction": "#8ecae6", "document": "#ffb703", "external": "#d3d3d3", "department": "#90be6d"}
EDGE_KINDS = ("cites", "repeals", "supersedes", "in", "contains", "issued_by", "responsible_for")


def render() -> None:
    st.title("关系图谱")
    graph = api.graph_view()
    if graph.number_of_nodes() == 0:
        st.warning("知识库为空。")
        return
    kinds = st.multiselect("边的类型", EDGE_KINDS, default=["cites", "repeals", "supersedes", "in", "contains"],
                           key="graph_edges")
    view = nx.DiGraph()
    for u, v, data in graph.edges(data=True):
        if data.get("kind") in kinds:
            view.add_node(u, **graph.nodes[u])
            view.add_node(v, **graph.nodes[v])
            view.add_edge(u, v, kind=data.get("kind"))
    if view.number_of_nodes() == 0:
        st.info("没有这些类型的边。")
        return
    pos = nx.spring_layout(view, seed=7, k=0.8)
    edge_x, edge_y = [], []
    for u, v in view.edges():
        edge_x += [pos[u][0], pos[v][0], None]
        edge_y += [pos[u][1], pos[v][1], None]
    fig = go.Figure(go.Scatter(x=edge_x, y=edge_y, mode="lines", line={"width": 1, "color": "#999"}, hoverinfo="none"))
    for kind, color in NODE_COLORS.items():
        nodes = [n for n in view.nodes if _node_kind(view.nodes[n]) == kind]
        fig.add_trace(go.Scatter(
            x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text",
            marker={"size": 14, "color": color}, name=kind,
            text=[str(view.nodes[n].get("label") or n)[:14] for n in nodes], textposition="top center",
            hovertext=[str(view.nodes[n].get("title") or view.nodes[n].get("label") or n) for n in nodes],
        ))
    fig.update_layout(height=700, showlegend=True, xaxis={"visible": False}, yaxis={"visible": False},
                      margin={"l": 0, "r": 0, "t": 0, "b": 0})
    st.plotly_chart(fig, key="graph_chart")


def _node_kind(data: dict) -> str:
    kind = data.get("type")
    if kind == "reference" or (kind == "document" and data.get("in_corpus") is False):
        return "external"
    return kind if kind in NODE_COLORS else "department"
