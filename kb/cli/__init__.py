"""The ``policykb`` command: one click group, thin over the library. Each command family lives in its own
``kb/cli/*.py`` module exposing ``register(group)``; ``COMMAND_MODULES`` lists them all (imported plainly, so a
missing one is an ImportError, not a missing command).

No traceback reaches a user: an error nothing else caught becomes one line naming its kind, and ``--debug`` (or
``$POLICYKB_DEBUG=1``) lets the traceback through."""

from __future__ import annotations

import logging
import os
from typing import Any

import click

from kb.cli import compare, eval, extract, match, search, store, store_copy, versions

COMMAND_MODULES = (extract, store, search, compare, match, eval, versions, store_copy)
DEBUG_ENV = "POLICYKB_DEBUG"


class MessagesNotTracebacks(click.Group):
    """A group whose commands' unexpected errors end as a one-line message (exit 1) unless debugging."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:  # tantivy's PanicException derives from BaseException
            if ctx.meta.get("policykb.debug"):
                raise
            raise click.ClickException(f"{type(exc).__name__}: {exc} (run with --debug for the traceback)") from exc


@click.group(cls=MessagesNotTracebacks, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policykb")
@click.option("--debug", is_flag=True, default=lambda: os.environ.get(DEBUG_ENV) == "1",
              help="Show tracebacks and debug logging (also $POLICYKB_DEBUG=1).")
@click.option("--read-only", "read_only", is_flag=True,
              help="Refuse every write (ingest, upload, remove); also POLICYKB_READ_ONLY=1.")
@click.pass_context
def cli(ctx: click.Context, debug: bool, read_only: bool) -> None:
    """policykb: a knowledge base of Chinese government policy documents."""
    ctx.meta["policykb.debug"] = debug
    ctx.obj = {"read_only": read_only}
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s: %(message)s")


for _module in COMMAND_MODULES:
    _module.register(cli)


def main() -> None:
    cli()
