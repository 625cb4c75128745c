"""The schema as versioned plain SQL files, one folder per dialect (``sqlite/001_initial.sql``, ...): version N
is the N-th file in name order. The store records how many it has applied (``schema_version``) and applies the
rest, each in its own transaction."""

from __future__ import annotations

from importlib import resources


def migration_scripts(dialect: str) -> list[str]:
    """The SQL scripts of ``dialect`` in version order.

    Example: len(migration_scripts("sqlite")) == 3
    """
    folder = resources.files(__package__).joinpath(dialect)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return [f.read_text(encoding="utf-8") for f in files]


def statements(script: str) -> list[str]:
    """The statements of a script: ``--`` comment lines dropped (they may hold semicolons), split on ``;``."""
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in code.split(";") if s.strip()]
