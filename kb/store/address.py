"""What a store address names — a SQLite file or a PostgreSQL database — and how it is printed.

An address with a scheme (``name://``) is a URL: ``postgresql://`` and ``postgres://`` name the PostgreSQL store,
any other scheme is refused (``kb.store.open_store``) before anything is touched. An address without a scheme is
a SQLite file path. Messages name a URL without its password (``redact``).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

POSTGRES_SCHEMES = frozenset({"postgresql", "postgres"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_SECRET_PARAMS = frozenset({"password", "sslpassword"})


def scheme_of(address: str | Path) -> str | None:
    """The URL scheme of a store address, lower-cased; None for a file path.

    Example: scheme_of("postgresql://kb@db/kb") == "postgresql"; scheme_of("data/kb.sqlite") is None
    """
    match = _SCHEME.match(str(address))
    return match.group(1).lower() if match else None


def is_postgres(address: str | Path) -> bool:
    """True for a ``postgresql://`` (or ``postgres://``) address.

    Example: is_postgres("postgres://kb:pw@127.0.0.1/kb") is True
    """
    return scheme_of(address) in POSTGRES_SCHEMES


def redact(address: str | Path) -> str:
    """The address safe to print: a URL's password (in the user part or the query) becomes ``***``.

    Example: redact("postgresql://kb:s3cret@127.0.0.1:5432/kb") == "postgresql://kb:***@127.0.0.1:5432/kb"
    """
    text = str(address)
    if scheme_of(text) is None:
        return text
    parts = urlsplit(text)
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        if ":" in user:
            user = user.split(":", 1)[0] + ":***"
        netloc = f"{user}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, "***" if k.lower() in _SECRET_PARAMS else v) for k, v in pairs], safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
