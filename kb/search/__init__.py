"""Full-text search over clauses: jieba analysis, synonyms, filters, snippets, 文号 lookup.

Public API (the app and the CLI use only these):

- ``search(store, query, Filters(...), limit, engine=None, per_doc=False) -> list[Hit]`` (``Hit.to_dict()``)
- ``index_feed(store)`` (``kb.ingest`` feeds what it writes), ``refresh_index(store, changed_doc_ids,
  removed_doc_ids)``, ``rebuild_index(store)``, ``sync_index(store)`` (catch up with the store's outbox)
- ``SearchIndex`` (an index in any folder, fed with ``records_from_store`` / ``records_from_extraction``)
- ``lookup_doc_no(query, candidates) -> list[(doc_no, score)]``
"""

from kb.search.docno import lookup_doc_no
from kb.search.engine import Engine, Filters, ParsedQuery, Phrase, Record, Term
from kb.search.query import parse_query
from kb.search.records import (
    record_from_row,
    records_from_extraction,
    records_from_payload,
    records_from_store,
)
from kb.search.service import (
    ENGINES,
    SERVER_ENGINE,
    Hit,
    Hits,
    IndexFeed,
    SearchIndex,
    default_engine,
    in_server,
    index_feed,
    index_for,
    rebuild_index,
    refresh_index,
    search,
    sync_index,
)

__all__ = [
    "ENGINES", "SERVER_ENGINE", "Engine", "Filters", "Hit", "Hits", "IndexFeed", "ParsedQuery", "Phrase", "Record",
    "SearchIndex", "Term", "default_engine", "in_server", "index_feed", "index_for", "lookup_doc_no", "parse_query",
    "rebuild_index", "record_from_row", "records_from_extraction", "records_from_payload", "records_from_store",
    "refresh_index", "search",
    "sync_index",
]
