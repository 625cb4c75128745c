"""The domain prior (kb/data/domain_prior.yaml): the fields a document is about, from its title and issuer, on the
titles, issuers and document numbers of real documents (../shared/corpus/wider/metadata.json, dev/metadata.json,
lawrefbook), and how the classifier uses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.pipeline import extract_file
from kb.queries.domain_prior import domain_prior, lexicon, prior_of
from kb.queries.topics import classify, domain_key
from tests.conftest import DEV, SHARED, requires_shared

WIDER = SHARED / "corpus" / "wider"


def fields(title: str | None, issuers: tuple[str, ...] = (), agency: str | None = None,
           attachment: str | None = None) -> set[str] | None:
    """The prior's fields, the instrument domains (finance) left out; None for no prior."""
    prior = domain_prior(title, issuers, agency, attachment)
    return None if prior is None else set(prior.domains - prior.instruments)


@pytest.mark.parametrize(("title", "issuers", "agency", "expected"), [
    # wider/metadata.json: housing bureaus and provident-fund centres, by title or by office
    ("关于进一步优化房地产相关政策的通知", ("东莞市住房和城乡建设局", "东莞市自然资源局", "东莞市住房公积金管理中心",
                                    "中国人民银行东莞市分行", "国家金融监督管理总局东莞监管分局"), None, {"housing"}),
    ("关于调整职工住房公积金缴存基数下限的通知", ("哈尔滨住房公积金管理中心",), None, {"housing"}),
    ("关于开展“卖旧买新”活动的公告", ("沈阳市房产局",), None, {"housing"}),
    # a title naming no field: the issuer's code in the document number (京建发: 住房和城乡建设)
    (None, (), "京建发", {"housing"}),
    # commerce bureau: the title picks consumption among its fields
    ("北京市商务局关于新增2026年消费品以旧换新补贴产品的公告", (), "京商消二字", {"consumption"}),
    (None, ("北京市商务局",), "京商消二字", {"consumption", "ecommerce", "trade"}),
    # eight co-issuers (发改, 公安, 住建, 城管, 商务, 文旅, 市场监管, 体育): the title decides
    ("关于印发《进一步清理消费领域限制性举措持续扩大消费若干措施》的通知",
     ("重庆市发展和改革委员会", "重庆市公安局", "重庆市住房和城乡建设委员会", "重庆市城市管理局", "重庆市商务委员会",
      "重庆市文化和旅游发展委员会", "重庆市市场监督管理局", "重庆市体育局"), "渝发改规范", {"consumption"}),
    ("《关于进一步完善人才住房政策的补充通知》操作指引", (), None, {"talent"}),  # 人才住房 is talent's, not housing's
    ("北京市人民政府办公厅关于以冰雪运动高质量发展激发冰雪经济活力的实施意见", (), "京政办发", {"culture"}),
    ("北京市人民政府办公厅关于印发《北京市促进通用人工智能创新发展的若干措施》的通知", (), "京政办发", {"innovation"}),
    ("天津市建设用地使用权转让实施细则", (), None, {"parks_land"}),
    # a planning bureau's title names no field (优化审批服务机制惠企利民): the office does
    ("广州市规划和自然资源局关于印发进一步优化审批服务机制惠企利民促进经济社会发展若干措施（第三批）的通知", (), None,
     {"parks_land"}),
    # 个人住房房产税 by the finance and tax bureaus: the tax bureau narrows nothing but to a tool, the title stands
    ("关于优化调整本市个人住房房产税试点有关政策的通知", ("上海市财政局", "国家税务总局上海市税务局"), "沪财发",
     {"housing"}),
    # dev/metadata.json: 人力资源和社会保障 is jobs and talent; the title (人才入户) says which
    ("广州市人力资源和社会保障局 广州市公安局关于印发广州市引进人才入户管理办法实施细则的通知",
     ("广州市人力资源和社会保障局", "广州市公安局"), "穗人社规字", {"talent"}),
    ("广州市医疗保障局 广州市财政局 广州市卫生健康委员会关于印发广州市社会医疗保险统筹基金支付门诊特定病种费用范围及标准的通知",
     ("广州市医疗保障局", "广州市财政局", "广州市卫生健康委员会"), "穗医保规字", {"social"}),
    # lawrefbook: a regulation's title names its field; a people's congress names none
    ("河南省畜牧业条例", ("河南省人民代表大会常务委员会",), None, {"agriculture"}),
    ("浙江省实施《中华人民共和国节约能源法》办法", ("浙江省人民代表大会常务委员会",), None, {"energy"}),
])
def test_the_prior_of_real_titles_and_issuers(title: str | None, issuers: tuple[str, ...], agency: str | None,
                                             expected: set[str]) -> None:
    assert fields(title, issuers, agency) == expected


@pytest.mark.parametrize(("title", "issuers", "agency"), [
    ("中华人民共和国市场主体登记管理条例", ("国务院",), "中华人民共和国国务院令第746号"),
    ("上海市优化营商环境条例", ("上海市人民代表大会常务委员会",), None),
    # 人民政府 holds 民政, 健康发展 holds 健康: neither names a field
    ("北京市人民政府关于促进经济社会健康发展的通知", ("北京市人民政府",), "京政发"),
    # 商政 is the code of 商丘's government, no commerce bureau's (京商消二字)
    ("商丘市人民政府关于公布市级权责清单的通知", ("商丘市人民政府",), "商政"),
])
def test_a_document_of_no_field_has_no_prior(title: str, issuers: tuple[str, ...], agency: str | None) -> None:
    assert domain_prior(title, issuers, agency) is None


def test_a_longer_word_names_its_own_field() -> None:
    assert fields("关于支持合理住房消费的通知") == {"housing"}
    assert fields("关于开展新能源汽车下乡活动的通知") == {"consumption"}
    assert fields("关于加快农村电商发展的意见") == {"ecommerce"}


def test_the_prior_names_only_domains_of_the_taxonomy(tmp_path: Path) -> None:
    bad = tmp_path / "prior.yaml"
    bad.write_text("domains:\n  housing_typo:\n    title: [住房]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="housing_typo"):
        lexicon(str(bad))


# the collectors' file names say what each document is about, independently of the prior's words
_NAMED = {"housing": {"housing"}, "provident_fund": {"housing"}, "consumption": {"consumption"},
          "tradein": {"consumption"}, "talent": {"talent"}, "land": {"parks_land"}, "childbirth": {"social"},
          "ice_snow": {"culture"}, "_ai_": {"innovation"}, "elderly": {"social"}, "disabled": {"social"},
          "outpatient": {"social"}, "family_doctor": {"social"}}


@requires_shared
@pytest.mark.parametrize("metadata", [WIDER / "metadata.json", DEV / "metadata.json"], ids=["wider", "dev"])
def test_every_document_named_for_a_field_gets_that_field(metadata: Path) -> None:
    found = 0
    for name, meta in json.loads(metadata.read_text(encoding="utf-8")).items():
        named = set().union(*(d for word, d in _NAMED.items() if word in f"_{name}_"))
        if not named:
            continue
        number = meta.get("文号") or meta.get("doc_no") or ""
        issuers = tuple(i for i in (meta.get("issuer") or "").split("、") if i)
        got = fields(meta.get("title"), issuers, number.split("〔")[0] if "〔" in number else None)
        assert got and got & named, f"{name}: {meta.get('title')} → {got}, named {named}"
        found += 1
    assert found >= 6


@requires_shared
def test_the_prior_of_an_extracted_header() -> None:
    # 京建发〔2025〕565号 is printed without title or issuer line: the document number names the office
    header = extract_file(WIDER / "beijing_housing_policy_2025.txt").header
    assert header.title is None and not header.issuers
    prior = prior_of(header)
    assert prior is not None and prior.domains - prior.instruments == {"housing"}
    assert ("建发", "doc_no") in prior.evidence


TRADE_IN = domain_prior("河南省2026年消费品以旧换新家电及数码智能产品参与品牌厂家征集公告", ("河南省商务厅",))
CONSUMPTION = domain_prior("进一步做好近期促进消费工作若干措施", ("省完善促进消费体制机制厅际联席会议",))
HOUSING = domain_prior("白银市建立房地产市场平稳健康发展“一城一策”工作方案", ("白银市人民政府办公室",))


def test_a_topic_named_only_by_the_title_stays_in_the_documents_domain() -> None:
    # heldout4, 河南 以旧换新 品牌 call 2.1: 品牌 of the title is no brand-marketing measure of e-commerce
    label, _, _ = classify("暂按以上品类征集，最终根据国家政策要求动态调整。", None, ("征集要求",),
                           "河南省2026年消费品以旧换新家电及数码智能产品参与品牌厂家征集公告", TRADE_IN)
    assert label == "以旧换新"


def test_a_clause_naming_another_domain_keeps_its_topic() -> None:
    # heldout2, 安徽 促消费 2: 快递 in the clause's own words is logistics, whatever the consumption title says
    assert classify("鼓励引导快递企业春节期间提供“不间断”服务，保障春节期间寄递需要。", "开展跨年迎新购物季活动", (),
                    "进一步做好近期促进消费工作若干措施", CONSUMPTION)[0] == "物流与口岸"


def test_a_tie_across_domains_goes_to_the_documents_domain() -> None:
    # 白银 一城一策 2: 公租房 (租赁住房) and 住房困难群众 (困难群体帮扶) weigh alike; the plan is about housing
    label, _, _ = classify("健全住房保障体系，以政府为主提供基本保障，加大公租房保障力度，多渠道满足住房困难群众的基本需求；"
                           "加强住房需求侧的管理，坚决遏制投机炒房，支持合理自住需求。", "工作目标", (),
                           "白银市建立房地产市场平稳健康发展“一城一策”工作方案", HOUSING)
    assert label == "租赁住房"


def test_an_instrument_keeps_its_topic_in_a_document_of_any_field() -> None:
    farming = domain_prior("北京市农业机械化促进条例", ("北京市人民代表大会常务委员会",))
    assert farming is not None and farming.domains - farming.instruments == {"agriculture"}
    assert classify("农业机械的科研开发和生产活动，依法享受税收优惠。", None, (), "北京市农业机械化促进条例",
                    farming)[0] == "税费减免"


def test_a_similarity_guess_of_another_domain_is_not_taken() -> None:
    # heldout4, 浙江省爱国卫生促进条例 第六条: no keyword; the nearest example (走出去) is trade's, not health's
    health = domain_prior("浙江省爱国卫生促进条例", ("浙江省人民代表大会常务委员会",))
    label, _, _ = classify("鼓励和支持社会力量投资卫生基础设施、农村改水改厕、病媒生物预防控制、健康促进与教育等项目建设，"
                           "大专院校、科研机构和企业开展爱国卫生科学研究、推广先进适用技术，志愿服务组织和志愿者参与爱国"
                           "卫生工作。", None, (), "浙江省爱国卫生促进条例", health)
    assert domain_key(label) in {"social", "other"}
