"""Header fields of the five seeds (against their hand-checked gold in annotations/seeds) and sensible ones for
every dev document."""

from __future__ import annotations

import pytest
import yaml

from extractor import extract_file
from extractor.gazetteer import resolve_jurisdiction
from extractor.header import doc_type_of, split_organizations
from tests.conftest import DEV, ROOT, SEEDS, dev_files, requires_shared, seed

# The hand-checked gold of each seed (annotations/seeds/NNN.yaml): the header as read by a person.
SEED_GOLD = {path.stem: path for path in sorted((ROOT / "annotations" / "seeds").glob("*.yaml"))}
HEADER_FIELDS = ("reg_no", "doc_no", "title", "doc_type", "attachment_title", "issuers", "issue_date", "print_date")


def test_every_seed_has_its_gold() -> None:
    assert sorted(SEED_GOLD) == sorted(path.name[:3] for path in SEEDS)


@pytest.mark.parametrize("prefix", sorted(SEED_GOLD))
def test_seed_headers(prefix: str) -> None:
    expected = yaml.safe_load(SEED_GOLD[prefix].read_text(encoding="utf-8"))["header"]
    doc = extract_file(seed(prefix)).to_dict()
    for key in HEADER_FIELDS:
        assert doc[key] == expected[key], key
    assert doc["jurisdiction"] == expected["jurisdiction"]


def test_doc_no_parts_and_attachment_type() -> None:
    doc = extract_file(seed("003")).to_dict()
    assert doc["doc_no_parts"] == {"text": "衡政发〔2024〕4号", "agency": "衡政发", "year": 2024, "number": "4"}
    assert doc["attachment_type"] == "若干措施"
    assert doc["disclosure"] == "主动公开"
    assert doc["cc"][:2] == ["市委各部门", "衡阳警备区"]
    assert "各民主党派市委" in doc["cc"]


def test_body_starts_after_the_salutation() -> None:
    doc = extract_file(seed("000"))
    assert doc.text[doc.header.body_start :].startswith("电子商务作为新兴产业")


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("关于印发《衡阳市支持跨境电子商务高质量发展的若干措施（试行）》的通知", "通知"),
        ("衡阳市支持跨境电子商务高质量发展的若干措施（试行）", "若干措施"),
        ("广州市引进人才入户管理办法实施细则", "实施细则"),
        ("中华人民共和国市场主体登记管理条例", "条例"),
        ("关于公开征集参与企业的通知（第一轮）", "通知"),
        ("没有文种的一句话", None),
    ],
)
def test_doc_type_of(title: str, kind: str | None) -> None:
    assert doc_type_of(title) == kind


def test_joint_issuers_are_split_at_place_names() -> None:
    assert split_organizations("广州市人力资源和社会保障局广州市公安局") == ["广州市人力资源和社会保障局", "广州市公安局"]
    assert split_organizations("广州市医疗保障局 广州市财政局") == ["广州市医疗保障局", "广州市财政局"]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("邵阳市人民政府办公室",), ("湖南省", "邵阳市", None)),
        (("湘西自治州人民政府办公室",), ("湖南省", "湘西土家族苗族自治州", None)),
        (("桐庐县商务局",), ("浙江省", "杭州市", "桐庐县")),
        (("宁波市鄞州区商务局",), ("浙江省", "宁波市", "鄞州区")),
        (("河南省商务厅",), ("河南省", None, None)),
        (("国务院",), (None, None, None)),
    ],
)
def test_jurisdiction_comes_from_the_gazetteer(texts: tuple[str, ...], expected: tuple) -> None:
    j = resolve_jurisdiction(*texts)
    assert (j.province, j.city, j.county) == expected


DEV_EXPECTED = {
    "gz_talent_hukou_implementing_rules_2022.txt": ("穗人社规字〔2022〕2号", "2022-07-07", 2),
    "gz_home_community_elderly_care_2022.txt": ("穗府办规〔2022〕13号", "2022-09-06", 1),
    "gz_elderly_preferential_treatment_2021.txt": ("广州市人民政府令第179号", "2021-01-29", 1),
    "cn_market_entity_registration_regulation_2021.txt": ("中华人民共和国国务院令第746号", "2021-07-27", 1),
    "gz_family_doctor_contract_service_2023.txt": ("穗卫函〔2023〕1930号", "2023-10-19", 4),
}


@requires_shared
@pytest.mark.parametrize("name", sorted(DEV_EXPECTED))
def test_dev_headers(name: str) -> None:
    doc_no, issue_date, n_issuers = DEV_EXPECTED[name]
    doc = extract_file(DEV / name).to_dict()
    assert doc["doc_no"] == doc_no
    assert doc["issue_date"] == issue_date
    assert len(doc["issuers"]) == n_issuers
    assert doc["title"] and doc["doc_type"]


@requires_shared
@pytest.mark.parametrize("path", dev_files(), ids=lambda p: p.name)
def test_every_dev_document_has_a_sensible_header(path) -> None:
    doc = extract_file(path).to_dict()
    assert doc["title"], "every dev document prints a title"
    assert len(doc["title"]) < 120
    if doc["issue_date"]:
        assert "2018-01-01" <= doc["issue_date"] <= "2026-12-31"
    if doc["jurisdiction"]["city"]:
        assert doc["jurisdiction"]["province"]
