"""The ``policykb`` command: one click group, thin over the library. Each command family lives in its own
``kb/cli_*.py`` module exposing ``register(group)``."""

from __future__ import annotations

import importlib

import click

COMMAND_MODULES = (
    "kb.cli_extract",
    "kb.cli_store",
    "kb.cli_search",
    "kb.cli_analysis",
    "kb.cli_match",
    "kb.cli_eval",
    "kb.cli_bench",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policykb")
def cli() -> None:
    """policykb: a knowledge base of Chinese government policy documents."""


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(_name)
    except ModuleNotFoundError as exc:
        if exc.name != _name:
            raise
        continue
    _module.register(cli)


def main() -> None:
    cli()
