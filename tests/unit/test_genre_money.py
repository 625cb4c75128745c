"""Money of the wider genre: 大写 numerals and invoice forms, ranges as one fact, elided 元, and the traps.

The phrases are those of issue 14 (each seen in a real document) and sentences of ../shared/corpus/wider, the
dev documents and lawrefbook; the traps are sentences where a number with 万 is a count, an area or a load.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pytest

from extractor.facts.numbers import iter_money, parse_number
from extractor.models import Fact
from extractor.money_audit import unbacked_money
from extractor.pipeline import extract_file, extract_text
from tests.conftest import SEEDS, SHARED, dev_files

WIDER = SHARED / "corpus" / "wider"


def money(text: str) -> list[Fact]:
    return [f for f in extract_text(text).facts if f.kind == "money"]


class Amount(NamedTuple):
    sentence: str
    quote: str
    value: str


INVOICE_FORMS = [
    Amount("本项目补助资金合计壹万贰仟叁佰肆拾伍元。", "壹万贰仟叁佰肆拾伍元", "12345"),
    Amount("中标金额：肆佰叁拾萬圆整，", "肆佰叁拾萬圆整", "4300000"),
    Amount("拨付补助资金六十四万零一百四十三元一角七分。", "六十四万零一百四十三元一角七分", "640143.17"),
    Amount("合同金额为82，225.00元，", "82，225.00元", "82225"),
    Amount("累计兑付1，234，567元。", "1，234，567元", "1234567"),
    Amount("给予一次性奖励贰拾万元。", "贰拾万元", "200000"),
    Amount("每人补贴伍佰元整。", "伍佰元整", "500"),
]


@pytest.mark.parametrize("row", INVOICE_FORMS, ids=lambda r: r.quote)
def test_invoice_forms_are_read_exactly(row: Amount) -> None:
    (fact,) = money(row.sentence)
    assert (fact.quote, fact.value, fact.unit) == (row.quote, Decimal(row.value), "CNY")
    assert isinstance(fact.value, Decimal)


@pytest.mark.parametrize(
    ("sentence", "quotes"),
    [
        # 伍 of 队伍, 拾 of 收拾, 分 of 一分钟: never digits outside a money unit
        ("加强人才队伍建设，壮大专业服务队伍。", []),
        ("每次收费50元，通话一分钟。", ["50元"]),
        # an ASCII thousands comma is unchanged; a full-width comma between two plain numbers is a list
        ("补贴1,500元。", ["1,500元"]),
    ],
)
def test_invoice_digits_stay_inside_money(sentence: str, quotes: list[str]) -> None:
    assert [f.quote for f in money(sentence)] == quotes


def test_financial_digits_are_not_numbers_elsewhere() -> None:
    assert parse_number("壹万贰仟") == Decimal(12000)
    assert [q for q in iter_money("队伍建设") if q] == []


class Range(NamedTuple):
    sentence: str
    quote: str
    low: str
    high: str
    low_inclusive: bool
    role: str


RANGES = [
    Range("对新认定的企业给予1万-5万元补助。", "1万-5万元", "10000", "50000", True, "award"),
    Range("根据评审结果给予1万(含)-5万元奖励。", "1万（含）-5万元", "10000", "50000", True, "award"),
    Range("按等次给予10至50万元奖励。", "10至50万元", "100000", "500000", True, "award"),
    Range("视规模给予1-5万元补贴。", "1-5万元", "10000", "50000", True, "award"),
    Range("给予2万（不含）-10万元资助。", "2万（不含）-10万元", "20000", "100000", False, "award"),
]


@pytest.mark.parametrize("row", RANGES, ids=lambda r: r.quote)
def test_a_range_is_one_fact_with_both_ends(row: Range) -> None:
    (fact,) = money(row.sentence)
    assert fact.quote == row.quote
    assert fact.value == Decimal(row.high)  # value stays the high end: downstream reads no more than before
    assert (fact.extra["low"], fact.extra["high"]) == (Decimal(row.low), Decimal(row.high))
    assert (fact.extra["low_inclusive"], fact.extra["high_inclusive"]) == (row.low_inclusive, True)
    assert fact.role == row.role


@pytest.mark.parametrize(
    ("sentence", "quotes"),
    [
        # lawrefbook 北京市出租汽车管理条例: both ends carry 元, two amounts as before
        ("可处以200元至2000元的罚款；情节严重的，处以2000元至2万元罚款", ["200元", "2000元", "2000元", "2万元"]),
        # lawrefbook 非法出版物解释: a threshold range stays the condition's, not an award interval
        ("传播淫秽物品，获利3万至5万元以上的。", ["5万元"]),
        # a date before the link is no low end
        ("2024年1-5万元", ["5万元"]),
    ],
)
def test_ranges_that_stay_as_they_were(sentence: str, quotes: list[str]) -> None:
    found = money(sentence)
    assert [f.quote for f in found] == quotes
    assert all("low" not in f.extra for f in found)


class Elided(NamedTuple):
    sentence: str
    quotes: list[str]


ELIDED = [
    Elided("二孩家庭补贴不超过2万，三孩家庭补贴不超过3万。", ["2万", "3万"]),
    Elided("首套住房公积金贷款额度最高80万。", ["80万"]),
    Elided("对新落户企业给予奖励50万；", ["50万"]),
]
TRAPS = [
    # ../shared/corpus/wider/guangdong_consumption_measures_2023.txt
    "2023年为不少于2.2万户特殊困难老年人家庭开展适老化改造。",
    "视收视规模，2023年全省新增4K机顶盒用户不少于50万户。",
    "2023年新增筹建保障性租赁住房不少于22万套（间）。",
    "2023年广州增加5万个计划外节能燃油车增量指标配额。",
    # ../shared/corpus/wider/changzhou_housing_regulation_2020.txt
    "每次申请预售面积不得低于3万平方米（尾盘除外），3万平方米以下商品住房项目应一次性办理预售许可。",
    # corpus/004: an area beside an award
    "对新建电商小微园区建筑面积达1万平方米及以上的，给予奖励。",
    # the traps: tonnes, a load, people, households beside money words
    "年处理能力3万吨，给予补贴。",
    "新增用电容量5万千伏安，给予补助。",
    "惠及65万人，补贴资金已拨付。",
    "覆盖1万户，奖励资金另行下达。",
    # a count that a money word follows, not governs
    "新增就业2万，给予奖励。",
    # 第一条 is no amount
    "第一条 为规范补贴资金管理，制定本办法。",
]


@pytest.mark.parametrize("row", ELIDED, ids=lambda r: r.sentence[:12])
def test_elided_yuan_inside_a_money_clause(row: Elided) -> None:
    found = money(row.sentence)
    assert [f.quote for f in found] == row.quotes
    assert all(f.extra.get("elided_unit") and f.unit == "CNY" for f in found)


@pytest.mark.parametrize("sentence", TRAPS, ids=lambda s: s[:14])
def test_counts_areas_and_loads_are_not_money(sentence: str) -> None:
    assert money(sentence) == []


def _corpus() -> list:
    return [*SEEDS, *dev_files(), *(sorted(WIDER.glob("*.txt")) if WIDER.is_dir() else [])]


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_no_money_fact_that_is_not_money(path) -> None:
    """Precision on every document here (scripts/money_precision.py prints it for lawrefbook too)."""
    doc = extract_file(path)
    assert [(f.quote, f.start) for f in unbacked_money(doc)] == []
    assert all(doc.text[f.start : f.end] == f.quote for f in doc.facts if f.kind == "money")


@pytest.mark.parametrize(
    ("sentence", "roles"),
    [
        # ../shared/corpus/wider: binzhou, chongqing, anhua — a loan ceiling changed from one amount to another
        ("单方正常缴存的，贷款最高额度由原40万元提高至50万元。", [("40万元", "loan_limit"), ("50万元", "loan_limit")]),
        ("贷款额度按双方个人可贷额度相加计算，最高额度从60万元提高至80万元。",
         [("60万元", "loan_limit"), ("80万元", "loan_limit")]),
        ("住房公积金最高贷款额度由35万元调整为45万元。", [("35万元", "loan_limit"), ("45万元", "loan_limit")]),
        # a true range of thresholds is unchanged
        ("年销售额500万元（含）—3000万元的企业，给予奖励。", [("500万元", "threshold"), ("3000万元", "threshold")]),
    ],
)
def test_a_changed_amount_keeps_the_role_of_the_old_one(sentence: str, roles: list[tuple[str, str]]) -> None:
    assert [(f.quote, f.role) for f in money(sentence)] == roles
