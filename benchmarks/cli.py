"""``python -m benchmarks``: throughput, latency, memory and size figures beside their baselines.

    python -m benchmarks seeds                       # corpus/
    python -m benchmarks lawrefbook --workers 2      # ../shared/corpus/lawrefbook
    python -m benchmarks run PATH... --limit 300
    python -m benchmarks dask --sample 200          # ingest on a Dask LocalCluster, 1 and 2 workers
    python -m benchmarks profile --sample 120       # CPU seconds per stage of the ingest's worker
    python -m benchmarks writer --sample 200        # CPU seconds of the ingest's main process (the writer)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from benchmarks.bench import benchmark

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"seeds": ROOT / "corpus", "lawrefbook": ROOT.parent / "shared" / "corpus" / "lawrefbook"}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Benchmarks of policykb, run from the repository."""


@cli.command("run")
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

    Example: python -m benchmarks run ../shared/corpus/lawrefbook --workers 2
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


def _corpus_command(name: str) -> click.Command:
    @click.option("--limit", type=int, help="Only the first N files.")
    @click.option("--workers", type=int, help="Processes for parallel extraction and ingest.")
    @click.option("--no-ingest", is_flag=True, help="Extraction figures only.")
    @click.option("--no-whoosh", is_flag=True, help="Skip the whoosh figures.")
    @click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
    @click.pass_context
    def command(ctx: click.Context, **options: object) -> None:
        ctx.invoke(bench, paths=(str(CORPORA[name]),), **options)

    command.__doc__ = f"Every benchmark figure for {CORPORA[name]}."
    return click.command(name)(command)


for _name in CORPORA:
    cli.add_command(_corpus_command(_name))


@cli.command("dask")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--sample", "size", type=int, default=200, show_default=True,
              help="Only N files, spread evenly over the walk (every folder); 0: every file.")
@click.option("--workers", "worker_counts", default="1,2", show_default=True,
              help="Worker counts to run, comma-separated (each as a LocalCluster and as the local pool).")
@click.option("--json", "as_json", is_flag=True, help="Print the runs as JSON (the lines go to stderr).")
def dask_bench(paths: tuple[str, ...], size: int | None, worker_counts: str, as_json: bool) -> None:
    """Ingest PATHS (default: lawrefbook) on a Dask LocalCluster and on the local pool, 1 and 2 workers, each
    start-up timed apart; prints the scaling ratios and where the cluster's time goes.

    Example: python -m benchmarks dask --sample 200 --json
    """
    from benchmarks import bench_dask

    echo = (lambda text: click.echo(text, err=True)) if as_json else click.echo
    counts = [int(part) for part in worker_counts.split(",") if part.strip()]
    runs = bench_dask.benchmark(paths or (str(CORPORA["lawrefbook"]),), size or None, counts, echo=echo)
    if as_json:
        json.dump(bench_dask.as_dicts(runs), sys.stdout, ensure_ascii=False, indent=2)
        click.echo()


@cli.command("profile")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--sample", "size", type=int, default=120, show_default=True,
              help="Files spread evenly over the walk (0: every file).")
@click.option("--repeat", type=int, default=3, show_default=True, help="Runs of each stage; the least is kept.")
def profile_command(paths: tuple[str, ...], size: int, repeat: int) -> None:
    """CPU seconds of each stage of the ingest's worker on a sample of PATHS (default: lawrefbook), each beside
    jieba alone on the same texts.

    Example: python -m benchmarks profile --sample 120
    """
    from benchmarks.bench_profile import profile

    profile(paths or (str(CORPORA["lawrefbook"]),), size or None, echo=click.echo, repeat=repeat)


@cli.command("postgres")
@click.argument("url")
@click.option("--laws", "n_laws", type=int, default=500, show_default=True, help="Laws of lawrefbook to ingest.")
@click.option("--all", "all_laws", is_flag=True, help="All 3,472 laws.")
@click.option("--load-laws", type=int, default=500, show_default=True,
              help="Laws the load test's writer ingests while the readers read.")
@click.option("--readers", type=int, default=8, show_default=True, help="Reader processes of the load test.")
@click.option("--seconds", type=float, default=60, show_default=True, help="How long the readers read (0: no load "
              "test).")
@click.option("--workers", type=int, default=None, help="Ingest processes (default: all cores).")
def postgres_command(url: str, n_laws: int, all_laws: bool, load_laws: int, readers: int, seconds: float,
                     workers: int | None) -> None:
    """The PostgreSQL store at URL beside SQLite + tantivy (ingest, search p95), and a load test.

    Example: python -m benchmarks postgres postgresql://kb:pw@127.0.0.1:5432/kb --laws 500
    """
    import os

    from benchmarks.postgres_bench import laws, run

    run(url, len(laws()) if all_laws else n_laws, load_laws, readers, seconds, workers or os.cpu_count() or 1,
        echo=click.echo)


@cli.command("writer")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--sample", "size", type=int, default=200, show_default=True,
              help="Files spread evenly over the walk (0: every file).")
@click.option("--workers", type=int, default=2, show_default=True, help="Worker processes of the whole ingest.")
@click.option("--repeat", type=int, default=3, show_default=True, help="Runs of the writer alone; the least is kept.")
@click.option("--no-ingest", is_flag=True, help="Only the writer alone (skip the whole ingest).")
@click.option("--profile", is_flag=True, help="Also print cProfile's top functions of one writer run.")
def writer_command(paths: tuple[str, ...], size: int, workers: int, repeat: int, no_ingest: bool,
                   profile: bool) -> None:
    """CPU seconds of the ingest's main process (the writer) on a sample of PATHS (default: lawrefbook).

    Example: python -m benchmarks writer --sample 200
    """
    from benchmarks.bench_writer import benchmark as writer_benchmark

    writer_benchmark(paths or (str(CORPORA["lawrefbook"]),), size or 0, workers, repeat, not no_ingest, profile,
                     echo=click.echo)
