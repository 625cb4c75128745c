"""Sentences of local regulations (lawrefbook 地方性法规) that name support words but are no support programme:
honours, informants' rewards, fines, approval procedures, and clauses of fields the taxonomy does not hold. Real
sentences of the regulations (heldout5, the development set, and others of lawrefbook); the classifier is given
the prior the document's title gives it, as ingest does."""

from __future__ import annotations

import pytest

from kb.queries.domain_prior import domain_prior
from kb.queries.taxonomy import taxonomy
from kb.queries.topics import classify

OTHER = taxonomy().fallback


def topic(sentence: str, title: str, context: tuple[str, ...] = ()) -> str:
    return classify(sentence, None, context, title, domain_prior(title))[0]


@pytest.mark.parametrize(("sentence", "title"), [
    # 北京市旅游管理条例 第十五条, 北京市就业援助规定 第十七条: the field's strong keyword (旅游, 就业) with 给予表彰和奖励
    ("第十五条 对促进旅游业发展做出显著成绩的单位和个人，市和区、县人民政府给予表彰和奖励。", "北京市旅游管理条例"),
    ("第十七条 市和区、县人民政府及有关部门对在就业援助等促进就业工作中作出显著成绩的单位和个人，给予表彰和奖励。",
     "北京市就业援助规定"),
])
def test_honours_for_work_in_a_field_are_other_though_they_grant(sentence: str, title: str) -> None:
    assert topic(sentence, title) == OTHER


def test_a_reward_to_informants_is_other() -> None:
    # 重庆市城乡居民最低生活保障条例: the title names 低保 (困难群体帮扶); the reward pays for a report, not relief
    assert topic("举报属实的，由区县（自治县）民政部门给予举报人适当奖励，并对举报人的信息予以保密。",
                 "重庆市城乡居民最低生活保障条例") == OTHER


def test_a_fine_is_a_sanction_whatever_field_it_names() -> None:
    # 北京市实施《动物防疫法》办法: no 违反本条例, no 责令; the fine alone says it is a sanction (not 农业生产)
    assert topic("牛、羊、鸡、鸭定点屠宰厂（场）出借、转让定点屠宰证的，由农业农村部门吊销定点屠宰证；有违法所得的，由农业"
                 "农村部门没收违法所得，并处五万元以上十万元以下罚款。", "北京市实施《动物防疫法》办法") == OTHER


def test_an_approval_procedure_is_other_in_a_document_of_a_held_field() -> None:
    # heldout5, 河南省历史文化名城保护条例 第十四条: 历史文化名 (文旅体育) names the field, the sentence a procedure
    title = "河南省历史文化名城保护条例"
    prior = domain_prior(title)
    assert prior is not None and "culture" in prior.domains
    assert topic("第十四条历史文化名城所在地的人民政府可以根据当地实际情况，对保护规划进行适当调整，并按原批准程序报批。",
                 title) == OTHER


def test_a_similarity_guess_needs_more_than_words_of_any_action() -> None:
    # heldout5, 青岛市胶州湾保护条例 第六条: 组织 开展 活动 are shared with 组织开展消费活动 (促消费活动), no field word
    assert topic("鼓励、支持组织和个人开展保护胶州湾的公益性活动。", "青岛市胶州湾保护条例") == OTHER


@pytest.mark.parametrize(("title", "word"), [
    ("上海市公共汽车和电车客运管理条例", "公共汽车"),
    ("东莞市文明行为促进条例", "文明行为"),
    ("浙江省国防教育条例", "国防"),
])
def test_a_regulation_of_a_field_the_taxonomy_does_not_hold_is_about_the_fallback_domain(title: str,
                                                                                       word: str) -> None:
    prior = domain_prior(title)
    assert prior is not None and prior.domains - prior.instruments == {"other"}
    assert word in [w for w, _ in prior.evidence]


def test_a_field_word_read_across_a_word_boundary_names_nothing() -> None:
    # 中华人民共和国防洪法 holds 国防 (共和国 / 防洪): 共和国 is neutral, 防洪 names the field (water)
    prior = domain_prior("河南省实施《中华人民共和国防洪法》办法")
    assert prior is not None and [w for w, _ in prior.evidence] == ["防洪"]


def test_in_a_regulation_of_a_field_not_held_one_strong_keyword_of_another_domain_is_not_enough() -> None:
    # heldout5, 上海市公共汽车和电车客运管理条例 第十五条: 老年人 are among the riders; the subsidy is for bus operators
    sentence = ("市和区人民政府对实行公共交通换乘优惠、对老年人等符合规定条件的乘客实施的乘车免费措施以及在农村等客流稀少地区"
                "开辟线路的公共汽车和电车经营者，应当及时给予补贴。")
    title = "上海市公共汽车和电车客运管理条例"
    assert classify(sentence, None, (), title, None)[0] == "养老服务"  # the clause alone
    assert topic(sentence, title) == OTHER


def test_a_field_named_only_by_an_enclosing_heading_is_dropped_in_a_regulation_of_a_field_not_held() -> None:
    # heldout5, 山东省学生体质健康促进条例 第十二条 under 体育活动: a school's duty, not a sports programme
    assert topic("中小学校应当支持共产主义青年团、少年先锋队组织开展与促进学生体质健康有关的课外活动。",
                 "山东省学生体质健康促进条例", ("体育活动",)) == OTHER


@pytest.mark.parametrize(("sentence", "title", "label"), [
    # heldout6 (topics3's development set): support to heritage and public culture names no 旅游 or 非遗 word
    ("第十七条保护管理责任人修缮、保养非国有不可移动文物时，市、县（市、区）人民政府可以给予适当补助。", "潍坊市文物保护条例",
     "文旅体育"),
    ("非国有历史建筑和传统建筑有损毁危险，所有人难以承担修缮义务的，可以向江北区人民政府申请修缮资助，江北区人民政府应当给予适当资助。",
     "宁波市慈城古县城保护条例", "文旅体育"),
    ("第十条本市鼓励学校、科学研究机构以及社会团体、企业、事业单位的图书馆（室）向社会开放。", "北京市图书馆条例", "文旅体育"),
    # 非物质文化遗产 in full is 非遗 (and its 非 negates nothing)
    ("鼓励公民学习、传承非物质文化遗产代表性项目技艺，对学习、传承优异者给予补助。", "重庆市非物质文化遗产条例", "文旅体育"),
    ("对自愿减少农药使用量的农药使用者，应当给予鼓励和扶持。", "潍坊市禁用限用剧毒高毒农药条例", "农业生产"),
    ("第十九条县级以上人民政府及其人力资源社会保障等部门应当根据本行政区域实际制定和落实扶持政策措施，支持“粤菜师傅”培训基地和"
     "技能大师工作室、名厨工作室建设。", "广东省粤菜发展促进条例", "人才培训"),
])
def test_the_fields_of_culture_farming_and_training_regulations_are_named(sentence: str, title: str,
                                                                           label: str) -> None:
    assert topic(sentence, title) == label


def test_a_tier_of_government_is_no_rural_field() -> None:
    # heldout6, 浙江省温瑞塘河保护管理条例 第二十九条: 乡镇 of 乡镇人民政府 made it 农村电商; a river patrol's allowance
    assert topic("义务护河的经费由所在地乡镇人民政府、街道办事处予以适当补助。", "浙江省温瑞塘河保护管理条例") == OTHER
    assert classify("对新建的乡镇电商服务站给予一次性补助。")[0] == "农村电商"


def test_a_health_service_regulation_is_about_a_field_not_held() -> None:
    # heldout6, 郑州市社会急救医疗条例 第二十二条: an emergency centre's duty to treat, under 社会急救医疗服务管理
    title = "郑州市社会急救医疗条例"
    prior = domain_prior(title)
    assert prior is not None and prior.domains - prior.instruments == {"other"}
    assert topic("第二十二条身份不明人员、身份明确但无力支付急救费用人员发生急、危、重伤病需要救治的，接诊的急救医疗中心（站）"
                 "应当给予救治。", title, ("社会急救医疗服务管理",)) == OTHER


@pytest.mark.parametrize(("sentence", "title"), [
    # heldout4, 杭州市历史文化街区和历史建筑保护条例 第三十九条: compensation for a move, not support to heritage
    ("第三十九条因实施历史建筑保护修缮工程需要，确需居民临时搬迁过渡的，应当给予相应的搬迁、临时安置补偿。",
     "杭州市历史文化街区和历史建筑保护条例"),
    # 重庆市历史文化名城名镇名村保护条例: a loss made good
    ("因预先保护对有关单位或者个人的合法权益造成损失的，区县（自治县）人民政府应当依法给予补偿。", "重庆市历史文化名城名镇名村保护条例"),
    # 上海市公共图书馆条例 第一条: a purpose clause
    ("第一条为了促进公共图书馆事业高质量发展，推进书香社会建设，保障公众基本文化权益，根据有关法律、行政法规，结合本市实际，"
     "制定本条例。", "上海市公共图书馆条例"),
    # 洛阳市邙山陵墓群保护条例: honours of 单位或者个人
    ("对于在邙山陵墓群保护工作中有显著成绩的单位或者个人，由市人民政府或者市文物行政部门给予奖励。", "洛阳市邙山陵墓群保护条例"),
])
def test_compensation_purpose_and_honours_are_other_in_a_field_held(sentence: str, title: str) -> None:
    assert topic(sentence, title) == OTHER


def test_a_risk_compensation_is_still_support() -> None:
    # 山东省地方金融条例: 风险补偿 covers a lender's loss as support (not compensation for a taking)
    assert not taxonomy().administrative.applies(
        "金融机构、地方金融组织对小型微型企业和农民、农业、农村经济发展的贷款、投融资、保险、担保等业务达到规定要求的，由财政部门"
        "给予风险补偿或者奖励。", ())


@pytest.mark.parametrize(("sentence", "title"), [
    # heldout7, 河南省科学技术进步条例 第二条 and 宁波市职业技能培训条例: definition clauses, like a purpose clause
    ("第二条本条例所称科学技术进步，是指科学研究和技术开发，科学技术成果应用和推广，传统产业的技术改造，技术引进和消化、吸收、"
     "创新，高新技术及其产业发展，科学技术知识普及和提高等活动。", "河南省科学技术进步条例"),
    ("本条例所称职业技能培训，是指培养、提高劳动者职业素养和职业能力的培训活动，主要包括就业前培训、在职培训、再就业培训、"
     "创业培训等。", "宁波市职业技能培训条例"),
    # heldout7, 上海市历史文化风貌区和优秀历史建筑保护条例 第三十二条: tenants' rights, not support to heritage
    ("优秀历史建筑恢复、调整或者改变使用性质、内部设计使用功能后，仍然用于出租的，原承租人在同等条件下享有优先承租权；用于出售"
     "的，原承租人在同等条件下享有优先购买权。", "上海市历史文化风貌区和优秀历史建筑保护条例"),
    # 上海市实施《农民专业合作社法》办法 第十九条: a cooperative's rights over property a subsidy formed
    ("第十九条农民专业合作社对国家财政直接补助形成的财产，享有占有、使用和处分的权利，并可以以该财产对债务承担责任。",
     "上海市实施《农民专业合作社法》办法"),
    # heldout7, 淄博市基本农田保护办法 第七条（五）: farmland listed for protection
    ("（五）其他按照国家和省、市有关规定需要给予特殊保护的耕地。", "淄博市基本农田保护办法"),
    # heldout7, 上海市劳动合同条例 第三十八条 and 潍坊市会展业促进条例: prohibitions on a party
    ("第三十八条劳动者患职业病或者因工负伤，被确认为完全或者大部分丧失劳动能力的，用人单位不得终止劳动合同，但经劳动合同当事人"
     "协商一致，并且用人单位按照规定支付伤残就业补助金的，劳动合同也可以终止。", "上海市劳动合同条例"),
    ("招展信息发布后，举办单位不得擅自变更会展的名称、主题、范围、时间、地点等事项或者取消会展活动。", "潍坊市会展业促进条例"),
    # 山东省中医药条例 第十四条: hospitals of a health law, no medical-insurance measure
    ("第十四条鼓励、支持社会力量举办中医医疗机构。", "山东省中医药条例"),
])
def test_definitions_rights_protection_and_prohibitions_are_other(sentence: str, title: str) -> None:
    assert topic(sentence, title) == OTHER


def test_a_support_measure_barring_double_claims_is_still_support() -> None:
    # a measure's own condition (同一单位不得重复享受) is not a prohibition that makes it administration
    assert not taxonomy().administrative.applies("同一单位不得重复享受本项补贴。", ())


def test_an_administrative_word_closing_a_longer_heading_does_not_administer() -> None:
    # heldout7, 重庆市城乡居民最低生活保障条例 第四章 保障对象的权利义务与监督管理 第二十四条: job support to 低保 recipients
    administrative = taxonomy().administrative
    assert administrative.applies("对申请人的家庭收入进行核查。", ("第六章 监督管理",))
    assert not administrative.applies("第二十四条鼓励有劳动能力的最低生活保障对象就业：", ("保障对象的权利义务与监督管理",))
    assert topic("第二十四条鼓励有劳动能力的最低生活保障对象就业：", "重庆市城乡居民最低生活保障条例",
                 ("保障对象的权利义务与监督管理",)) == "就业创业"
