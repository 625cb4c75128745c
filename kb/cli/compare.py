"""``policykb compare | topics``: cross-city comparison of measures and the topic taxonomy.

Every command takes ``--db PATH`` (default: ``$POLICYKB_DB`` or ``./data/policykb.sqlite``) and ``--json``. More
analysis commands are added to ``COMMANDS`` (``register`` adds each one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kb import KnowledgeBase, UnknownPlace, UnknownTopic
from kb.cli.store import db_option, echo_json, json_option, open_kb
from kb.text.format import amount_text as format_amount
from kb.text.format import dec, interval_symbols


def register(cli: click.Group) -> None:
    for command in COMMANDS:
        cli.add_command(command)


def _fail(as_json: bool, error: str, exc: Exception, **details: Any) -> None:
    """Report a bad --topic / --cities / --on: JSON on stdout with --json, else a message; exit code 1."""
    if as_json:
        echo_json({"error": error, "message": str(exc), **details})
        raise SystemExit(1) from exc
    raise click.ClickException(str(exc)) from exc


def amount_text(value: int | float | None, currency: str | None) -> str:
    """``200,000 CNY``; ``-`` when no amount.

    Example: amount_text(200000, "CNY") == "200,000 CNY"
    """
    return "-" if value is None else f"{format_amount(dec(value))} {currency or ''}".rstrip()


_UNSTATED = {"not_stated": "sum not stated (金额未写明)", "by_hand": "sum decided case by case (一事一议 / 适当补贴)"}


def _measure_lines(m: dict[str, Any]) -> list[str]:
    head = f"  {m['doc_no'] or m['title']} {m['clause_label'] or m['clause'] or ''}".rstrip()
    lines = [f"{head}  [{m['status']}]  {m['summary'] or ''}".rstrip()]
    unbounded = m["upper_bound"] is None and (m["per_unit"] or m["rate"] is not None)  # shown by their values
    money = [] if unbounded else [f"max {amount_text(m['max_amount'], m['currency'])}"]
    if m["max_amount"] is None and m.get("amount_basis") in _UNSTATED:  # a support whose text states no sum
        money = [_UNSTATED[m["amount_basis"]]]
    if m["certain_amount"] is not None and m["certain_amount"] != m["upper_bound"]:
        money.append(f"stated {amount_text(m['certain_amount'], m['currency'])}")
    if m["tier_max"] is not None and m["tier_max"] != m["upper_bound"]:
        money.append(f"highest tier {amount_text(m['tier_max'], m['currency'])}")
    for unit in m["per_unit"]:
        cap = f" (cap {amount_text(unit['cap'], unit['cap_currency'] or unit['currency'])})" if unit["cap"] else ""
        money.append(f"per unit {amount_text(unit['value'], unit['currency'])}/{unit['unit'] or '?'}{cap}")
    if m["rate"] is not None:
        money.append(f"rate {m['rate'] * 100:g}%")
    for cap in m["caps"]:
        scope = " ".join(x for x in (cap.get("period"), cap.get("scope")) if x)
        money.append(f"cap {amount_text(cap.get('value'), cap.get('currency'))}" + (f" {scope}" if scope else ""))
    lines.append("    " + "; ".join(money))
    if m["bound_note"]:
        lines.append(f"    ({m['bound_note']})")
    for t in m["tiers"]:
        when = t.get("level") or t.get("category") or (
            f"{t.get('metric') or ''} {interval_symbols(t.get('interval'), t.get('unit'))}".strip())
        lines.append(f"    tier: {when} → {amount_text(t.get('award'), t.get('currency'))}")
    for t in m["thresholds"]:
        lines.append(f"    threshold: {t.get('metric_text') or t.get('metric') or ''} "
                     f"{interval_symbols(t.get('interval'), t.get('unit'))}  “{t.get('quote')}”")
    for repeal in m.get("partial_repeals") or []:
        lines.append(f"    partial repeal: {repeal['reason']}")
    lines.append(f"    “{m['quote']}” [{m['span'][0]}:{m['span'][1]}]")
    return lines


@click.command("compare")
@click.option("--topic", default=None,
              help="A domain or a topic: label, English key or a close variant (see `policykb topics`).")
@click.option("--query", default=None, help="Words: the measures of the clauses the search finds (synonyms too).")
@click.option("--cities", default=None, help="Comma-separated cities (short names accepted: 衡阳,湘西); default all.")
@click.option("--on", "on", default=None, metavar="YYYY-MM-DD", help="Only measures in force on this date.")
@db_option
@json_option
def compare_command(topic: str | None, query: str | None, cities: str | None, on: str | None, db: Path | None,
                    as_json: bool) -> None:
    """Compare the measures of a topic (or domain), or of the clauses matching a query, city by city: amounts
    (stated, highest tier, caps, the most it could pay), rates, per-unit awards, thresholds, tiers, status, quote.

    Without --on, every measure is listed with its status today; with --on, only those in force that day, and a
    city left empty names its documents not in force; a measure whose article a partial repeal takes away by then
    is listed as left out, with the repeal.

    Example: policykb compare --query 购房补贴 --cities 三明,沈阳,衡阳 --on 2026-06-01
    """
    if (topic is None) == (query is None):
        _fail(as_json, "bad_argument", click.UsageError("give --topic or --query (one of them)"))
        return
    kb = open_kb(db)
    names = [c.strip() for c in cities.replace("，", ",").split(",") if c.strip()] if cities else None
    try:
        result = kb.compare(topic, names, on, query=query)
    except UnknownTopic as exc:
        _fail(as_json, "unknown_topic", exc, suggestions=exc.suggestions, topics=kb.topic_labels())
        return
    except (UnknownPlace, ValueError) as exc:
        _fail(as_json, "bad_argument", exc)
        return
    if as_json:
        echo_json(result)
        return
    count = sum(len(c["measures"]) for c in result["cities"])
    when = f"in force on {result['on']}" if result["on"] else "status today"
    click.echo(f"{result.get('topic') or result['query']}: {count} measures in {sum(1 for c in result['cities'] if c['measures'])} "
               f"places ({when})")
    for city in result["cities"]:
        where = city["city"] if city["level"] == "province" else f"{city['city']} ({city['province']})"
        click.echo(f"\n{where}" + ("" if city["measures"] else f": {city['note']}"))
        for m in city["measures"]:
            for line in _measure_lines(m):
                click.echo(line)
        for r in city.get("repealed") or []:
            head = " ".join(str(x) for x in (r["doc_no"] or r["title"], r["clause_label"] or r["clause"]) if x)
            click.echo(f"  left out: {head}  {r['summary'] or ''}".rstrip())
            click.echo(f"    {r['reason']}")
    for doc in result.get("conflicts") or []:
        click.echo(f"\nleft out (conflict): {doc['doc_no'] or doc['title']} (id {doc['id']}): {doc['reason']}")


@click.command("topics")
@db_option
@json_option
def topics_command(db: Path | None, as_json: bool) -> None:
    """List the topic taxonomy (kb/data/topics.yaml) with the number of measures of each topic in the store.

    Example: policykb topics --json
    """
    counts: dict[str, int] | None = None
    try:
        measures = open_kb(db).measures()
    except click.ClickException as exc:
        click.echo(f"{exc.message}: measure counts not shown", err=True)
    else:
        counts = {}
        for m in measures:
            counts[m["topic"]] = counts.get(m["topic"], 0) + 1
    tax = KnowledgeBase.taxonomy()
    rows = [{**t.to_dict(), "domain_label": tax.domain(t.domain).label,
             "measures": None if counts is None else counts.get(t.label, 0)} for t in KnowledgeBase.topics()]
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        n = "-" if r["measures"] is None else r["measures"]
        click.echo(f"{r['domain_label']}\t{r['label']}\t{r['key']}\t{n}\t{r['description']}")


COMMANDS: list[click.Command] = [compare_command, topics_command]
