"""How to apply (``application`` facts): deadlines (ISO or a yearly rule), where, publicity, 免申即享.

Rows are real sentences: the seed 邵市政办发〔2024〕4号 四、申报程序, the dev notices (临安, 桐庐), 广州's talent rules,
and local regulations of the lawrefbook corpus.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

import pytest

from extractor import Fact, extract_file, extract_text
from tests.conftest import seed

TITLE = "关于促进电子商务发展的通知\n"


class Row(NamedTuple):
    text: str
    role: str
    value: Any
    quote: str
    extra: dict[str, Any]


ROWS = [
    # a yearly deadline keeps its words and its rule
    Row("四、申报程序\n每年11月底前，电商企业在自愿的基础上，将上年度的申报材料（包括营业执照副本、税务登记证复印件、"
        "场地租赁合同等）上报所在县市区商务局。", "deadline", "--11-30", "每年11月底前",
        {"recurring": True, "rule": {"month": 11, "day": 30}, "deadline_text": "每年11月底前"}),
    Row("四、申报程序\n每年11月底前，电商企业在自愿的基础上，将上年度的申报材料（包括营业执照副本、税务登记证复印件、"
        "场地租赁合同等）上报所在县市区商务局。", "receiver", "所在县市区商务局", "所在县市区商务局", {}),
    # a dated deadline under a 报名时间 heading is its ISO date (临安)
    Row("二、报名时间\n2025年12月24日至2025年12月25日17时，后期征集视情况开展。", "deadline", "2025-12-25",
        "2025年12月25日", {"recurring": False, "deadline_text": "2025年12月25日"}),
    # no receiver printed: who runs the application (衡政发〔2024〕4号 三、组织实施; a county's wording)
    Row("三、组织实施\n以上扶持奖励资金来源于省级跨境电商专项资金和市级跨境电商专项配套资金，由市商务局、市财政局通过项目申报"
        "组织实施，按程序报市人民政府批准后再拨付奖补资金。", "organiser", "市商务局、市财政局",
        "由市商务局、市财政局通过项目申报组织实施", {}),
    Row("第五条 补贴资金由县人力资源和社会保障局负责组织申报，县财政局按季度拨付。", "organiser", "县人力资源和社会保障局",
        "由县人力资源和社会保障局负责组织申报", {}),
    # publicity: working days or calendar days (广州 人才入户; 广州 居家社区养老)
    Row("第九条 公示时间为5个工作日，公示期间受理异议投诉，公示无异议予以正式公布。", "publicity", Decimal(5),
        "公示时间为5个工作日", {"working_days": True}),
    Row("经评估合格的，在区民政局网站公示10天。", "publicity", Decimal(10), "公示10天", {"working_days": False}),
    # paid without an application (广东省优化营商环境条例; 云浮市优化营商环境条例)
    Row("第三十三条 逐步推行惠企政策免申即享办理模式，实现符合条件的企业免予申报、直接享受政策。", "automatic", True,
        "免申即享", {}),
    Row("对符合条件的实行免予申报、直接享受政策。", "automatic", True, "免予申报", {}),
]


def _application(facts: list[Fact], role: str) -> list[Fact]:
    return [f for f in facts if f.kind == "application" and f.role == role]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.role}-{r.quote}")
def test_application_facts(row: Row) -> None:
    doc = extract_text(TITLE + row.text)
    found = [f for f in _application(doc.facts, row.role) if f.quote == row.quote]
    assert found, [(f.role, f.quote) for f in doc.facts if f.kind == "application"]
    fact = found[0]
    assert fact.value == row.value
    assert doc.text[fact.start : fact.end] == fact.quote
    for key, value in row.extra.items():
        assert fact.extra.get(key) == value, key


def test_no_publicity_without_a_period() -> None:
    doc = extract_text(TITLE + "第九条 我市引进在职人才入户需进行公示、公布。")
    assert _application(doc.facts, "publicity") == []


def test_seed_procedure() -> None:
    doc = extract_file(seed("000"))
    (deadline,) = _application(doc.facts, "deadline")
    assert deadline.extra["rule"] == {"month": 11, "day": 30}
    # the firm reports to its county's 商务局, which reports on to the city's office
    assert [f.value for f in _application(doc.facts, "receiver")] == ["所在县市区商务局", "市电子商务工作领导小组办公室"]
    (materials,) = _application(doc.facts, "materials")
    assert "营业执照副本" in materials.extra["items"]
