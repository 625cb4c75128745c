"""Measures derived from the seeds (one per sentence-level support, typed ``extractor.measures.Measure``) and the
topic taxonomy behind them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor import Document, Fact, extract_file
from extractor.measures import Measure, Money
from extractor.support_segments import is_support
from kb.queries.measures import measures_of
from kb.queries.taxonomy import UnknownTopic, labels, load_taxonomy, taxonomy
from kb.queries.topics import classify, resolve_topic
from tests.conftest import SEEDS

CNY = "CNY"


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {path.name[:3]: extract_file(path) for path in SEEDS}


@pytest.fixture(scope="module")
def measures(docs: dict[str, Document]) -> dict[str, tuple[Measure, ...]]:
    return {prefix: measures_of(doc) for prefix, doc in docs.items()}


def of(measures: dict[str, tuple[Measure, ...]], prefix: str, clause: str) -> list[Measure]:
    return [m for m in measures[prefix] if m.clause == clause]


def cny(value: str) -> Money:
    return Money(Decimal(value), CNY)


def test_every_measure_quotes_the_text_at_its_span_and_names_its_clause(docs, measures) -> None:
    assert sum(len(ms) for ms in measures.values()) >= 40
    for prefix, ms in measures.items():
        text = docs[prefix].text
        clauses = {c.id: c for c in docs[prefix].clauses}
        for m in ms:
            assert text[m.start:m.end] == m.quote and m.quote.strip() == m.quote
            clause = clauses[m.clause]
            assert clause.start <= m.start < m.end <= clause.end and m.clause_label == clause.label
            assert m.topic in labels() and 0 <= m.confidence <= 1 and m.domain
            assert m.topic_method in {"rule", "similarity"} and len(m.summary) <= 60
            for c in (*m.thresholds, *m.conditions, *m.caps, *m.rates, *m.per_unit, *m.non_cumulation):
                assert text[c.start:c.end] == c.quote
            # a measure is built around support facts, or says that its sum is not stated; its amounts are exact
            assert (m.upper_bound is not None or m.rate is not None or m.per_unit
                    or (m.amount_basis in {"by_hand", "not_stated"} and m.certain_amount is None and not m.tiers))
            assert m.upper_bound is None or isinstance(m.upper_bound.value, Decimal)
            assert m.rate is None or isinstance(m.rate, Decimal)
            assert m.max_amount == m.upper_bound


def test_xiangxi_17_gives_the_o2o_store_and_the_overseas_warehouse_separately(measures) -> None:
    store, warehouse = of(measures, "001", "5.17")
    assert "O2O体验店" in store.quote and "海外托管仓" not in store.quote
    assert "海外托管仓" in warehouse.quote and "O2O" not in warehouse.quote
    assert warehouse.topic == "海外仓" and store.topic != "海外仓" and warehouse.clause_label == "（十七）"
    assert warehouse.upper_bound == cny("100000") and warehouse.certain_amount == cny("100000")
    (area,) = warehouse.thresholds
    assert (area.text, area.interval.low, area.unit) == ("仓储面积", Decimal("200"), "m2")
    # the store's 年交易额100万美元以上 stays in dollars
    (usd,) = [t for t in store.thresholds if t.currency]
    assert (usd.currency, usd.unit, usd.interval.low) == ("USD", "USD", Decimal("1000000"))
    assert store.conditions_all is True and len(store.thresholds) == 3


def test_hengyang_10_public_and_rented_overseas_warehouses(measures) -> None:
    public, rented = of(measures, "003", "2.5.10")
    assert {public.topic, rented.topic} == {"海外仓"}
    assert "公共海外仓" in public.quote and public.rate is None
    assert public.upper_bound == cny("200000") and public.beneficiary == "enterprise"
    assert "租赁海外仓" in rented.quote and rented.rate == Decimal("0.5")
    (cap,) = rented.caps
    assert (cap.value, cap.currency, cap.period, cap.scope) == (Decimal("200000"), "CNY", "per_year", "per_warehouse")
    # a cap is never a certain sum
    assert rented.upper_bound == cny("200000") and rented.certain_amount is None
    assert rented.amount_basis == "cap_only"


@pytest.mark.parametrize(("prefix", "clause", "basis", "certain", "tier_max", "upper"), [
    ("001", "1.2", "stated", "500000", None, "500000"),        # 一次性奖励50万元
    ("003", "2.3.5", "tiers", None, "500000", "500000"),       # 破零 2万; 超过50万美元 10万; 超过100万美元 50万
    ("004", "3.7", "tiers", None, None, "1000000"),            # bands whose sum is left to the department
    ("002", "3", "per_unit", None, None, "300000"),            # 120元/票 capped at 30万元 a year
    ("000", "2.1", "cap_only", None, None, "300000"),          # 最高不超过30万元
])
def test_the_amount_names(measures, prefix: str, clause: str, basis: str, certain: str | None,
                          tier_max: str | None, upper: str) -> None:
    m = of(measures, prefix, clause)[0]
    assert m.amount_basis == basis
    assert m.certain_amount == (cny(certain) if certain else None)
    assert m.tier_max == (cny(tier_max) if tier_max else None)
    assert m.upper_bound == cny(upper)


def test_a_closing_cap_sentence_stays_with_the_support_before_it(measures) -> None:
    (promotion,) = of(measures, "003", "2.3.6")
    assert promotion.quote.startswith("对应用阿里巴巴国际站")
    assert promotion.quote.endswith("以上两项补助单个企业最高不超过20万元。")
    assert promotion.rate == Decimal("0.5") and promotion.upper_bound == cny("200000")
    (yearly,) = of(measures, "002", "7")
    assert yearly.quote.endswith("单个企业年度支持不超过30万元。")
    # its tiers pay 2万, 5万 or 15万: the yearly 30万 cap is out of reach and not the bound (issue 13)
    assert yearly.upper_bound == cny("150000") and yearly.caps[0].value == Decimal("300000")
    assert yearly.bound_note is not None and "out of reach" in yearly.bound_note


def test_tiers_in_order_with_usd_thresholds_and_cny_awards(measures) -> None:
    (pilot,) = of(measures, "003", "2.3.5")
    assert pilot.topic == "跨境电商业绩奖励"
    tiers = pilot.tiers
    assert [t.award for t in tiers] == [cny("20000"), cny("100000"), cny("500000")]
    assert [t.unit for t in tiers[1:]] == ["USD", "USD"]
    assert tiers[1].interval.low == Decimal("500000") and tiers[1].interval.low_inclusive is False
    assert pilot.upper_bound == cny("500000") and pilot.conditions_all is False
    (levels,) = of(measures, "004", "3.11")  # 国家级、省级、市级 50万、20万、5万
    assert [t.level for t in levels.tiers] == ["国家级", "省级", "市级"]
    assert levels.topic == "示范创建" and levels.upper_bound == cny("500000")


def test_conditions_joined_by_or_are_not_all_required(measures) -> None:
    (settle,) = of(measures, "004", "2.4")  # 年度网络零售额达到5000万元及以上的，或年度跨境电商出口额…
    assert len(settle.thresholds) == 2 and settle.conditions_all is False
    (park,) = of(measures, "001", "3.9")  # 5亩以上，入驻…20家以上、…不低于60%…运行一年以上
    assert len(park.thresholds) == 4 and park.conditions_all is True
    public, _ = of(measures, "002", "5")  # 所在国家或地区: 或 between words, not between conditions
    assert len(public.thresholds) == 3 and public.conditions_all is True


def test_per_unit_amounts_count_through_their_caps(measures) -> None:
    (bonded,) = of(measures, "002", "3")  # 120元/票 capped at 30万元 a year; 30元/票 capped at 10万元
    assert [(p.value, p.unit, p.cap) for p in bonded.per_unit] == [(Decimal("120"), "票", cny("300000")),
                                                                  (Decimal("30"), "票", cny("100000"))]
    assert bonded.upper_bound == cny("300000") and bonded.topic == "物流与口岸"
    assert bonded.certain_amount is None  # 120元 and 30元 are per-unit amounts, not awards


def test_full_reimbursement_is_a_rate_of_one(docs, measures) -> None:
    (freight,) = of(measures, "002", "2")  # 全额补贴其公路运输费，单个企业运费补助最高不超过20万元
    assert freight.rate == Decimal("1") and freight.upper_bound == cny("200000")
    assert any(r.role == "full" and r.quote == "全额补贴" for r in freight.rates)
    # the extractor finds it, as a rate fact
    assert any(f.kind == "rate" and f.role == "full" and f.value == 1 for f in docs["002"].facts)


def test_budgets_and_support_words_without_a_sum_are_not_measures(measures) -> None:
    assert not of(measures, "000", "3")  # 安排243万元作为电子商务发展专项资金
    assert not of(measures, "001", "6.18")  # 州财政每年预算安排1000万元
    assert not of(measures, "003", "2.6.11")  # 给予一定支持: 支持 names no money
    # 市财政…对符合补贴条件的电商企业给予补贴: the payment step of the supports set out before it, not one more
    assert not of(measures, "000", "4")
    assert is_support(Fact("cap", "cap", Decimal(1), "CNY", "1元", 0, 2))
    assert not is_support(Fact("money", "threshold", Decimal(1), "CNY", "1元", 0, 2))


def test_a_support_with_no_stated_sum_is_a_measure_that_says_so(measures) -> None:
    (training,) = of(measures, "000", "2.5")  # 对培训机构给予以适当补贴
    assert training.amount_basis == "by_hand" and training.topic == "人才培训"
    (freight,) = of(measures, "002", "1")  # 采取“一事一议”视情予以奖励
    assert freight.amount_basis == "by_hand"
    (skills,) = of(measures, "002", "9")  # 对符合政策的，按规定给予培训补贴
    assert skills.amount_basis == "not_stated"
    for m in (training, freight, skills):  # no sum, no bound: never money
        assert m.certain_amount is None and m.upper_bound is None and m.tier_max is None and not m.caps


def test_document_rules_and_application_are_copied_onto_every_measure(measures) -> None:
    for m in measures["003"]:
        (rule,) = m.non_cumulation
        assert "择优支持且不重复的原则" in rule.quote and rule.rule == "highest_only"
    for m in measures["001"]:
        assert "就高不就低" in m.non_cumulation[0].quote
    for m in measures["000"]:
        application = m.application
        assert application.deadline_text == "每年11月底前" and application.deadline == "--11-30"
        assert "营业执照副本" in application.materials
        assert application.where == "所在县市区商务局"


def test_eligibility_conditions_reach_the_measures_of_their_scope(measures) -> None:
    # 邵市政办发〔2024〕4号: 注册一年以上 and the title exclusion speak for the whole document
    for m in measures["000"]:
        kinds = {c.kind for c in m.conditions if c.scope == "document"}
        assert {"registration_age", "legal_form", "title_excluded"} <= kinds
    # 丽政办发〔2024〕64号 （四）: 自其落户两个自然年度内, on that clause only
    (settle,) = of(measures, "004", "2.4")
    (window,) = [c for c in settle.conditions if c.kind == "settled_window"]
    assert (window.unit, window.interval.high, window.values) == ("natural_years", Decimal(2), ("settled_on",))
    assert not [c for m in measures["004"] if m.clause != "2.4" for c in m.conditions if c.kind == "settled_window"]
    territory = [c for c in settle.conditions if c.kind == "territory" and c.mode == "within"]
    assert territory and "莲都区" in territory[0].values


def test_beneficiaries_come_from_the_beneficiary_facts(measures) -> None:
    assert of(measures, "003", "2.7.14")[0].beneficiary == "training_institution"
    assert of(measures, "004", "2.5")[0].beneficiary == "service_provider"
    assert of(measures, "003", "2.1.1")[0].beneficiary == "park_operator"
    assert any(c.kind == "beneficiary" for c in of(measures, "003", "2.1.1")[0].conditions)


@pytest.mark.parametrize(("prefix", "clause", "topic"), [
    ("000", "2.1", "招商落户"),
    ("000", "2.3", "农村电商"),
    ("001", "1.1", "农村电商"),
    ("001", "2.5", "示范创建"),
    ("002", "2", "物流与口岸"),
    ("002", "4", "进口与体验店"),
    ("002", "8", "平台与服务商"),
    ("003", "2.1.2", "产业园区与孵化"),
    ("003", "2.3.8", "招商落户"),
    ("003", "2.6.12", "保险补贴"),  # 出口信用保险保费 first, 融资贴息 after
    ("003", "2.7.13", "人才培训"),
    ("003", "2.7.16", "社保补贴"),
    ("004", "3.7", "电商企业培育"),
    ("004", "3.10", "品牌与营销"),
    ("004", "3.12", "展会推广"),
])
def test_topics_of_seed_measures(measures, prefix: str, clause: str, topic: str) -> None:
    (m,) = of(measures, prefix, clause)
    assert m.topic == topic and m.topic_method == "rule" and m.confidence >= 0.55


def test_a_clause_with_two_supports_of_different_kinds_gets_two_topics(measures) -> None:
    public, consolidation = of(measures, "002", "5")  # 公共海外仓, then a domestic 跨境电商集货仓
    assert public.topic == "海外仓"
    assert "集货仓" in consolidation.quote and consolidation.topic == "物流与口岸"


# -- the taxonomy -------------------------------------------------------------------------------------------------

def test_the_taxonomy_is_complete_and_consistent() -> None:
    topics = load_taxonomy()
    required = {"跨境电商业绩奖励", "海外仓", "平台与服务商", "产业园区与孵化", "人才培训", "物流与口岸", "农村电商", "示范创建",
                "展会推广", "招商落户", "专项资金", "购房补贴", "契税补贴", "住房公积金", "以旧换新", "光伏", "贷款贴息", "其他"}
    assert required <= {t.label for t in topics} and topics[-1].label == taxonomy().fallback == "其他"
    assert len({t.key for t in topics}) == len(topics)
    domains = {d.key for d in taxonomy().domains}
    for t in topics:
        assert t.description and t.key.isascii() and "," not in t.label and t.domain in domains
        if t.label != "其他":
            assert t.strong and t.examples
    assert {t.domain for t in topics} == domains  # no empty domain


def test_classify_by_rules_heading_weighs_more_than_the_sentence() -> None:
    label, confidence, method = classify("对获批省级公共海外仓的企业，最高给予一次性20万元的扶持资金。")
    assert (label, method) == ("海外仓", "rule") and confidence >= 0.55
    text = "对参加培训的企业给予展位费补助。"  # 培训 (人才培训) and 展位费 (展会推广), one strong keyword each
    assert classify(text, heading="支持企业参展")[0] == "展会推广"
    assert classify(text, heading="加强人才培训")[0] == "人才培训"


def test_classify_falls_back_to_similarity_then_to_other() -> None:
    label, confidence, method = classify("网络覆盖率达到百分之八十的给予50万元")  # no keyword; near an example
    assert (label, method) == ("物流与口岸", "similarity") and 0 < confidence <= 0.5
    assert classify("按第一类标准执行") == ("其他", 0.2, "similarity")


@pytest.mark.parametrize("text", ["海外仓", "overseas_warehouse", "Overseas Warehouse", "海外托管仓", "海外舱",
                                  "overseas_warehous"])
def test_resolve_topic_accepts_label_key_keyword_and_typos(text: str) -> None:
    assert resolve_topic(text) == "海外仓"


def test_an_unknown_topic_is_a_clear_error_listing_the_topics() -> None:
    with pytest.raises(UnknownTopic) as info:
        resolve_topic("xyz")
    assert isinstance(info.value, ValueError)
    assert "xyz" in str(info.value) and "海外仓 (overseas_warehouse)" in str(info.value)

