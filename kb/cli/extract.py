"""``policykb extract``: run the extraction pipeline over files and print JSON Lines or a summary."""

from __future__ import annotations

import json
import sys

import click

from extractor import ReadError, extract_file


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
    for path in paths:
        try:
            doc = extract_file(path)
        except ReadError as exc:
            failures += 1
            click.echo(f"error: {exc}", err=True)
            continue
        if as_json:
            sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        else:
            h = doc.header
            click.echo(
                f"{path}\t{h.doc_no.text if h.doc_no else '-'}\t{h.title or '-'}\t"
                f"{len(doc.clauses)} clauses\t{len(doc.facts)} facts"
            )
    if failures:
        click.echo(f"{failures} of {len(paths)} file(s) failed", err=True)
        raise SystemExit(1)
