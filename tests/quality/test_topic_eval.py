"""The two-level taxonomy and the topic gold: domains, --topic resolution, the scorer's floors per corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.queries.taxonomy import UnknownTopic, taxonomy
from kb.queries.topic_eval import evaluate_sentences, evaluate_topics, load_gold
from kb.queries.topics import classify, domain_key, keyword_hits, resolve_topics
from tests.conftest import DEV, ROOT, SHARED, requires_lawrefbook, requires_shared

ANNOTATIONS = ROOT / "annotations"


def test_every_gold_topic_is_a_topic_of_the_taxonomy() -> None:
    keys = {t.key for t in taxonomy().topics}
    gold = load_gold(ANNOTATIONS)
    sentences = load_gold(ANNOTATIONS, "sentences")
    # 25: 19 wider clauses of loan or withdrawal ceilings, down-payment or guarantee shares pay nothing and left the
    # measures' gold for the sentences' (money that is not money paid)
    assert len([g for g in gold if g.group in {"dev", "wider"}]) >= 25 and {g.group for g in gold} >= {"seeds"}
    assert len(sentences) >= 200
    assert {g.topic for g in gold + sentences} <= keys


@pytest.mark.parametrize(("asked", "domain", "some"), [
    ("housing", "housing", {"购房补贴", "契税补贴", "住房公积金"}),
    ("住房", "housing", {"租赁住房"}),
    ("Parks_Land", "parks_land", {"产业园区与孵化", "招商落户"}),
    ("energy", "energy", {"光伏", "风电", "储能"}),
])
def test_a_domain_resolves_to_all_its_topics(asked: str, domain: str, some: set[str]) -> None:
    found, labels = resolve_topics(asked)
    assert found is not None and found.key == domain and some <= set(labels)
    assert {domain_key(label) for label in labels} == {domain}


@pytest.mark.parametrize(("asked", "label"), [("海外仓", "海外仓"), ("overseas_warehouse", "海外仓"),
                                             ("公积金贷款", "住房公积金"), ("其他", "其他")])
def test_a_topic_resolves_to_itself(asked: str, label: str) -> None:
    assert resolve_topics(asked) == (None, [label])


def test_an_unknown_name_is_refused() -> None:
    with pytest.raises(UnknownTopic):
        resolve_topics("no such domain")


def test_a_taxonomy_with_a_topic_outside_its_domains_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "topics.yaml"
    bad.write_text("domains:\n  - {key: housing, label: 住房}\n  - {key: other, label: 其他}\n"
                   "topics:\n  - {label: 购房补贴, key: home, domain: housing_typo, strong: [购房补贴]}\n"
                   "  - {label: 其他, key: other, domain: other}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="undeclared domains"):
        taxonomy(str(bad))


@pytest.mark.parametrize(("sentence", "heading", "title", "label"), [
    # 穗府办规〔2022〕13号 第三十六条（二）: the clause names no field; the title does
    ("被评为五星级的给予10万元，四星级的给予5万元。", "星级评定补贴", "广州市居家社区养老服务管理办法", "养老服务"),
    # the same sentence under a title of another field
    ("被评为五星级的给予10万元，四星级的给予5万元。", "星级评定补贴", "关于促进文旅消费的若干措施", "文旅体育"),
])
def test_the_title_decides_only_when_the_clause_names_nothing(sentence: str, heading: str, title: str,
                                                              label: str) -> None:
    assert classify(sentence, heading, (), title)[0] == label
    assert classify("住房公积金最高贷款额度由35万元调整为45万元。", None, (), title)[0] == "住房公积金"


ELDERLY = "广州市居家社区养老服务管理办法"


@pytest.mark.parametrize(("sentence", "heading", "context", "title"), [
    # 穗 人才入户 实施细则 第二十二条: the title names talent; the clause punishes officials
    ("第二十二条有关部门及其工作人员违反本办法的规定，不依法履行职责的，由有权机关责令改正，对负有责任的领导人员和直接责任"
     "人员依法给予处分；", None, (), "广州市引进人才入户管理办法实施细则"),
    ("服务对象有弄虚作假、骗取资助行为的，取消其资助资格，追缴资助经费；构成犯罪的，依法追究刑事责任。", None,
     ("监督管理",), ELDERLY),
    ("（五）下列特征可支持诊断但不是必备条件：", None, (), "广州市社会医疗保险统筹基金支付门诊特定病种费用范围及标准"),
    ("申请人在合作城市申请办理国有建设用地使用权及房屋所有权转移、变更、抵押等登记业务的，由不动产所在地的不动产登记部门"
     "通过信息共享、属地审核、结果互认、寄递证书，给予申请人一次办结。", None, (), None),
    # 河南省促进高新技术产业发展条例 第五十七条: 享受 an advantage here is what is punished, not granted
    ("第五十七条 骗取高新技术产业发展项目资金和高新技术企业资格，享受相关优惠政策的，由认定的行政主管部门取消该项目和其"
     "资格，有违法所得的，没收其违法所得，并处违法所得一倍以上五倍以下罚款；没有违法所得的，处二万元以上五万元以下罚款。",
     None, (), None),
    # 淄博市基本农田保护办法 第二十七条: a waiver made without right is a sanction's object
    ("第二十七条 违反本办法第十六条、第十八条规定，挪用、截留或者擅自减免耕地开垦费、土地闲置费的，由上级人民政府或者有关"
     "部门追回挪用、截留的资金，追缴减免的资金；对直接负责的主管人员和其他直接责任人员，依法给予行政处分或者纪律处分；"
     "构成犯罪的，依法追究刑事责任。", None, (), None),
    # diagnostic criteria (广州 门诊特定病种): what a patient must meet, not a benefit
    ("本市社会保险定点医疗机构确诊符合《广东省基本医疗保险诊疗常规》的糖尿病诊断标准：", None, (),
     "广州市社会医疗保险统筹基金支付门诊特定病种费用范围及标准"),
])
def test_an_administrative_sentence_is_other_whatever_field_it_names(sentence: str, heading: str | None,
                                                                     context: tuple[str, ...],
                                                                     title: str | None) -> None:
    assert classify(sentence, heading, context, title)[0] == "其他"


@pytest.mark.parametrize(("sentence", "context", "title", "label"), [
    # a rule of the subsidy itself, not a sanction: stopping it is eligibility
    ("补贴对象有以下情况之一的，自情况发生的次月起，停止发放补贴：", (),
     "广州市困难残疾人生活补贴和重度残疾人护理补贴实施办法", "困难群体帮扶"),
    # 穗 居家社区养老 第六章 监督管理: what the subsidies are paid on is still elderly care
    ("对服务机构的检查和评估结果作为政府购买服务、发放各类补贴、合同续签、星级评定等工作的依据，并在委托协议中约定。",
     ("监督管理",), ELDERLY, "养老服务"),
    # 上海市社会救助条例 第二十二条: a fee waived (免收) is granted, whatever heading it stands under
    ("第二十二条 对需要住院治疗的最低生活保障家庭成员、低收入困难家庭成员和支出型贫困家庭成员，医疗机构应当按照本市有关规定"
     "免收或者减收其住院押金。", ("附则",), None, "困难群体帮扶"),
])
def test_a_sentence_that_grants_keeps_its_topic_under_an_administrative_heading(sentence: str,
                                                                                context: tuple[str, ...],
                                                                                title: str, label: str) -> None:
    assert classify(sentence, None, context, title)[0] == label


@pytest.mark.parametrize(("text", "keyword", "named"), [
    ("2026年度余杭区家电、3C数码（不含家居）以旧换新活动参与零售企业及支付机构公开征集", "家居", False),
    ("2026年度余杭区家电、3C数码（不含家居）以旧换新活动参与零售企业及支付机构公开征集", "家电", True),
    ("非农业户口义务兵退出现役后自谋职业的，区、县人民政府应当给予一次性经济补助", "农业", False),
    ("在重点工程项目和中小型农业基础设施建设领域，因地制宜推广以工代赈方式", "农业", True),
    # 除 ends 拆除 and 解除 (北京市农业机械化促进条例, 重庆市集体合同条例): no 除…外 pair, the keyword is named
    ("禁止改装、拆除农业机械安全设施", "农业", True),
    ("用人单位可以依法解除劳动合同", "劳动合同", True),
    # 台州市城乡规划条例: a 除…外 pair excludes what it holds
    ("除农业生产、绿化和水体营造、应急避难、道路、村民住宅、文化、体育、科创平台、公用设施建设等用途外，不得用于其他用途",
     "农业", False),
    ("除上述补贴外，有条件的区、镇人民政府和街道办事处可结合实际情况，对社区养老服务设施建设给予其他资金补贴或者政策优惠。",
     "社区养老", True),
])
def test_a_negated_keyword_names_nothing(text: str, keyword: str, named: bool) -> None:
    assert (keyword in {word for word, _, _ in keyword_hits(text)}) is named


@pytest.mark.parametrize(("sentence", "heading", "title", "label"), [
    # 重庆 住房 9: 落户、上学、就业 and 教育、医疗、养老、救助 are the services of renters, not the measure's field
    ("研究制定支持租赁住房发展的配套政策，着力解决落户、上学、就业等基本公共服务问题，逐步实现教育、医疗、养老、救助、法律援助"
     "等基本公共服务的租购同权。", "推动租赁市场稳步发展", None, "租赁住房"),
    # 河南省扶贫开发条例 第三十九条: the advantages listed (税收优惠、社会保险补贴、职业培训补贴、贷款贴息) go to 扶贫 projects
    ("第三十九条公民、法人和其他组织在贫困地区兴办符合国家和省产业政策的扶贫开发项目，带动贫困群众脱贫增收的，相关部门应当依照"
     "国家有关规定优先给予税收优惠、社会保险补贴、职业培训补贴、贷款贴息，并依照有关规定减免行政事业性收费。", None, None,
     "困难群体帮扶"),
    # 德宏 6: 产业园区 is one of the buyers a group purchase of homes is offered to
    ("各县市人民政府要联动推出相关优惠措施，面向机关事业单位、央企国企、金融机构、产业园区、大型民营企业，有关行业协会、商会以及"
     "境外个人和境外机构等开展团购。", "支持团购商品住房", None, "购房补贴"),
])
def test_a_roster_of_fields_does_not_decide(sentence: str, heading: str | None, title: str | None,
                                            label: str) -> None:
    assert classify(sentence, heading, (), title)[0] == label


def test_a_list_of_one_topic_is_what_is_supported() -> None:
    # the items name one topic (家电、家居、数码): the list is the object of the subsidy and decides
    assert classify("对个人消费者购买家电、家居、数码产品给予补贴。")[0] == "家电家居补贴"


def test_a_keyword_in_an_aside_only_leans() -> None:
    # 京 智能家居 一: 养老 is in a parenthesis listing what a product class includes (…养老照护机器人)
    sentence = ("对在京个人消费者购买智能门锁、智能摄像头、智能电动轮椅、具身智能机器人（含陪伴类机器人、机器狗、外骨骼机器人、"
                "养老照护机器人）等10类产品给予补贴。")
    assert classify(sentence, "新增补贴产品")[0] != "养老服务"
    assert classify("新建养老照护机构给予一次性建设补贴。")[0] == "养老服务"


def test_a_trade_in_of_homes_is_a_home_purchase_subsidy() -> None:
    # 东莞 4: 以旧换新 among developers, agents and buyers of homes
    assert classify("鼓励房地产开发企业、房地产经纪机构、购房人三方联动开展以旧换新活动，助力打通一、二手房置换链条。",
                    "优化商品房销售管理")[0] == "购房补贴"
    assert classify("对消费者交售旧家电并购买新家电的给予以旧换新补贴。")[0] == "以旧换新"


def test_three_domains_tied_abstain() -> None:
    # 重庆 住房 9 without its rosters: 租赁住房, 落户 and 就业 name three domains, none more than another
    assert classify("研究制定支持租赁住房发展的配套政策，着力解决落户和就业问题。") == ("其他", 0.5, "rule")
    # 安阳 2.2: its two rosters (毕业生、快递小哥; 担保方式、贷款额度) lean, the mortgage product decides
    assert classify("鼓励银行金融机构开发针对工会会员、参与抗击疫情一线工作人员、大中专以上毕业生、快递小哥等“新市民”住房按揭"
                    "贷款产品，灵活设置准入门槛、信用评级、担保方式、贷款额度、利率优惠等条件。", "加大住房融资信贷支持")[0] == "住房信贷"
    # two domains tied still go to the one named last, the thing supported (沙县 4)
    assert classify("沙县区本行政区域（含三明生态新城等），揽月山人才房、金洲公寓等限价商品房不享受以上购房补贴政策。",
                    "实施区域")[0] == "购房补贴"


@pytest.mark.parametrize(("text", "keyword", "named"), [
    ("加强设备保养老旧设备更新", "养老", False),  # 保养 / 老旧: the tail of one word and the head of the next
    ("推动失业人员再就业", "就业", True),  # inside the word 再就业
    ("对电商产业园区给予补贴", "产业园区", True),  # 电商产业园 / 区: a compound jieba cuts further
])
def test_a_keyword_across_two_words_names_nothing(text: str, keyword: str, named: bool) -> None:
    assert (keyword in {word for word, _, _ in keyword_hits(text)}) is named


@pytest.mark.parametrize(("sentence", "administrative"), [
    # 奉化 4.3: the subsidy to be paid back is an obligation's object
    ("补贴资金发放后，若已享受补贴的交易被有关部门认定不符合政策规定，将无条件履行补贴资金退还义务。", True),
    # 沈阳 卖旧买新 5: the procedure is announced later
    ("补贴办理时间和所需要件另行通知。", True),
    # 安徽 促消费 8: 稳岗返还 is paid out
    ("顶格落实失业保险援企稳岗政策，及时兑现稳岗返还等各项补贴补助。", False),
    # a refund of what the beneficiary paid is support: the 资金 refunded is a tax or a fee, no subsidy paid back
    ("对符合条件的购房人，退还已缴纳契税资金的50%。", False),
    ("对按期开工的项目，已缴纳的城市基础设施配套费资金予以全额退还。", False),
])
def test_paying_back_and_later_procedures_are_administrative(sentence: str, administrative: bool) -> None:
    assert taxonomy().administrative.applies(sentence, ()) is administrative


@pytest.mark.parametrize("sentence", [
    # 登记 paid on (河南省失业保险条例 第二十三条) or encouraged (天津 土地二级市场) is no registration procedure
    "失业保险金按照当地最低工资标准的百分之八十确定，并自失业人员办理失业登记的次月起按月发放。",
    "鼓励使用建设用地二级市场交易平台开展预告登记转让工作。",
])
def test_a_sentence_naming_registration_keeps_its_topic(sentence: str) -> None:
    assert not taxonomy().administrative.applies(sentence, ())
    assert classify(sentence)[0] != "其他"


def test_topics_json_gives_key_label_domain_and_count(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["topics", "--json", "--db", str(tmp_path / "none.db")])
    rows = json.loads(result.output[result.output.index("["):])
    assert {"key", "label", "domain", "measures"} <= set(rows[0])
    assert next(r for r in rows if r["key"] == "overseas_warehouse")["domain"] == "ecommerce"


def test_seed_floors() -> None:
    (seeds,) = evaluate_topics(ANNOTATIONS, ROOT, SHARED / "corpus", ("seeds",))
    assert seeds.gold == seeds.measures  # every seed measure is in the gold
    assert seeds.accuracy >= 1.0 and seeds.precision >= 1.0 and seeds.fallback_share <= 0.10


@requires_shared
@pytest.mark.parametrize("group", ["dev", "wider"])
def test_real_corpus_floors(group: str) -> None:
    assert DEV.is_dir()
    (score,) = evaluate_topics(ANNOTATIONS, ROOT, SHARED / "corpus", (group,))
    # the aims of issue 13: 其他 ≤ 10 % of a corpus's measures, accuracy ≥ 0.85, and a wrong topic rarer than 其他;
    # training sets, every gold measure right (main with the domain prior)
    assert score.gold >= 12 and score.fallback_share <= 0.10
    assert score.accuracy >= 1.0 and score.precision >= 1.0


@requires_shared
@pytest.mark.parametrize(("group", "accuracy", "precision"), [
    # floors: branch topics4 (issue 13, heldout7 as development, heldout8 its test), rounded down
    ("wider_sentences", 0.96, 0.98),  # its misses were looked at (and the taxonomy changed)
    ("heldout_sentences", 0.94, 0.96),  # held out at first (0.76); its misses have since been looked at
    ("heldout2", 0.91, 0.92),  # scored before any change (0.55), then a development set (0.90 / 0.91; prior 0.91 / 0.93)
    ("heldout3", 0.68, 0.77),  # its misses read after the last round: a development set for the prior (0.67 → 0.68)
    ("heldout4", 0.80, 0.73),  # development of the prior (0.71 → 0.74), topics2 (→ 0.79 / 0.73), topics3 (→ 0.81 / 0.74)
    ("heldout5", 0.95, 0.81),  # unseen until the prior (0.82 / 0.44); topics2's development set (0.95 / 0.82)
    ("heldout6", 0.98, 0.92),  # topics2's test (scored once: 0.82 / 0.57); topics3's development set (0.98 / 0.92)
    ("heldout7", 0.93, 0.83),  # topics3's test (scored once: 0.85 / 0.44); topics4's development set (0.93 / 0.83)
    ("heldout8", 0.86, 0.66),  # drawn and labelled before topics4 changed anything; scored once after: 0.87 / 0.67
])
def test_sentence_floors(group: str, accuracy: float, precision: float) -> None:
    """Support sentences without amounts, read by hand: the classifier on wording the measures' gold lacks."""
    (score,) = [s for s in evaluate_sentences(ANNOTATIONS, SHARED / "corpus") if s.group == group]
    assert score.gold >= 30 and score.accuracy >= accuracy and score.precision >= precision


@requires_lawrefbook
def test_lawrefbook_sample_floors() -> None:
    """Laws and regulations: fines, damages and fees charged are no measures; what remains is support (独生子女
    awards) and some rules with sums (热价 shares, 举报 rewards), whose topic is 其他."""
    (score,) = evaluate_topics(ANNOTATIONS, ROOT, SHARED / "corpus", ("lawrefbook",))
    # 杭州市西湖龙井茶基地保护条例 第十九条 levies a fee at a share of a land price, no measure since the not-paid roles.
    # 27 measures had sums (26 right, 0.963 / 0.941); since extractor 0.4.3 ten supports with no stated sum are
    # measures too (给予适当补助, 给予奖励扶助), labelled by reading: 7 right, the misses 计划生育 provisions read as
    # family planning where the gold says hardship or insurance and back; the floor is the 37's measured figure
    assert score.gold == score.measures >= 37 and score.accuracy >= 0.89 and score.precision >= 0.82
