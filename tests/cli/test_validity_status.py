"""Validity status on dates, as read from the seeds; repeals and new versions held in the store; references."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.docno import split_doc_no
from kb.cli import cli
from kb.ingest import ingest
from kb.queries.references import RefNotFound, resolve
from kb.queries.validity import expiring, parse_within, periods, status
from kb.store import Store
from tests.conftest import LAWREFBOOK, StoreMaker, requires_lawrefbook


@dataclass(frozen=True)
class Case:
    ref: str
    on: str
    status: str
    note: str = ""


# Read from the seeds:
# 邵市政办发〔2024〕4号 印发 2024-03-17, 本通知从2024年1月1号起执行，有效期5年 → 2024-01-01 … 2028-12-31
# 州政办发〔2018〕25号 本通知自发布之日起施行 (2018-06-25), no term
# 邵市政办发〔2023〕21号 自发布之日起实施 (2023-12-21)，有效期三年 → … 2026-12-20
# 衡政发〔2024〕4号 印发 2024-05-07, 自发布之日起施行，有效期两年 → … 2026-05-06
# 丽政办发〔2024〕64号 本政策自2025年1月1日起施行，有效期三年 → … 2027-12-31
CASES = [
    Case("邵市政办发〔2024〕4号", "2026-11-22", "in_force"),
    Case("邵市政办发〔2024〕4号", "2023-12-31", "not_yet_effective"),
    Case("邵市政办发〔2024〕4号", "2024-01-01", "in_force", "effective before it was issued"),
    Case("邵市政办发〔2024〕4号", "2028-12-31", "in_force", "last day of five years"),
    Case("邵市政办发〔2024〕4号", "2029-01-01", "expired"),
    Case("州政办发〔2018〕25号", "2026-11-22", "in_force", "no term: in force until repealed"),
    Case("州政办发〔2018〕25号", "2018-06-24", "not_yet_effective"),
    Case("州政办发〔2018〕25号", "2040-01-01", "in_force"),
    Case("邵市政办发〔2023〕21号", "2026-11-22", "in_force"),
    Case("邵市政办发〔2023〕21号", "2023-12-20", "not_yet_effective"),
    Case("邵市政办发〔2023〕21号", "2026-12-20", "in_force"),
    Case("邵市政办发〔2023〕21号", "2026-12-21", "expired"),
    Case("衡政发〔2024〕4号", "2026-11-22", "expired"),
    Case("衡政发〔2024〕4号", "2025-06-01", "in_force"),
    Case("衡政发〔2024〕4号", "2024-01-01", "not_yet_effective"),
    Case("衡政发〔2024〕4号", "2026-05-06", "in_force"),
    Case("衡政发〔2024〕4号", "2026-05-07", "expired"),
    Case("丽政办发〔2024〕64号", "2026-11-22", "in_force"),
    Case("丽政办发〔2024〕64号", "2024-12-31", "not_yet_effective", "issued 2024-09-24, effective 2025-01-01"),
    Case("丽政办发〔2024〕64号", "2025-01-01", "in_force"),
    Case("丽政办发〔2024〕64号", "2028-01-01", "expired"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.ref}@{c.on}")
def test_seed_status(store: Store, case: Case) -> None:
    result = status(store, case.ref, case.on)
    assert result["status"] == case.status, result["reason"]
    assert result["reason"].endswith("as far as the documents held here show.")
    assert result["on"] == case.on and result["doc_no"] == case.ref


def test_status_keys_and_quoted_reason(store: Store) -> None:
    result = status(store, "衡政发〔2024〕4号", "2026-11-22")
    assert {"doc_no", "title", "status", "effective_from", "expires_on", "repealed_by", "reason", "term_stated",
            "caveats"} <= set(result)
    assert (result["effective_from"], result["expires_on"], result["term_stated"]) == ("2024-05-07", "2026-05-06", True)
    assert "“有效期两年”" in result["reason"]
    assert result["repealed_by"] == [] and result["caveats"] == []


def test_no_term_is_in_force_with_a_caveat(store: Store) -> None:
    result = status(store, "州政办发〔2018〕25号", "2026-11-22")
    assert result["status"] == "in_force" and result["term_stated"] is False and result["expires_on"] is None
    assert any("no term" in c for c in result["caveats"])
    assert "“本通知自发布之日起施行”" in result["reason"]


def test_what_a_document_repealed(store: Store) -> None:
    result = status(store, "丽政办发〔2024〕64号", "2026-11-22")
    repealed = {r["doc_no"]: r for r in result["repeals"]}
    assert repealed["丽政办发〔2021〕67号"]["in_corpus"] is False
    assert "丽政办发〔2021〕67号" in repealed["丽政办发〔2021〕67号"]["quote"]


SYNTHETIC_A = """邵阳市人民政府办公室文件

邵市政办发〔2020〕3号

邵阳市人民政府办公室
关于支持电子商务企业发展的通知

各县市区人民政府，市直有关单位：

为支持电子商务企业发展，现就有关事项通知如下：

一、对电子商务企业给予奖励。

二、本通知自2020年3月1日起施行，有效期五年。

邵阳市人民政府办公室

2020年2月1日
"""

SYNTHETIC_B = """邵阳市人民政府办公室文件

邵市政办发〔2023〕8号

邵阳市人民政府办公室
关于加快电子商务高质量发展的通知

各县市区人民政府，市直有关单位：

为加快电子商务高质量发展，现就有关事项通知如下：

一、对电子商务企业给予奖励。

二、本通知自2023年7月1日起施行，有效期三年。《邵阳市人民政府办公室关于支持电子商务企业发展的通知》（邵市政办发〔2020〕3号）同时废止。

邵阳市人民政府办公室

2023年6月1日
"""


@pytest.fixture()
def pair(tmp_path: Path, stores: StoreMaker) -> Store:
    (tmp_path / "a.txt").write_text(SYNTHETIC_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SYNTHETIC_B, encoding="utf-8")
    store = stores.new()
    assert ingest([tmp_path / "a.txt"], store, workers=1).ok  # A first: B's target is linked when B arrives
    assert ingest([tmp_path / "b.txt"], store, workers=1).ok
    return store


@pytest.mark.parametrize(("on", "expected"), [
    ("2020-02-29", "not_yet_effective"),
    ("2023-06-30", "in_force"),
    ("2023-07-01", "repealed"),
    ("2026-01-01", "repealed"),  # repealed before its own term ran out (2025-02-28)
])
def test_repeal_inside_the_store(pair: Store, on: str, expected: str) -> None:
    result = status(pair, "邵市政办发〔2020〕3号", on)
    assert result["status"] == expected, result["reason"]
    if expected == "repealed":
        (by,) = result["repealed_by"]
        assert (by["doc_no"], by["from"]) == ("邵市政办发〔2023〕8号", "2023-07-01")
        assert "邵市政办发〔2020〕3号" in by["quote"]
        assert "邵市政办发〔2023〕8号" in result["reason"] and "2023-07-01" in result["reason"]
    if on == "2023-06-30":
        assert any("will be repealed" in c for c in result["caveats"])
    assert status(pair, "邵市政办发〔2023〕8号", "2024-01-01")["repeals"][0]["in_corpus"] is True


def test_repeal_linked_whichever_arrives_first(tmp_path: Path, stores: StoreMaker) -> None:
    (tmp_path / "b.txt").write_text(SYNTHETIC_B, encoding="utf-8")
    (tmp_path / "a.txt").write_text(SYNTHETIC_A, encoding="utf-8")
    store = stores.new()
    ingest([tmp_path / "b.txt"], store, workers=1)
    assert status(store, "邵市政办发〔2023〕8号", "2024-01-01")["repeals"][0]["in_corpus"] is False
    ingest([tmp_path / "a.txt"], store, workers=1)
    assert status(store, "邵市政办发〔2020〕3号", "2024-01-01")["status"] == "repealed"
    ends = {p["doc_no"]: p for p in periods(store)}
    assert (ends["邵市政办发〔2020〕3号"]["ends_on"], ends["邵市政办发〔2020〕3号"]["ended_by"]) == ("2023-07-01", "repeals")


def test_unknown_without_an_effective_date(stores: StoreMaker) -> None:
    store = stores.new()
    store.put_document({"text": "某文件", "title": "某文件", "issue_date": "2020-01-01", "extractor_version": "t"},
                       source="x", content_hash="h")
    result = status(store, "某文件", "2024-01-01")
    assert result["status"] == "unknown" and "2020-01-01" in result["reason"]


@requires_lawrefbook
def test_law_versions_supersede(stores: StoreMaker) -> None:
    folder = LAWREFBOOK / "民法商法"
    old, new = folder / "公司法(2018-10-26).md", folder / "公司法(2023-12-29).md"
    store = stores.new()
    assert ingest([new, old], store, workers=1).ok
    old_id = resolve(store, "中华人民共和国公司法@2018-10-26")
    new_id = resolve(store, "中华人民共和国公司法")  # a bare title: the newest version
    assert new_id != old_id and resolve(store, "公司法(2023-12-29)") == new_id
    on_new = status(store, old_id, "2025-01-01")
    assert on_new["status"] == "superseded" and on_new["superseded_by"][0]["id"] == new_id
    before = status(store, old_id, "2024-01-01")  # the 2023 revision took effect on 2024-07-01
    assert before["status"] == "in_force" and any("newer version" in c for c in before["caveats"])
    assert status(store, new_id, "2025-01-01")["status"] == "in_force"


def test_expiring(store: Store) -> None:
    rows = expiring(store, 60, "2026-11-01")
    assert [(r["doc_no"], r["expires_on"], r["days_left"]) for r in rows] == [("邵市政办发〔2023〕21号", "2026-12-20", 49)]
    assert [r["doc_no"] for r in expiring(store, 365, "2026-01-01")] == ["衡政发〔2024〕4号", "邵市政办发〔2023〕21号"]
    assert parse_within("60d") == 60 and parse_within("8w") == 56 and parse_within("1y") == 365


def test_references_in_any_brackets(store: Store) -> None:
    expected = resolve(store, "衡政发〔2024〕4号")
    for ref in ("衡政发[2024]4号", "衡政发（2024）4号", "衡政发(2024)4号", "衡政发【2024】4号", " 衡政发 〔2024〕 4 号 ",
                str(expected), "衡阳市人民政府关于印发《衡阳市支持跨境电子商务高质量发展的若干措施（试行）》的通知"):
        assert resolve(store, ref) == expected, ref
    assert split_doc_no("衡政发[2024]14号") == ("衡政发", 2024, "14")


def test_unknown_doc_no_gives_suggestions(store: Store) -> None:
    with pytest.raises(RefNotFound) as info:
        resolve(store, "衡政发[2024]14号")
    assert info.value.suggestions[0]["doc_no"] == "衡政发〔2024〕4号"
    with pytest.raises(RefNotFound) as info:
        resolve(store, "邵市政办发(2023)12号")
    assert info.value.suggestions[0]["doc_no"] == "邵市政办发〔2023〕21号"
    with pytest.raises(RefNotFound) as info:
        resolve(store, "湘政办发〔2023〕9号")  # cited by two documents held here, not itself held
    assert {m["doc_no"] for m in info.value.mentioned_by} == {"邵市政办发〔2023〕21号", "衡政发〔2024〕4号"}


def test_cli_status(db: str) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["status", "衡政发[2024]4号", "--on", "2026-11-22", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["status"], data["doc_no"], data["expires_on"]) == ("expired", "衡政发〔2024〕4号", "2026-05-06")
    text = runner.invoke(cli, ["status", "丽政办发〔2024〕64号", "--on", "2024-12-31", "--db", str(db)])
    assert text.exit_code == 0 and text.output.startswith("not_yet_effective\t丽政办发〔2024〕64号")
    missing = runner.invoke(cli, ["status", "衡政发[2024]14号", "--db", str(db)])
    assert missing.exit_code == 1
    assert "did you mean:" in missing.output and "衡政发〔2024〕4号" in missing.output
    missing_json = runner.invoke(cli, ["status", "衡政发[2024]14号", "--db", str(db), "--json"])
    assert missing_json.exit_code == 1
    assert json.loads(missing_json.output)["suggestions"][0]["doc_no"] == "衡政发〔2024〕4号"
    bad_date = runner.invoke(cli, ["status", "衡政发〔2024〕4号", "--on", "2026-13-01", "--db", str(db)])
    assert bad_date.exit_code == 1 and "not a date" in bad_date.output


def test_cli_expiring_docs_show(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["expiring", "--within", "60d", "--on", "2026-11-01", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2026-12-20\t49 days\t邵市政办发〔2023〕21号")
    docs = runner.invoke(cli, ["docs", "--db", str(db), "--json"])
    assert docs.exit_code == 0 and len(json.loads(docs.output)) == 5
    show = runner.invoke(cli, ["show", "丽政办发〔2024〕64号", "--db", str(db)])
    assert show.exit_code == 0 and "→ repeals 丽政办发〔2021〕67号 (not held here)" in show.output
    nostore = runner.invoke(cli, ["docs", "--db", str(tmp_path / "none.sqlite")])
    assert nostore.exit_code == 1 and "no store at" in nostore.output


@pytest.mark.parametrize(("on", "reason"), [
    ("2025-06-01", "自 2024-05-07 起施行，有效至 2026-05-06（依据：“本政策措施自发布之日起施行”“有效期两年”）。"
                   "以上仅依据本库所收文件判断。"),
    ("2026-06-01", "施行期间 2024-05-07 至 2026-05-06，2026-05-06 为最后有效日，自 2026-05-07 起失效（依据："
                   "“本政策措施自发布之日起施行”“有效期两年”）。以上仅依据本库所收文件判断。"),
])
def test_the_chinese_reason_quotes_the_deciding_words(store: Store, on: str, reason: str) -> None:
    from kb.text.messages import reason_zh

    assert reason_zh(status(store, "衡政发〔2024〕4号", on)) == reason


_REPEAL = {"doc_no": "衡政发〔2026〕1号", "title": "", "from": "2026-01-01", "quote": "原文件同时废止"}
_TWIN = {"id": 2, "source": "changed.txt", "doc_no": "衡政发〔2024〕4号", "title": ""}
REASON_ROWS = [
    # (status, the fields beyond effective_from/expires_on that status rests on, words its reason must hold)
    ("in_force", {}, "自 2024-05-07 起施行，有效至 2026-05-06"),
    ("not_yet_effective", {}, "尚未生效"),
    ("expired", {}, "2026-05-06 为最后有效日，自 2026-05-07 起失效"),
    ("repealed", {"repealed_by": [_REPEAL]}, "已被 衡政发〔2026〕1号 废止"),
    ("superseded", {"superseded_by": [{"from": "2026-01-01", "version_date": "2025-12-01"}]}, "新版本取代"),
    ("unknown", {}, "未见施行日期"),
    ("conflict", {"conflicts": [_TWIN]}, "文号冲突"),
]


def test_every_status_has_its_chinese_reason() -> None:
    from kb.text.messages import STATUS_ZH

    assert sorted(row[0] for row in REASON_ROWS) == sorted(STATUS_ZH)


@pytest.mark.parametrize(("status", "fields", "words"), REASON_ROWS)
def test_the_chinese_reason_follows_the_status(status: str, fields: dict, words: str) -> None:
    from kb.text.messages import reason_zh

    reason = reason_zh({"status": status, "effective_from": "2024-05-07", "expires_on": "2026-05-06", **fields})
    assert words in reason
    assert status == "in_force" or "有效至" not in reason
