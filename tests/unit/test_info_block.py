"""Info blocks of real LawRefBook laws read as events, and the version dates decided from them.

Rows are real files of ../shared/corpus/lawrefbook (skipped when it is absent), none of them in the
annotations/lawrefbook gold, each chosen for one pattern of the genre.
"""

from __future__ import annotations

import pytest

from extractor.info_block import info_events, parse_info_block
from extractor.pipeline import extract_file, extract_text
from tests.conftest import LAWREFBOOK, requires_lawrefbook

QINGDAO = "DLC/山东地方法规/地方性法规/山东/青岛市建筑废弃物资源化利用条例(2018-11-30).md"

# (file, every event as (kind, date, ordinal, by_decision))
EVENT_CASES = [
    # several events on one line; 根据…批准的 DATE …《决定》第一次修正: the province's approval, then the city's 修正
    (QINGDAO, [
        ("adopted", "2012-11-01", None, False), ("approved", "2012-11-29", None, False),
        ("published", "2012-11-29", None, False), ("effective", "2013-01-01", None, False),
        ("approved", "2017-12-01", None, True), ("amended", "2017-10-27", 1, True),
        ("amended", "2018-09-07", 2, True),
    ]),
    # …会议通过的《北京市预算监督条例修正案》第二次修正: the 通过 dates the 修正, it is not a second adoption
    ("DLC/北京地方法规/地方性法规/北京/北京市预算监督条例.md", [
        ("adopted", "1996-12-05", None, False), ("revised", "2002-03-29", 1, False),
        ("amended", "2003-04-18", 2, True), ("amended", "2007-03-30", 3, True),
    ]),
    # 关于修改《…》的决定 printed without its own 《》, and 修订根据…第二次修正 on one line
    ("DLC/上海地方法规/地方性法规/上海/上海市实施《残疾人保障法》办法(2017-11-23).md", [
        ("adopted", "1993-02-06", None, False), ("amended", "1999-07-12", 1, True),
        ("revised", "2013-11-21", None, False), ("amended", "2017-11-23", 2, True),
    ]),
    # a 决定's title holding 〈…《…》…〉 and broken over lines: its 修正 / 修订 / 代表法 words are not events
    ("DLC/山东地方法规/地方性法规/山东/山东省乡镇人民代表大会工作若干规定(2015-12-03).md", [
        ("adopted", "1995-06-14", None, False), ("amended", "2010-09-29", 1, True),
        ("amended", "2015-12-03", 2, True),
    ]),
    # a block holding the 印发 notice: its prose (贯彻实施, 通过劳动, 贯彻执行) and 一九九四年十二月六日 are no events
    ("行政法规/工资支付暂行规定(1994-12-06).md", [("effective", "1995-01-01", None, False)]),
    # 公布施行: two verbs of one day
    ("宪法/宪法修正案（2004年）.md", [
        ("adopted", "2004-03-14", None, False), ("published", "2004-03-14", None, False),
        ("effective", "2004-03-14", None, False),
    ]),
    # 修订通过 is one revision; then the 施行 line
    ("行政法规/商标法实施条例(2014-04-29).md", [
        ("published", "2002-08-03", None, False), ("revised", "2014-04-29", None, False),
        ("effective", "2014-05-01", None, False),
    ]),
]


@requires_lawrefbook
@pytest.mark.parametrize(("name", "expected"), EVENT_CASES, ids=[c[0].split("/")[-1] for c in EVENT_CASES])
def test_info_block_events(name: str, expected: list[tuple[str, str, int | None, bool]]) -> None:
    doc = extract_file(LAWREFBOOK / name)
    events = info_events(doc.text, doc.raw_text, doc.offsets)
    assert [(e.kind, e.date, e.ordinal, e.by_decision) for e in events] == expected
    for event in events:
        assert doc.text[event.start : event.end] == event.quote
        raw_start, raw_end = doc.to_raw_span(event.start, event.end)
        assert raw_end <= doc.raw_text.index("<!-- INFO END -->")


@requires_lawrefbook
def test_info_block_names_body_and_decision() -> None:
    doc = extract_file(LAWREFBOOK / "经济法/税收征收管理法(2015-04-24).md")
    last = info_events(doc.text, doc.raw_text, doc.offsets)[-1]
    assert (last.kind, last.date, last.ordinal) == ("amended", "2015-04-24", 3)
    assert last.body == "第十二届全国人民代表大会常务委员会第十四次会议"
    assert last.decision == "关于修改<中华人民共和国港口法>等七部法律的决定"


LINE_CASES = [
    # dates in Chinese numerals, as some blocks print them
    ("二〇〇五年三月三十一日某省第十届人民代表大会常务委员会第十五次会议批准", [("approved", "2005-03-31")]),
    ("一九九八年十二月十六日某检察委员会第二十一次会议第一次修订", [("revised", "1998-12-16")]),
]


@pytest.mark.parametrize(("line", "expected"), LINE_CASES)
def test_info_line_in_chinese_numerals(line: str, expected: list[tuple[str, str]]) -> None:
    text = "某条例\n" + line
    assert [(e.kind, e.date) for e in parse_info_block(text, 4, len(text))] == expected


def test_no_info_block_no_events() -> None:
    doc = extract_text("某市人民政府关于印发某办法的通知\n本办法自2025年1月1日起施行。")
    assert doc.validity["info_block"] == []
    assert doc.validity["version"] == {
        "effective_from": "2025-01-01", "inferred": False, "basis": doc.validity["validity_basis"]["effective"],
    }
    assert doc.validity["original_effective_from"] is None


# (file, effective_from, inferred, original_effective_from)
VERSION_CASES = [
    # the latest 修正 (2018-09-07) prints no 批准: its own day, inferred; the 施行 line is the 2013 original's
    (QINGDAO, "2018-09-07", True, "2013-01-01"),
    # amended twice by 修正案 after the 2002 revision whose 第三十七条 says 2002-07-01
    ("DLC/北京地方法规/地方性法规/北京/北京市预算监督条例.md", "2007-03-30", True, "2002-07-01"),
    # a 修订 whose own 第六十条 (2019-03-01) comes after it: stated, not inferred
    ("DLC/上海地方法规/地方性法规/上海/上海市宗教事务条例(2018-11-22).md", "2019-03-01", False, None),
    ("DLC/山东地方法规/地方性法规/山东/山东省旅游条例(2016-11-26).md", "2017-01-01", False, None),
    # a 设区的市 regulation as first approved: its own 施行 clause
    ("DLC/河南地方法规/地方性法规/河南/新乡市不可移动文物保护条例(2021-12-27).md", "2022-03-01", False, None),
    # the example
    ("经济法/税收征收管理法(2015-04-24).md", "2015-04-24", True, "2001-05-01"),
]


@requires_lawrefbook
@pytest.mark.parametrize(("name", "effective", "inferred", "original"), VERSION_CASES,
                         ids=[c[0].split("/")[-1] for c in VERSION_CASES])
def test_version_dates(name: str, effective: str, inferred: bool, original: str | None) -> None:
    doc = extract_file(LAWREFBOOK / name)
    data = doc.to_dict()
    assert (data["effective_from"], data["version"]["inferred"], data["original_effective_from"]) == (
        effective, inferred, original,
    )
    basis = data["version"]["basis"]
    assert doc.text[slice(*basis["span"])] == basis["quote"]
    assert data["validity_basis"]["effective"] == basis
    if inferred:
        assert effective.replace("-", "")[:4] in basis["quote"]  # the line quoted names the day's year


@requires_lawrefbook
def test_block_older_than_the_file_is_said() -> None:
    # 殡葬管理条例(2012-11-09).md: the block prints only the 1997 发布 line; the date stays, the gap is warned
    doc = extract_file(LAWREFBOOK / "行政法规/殡葬管理条例(2012-11-09).md")
    assert doc.validity["version"]["inferred"] is False
    assert any("2012-11-09 is later than every date of the info block" in w for w in doc.warnings)
