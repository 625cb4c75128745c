"""``policykb search`` and ``policykb index rebuild``: full-text search over clauses, thin over ``kb.search``."""

from __future__ import annotations

import json
import re
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from kb import KnowledgeBase
from kb.cli.store import db_option, open_kb

MAX_LIMIT = 10_000  # tantivy aborts the process on a limit near 2**32 and panics on 0

_UNITS = {"": 1, "元": 1, "千": 1000, "千元": 1000, "万": 10_000, "万元": 10_000, "亿": 100_000_000, "亿元": 100_000_000}


def register(cli: click.Group) -> None:
    cli.add_command(search_command)
    cli.add_command(index_group)


def parse_amount(text: str | None) -> int | None:
    """An amount in yuan from ``500000``, ``50万``, ``50万元``, ``1.5亿``.

    Example: parse_amount("50万") == 500000
    """
    if text is None:
        return None
    m = re.fullmatch(r"\s*([\d.,]+)\s*(千元|万元|亿元|千|万|亿|元)?\s*", text)
    if not m:
        raise click.BadParameter(f"not an amount: {text!r} (e.g. 500000, 50万, 1.5亿)")
    try:
        return int(Decimal(m.group(1).replace(",", "")) * _UNITS[m.group(2) or ""])
    except InvalidOperation as exc:
        raise click.BadParameter(f"not an amount: {text!r}") from exc


engine_option = click.option("--engine", type=click.Choice(KnowledgeBase.ENGINES), default=None,
                             help="Search engine of a SQLite store (default: $POLICYKB_SEARCH_ENGINE or tantivy); "
                                  "a PostgreSQL store searches in the server.")


@click.command("search")
@click.argument("query")
@click.option("--city", help="City, e.g. 衡阳 or 衡阳市.")
@click.option("--province", help="Province, e.g. 湖南 or 湖南省.")
@click.option("--issuer", help="Issuing body, or part of its name (商务局).")
@click.option("--year", type=click.IntRange(1949, 9999), help="Year of issue.")
@click.option("--on", "on", metavar="DATE", help="Only documents in force on DATE (YYYY-MM-DD).")
@click.option("--topic", help="Measure topic (see `policykb measures`).")
@click.option("--min-amount", help="Largest amount in the clause at least this (元; 50万 and 1亿 work).")
@click.option("--max-amount", help="Largest amount in the clause at most this.")
@click.option("--limit", "-n", type=click.IntRange(1, MAX_LIMIT), default=20, show_default=True,
              help=f"Hits to show, 1 to {MAX_LIMIT:,}.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Skip this many hits (paging: --offset 20 --limit 20 is the second page).")
@click.option("--per-doc", is_flag=True, help="Best clause of each document only.")
@engine_option
@db_option
@click.option("--json", "as_json", is_flag=True,
              help='Print {"total": every hit, "offset": …, "hits": [this page]} as JSON.')
def search_command(query: str, city: str | None, province: str | None, issuer: str | None, year: int | None,
                   on: str | None, topic: str | None, min_amount: str | None, max_amount: str | None, limit: int, offset: int,
                   per_doc: bool, engine: str | None, db: Path | None, as_json: bool) -> None:
    """Search clauses: words all match (with synonyms), "quoted words" as a phrase; a 文号 is looked up too.

    Example: policykb search 海外仓 --city 衡阳 --on 2025-06-01 --json
    """
    if on is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", on):
        raise click.BadParameter(f"not a date: {on!r} (YYYY-MM-DD)", param_hint="--on")
    filters = KnowledgeBase.filters(province=province, city=city, issuer=issuer, year=year, on=on, topic=topic,
                      min_amount=parse_amount(min_amount), max_amount=parse_amount(max_amount))
    kb = open_kb(db)
    try:
        hits = kb.search(query, filters, limit=limit, engine=engine, per_doc=per_doc, offset=offset)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps({"total": hits.total, "offset": hits.offset, "hits": [h.to_dict() for h in hits]},
                              ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("no hits" if not hits.total else f"no hits past {offset} (of {hits.total})")
        return
    click.echo(f"hits {offset + 1}-{offset + len(hits)} of {hits.total}")
    for h in hits:
        where = " ".join(x for x in (h.label, h.heading) if x)
        click.echo(f"{h.score:8.3f}  {h.doc_no or '-'}  {h.city or h.province or '-'}  {h.title or '-'}"
                   + (f"  [{where}]" if where else "") + (f"  ({h.status})" if h.status else ""))
        click.echo(f"          {h.snippet}")


@click.group("index")
def index_group() -> None:
    """The search index beside the store (in the server for a PostgreSQL store)."""


@index_group.command("rebuild")
@engine_option
@db_option
def index_rebuild(engine: str | None, db: Path | None) -> None:
    """Rebuild the search index from the store (done by itself when the dictionary or synonyms change).

    Example: policykb index rebuild --engine tantivy
    """
    kb = open_kb(db)
    started = time.perf_counter()
    n = kb.rebuild_index(engine)
    click.echo(f"{n} records indexed with {engine or kb.search_engine()} in {time.perf_counter() - started:.1f}s")
