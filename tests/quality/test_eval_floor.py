"""Extraction quality holds its floor: F1 per kind and field against the hand-checked gold in annotations/.

The floors are the issue's targets (0.95 on the seeds for money, rates, dates and validity, 文号, repeals and
cites; 0.90 for conditions and tiers on the seeds and for the same kinds on the dev documents). Raising a floor
is welcome; lowering one needs a reason in the commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from extractor.evaluation import Evaluation, evaluate
from tests.conftest import DEV, LAWREFBOOK, ROOT, SHARED

CORE = ("fact:money", "fact:rate", "fact:date", "fact:term", "fact:doc_no", "fact:repeals", "fact:cites",
        "field:doc_no", "field:effective_from", "field:expires_on", "field:term", "field:term_stated",
        "field:issue_date")
SEED_FLOORS = {**dict.fromkeys(CORE, 0.95), "fact:condition": 0.90, "fact:tier": 0.90, "fact:cap": 0.90,
               "field:title": 0.95, "field:issuers": 0.95, "field:jurisdiction": 0.95, "field:reg_no": 0.95}
# The 40 laws of annotations/lawrefbook: measured 1.00 for effective_from, inferred and the info-block events and
# 0.92 for original_effective_from (three laws whose own clause is 自公布之日起施行 get the 通过 date the header
# reads as their issue date, where the gold says the 公布 date is not printed); held with a margin.
LAWREFBOOK_FLOORS = {"field:effective_from": 0.95, "field:inferred": 0.95, "field:original_effective_from": 0.85,
                     "event:info_block": 0.95}
DEV_FLOORS = {**dict.fromkeys(CORE, 0.90), "fact:condition": 0.60, "field:title": 0.90,
              "field:issuers": 0.90, "field:jurisdiction": 0.90}

# ../shared/corpus/wider (issue 14): what the twelve gold documents reached, less a margin of about 0.1 (few items:
# one miss moves a field by 0.1 or more).
WIDER_FLOORS = {"fact:money": 0.90, "fact:date": 0.90, "fact:term": 0.60, "field:doc_no": 0.85, "field:title": 0.85,
                "field:issuers": 0.85, "field:issue_date": 0.90, "field:jurisdiction": 0.90,
                "field:effective_from": 0.80, "field:expires_on": 0.60, "field:term_stated": 0.85}
WIDER = SHARED / "corpus" / "wider"


@pytest.fixture(scope="module")
def result() -> Evaluation:
    return evaluate(ROOT / "annotations", ROOT, SHARED / "corpus")


def _f1(result: Evaluation, group: str) -> dict[str, tuple[float | None, int]]:
    return {r.name: (r.counts.f1, r.n) for r in result.rows if r.group == group}


def test_every_gold_span_matches_its_file(result: Evaluation) -> None:
    assert not result.span_errors


@dataclass(frozen=True)
class Group:
    """One group of gold documents: its floors, the shared folder it needs (None for the seeds in the repo), the
    fewest gold items a floor may rest on, and whether a kind without gold there is skipped rather than failed."""

    name: str
    floors: dict[str, float]
    folder: Path | None = None
    min_items: int = 0
    gold_optional: bool = False


GROUPS = (Group("seeds", SEED_FLOORS), Group("dev", DEV_FLOORS, DEV, gold_optional=True),
          Group("wider", WIDER_FLOORS, WIDER), Group("lawrefbook", LAWREFBOOK_FLOORS, LAWREFBOOK, min_items=18))
FLOORS = [pytest.param(group, name, id=f"{group.name}-{name}",
                       marks=pytest.mark.skipif(group.folder is not None and not group.folder.is_dir(),
                                                reason=f"{group.folder} not found (CI always has it)"))
          for group in GROUPS for name in sorted(group.floors)]


@pytest.mark.parametrize(("group", "name"), FLOORS)
def test_floor(result: Evaluation, group: Group, name: str) -> None:
    scores = _f1(result, group.name)
    if group.gold_optional and (name not in scores or scores[name][1] == 0):
        pytest.skip(f"no {group.name} gold for {name}")
    assert name in scores, f"no {group.name} gold for {name}"
    f1, n = scores[name]
    assert n >= group.min_items, f"{name}: only {n} gold items"
    assert f1 is not None and f1 >= group.floors[name], f"{name}: F1 {f1} over {n} gold items"
