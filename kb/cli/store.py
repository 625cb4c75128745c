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
from kb.text.messages import not_paid_role_label

MAX_WITHIN_DAYS = 100 * 365  # a longer span reaches past the calendar's end (year 9999) from some days


def register(cli: click.Group) -> None:
    for command in (ingest_command, docs_command, show_command, status_command, expiring_command, graph_group,
                    remove_command):
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


def refuse_on_read_only_node(command: str) -> None:
    """Stop a write on a read-only node before any store is opened or created."""
    if read_only_flag() or KnowledgeBase.node_is_read_only():
        raise click.ClickException(f"{command} refused: this policykb node is read-only (--read-only or "
                                   "POLICYKB_READ_ONLY); write from a writer node")


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


def open_kb(db: str | Path | None, must_exist: bool = True) -> KnowledgeBase:
    """The knowledge base at ``--db``; any store error (no store, bad address, no server) is one line, exit 1."""
    try:
        return KnowledgeBase.open(db, create=not must_exist, read_only=read_only_flag())
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:  # a folder that cannot be created, a path under /proc, a read-only disk
        raise click.ClickException(f"{db or KnowledgeBase.default_path()}: cannot open or create the store ({exc.strerror or exc})") from exc


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


def one_document(*options: Callable[[Any], Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A command on one document named by ``DOC`` (文号, title or id): ``--db``, its own ``options``, ``--json``, and
    an unknown reference told with suggestions, exit 1 (``resolving``)."""
    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = json_option(resolving(func))
        for option in reversed(options):
            func = option(func)
        return click.argument("doc")(db_option(func))
    return decorate


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--prune", is_flag=True, help="Drop stored documents whose files are gone.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default and most: the number of cores).")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Extract on a Dask cluster: tcp://host:8786, or local[:N] for N local worker processes.")
@click.option("--shared-path", "shared", multiple=True, type=click.Path(file_okay=False),
              help="With --dask: files under this path are read by the workers at the same path, not sent.")
@json_option
def ingest_command(paths: tuple[str, ...], db: Path | None, prune: bool, workers: int | None,
                   dask_address: str | None, shared: tuple[str, ...], as_json: bool) -> None:
    """Extract files (directories are walked) and store them; unchanged files are skipped.

    A file that cannot be read (or takes longer than POLICYKB_MAX_SECONDS, default 120) is named with the
    reason, the others are stored, and the exit code is 1; a document stored with a warning is named too.

    Example: policykb ingest corpus/ ../shared/corpus/dev --db data/policykb.sqlite
    Example: policykb ingest ../shared/corpus/lawrefbook --dask tcp://10.0.0.5:8786
    """
    from tqdm import tqdm

    refuse_on_read_only_node("ingest")
    try:
        KnowledgeBase.check_limits()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    workers, note = KnowledgeBase.worker_count(workers)
    if note:
        click.echo(f"note: {note}", err=True)
    kb = open_kb(db, must_exist=False)
    files, _ = kb.find_files(paths)
    bar = tqdm(total=len(files), file=sys.stderr, unit="file", disable=len(files) < 20 or None,
               leave=False, dynamic_ncols=True)

    def progress(path: str, outcome: str) -> None:  # failures are named once, with their reasons, at the end
        bar.update(1)

    try:
        if dask_address:
            report = _ingest_on_cluster(kb, paths, dask_address, shared, prune, progress)
        else:
            report = kb.ingest(paths, prune=prune, progress=progress, workers=workers)
    finally:
        bar.close()
    if as_json:
        echo_json({**report.to_dict(), "db": kb.address, "documents": kb.count()})
    else:
        for path, reason in report.failed:
            click.echo(f"error: {path}: {reason}", err=True)
        for path, warning in report.warnings:
            click.echo(f"warning: {path}: {warning}", err=True)
        for path, other in report.duplicates:
            click.echo(f"duplicate: {path} has the same content as {other}", err=True)
        for path, other in report.conflicts:
            click.echo(f"conflict: {path} repeats the 文号 of {other} with another text; both are stored as "
                       "`conflict` until one is removed (`policykb remove ID`)", err=True)
        for error in report.errors:
            click.echo(f"error: {error}", err=True)
        click.echo(f"{report.summary()}; {kb.count()} documents in {kb.address}")
    if not report.ok:
        raise SystemExit(1)


def _ingest_on_cluster(kb: KnowledgeBase, paths: tuple[str, ...], address: str, shared: tuple[str, ...],
                       prune: bool, progress: Callable[[str, str], None]) -> Any:  # kb.ingest.IngestReport
    try:
        return kb.ingest_on_cluster(paths, address, shared=shared, prune=prune, progress=progress)
    except ModuleNotFoundError as exc:
        if exc.name not in ("dask", "distributed"):
            raise
        raise click.ClickException("--dask needs Dask: pip install 'policykb[dask]'") from exc
    except (OSError, ValueError) as exc:  # no scheduler at the address (a timeout is an OSError), a bad local:N
        raise click.ClickException(f"--dask {address}: {exc}") from exc


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
@one_document(click.option("--facts", "with_facts", is_flag=True, help="Also list every fact with its quote."))
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
        echo_json({**row, "clauses": clauses, "relations": relations, "facts": facts,
                   "conflicts": kb.conflicts(doc_id)})
        return
    for key in ("id", "source", "doc_no", "reg_no", "title", "doc_type", "attachment_title", "issuers",
                "province", "city", "county", "issue_date", "effective_from", "term", "expires_on",
                "version_date"):
        value = row.get(key)
        if value not in (None, [], ""):
            click.echo(f"{key}: {', '.join(value) if isinstance(value, list) else value}")
    for other in kb.conflicts(doc_id):
        click.echo(f"conflict: the same 文号 with another text in {label(other)} (id {other['id']}, {other['source']})")
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
            named = not_paid_role_label(f["role"])
            role = f"{f['role']} {named}" if named else f["role"]
            click.echo(f"  [{f['kind']}/{role}] {f['value']}\t“{f['quote']}”\t{f['start']}-{f['end']}")


@click.command("status")
@one_document(
    click.option("--on", "on", default=None, metavar="YYYY-MM-DD", help="The date to judge on (default: today)."),
)
def status_command(doc: str, db: Path | None, on: str | None, as_json: bool) -> None:
    """Is a document (文号, title or id) in force on a date, as far as the documents held here show?

    Statuses: in_force, not_yet_effective, expired, repealed, superseded, unknown; labels (时效性): 现行有效,
    已被修改, 已废止, 失效, 尚未生效, 部分失效. A 文号 or title means the version in force on --on; an id, that version.
    A document whose 文号 another stored text also carries is `conflict` (`policykb remove` the wrong one).

    Example: policykb status 衡政发〔2024〕4号 --on 2025-06-01
    """
    kb = open_kb(db)
    result = kb.status(doc, parsed(kb.day, on))
    if as_json:
        echo_json(result)
        return
    click.echo(f"{result['status']}\t{label(result)}")
    click.echo(f"on {result['on']}: {result['reason']}")
    click.echo(f"label: {result['label'] or 'none'}" + ("" if result["in_corpus"] else "\t(not held here)"))
    if result["in_corpus"]:
        version = result.get("version") or {}
        click.echo(f"effective_from: {result['effective_from'] or 'unknown'}"
                   + (" (inferred)" if version.get("inferred") else "") + "\texpires_on: "
                   + (result["expires_on"] or ("none stated" if not result["term_stated"] else "unknown")))
    if result.get("original_effective_from"):
        click.echo(f"original_effective_from: {result['original_effective_from']}")
    if len(result["versions"]) > 1:
        click.echo("versions: " + "; ".join(f"{v['id']} {v['version_date'] or '-'} {v['label'] or '-'}"
                                            for v in result["versions"]))
    for d in result["disagreements"]:
        click.echo(f"disagreement: {d['field']}: text {d['text']} / platform {d['platform']}")
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
    if days > MAX_WITHIN_DAYS:
        raise click.BadParameter(f"{within!r} is longer than {MAX_WITHIN_DAYS // 365} years", param_hint="--within")
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
    if not file.parent.is_dir():
        raise click.BadParameter(f"no folder {file.parent} to write {file.name} into", param_hint="FILE")
    kb = open_kb(db)
    g = kb.graph(clauses=not no_clauses)
    try:
        kb.export_graph(g, file)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"{file}: cannot write ({exc.strerror or exc})") from exc
    info = {"file": str(file), "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    if as_json:
        echo_json(info)
    else:
        click.echo(f"{info['nodes']} nodes, {info['edges']} edges → {file}")


@graph_group.command("show")
@one_document()
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



# -- reliability: remove ----------------------------------------------------------------------------------------


@click.command("remove")
@one_document()
def remove_command(doc: str, db: Path | None, as_json: bool) -> None:
    """Take a document (文号, title or id) out: its clauses, facts, measures, graph edges and search entries.
    Its file is left alone (ingesting it again brings it back).

    Example: policykb remove 42
    """
    refuse_on_read_only_node("remove")
    removed = open_kb(db).remove(doc)
    if as_json:
        echo_json(removed)
        return
    click.echo(f"removed {label(removed)} (id {removed['id']}, {removed['source']})")
