"""Header fields of the five seeds (read from the texts) and sensible ones for every dev document."""

from __future__ import annotations

import pytest

from extractor import extract_file
from extractor.gazetteer import resolve_jurisdiction
from extractor.header import doc_type_of, split_organizations
from tests.conftest import DEV, dev_files, requires_shared, seed

SEED_HEADERS = {
    "000": dict(
        reg_no="SYCR-2024-01002", doc_no="邵市政办发〔2024〕4号", title="邵阳市人民政府办公室关于促进电子商务发展的通知",
        doc_type="通知", attachment_title=None, issuers=["邵阳市人民政府办公室"], issue_date="2024-03-17",
        print_date="2024-03-17", jurisdiction=("湖南省", "邵阳市", None),
    ),
    "001": dict(
        reg_no="XXCR-2018-01019", doc_no="州政办发〔2018〕25号",
        title="湘西自治州人民政府办公室关于加快电子商务发展若干政策措施的通知", doc_type="通知",
        attachment_title=None, issuers=["湘西土家族苗族自治州人民政府办公室"], issue_date="2018-06-25",
        print_date="2018-06-25", jurisdiction=("湖南省", "湘西土家族苗族自治州", None),
    ),
    "002": dict(
        reg_no="SYCR-2023-01014", doc_no="邵市政办发〔2023〕21号",
        title="邵阳市人民政府办公室关于印发《推进口岸平台建设及跨境电商高质量发展的若干措施》的通知",
        doc_type="通知", attachment_title="推进口岸平台建设及跨境电商高质量发展的若干措施",
        issuers=["邵阳市人民政府办公室"], issue_date="2023-12-21", print_date="2023-12-21",
        jurisdiction=("湖南省", "邵阳市", None),
    ),
    "003": dict(
        reg_no="HYCR-2024-00002", doc_no="衡政发〔2024〕4号",
        title="衡阳市人民政府关于印发《衡阳市支持跨境电子商务高质量发展的若干措施（试行）》的通知",
        doc_type="通知", attachment_title="衡阳市支持跨境电子商务高质量发展的若干措施（试行）",
        issuers=["衡阳市人民政府"], issue_date="2024-05-07", print_date="2024-05-07",
        jurisdiction=("湖南省", "衡阳市", None),
    ),
    "004": dict(
        reg_no=None, doc_no="丽政办发〔2024〕64号",
        title="丽水市人民政府办公室关于印发丽水市加快推进电子商务高质量发展的若干意见的通知",
        doc_type="通知", attachment_title="丽水市加快推进电子商务高质量发展的若干意见",
        issuers=["丽水市人民政府办公室"], issue_date="2024-09-24", print_date="2024-09-26",
        jurisdiction=("浙江省", "丽水市", None),
    ),
}


@pytest.mark.parametrize("prefix", sorted(SEED_HEADERS))
def test_seed_headers(prefix: str) -> None:
    expected = SEED_HEADERS[prefix]
    doc = extract_file(seed(prefix)).to_dict()
    for key in ("reg_no", "doc_no", "title", "doc_type", "attachment_title", "issuers", "issue_date", "print_date"):
        assert doc[key] == expected[key], key
    j = doc["jurisdiction"]
    assert (j["province"], j["city"], j["county"]) == expected["jurisdiction"]


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
