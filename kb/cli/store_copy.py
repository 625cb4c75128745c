"""``policykb store copy SRC DST``: a whole store into another, empty one (SQLite ↔ PostgreSQL), counts checked."""

from __future__ import annotations

import click

from kb import StoreError
from kb.cli.store import open_kb


def register(cli: click.Group) -> None:
    cli.add_command(store_group)


@click.group("store")
def store_group() -> None:
    """Whole stores: copy one into another."""


@store_group.command("copy")
@click.argument("source")
@click.argument("target")
def copy_command(source: str, target: str) -> None:
    """Copy the store SOURCE into the empty store TARGET (each a SQLite file or a postgresql:// URL), then print
    the rows of every table on both sides; exit 1 when a count differs.

    Example: policykb store copy data/policykb.sqlite postgresql://kb:pw@db.internal/kb
    """
    kb = open_kb(source)
    try:
        report = kb.copy_to(target)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{'table':<14}{'source':>8}{'copy':>8}")
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        raise click.ClickException("the copy does not hold what the source holds")
    click.echo(f"copied {report.counts['documents'][1]} documents from {kb.address}")
