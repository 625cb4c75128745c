"""Relations between documents stated in a text: amends, replaces and partial repeals (repeals_part).

The sentences follow the genre's closing articles and 决定 titles (本办法自…起施行，《…》（…）同时废止); the
corpora here hold none of these forms, so each row is one such sentence.
"""

from __future__ import annotations

import pytest

from extractor.pipeline import extract_text

# (text, relation list, expected (title, doc_no) pairs)
CASES = [
    ("某市人民代表大会常务委员会关于修改《某市电子商务促进条例》的决定\n决定对《某市电子商务促进条例》作如下修改：\n"
     "一、第三条修改为……", "amends", [("某市电子商务促进条例", None)]),
    # the closing article of an amending 决定 whose title names no document
    ("某市人民代表大会常务委员会关于修改部分地方性法规的决定\n一、对《某市电子商务促进条例》作如下修改：第三条修改为……",
     "amends", [("某市电子商务促进条例", None)]),
    ("某市人民政府关于废止《某市物流业扶持办法》的决定\n市人民政府决定废止该办法。", "repeals",
     [("某市物流业扶持办法", None)]),
    ("某市跨境电商扶持办法\n第二十条 本办法自2025年1月1日起施行，代替《某市电子商务发展扶持办法》（某政发〔2019〕3号）。",
     "replaces", [("某市电子商务发展扶持办法", "某政发〔2019〕3号")]),
    ("某市跨境电商扶持办法\n第二十条 本办法自2025年1月1日起施行。《某市电子商务发展扶持办法》（某政发〔2019〕3号）由本办法替代。",
     "replaces", [("某市电子商务发展扶持办法", "某政发〔2019〕3号")]),
    ("某市通知\n各地要推广可替代《某目录》所列产品的技术。", "replaces", []),  # not the document replacing one
]


@pytest.mark.parametrize(("text", "kind", "expected"), CASES)
def test_relation(text: str, kind: str, expected: list[tuple[str, str | None]]) -> None:
    doc = extract_text(text)
    found = doc.relations[kind]
    assert [(r["title"], r["doc_no"]) for r in found] == expected
    for r in found:
        assert doc.text[slice(*r["span"])] == r["quote"]


PARTIAL_CASES = [
    ("本办法自2025年1月1日起施行，《某市电子商务发展扶持办法》（某政发〔2019〕3号）第十条、第十二条同时废止。",
     "某政发〔2019〕3号", ["第十条", "第十二条"]),
    ("《某市人才新政若干措施》第五条第二款同时废止。", None, ["第五条第二款"]),
    ("《某市电子商务发展扶持办法》第十条同时废止。", None, ["第十条"]),
]


@pytest.mark.parametrize(("text", "doc_no", "articles"), PARTIAL_CASES)
def test_partial_repeal_names_its_articles(text: str, doc_no: str | None, articles: list[str]) -> None:
    relations = extract_text("某市办法\n" + text).relations
    (part,) = relations["repeals_part"]
    assert (part["doc_no"], part["articles"]) == (doc_no, articles)
    (repeal,) = relations["repeals"]
    assert repeal["partial"] is True and repeal["articles"] == articles


def test_whole_repeal_is_not_partial() -> None:
    relations = extract_text(
        "某市办法\n本办法自2025年1月1日起施行。《某市促进电子商务发展的实施意见》（某政办发〔2020〕1号）同时废止。"
    ).relations
    assert relations["repeals_part"] == []
    assert [r["partial"] for r in relations["repeals"]] == [False]
