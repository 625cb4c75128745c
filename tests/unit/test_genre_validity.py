"""Validity of the wider genre: 试行N年 as a term, a year inside 执行期限 that is a date, and a measure's own period
kept on its clause instead of the document's effective date."""

from __future__ import annotations

import pytest

from extractor.pipeline import extract_file, extract_text
from tests.conftest import SHARED

WIDER = SHARED / "corpus" / "wider"
requires_wider = pytest.mark.skipif(not WIDER.is_dir(), reason=f"../shared/corpus/wider not found at {WIDER}")
HEAD = "关于印发某市支持住房消费若干措施的通知\n各有关单位：\n"


def terms(text: str) -> list[tuple[str, str, str]]:
    return [(f.quote, f.value, f.role) for f in extract_text(text).facts if f.kind == "term"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("本办法自2023年1月1日起试行3年。", [("试行3年", "P3Y", "document")]),
        ("本细则自印发之日起试行两年。", [("试行两年", "P2Y", "document")]),
        ("本办法自2024年1月1日起施行，试行期一年。", [("试行期一年", "P1Y", "document")]),
        # ../shared/corpus/wider/shaxian_housing_subsidy_2022.txt: 2022年 opens a date, it is no term of 2022 years
        ("按其土地和房屋成交价格的1%予以补贴，执行期限为2022年4月1日至2024年12月31日（可叠加享受）。", []),
        ("补贴执行期限为二〇二二年九月十日至二〇二三年三月十日。", []),
    ],
)
def test_terms(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert terms(HEAD + sentence) == expected


def test_a_trial_term_gives_the_last_day_in_force() -> None:
    doc = extract_text(HEAD + "一、本办法自2023年1月1日起试行3年。")
    assert (doc.validity["effective_from"], doc.validity["term"], doc.validity["expires_on"]) == (
        "2023-01-01", "P3Y", "2025-12-31")


@pytest.mark.parametrize(
    ("body", "effective", "expires", "periods"),
    [
        # the wording: the subsidy's period is its own; the document takes effect on issue
        ("一、购房补贴。上述补贴政策自2024年7月1日起执行，至2024年12月31日截止。\n二、其他政策自印发之日起实行。",
         "2024-06-20", None, [("2024-07-01", "period_start"), ("2024-12-31", "period_end")]),
        ("一、契税补贴执行期限为2024年7月1日至2024年12月31日。\n二、本通知自印发之日起施行。",
         "2024-06-20", None, [("2024-07-01", "period_start"), ("2024-12-31", "period_end")]),
        # the document's own sentence repeats its date: nothing is a measure's
        ("一、《某市办法》已经市政府同意，自2024年7月1日起施行。\n二、本办法自2024年7月1日起施行。",
         "2024-07-01", None, []),
        # one period and nothing else: it is the document's
        ("一、本通知执行期限为2024年7月1日至2024年12月31日。", "2024-07-01", "2024-12-31", []),
    ],
)
def test_a_measure_keeps_its_own_period(body: str, effective: str, expires: str | None,
                                        periods: list[tuple[str, str]]) -> None:
    doc = extract_text(HEAD + body + "\n某市住房和城乡建设局\n2024年6月20日")
    assert (doc.validity["effective_from"], doc.validity["expires_on"]) == (effective, expires)
    found = [(f.value, f.role) for f in doc.facts if f.kind == "date" and f.role.startswith("period_")]
    assert found == periods
    assert all(f.clause == "1" for f in doc.facts if f.role.startswith("period_"))


@requires_wider
def test_measures_with_periods_of_their_own_leave_the_document_unstated() -> None:
    """shaxian: three measures, three periods (two date ranges and 自发布之日起施行，有效期5年 for escrow rules)."""
    doc = extract_file(WIDER / "shaxian_housing_subsidy_2022.txt")
    assert (doc.validity["effective_from"], doc.validity["term"], doc.validity["expires_on"]) == (None, None, None)
    assert not doc.validity["term_stated"]
    assert [(f.value, f.role) for f in doc.facts if f.kind == "term"] == [("P5Y", "measure")]
    periods = [(f.value, f.role) for f in doc.facts if f.kind == "date" and f.role.startswith("period_")]
    assert periods == [("2022-04-01", "period_start"), ("2024-12-31", "period_end"),
                       ("2022-09-10", "period_start"), ("2023-03-10", "period_end")]


@requires_wider
@pytest.mark.parametrize(
    ("name", "effective", "expires"),
    [
        ("hainan_provident_fund_base_2026.txt", "2026-07-01", "2027-06-30"),  # 适用时间：…至…
        ("anhua_housing_measures_2022.txt", "2022-06-01", "2023-12-31"),  # 自…起实行，有效期至…止
        ("shanghai_property_tax_2025.txt", "2025-01-01", None),  # 以上政策自…起执行: the only effect sentence
    ],
)
def test_document_periods_in_real_pages(name: str, effective: str, expires: str | None) -> None:
    doc = extract_file(WIDER / name)
    assert (doc.validity["effective_from"], doc.validity["expires_on"]) == (effective, expires)
