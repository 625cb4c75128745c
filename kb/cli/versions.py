"""``policykb versions | diff``: a document's chain of versions and what changed between two of them (法规变迁).

Both take a 文号, title or id (any version names the whole chain), ``--db`` and ``--json``.
"""

from __future__ import annotations

from pathlib import Path

import click

from kb import NoOtherVersion
from kb.cli.store import echo_json, label, one_document, open_kb, parsed

_MARKS = {"added": "+", "removed": "-", "changed": "~", "renumbered": "→"}


def register(cli: click.Group) -> None:
    for command in (versions_command, diff_command):
        cli.add_command(command)


@click.command("versions")
@one_document(
    click.option("--on", "on", default=None, metavar="YYYY-MM-DD", help="Labels as on this date (default: today)."),
)
def versions_command(doc: str, db: Path | None, on: str | None, as_json: bool) -> None:
    """The versions held of a document, oldest first, with the day each took effect and its 时效性 label.

    Example: policykb versions 中华人民共和国公司法 --on 2025-01-01
    """
    kb = open_kb(db)
    rows = kb.versions(doc, parsed(kb.day, on))
    if as_json:
        echo_json(rows)
        return
    for v in rows:
        start = v["effective_from"] or "unknown"
        if v["inferred"]:
            start += " (inferred)"
        mark = "*" if v["in_force_on"] else " "
        click.echo(f"{mark} {v['id']}\t{v['version_date'] or '-'}\tin effect from {start}\t{v['label'] or '-'}"
                   f"\t{label(v)}")


@click.command("diff")
@one_document(
    click.option("--from", "from_", default=None, metavar="YYYY-MM-DD", help="The version in force on this date."),
    click.option("--to", "to", default=None, metavar="YYYY-MM-DD", help="The version in force on this date."),
)
def diff_command(doc: str, db: Path | None, from_: str | None, to: str | None, as_json: bool) -> None:
    """Article-level changes between two versions (default: the newest held and the one before it).

    Example: policykb diff 中华人民共和国公司法 --from 2020-01-01 --to 2025-01-01
    """
    kb = open_kb(db)
    try:
        result = kb.diff(doc, parsed(kb.day, from_) if from_ else None, parsed(kb.day, to) if to else None)
    except NoOtherVersion as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        echo_json(result)
        return
    old, new = result["from"], result["to"]
    click.echo(f"from {old['id']} ({old['version_date'] or old['effective_from']}) to {new['id']} "
               f"({new['version_date'] or new['effective_from']}): "
               + ", ".join(f"{n} {kind}" for kind, n in result["summary"].items()))
    for a in result["articles"]:
        where = a["from_label"] if a["to_label"] is None else (
            a["to_label"] if a["from_label"] in (None, a["to_label"]) else f"{a['from_label']} → {a['to_label']}")
        click.echo(f"{_MARKS[a['change']]} {a['change']}\t{where}")
        if a["change"] != "renumbered":
            if a["from_text"]:
                click.echo(f"    - {a['from_text']}")
            if a["to_text"]:
                click.echo(f"    + {a['to_text']}")
