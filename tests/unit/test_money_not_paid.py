"""Money that is not money paid: loan ceilings, down-payment and guarantee shares, interest rates, prices, fees
charged and registered capital keep roles of their own and are never an award, a cap or a rate of a measure.

Rows are sentences of housing-fund and housing-market notices of several provinces (安阳, 滨州, 保定, 东莞, 蚌埠,
西宁, 武汉, 嘉兴, 安化, 沙县) and of support clauses of the same shape, where a support beside the loan ceiling
must still be found.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor.measures import Money, derive_measures
from extractor.money_audit import not_paid_roles
from extractor.pipeline import extract_file, extract_text
from kb.text.messages import NOT_PAID_ROLE_ZH
from tests.conftest import SHARED, requires_shared


def roles(sentence: str, kind: str) -> list[tuple[Decimal, str]]:
    return [(f.value, f.role) for f in extract_text(f"第一条 {sentence}").facts if f.kind == kind]


def measures(sentence: str):  # noqa: ANN201 - a tuple of Measure
    return derive_measures(extract_text(f"第一条 {sentence}"))


# ---- money: loan ceilings and the like are facts of their own role --------------------------------------------
NOT_PAID_MONEY = [
    ("提高住房公积金贷款额度，夫妻双方缴存最高贷款金额由50万元调整为60万元。",
     [(Decimal(500000), "loan_limit"), (Decimal(600000), "loan_limit")]),
    ("申请首套住房公积金贷款，单方正常缴存的，贷款最高额度由原40万元提高至50万元。",
     [(Decimal(400000), "loan_limit"), (Decimal(500000), "loan_limit")]),
    ("单方缴存公积金的家庭，申请住房公积金贷款最低贷款额度30万元。", [(Decimal(300000), "loan_limit")]),
    ("最高贷款额度首套房和二套房分别从100万元、60万元调整为120万元、80万元。",
     [(Decimal(1000000), "loan_limit"), (Decimal(600000), "loan_limit"), (Decimal(1200000), "loan_limit"),
      (Decimal(800000), "loan_limit")]),
    ("夫妻双方一方缴存住房公积金的，在我市现行住房公积金贷款最高额度的基础上提高10万元。",
     [(Decimal(100000), "loan_limit")]),
    ("住房公积金贷款额度提高到70万元。", [(Decimal(700000), "loan_limit")]),
    ("缴存职工家庭夫妻参贷的，单笔贷款额度按双方个人可贷额度相加计算，最高额度从60万元提高至80万元。",
     [(Decimal(600000), "loan_limit"), (Decimal(800000), "loan_limit")]),
    ("符合条件的个体创业者可申请最高不超过20万元的创业担保贷款。", [(Decimal(200000), "loan_limit")]),
    ("融资担保机构对单户小微企业担保金额最高不超过1000万元。", [(Decimal(10000000), "guarantee_amount")]),
    ("物业服务收费标准为每月2元。", [(Decimal(2), "fee")]),
    ("注册资本为500万元。", [(Decimal(5000000), "registered_capital")]),
    ("职工租房提取住房公积金的，每月最高1500元。", [(Decimal(1500), "withdrawal_limit")]),
    ("无房职工提取公积金支付房租的，每户每年不超过1.8万元。", [(Decimal(18000), "withdrawal_limit")]),
]


@pytest.mark.parametrize(("sentence", "expected"), NOT_PAID_MONEY)
def test_money_that_is_not_paid_keeps_its_own_role(sentence: str, expected: list[tuple[Decimal, str]]) -> None:
    assert roles(sentence, "money") == expected
    assert roles(sentence, "cap") == []
    assert measures(sentence) == ()


# ---- rates: down-payment, guarantee and loan shares, interest rates, shares of a price ---------------------------
NOT_PAID_RATES = [
    ("保函额度不超过应监管资金的50%，并可按照预售资金拨付节点予以相应调整。", "0.5", "guarantee_share"),
    ("土地竞拍保证金最低比例可下调至挂牌价的20%。", "0.2", "guarantee_share"),
    ("对贷款购买首套普通自住房的家庭，贷款最低首付比例为20%。", "0.2", "down_payment_share"),
    ("二套住房商业性个人住房贷款最低首付款比例调整为不低于25%。", "0.25", "down_payment_share"),
    ("统一调整为首套住房贷款最高比例不超过房屋总价的80%。", "0.8", "loan_limit"),
    ("提高纯公积金贷款比例，贷款额由不高于房价的70%。", "0.7", "loan_limit"),
    ("二孩及以上家庭申请住房公积金贷款的，贷款额度可按当期住房公积金贷款最高限额上浮20%确定。", "0.2", "loan_limit"),
    ("首套住房商业性个人住房贷款利率不低于3.1%。", "0.031", "interest_rate"),
    ("我市多子女家庭无房租赁住房提取住房公积金的，提取限额按规定额度标准上浮20%。", "0.2", "withdrawal_limit"),
    ("新建商品住房网签价格下浮不低于备案价格的85%。", "0.85", "price_share"),
    ("增加监管资金支付节点，主体封顶支付总价的60%。", "0.6", "price_share"),
    ("由市人民政府按出让或划拨土地价款的百分之二十向用地单位征收土地闲置费。", "0.2", "price_share"),
    ("政府性融资担保机构对小微企业的担保费率不超过1%。", "0.01", "fee_rate"),
]


@pytest.mark.parametrize(("sentence", "value", "role"), NOT_PAID_RATES)
def test_a_rate_that_is_not_support_keeps_its_own_role(sentence: str, value: str, role: str) -> None:
    assert roles(sentence, "rate") == [(Decimal(value), role)]
    assert roles(sentence, "cap") == []
    assert measures(sentence) == ()


# ---- supports of the same shape stay supports --------------------------------------------------------------------
def test_a_purchase_subsidy_beside_a_loan_ceiling_is_found() -> None:
    sentence = "住房公积金贷款最高额度提高至60万元，对购买首套住房的给予一次性购房补贴2万元。"
    assert roles(sentence, "money") == [(Decimal(600000), "loan_limit"), (Decimal(20000), "award")]
    (m,) = measures(sentence)
    assert (m.certain_amount, m.caps, m.upper_bound) == (Money(Decimal(20000), "CNY"), (), Money(Decimal(20000), "CNY"))


def test_a_subsidy_in_the_comma_clause_of_a_loan_ceiling_is_found() -> None:
    assert roles("住房公积金贷款额度提高到70万元并给予购房补贴2万元。", "money") == [
        (Decimal(700000), "loan_limit"), (Decimal(20000), "award")]


@pytest.mark.parametrize(("sentence", "money", "rates"), [
    # 贷款 alone names how the home is bought, not a loan ceiling
    ("对使用住房公积金贷款购买首套住房的，给予一次性购房补贴3万元。", [(Decimal(30000), "award")], []),
    # a subsidised interest is support: a rate of support beside the loan ceiling
    ("创业担保贷款最高额度为20万元，按贷款市场报价利率的50%给予贴息。", [(Decimal(200000), "loan_limit")],
     [(Decimal("0.5"), "subsidy_rate")]),
    ("对符合条件的个人创业担保贷款给予贴息，贷款贴息最高不超过3万元。", [(Decimal(30000), "cap")], []),
    ("贷款贴息额最高不超过50万元。", [(Decimal(500000), "cap")], []),
    ("单个企业年度补贴最高限额为20万元。", [(Decimal(200000), "cap")], []),
    # a subsidy to a tenant who draws on the fund is support: the ceiling is the subsidy's
    ("对租房提取住房公积金的新就业大学生，每月最高给予租房补贴1500元。", [(Decimal(1500), "cap")], []),
    # 最高额度 after the loan ceiling's sentence named a subsidised interest: the cap of the 贴息
    ("在贷款额度内给予贴息，最高额度5万元。", [(Decimal(50000), "cap")], []),
    ("贷款利息的补贴不超过贷款市场报价利率的20%。", [], [(Decimal("0.2"), "cap_rate")]),
    ("按其土地和房屋成交价格的1%予以补贴。", [], [(Decimal("0.01"), "subsidy_rate")]),
    ("补贴标准为上述产品扣除各环节优惠后最终销售价格的15%，每件补贴不超过1500元。", [(Decimal(1500), "cap")],
     [(Decimal("0.15"), "subsidy_rate")]),
])
def test_support_of_the_same_shape_stays_support(sentence: str, money: list[tuple[Decimal, str]],
                                                 rates: list[tuple[Decimal, str]]) -> None:
    assert roles(sentence, "money") == money
    assert roles(sentence, "rate") == rates
    assert len(measures(sentence)) == 1


def test_a_price_bound_says_who_qualifies_and_a_per_unit_price_is_not_an_award() -> None:
    sentence = "购买销售单价不超过8000元/平方米的新建商品住房，给予购房补贴1万元。"
    assert roles(sentence, "money") == [(Decimal(8000), "threshold"), (Decimal(10000), "award")]
    assert roles(sentence, "per_unit") == [(Decimal(8000), "price")]
    (m,) = measures(sentence)
    assert (m.certain_amount, m.per_unit, m.upper_bound) == (Money(Decimal(10000), "CNY"), (),
                                                            Money(Decimal(10000), "CNY"))


def test_registered_capital_with_a_floor_is_a_condition_named_by_its_metric() -> None:
    sentence = "对注册资本1000万元以上的企业，给予一次性奖励10万元。"
    assert roles(sentence, "money") == [(Decimal(10000000), "threshold"), (Decimal(100000), "award")]
    (condition,) = [f for f in extract_text(f"第一条 {sentence}").facts if f.kind == "condition"]
    assert condition.extra["metric"] == "注册资本"


# ---- the document the bug was found on ----------------------------------------------------------------------------
@requires_shared
def test_anyang_loan_ceilings_and_guarantee_share_are_no_measure() -> None:
    doc = extract_file(SHARED / "corpus" / "wider" / "anyang_housing_measures_2022.txt")
    loans = [(f.value, f.quote, f.clause) for f in doc.facts if f.role == "loan_limit"]
    assert loans == [(Decimal(v), f"{v // 10000}万元", "2.1") for v in (500000, 600000, 600000, 700000)]
    assert all(doc.text[f.start:f.end] == f.quote for f in doc.facts if f.role == "loan_limit")
    assert [(f.kind, f.value, f.clause) for f in doc.facts if f.role == "guarantee_share"][0] == (
        "rate", Decimal("0.5"), "3")
    found = derive_measures(doc)
    assert [m.clause_label for m in found] == ["一、"]  # the deed-tax subsidy, its rates of the tax paid
    assert found[0].rate == Decimal("0.5") and found[0].caps == () and found[0].upper_bound is None


def test_every_not_paid_role_is_named_in_chinese() -> None:
    # a group added to amounts.yaml's not_paid without its Chinese name would show its English role in the app
    assert set(NOT_PAID_ROLE_ZH) == not_paid_roles()
    assert "award" not in not_paid_roles() and "cap" not in not_paid_roles()


@pytest.mark.parametrize("sentence", [
    "贷款金额在500万元以内的，给予一次性奖励5万元。",
    "对年化担保费率不超过1.5%的，按其担保额的1%给予奖励。",
    "对单笔贷款额度不超过300万元的，按实际支付利息的50%给予贴息。",
])
def test_a_loan_bound_that_conditions_the_next_clause_is_a_threshold(sentence: str) -> None:
    """A loan ceiling closing its clause with 的 says who qualifies for the support that follows: a condition the
    measure keeps (so matching cannot call it certain without the loan's figure), not a loan ceiling."""
    assert [role for _, role in roles(sentence, "money") + roles(sentence, "rate")][0] == "threshold"
    (measure,) = measures(sentence)
    assert any(c.interval is not None and c.interval.high is not None for c in measure.conditions)
