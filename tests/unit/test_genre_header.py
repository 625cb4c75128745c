"""Headers of the wider genre: a 文号 on the title's line, and signing bodies by the shape of an organ's name.

Real documents of ../shared/corpus/wider read whole, and sentences of the genre in tables.
"""

from __future__ import annotations

import pytest

from extractor.header import parse_header
from extractor.organs import is_organ_line, split_organizations
from extractor.pipeline import extract_file
from tests.conftest import SHARED

WIDER = SHARED / "corpus" / "wider"
requires_wider = pytest.mark.skipif(not WIDER.is_dir(), reason=f"../shared/corpus/wider not found at {WIDER}")


@pytest.mark.parametrize(
    ("first_lines", "doc_no", "title"),
    [
        ("【贷款】武公中规〔2026〕2号武汉住房公积金管理中心关于优化住房公积金使用政策的通知",
         "武公中规〔2026〕2号", "武汉住房公积金管理中心关于优化住房公积金使用政策的通知"),
        ("京政发〔2023〕5号关于印发北京市促进消费若干措施的通知", "京政发〔2023〕5号", "关于印发北京市促进消费若干措施的通知"),
        ("京政发〔2023〕5号\n关于印发北京市促进消费若干措施的通知", "京政发〔2023〕5号", "关于印发北京市促进消费若干措施的通知"),
        ("蚌房金〔2022〕18号\n关于实施多子女家庭使用住房公积金支持政策的通知", "蚌房金〔2022〕18号",
         "关于实施多子女家庭使用住房公积金支持政策的通知"),
        # a citation at the start of a title that is no 文号 of its own stays in the title
        ("关于转发国办发〔2023〕5号文件的通知", None, "关于转发国办发〔2023〕5号文件的通知"),
    ],
)
def test_doc_no_on_the_first_line(first_lines: str, doc_no: str | None, title: str) -> None:
    header = parse_header(first_lines + "\n各有关单位：\n现将有关事项通知如下。")
    assert (header.doc_no.text if header.doc_no else None, header.title) == (doc_no, title)


@pytest.mark.parametrize(
    ("run", "bodies"),
    [
        ("国家税务总局佛山市税务局", ["国家税务总局佛山市税务局"]),
        ("上海市财政局国家税务总局上海市税务局", ["上海市财政局", "国家税务总局上海市税务局"]),
        ("东莞市住房公积金管理中心中国人民银行东莞市分行",
         ["东莞市住房公积金管理中心", "中国人民银行东莞市分行"]),
        ("国家金融监督管理总局东莞监管分局", ["国家金融监督管理总局东莞监管分局"]),
        ("省完善促进消费体制机制厅际联席会议（代章）", ["省完善促进消费体制机制厅际联席会议"]),
        ("广州市人力资源和社会保障局广州市公安局", ["广州市人力资源和社会保障局", "广州市公安局"]),
    ],
)
def test_a_run_of_names_is_cut_into_bodies(run: str, bodies: list[str]) -> None:
    assert split_organizations(run) == bodies


@pytest.mark.parametrize(
    ("line", "is_organ"),
    [
        ("沙县区房地产工作联席会议", True),
        ("白银市促进房地产市场平稳健康发展工作领导小组", True),
        ("省完善促进消费体制机制厅际联席会议（代章）", True),
        ("国家税务总局佛山市税务局", True),
        ("十三、居住公寓执行民用水电气价格标准", False),
        ("以上措施自印发之日起实施。", False),
    ],
)
def test_organ_lines(line: str, is_organ: bool) -> None:
    assert is_organ_line(line) is is_organ


def test_a_joint_meeting_signs_above_its_date() -> None:
    text = "关于支持刚性住房需求的通知\n各有关单位：\n现将有关事项通知如下。\n沙县区房地产工作联席会议\n2022年9月18日"
    assert parse_header(text).issuers == ["沙县区房地产工作联席会议"]


@requires_wider
@pytest.mark.parametrize(
    ("name", "issuers"),
    [
        ("foshan_housing_measures_2024.txt",
         ["佛山市住房和城乡建设局", "佛山市自然资源局", "佛山市发展和改革局", "佛山市公安局", "佛山市政务服务和数据管理局",
          "佛山市金融工作局", "佛山市住房公积金管理中心", "国家税务总局佛山市税务局", "国家金融监督管理总局佛山监管分局"]),
        ("shanghai_property_tax_2025.txt", ["上海市财政局", "国家税务总局上海市税务局"]),
        ("dongguan_housing_policy_2024.txt",
         ["东莞市住房和城乡建设局", "东莞市自然资源局", "东莞市住房公积金管理中心", "中国人民银行东莞市分行",
          "国家金融监督管理总局东莞监管分局"]),
        ("anhui_consumption_measures_2022.txt", ["省完善促进消费体制机制厅际联席会议"]),
    ],
)
def test_joint_signatures_of_any_length(name: str, issuers: list[str]) -> None:
    assert extract_file(WIDER / name).header.issuers == issuers


@requires_wider
def test_a_doc_no_glued_to_the_title_in_a_real_page() -> None:
    header = extract_file(WIDER / "wuhan_provident_fund_2026.txt").header
    assert header.doc_no is not None and header.doc_no.text == "武公中规〔2026〕2号"
    assert header.title == "武汉住房公积金管理中心关于优化住房公积金使用政策的通知"
