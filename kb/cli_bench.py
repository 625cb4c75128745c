"""``policykb bench``: throughput, latency, memory and size figures beside their baselines."""

from __future__ import annotations

import json
import sys

import click

from kb.bench import benchmark


def register(cli: click.Group) -> None:
    cli.add_command(bench)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--limit", type=int, help="Only the first N files (in the ingest's order), for a quick sample.")
@click.option("--workers", type=int, help="Processes for parallel extraction and ingest (default: all cores).")
@click.option("--no-ingest", is_flag=True, help="Extraction figures only: skip ingest, size, search, query and app.")
@click.option("--no-whoosh", is_flag=True, help="Skip the whoosh figures (its build takes minutes at scale).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (progress goes to stderr).")
def bench(paths: tuple[str, ...], limit: int | None, workers: int | None, no_ingest: bool, no_whoosh: bool,
          as_json: bool) -> None:
    """Print every benchmark figure for PATHS (default: corpus/), each beside its baseline and target.

    Takes minutes on the 3,472 laws of lawrefbook (whoosh's index build is the longest step). No figure is a
    test: compare runs on an idle machine (the load average is printed).

    Example: policykb bench ../shared/corpus/lawrefbook --workers 2
    """
    echo = (lambda line: click.echo(line, err=True)) if as_json else click.echo
    try:
        report = benchmark(paths or ("corpus",), limit=limit, workers=workers, with_ingest=not no_ingest, echo=echo,
                           whoosh=not no_whoosh)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        click.echo()
