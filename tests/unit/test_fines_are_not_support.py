"""Fines and damages are not support: a sum in a sentence of 罚款 or 赔偿 makes no measure.

Rows are sentences of lawrefbook regulations (北京市公园条例, 北京市水利工程保护管理条例, 商标法 …) that the
extractor once took for awards, each beside a support sentence of the same shape that must stay a measure.
"""

from __future__ import annotations

import pytest

from extractor.measures import derive_measures
from extractor.pipeline import extract_text


def measures(sentence: str) -> list[str]:
    return [m.quote for m in derive_measures(extract_text(f"第一条 {sentence}"))]


@pytest.mark.parametrize("sentence", [
    "侵占公园用地的，责令立即腾退，恢复原状，并可以按照侵占面积每平方米处300元罚款；造成损失的，依法承担赔偿责任。",
    "逾期未清运干净的，每超过1天每吨加罚50元。",
    "违反本条例规定，未经批准擅自经营出租汽车业务的，由交通行政主管部门暂扣车辆，责令停止经营活动，没收违法所得，"
    "并按每辆车1万元至2万元处以罚款。",
    "权利人因被侵权所受到的实际损失、侵权人因侵权所获得的利益、注册商标许可使用费难以确定的，由人民法院根据侵权行为的"
    "情节判决给予五百万元以下的赔偿。",
    "李某遂提起诉讼，请求判令被告退还货款并给予原告赔偿金1000元。",
])
def test_a_fine_or_damages_is_no_measure(sentence: str) -> None:
    assert measures(sentence) == []


@pytest.mark.parametrize("sentence", [
    "对新建的公共海外仓，按照仓储面积每平方米补贴300元。",
    "每吨补贴50元，年度最高补助金额不超过30万元。",
    "受理的举报经调查属实的，受理举报的部门或者机构应当给予最先举报人1000元至1万元的奖励。",
])
def test_support_of_the_same_shape_stays_a_measure(sentence: str) -> None:
    assert len(measures(sentence)) == 1
