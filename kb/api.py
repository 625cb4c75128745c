"""``KnowledgeBase``: every question the CLI and the app ask, as methods on one object opened on a store.

Thin by design: each method delegates to the module that answers it (``kb.store``, ``kb.ingest``,
``kb.search``, ``kb.queries.*``); results are what those modules return (dicts with exact Decimals; callers
that print numbers use ``kb.text.json_numbers``). Over 400 lines for that reason: one method per question the CLI
and the app may ask (issue 10's one API, which the import test holds them to), most of them a docstring and a
line of delegation; splitting the class would split the list a newcomer reads to learn what the app can ask.

    with KnowledgeBase.open("data/policykb.sqlite") as kb:
        kb.status("衡政发〔2024〕4号", on="2025-06-01")["status"]
"""

from __future__ import annotations

import hashlib
import hmac
import tempfile
from collections import Counter
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor import Document, extract_text, read_bytes
from extractor import evaluation as evaluation_module
from extractor.limits import LimitSettingError, limits
from kb import ingest as ingest_module
from kb import search as search_module
from kb.config import default_db_path, default_store_address, read_only_from_env, write_token
from kb.queries import browse as browse_module
from kb.queries import compare as compare_module
from kb.queries import conflicts as conflicts_module
from kb.queries import graph as graph_module
from kb.queries import history, references, topic_eval, validity
from kb.queries import match as match_module
from kb.queries import taxonomy as taxonomy_module
from kb.queries.match import profile as profile_module
from kb.search import hints as search_hints_module
from kb.store import Store, StoreError, open_store, redact
from kb.store import copy as copy_module

if TYPE_CHECKING:
    import networkx as nx

    from kb.ingest import IngestReport, Progress
    from kb.queries.match.profile import Profile
    from kb.search import Filters, Hits

Day = date | str | None


class ReadOnly(StoreError):
    """A write asked of a read-only node."""


class KnowledgeBase(AbstractContextManager["KnowledgeBase"]):
    """The knowledge base held in one store; open with ``KnowledgeBase.open(db)``, use as a context manager."""

    ENGINES = search_module.ENGINES

    def __init__(self, store: Store, read_only: bool = False) -> None:
        self.store = store
        self.read_only = read_only

    @classmethod
    def open(cls, db: str | Path | None = None, check_same_thread: bool = True, *, create: bool = True,
             read_only: bool | None = None) -> KnowledgeBase:
        """The store at ``db`` — a SQLite file or a ``postgresql://`` URL (default: ``$POLICYKB_DB`` or
        ``./data/policykb.sqlite``), migrated. ``create=False`` refuses an address holding no store yet; a bad
        address raises ``StoreError`` (one line, password hidden, nothing created). ``read_only`` (default:
        ``$POLICYKB_READ_ONLY``) makes every write raise ``ReadOnly``."""
        store = open_store(db or default_store_address(), create=create, check_same_thread=check_same_thread)
        return cls(store, read_only_from_env() if read_only is None else read_only)

    @staticmethod
    def default_path() -> Path:
        """``$POLICYKB_DB`` or ``./data/policykb.sqlite``."""
        return default_db_path()

    @property
    def path(self) -> Path | None:
        """The SQLite file; None for a PostgreSQL store."""
        return Path(self.store.path) if self.store.path else None

    @property
    def address(self) -> str:
        """How the store is named to people: the file path, or the URL without its password."""
        return str(self.store.path) if self.store.path else redact(self.store.address)

    def require_writable(self, action: str) -> None:
        """Raise ``ReadOnly`` when this node only reads (``--read-only`` / ``POLICYKB_READ_ONLY``)."""
        if self.read_only:
            raise ReadOnly(f"{action} refused: this policykb node is read-only (--read-only or "
                           "POLICYKB_READ_ONLY); write from a writer node")

    def count(self, table: str = "documents") -> int:
        return self.store.count(table)

    def close(self) -> None:
        self.store.close()

    def __exit__(self, *exc: object) -> None:  # __enter__ (returning self) is AbstractContextManager's
        self.close()

    # -- ingest -----------------------------------------------------------------------------------------------

    @staticmethod
    def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
        """The files an ingest of ``paths`` would read (directories walked), and the paths that are missing."""
        return ingest_module.find_files(paths)

    @staticmethod
    def check_limits() -> None:
        """Refuse a per-file bound set badly in the environment (``POLICYKB_MAX_*``), naming the variable."""
        try:
            limits()
        except LimitSettingError as exc:
            raise ValueError(str(exc)) from exc

    @staticmethod
    def max_file_bytes() -> int:
        """The largest file an ingest or an upload reads (``POLICYKB_MAX_BYTES``, 20 MiB by default)."""
        return limits().max_bytes

    @staticmethod
    def worker_count(requested: int | None) -> tuple[int, str | None]:
        """The extraction processes an ingest starts (at most the cores) and a note when fewer than asked."""
        return ingest_module.worker_count(requested)

    def ingest(self, paths: Iterable[str | Path], prune: bool = False, progress: Progress | None = None,
               workers: int | None = None) -> IngestReport:
        self.require_writable("ingest")
        return ingest_module.ingest(paths, self.store, prune=prune, progress=progress, workers=workers)

    # -- ingest on a Dask cluster (issue 18) ----------------------------------------------------------------------

    def ingest_on_cluster(self, paths: Iterable[str | Path], address: str, shared: Iterable[str | Path] = (),
                          prune: bool = False, progress: Progress | None = None) -> IngestReport:
        """``ingest`` with the extraction on the Dask cluster at ``address`` (``tcp://host:8786``, ``local[:N]``);
        files outside the ``shared`` paths are sent to the workers as bytes (``kb.ingest_dask``)."""
        from kb import ingest_dask

        with ingest_dask.connect(address) as client:
            extraction = ingest_dask.cluster_extraction(client, shared=shared)
            return ingest_module.ingest(paths, self.store, prune=prune, progress=progress, extraction=extraction)

    @staticmethod
    def preview(name: str, data: bytes) -> Document:
        """Extract an upload without storing it (raises ``ReadError``)."""
        raw = read_bytes(data, name)
        return extract_text(raw.text, source=name, encoding=raw.encoding)

    def store_upload(self, name: str, data: bytes, folder: str | Path) -> tuple[Path, IngestReport]:
        """Write an upload into ``folder`` (atomically) under the SHA-256 of its bytes, so two uploads with one
        name never replace each other, and ingest it; its own name is kept as the document's ``original_name``.
        ``report.ok`` is False when it could not be read, stored or indexed; ``report.duplicates`` names the
        stored twin of a duplicate."""
        self.require_writable("upload")
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        suffix = Path(name.replace("\\", "/")).suffix.lower()  # the reader picks its format by suffix
        target = folder / f"{hashlib.sha256(data).hexdigest()}{suffix}"
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as handle:
            handle.write(data)
        Path(handle.name).replace(target)
        report = self.ingest([target], workers=1)
        for doc_id in report.changed_ids:
            self.store.set_original_name(doc_id, name)
        return target, report

    # -- reliability: remove, conflicts, index catch-up -------------------------------------------------------

    def remove(self, ref: str | int) -> dict[str, Any]:
        """Take the document ``ref`` names out of the store with its clauses, facts, measures, edges and search
        index entries; returns its summary as it was. Raises ``RefNotFound`` (``ReadOnly`` on a read-only node)."""
        self.require_writable("remove")
        doc_id = self.resolve(ref)
        row = self.store.document(doc_id, text=False, extraction=False) or {}
        ingest_module.remove(self.store, doc_id)
        return {k: row.get(k) for k in ("id", "source", "doc_no", "title", "original_name")}

    def conflicts(self, doc_id: int) -> list[dict[str, Any]]:
        """Stored documents repeating this one's 文号 with another text, neither a version of the other."""
        return self.store.conflicts(doc_id)

    def sync_index(self) -> int:
        """Index what the store's outbox says is missing from the search index; how many documents."""
        return search_module.sync_index(self.store)

    # -- who may write (issue 17) ----------------------------------------------------------------------------

    @staticmethod
    def node_is_read_only() -> bool:
        """``$POLICYKB_READ_ONLY``: this node (an app behind the proxy) only reads."""
        return read_only_from_env()

    @staticmethod
    def write_token_required() -> bool:
        """Is a writer's shared secret (``$POLICYKB_WRITE_TOKEN``) asked before a write from the app?"""
        return write_token() is not None

    @staticmethod
    def write_token_accepted(given: str | None) -> bool:
        """``given`` is the writers' shared secret (compared in constant time); True when none is set."""
        expected = write_token()
        return expected is None or hmac.compare_digest((given or "").encode(), expected.encode())

    # -- copying a store (issue 17) ---------------------------------------------------------------------------

    def copy_to(self, target: str | Path, progress: Any = None) -> copy_module.CopyReport:
        """Copy every document into the empty store at ``target`` (a file or a ``postgresql://`` URL), link it,
        index it for search, and count every table on both sides (``CopyReport.ok``)."""
        with KnowledgeBase.open(target, read_only=False) as other:
            report = copy_module.copy_store(self.store, other.store, progress)
            if search_module.in_server(other.store) or other.store.path:
                other.rebuild_index()
            return report

    # -- documents --------------------------------------------------------------------------------------------

    def documents(self, **filters: Any) -> list[dict[str, Any]]:
        return self.store.documents(**filters)

    def resolve(self, ref: str | int) -> int:
        return references.resolve(self.store, ref)

    @staticmethod
    def label(doc: dict[str, Any]) -> str:
        """How a document is named to people: its 文号 and title, or its title and version date."""
        return references.label(doc)

    def document(self, doc_id: int) -> dict[str, Any] | None:
        """Every stored column of one document (text and extraction included)."""
        return self.store.document(doc_id)

    def clauses(self, doc_id: int) -> list[dict[str, Any]]:
        return self.store.clauses(doc_id)

    def facts(self, doc_id: int | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        return self.store.facts(doc_id, kind)

    def extraction(self, doc_id: int) -> dict[str, Any] | None:
        return self.store.extraction(doc_id)

    def relations(self, doc_id: int | None = None, kind: str | None = None,
                  direction: str = "out") -> list[dict[str, Any]]:
        return self.store.relations(doc_id, kind=kind, direction=direction)

    def measures(self, **filters: Any) -> list[dict[str, Any]]:
        return self.store.measures(**filters)

    # -- browsing (issue 16: the app's 浏览 page) ----------------------------------------------------------------

    def browse(self, filters: dict[str, Any] | None = None, sort: str = "newest", offset: int = 0,
               limit: int = 50, on: Day = None) -> dict[str, Any]:
        """Every document with facets and counts: ``{"total", "offset", "rows", "facets"}`` (kb.queries.browse)."""
        return browse_module.browse(self.store, filters, sort, offset, limit, on)

    BROWSE_FACETS = browse_module.FACETS
    BROWSE_SORTS = tuple(browse_module.SORTS)

    # -- validity ---------------------------------------------------------------------------------------------

    @staticmethod
    def day(value: Day) -> date:
        """A date given as ``date``, ISO text or None (today); raises ValueError for anything else."""
        return validity.as_date(value)

    @staticmethod
    def parse_within(text: str) -> int:
        """A span (60d, 8w, 3m, 1y) in days."""
        return validity.parse_within(text)

    def status(self, ref: str | int, on: Day = None) -> dict[str, Any]:
        """``kb.queries.validity.status``, or ``conflict`` when another text carries the same 文号."""
        return conflicts_module.with_conflict(self.store, validity.status(self.store, ref, on))

    def status_of(self, doc_id: int, on: Day = None) -> dict[str, Any]:
        return conflicts_module.with_conflict(self.store, validity.status_of(self.store, doc_id, on))

    def expiring(self, within_days: int, on: Day = None) -> list[dict[str, Any]]:
        return validity.expiring(self.store, within_days, on)

    def periods(self) -> list[dict[str, Any]]:
        return validity.periods(self.store)

    # -- versions (issue 12: 法规变迁) --------------------------------------------------------------------------

    def versions(self, ref: str | int, on: Day = None) -> list[dict[str, Any]]:
        """Every version held of what ``ref`` names, oldest first, with dates and 时效性 labels on ``on``."""
        return history.version_list(self.store, ref, on)

    def diff(self, ref: str | int, from_: Day = None, to: Day = None) -> dict[str, Any]:
        """Article-level changes between the versions in force on ``from_`` and ``to`` (default: the newest two);
        raises ``NoOtherVersion`` when they are one."""
        return history.diff(self.store, ref, from_, to)

    # -- search -----------------------------------------------------------------------------------------------

    def search(self, query: str, filters: Filters | None = None, limit: int = 20,
               engine: str | None = None, per_doc: bool = False, offset: int = 0,
               in_force_first: bool = False) -> Hits:
        """Hits ``offset`` to ``offset + limit``; ``.total`` counts every hit of the query under its filters.

        ``in_force_first``: hits of documents in force (on ``filters.on``, else today) before those not yet in
        force, of unknown status, then expired, repealed or superseded; by relevance within each, over every hit."""
        return search_module.search(self.store, query, filters, limit=limit, engine=engine, per_doc=per_doc,
                                    offset=offset, in_force_first=in_force_first)

    def search_hints(self, query: str, filters: Filters | None = None) -> dict[str, list[dict[str, Any]]]:
        """For a query without hits: the nearest 文号s held and shorter queries with hits (kb.search.hints)."""
        return search_hints_module.hints(self.store, query, filters)

    @staticmethod
    def default_engine() -> str:
        return search_module.default_engine()

    def search_engine(self) -> str:
        """The engine this store's search uses by default: ``postgres`` (in the server) for a PostgreSQL store."""
        return search_module.SERVER_ENGINE if search_module.in_server(self.store) else self.default_engine()

    @staticmethod
    def filters(**fields: Any) -> Filters:
        """Search filters (city, province, issuer, year, on, topic, min_amount, max_amount)."""
        return search_module.Filters(**fields)

    def rebuild_index(self, engine: str | None = None) -> int:
        return search_module.rebuild_index(self.store, engine)

    # -- comparison and matching ------------------------------------------------------------------------------

    def compare(self, topic: str | None = None, cities: Iterable[str] | None = None, on: Day = None,
                query: str | None = None) -> dict[str, Any]:
        """The measures of a topic or domain, or of the clauses found for ``query``, city by city."""
        return compare_module.compare(self.store, topic, cities, on, query=query)

    @staticmethod
    def topics() -> list[taxonomy_module.Topic]:
        return taxonomy_module.load_taxonomy()

    @staticmethod
    def taxonomy() -> taxonomy_module.Taxonomy:
        return taxonomy_module.taxonomy()

    @staticmethod
    def topic_eval_groups() -> tuple[str, ...]:
        return topic_eval.GROUPS

    @staticmethod
    def eval_topics(annotations: Path, repo_root: Path, shared_corpus: Path, groups: Iterable[str],
                    sentences: bool = True) -> list[topic_eval.TopicScore]:
        """The topic classifier scored against ``annotations/topics/`` per corpus (and its sentence gold)."""
        scores = topic_eval.evaluate_topics(annotations, repo_root, shared_corpus, tuple(groups))
        if sentences:
            scores += topic_eval.evaluate_sentences(annotations, shared_corpus)
        return scores

    @staticmethod
    def topic_eval_lines(scores: Iterable[topic_eval.TopicScore], misses: bool = False) -> Iterable[str]:
        return topic_eval.format_scores(list(scores), misses)

    @staticmethod
    def topic_labels() -> list[str]:
        return taxonomy_module.labels()

    def match(self, profile: Profile, on: Day = None, lang: str = "en") -> dict[str, Any]:
        return match_module.match(self.store, profile, on, lang=lang)

    @staticmethod
    def load_profile(path: str | Path) -> Profile:
        return profile_module.load_profile(path)

    @staticmethod
    def profile_from_dict(data: dict[str, Any]) -> Profile:
        return profile_module.profile_from_dict(data)

    @staticmethod
    def figures() -> dict[str, profile_module.Figure]:
        return profile_module.figures()

    def figures_asked(self, city: str, on: Day = None) -> list[str]:
        """The figures (vocabulary keys) that the measures in force on ``on`` (today by default) for an enterprise
        of ``city`` ask for, most asked first: the fields a profile for that city needs."""
        result = self.match(profile_module.profile_from_dict({"name": "—", "city": city}), on)
        vocabulary = profile_module.figures()
        asked = Counter(key for r in result["results"] for key in r.get("missing") or [] if key in vocabulary)
        return [key for key, _ in asked.most_common()]

    @staticmethod
    def entity_kinds() -> dict[str, profile_module.EntityKind]:
        return profile_module.entity_kinds()

    # -- evaluation -------------------------------------------------------------------------------------------

    @staticmethod
    def eval(annotations: Path, repo_root: Path, shared_corpus: Path,
             group: str | None = None) -> evaluation_module.Evaluation:
        """Extraction scored against the gold in ``annotations`` (only ``group``'s when given; no store involved)."""
        return evaluation_module.evaluate(annotations, repo_root, shared_corpus, group=group)

    @staticmethod
    def eval_lines(rows: Iterable[evaluation_module.Row]) -> Iterable[str]:
        """Evaluation rows as an aligned table."""
        return evaluation_module.format_rows(rows)

    # -- graph ------------------------------------------------------------------------------------------------

    def graph(self, clauses: bool = True) -> nx.MultiDiGraph:
        return graph_module.build_graph(self.store, clauses=clauses)

    @staticmethod
    def export_graph(graph: nx.MultiDiGraph, path: str | Path) -> Path:
        """Write ``graph`` as GraphML (``.graphml``) or node-link JSON (``.json``)."""
        return graph_module.export_graph(graph, path)

    def graph_export(self, path: str | Path, clauses: bool = True) -> Path:
        return self.export_graph(self.graph(clauses), path)

    def neighbours(self, doc_id: int) -> list[dict[str, Any]]:
        """A document's neighbours in the graph without clause and measure nodes."""
        return graph_module.neighbours(self.graph(clauses=False), graph_module.doc_node(doc_id))

    # -- the match form's vocabularies (issue 11) -----------------------------------------------------------------

    @staticmethod
    def declaration_labels() -> dict[str, str]:
        """Declarations a profile may answer (not_seriously_dishonest → 未列入严重失信主体名单 …)."""
        from extractor.facts.eligibility import declaration_keys

        return declaration_keys()

    @staticmethod
    def legal_form_labels() -> dict[str, str]:
        from extractor.facts.eligibility import legal_form_keys

        return legal_form_keys()

    @staticmethod
    def counties(city: str) -> list[str]:
        """The counties, districts and county-level cities of a prefecture-level city, from the gazetteer."""
        from extractor.gazetteer import load_gazetteer

        places = {p for ps in load_gazetteer().names.values() for p in ps if p.city == city and p.county}
        return sorted({p.county for p in places if p.county})
