"""What the pages ask of the knowledge base: thin, cached calls over the ``kb`` API.

Results are plain JSON-ready values (``st.cache_data`` pickles them per argument set); handles come from
``ui.resources``. The pages know nothing of SQL, and ``kb`` knows nothing of Streamlit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from kb import NoOtherVersion, ProfileError, RefNotFound
from kb.text import exact, json_numbers
from ui import resources

if TYPE_CHECKING:  # networkx is imported by the graph page only
    import networkx as nx

RELATION_LABELS = {
    ("repeals", "out"): "废止", ("repeals", "in"): "被废止于",
    ("cites", "out"): "引用", ("cites", "in"): "被引用于",
    ("amends", "out"): "修改", ("amends", "in"): "被修改于",
    ("supersedes", "out"): "取代", ("supersedes", "in"): "被取代于",
    ("replaces", "out"): "代替", ("replaces", "in"): "被代替于",
}


@st.cache_data(show_spinner=False)
def cities() -> list[str]:
    docs = resources.knowledge_base().documents()
    return sorted({d["city"] for d in docs if d.get("city")} | {d["province"] for d in docs
                                                                 if d.get("province") and not d.get("city")})


@st.cache_data(show_spinner=False)
def topics() -> list[str]:
    """Topics that have at least one measure in the store, in the taxonomy's order."""
    held = {m["topic"] for m in resources.knowledge_base().measures() if m.get("topic")}
    order = [t["label"] if isinstance(t, dict) else getattr(t, "label", str(t))
             for t in resources.knowledge_base().topics()]
    return [t for t in order if t in held] + sorted(held - set(order))


@st.cache_data(show_spinner=False)
def search(query: str, city: str | None = None, on: str | None = None, topic: str | None = None,
           min_amount: int | None = None, offset: int = 0, limit: int = 20,
           in_force_first: bool = True) -> dict[str, Any]:
    """``{"total": every hit, "hits": [this page]}``; with no hit, ``hints`` (nearest 文号s, shorter queries).
    By default documents in force come first (``KnowledgeBase.search(in_force_first=True)``), else by relevance."""
    kb = resources.knowledge_base()
    filters = kb.filters(city=city, on=on, topic=topic, min_amount=min_amount)
    hits = kb.search(query, filters, limit=limit, offset=offset, in_force_first=in_force_first)
    answer: dict[str, Any] = {"total": hits.total, "hits": [json_numbers(h.to_dict()) for h in hits]}
    if not hits.total:
        answer["hints"] = json_numbers(kb.search_hints(query, filters))
    return answer


@st.cache_data(show_spinner=False)
def documents() -> list[dict[str, Any]]:
    return [{k: d.get(k) for k in ("id", "doc_no", "title", "source", "city", "province", "issue_date")}
            for d in resources.knowledge_base().documents()]


@st.cache_data(show_spinner=False)
def document(doc_id: int | str) -> dict[str, Any] | None:
    """The document as extracted (header, clauses, facts with spans into ``text``)."""
    extraction = resources.knowledge_base().extraction(int(doc_id))
    return json_numbers(exact(extraction)) if extraction else None


@st.cache_data(show_spinner=False, ttl=600)
def status(doc_id: int | str, on: str | None = None) -> dict[str, Any]:
    return json_numbers(resources.knowledge_base().status_of(int(doc_id), on))


@st.cache_data(show_spinner=False, ttl=600)
def status_of(ref: str, on: str | None = None) -> dict[str, Any]:
    """Status by 文号, title or id; an unknown reference gives ``{"error", "suggestions", "mentioned_by"}``:
    the closest documents held (``{doc_no, title, id}``) and those that name it (cite, repeal, amend it)."""
    try:
        return json_numbers(resources.knowledge_base().status(ref.strip(), on))
    except RefNotFound as exc:
        suggestions = [{"doc_no": s.get("doc_no"), "title": s.get("title"), "id": s.get("id")}
                       for s in exc.suggestions or [] if s.get("doc_no") or s.get("title")]
        mentioned = [{"kind": m.get("kind"), "doc_no": m.get("doc_no") or m.get("from_doc_no"),
                      "title": m.get("title") or m.get("from_title"), "id": m.get("id") or m.get("from_doc"),
                      "quote": m.get("quote")} for m in exc.mentioned_by or []]
        return {"error": f"本库未收录：{ref}", "suggestions": suggestions, "mentioned_by": mentioned}
    except ValueError:
        return {"error": f"无法识别：{ref}（请输入文号、标题或编号）", "suggestions": [], "mentioned_by": []}


@st.cache_data(show_spinner=False, ttl=600)
def versions(doc_id: int | str, on: str | None = None) -> list[dict[str, Any]]:
    """The chain of versions of one document, oldest first (``KnowledgeBase.versions``)."""
    return json_numbers(resources.knowledge_base().versions(int(doc_id), on))


@st.cache_data(show_spinner=False, ttl=600)
def diff(doc_id: int | str, from_: str | None = None, to: str | None = None) -> dict[str, Any] | None:
    """Article-level changes between two versions, or None when only one is held."""
    try:
        return json_numbers(resources.knowledge_base().diff(int(doc_id), from_, to))
    except NoOtherVersion:
        return None


@st.cache_data(show_spinner=False)
def periods() -> list[dict[str, Any]]:
    return json_numbers(resources.knowledge_base().periods())


@st.cache_data(show_spinner=False, ttl=600)
def expiring(days: int, on: str | None = None) -> list[dict[str, Any]]:
    rows = resources.knowledge_base().expiring(days, on)
    return [{"文号": r.get("doc_no"), "标题": r.get("title"), "到期日": r.get("expires_on"),
             "剩余天数": r.get("days_left")} for r in rows]


@st.cache_data(show_spinner=False)
def domains() -> list[str]:
    """Labels of the domains that hold at least one measure in the store, in the taxonomy's order."""
    kb = resources.knowledge_base()
    held = {m["topic"] for m in kb.measures() if m.get("topic")}
    tax = kb.taxonomy()
    return [d.label for d in tax.domains if any(t.domain == d.key and t.label in held for t in tax.topics)]


@st.cache_data(show_spinner=False, ttl=600)
def compare(topic: str | None, cities: tuple[str, ...] = (), on: str | None = None,
            query: str | None = None) -> dict[str, Any]:
    """A domain, topic or query compared city by city (``KnowledgeBase.compare``)."""
    try:
        return json_numbers(resources.knowledge_base().compare(topic, list(cities) or None, on, query=query))
    except (KeyError, ValueError) as exc:
        return {"error": str(exc), "cities": []}


def match(profile: dict[str, Any], on: str | None = None) -> dict[str, Any]:
    """Not cached: a profile is one enterprise's figures, asked once."""
    kb = resources.knowledge_base()
    try:
        return json_numbers(kb.match(kb.profile_from_dict(profile), on, lang="zh"))
    except ProfileError as exc:
        return {"error": profile_error_zh(exc)}


PROFILE_FIELDS_ZH = {"registered_on": "注册日期", "settled_on": "落户日期", "city": "所在城市", "county": "区县",
                     "zone": "园区", "entity_kind": "主体类型", "legal_form": "组织形式", "titles": "已获称号",
                     "declarations": "声明", "figures": "年度数据", "name": "企业名称"}


def profile_error_zh(exc: ProfileError) -> str:
    """A profile's problem as the 匹配 form shows it: the field by its label, the problem in Chinese."""
    field = exc.field.removeprefix("figures.")
    label = figure_vocabulary().get(field) or PROFILE_FIELDS_ZH.get(exc.field.split(".")[0], "填写的内容")
    return f"「{label}」：{exc.zh}" if exc.zh else f"「{label}」填写有误，请检查后重试。"


@st.cache_data(show_spinner=False)
def figure_vocabulary() -> dict[str, str]:
    """Figure key → its Chinese label (with its unit), from the documented vocabulary (kb/data/figures.yaml)."""
    return {key: figure.label for key, figure in resources.knowledge_base().figures().items()}


@st.cache_data(show_spinner=False)
def entity_kinds() -> dict[str, str]:
    """Entity kind key → its Chinese label (kb/data/entity_kinds.yaml)."""
    return {key: kind.label for key, kind in resources.knowledge_base().entity_kinds().items()}


@st.cache_data(show_spinner=False)
def related(doc_id: int | str) -> list[dict[str, Any]]:
    """Documents this one repeals, cites, amends or supersedes, and those that do so to it."""
    store, doc_id = resources.knowledge_base(), int(doc_id)
    out = []
    for rel in store.relations(doc_id, direction="out"):
        out.append({"relation": RELATION_LABELS.get((rel["kind"], "out"), rel["kind"]),
                    "doc_no": rel.get("to_doc_no_held") or rel.get("to_doc_no"),
                    "title": rel.get("to_title_held") or rel.get("to_title"), "doc_id": rel.get("to_doc_id")})
    for rel in store.relations(doc_id, direction="in"):
        out.append({"relation": RELATION_LABELS.get((rel["kind"], "in"), rel["kind"]),
                    "doc_no": rel.get("from_doc_no"), "title": rel.get("from_title"), "doc_id": rel["from_doc"]})
    return out


# -- browsing (issue 16) ---------------------------------------------------------------------------------------

@st.cache_data(show_spinner=False, ttl=600)
def browse(filters: tuple[tuple[str, tuple[str, ...]], ...] = (), sort: str = "newest", offset: int = 0,
           limit: int = 20) -> dict[str, Any]:
    """One page of every document with the facets' counts (filters as hashable pairs of facet, values)."""
    return json_numbers(resources.knowledge_base().browse(dict(filters), sort, offset, limit))


def browse_facets() -> dict[str, Any]:
    return browse()["facets"]


def graph_view() -> nx.MultiDiGraph:
    """Jurisdictions, documents, references and departments (no clause or measure nodes): small enough to draw."""
    return _graph_view(resources.knowledge_base().address)


@st.cache_resource(show_spinner=False)
def _graph_view(_path: str) -> nx.MultiDiGraph:
    return resources.knowledge_base().graph(clauses=False)


@st.cache_data(show_spinner=False)
def declarations() -> dict[str, str]:
    """Declaration key → its Chinese label: the yes/no answers the 匹配 form asks."""
    return resources.knowledge_base().declaration_labels()


@st.cache_data(show_spinner=False)
def legal_forms() -> dict[str, str]:
    return resources.knowledge_base().legal_form_labels()


@st.cache_data(show_spinner=False, ttl=600)
def figures_asked(city: str) -> list[str]:
    """The figures the measures in force today for ``city`` ask for, most asked first (KnowledgeBase.figures_asked)."""
    return resources.knowledge_base().figures_asked(city)


@st.cache_data(show_spinner=False)
def counties(city: str) -> list[str]:
    return resources.knowledge_base().counties(city)


@st.cache_data(show_spinner=False)
def code_labels() -> dict[str, str]:
    """Code keys a fact's value may be (entity kinds, legal forms, declarations) → their Chinese labels; a
    declaration's label (具有独立法人资格) over a legal form's (独立法人), as a requirement reads."""
    return {**entity_kinds(), **legal_forms(), **declarations()}
