"""Loan ceilings and guarantee shares stored, compared and shown as what they are (安阳, 滨州, 保定 housing-fund
notices): facts with their quote and own role, never a measure's cap, bound or rate; on both backends."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.ingest import ingest
from kb.queries.compare import compare
from tests.conftest import SHARED, StoreMaker, requires_shared

WIDER = SHARED / "corpus" / "wider"
FILES = ["anyang_housing_measures_2022.txt", "binzhou_provident_fund_2023.txt", "baoding_provident_fund_2022.txt"]
LOAN_CEILINGS = {Decimal(v) for v in (400000, 500000, 600000, 700000, 800000, 900000, 1300000)}

pytestmark = requires_shared


@pytest.fixture(scope="module")
def db(stores: StoreMaker) -> str:
    address = stores.address("not_paid")
    report = ingest([WIDER / name for name in FILES], stores.open(address), workers=1)
    assert report.ok, report.failed
    return address


def amounts(measure: dict[str, Any]) -> set[Decimal]:
    """Every sum a compared measure names as paid or capped."""
    found = {Decimal(str(c["value"])) for c in measure["caps"]}
    for key in ("certain_amount", "tier_max", "upper_bound", "max_amount"):
        if measure.get(key) is not None:
            found.add(Decimal(str(measure[key])))
    return found


def stored_amounts(row: dict[str, Any]) -> set[Decimal]:
    """Every sum a stored measure's record names as paid or capped."""
    m = row["measure"]
    money = [m.certain_amount, m.tier_max, m.upper_bound]
    return {c.value for c in m.caps} | {x.value for x in money if x is not None}


def test_loan_ceilings_are_facts_with_their_quote_and_no_measure_amount(stores: StoreMaker, db: str) -> None:
    store = stores.open(db)
    loans = [f for f in store.facts() if f["role"] == "loan_limit"]
    assert {Decimal(str(f["value"])) for f in loans} >= LOAN_CEILINGS
    assert all(f["quote"].endswith("万元") for f in loans)
    assert not any(stored_amounts(m) & LOAN_CEILINGS for m in store.measures())
    assert any(f["role"] == "guarantee_share" and Decimal(str(f["value"])) == Decimal("0.5") for f in store.facts())


def test_compare_counts_no_loan_ceiling(stores: StoreMaker, db: str) -> None:
    # the whole housing domain: the loan ceilings would be 住房公积金 or 住房信贷 measures, and 住房公积金 alone
    # holds no measure here, so that a comparison of it alone would pass whatever the roles
    result = compare(stores.open(db), "housing")
    measures = [m for c in result["cities"] for m in c["measures"]]
    assert measures  # 安阳's 契税 subsidy (已缴契税50%) is support and stays compared
    assert not any(amounts(m) & LOAN_CEILINGS for m in measures)
    assert not any("保函" in m["quote"] for m in measures)  # the guarantee share is no measure


def test_the_cli_names_a_loan_ceiling_in_chinese(db: str) -> None:
    out = CliRunner().invoke(cli, ["show", "--db", db, "--facts", "关于调整住房公积金有关业务政策的通知"])
    assert out.exit_code == 0, out.output
    assert "[money/loan_limit 贷款额度上限] 400000" in out.output
