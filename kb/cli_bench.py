"""``policykb bench``: throughput, latency, memory and size figures beside their baselines."""

from __future__ import annotations

import click

from kb.bench import benchmark


def register(cli: click.Group) -> None:
    cli.add_command(bench)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--limit", type=int, help="Only the first N files (sorted), for a quick sample.")
@click.option("--workers", type=int, help="Processes for parallel extraction and ingest (default: all cores).")
@click.option("--no-ingest", is_flag=True, help="Skip the ingest, size and query figures.")
def bench(paths: tuple[str, ...], limit: int | None, workers: int | None, no_ingest: bool) -> None:
    """Print benchmark figures for PATHS (default: corpus/).

    Example: policykb bench ../shared/corpus/lawrefbook --limit 300
    """
    benchmark(paths or ("corpus",), limit=limit, workers=workers, with_ingest=not no_ingest, echo=click.echo)
