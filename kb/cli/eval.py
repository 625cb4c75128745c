"""``policykb eval``: precision, recall and F1 of extraction against ``annotations/``; with ``--topics``, the
topic classifier against ``annotations/topics/`` (``kb.queries.topic_eval``)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kb import KnowledgeBase

REPO_ROOT = Path(__file__).resolve().parents[2]


def register(cli: click.Group) -> None:
    cli.add_command(eval_command)


@click.command("eval")
@click.option("--annotations", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=REPO_ROOT / "annotations", show_default=True, help="Gold standard folder.")
@click.option("--shared", type=click.Path(path_type=Path), default=REPO_ROOT.parent / "shared" / "corpus",
              show_default=True, help="Where dev documents named by the gold live.")
@click.option("--group", type=click.Choice(["seeds", "dev", "heldout", "wider", "lawrefbook"]),
              help="Only this group of documents (wider and lawrefbook: topic gold only).")
@click.option("--misses", is_flag=True, help="Also list every missed or spurious fact.")
@click.option("--topics", is_flag=True,
              help="Score topics instead: measures, 其他 share, accuracy, coverage and misses per corpus.")
@click.option("--json", "as_json", is_flag=True, help="Rows as JSON.")
def eval_command(annotations: Path, shared: Path, group: str | None, misses: bool, topics: bool,
                 as_json: bool) -> None:
    """Score extraction against the gold: P / R / F1 per kind and field, with n and 95 % intervals.

    Example: policykb eval --group seeds; policykb eval --topics --misses
    """
    if topics:
        _eval_topics(annotations, shared, group, misses, as_json)
        return
    result = KnowledgeBase.eval(annotations, REPO_ROOT, shared, group=group)
    rows = [r for r in result.rows if group is None or r.group == group]
    if as_json:
        click.echo(json.dumps({"rows": [r.to_dict() for r in rows], "skipped": result.skipped,
                               "span_errors": result.span_errors}, ensure_ascii=False, indent=1))
    else:
        for line in KnowledgeBase.eval_lines(rows):
            click.echo(line)
        for note in result.skipped:
            click.echo(f"skipped: {note}", err=True)
        if misses:
            for score in result.scores:
                if group is None or score.group == group:
                    for miss in score.misses:
                        click.echo(f"{score.source}\t{miss}")
    if result.span_errors:
        for error in result.span_errors:
            click.echo(f"error: {error}", err=True)
        raise SystemExit(1)


def _eval_topics(annotations: Path, shared: Path, group: str | None, misses: bool, as_json: bool) -> None:
    if group == "heldout":
        raise click.BadParameter("the topic gold has seeds, dev, wider and a lawrefbook sample",
                                 param_hint="--group")
    groups = (group,) if group else KnowledgeBase.topic_eval_groups()
    try:
        scores = KnowledgeBase.eval_topics(annotations, REPO_ROOT, shared, groups,
                                           sentences=group in (None, "wider"))
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from exc
    if as_json:
        click.echo(json.dumps({"rows": [s.to_dict() for s in scores]}, ensure_ascii=False, indent=1))
        return
    for line in KnowledgeBase.topic_eval_lines(scores, misses):
        click.echo(line)
