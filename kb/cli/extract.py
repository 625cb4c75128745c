"""``policykb extract``: run the extraction pipeline over files and print JSON Lines or a summary.

Each file is extracted in a worker process stopped after ``POLICYKB_MAX_SECONDS`` (``extractor.timed_pool``), so a
stuck or crashing file is named with its reason and the others still come out; the exit code is 1 at the end.
"""

from __future__ import annotations

import json
import sys

import click

from extractor import LimitSettingError, extract_bounded, printable


def register(cli: click.Group) -> None:
    cli.add_command(extract)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document per line (JSON Lines).")
def extract(paths: tuple[str, ...], as_json: bool) -> None:
    """Extract header, clause tree and facts from policy documents.

    Example: policykb extract corpus/*.txt --json
    """
    failures = 0
    try:
        for path, record, problem in extract_bounded(paths):
            if record is None:
                failures += 1
                click.echo(f"error: {printable(path)}: {problem}", err=True)
                continue
            if as_json:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                click.echo(
                    f"{path}\t{record['doc_no'] or '-'}\t{record['title'] or '-'}\t"
                    f"{len(record['clauses'])} clauses\t{len(record['facts'])} facts"
                )
    except LimitSettingError as exc:
        raise click.ClickException(str(exc)) from exc
    if failures:
        click.echo(f"{failures} of {len(paths)} file(s) failed", err=True)
        raise SystemExit(1)
