"""Amounts and conditions: money, rates, per-unit amounts, caps, conditions and tiers.

Small sentences of the genre in tables (one ``parametrize`` each), the statutory threshold table on its own, then
the five seeds and the dev documents extracted whole.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pytest

from extractor.facts._amounts import ComparatorTable, interval_of
from extractor.models import Fact, Interval
from extractor.pipeline import extract_file, extract_text
from tests.conftest import SEEDS, dev_files, seed


def notation(iv: Interval | None) -> str | None:
    """Interval notation: [5, ∞), (0, 10] …"""
    if iv is None:
        return None
    low = "-∞" if iv.low is None else str(iv.low)
    high = "∞" if iv.high is None else str(iv.high)
    return ("[" if iv.low_inclusive else "(") + f"{low}, {high}" + ("]" if iv.high_inclusive else ")")


def facts(text: str, kind: str) -> list[Fact]:
    return [f for f in extract_text(text).facts if f.kind == kind]


# ---- the statutory table (民法典 第一千二百五十九条), in interval notation ----------------------------------------
STATUTORY = [
    ("100万元以上", "[1000000, ∞)"),
    ("100万元及以上", "[1000000, ∞)"),
    ("超过100万元", "(1000000, ∞)"),
    ("不满100万元", "(-∞, 1000000)"),
    ("100万元以下", "(-∞, 1000000]"),
    ("100万元以内", "(-∞, 1000000]"),
    ("达到100万元", "[1000000, ∞)"),
    ("不低于100万元", "[1000000, ∞)"),
    ("低于100万元", "(-∞, 1000000)"),
    ("首次突破100万元", "(1000000, ∞)"),
    ("100万元（含）以上", "[1000000, ∞)"),
]


@pytest.mark.parametrize(("phrase", "expected"), STATUTORY)
def test_statutory_threshold_table(phrase: str, expected: str) -> None:
    table = ComparatorTable.for_text("")
    number_start = next(i for i, ch in enumerate(phrase) if ch.isdigit())
    number_end = phrase.index("元") + 1
    comparators = [c for c in (table.before(phrase, number_start), table.after(phrase, number_end)) if c]
    assert notation(interval_of(Decimal(1000000), comparators)) == expected


def test_document_definition_wins() -> None:
    text = "本办法所称以上、以下均不包括本数。对年交易额100万元以上的企业给予奖励。"
    (cond,) = facts(text, "condition")
    assert notation(cond.extra["interval"]) == "(1000000, ∞)"


# ---- money ----------------------------------------------------------------------------------------------------------
class Money(NamedTuple):
    text: str
    quote: str
    value: str
    currency: str
    role: str


MONEY = [
    Money("每家企业补贴总额不超过30万元。", "30万元", "300000", "CNY", "cap"),
    Money("对企业一次性给予二十万元奖励。", "二十万元", "200000", "CNY", "award"),
    Money("市财政安排一亿元作为电子商务发展专项资金。", "一亿元", "100000000", "CNY", "fund"),
    Money("年成交额超过人民币3000万元的企业。", "人民币3000万元", "30000000", "CNY", "threshold"),
    Money("年交易额100万美元以上的，一次性奖励10万元。", "100万美元", "1000000", "USD", "threshold"),
    Money("年交易额100万美元以上的，一次性奖励10万元。", "10万元", "100000", "CNY", "award"),
    Money("给予1.5万元补助。", "1.5万元", "15000", "CNY", "award"),
    Money("投资1,200元。", "1,200元", "1200", "CNY", "other"),
    Money("处5万元以上20万元以下的罚款。", "5万元", "50000", "CNY", "other"),
    Money("给予50万欧元支持。", "50万欧元", "500000", "EUR", "award"),
]


@pytest.mark.parametrize("case", MONEY, ids=lambda c: c.quote)
def test_money(case: Money) -> None:
    found = [f for f in facts(case.text, "money") if f.quote == case.quote]
    assert len(found) == 1
    (fact,) = found
    assert fact.value == Decimal(case.value)
    assert fact.extra["currency"] == case.currency
    assert fact.role == case.role


@pytest.mark.parametrize(
    "text", ["自2024年1月1号起执行。", "按50%给予补贴。", "统一元化管理。", "数十万元的投入。"]
)
def test_not_money(text: str) -> None:
    assert facts(text, "money") == []


def test_range_gives_two_threshold_amounts() -> None:
    money = facts("对年度网络零售额500万元（含）—3000万元的电商企业给予支持。", "money")
    assert [(f.value, f.role) for f in money] == [
        (Decimal(5000000), "threshold"),
        (Decimal(30000000), "threshold"),
    ]


# ---- rates ------------------------------------------------------------------------------------------------------
RATES = [
    ("按投入费用的50%给予补贴，最高不超过50万元。", "50%", "0.5", "subsidy_rate"),
    ("其中保费补贴不超过50%。", "50%", "0.5", "cap_rate"),
    ("乡镇覆盖率80%以上的。", "80%", "0.8", "threshold"),
    ("入驻面积率达到60%及以上。", "60%", "0.6", "threshold"),
    ("由市、县两级财政统筹安排，各负担50%。", "50%", "0.5", "share"),
]


@pytest.mark.parametrize(("text", "quote", "value", "role"), RATES)
def test_rates(text: str, quote: str, value: str, role: str) -> None:
    (fact,) = facts(text, "rate")
    assert (fact.quote, fact.value, fact.unit, fact.role) == (quote, Decimal(value), "%", role)


def test_rate_series() -> None:
    text = "对平台收取的服务费用，第一年给予企业70%的补贴，第二年给予企业60%的补贴，第三年给予企业50%的补贴。"
    (series,) = facts(text, "rate_series")
    assert series.extra["series"] == [
        {"year": 1, "rate": Decimal("0.7")},
        {"year": 2, "rate": Decimal("0.6")},
        {"year": 3, "rate": Decimal("0.5")},
    ]
    assert [f.extra["year"] for f in facts(text, "rate")] == [1, 2, 3]


# ---- per unit, caps ---------------------------------------------------------------------------------------------
PER_UNIT = [
    ("给予经营单位120元/票补助奖励、年度最高补助金额不超过30万元。", "120", "票", "300000", "per_year"),
    (
        "每新增1家体验店，一次性给予5万元资金扶持，单个企业年度最高支持金额不超过40万元。",
        "50000",
        "家",
        "400000",
        "per_year",
    ),
    ("每吨补贴50元。", "50", "吨", None, None),
]


@pytest.mark.parametrize(("text", "value", "per", "cap", "cap_period"), PER_UNIT)
def test_per_unit(text: str, value: str, per: str, cap: str | None, cap_period: str | None) -> None:
    (fact,) = facts(text, "per_unit")
    assert fact.value == Decimal(value) and fact.extra["per"] == per
    assert fact.extra["cap"] == (Decimal(cap) if cap else None) and fact.extra["cap_period"] == cap_period


CAPS = [
    ("单个企业每年最高不超过30万元。", "300000", "per_year", "per_enterprise"),
    ("每个海外仓每年最高给予一次性奖励20万元。", "200000", "per_year", "per_warehouse"),
    ("最高给予一次性奖励50万元。", "500000", "once", None),
    ("最高申请每个乡镇社区店建设补贴10万元。", "100000", None, "per_store"),
    ("给予不超过人民币20万元的一次性平台建设扶持。", "200000", None, None),
]


@pytest.mark.parametrize(("text", "value", "period", "scope"), CAPS)
def test_caps(text: str, value: str, period: str | None, scope: str | None) -> None:
    (fact,) = facts(text, "cap")
    assert (fact.value, fact.extra["period"], fact.extra["scope"]) == (Decimal(value), period, scope)


def test_rate_cap() -> None:
    (fact,) = facts("其中保费补贴不超过50%。", "cap")
    assert (fact.value, fact.unit) == (Decimal("0.5"), "%")


# ---- conditions -------------------------------------------------------------------------------------------------
CONDITIONS = [
    ("在市场监管部门注册一年以上的企业。", "注册年限", "1", "年", "[1, ∞)"),
    ("开业运营半年以上的。", "运营时间", "6", "月", "[6, ∞)"),
    ("在全市排名前10名的电子商务企业。", "排名", "10", "名", "(-∞, 10]"),
    ("对建设公共海外仓面积2000平米以上的企业。", "面积", "2000", "m2", "[2000, ∞)"),
    ("对占地面积5亩以上的园区。", "面积", "5", "亩", "[5, ∞)"),
    ("入驻电商企业达20家以上的园区。", "入驻企业数", "20", "家", "[20, ∞)"),
    ("服务邵阳企业10家以上的企业。", "服务企业数", "10", "家", "[10, ∞)"),
    ("年交易额100万美元以上的。", "交易额", "1000000", "USD", "[1000000, ∞)"),
    ("电子交易额超过200万元的企业。", "交易额", "2000000", "元", "(2000000, ∞)"),
    ("年跨境电商进出口额达到5000万元的集货仓。", "进出口总额", "50000000", "元", "[50000000, ∞)"),
    ("对当年跨境电商出口总额破零的企业。", "出口额", "0", None, "(0, ∞)"),
    (
        "年度网络零售额500万元（含）—3000万元的电商企业。",
        "网络零售额",
        "5000000",
        "元",
        "[5000000, 30000000)",
    ),
    ("年度网络零售额达到5000万元及以上的。", "网络零售额", "50000000", "元", "[50000000, ∞)"),
]


@pytest.mark.parametrize(("text", "metric", "value", "unit", "interval"), CONDITIONS)
def test_conditions(text: str, metric: str, value: str, unit: str | None, interval: str) -> None:
    (fact,) = facts(text, "condition")
    assert fact.extra["metric"] == metric
    assert (fact.value, fact.unit) == (Decimal(value), unit)
    assert notation(fact.extra["interval"]) == interval


def test_cap_is_not_a_condition() -> None:
    assert facts("每家企业补贴总额不超过30万元。", "condition") == []


# ---- tiers ------------------------------------------------------------------------------------------------------
def test_levels_tier() -> None:
    (tier,) = facts(
        "对荣获国家级、省级电子商务示范企业称号的，分别一次性给予30万元、20万元资金支持。", "tier"
    )
    assert [(t["level"], t["award"]) for t in tier.extra["tiers"]] == [("国家级", 300000), ("省级", 200000)]
    assert tier.value == Decimal(300000)


# ---- seeds and dev documents ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seeds() -> dict[str, list[Fact]]:
    return {p.name[:3]: extract_file(p).facts for p in SEEDS}


def _tiers(found: list[Fact], needle: str) -> Fact:
    (tier,) = [f for f in found if f.kind == "tier" and needle in f.quote]
    return tier


def test_seed_003_item5_tiers(seeds: dict[str, list[Fact]]) -> None:
    tier = _tiers(seeds["003"], "破零")
    tiers = tier.extra["tiers"]
    assert len(tiers) == 3 and tier.extra["selection"] == "highest_matching"
    figure = Decimal(1000000)  # exactly 100万美元: 超过 excludes it, so the 10万元 tier applies
    matching = [t for t in tiers if t["interval"].contains(figure)]
    assert matching[-1]["award"] == Decimal(100000)
    assert [t["award"] for t in tiers] == [Decimal(20000), Decimal(100000), Decimal(500000)]


def test_seed_001_sales_tiers(seeds: dict[str, list[Fact]]) -> None:
    tier = _tiers(seeds["001"], "1000万元、3000万元")
    assert [(t["interval"].low, t["award"]) for t in tier.extra["tiers"]] == [
        (Decimal(10000000), Decimal(50000)),
        (Decimal(30000000), Decimal(100000)),
        (Decimal(50000000), Decimal(200000)),
    ]
    assert {t["metric"] for t in tier.extra["tiers"]} == {"销售额"}


def test_seed_002_item7_own_metrics(seeds: dict[str, list[Fact]]) -> None:
    tier = _tiers(seeds["002"], "100万美元")
    assert [t["metric_text"] for t in tier.extra["tiers"]] == [
        "当年新增实际交易额",
        "当年新增出口实际交易额",
        "当年出口实际交易额",
    ]


def test_seed_004_incremental(seeds: dict[str, list[Fact]]) -> None:
    tier = _tiers(seeds["004"], "国家级、省级、市级")
    assert tier.extra["incremental"] is True
    assert [t["award"] for t in tier.extra["tiers"]] == [Decimal(500000), Decimal(200000), Decimal(50000)]


def test_seed_002_per_ticket(seeds: dict[str, list[Fact]]) -> None:
    (fact,) = [f for f in seeds["002"] if f.kind == "per_unit" and f.quote == "120元/票"]
    assert (fact.value, fact.extra["cap"], fact.extra["cap_period"]) == (
        Decimal(120),
        Decimal(300000),
        "per_year",
    )


def test_seed_002_rate_series(seeds: dict[str, list[Fact]]) -> None:
    (series,) = [f for f in seeds["002"] if f.kind == "rate_series"]
    assert [s["rate"] for s in series.extra["series"]] == [Decimal("0.7"), Decimal("0.6"), Decimal("0.5")]


KINDS = ("money", "rate", "rate_series", "per_unit", "cap", "condition", "tier")


@pytest.mark.parametrize("path", SEEDS + dev_files(), ids=lambda p: p.name)
def test_quotes_are_exact(path) -> None:  # noqa: ANN001
    doc = extract_file(path)
    for fact in doc.facts:
        if fact.kind in KINDS:
            assert doc.text[fact.start : fact.end] == fact.quote, fact
            assert not isinstance(fact.value, float)


def test_seed_fixture_names() -> None:
    assert seed("003").name.startswith("003")


# ---- ranges with a prefix comparator on the far end, and 未满 / 未逾 ------------------------------------------------
@pytest.mark.parametrize(("sentence", "expected"), [
    ("第六条 年满60周岁不满65周岁的老年人可以申请。", "[60, 65)"),
    ("对年交易额1万元以上不超过10万元的企业给予奖励。", "[10000, 100000]"),
    ("企业成立未满三年的，提供注册当年至今的申报表。", "(-∞, 3)"),
    ("刑罚执行期满未逾5年的，不得担任法定代表人。", "(-∞, 5]"),
])
def test_condition_ranges_and_negated_comparators(sentence: str, expected: str) -> None:
    found = [notation(f.extra["interval"]) for f in facts(sentence, "condition")]
    assert found == [expected], found
