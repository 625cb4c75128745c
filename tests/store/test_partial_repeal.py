"""A partial repeal reaches the measures (kb.queries.partial_repeal, match, compare), on both stores.

No document in ../shared/corpus (dev, wider, lawrefbook) repeals named articles of a document held there (their
同时废止 all repeal whole documents), so the store holds two real documents A — 广州市居家社区养老服务管理办法
(穗府办规〔2022〕13号, 52 articles 第X条, money in 第十三条, 第二十六条, 第三十三条（一）–（三）, 第三十六条（一）（二）)
and the 湘西 seed (州政办发〔2018〕25号, items （一）…（十七） numbered through its sections, no 第X条) — and
real-shaped notices B written here, in the genre's own words (《A》（文号）第X条同时废止 / 停止执行 / 不再执行,
本通知自…起施行): their 文号 are made up for the test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.queries.compare import compare
from kb.queries.match import match
from kb.queries.match.profile import profile_from_dict
from kb.queries.partial_repeal import named_provisions, provision, repeals_of
from tests.conftest import DEV, StoreMaker, requires_shared, seed

pytestmark = requires_shared

A = "穗府办规〔2022〕13号"
A_TITLE = "《广州市居家社区养老服务管理办法》（穗府办规〔2022〕13号）"
HEAD = "各区人民政府，市政府各部门、各直属机构：\n经市人民政府同意，现就有关事项通知如下：\n"
NOTICES = {
    # 第十三条 and 第三十三条 (in Arabic numerals, as some notices print them) from 2025-07-01
    "b1.txt": ("广州市人民政府办公厅关于调整居家社区养老服务有关政策的通知", "穗府办规〔2025〕3号",
               f"一、{A_TITLE}第十三条、第33条同时废止。\n二、本通知自2025年7月1日起施行。", "2025年6月10日"),
    # 第三条, 第十条 and a range, none of them holding money, from 2025-01-01
    "b2.txt": ("广州市人民政府办公厅关于清理居家社区养老服务设施设置有关规定的通知", "穗府办规〔2025〕1号",
               f"一、{A_TITLE}第三条、第十条、第十四条至第十六条同时废止。\n二、本通知自2025年1月1日起施行。",
               "2024年12月20日"),
    # a 款 and a 项, from 2025-03-01
    "b3.txt": ("广州市人民政府办公厅关于调整居家社区养老服务资助和补贴政策的通知", "穗府办规〔2025〕5号",
               f"一、{A_TITLE}第二十六条第二款、第三十六条第二项停止执行。\n二、本通知自2025年3月1日起施行。",
               "2025年2月20日"),
    # no effective date stated
    "b4.txt": ("广州市民政局关于居家社区养老服务资助标准有关事项的通知", "穗民〔2025〕9号",
               f"{A_TITLE}第二十六条第一款不再执行。", "2025年4月1日"),
    # the 湘西 seed's 第十七条: it numbers no 第X条
    "b5.txt": ("湘西土家族苗族自治州人民政府办公室关于调整电子商务扶持政策的通知", "州政办发〔2025〕2号",
               "一、《湘西自治州人民政府办公室关于加快电子商务发展若干政策措施的通知》（州政办发〔2018〕25号）"
               "第十七条同时废止。\n二、本通知自2025年1月1日起施行。", "2024年12月25日"),
}
ISSUERS = {"b4.txt": "广州市民政局", "b5.txt": "湘西土家族苗族自治州人民政府办公室"}


def partial_repeal_files(folder: Path) -> list[Path]:
    """The files of the store: the two documents A and the notices B, written into ``folder``."""
    for name, (title, doc_no, body, day) in NOTICES.items():
        head = HEAD if name != "b4.txt" else "各区民政局：\n根据工作需要，现就有关事项通知如下：\n"
        issuer = ISSUERS.get(name, "广州市人民政府办公厅")
        (folder / name).write_text(f"{title}\n{doc_no}\n\n{head}{body}\n\n{issuer}\n{day}\n", encoding="utf-8")
    return [DEV / "gz_home_community_elderly_care_2022.txt", seed("001"), folder]


@pytest.fixture(scope="module")
def address(stores: StoreMaker, tmp_path_factory: pytest.TempPathFactory) -> str:
    from kb.ingest import ingest

    where = stores.address("partial")
    report = ingest(partial_repeal_files(tmp_path_factory.mktemp("notices")), stores.open(where), workers=1)
    assert report.ok, report.failed
    return where


@pytest.fixture(scope="module")
def store(stores: StoreMaker, address: str) -> Any:
    return stores.open(address)


def doc_id(store: Any, doc_no: str) -> int:
    (found,) = [d["id"] for d in store.documents() if d["doc_no"] == doc_no]
    return int(found)


GUANGZHOU = profile_from_dict({"name": "养老服务企业", "city": "广州市", "entity_kind": "enterprise"})


def clauses_of(rows: list[dict[str, Any]], doc_no: str = A) -> list[str]:
    return [r["clause"] for r in rows if r["doc_no"] == doc_no]


# -- numbers, not words --------------------------------------------------------------------------------------


def number(label: str) -> tuple[int, int]:
    p = provision(label)
    assert p is not None, label
    return p.article, p.sub


def test_articles_are_compared_by_number() -> None:
    assert number("第10条") == number("第十条") == (10, 0)
    assert number("第十一条") == (11, 0) and number("第一百条") == (100, 0) and number("第一百零五条") == (105, 0)
    assert number("第十条之一") == (10, 1) and provision("第十条规定") is None
    para = provision("第三条第二款第一项")
    assert para is not None and (para.article, para.paragraph, para.item) == (3, 2, 1)
    assert [p.article for p in named_provisions(["第五条", "第七条"], "《X》第五条至第七条同时废止")] == [5, 6, 7]
    assert [p.article for p in named_provisions(["第五条", "第七条"], "《X》第五条、第七条同时废止")] == [5, 7]


def test_an_article_named_reaches_only_that_article(store: Any) -> None:
    a = doc_id(store, A)
    named = {c: [r["by"]["doc_no"] for r in repeals_of(store, a, c, "2025-06-01")]
             for c in ("c1.a3", "c2.a10", "c2.a11", "c2.a13", "c2.a14", "c2.a15", "c2.a16", "c2.a17", "c5.a33.2")}
    assert named["c1.a3"] == named["c2.a10"] == ["穗府办规〔2025〕1号"]
    assert named["c2.a15"] == ["穗府办规〔2025〕1号"]  # 第十四条至第十六条
    assert named["c2.a11"] == [] and named["c2.a17"] == []  # 第十条 is not 第十一条; the range ends at 第十六条
    # 第三条 is in neither 第十三条 nor 第三十三条; 第十三条 is not in 第三十三条
    assert named["c2.a13"] == ["穗府办规〔2025〕3号"] and named["c5.a33.2"] == ["穗府办规〔2025〕3号"]


def test_a_record_says_who_repeals_when_and_in_which_words(store: Any) -> None:
    a = doc_id(store, A)
    before = repeals_of(store, a, "c5.a33.1", "2025-06-30")
    after = repeals_of(store, a, "c5.a33.1", "2025-07-01")
    assert [r["status"] for r in before] == ["pending"] and [r["status"] for r in after] == ["repealed"]
    (r,) = after
    assert r["certain"] and r["article"] == "第三十三条" and r["named"] == "第33条" and r["from"] == "2025-07-01"
    assert r["by"]["doc_no"] == "穗府办规〔2025〕3号"
    assert r["quote"] == f"{A_TITLE}第十三条、第33条同时废止"
    assert r["reason_zh"].startswith("已被《广州市人民政府办公厅关于调整居家社区养老服务有关政策的通知》"
                                     "（穗府办规〔2025〕3号）废止（第三十三条），自 2025-07-01 起")


# -- match ------------------------------------------------------------------------------------------------------


def test_match_offers_the_measures_before_the_repeal_and_leaves_them_out_after(store: Any) -> None:
    before = match(store, GUANGZHOU, "2025-06-30", lang="zh")
    after = match(store, GUANGZHOU, "2025-07-01", lang="zh")
    named = {"c2.a13", "c5.a33.1", "c5.a33.2", "c5.a33.3"}
    assert named <= set(clauses_of(before["results"]))
    assert not named & set(clauses_of(after["results"]))
    assert sorted(clauses_of(after["repealed"])) == sorted(named | {"c5.a36.2"})  # and 第三十六条第二项, from March
    (thirteen,) = [r for r in after["repealed"] if r["clause"] == "c2.a13"]
    assert thirteen["reason"].startswith("已被《广州市人民政府办公厅关于调整居家社区养老服务有关政策的通知》"
                                         "（穗府办规〔2025〕3号）废止（第十三条），自 2025-07-01 起")
    assert "第十三条、第33条同时废止" in thirteen["reason"] and thirteen["repeal"]["from"] == "2025-07-01"
    # before the day the repeal to come is said, and the measure is not left out
    (pending,) = [r for r in before["results"] if r["clause"] == "c2.a13"]
    assert any(reason.startswith("将被《") and "2025-07-01" in reason for reason in pending["reasons"])
    assert clauses_of(before["repealed"]) == ["c5.a36.2"]  # 第三十六条第二项, stopped from 2025-03-01


def test_match_keeps_the_articles_not_named(store: Any) -> None:
    after = match(store, GUANGZHOU, "2025-07-01")
    kept = clauses_of(after["results"])
    assert kept.count("c4.a26") == 2  # 第二十六条第二款 is named; both measures stand in its 第一款
    assert "c5.a36.1" in kept and "c5.a36.2" not in kept  # 第三十六条第二项 is （二）, not （一）
    assert clauses_of(after["repealed"]).count("c5.a36.2") == 1


def test_a_repeal_with_no_effective_date_is_said_and_takes_nothing_away(store: Any) -> None:
    result = match(store, GUANGZHOU, "2025-07-01")
    sums = [r for r in result["results"] if r["clause"] == "c4.a26"]
    assert len(sums) == 2 and all(r["status"] != "eligible" for r in sums)
    for r in sums:
        (repeal,) = r["partial_repeals"]
        assert (repeal["status"], repeal["by"]["doc_no"], repeal["from"]) == ("date_unknown", "穗民〔2025〕9号", None)
        assert any("states no effective date" in reason for reason in r["reasons"])


def test_a_document_with_no_articles_is_read_with_doubt_never_left_out(store: Any) -> None:
    xiangxi = doc_id(store, "州政办发〔2018〕25号")
    (r,) = repeals_of(store, xiangxi, "5.17", "2025-06-01")
    assert (r["status"], r["certain"], r["article"]) == ("repealed", False, "（十七）") and "numbers no 第X条" in r["reading"]
    assert repeals_of(store, xiangxi, "5.16", "2025-06-01") == []
    result = match(store, profile_from_dict({"name": "湘西企业", "city": "湘西土家族苗族自治州",
                                             "entity_kind": "enterprise"}), "2025-06-01")
    seventeen = [r for r in result["results"] if r["clause"] == "5.17"]
    assert len(seventeen) == 2 and all(r["status"] != "eligible" and r["partial_repeals"] for r in seventeen)
    assert result["repealed"] == []


def test_the_cli_report_lists_the_measures_left_out(address: str, tmp_path: Path) -> None:
    profile = tmp_path / "gz.toml"
    profile.write_text('name = "养老服务企业"\ncity = "广州市"\nentity_kind = "enterprise"\n', encoding="utf-8")
    out = CliRunner().invoke(cli, ["match", str(profile), "--on", "2025-07-01", "--db", address, "--lang", "zh"])
    assert out.exit_code == 0, out.output
    tail = out.output.split("所在条款已被其他文件废止、未纳入匹配的措施：", 1)[1]
    assert f"{A} 第十三条：已被《" in tail and "（穗府办规〔2025〕3号）废止（第十三条）" in tail


# -- compare ----------------------------------------------------------------------------------------------------


def test_compare_on_a_date_leaves_the_repealed_measures_out_with_why(store: Any) -> None:
    before = compare(store, "养老服务", ["广州"], on="2025-06-30")["cities"][0]
    after = compare(store, "养老服务", ["广州"], on="2025-07-01")["cities"][0]
    named = {"c2.a13", "c5.a33.1", "c5.a33.2", "c5.a33.3"}
    assert named <= set(clauses_of(before["measures"]))
    assert not named & set(clauses_of(after["measures"]))
    assert named <= set(clauses_of(after["repealed"]))
    assert {"c4.a26", "c5.a36.1"} <= set(clauses_of(after["measures"]))
    (thirteen,) = [r for r in after["repealed"] if r["clause"] == "c2.a13"]
    assert thirteen["reason_zh"].startswith("已被《广州市人民政府办公厅关于调整居家社区养老服务有关政策的通知》"
                                            "（穗府办规〔2025〕3号）废止（第十三条），自 2025-07-01 起")
    assert thirteen["reason"].startswith("第十三条: repealed by 《") and "from 2025-07-01" in thirteen["reason"]


def test_compare_without_a_date_marks_the_measure_repealed_today(store: Any) -> None:
    today = compare(store, "养老服务", ["广州"])["cities"][0]  # every notice here is in effect by now
    status = {m["clause"]: m["status"] for m in today["measures"] if m["doc_no"] == A}
    assert status["c2.a13"] == status["c5.a33.1"] == status["c5.a36.2"] == "repealed"
    assert status["c4.a26"] == status["c5.a36.1"] == "in_force"
    assert today["repealed"] == []
