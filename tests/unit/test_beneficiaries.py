"""Who receives a measure: the recipient after 给予 opens its phrase; after 对 it closes it, unless the noun is only
an object inside the phrase (对应用…第三方交易平台开展业务的 names no recipient)."""

from __future__ import annotations

from extractor import extract_file
from tests.conftest import seed


def beneficiaries_in(prefix: str, words: str) -> set[str]:
    """Beneficiary kinds found in the paragraph holding ``words``."""
    doc = extract_file(seed(prefix))
    at = doc.text.index(words)
    start, end = doc.text.rfind("\n", 0, at) + 1, doc.text.find("\n", at)
    return {f.value for f in doc.facts if f.kind == "beneficiary" and start <= f.start < end}


def test_platform_used_by_an_enterprise_is_not_the_recipient() -> None:
    # 衡阳 6.: 对应用…第三方交易平台开展跨境电商业务试点的…；对在第三方平台上新注册店铺的企业…
    assert beneficiaries_in("003", "支持跨境电商平台业务推广") == {"enterprise"}


def test_recipient_right_after_gei_yu() -> None:
    # 丽水: 给予企业向第三方平台缴纳的…费用 — the enterprise receives, the platform is paid
    found = beneficiaries_in("004", "第三方平台缴纳")
    assert "enterprise" in found and "platform" not in found


def test_head_noun_before_a_parenthesis_still_closes_the_phrase() -> None:
    # 衡阳 10.: 对获批省级公共海外仓的企业（需衡阳海关备案），…
    assert beneficiaries_in("003", "对获批省级公共海外仓的企业") == {"enterprise"}
