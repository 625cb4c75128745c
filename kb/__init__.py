"""policykb's knowledge base: ``KnowledgeBase`` (``kb.api``) answers every question the CLI and the app ask;
the error types below are what its methods raise. Nothing else in ``kb`` is public for ``kb/cli`` and ``ui``
(they may also use ``kb.text`` for formatting and messages)."""

from extractor import ReadError
from kb.api import KnowledgeBase, ReadOnly
from kb.queries.compare import UnknownPlace
from kb.queries.history import NoOtherVersion
from kb.queries.match.profile import ProfileError
from kb.queries.references import RefNotFound
from kb.queries.taxonomy import UnknownTopic
from kb.store import StoreError

__all__ = [
    "KnowledgeBase", "NoOtherVersion", "ProfileError", "ReadError", "ReadOnly", "RefNotFound", "StoreError",
    "UnknownPlace", "UnknownTopic",
]
