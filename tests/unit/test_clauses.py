"""The clause tree on real texts: labels, nesting, headings, spans and ids (seeds, dev documents, laws)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.clauses import cn_number, item_heading, parse_clauses, read_label
from extractor.header import parse_header
from extractor.models import Clause
from extractor.normalize import normalize
from tests.conftest import DEV, LAWREFBOOK, SEEDS, dev_files, requires_lawrefbook, requires_shared, seed


def _text(path: Path) -> str:
    return normalize(path.read_text(encoding="utf-8")).text


def _clauses(path: Path) -> tuple[str, list[Clause]]:
    text = _text(path)
    return text, parse_clauses(text, parse_header(text).body_start)


def _by_label(clauses: list[Clause]) -> dict[str, list[Clause]]:
    out: dict[str, list[Clause]] = {}
    for clause in clauses:
        out.setdefault(clause.label, []).append(clause)
    return out


def _only(clauses: list[Clause], label: str) -> Clause:
    (found,) = _by_label(clauses)[label]
    return found


CN = "一二三四五六七八九十"


def _cn_labels(count: int, paren: bool) -> list[str]:
    numbers = [
        CN[n - 1]
        if n <= 10
        else ("十" if n < 20 else CN[n // 10 - 1] + "十") + (CN[n % 10 - 1] if n % 10 else "")
        for n in range(1, count + 1)
    ]
    return [f"（{n}）" if paren else f"{n}、" for n in numbers]


# --- seeds: labels and nesting ---------------------------------------------------------------------------


def test_seed_001_runs_items_on_across_sections() -> None:
    _, clauses = _clauses(seed("001"))
    top = [c for c in clauses if c.level == 1]
    items = [c for c in clauses if c.label.startswith("（")]
    assert [c.label for c in top] == _cn_labels(7, paren=False)
    assert [c.label for c in items] == _cn_labels(23, paren=True)
    by_id = {c.id: c for c in clauses}
    assert by_id[_only(clauses, "（十八）").parent].label == "六、"
    assert by_id[_only(clauses, "（四）").parent].label == "二、"
    assert all(by_id[c.parent].level == 1 for c in items)


def test_seed_003_three_levels_in_the_attached_measures() -> None:
    _, clauses = _clauses(seed("003"))
    labels = _by_label(clauses)
    assert [c.label for c in clauses if c.level == 1] == ["一、", "二、", "三、"]
    assert [c.label for c in clauses if c.level == 2] == _cn_labels(7, paren=True)
    assert [c.label for c in clauses if c.level == 3] == [f"{n}." for n in range(1, 17)]
    by_id = {c.id: c for c in clauses}
    five = labels["5."][0]
    assert by_id[five.parent].label == "（三）"
    assert by_id[by_id[five.parent].parent].label == "二、"


def test_seed_000_items_under_support_measures() -> None:
    _, clauses = _clauses(seed("000"))
    two = _only(clauses, "二、")
    children = [c for c in clauses if c.parent == two.id]
    assert [c.label for c in children] == _cn_labels(6, paren=True)
    assert [c.label for c in clauses if c.level == 1] == _cn_labels(5, paren=False)


def test_seed_002_one_level_in_the_attachment() -> None:
    _, clauses = _clauses(seed("002"))
    assert [c.label for c in clauses] == _cn_labels(9, paren=False)
    assert all(c.level == 1 and c.parent is None for c in clauses)


def test_seed_004_sections_and_items() -> None:
    _, clauses = _clauses(seed("004"))
    assert [c.label for c in clauses if c.level == 1] == _cn_labels(6, paren=False)
    assert [c.label for c in clauses if c.level == 2] == _cn_labels(19, paren=True)


def test_header_lines_are_never_clauses() -> None:
    """From offset 0 (no header parser), 邵市政办发〔2024〕4号 and dates give no clause."""
    for path in SEEDS:
        text = _text(path)
        with_header = parse_clauses(text, parse_header(text).body_start)
        from_zero = parse_clauses(text)
        assert [c.id for c in from_zero] == [c.id for c in with_header], path.name


# --- headings ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "label", "heading"),
    [
        ("000", "（一）", "鼓励境内外知名电子商务企业落户邵阳"),
        ("000", "（三）", "鼓励支持电子商务进农村、进社区，做好数商兴农工作"),
        ("000", "一、", "实施范围"),
        ("003", "1.", "支持跨境电子商务产业园建设"),
        ("003", "5.", "支持跨境电商业务试点，鼓励衡品出海"),
        ("003", "（三）", "大力培育引进跨境电子商务经营主体"),
        ("001", "（一）", "构建农村电子商务服务平台体系"),
        ("002", "一、", "支持企业建设和经营公铁货栈查验场和货运集散中心"),
        ("004", "（四）", "加大电商企业招引"),
    ],
)
def test_titles_are_headings(prefix: str, label: str, heading: str) -> None:
    _, clauses = _clauses(seed(prefix))
    assert _by_label(clauses)[label][0].heading == heading


@pytest.mark.parametrize(
    ("prefix", "label"),
    [
        ("001", "（十七）"),  # 州内企业在海外建立…: a whole-sentence item
        ("001", "（十八）"),
        ("001", "（二十三）"),  # 本通知自发布之日起施行。
        ("000", "五、"),  # 本通知从2024年1月1号起执行，有效期5年。
        ("003", "16."),  # 对跨境电商企业年度缴纳社保费用总额的10%进行补贴，…
        ("004", "（十九）"),
    ],
)
def test_whole_sentence_items_have_no_heading(prefix: str, label: str) -> None:
    _, clauses = _clauses(seed(prefix))
    assert _by_label(clauses)[label][0].heading is None


def test_item_heading_rules() -> None:
    assert item_heading("加强组织领导。各区、各部门要…", False) == "加强组织领导"
    assert item_heading("名称；", False) is None
    assert item_heading("需求评估。区级残联组织利用…", False) == "需求评估"
    assert item_heading("市、区财政部门按规定及时下达残疾人两项补贴资金。", True) is None  # subject first
    assert item_heading("报名时间", True) == "报名时间"
    assert item_heading("报名时间", False) is None  # nothing follows: a list entry, not a title


# --- labels that are not labels ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "详见11.5条的规定执行。",
        "2024.1起执行。",
        "1.5万元以下的部分按50%补贴。",
        "2024年3月17日",
        "第3条规定的情形除外。",
        "第五条第二款所称企业，是指…",
        "一、二级残疾人按月发放。",
        "（一）、（二）项规定的情形",
    ],
)
def test_numbers_in_sentences_are_not_labels(line: str) -> None:
    assert read_label(line) is None
    clauses = parse_clauses(f"一、总则\n{line}\n二、附则\n本办法自发布之日起施行。")
    assert [c.label for c in clauses] == ["一、", "二、"]


def test_label_must_continue_its_sequence() -> None:
    text = "一、总体要求\n（一）工作目标\n到2025年，…\n（五）不合序\n（二）基本原则\n坚持…\n3.例如\n（三）主要任务"
    assert [c.label for c in parse_clauses(text)] == ["一、", "（一）", "（二）", "（三）"]


def test_year_after_a_label_is_still_a_label() -> None:
    clauses = parse_clauses("一、报名材料\n1.2026年参与企业申请表（附件1）。\n2.企业信息采集表（附件2）。")
    assert [c.label for c in clauses] == ["一、", "1.", "2."]


def test_articles_quoting_other_articles() -> None:
    text = "第四十三条违法建设的，责令改正。\n第四十四条第四十三条所称情形包括：\n（一）…；\n（二）…。\n第四十五条本条例自公布之日起施行。"
    clauses = parse_clauses(text)
    assert [c.label for c in clauses if c.kind == "article"] == ["第四十三条", "第四十四条", "第四十五条"]


def test_chinese_numbers() -> None:
    assert [cn_number(t) for t in ("一", "十", "十九", "二十三", "一百零五", "一千二百六十", "12")] == [
        1,
        10,
        19,
        23,
        105,
        1260,
        12,
    ]


# --- structure of every seed and dev document --------------------------------------------------------------


def _documents() -> list[Path]:
    return list(SEEDS) + dev_files()


def _check_tree(text: str, clauses: list[Clause]) -> None:
    ids = [c.id for c in clauses]
    assert len(set(ids)) == len(ids), "ids are unique"
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", i) for i in ids), "ids are URL-safe"
    assert [c.start for c in clauses] == sorted(c.start for c in clauses), "text order"
    by_id = {c.id: c for c in clauses}
    for clause in clauses:
        assert 0 <= clause.start < clause.end <= len(text)
        assert text[clause.start : clause.end].startswith(clause.label), clause
        assert clause.kind in {"chapter", "section", "article", "item", "attachment"}
        if clause.parent is None:
            assert clause.level == 1
        else:
            parent = by_id[clause.parent]
            assert parent.level == clause.level - 1
            assert parent.start < clause.start and clause.end <= parent.end, (parent, clause)
    siblings: dict[str | None, list[Clause]] = {}
    for clause in clauses:
        siblings.setdefault(clause.parent, []).append(clause)
    for group in siblings.values():
        for before, after in zip(group, group[1:], strict=False):
            assert before.end <= after.start, (before, after)


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.stem[:40])
def test_spans_nesting_and_ids(path: Path) -> None:
    text, clauses = _clauses(path)
    _check_tree(text, clauses)


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.stem[:40])
def test_ids_are_stable(path: Path) -> None:
    text = _text(path)
    first = parse_clauses(text, parse_header(text).body_start)
    again = parse_clauses(normalize(path.read_text(encoding="utf-8")).text, parse_header(text).body_start)
    assert first == again


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_closing_block_is_not_in_any_clause(prefix: str) -> None:
    text, clauses = _clauses(seed(prefix))
    cc = text.index("抄送")
    assert max(c.end for c in clauses) <= cc
    last = clauses[-1]
    assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日印发", text[last.start : last.end])


# --- rules and regulations ---------------------------------------------------------------------------------


@requires_shared
def test_gz_rules_chapters_and_articles() -> None:
    text, clauses = _clauses(DEV / "gz_talent_hukou_implementing_rules_2022.txt")
    chapters = [c for c in clauses if c.kind == "chapter"]
    articles = [c for c in clauses if c.kind == "article"]
    assert [c.label for c in chapters] == [f"第{n}章" for n in "一二三四五"]
    assert chapters[0].heading == "总则"
    assert len(articles) == len(re.findall(r"(?m)^第[一二三四五六七八九十]+条", text)) == 23
    by_id = {c.id: c for c in clauses}
    assert all(by_id[a.parent].kind == "chapter" for a in articles)
    assert by_id[articles[0].parent].label == "第一章"
    assert all(a.heading is None for a in articles)
    items = [c for c in clauses if c.parent == _only(clauses, "第五条").id]
    assert [c.label for c in items] == ["（一）", "（二）"]


@requires_shared
def test_restarted_list_inside_an_article_gets_suffixed_ids() -> None:
    _, clauses = _clauses(DEV / "cn_market_entity_registration_regulation_2021.txt")
    article = _only(clauses, "第八条")
    items = [c for c in clauses if c.parent == article.id]
    assert [c.label for c in items] == _cn_labels(6, paren=True) + _cn_labels(5, paren=True)
    assert len({c.id for c in items}) == 11
    assert items[5].end <= items[6].start
    assert len([c for c in clauses if c.kind == "article"]) == 55


@requires_shared
def test_paragraph_after_an_enumeration_belongs_to_the_article() -> None:
    text, clauses = _clauses(DEV / "cn_market_entity_registration_regulation_2021.txt")
    six = [c for c in clauses if c.parent == _only(clauses, "第八条").id][5]
    assert "除前款规定外" not in text[six.start : six.end]
    assert six.heading is None


@requires_shared
def test_attachments_open_their_own_numbering() -> None:
    _, clauses = _clauses(DEV / "gz_family_doctor_contract_service_2023.txt")
    attachments = [c for c in clauses if c.kind == "attachment"]
    assert [c.label for c in attachments] == ["附件1", "附件2"]
    assert attachments[0].heading and attachments[0].heading.startswith(
        "广州市家庭医生签约服务质量监测指标体系"
    )
    inside = [c for c in clauses if c.parent == attachments[0].id]
    assert inside and inside[0].label == "1." and inside[0].level == 2


def test_article_title_in_brackets() -> None:
    clauses = parse_clauses("第一章总则\n第一条【目的】为了规范…，制定本办法。\n第二条本办法适用于…")
    assert [c.heading for c in clauses] == ["总则", "目的", None]


@requires_lawrefbook
@pytest.mark.lawrefbook
def test_lawrefbook_sample_nests_articles_in_chapters() -> None:
    files = sorted(p for p in LAWREFBOOK.rglob("*.md") if p.name != "_index.md")
    sample = files[:: max(1, len(files) // 30)][:30]
    with_chapters = 0
    for path in sample:
        text = _text(path)
        clauses = parse_clauses(text)
        _check_tree(text, clauses)
        articles = [c for c in clauses if c.kind == "article"]
        printed = re.findall(r"(?m)^第[一二三四五六七八九十百千零〇]+条", text)
        assert len(articles) >= 0.9 * len(printed), path.name
        chapters = {c.id for c in clauses if c.kind in ("chapter", "section")}
        if chapters and articles:
            with_chapters += 1
            first_chapter = min(c.start for c in clauses if c.id in chapters)
            assert all(a.parent in chapters for a in articles if a.start > first_chapter), path.name
    assert with_chapters >= 5
