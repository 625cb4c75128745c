"""Eligibility facts: document-wide scope clauses, ages, titles, declarations and time windows, on real texts.

Each row names a file (a seed, or a dev notice from ../shared), the role, the quote as printed, the scope (document
or the label of the clause as printed) and the values. Boundaries are checked on the interval the fact carries,
read as in 民法典 第一千二百五十九条 (以上 includes the number; 未满 excludes it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

from extractor import Document, Fact, extract_file, extract_text
from extractor.facts.eligibility import declaration_keys, expand_titles, natural_years_end
from tests.conftest import DEV, requires_shared, seed


@cache
def _doc(path: Path) -> Document:
    return extract_file(path)


def _facts(doc: Document, role: str) -> list[Fact]:
    return [f for f in doc.facts if f.kind == "eligibility" and f.role == role]


def _scope_label(doc: Document, fact: Fact) -> str | None:
    scope = fact.extra["scope"]
    if scope == "document":
        return "document"
    return next((c.label for c in doc.clauses if c.id == scope), None)


class Row(NamedTuple):
    file: str  # a seed prefix ("004") or a dev notice name
    role: str
    quote: str
    scope: str  # "document" or the clause label as printed
    values: tuple[str, ...]


ROWS = [
    # 丽政办发〔2024〕64号 （十七）: the 附则's 本政策支持对象是指… is document-wide wherever it stands
    Row("004", "territory", "丽水市区（市直、莲都区和开发区）", "document", ("丽水市区", "市直", "莲都区", "开发区")),
    Row("004", "declaration", "未列入严重失信", "document", ("not_seriously_dishonest",)),
    Row("004", "territory", "各县（市）可参照执行", "document", ()),
    # （四）: measure-level declaration and the natural-year window
    Row("004", "declaration", "具有集中研发、运营决策、集中销售、账务结算等管理服务职能", "（四）",
        ("has_management_functions",)),
    Row("004", "settled_window", "自其落户两个自然年度内", "（四）", ("落户",)),
    # 邵市政办发〔2024〕4号 一、实施范围
    Row("000", "registration_age", "注册一年以上", "document", ()),
    Row("000", "legal_form", "独立法人企业", "document", ("independent_legal_person",)),
    Row("000", "title_excluded", "已获得省级电子商务示范企业、电子商务重点培育企业称号的不在此范围", "document",
        ("省级电子商务示范企业", "电子商务重点培育企业")),
    # a 独立法人 required of the subsidiary in （一） is the measure's, not the document's
    Row("000", "legal_form", "独立法人资格", "（一）", ("independent_legal_person",)),
    # 衡政发〔2024〕4号 一、支持范围
    Row("003", "territory", "衡阳市", "document", ("衡阳市",)),
    Row("003", "declaration", "依法注册、纳税", "document", ("pays_tax_locally",)),
    Row("003", "legal_form", "独立法人资质", "document", ("independent_legal_person",)),
    Row("003", "declaration", "纳入衡阳海关跨境贸易电商统计", "document", ("in_customs_statistics",)),
    # 州政办发〔2018〕25号: titles required, by level; an operating age and a first time in a measure
    Row("001", "title_required", "荣获国家级、省级电子商务示范企业", "（五）",
        ("国家级电子商务示范企业", "省级电子商务示范企业")),
    Row("001", "operating_age", "正常运营一年以上", "（三）", ()),
    Row("001", "declaration", "依法纳税", "（三）", ("pays_tax_locally",)),
    Row("001", "first_time", "首次突破", "（四）", ("突破",)),
    # 邵市政办发〔2023〕21号: 开业运营半年以上
    Row("002", "operating_age", "运营半年以上", "四、", ()),
]

DEV_ROWS = [
    Row("linan_commerce_tradein_enterprise_call_2026.txt", "territory", "临安区", "document", ("临安区",)),
    Row("linan_commerce_tradein_enterprise_call_2026.txt", "legal_form", "独立法人资格", "document",
        ("independent_legal_person",)),
    Row("linan_commerce_tradein_enterprise_call_2026.txt", "declaration", "未被市场监管部门列入严重违法失信",
        "document", ("not_seriously_dishonest",)),
]


def _check(doc: Document, row: Row) -> None:
    found = [f for f in _facts(doc, row.role) if f.quote == row.quote]
    assert found, f"no {row.role} quoted {row.quote!r}; got {[f.quote for f in _facts(doc, row.role)]}"
    assert any(_scope_label(doc, f) == row.scope and tuple(f.extra["values"]) == row.values for f in found), [
        (_scope_label(doc, f), f.extra["values"]) for f in found
    ]
    for fact in found:
        assert doc.text[fact.start : fact.end] == fact.quote


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.file}-{r.role}-{r.quote[:10]}")
def test_seed_eligibility(row: Row) -> None:
    _check(_doc(seed(row.file)), row)


@requires_shared
@pytest.mark.parametrize("row", DEV_ROWS, ids=lambda r: f"{r.role}-{r.quote[:10]}")
def test_dev_eligibility(row: Row) -> None:
    _check(_doc(DEV / "notices" / row.file), row)


class Boundary(NamedTuple):
    sentence: str  # real wording, from the seeds and the dev notices
    role: str
    years: str  # the enterprise's age in years
    holds: bool


BOUNDARIES = [
    # 以上 includes the number: exactly one year registered is enough
    Boundary("一、实施范围\n有明确的经营主体，在市场监管部门注册一年以上，并实际从事电子商务的独立法人企业。",
             "registration_age", "1", True),
    Boundary("一、实施范围\n有明确的经营主体，在市场监管部门注册一年以上，并实际从事电子商务的独立法人企业。",
             "registration_age", "0.99", False),
    # 半年以上 = six months, inclusive
    Boundary("对营业面积在100平方米、开业运营半年以上的，按照相关要求进行申报。", "operating_age", "0.5", True),
    Boundary("对营业面积在100平方米、开业运营半年以上的，按照相关要求进行申报。", "operating_age", "0.49", False),
    # 未满 excludes the number: a firm exactly three years old is no longer 成立未满三年
    Boundary("一、申报条件\n（五）成立未满三年的企业，提供成立以来的财务报表。", "registration_age", "3", False),
    Boundary("一、申报条件\n（五）成立未满三年的企业，提供成立以来的财务报表。", "registration_age", "2.9", True),
    # 超过 excludes the number
    Boundary("对正常运营超过1年的电子商务企业给予支持。", "operating_age", "1", False),
    Boundary("对正常运营超过1年的电子商务企业给予支持。", "operating_age", "1.01", True),
]


@pytest.mark.parametrize("case", BOUNDARIES, ids=lambda c: f"{c.role}-{c.years}-{c.holds}")
def test_age_boundaries(case: Boundary) -> None:
    doc = extract_text("关于促进电子商务发展的通知\n" + case.sentence)
    (fact,) = _facts(doc, case.role)
    assert fact.unit == "years"
    assert fact.extra["interval"].contains(Decimal(case.years)) is case.holds


@pytest.mark.parametrize(("sentence", "natural_years", "interval_high", "anchor"), [
    ("对新落户的电商企业，自其落户两个自然年度内，年度网络零售额达到5000万元及以上的给予奖励。", 2, None,
     "settled_on"),
    ("对新设立的企业，自注册之日起3年内给予房租补贴。", None, Decimal(3), "registered_on"),
    ("对入驻园区的企业，自入驻之日起6个月内免收租金。", None, Decimal("0.5"), "settled_on"),
])
def test_windows(sentence: str, natural_years: int | None, interval_high: Decimal | None, anchor: str) -> None:
    doc = extract_text("关于促进电子商务发展的通知\n（一）" + sentence)
    (fact,) = _facts(doc, "settled_window")
    assert fact.extra.get("natural_years") == natural_years
    assert fact.extra["anchor"] == anchor
    interval = fact.extra["interval"]
    if interval_high is None:
        assert interval is None
    else:  # 以内 / 内 include the number
        assert interval.contains(interval_high) and not interval.contains(interval_high + Decimal("0.01"))


@pytest.mark.parametrize(("sentence", "found"), [
    ("对当年新引进的跨境电商企业，给予一次性奖励10万元。", True),
    # a figure of this year, not a new enterprise (邵市政办发〔2023〕21号 七)
    ("企业当年新增实际交易额达到100万美元的，给予2万元支持。", False),
    # a park's count (衡政发〔2024〕4号 1.)
    ("当年新入驻有跨境电商电子商务业绩的企业超过20家的，最高给予一次性奖励50万元。", False),
])
def test_new_this_year(sentence: str, found: bool) -> None:
    doc = extract_text("关于促进电子商务发展的通知\n（一）" + sentence)
    assert bool(_facts(doc, "new_this_year")) is found


@pytest.mark.parametrize(("settled", "on", "inside"), [
    (date(2025, 3, 1), date(2026, 12, 31), True),  # the year of settling and the next: through 31 December
    (date(2025, 3, 1), date(2027, 1, 1), False),
    (date(2025, 12, 31), date(2026, 12, 31), True),  # settled on the last day: still two natural years
    (date(2018, 6, 1), date(2026, 12, 1), False),  # the firm settled in 2018 of issue 11
])
def test_two_natural_years(settled: date, on: date, inside: bool) -> None:
    doc = _doc(seed("004"))
    (window,) = _facts(doc, "settled_window")
    assert (on <= natural_years_end(settled, window.extra["natural_years"])) is inside


@pytest.mark.parametrize(("sentence", "role"), [
    # a degree is not an honour (关于实行专业技术职务聘任制度的规定, lawrefbook)
    ("获得后而终身拥有的学位、学衔等各种学术、技术称号的，不受影响。", "title_required"),
    # 当年新增 before a figure (邵市政办发〔2023〕21号) is not a window either
    ("企业当年新增实际交易额达到100万美元的，给予2万元支持。", "settled_window"),
    # a far metric word does not make an age (广州 残疾人补贴: 登记的类别…不超过3个月)
    ("同时可视情按照新发残疾人证登记的类别和等级对应的补贴标准补发最多不超过3个月的补贴。", "registration_age"),
])
def test_not_eligibility(sentence: str, role: str) -> None:
    doc = extract_text("关于促进电子商务发展的通知\n（一）" + sentence)
    assert _facts(doc, role) == []


@pytest.mark.parametrize(("heading", "document_wide"), [
    ("实施范围", True),  # 邵市政办发〔2024〕4号
    ("支持范围", True),  # 衡政发〔2024〕4号
    ("报名条件", True),  # 临安
    ("资格条件", True),  # 湛江
    ("支持范围和对象", True),
    # a measure that widens or changes a scope is not the document's scope (广州 审批; 大理 公积金)
    ("扩大不动产登记业务“全城通收”适用范围", False),
    ("调整“按月冲还贷”业务的申请条件", False),
])
def test_scope_headings(heading: str, document_wide: bool) -> None:
    doc = extract_text(f"关于促进电子商务发展的通知\n一、{heading}\n在莲都区范围内依法经营的企业。\n"
                       "二、附则\n本通知自印发之日起施行。")
    assert doc.clauses[0].heading == heading
    territories = _facts(doc, "territory")
    assert bool(territories) is document_wide
    assert all(f.extra["scope"] == "document" for f in territories)


def test_a_scope_clause_only_makes_document_facts() -> None:
    doc = _doc(seed("004"))
    document_wide = {f.role for f in doc.facts if f.kind == "eligibility" and f.extra["scope"] == "document"}
    assert document_wide == {"territory", "declaration"}
    # the window of （四） stays with （四）
    assert all(f.extra["scope"] != "document" for f in _facts(doc, "settled_window"))


@pytest.mark.parametrize(("printed", "names"), [
    ("国家级、省级电子商务示范企业", ["国家级电子商务示范企业", "省级电子商务示范企业"]),
    ("省级电子商务示范企业、电子商务重点培育企业", ["省级电子商务示范企业", "电子商务重点培育企业"]),
    ("国家级、省级和市级电商示范基地", ["国家级电商示范基地", "省级电商示范基地", "市级电商示范基地"]),
])
def test_title_lists(printed: str, names: list[str]) -> None:
    assert expand_titles(printed) == names


def test_every_declaration_fact_names_a_known_key() -> None:
    keys = set(declaration_keys())
    for path in [seed(p) for p in ("000", "001", "002", "003", "004")]:
        for fact in _facts(_doc(path), "declaration"):
            assert fact.value in keys
