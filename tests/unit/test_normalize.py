"""Normalization: rejoined PDF lines, unified forms, and an offset map back to the raw file."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import extract_file
from extractor.normalize import normalize, should_join
from tests.conftest import SEEDS, dev_files, requires_shared, seed


def test_pdf_broken_words_are_rejoined() -> None:
    text = normalize(seed("000").read_text(encoding="utf-8")).text
    assert "推动经济发展的重要力量。" in text
    assert "市中级人民法院" in text  # broken inside the 抄送 block too
    assert "\n（一）鼓励境内外知名电子商务企业落户邵阳\n" in text  # headings stay on their own line


def test_paragraphs_headings_signatures_and_cc_stay_apart() -> None:
    lines = normalize(seed("000").read_text(encoding="utf-8")).text.split("\n")
    assert "一、实施范围" in lines
    assert "邵阳市人民政府办公室" in lines
    assert "2024年3月17日" in lines
    assert "抄送：市委各部门，邵阳军分区。" in lines
    assert "各民主党派市委。" in lines


def test_attachment_title_broken_over_lines_is_rejoined() -> None:
    lines = normalize(seed("002").read_text(encoding="utf-8")).text.split("\n")
    assert "推进口岸平台建设及跨境电商高质量发展的若干措施" in lines
    assert "2023年12月21日" in lines


def test_markdown_marks_and_stray_spaces_are_dropped() -> None:
    text = normalize(seed("003").read_text(encoding="utf-8")).text
    assert "#" not in text and "**" not in text and "---" not in text
    assert "HYCR—2024—00002" in text.split("\n")[0]
    assert "国函〔2022〕126号" in text
    assert "最高给予一次性奖励50万元" in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("补贴总额不超过 30 万元", "补贴总额不超过30万元"),
        ("２０２４年３月１７日", "2024年3月17日"),
        ("按投入费用的５０％给予补贴", "按投入费用的50%给予补贴"),
        ("(十七) 州内企业", "（十七）州内企业"),
        ("依法生产经营,未列入严重失信名单", "依法生产经营，未列入严重失信名单"),
        ("平台(B2B 、B2C)签订", "平台（B2B、B2C）签订"),
        ("Amazon  eBay", "Amazon eBay"),
        ("   二、支持措施", "二、支持措施"),
    ],
)
def test_forms_are_unified(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


@pytest.mark.parametrize(
    ("previous", "following", "joined"),
    [
        ("电子商务作为新兴产业，正逐渐成为推动经济发展的重要力", "量。为加快推进", True),
        ("（一）鼓励境内外知名电子商务企业落户邵阳", "鼓励知名电子商务企业在我市设立分支机构", False),
        ("一、实施范围", "有明确的经营主体", False),
        ("各县市区人民政府、邵阳经济技术开发区，市直有关单位：", "电子商务作为新兴产业", False),
        ("对荣获国家级、省级电子商务示范园区（基地）的，分别一次性给予100万元、50", "万元资金支持。", True),
        ("市卫生健康委联系人：某某，联系电话：81085234", "广州市卫生健康委员会", False),
        ("市人大常委会办公室，市政协办公室，市监委，市中级人", "民法院，市人民检察院。", True),
        ("根据发展情况适度调整各县市区人民政府和相关园区应在本级", "抄送：市委各部门", False),
    ],
)
def test_line_join_rule(previous: str, following: str, joined: bool) -> None:
    assert should_join(previous, following) is joined


def _check_offsets(raw: str) -> None:
    mapped = normalize(raw)
    assert len(mapped.offsets) == len(mapped.text) + 1
    assert mapped.offsets == sorted(mapped.offsets), "normalization must not reorder"
    for i, ch in enumerate(mapped.text):
        source = raw[mapped.offsets[i]]
        assert ch == source or _documented_replacement(source, ch), (i, source, ch)


_REPLACEMENTS = {"(": "（", ")": "）", ",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def _documented_replacement(source: str, ch: str) -> bool:
    if _REPLACEMENTS.get(source) == ch:
        return True
    if source in "\r" and ch == "\n":
        return True
    if source in "\u3000\u00a0\u2002\u2003\t" and ch == " ":
        return True
    return ord(source) - 0xFEE0 == ord(ch)  # full-width → ASCII


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_every_normalized_character_maps_back_to_raw(path) -> None:
    _check_offsets(path.read_text(encoding="utf-8"))


@requires_shared
@pytest.mark.parametrize("path", dev_files(), ids=lambda p: p.name)
def test_dev_offsets_map_back(path) -> None:
    _check_offsets(path.read_text(encoding="utf-8"))


_PIECES = st.sampled_from(
    ["重要力", "量。", "\n", "\n\n", " ", "　", "30 万元", "（一）", "(二)", "一、", "# ", "**", "---", "\r\n",
     "Ｂ２Ｂ", "，", ",", "抄送：", "2024年 3月 17日", "abc", "规定", "。", "\t", "50％"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_normalization_loses_or_reorders_nothing_but_what_it_documents(raw: str) -> None:
    _check_offsets(raw)
    mapped = normalize(raw)
    # What is dropped is only whitespace and Markdown marks.
    kept = set(mapped.offsets[:-1])
    dropped = "".join(ch for i, ch in enumerate(raw) if i not in kept)
    assert re.fullmatch(r"[\s#*\-_>]*", dropped), dropped


def test_fact_spans_map_back_to_the_raw_file() -> None:
    doc = extract_file(seed("000"))
    start = doc.text.index("30万元")
    raw_start, raw_end = doc.to_raw_span(start, start + len("30万元"))
    assert doc.raw_text[raw_start:raw_end] == "30 万元"
