from benchmarks.cli import cli

cli()
