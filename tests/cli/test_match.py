"""Matching profiles to measures: intervals and tiers on hand-made rows, then the real seeds in a store."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from extractor import Interval
from extractor.measures import Condition, Measure, Money, Tier
from kb.cli import cli
from kb.queries.match import (
    Rule,
    apply_non_cumulation,
    evaluate,
    interval_text,
    map_metric,
    match,
    rule_scopes,
    totals,
)
from kb.queries.match.profile import Profile, figures, load_profile, profile_from_dict
from kb.store import Store
from kb.text.messages import TEMPLATES, money, text
from tests.conftest import ROOT

ON = "2025-06-01"  # every seed but 丽水 (from 2025-01-01) and 衡阳 (until 2026-05-06) … all five in force
EXAMPLES = ROOT / "examples" / "profiles"


# what the seeds' 支持对象 / 实施范围 ask every firm of their city to declare (衡阳: 独立法人, 本地依法纳税, 海关统计;
# 丽水: 市区, 未列入严重失信名单; 邵阳: 注册一年以上, 独立法人)
ANSWERS = {"legal_form": "独立法人", "registered_on": "2019-05-01",
           "declarations": {"pays_tax_locally": True, "in_customs_statistics": True, "not_seriously_dishonest": True}}


def profile(city: str = "衡阳", kind: str = "enterprise", answers: dict[str, Any] | None = None,
            **figures: Any) -> Profile:
    given = ANSWERS if answers is None else answers
    county = {"丽水": {"county": "莲都区"}}.get(city, {})
    return profile_from_dict({"name": "测试企业", "city": city, "entity_kind": kind, **county, **given,
                              "figures": figures})


def interval(low: Any = None, low_inclusive: bool = False, high: Any = None,
             high_inclusive: bool = False) -> Interval:
    return Interval(None if low is None else Decimal(str(low)), low_inclusive,
                    None if high is None else Decimal(str(high)), high_inclusive)


def cny(value: Any) -> Money:
    return Money(Decimal(str(value)), "CNY")


def threshold(metric: str, metric_text: str, iv: Interval, unit: str | None = None,
              currency: str | None = None, quote: str = "", start: int = 0) -> Condition:
    quote = quote or metric_text
    return Condition("threshold", "measure", metric_text, metric, iv, unit, currency, (), quote, start,
                     start + len(quote))


def tier(award: Any, iv: Interval | None = None, unit: str | None = None, level: str | None = None) -> Tier:
    return Tier(iv, "出口额" if iv else None, "出口总额" if iv else None, cny(award), None, level, (), "", 0, 1, unit)


def measure(max_amount: Any = "100000", thresholds: tuple[Condition, ...] = (), tiers: tuple[Tier, ...] = (),
            beneficiary: str | None = "enterprise", conditions_all: bool = True, rate: Any = None,
            stated: bool = True, quote: str = "…", start: int = 0, end: int = 1) -> Measure:
    bound = None if max_amount is None else cny(max_amount)
    return Measure(clause="1", clause_label="（一）", start=start, end=end, quote=quote, summary="测试",
                   certain_amount=bound if stated else None, tier_max=None, caps=(), upper_bound=bound,
                   amount_basis="stated" if stated and bound else "not_stated",
                   rate=None if rate is None else Decimal(str(rate)), rates=(), per_unit=(), thresholds=thresholds,
                   tiers=tiers, conditions=(), conditions_all=conditions_all, beneficiary=beneficiary,
                   non_cumulation=(), application=None, period=None, topic="跨境电商业绩奖励")


def row(thresholds: list[Condition] | None = None, **changes: Any) -> dict[str, Any]:
    """A store row (``Store.measures()``) of a hand-made measure: its document's fields and the ``Measure``."""
    return {"doc_id": 9, "doc_no": "测政发〔2025〕1号", "title": "测试", "city": "衡阳市",
            "measure": measure(thresholds=tuple(thresholds or ()), **changes)}


# 衡政发〔2024〕4号 clause 5 as the extractor gives it: 破零 2万; 超过50万美元 10万; 超过100万美元 50万
EXPORT_QUOTE = ("对当年跨境电商出口总额破零的，最高给予一次性奖励2万元；超过50万美元的，最高给予一次性奖励10万元；"
                "超过100万美元的，最高给予一次性奖励50万元")


def export_threshold(iv: Interval, quote: str, usd: bool = True) -> Condition:
    return threshold("出口额", "出口总额", iv, "USD" if usd else None, "USD" if usd else None, quote,
                     1231 + EXPORT_QUOTE.index(quote))


EXPORT_TIERS = {
    "doc_id": 4, "doc_no": "衡政发〔2024〕4号", "title": "衡阳市支持跨境电商发展若干措施", "city": "衡阳市",
    "measure": measure(
        max_amount="500000", stated=False, beneficiary=None, conditions_all=False, start=1231, end=1304,
        quote=EXPORT_QUOTE,
        thresholds=(export_threshold(interval(0), "破零", usd=False), export_threshold(interval(500000), "超过50万美元"),
                    export_threshold(interval(1000000), "超过100万美元")),
        tiers=(tier(20000, interval(0)), tier(100000, interval(500000), "USD"),
               tier(500000, interval(1000000), "USD"))),
}


# -- intervals, mapping and one measure ------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "iv", "inside"), [
    (1000000, interval(1000000), False),                     # 超过100万: the number itself is not over
    (1000001, interval(1000000), True),
    (1000000, interval(1000000, True), True),                # 100万以上 / 达到100万
    (Decimal("0.01"), interval(0), True),                    # 破零
    (0, interval(0), False),
    (30000000, interval(5000000, True, 30000000), False),    # 500万元（含）—3000万元
    (5000000, interval(5000000, True, 30000000), True),
    (10, interval(None, False, 10, True), True),             # 排名前10名
    (11, interval(None, False, 10, True), False),
])
def test_intervals_are_exact(value: Any, iv: Interval, inside: bool) -> None:
    assert iv.contains(Decimal(str(value))) is inside


@pytest.mark.parametrize(("metric", "words", "dim", "context", "figure"), [
    ("出口额", "出口总额", "USD", "对当年跨境电商出口总额 支持跨境电商业务试点", "cross_border_export_usd"),
    ("出口额", "当年新增出口实际交易额", "USD", "支持跨境电商企业开展业务", "cross_border_export_usd_new"),
    ("出口额", "当年出口实际交易额", "USD", "当年新增实际交易额…；当年 支持跨境电商企业开展业务", "cross_border_export_usd"),
    ("出口额", "出口额", "CNY", "或年度跨境电商出口额", "cross_border_export_cny"),
    ("出口额", "出口额", "CNY", "年度出口额", "export_cny"),
    ("交易额", "当年新增实际交易额", "USD", "企业 支持跨境电商企业开展业务", "cross_border_trade_usd_new"),
    ("进出口总额", "进出口总额", "USD", "且当年跨境电商进出口总额", "cross_border_trade_usd"),
    ("交易额", "电子交易额", "CNY", "有突出成绩且电子交易额", "ecommerce_sales_cny"),
    ("网络零售额", "年度网络零售额", "CNY", "", "ecommerce_sales_cny"),
    ("面积", "租赁面积", "m2", "跨境电商企业（含设立全资子公司），实际租赁面积（办公、仓储等场所）", "rented_area_m2"),
    ("面积", "租赁海外仓", "m2", "对企业租赁海外仓在", "overseas_warehouse_area_m2"),
    ("面积", "仓储面积", "m2", "并建立海外托管仓，仓储面积", "overseas_warehouse_area_m2"),
    ("面积", "门店面积", "m2", "线下O2O体验店，门店面积", "store_area_m2"),
    ("面积", "建筑面积", "m2", "对新建电商小微园区建筑面积达", "building_area_m2"),
    ("面积", "占地面积", "mu", "占地面积", "land_area_mu"),
    ("运营时间", "运营", "months", "开业运营", "operating_years"),
    ("排名", "排名前10名", "count", "", "ranking"),
    ("服务企业数", "年度服务本地跨境电商进出口企业", "count", "", "cross_border_enterprises_served"),
    ("服务企业数", "年度服务本地电商企业", "count", "", "enterprises_served"),
])
def test_metrics_map_to_figures(metric: str, words: str, dim: str, context: str, figure: str) -> None:
    assert map_metric(metric, words, dim, context) == (figure, "")


@pytest.mark.parametrize(("metric", "words", "dim"), [
    ("合同期限", "劳动合同", "years"),   # no figure: checked by hand
    ("面积", "面积", "m2"),              # which area? not said
    ("出口额", "出口额", "m2"),          # no export in square metres
])
def test_unmappable_conditions(metric: str, words: str, dim: str) -> None:
    key, why = map_metric(metric, words, dim, "")
    assert key is None and why


@pytest.mark.parametrize(("exports", "status", "amount"), [
    (1200000, "eligible", 500000),
    (1000000, "eligible", 100000),      # 超过100万美元 excludes 100万
    (1000001, "eligible", 500000),
    (500000, "eligible", 20000),        # 超过50万美元 excludes 50万; 破零 holds
    (1, "eligible", 20000),
    (0, "not_eligible", None),
])
def test_tiers_pay_the_highest_tier_met(exports: int, status: str, amount: int | None) -> None:
    r = evaluate(EXPORT_TIERS, profile(cross_border_export_usd=exports), ON)
    assert (r["status"], r["max_amount"]) == (status, None if amount is None else Decimal(amount))
    if status == "not_eligible":
        assert r["failed"][0]["quote"] == "破零"
        assert r["failed"][0]["value"] == 0


def test_tier_unit_borrowed_from_its_siblings() -> None:
    # 破零 has no unit; its siblings say 美元: a CNY export figure does not answer it
    r = evaluate(EXPORT_TIERS, profile(export_cny=5000000), ON)
    assert r["status"] == "needs_information"
    assert r["missing"] == ["cross_border_export_usd"]


def test_missing_figure_names_the_key_and_label() -> None:
    r = evaluate(EXPORT_TIERS, profile(), ON)
    assert r["status"] == "needs_information"
    assert r["missing"] == ["cross_border_export_usd"]
    assert any("cross_border_export_usd (当年跨境电商出口额（美元）)" in reason for reason in r["reasons"])
    assert r["max_amount"] == Decimal(500000)  # at most
    assert r["tier"] is None


def test_failed_condition_is_quoted() -> None:
    m = row(thresholds=[threshold("面积", "租赁面积", interval(100, True), "m2", quote="100平方米以上")])
    r = evaluate(m, profile(rented_area_m2=80), ON)
    assert r["status"] == "not_eligible"
    assert r["failed"] == [{"metric": "面积", "quote": "100平方米以上", "value": Decimal(80),
                            "interval": {"low": Decimal(100), "low_inclusive": True, "high": None,
                                         "high_inclusive": False}, "figure": "rented_area_m2"}]
    assert "100平方米以上" in r["reasons"][0] and r["max_amount"] is None


def test_unmapped_condition_is_never_silently_eligible() -> None:
    m = row(thresholds=[threshold("面积", "租赁面积", interval(100, True), "m2"),
                        threshold("合同期限", "劳动合同", interval(1, True), "年", quote="一年以上")])
    r = evaluate(m, profile(rented_area_m2=150), ON)
    assert r["status"] == "needs_information"
    assert r["missing"] == []
    assert any("「劳动合同 一年以上」 must be checked by hand" in reason for reason in r["reasons"])


def test_conditions_joined_by_or_need_one() -> None:
    m = row(thresholds=[threshold("网络零售额", "年度网络零售额", interval(50000000, True), "元", "CNY"),
                        threshold("出口额", "跨境电商出口额", interval(20000000, True), "元", "CNY")],
            conditions_all=False)
    assert evaluate(m, profile(cross_border_export_cny=25000000), ON)["status"] == "eligible"
    assert evaluate(m, profile(cross_border_export_cny=1, ecommerce_sales_cny=1), ON)["status"] == "not_eligible"
    assert evaluate(m, profile(cross_border_export_cny=1), ON)["status"] == "needs_information"


def test_disjoint_bands_on_one_figure_are_alternatives() -> None:
    # 年度网络零售额500万元（含）—3000万元和3000万元及以上的电商企业，分档给予资金支持
    m = row(thresholds=[threshold("网络零售额", "年度网络零售额", interval(5000000, True, 30000000), "元", "CNY"),
                        threshold("网络零售额", "年度网络零售额", interval(30000000, True), "元", "CNY")])
    assert evaluate(m, profile(ecommerce_sales_cny=10000000), ON)["status"] == "eligible"
    assert evaluate(m, profile(ecommerce_sales_cny=40000000), ON)["status"] == "eligible"
    assert evaluate(m, profile(ecommerce_sales_cny=4000000), ON)["status"] == "not_eligible"


def test_months_against_years() -> None:
    m = row(thresholds=[threshold("运营时间", "运营", interval(6, True), "月", quote="半年以上")])
    assert evaluate(m, profile(operating_years="0.5"), ON)["status"] == "eligible"
    assert evaluate(m, profile(operating_years="0.4"), ON)["status"] == "not_eligible"


def test_registered_years_come_from_the_date() -> None:
    m = row(thresholds=[threshold("注册年限", "注册", interval(1, True), "年", quote="一年以上")])
    p = profile_from_dict({"name": "甲", "city": "衡阳", "registered_on": "2024-06-01"})
    assert evaluate(m, p, "2025-06-01")["status"] == "eligible"
    assert evaluate(m, p, "2025-05-31")["status"] == "not_eligible"


def test_beneficiary_kind() -> None:
    m = row(beneficiary="training_institution")
    r = evaluate(m, profile(), ON)
    assert r["status"] == "not_eligible" and "培训机构" in r["reasons"][0]
    park = row(beneficiary="park_operator", thresholds=[threshold("入驻企业数", "入驻企业", interval(10), "家")])
    assert evaluate(park, profile(kind="park_operator", enterprises_settled=12), ON)["status"] == "eligible"
    assert evaluate(park, profile(enterprises_settled=12), ON)["status"] == "not_eligible"
    # a platform company is an enterprise too
    assert evaluate(row(beneficiary="enterprise", thresholds=[threshold("排名", "排名", interval(None, False, 10, True),
                                                                       "名")]),
                    profile(kind="platform", ranking=3), ON)["status"] == "eligible"


def test_no_figure_condition_is_checked_by_hand() -> None:
    r = evaluate(row(), profile(), ON)
    assert r["status"] == "needs_information"
    assert r["max_amount"] == Decimal(100000)
    assert any("check the clause's own requirements by hand" in reason for reason in r["reasons"])


def test_level_tiers_are_checked_by_hand() -> None:
    m = row(conditions_all=False, tiers=(tier(300000, level="国家级"), tier(200000, level="省级")))
    r = evaluate(m, profile(), ON)
    assert r["status"] == "needs_information"
    assert "国家级" in r["reasons"][0]


@pytest.mark.parametrize(("sentence", "scopes"), [
    ("同类型奖励、补助“就高不就低”，不重复计算。", {"topic"}),
    ("以上措施与本市其他有关奖补政策发生重叠的，按照择优支持且不重复的原则执行。", {"others"}),
    ("本《若干措施》若与中央、省、市其他有关政策有冲突或重叠的，按照从优但不重复适用的原则执行。", {"others"}),
    ("若与其他相关政策不一致或同一事项涉及多项奖补的，按“就高”原则不重复享受。", {"topic", "others"}),
    ("同一企业不重复享受。", {"document"}),
])
def test_rule_scopes(sentence: str, scopes: set[str]) -> None:
    assert rule_scopes(sentence) == scopes


def _result(doc_id: int, clause: str, topic: str, amount: int) -> dict[str, Any]:
    return {"doc_id": doc_id, "doc_no": f"doc{doc_id}", "clause": clause, "topic": topic, "status": "eligible",
            "max_amount": Decimal(amount), "currency": "CNY", "reasons": [], "span": [int(clause), 0]}


def test_non_cumulation_within_a_document_and_across() -> None:
    results = [_result(1, "1", "海外仓", 200000), _result(1, "2", "海外仓", 300000), _result(1, "3", "人才培训", 50000),
               _result(2, "1", "海外仓", 100000), _result(3, "1", "海外仓", 400000)]
    notes = apply_non_cumulation(results, [Rule(1, "doc1", "同类型奖励不重复计算。", frozenset({"topic"}))])
    assert [r["counted"] for r in results] == [False, True, True, True, True]
    assert totals(results) == {"CNY": Decimal(850000)}
    assert len(notes) == 1 and "doc1 clause 2" in notes[0]
    # 与其他政策重叠: a measure of the same topic in another document counts once with it
    for r in results:
        r.pop("counted")
    notes = apply_non_cumulation(results, [Rule(2, "doc2", "若与其他相关政策重叠的，就高不重复。", frozenset({"others"}))])
    assert [r["counted"] for r in results] == [True, True, True, False, True]
    assert "doc2 clause 1" in notes[0]


# -- the seeds -------------------------------------------------------------------------------------------------



def find(result: dict[str, Any], doc_no: str, clause: str) -> list[dict[str, Any]]:
    return [r for r in result["results"] if r["doc_no"] == doc_no and r["clause"] == clause]


def test_hengyang_seller_120万美元(store: Store) -> None:
    result = match(store, profile(cross_border_export_usd=1200000), ON)
    (clause5,) = find(result, "衡政发〔2024〕4号", "2.3.5")
    # 超过100万美元的，最高给予一次性奖励50万元: the tier is met, and it pays up to 50万元, not 50万元 for certain
    assert (clause5["status"], clause5["certain_amount"]) == ("needs_information", None)
    assert (clause5["upper_bound"], clause5["max_amount"], clause5["currency"]) == (Decimal(500000),
                                                                                   Decimal(500000), "CNY")
    assert clause5["tier"]["award"] == Decimal(500000) and clause5["tier"]["award_is_cap"] is True
    assert "超过100万美元" in clause5["reasons"][0]
    assert any("a cap, not a stated sum" in r and "500,000" in r for r in clause5["reasons"])
    assert result["totals"] == {}
    assert {r["doc_no"] for r in result["results"]} == {"衡政发〔2024〕4号"}


def test_hengyang_seller_exactly_100万美元(store: Store) -> None:
    (clause5,) = find(match(store, profile(cross_border_export_usd=1000000), ON), "衡政发〔2024〕4号", "2.3.5")
    assert (clause5["status"], clause5["max_amount"]) == ("needs_information", Decimal(100000))  # 最高…10万元
    assert any("超过100万美元" in r and "needs > 1,000,000" in r for r in clause5["reasons"])


def test_hengyang_missing_figure(store: Store) -> None:
    result = match(store, profile(), ON)
    (clause5,) = find(result, "衡政发〔2024〕4号", "2.3.5")
    assert clause5["status"] == "needs_information"
    assert clause5["missing"] == ["cross_border_export_usd"]
    assert any("当年跨境电商出口额" in r for r in clause5["reasons"])
    assert result["totals"] == {}


def test_hengyang_beneficiaries(store: Store) -> None:
    result = match(store, profile(cross_border_export_usd=1200000), ON)
    (training,) = find(result, "衡政发〔2024〕4号", "2.7.14")
    assert training["status"] == "not_eligible" and "training_institution" in training["reasons"][0]
    (park,) = find(result, "衡政发〔2024〕4号", "2.1.1")
    assert park["status"] == "not_eligible"
    park_result = match(store, profile(kind="park_operator", enterprises_settled=25,
                                       cross_border_trade_usd=60000000), ON)
    (park,) = find(park_result, "衡政发〔2024〕4号", "2.1.1")
    # 超过20家 and 5000万美元: 最高给予园区建设单位一次性奖励100万元, at most
    assert (park["status"], park["max_amount"]) == ("needs_information", Decimal(1000000))


def test_lishui_park_two_schedules_count_once(store: Store) -> None:
    # 丽政办发〔2024〕64号 (六): a new e-commerce park and a new cross-border park, both 产业园区与孵化; (十八)
    # “同一事项涉及多项奖补的，按‘就高’原则不重复享受”
    p = profile("丽水", "park_operator", building_area_m2=12000, occupancy_rate="0.7",
                ecommerce_sales_cny=1000000000, cross_border_export_cny=300000000)
    result = match(store, p, ON)
    parks = find(result, "丽政办发〔2024〕64号", "2.6")
    assert sorted((r["status"], r["max_amount"], r["counted"]) for r in parks) == [
        ("eligible", Decimal(300000), False), ("eligible", Decimal(700000), True)]
    assert result["totals"] == {"CNY": Decimal(700000)}
    (note,) = result["non_cumulation"]
    assert "就高" in note and "700,000" in note and "300,000" in note


def test_lishui_platform(store: Store) -> None:
    p = profile("丽水", "platform", enterprises_served=25, cross_border_export_cny=3000000,
                ecommerce_sales_cny=40000000)
    result = match(store, p, ON)
    (served,) = find(result, "丽政办发〔2024〕64号", "2.5")  # 20家以上, or …: met, but 按…1%给予奖励 needs its base
    assert (served["status"], served["reason_kind"], served["certain_amount"], served["upper_bound"]) == (
        "needs_information", "figure_missing", None, Decimal(500000))
    (attract,) = find(result, "丽政办发〔2024〕64号", "2.4")
    assert attract["status"] == "not_eligible" and len(attract["failed"]) == 2  # neither of the 或 conditions
    (grow,) = find(result, "丽政办发〔2024〕64号", "3.7")
    assert (grow["status"], grow["reason_kind"], grow["max_amount"]) == (
        "needs_information", "amount_not_stated", Decimal(1000000))
    # nothing certain; 2.5 and 3.9 are both 平台与服务商: 就高, 3.9's 100,000 is not added to the possible
    assert result["totals"] == {}
    assert any("金额由主管部门核定" in r for r in grow["reasons"])
    # （五） 500,000 + （七） 1,000,000 + （十） 100,000 + （十一） 500,000 + （十二） 200,000; （九） folded into （五）
    assert result["possible"] == {"CNY": Decimal(2300000)}
    assert result["totals_explained"][-1].endswith("total 2,300,000 CNY")


def test_shaoyang_two_documents(store: Store) -> None:
    p = profile("邵阳", cross_border_export_usd=5200000, cross_border_export_usd_new=2500000,
                cross_border_trade_usd_new=1200000, ecommerce_sales_cny=3000000, ranking=4)
    result = match(store, p, ON)
    assert {r["doc_no"] for r in result["results"]} == {"邵市政办发〔2024〕4号", "邵市政办发〔2023〕21号"}
    (clause7,) = find(result, "邵市政办发〔2023〕21号", "7")
    assert (clause7["status"], clause7["max_amount"]) == ("eligible", Decimal(150000))
    (rural,) = find(result, "邵市政办发〔2024〕4号", "2.3")
    assert rural["status"] == "not_eligible" and rural["failed"][0]["quote"] == "排前3名"
    # the tier award is certain; 邵市政办发〔2024〕4号 （二） 最高不超过20万元 is a cap: possible, not certain
    (online,) = find(result, "邵市政办发〔2024〕4号", "2.2")
    assert (online["status"], online["certain_amount"], online["upper_bound"]) == (
        "needs_information", None, Decimal(200000))
    assert result["totals"] == {"CNY": Decimal(150000)}


def test_another_city_never_matches(store: Store) -> None:
    for city, doc_nos in (("衡阳", {"衡政发〔2024〕4号"}), ("丽水", {"丽政办发〔2024〕64号"}),
                          ("湘西州", {"州政办发〔2018〕25号"})):
        result = match(store, profile(city, cross_border_export_usd=1200000), ON)
        assert {r["doc_no"] for r in result["results"]} == doc_nos
    assert match(store, profile("长沙", cross_border_export_usd=1200000), ON)["results"] == []


def test_a_date_outside_the_period_excludes_the_document(store: Store) -> None:
    # 衡政发〔2024〕4号: 2024-05-07 … 2026-05-06
    after = match(store, profile(cross_border_export_usd=1200000), "2026-05-07")
    assert after["results"] == [] and after["totals"] == {}
    assert [(s["doc_no"], s["status"]) for s in after["skipped"]] == [("衡政发〔2024〕4号", "expired")]
    assert find(match(store, profile(cross_border_export_usd=1200000), "2026-05-06"), "衡政发〔2024〕4号", "2.3.5")
    before = match(store, profile(cross_border_export_usd=1200000), "2024-05-06")
    assert before["results"] == [] and before["skipped"][0]["status"] == "not_yet_effective"
    # 丽政办发〔2024〕64号 from 2025-01-01
    lishui = match(store, profile("丽水", cross_border_export_cny=3000000), "2024-12-31")
    assert lishui["results"] == [] and lishui["skipped"][0]["doc_no"] == "丽政办发〔2024〕64号"


@pytest.mark.parametrize(("on", "status", "words"), [
    ("2026-05-07", "expired", "2026-05-06 为最后有效日，自 2026-05-07 起失效"),
    ("2024-05-06", "not_yet_effective", "尚未生效"),
])
def test_a_left_out_document_is_explained_in_chinese(store: Store, on: str, status: str, words: str) -> None:
    (skipped,) = match(store, profile(cross_border_export_usd=1200000), on, lang="zh")["skipped"]
    assert skipped["status"] == status and words in skipped["reason"]
    (english,) = match(store, profile(cross_border_export_usd=1200000), on)["skipped"]
    assert english["reason"] != skipped["reason"] and words not in english["reason"]


# -- the command -----------------------------------------------------------------------------------------------


def test_cli_json_contract(db: str) -> None:
    out = CliRunner().invoke(cli, ["match", str(EXAMPLES / "hengyang_seller.toml"), "--on", ON, "--json",
                                   "--db", str(db)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert {"profile", "on", "results", "totals", "non_cumulation"} <= set(data)
    for r in data["results"]:
        assert {"doc_no", "clause", "measure", "status", "max_amount", "currency", "reasons"} <= set(r)
    (clause5,) = [r for r in data["results"] if r["clause"] == "2.3.5"]
    # 最高给予一次性奖励50万元: the most it could be (a JSON number), nothing certain to total
    assert clause5["status"] == "needs_information" and clause5["max_amount"] == 500000
    assert clause5["certain_amount"] is None and data["totals"] == {}


def test_cli_text(db: str) -> None:
    out = CliRunner().invoke(cli, ["match", str(EXAMPLES / "lishui_park.toml"), "--on", ON, "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert "eligible" in out.output and "Total of eligible measures: 700,000 CNY" in out.output
    assert "Not added (non-cumulation rules)" in out.output


@pytest.mark.parametrize(("body", "field"), [
    ('name = "甲"\ncity = "衡阳"\n[figures]\nexport = 1\n', "figures.export"),
    ('name = "甲"\ncity = "衡阳"\n[figures]\ncross_border_export_usd = "很多"\n', "figures.cross_border_export_usd"),
    ('name = "甲"\ncity = "衡阳"\nentity_kind = "company"\n', "entity_kind"),
    ('name = "甲"\n', "city"),
])
def test_cli_malformed_profile(db: str, tmp_path: Path, body: str, field: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(body, encoding="utf-8")
    out = CliRunner().invoke(cli, ["match", str(path), "--db", str(db)])
    assert out.exit_code != 0
    assert f"{field}: " in out.output
    out = CliRunner().invoke(cli, ["match", str(path), "--db", str(db), "--json"])
    assert out.exit_code == 1
    assert json.loads(out.output)["field"] == field


# -- reasons in Chinese (lang="zh") ----------------------------------------------------------------------------

# a run of 4+ ASCII letters is an English word; a figure key may stand in parentheses
_ENGLISH = re.compile(r"[A-Za-z]{4,}")
_FIGURE_KEY = re.compile(r"[（(](?:" + "|".join(map(re.escape, figures())) + r")[）)]")


def english_words(lines: list[str]) -> list[str]:
    return [word for line in lines for word in _ENGLISH.findall(_FIGURE_KEY.sub("", line))]


def all_reasons(result: dict[str, Any]) -> list[str]:
    return [reason for r in result["results"] for reason in r["reasons"]] + result["non_cumulation"]


def test_hengyang_seller_example_in_chinese(store: Store) -> None:
    seller = load_profile(EXAMPLES / "hengyang_seller.toml")
    zh, en = match(store, seller, ON, lang="zh"), match(store, seller, ON)
    (clause5,) = find(zh, "衡政发〔2024〕4号", "2.3.5")
    reason, cap = clause5["reasons"]
    assert "「出口总额 超过100万美元」" in reason            # the condition as quoted
    assert "当年跨境电商出口额（美元） = 1,200,000 美元" in reason  # the figure, its label, its own currency
    assert reason.startswith("符合档次") and reason.endswith("500,000 元")
    assert cap == "符合档次；该档最高 500,000 元（上限，非确定金额）"
    assert any(r.startswith("需补充：租赁面积（平方米）——条件「租赁面积 100平方米以上」")
               for r in find(zh, "衡政发〔2024〕4号", "2.3.7")[0]["reasons"])
    (training,) = find(zh, "衡政发〔2024〕4号", "2.7.14")
    assert training["reasons"] == ["该措施面向培训机构 / 院校，不面向企业"]
    (customs,) = find(zh, "衡政发〔2024〕4号", "2.2.4")
    assert customs["reasons"] == ["文件未写明可据以判断的数据条件，请对照条款原文核实", "满足条件时最高可得 500,000 元"]
    assert english_words(all_reasons(zh)) == []
    # only the words change: statuses, amounts, figures asked for and totals are those of English
    strip = [{k: v for k, v in r.items() if k != "reasons"} for r in zh["results"]]
    assert strip == [{k: v for k, v in r.items() if k != "reasons"} for r in en["results"]]
    assert zh["totals"] == en["totals"] == {}
    assert [len(r["reasons"]) for r in zh["results"]] == [len(r["reasons"]) for r in en["results"]]


@pytest.mark.parametrize("name", ["hengyang_seller.toml", "lishui_park.toml", "shaoyang_seller.json"])
def test_examples_have_no_english_in_chinese(store: Store, name: str) -> None:
    result = match(store, load_profile(EXAMPLES / name), ON, lang="zh")
    assert all(r["reasons"] for r in result["results"])
    assert english_words(all_reasons(result)) == []


def test_non_cumulation_in_chinese(store: Store) -> None:
    result = match(store, load_profile(EXAMPLES / "lishui_park.toml"), ON, lang="zh")
    (note,) = result["non_cumulation"]
    assert note.startswith("《丽政办发〔2024〕64号》规定“若与其他相关政策不一致或同一事项涉及多项奖补的，按“就高”原则不重复享受。”")
    assert "700,000 元" in note and "300,000 元" in note
    (dropped,) = [r for r in find(result, "丽政办发〔2024〕64号", "2.6") if not r["counted"]]
    assert dropped["reasons"][-1].startswith("未计入合计：《丽政办发〔2024〕64号》规定“")


def test_hand_made_rows_in_chinese() -> None:
    unmapped = row(thresholds=[threshold("面积", "租赁面积", interval(100, True), "m2"),
                               threshold("合同期限", "劳动合同", interval(1, True), "年", quote="一年以上")])
    r = evaluate(unmapped, profile(rented_area_m2=150), ON, lang="zh")
    assert r["reasons"][0] == "条件「租赁面积」已满足：租赁面积（平方米） = 150 平方米"
    assert r["reasons"][1].startswith("条件「劳动合同 一年以上」需人工核实（")
    failed = evaluate(row(thresholds=[threshold("面积", "租赁面积", interval(100, True), "m2", quote="100平方米以上")]),
                      profile(rented_area_m2=80), ON, lang="zh")
    assert failed["reasons"] == ["条件「租赁面积 100平方米以上」未满足：租赁面积（平方米）为 80 平方米，需不低于 100 平方米"]
    tiers = evaluate(EXPORT_TIERS, profile(cross_border_export_usd=1000000), ON, lang="zh")
    assert tiers["reasons"][1] == "未达到 500,000 元一档：「出口总额 超过100万美元」需超过 1,000,000 美元"
    levels = row(conditions_all=False, tiers=(tier(300000, level="国家级"),))
    assert evaluate(levels, profile(), ON, lang="zh")["reasons"][0].startswith("国家级一档（300,000 元）")
    rows = [unmapped, EXPORT_TIERS, levels, row(), row(beneficiary="training_institution"),
            row(max_amount=None, rate="0.5"), row(beneficiary="某某协会")]
    reasons = [reason for m in rows for p in (profile(), profile(cross_border_export_usd=600000))
               for reason in evaluate(m, p, ON, lang="zh")["reasons"]]
    assert english_words(reasons) == []


def test_non_cumulation_notes_in_chinese() -> None:
    results = [_result(1, "1", "海外仓", 200000), _result(1, "2", "海外仓", 300000), _result(2, "1", "海外仓", 100000)]
    (note,) = apply_non_cumulation(results, [Rule(1, "doc1", "同一企业不重复享受。", frozenset({"document"}))], "zh")
    assert note == ("《doc1》规定“同一企业不重复享受。”（同一企业就高不重复）：只计入doc1 条款2（300,000 元）；"
                    "未计入：doc1 条款1（200,000 元）")
    assert results[0]["reasons"] == ["未计入合计：《doc1》规定“同一企业不重复享受。”（同一企业就高不重复），已计入doc1 条款2"]
    for r in results:
        r.pop("counted")
        r["reasons"] = []
    (note,) = apply_non_cumulation(results, [Rule(2, "doc2", "与其他政策重叠的，就高不重复。", frozenset({"others"}))],
                                   "zh")
    assert "与其他文件的同类措施「海外仓」重叠" in note and note.endswith("doc2 条款1（100,000 元）不计入")


def test_english_is_the_default() -> None:
    assert evaluate(EXPORT_TIERS, profile(), ON) == evaluate(EXPORT_TIERS, profile(), ON, lang="en")
    assert interval_text(interval(5000000, True, 30000000), "CNY") == "≥ 5,000,000 and < 30,000,000 元"
    assert interval_text(interval(5000000, True, 30000000), "CNY", "zh") == "不低于 5,000,000 且低于 30,000,000 元"
    with pytest.raises(ValueError, match="unknown language"):
        evaluate(EXPORT_TIERS, profile(), ON, lang="fr")


def test_templates_of_both_languages() -> None:
    assert set(TEMPLATES["en"]) == set(TEMPLATES["zh"])
    for key, template in TEMPLATES["zh"].items():
        words = _ENGLISH.findall(re.sub(r"\{\w+\}", "", template))
        assert words == [], (key, words)
    assert money("zh", "1,200,000", "USD") == "1,200,000 美元"
    assert money("en", "1,200,000", "USD") == "1,200,000 USD"
    assert text("zh", "up_to", money=money("zh", "500,000", "CNY")) == "满足条件时最高可得 500,000 元"


def test_cli_lang(db: str) -> None:
    args = ["match", str(EXAMPLES / "hengyang_seller.toml"), "--on", ON, "--db", str(db)]
    default = json.loads(CliRunner().invoke(cli, [*args, "--json"]).output)
    (clause5,) = [r for r in default["results"] if r["clause"] == "2.3.5"]
    assert clause5["reasons"][0].startswith("tier met: ")  # the JSON scripts read stays English
    zh = CliRunner().invoke(cli, [*args, "--json", "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    data = json.loads(zh.output)
    (clause5,) = [r for r in data["results"] if r["clause"] == "2.3.5"]
    assert (clause5["status"], clause5["max_amount"]) == ("needs_information", 500000)
    assert data["totals"] == {}
    assert clause5["reasons"][0].startswith("符合档次：「出口总额 超过100万美元」")
    report = CliRunner().invoke(cli, [*args, "--lang", "zh"])
    assert report.exit_code == 0, report.output
    assert "符合条件的措施合计：无" in report.output and "该措施面向培训机构 / 院校，不面向企业" in report.output
    assert CliRunner().invoke(cli, [*args, "--lang", "fr"]).exit_code != 0
