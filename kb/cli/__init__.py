"""The ``policykb`` command: one click group, thin over the library. Each command family lives in its own
``kb/cli/*.py`` module exposing ``register(group)``; ``COMMAND_MODULES`` lists them all (imported plainly, so a
missing one is an ImportError, not a missing command)."""

from __future__ import annotations

import click

from kb.cli import compare, eval, extract, match, search, store, store_copy

COMMAND_MODULES = (extract, store, search, compare, match, eval, store_copy)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policykb")
@click.option("--read-only", "read_only", is_flag=True,
              help="Refuse every write (ingest, upload); also POLICYKB_READ_ONLY=1.")
@click.pass_context
def cli(context: click.Context, read_only: bool) -> None:
    """policykb: a knowledge base of Chinese government policy documents."""
    context.obj = {"read_only": read_only}


for _module in COMMAND_MODULES:
    _module.register(cli)


def main() -> None:
    cli()
