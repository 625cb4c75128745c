"""``policykb extract``: run the extraction pipeline over files and print JSON Lines or a summary.

Each file is extracted in a worker process stopped after ``POLICYKB_MAX_SECONDS`` (``extractor.timed_pool``), so a
stuck or crashing file is named with its reason and the others still come out; the exit code is 1 at the end.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from extractor import ReadError, extract_file
from extractor.limits import LimitSettingError, limits
from extractor.pipeline import warm_up
from extractor.reader import printable
from extractor.timed_pool import run_bounded


def register(cli: click.Group) -> None:
    cli.add_command(extract)


def extract_record(path: str) -> dict[str, Any]:
    """``{"doc": the contract dict}`` or ``{"error": the problem}`` for one file (runs in a worker process)."""
    try:
        return {"doc": extract_file(path).to_dict()}
    except ReadError as exc:
        return {"error": exc.problem}


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document per line (JSON Lines).")
def extract(paths: tuple[str, ...], as_json: bool) -> None:
    """Extract header, clause tree and facts from policy documents.

    Example: policykb extract corpus/*.txt --json
    """
    try:
        seconds = limits().seconds
    except LimitSettingError as exc:
        raise click.ClickException(str(exc)) from exc
    failures = 0
    for path, outcome in run_bounded(extract_record, paths, seconds=seconds, warm=warm_up,
                                     preload=("extractor.pipeline",)):
        result = outcome.value if outcome.error is None else {"error": outcome.error}
        if "error" in result:
            failures += 1
            click.echo(f"error: {printable(path)}: {result['error']}", err=True)
            continue
        record = result["doc"]
        if as_json:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            click.echo(
                f"{path}\t{record['doc_no'] or '-'}\t{record['title'] or '-'}\t"
                f"{len(record['clauses'])} clauses\t{len(record['facts'])} facts"
            )
    if failures:
        click.echo(f"{failures} of {len(paths)} file(s) failed", err=True)
        raise SystemExit(1)
