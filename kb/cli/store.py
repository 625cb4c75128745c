"""``policykb ingest | docs | show | status | expiring | graph``: the store, validity and graph commands.

Every command takes ``--db PATH`` (default: ``$POLICYKB_DB`` or ``./data/policykb.sqlite``) and ``--json``.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kb import KnowledgeBase, RefNotFound, StoreError


def register(cli: click.Group) -> None:
    for command in (ingest_command, docs_command, show_command, status_command, expiring_command, graph_group):
        cli.add_command(command)


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    # a plain string: click.Path would fold the // of a postgresql:// URL
    return click.option("--db", "db", type=str, default=None,
                        help="The store: a SQLite file or a postgresql:// URL "
                             "(default: $POLICYKB_DB or ./data/policykb.sqlite).")(func)


def read_only_flag() -> bool | None:
    """``--read-only`` given to ``policykb`` (None: ``$POLICYKB_READ_ONLY`` decides)."""
    context = click.get_current_context(silent=True)
    root = context.find_root() if context else None
    return True if root is not None and (root.obj or {}).get("read_only") else None


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


def open_kb(db: str | Path | None, must_exist: bool = True) -> KnowledgeBase:
    """The knowledge base at ``--db``; any store error (no store, bad address, no server) is one line, exit 1."""
    try:
        return KnowledgeBase.open(db, create=not must_exist, read_only=read_only_flag())
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


label = KnowledgeBase.label


def parsed(parse: Callable[[Any], Any], value: Any) -> Any:
    """``parse(value)``, a ValueError becoming the command's error message."""
    try:
        return parse(value)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def resolving(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn an unknown reference into a message with suggestions and exit code 1."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RefNotFound as exc:
            if kwargs.get("as_json"):
                echo_json({"error": "not_found", "ref": exc.ref, "suggestions": exc.suggestions,
                           "mentioned_by": [{k: m[k] for k in ("kind", "id", "doc_no", "title")}
                                            for m in exc.mentioned_by]})
                raise SystemExit(1) from exc
            lines = [f"no document matches {exc.ref!r}"]
            for m in exc.mentioned_by:
                lines.append(f"  named but not held here: {m['kind']} by {label(m)} (id {m['id']})")
            if exc.suggestions:
                lines.append("did you mean:")
                lines += [f"  {s['id']}\t{label(s)}" for s in exc.suggestions]
            raise click.ClickException("\n".join(lines)) from exc
    return wrapper


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--prune", is_flag=True, help="Drop stored documents whose files are gone.")
@click.option("--workers", type=int, default=None, help="Extraction processes (default: the number of cores).")
@json_option
def ingest_command(paths: tuple[str, ...], db: Path | None, prune: bool, workers: int | None,
                   as_json: bool) -> None:
    """Extract files (directories are walked) and store them; unchanged files are skipped.

    A file that cannot be read is named with the reason, the others are stored, and the exit code is 1.

    Example: policykb ingest corpus/ ../shared/corpus/dev --db data/policykb.sqlite
    """
    from tqdm import tqdm

    if read_only_flag() or KnowledgeBase.node_is_read_only():  # refused before a store is created
        raise click.ClickException("ingest refused: this policykb node is read-only (--read-only or "
                                   "POLICYKB_READ_ONLY); write from a writer node")
    kb = open_kb(db, must_exist=False)
    files, _ = kb.find_files(paths)
    bar = tqdm(total=len(files), file=sys.stderr, unit="file", disable=len(files) < 20 or None,
               leave=False, dynamic_ncols=True)

    def progress(path: str, outcome: str) -> None:
        if outcome == "failed":
            bar.write(f"failed: {path}", file=sys.stderr)
        bar.update(1)

    try:
        report = kb.ingest(paths, prune=prune, progress=progress, workers=workers)
    finally:
        bar.close()
    if as_json:
        echo_json({**report.to_dict(), "db": kb.address, "documents": kb.count()})
    else:
        for path, reason in report.failed:
            click.echo(f"error: {path}: {reason}", err=True)
        for path, other in report.duplicates:
            click.echo(f"duplicate: {path} has the same content as {other}", err=True)
        for error in report.errors:
            click.echo(f"error: {error}", err=True)
        click.echo(f"{report.summary()}; {kb.count()} documents in {kb.address}")
    if not report.ok:
        raise SystemExit(1)


@click.command("docs")
@db_option
@click.option("--city", help="Only documents of this city (e.g. 邵阳市).")
@click.option("--province", help="Only documents of this province.")
@click.option("--type", "doc_type", help="Only documents of this 文种 (e.g. 通知).")
@json_option
def docs_command(db: Path | None, city: str | None, province: str | None, doc_type: str | None,
                 as_json: bool) -> None:
    """List the documents held: id, 文号, dates, title.

    Example: policykb docs --city 衡阳市
    """
    rows = open_kb(db).documents(city=city, province=province, doc_type=doc_type)
    if as_json:
        echo_json(rows)
        return
    for d in rows:
        click.echo(f"{d['id']}\t{d['doc_no'] or '-'}\t{d['effective_from'] or '-'}\t{d['expires_on'] or '-'}\t"
                   f"{d['title'] or Path(d['source']).name}" + (f" ({d['version_date']})" if d["version_date"] else ""))


@click.command("show")
@click.argument("doc")
@db_option
@click.option("--facts", "with_facts", is_flag=True, help="Also list every fact with its quote.")
@json_option
@resolving
def show_command(doc: str, db: Path | None, with_facts: bool, as_json: bool) -> None:
    """Show one document (文号, title or id): header, validity fields, clauses, relations.

    Example: policykb show 邵市政办发〔2023〕21号
    """
    kb = open_kb(db)
    doc_id = kb.resolve(doc)
    row = kb.document(doc_id)
    clauses = kb.clauses(doc_id)
    relations = kb.relations(doc_id, direction="both")
    facts = kb.facts(doc_id)
    if as_json:
        row.pop("extraction", None)
        echo_json({**row, "clauses": clauses, "relations": relations, "facts": facts})
        return
    for key in ("id", "source", "doc_no", "reg_no", "title", "doc_type", "attachment_title", "issuers",
                "province", "city", "county", "issue_date", "effective_from", "term", "expires_on",
                "version_date"):
        value = row.get(key)
        if value not in (None, [], ""):
            click.echo(f"{key}: {', '.join(value) if isinstance(value, list) else value}")
    click.echo(f"clauses: {len(clauses)}, facts: {len(facts)}")
    for c in clauses:
        click.echo(f"  {'  ' * (max(c['level'] or 1, 1) - 1)}{c['label'] or ''} {c['heading'] or ''}".rstrip())
    for r in relations:
        if r["from_doc"] == doc_id:
            target = r["to_doc_no"] or r["to_title"] or f"#{r['to_doc_id']}"
            held = f" (id {r['to_doc_id']})" if r["to_doc_id"] else " (not held here)"
            click.echo(f"→ {r['kind']} {target}{held}")
        else:
            click.echo(f"← {r['kind']} by {label({'id': r['from_doc'], 'doc_no': r['from_doc_no'], 'title': r['from_title']})}")
    if with_facts:
        for f in facts:
            click.echo(f"  [{f['kind']}/{f['role']}] {f['value']}\t“{f['quote']}”\t{f['start']}-{f['end']}")


@click.command("status")
@click.argument("doc")
@db_option
@click.option("--on", "on", default=None, metavar="YYYY-MM-DD", help="The date to judge on (default: today).")
@json_option
@resolving
def status_command(doc: str, db: Path | None, on: str | None, as_json: bool) -> None:
    """Is a document (文号, title or id) in force on a date, as far as the documents held here show?

    Statuses: in_force, not_yet_effective, expired, repealed, superseded, unknown.

    Example: policykb status 衡政发〔2024〕4号 --on 2025-06-01
    """
    kb = open_kb(db)
    result = kb.status(doc, parsed(kb.day, on))
    if as_json:
        echo_json(result)
        return
    click.echo(f"{result['status']}\t{label(result)}")
    click.echo(f"on {result['on']}: {result['reason']}")
    click.echo(f"effective_from: {result['effective_from'] or 'unknown'}\texpires_on: "
               f"{result['expires_on'] or ('none stated' if not result['term_stated'] else 'unknown')}")
    for r in result["repeals"]:
        click.echo(f"repeals: {r['doc_no'] or r['title']}" + ("" if r["in_corpus"] else " (not held here)"))
    for caveat in result["caveats"]:
        click.echo(f"caveat: {caveat}")


@click.command("expiring")
@db_option
@click.option("--within", default="60d", show_default=True, help="Span: 60d, 8w, 3m, 1y.")
@click.option("--on", "on", default=None, metavar="YYYY-MM-DD", help="Counting from this date (default: today).")
@json_option
def expiring_command(db: Path | None, within: str, on: str | None, as_json: bool) -> None:
    """Documents in force whose stated term ends within a span.

    Example: policykb expiring --within 60d --on 2026-11-01
    """
    kb = open_kb(db)
    days, day = parsed(kb.parse_within, within), parsed(kb.day, on)
    rows = kb.expiring(days, day)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo(f"nothing held here expires between {day} and {days} days later")
    for r in rows:
        click.echo(f"{r['expires_on']}\t{r['days_left']} days\t{label(r)}")


@click.group("graph")
def graph_group() -> None:
    """The knowledge graph: jurisdictions, documents, references, clauses, departments, measures."""


@graph_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.option("--no-clauses", is_flag=True, help="Documents, jurisdictions, issuers and references only.")
@json_option
def graph_export(file: Path, db: Path | None, no_clauses: bool, as_json: bool) -> None:
    """Write the graph as GraphML (FILE.graphml) or node-link JSON (FILE.json).

    Example: policykb graph export kb.graphml
    """
    kb = open_kb(db)
    g = kb.graph(clauses=not no_clauses)
    try:
        kb.export_graph(g, file)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    info = {"file": str(file), "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    if as_json:
        echo_json(info)
    else:
        click.echo(f"{info['nodes']} nodes, {info['edges']} edges → {file}")


@graph_group.command("show")
@click.argument("doc")
@db_option
@json_option
@resolving
def graph_show(doc: str, db: Path | None, as_json: bool) -> None:
    """List a document's neighbours: jurisdiction, issuers, what it cites / repeals / supersedes, what points
    at it, and documents sharing a cited or repealed target.

    Example: policykb graph show 邵市政办发〔2023〕21号
    """
    kb = open_kb(db)
    rows = kb.neighbours(kb.resolve(doc))
    if as_json:
        echo_json(rows)
        return
    arrows = {"out": "→", "in": "←", "shares": "↔"}
    for r in rows:
        held = "" if r["type"] != "reference" else " (not held here)"
        via = f" via {r['via']}" if r["via"] else ""
        click.echo(f"{arrows[r['direction']]} {r['kind']}\t{r['label']}{held}{via}")

