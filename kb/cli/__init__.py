"""The ``policykb`` command: one click group, thin over the library. Each command family lives in its own
``kb/cli/*.py`` module exposing ``register(group)``; ``COMMAND_MODULES`` lists them all (imported plainly, so a
missing one is an ImportError, not a missing command)."""

from __future__ import annotations

import click

from kb.cli import compare, eval, extract, match, search, store, versions

COMMAND_MODULES = (extract, store, search, compare, match, eval, versions)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policykb")
def cli() -> None:
    """policykb: a knowledge base of Chinese government policy documents."""


for _module in COMMAND_MODULES:
    _module.register(cli)


def main() -> None:
    cli()
