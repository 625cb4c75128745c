"""Dates, terms, validity, relations and who/how facts: a sentence table, the seeds as read, dev documents and a
lawrefbook sample."""

from __future__ import annotations

import random
from datetime import date

import pytest

from extractor.facts import extract_facts
from extractor.pipeline import extract_file, extract_text
from extractor.relations import extract_relations
from extractor.validity import compute_validity, in_force, last_day
from tests.conftest import DEV, LAWREFBOOK, SEEDS, requires_lawrefbook, requires_shared, seed


def _doc(text: str):
    return extract_text(text)


def _facts(text: str, kind: str):
    return [f for f in _doc(text).facts if f.kind == kind]


# --- sentence table -----------------------------------------------------------------------------------------


# (sentence, the date it states, its role)
DATE_CASES = [
    ("本政策自2025年1月1日起施行，有效期三年。", "2025-01-01", "effective"),
    ("五、本通知从2024年1月1号起执行，有效期5年。", "2024-01-01", "effective"),
    ("本办法自2019年2月1日实施，有效期5年。", "2019-02-01", "effective"),
    ("本通知自2019年07月01日起实施。", "2019-07-01", "effective"),
    ("本意见有效期至2027年12月31日。", "2027-12-31", "expiry"),
    ("请于2025年12月29日17时前将报名材料报送至市商务局。", "2025-12-29", "deadline"),
    ("截止日期：2026年1月10日。", "2026-01-10", "deadline"),
    ("市政府办公室\n二〇二四年三月十七日\n", "2024-03-17", "issue"),
    ("邵阳市人民政府办公室2024年3月17日印发", "2024-03-17", "print"),
    ("活动已于2024年6月18日举行。", "2024-06-18", "other"),
]


@pytest.mark.parametrize(("text", "value", "role"), DATE_CASES, ids=[text[:14] for text, _, _ in DATE_CASES])
def test_date_roles(text: str, value: str, role: str) -> None:
    dates = _facts(text, "date")
    assert [(d.value, d.role) for d in dates] == [(value, role)]


def test_recurring_deadline() -> None:
    (fact,) = [f for f in _facts("每年11月底前，企业将申报材料上报市商务局。", "date")]
    assert (fact.value, fact.role, fact.extra["recurring"]) == ("--11-30", "deadline", True)


def test_range_end_takes_the_year_before() -> None:
    dates = _facts("报名系统开放时间为2026年1月1日至1月15日。", "date")
    assert [d.value for d in dates] == ["2026-01-01", "2026-01-15"]
    assert dates[1].role == "deadline" and dates[1].extra["inferred_year"]


def test_expiry_range() -> None:
    doc = _doc("本办法有效期自2024年1月1日至2028年12月31日。")
    assert (doc.validity["effective_from"], doc.validity["expires_on"]) == ("2024-01-01", "2028-12-31")
    assert doc.validity["term_stated"] is True


@pytest.mark.parametrize("text", ["本通知自2023年2月30日起施行。", "2023年13月1日"])
def test_impossible_date_rejected(text: str) -> None:
    doc = _doc(text)
    assert not [f for f in doc.facts if f.kind == "date"]
    assert any("impossible" in w for w in doc.warnings)
    assert doc.validity["effective_from"] is None


TERM_CASES = [
    ("本办法自印发之日起施行，有效期5年。", "P5Y"),
    ("本措施自发布之日起施行，有效期三年。", "P3Y"),
    ("本政策措施自发布之日起施行，有效期两年。", "P2Y"),
    ("本通知自2024年1月1日起执行，有效期为3年。", "P3Y"),
    ("本方案试行期一年。", "P1Y"),
    ("本细则自印发之日起实施，有效期限五年。", "P5Y"),
    ("本办法自公布之日起施行，有效期6个月。", "P6M"),
]


@pytest.mark.parametrize(("text", "value"), TERM_CASES)
def test_terms(text: str, value: str) -> None:
    (term,) = _facts(text, "term")
    assert (term.value, term.role) == (value, "document")


def test_a_rating_term_is_not_the_documents() -> None:
    (term,) = _facts("市民政部门每年开展星级评定，结果有效期三年。", "term")
    assert term.role == "other"
    assert _doc("市民政部门每年开展星级评定，结果有效期三年。").validity["term_stated"] is False


EFFECT_CASES = [
    ("关于印发措施的通知\n本通知自发布之日起施行。\n某市人民政府\n2024年5月7日", "2024-05-07", None, None),
    (
        "关于印发措施的通知\n本办法自印发之日起施行，有效期5年。\n某市人民政府\n2022年9月6日",
        "2022-09-06",
        "P5Y",
        "2027-09-05",
    ),
    ("本通知自2024年2月29日起施行，有效期1年。", "2024-02-29", "P1Y", "2025-02-28"),
    ("本政策自公布之日起施行。", None, None, None),  # no issue date printed: unknown, not guessed
]


@pytest.mark.parametrize(("text", "effective", "term", "expires"), EFFECT_CASES)
def test_validity_from_effect_phrases(
    text: str, effective: str | None, term: str | None, expires: str | None
) -> None:
    v = _doc(text).validity
    assert (v["effective_from"], v["term"], v["expires_on"]) == (effective, term, expires)
    assert v["term_stated"] is (term is not None)


REPEAL_CASES = [
    (
        "本办法自2025年1月1日起施行。《某市促进电子商务发展的实施意见》（某政办发〔2020〕1号）同时废止。",
        "某政办发〔2020〕1号",
        False,
    ),
    ("《某市商务局关于做好补贴工作的通知》（某商发〔2019〕3号）不再执行。", "某商发〔2019〕3号", False),
    ("《某市电子商务发展扶持办法》第十条同时废止。", None, True),
    ("《某市人民政府关于加快物流业发展的意见》予以废止。", None, False),
]


@pytest.mark.parametrize(("text", "doc_no", "partial"), REPEAL_CASES)
def test_repeal_phrasing(text: str, doc_no: str | None, partial: bool) -> None:
    (repeal,) = extract_relations(_doc(text))["repeals"]
    assert (repeal["doc_no"], repeal["partial"]) == (doc_no, partial)
    assert repeal["title"]


CITE_CASES = [
    (
        "根据《湖南省人民政府办公厅关于促进跨境电商高质量发展的若干措施的通知》（湘政办发〔2023〕9号）精神，制定本措施。",
        "湘政办发〔2023〕9号",
        "basis",
    ),
    (
        "为贯彻落实《国务院关于同意设立跨境电子商务综合试验区的批复》（国函〔2022〕126号），制定本措施。",
        "国函〔2022〕126号",
        "implements",
    ),
    ("如确需调整，按《湖南省规范性文件管理办法》规定进行修订。", None, "mentions"),
    ("依据《中华人民共和国电子商务法》，制定本办法。", None, "basis"),
]


@pytest.mark.parametrize(("text", "doc_no", "relation"), CITE_CASES)
def test_citation_phrasing(text: str, doc_no: str | None, relation: str) -> None:
    (cite,) = extract_relations(_doc(text))["cites"]
    assert (cite["doc_no"], cite["relation"]) == (doc_no, relation)


def test_alias_and_enclosed_text_are_not_citations() -> None:
    text = (
        "现将《某市电商扶持办法》印发给你们，请认真贯彻执行。\n根据《国务院关于加快电子商务发展的意见》"
        "（国发〔2015〕24号，以下简称《国务院意见》），制定本办法。按《国务院意见》要求执行。"
    )
    cites = extract_relations(_doc(text))["cites"]
    assert [c["doc_no"] for c in cites] == ["国发〔2015〕24号"]


NON_CUMULATION = [
    ("同类型奖励、补助“就高不就低”，不重复计算。", "highest_only"),
    ("若与其他相关政策不一致的，按“就高”原则不重复享受。", "highest_only"),
    ("以上措施与本市其他有关奖补政策发生重叠的，按照择优支持且不重复的原则执行。", "highest_only"),
    ("本《若干措施》与其他政策重叠的，按照从优但不重复适用的原则执行。", "highest_only"),
    ("同一项目不得重复申报。", "no_duplicate"),
]


@pytest.mark.parametrize(("text", "value"), NON_CUMULATION)
def test_non_cumulation(text: str, value: str) -> None:
    (rule,) = _facts(text, "non_cumulation")
    assert (rule.value, rule.extra["scope"]) == (value, "document")


def test_responsible_units_one_fact_each() -> None:
    units = _facts("对园区给予奖励。（责任单位：市商务局、市财政局、衡阳高新区管委会）", "responsible_unit")
    assert [u.value for u in units] == ["市商务局", "市财政局", "衡阳高新区管委会"]


def test_fund_in_yuan() -> None:
    (fund,) = _facts("州财政每年预算安排1000万元电子商务发展专项资金，用于奖补。", "fund")
    assert (fund.value, fund.extra["currency"], fund.extra["period"]) == (10_000_000, "CNY", "year")


def test_last_day_and_in_force() -> None:
    assert last_day(date(2024, 5, 7), "P2Y") == date(2026, 5, 6)
    v = {"effective_from": "2024-01-01", "expires_on": "2028-12-31"}
    assert in_force(v, date(2028, 12, 31)) is True
    assert in_force(v, date(2029, 1, 1)) is False
    assert in_force({"effective_from": None}, date(2024, 1, 1)) is None


# --- the seeds, as read ---------------------------------------------------------------------------------------

SEED_VALIDITY = {
    # 五、本通知从2024年1月1号起执行，有效期5年。
    "000": ("2024-01-01", "P5Y", True, "2028-12-31"),
    # （二十三）本通知自发布之日起施行。 (印发 2018年6月25日; no term)
    "001": ("2018-06-25", None, False, None),
    # 本《若干措施》实施期限自发布之日起实施，有效期三年 (2023年12月21日)
    "002": ("2023-12-21", "P3Y", True, "2026-12-20"),
    # 本政策措施自发布之日起施行，有效期两年。 (only date: 2024年5月7日印发)
    "003": ("2024-05-07", "P2Y", True, "2026-05-06"),
    # （十九）本政策自2025年1月1日起施行，有效期三年。
    "004": ("2025-01-01", "P3Y", True, "2027-12-31"),
}


@pytest.mark.parametrize("prefix", sorted(SEED_VALIDITY))
def test_seed_validity(prefix: str) -> None:
    v = extract_file(seed(prefix)).validity
    assert (v["effective_from"], v["term"], v["term_stated"], v["expires_on"]) == SEED_VALIDITY[prefix]
    assert v["validity_basis"]["effective"] is not None


def test_seed_004_repeals_two() -> None:
    rel = extract_relations(extract_file(seed("004")))
    assert [r["doc_no"] for r in rel["repeals"]] == ["丽政办发〔2021〕67号", "丽政办发〔2020〕1号"]
    assert not any(r["partial"] for r in rel["repeals"])


@pytest.mark.parametrize("prefix", ["002", "003"])
def test_seeds_cite_hunan_measures(prefix: str) -> None:
    cites = extract_relations(extract_file(seed(prefix)))["cites"]
    assert "湘政办发〔2023〕9号" in [c["doc_no"] for c in cites]


def test_seed_003_implements_state_council_reply() -> None:
    cites = {c["doc_no"]: c["relation"] for c in extract_relations(extract_file(seed("003")))["cites"]}
    assert cites["国函〔2022〕126号"] == "implements"


def test_seed_000_application_and_fund() -> None:
    facts = extract_file(seed("000")).facts
    app = {(f.role, f.value) for f in facts if f.kind == "application"}
    assert ("deadline", "--11-30") in app
    assert ("receiver", "所在县市区商务局") in app
    (materials,) = [f for f in facts if f.kind == "application" and f.role == "materials"]
    assert materials.extra["items"][0] == "营业执照副本"
    assert [f.value for f in facts if f.kind == "fund"] == [2_430_000]


def test_seed_003_responsible_units() -> None:
    units = {f.value for f in extract_file(seed("003")).facts if f.kind == "responsible_unit"}
    assert {"市商务局", "市财政局", "衡阳高新区管委会"} <= units


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_spans_integral(path) -> None:
    doc = extract_file(path)
    for fact in doc.facts:
        assert doc.text[fact.start : fact.end] == fact.quote
    for key in ("repeals", "cites", "amends"):
        for ref in doc.relations[key]:
            assert doc.text[slice(*ref["span"])] == ref["quote"]
    for basis in doc.validity["validity_basis"].values():
        if basis:
            assert doc.text[slice(*basis["span"])] == basis["quote"]


# --- dev documents --------------------------------------------------------------------------------------------

DEV_VALIDITY = {
    # 本办法自2019年2月1日实施，有效期5年 (info box: 失效 2024年01月31日)
    "gz_disabled_assistive_devices_2019": ("2019-02-01", "P5Y", "2024-01-31"),
    # 本通知自2019年7月1日起实施，有效期5年 (info box: 失效 2024年06月30日)
    "gz_outpatient_special_disease_coverage_2019": ("2019-07-01", "P5Y", "2024-06-30"),
    # 本办法自2021年5月1日起施行 (no term)
    "gz_elderly_preferential_treatment_2021": ("2021-05-01", None, None),
    # 本条例自2022年3月1日起施行
    "cn_market_entity_registration_regulation_2021": ("2022-03-01", None, None),
    # 本实施办法自印发之日起实施，有效期5年 — but the reprint prints no date: the start is unknown
    "gz_disabled_living_and_nursing_subsidies": (None, "P5Y", None),
}


@requires_shared
@pytest.mark.parametrize("name", sorted(DEV_VALIDITY))
def test_dev_validity(name: str) -> None:
    v = extract_file(DEV / f"{name}.txt").validity
    assert (v["effective_from"], v["term"], v["expires_on"]) == DEV_VALIDITY[name]


@requires_shared
def test_dev_living_subsidies_repeals_384() -> None:
    doc = extract_file(DEV / "gz_disabled_living_and_nursing_subsidies.txt")
    assert [r["doc_no"] for r in doc.relations["repeals"]] == ["穗民〔2017〕384号"]
    assert doc.validity["term_stated"] is True


@requires_shared
def test_dev_outpatient_repeals_three() -> None:
    repeals = extract_file(DEV / "gz_outpatient_special_disease_coverage_2019.txt").relations["repeals"]
    assert [r["doc_no"] for r in repeals] == [
        "穗人社发〔2014〕52号",
        "穗人社发〔2015〕58号",
        "穗人社规字〔2018〕6号",
    ]


@requires_shared
def test_dev_regulation_repeals_titles_without_doc_no() -> None:
    repeals = extract_file(DEV / "cn_market_entity_registration_regulation_2021.txt").relations["repeals"]
    assert len(repeals) == 5 and all(r["doc_no"] is None and r["title"] for r in repeals)


@requires_shared
@pytest.mark.parametrize(
    "path", sorted(DEV.glob("*.txt")) + sorted((DEV / "notices").glob("*.txt")), ids=lambda p: p.stem[:30]
)
def test_dev_spans_integral(path) -> None:
    doc = extract_file(path)
    for fact in doc.facts:
        assert doc.text[fact.start : fact.end] == fact.quote


# --- lawrefbook ---------------------------------------------------------------------------------------------


def _law_sample(n: int = 30):
    files = sorted(p for p in LAWREFBOOK.rglob("*.md") if p.name != "_index.md")
    return random.Random(20240517).sample(files, min(n, len(files)))


@requires_lawrefbook
@pytest.mark.parametrize("path", _law_sample() if LAWREFBOOK.is_dir() else [], ids=lambda p: p.stem[:20])
def test_lawrefbook_effective_dates(path) -> None:
    doc = extract_file(path)
    v = doc.validity
    if v["effective_from"] is not None:
        date.fromisoformat(v["effective_from"])
    for fact in doc.facts:
        assert doc.text[fact.start : fact.end] == fact.quote
    if "(" in path.name:
        assert doc.relations["version_date"] == path.name.split("(")[1][:10]


@requires_lawrefbook
def test_lawrefbook_info_block_effective() -> None:
    laws = [
        p
        for p in LAWREFBOOK.rglob("*.md")
        if "施行" in p.read_text(encoding="utf-8").split("<!-- INFO END -->")[0]
    ]
    for path in sorted(laws)[:10]:
        doc = extract_file(path)
        assert doc.validity["effective_from"] is not None, path


def test_extract_facts_is_repeatable() -> None:
    doc = _doc("本政策自2025年1月1日起施行，有效期三年。")
    assert [f.to_dict() for f in extract_facts(doc)] == [f.to_dict() for f in extract_facts(doc)]
    assert compute_validity(doc)["expires_on"] == "2027-12-31"
