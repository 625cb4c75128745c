"""``policykb match PROFILE``: the measures that apply to an enterprise, at most how much, and what is missing.

Takes ``--db PATH`` (default: ``$POLICYKB_DB`` or ``./data/policykb.sqlite``), ``--on DATE``, ``--json``
(amounts as JSON numbers) and ``--lang en|zh`` (the language of the reasons, the non-cumulation notes and the
text report; default en, so the JSON that scripts read stays English). A profile that cannot be used is named
with its field and the exit code is 1.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from kb import KnowledgeBase, ProfileError
from kb.cli.store import db_option, echo_json, json_option, open_kb
from kb.text import json_numbers
from kb.text.format import money_text


def register(cli: click.Group) -> None:
    cli.add_command(match_command)


def width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def _money(value: Decimal | None, currency: str | None, lang: str = "en") -> str:
    return "-" if value is None else money_text(value, currency, lang)


@click.command("match")
@click.argument("profile_path", metavar="PROFILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--on", "on", default=None, metavar="YYYY-MM-DD", help="Measures in force on this date (default today).")
@click.option("--lang", "lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the reasons, the non-cumulation notes and the report.")
@db_option
@json_option
def match_command(profile_path: Path, on: str | None, lang: str, db: Path | None, as_json: bool) -> None:
    """Match an enterprise profile (JSON or TOML) against the measures in force in its city.

    Each measure is eligible (with the amount), needs_information (naming the figures to give or the condition
    to check by hand) or not_eligible (quoting the condition not met). Totals add the eligible amounts per
    currency once each document's non-cumulation rule (就高不重复 …) is applied.

    Example: policykb match examples/profiles/hengyang_seller.toml --on 2025-06-01 --lang zh
    """
    try:
        profile = KnowledgeBase.load_profile(profile_path)
        day = KnowledgeBase.day(on)
    except ProfileError as exc:
        if as_json:
            echo_json({"error": "bad_profile", "field": exc.field, "message": str(exc)})
            raise SystemExit(1) from exc
        message = str(exc)  # the path once: most messages name it already
        raise click.ClickException(message if str(profile_path) in message else f"{profile_path}: {message}") from exc
    except ValueError as exc:
        if as_json:
            echo_json({"error": "bad_argument", "field": "--on", "message": str(exc)})
            raise SystemExit(1) from exc
        raise click.BadParameter(str(exc), param_hint="--on") from exc
    result = open_kb(db).match(profile, day, lang=lang)
    if as_json:
        echo_json(json_numbers(result))
        return
    for line in report_lines(result, profile.entity_kind, lang):
        click.echo(line)


def report_lines(result: dict[str, Any], kind: str, lang: str = "en") -> list[str]:
    """The text report: a table of results with their reasons, the totals and the non-cumulation notes."""
    from kb.text.messages import text

    def status(key: str) -> str:
        return text(lang, f"report_status_{key}")

    where = " ".join(x for x in (result["jurisdiction"]["province"], result["jurisdiction"]["city"],
                                 result["jurisdiction"]["county"]) if x)
    lines = [text(lang, "report_title", profile=result["profile"], where=where, on=result["on"],
                  kind=text(lang, "kind", label=KnowledgeBase.entity_kinds()[kind].label, key=kind)), ""]
    rows = [tuple(text(lang, "report_columns").split("|"))]
    for r in result["results"]:
        amount = _money(r["max_amount"], r["currency"], lang)
        if r["status"] == "needs_information" and r["max_amount"] is not None:
            amount = "≤ " + amount
        elif r["status"] == "eligible" and not r["counted"] and r["max_amount"] is not None:
            amount = f"({amount})"
        rows.append((status(r["status"]), r["doc_no"] or str(r["doc_id"]), r["clause"] or "",
                     r["topic"] or "", amount, r["measure"] or ""))
    widths = [max(width(row[i]) for row in rows) for i in range(5)]
    for n, row in enumerate(rows):
        lines.append("  ".join(pad(cell, widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5])
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 8)
            continue
        for reason in result["results"][n - 1]["reasons"]:
            lines.append(f"    · {reason}")
    if not result["results"]:
        lines.append(text(lang, "report_nothing_in_force"))
    lines.append("")
    sep = text(lang, "list_sep")
    shown = sep.join(_money(v, k, lang) for k, v in result["totals"].items())
    shown = shown or text(lang, "report_total_none")
    lines.append(text(lang, "report_total", totals=shown))
    counts = {s: sum(1 for r in result["results"] if r["status"] == s)
              for s in ("eligible", "needs_information", "not_eligible")}
    lines.append("  " + sep.join(text(lang, "report_count", n=n, status=status(s))
                                 for s, n in counts.items()))
    if result["non_cumulation"]:
        lines.append("")
        lines.append(text(lang, "report_non_cumulation"))
        lines += [f"  · {note}" for note in result["non_cumulation"]]
    if result["skipped"]:
        lines.append("")
        lines.append(text(lang, "report_skipped"))
        lines += ["  · " + text(lang, "report_skipped_line", doc=s["doc_no"] or s["title"],
                                status=text(lang, f"report_validity_{s['status']}"), reason=s["reason"])
                  for s in result["skipped"]]
    if result.get("repealed"):
        lines.append("")
        lines.append(text(lang, "report_repealed"))
        lines += ["  · " + text(lang, "report_repealed_line", doc=r["doc_no"] or r["title"] or r["doc_id"],
                                clause=r["clause_label"] or r["clause"] or "", reason=r["reason"])
                  for r in result["repealed"]]
    return lines
