"""图谱: jurisdictions, documents, the documents they name, and issuers, drawn with arrows that say on each edge
what relates the two (引用, 废止 …); full names on hover; clicking a document held opens it."""

from __future__ import annotations

import networkx as nx
import plotly.graph_objects as go
import streamlit as st

from ui import api, resources
from ui.pages import open_document

NODE_KINDS = {  # kind → (legend label, colour)
    "jurisdiction": ("行政区划", "#8ecae6"), "document": ("本库文件", "#ffb703"),
    "external": ("未收录的文件", "#d3d3d3"), "issuer": ("发文机关", "#90be6d"),
}
EDGE_LABELS = {"cites": "引用", "repeals": "废止", "supersedes": "取代", "amends": "修改", "in": "属于",
               "contains": "下辖", "issued_by": "发文机关", "responsible_for": "负责"}
EDGE_COLORS = {"repeals": "#d62828", "supersedes": "#f77f00", "amends": "#f77f00", "cites": "#457b9d"}
SHORT_NAME = 18  # characters of a node's name written beside it; the full name is on hover


def render() -> None:
    st.title("关系图谱")
    graph = api.graph_view()
    if graph.number_of_nodes() == 0:
        st.warning("知识库为空。")
        return
    held = _held(graph)
    kinds = st.multiselect("关系类型", held, default=_default_kinds(held), format_func=EDGE_LABELS.get,
                           key="graph_edges", select_all=False)
    if not any(d.get("kind") in kinds for _, _, d in graph.edges(data=True)):
        st.info("没有这些类型的关系。")
        return
    st.caption("箭头由发出方指向对象（如“废止”由新文件指向被废止的文件）；悬停可见全称，点击本库文件即可打开。")
    event = st.plotly_chart(_figure(resources.db_path().as_posix(), tuple(kinds)), key="graph_chart",
                            on_select="rerun", selection_mode="points")
    points = (event.selection.points if event and event.selection else None) or []
    for point in points:
        doc_id = (point.get("customdata") or [None])[0] if isinstance(point, dict) else None
        if doc_id is not None:
            open_document(int(doc_id))


DEFAULT_KINDS = {"cites", "repeals", "supersedes", "amends", "in"}


def _held(graph: nx.MultiDiGraph) -> list[str]:
    return sorted({d.get("kind") for _, _, d in graph.edges(data=True) if d.get("kind") in EDGE_LABELS},
                  key=list(EDGE_LABELS).index)


def _default_kinds(held: list[str]) -> list[str]:
    return [k for k in held if k in DEFAULT_KINDS]


def warm() -> None:
    """The drawing the page opens with, made when the server starts."""
    _figure(resources.db_path().as_posix(), tuple(_default_kinds(_held(api.graph_view()))))


def _view(graph: nx.MultiDiGraph, kinds: tuple[str, ...]) -> nx.DiGraph:
    view = nx.DiGraph()
    for u, v, data in graph.edges(data=True):
        if data.get("kind") in kinds:
            view.add_node(u, **graph.nodes[u])
            view.add_node(v, **graph.nodes[v])
            view.add_edge(u, v, kind=data.get("kind"))
    return view


@st.cache_resource(show_spinner=False, max_entries=32)
def _figure(_path: str, kinds: tuple[str, ...]) -> go.Figure:
    """The drawing of one choice of relations, made once per store (``resources.clear`` drops it after an
    ingest): the layout and plotly's validation of every arrow cost more than the rest of the page."""
    view = _view(api.graph_view(), kinds)
    pos = nx.spring_layout(view, seed=7, k=1.2)
    annotations: list[dict] = []  # given to the figure at once: add_annotation re-validates all before it
    for u, v, data in view.edges(data=True):
        (x0, y0), (x1, y1) = pos[u], pos[v]
        color = EDGE_COLORS.get(data["kind"], "#999999")
        annotations.append({"x": x1, "y": y1, "ax": x0, "ay": y0, "xref": "x", "yref": "y", "axref": "x",
                            "ayref": "y", "text": "", "showarrow": True, "arrowhead": 3, "arrowsize": 1.4,
                            "arrowwidth": 1.5, "arrowcolor": color, "standoff": 9, "startstandoff": 9})
        annotations.append({"x": (x0 + x1) / 2, "y": (y0 + y1) / 2, "text": EDGE_LABELS.get(data["kind"], "关联"),
                            "showarrow": False, "font": {"size": 11, "color": color},
                            "bgcolor": "rgba(255,255,255,0.8)"})
    traces = []
    for kind, (label, color) in NODE_KINDS.items():
        nodes = [n for n in view.nodes if _node_kind(view.nodes[n]) == kind]
        if not nodes:
            continue
        names = [_name(view.nodes[n], n) for n in nodes]
        traces.append(go.Scatter(
            x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text", name=label,
            marker={"size": 16, "color": color, "line": {"width": 1, "color": "#555"}},
            text=[name if len(name) <= SHORT_NAME else name[:SHORT_NAME] + "…" for name in names],
            textposition="top center", hovertext=names, hoverinfo="text", cliponaxis=False,
            customdata=[[view.nodes[n].get("id") if kind == "document" else None] for n in nodes],
        ))
    return go.Figure(data=traces, layout={
        "annotations": annotations, "height": 720, "showlegend": True, "legend": {"title": {"text": "节点"}},
        "xaxis": {"visible": False}, "yaxis": {"visible": False}, "margin": {"l": 0, "r": 0, "t": 10, "b": 0},
        "clickmode": "event+select"})


def _name(data: dict, node: str) -> str:
    return str(data.get("label") or data.get("title") or data.get("doc_no") or node.split(":", 1)[-1])


def _node_kind(data: dict) -> str:
    kind = data.get("type")
    if kind == "reference" or (kind == "document" and data.get("in_corpus") is False):
        return "external"
    return kind if kind in NODE_KINDS else "issuer"
