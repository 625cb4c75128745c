"""Per-file bounds: how much one file may cost before it is refused, wherever a file is read.

One ``Limits`` object holds every bound; ``limits()`` reads it from the environment each time it is asked, so a
setting changed for a run (or a test) is seen by the reader, the ingest workers and ``extract`` alike.

=================================  ==============================  ===========================================
environment variable               default                         bounds
=================================  ==============================  ===========================================
``POLICYKB_MAX_BYTES``             20 MiB                          the file as stored on disk or uploaded
``POLICYKB_MAX_CHARS``             2,000,000                       the text read out of it (any form)
``POLICYKB_MAX_UNZIPPED_BYTES``    100 MiB                         a .docx's members, uncompressed, together
``POLICYKB_MAX_ZIP_RATIO``         100                             one member's uncompressed / compressed size
``POLICYKB_MAX_PARAGRAPHS``        50,000                          a .docx's paragraphs (``<w:p>`` elements)
``POLICYKB_MAX_SECONDS``           120                             extracting one file (0: no limit)
=================================  ==============================  ===========================================

The largest real document in the corpora (3,533 files) has 107,607 characters; a 100-page .docx unzips to a
few MB with a ratio under 20. The ratio is checked only on members over 1 MiB, where a zip bomb lives.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

_MIB = 1024 * 1024
RATIO_FLOOR = _MIB  # members smaller than this are never a bomb, whatever their ratio

_ENV = {
    "max_bytes": "POLICYKB_MAX_BYTES",
    "max_chars": "POLICYKB_MAX_CHARS",
    "max_unzipped_bytes": "POLICYKB_MAX_UNZIPPED_BYTES",
    "max_zip_ratio": "POLICYKB_MAX_ZIP_RATIO",
    "max_paragraphs": "POLICYKB_MAX_PARAGRAPHS",
    "max_seconds": "POLICYKB_MAX_SECONDS",
}


class LimitSettingError(ValueError):
    """An environment variable that does not hold a usable bound."""


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 20 * _MIB
    max_chars: int = 2_000_000
    max_unzipped_bytes: int = 100 * _MIB
    max_zip_ratio: int = 100
    max_paragraphs: int = 50_000
    max_seconds: float = 120.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Limits:
        """The defaults with every ``POLICYKB_MAX_*`` variable that is set applied.

        Example: Limits.from_env({"POLICYKB_MAX_SECONDS": "30"}).max_seconds == 30.0
        """
        values: dict[str, int | float] = {}
        for field in fields(cls):
            raw = environ.get(_ENV[field.name], "").strip()
            if not raw:
                continue
            kind = float if field.name == "max_seconds" else int
            try:
                value = kind(raw.replace("_", ""))
            except ValueError:
                raise LimitSettingError(f"{_ENV[field.name]}={raw!r} is not a number") from None
            if value < 0 or (value == 0 and field.name != "max_seconds"):
                raise LimitSettingError(f"{_ENV[field.name]}={raw!r} must be positive")
            values[field.name] = value
        return cls(**values)

    @property
    def seconds(self) -> float | None:
        """The time allowed per file, None when unlimited."""
        return self.max_seconds or None


def limits() -> Limits:
    """The bounds in force now (the environment read afresh)."""
    return Limits.from_env()


def env_name(setting: str) -> str:
    """The environment variable that sets ``setting`` (e.g. ``max_chars`` → ``POLICYKB_MAX_CHARS``)."""
    return _ENV[setting]


def megabytes(size: int) -> str:
    return f"{size / _MIB:.1f} MB"
