"""Validity as legal staff need it (issue 12): documents known only by reference, bare 文号, 时效性 labels, version
chains picked by date, article diffs of real dated laws, and the platform's metadata kept beside the text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.docno import doc_no_key
from kb.cli import cli
from kb.ingest import ingest
from kb.platform import platform_metadata
from kb.queries.conflicts import with_conflict
from kb.queries.history import NoOtherVersion, diff, version_list
from kb.queries.references import RefNotFound, resolve
from kb.queries.validity import status
from kb.store import Store
from tests.conftest import LAWREFBOOK, SHARED, StoreMaker, requires_lawrefbook, seed

WIDER = SHARED / "corpus" / "wider"



# -- documents known only by reference -------------------------------------------------------------------------

# 丽政办发〔2024〕64号 (held): 本政策自2025年1月1日起施行 … 《…实施意见》（丽政办发〔2021〕67号）…同时废止
@pytest.mark.parametrize(("ref", "on", "expected", "label"), [
    ("丽政办发〔2021〕67号", "2025-01-01", "repealed", "已废止"),
    ("丽政办发〔2021〕67号", "2026-06-01", "repealed", "已废止"),
    ("丽政办发〔2021〕67号", "2024-12-31", "unknown", None),
    ("丽政办发[2021]67号", "2025-06-01", "repealed", "已废止"),
    ("丽政办发2021年67号", "2025-06-01", "repealed", "已废止"),
    ("丽水市人民政府办公室关于促进跨境电子商务发展的实施意见", "2025-06-01", "repealed", "已废止"),
])
def test_a_repealed_document_not_held(store: Store, ref: str, on: str, expected: str, label: str | None) -> None:
    result = status(store, ref, on)
    assert (result["status"], result["label"], result["in_corpus"]) == (expected, label, False)
    assert result["doc_no"] == "丽政办发〔2021〕67号" and result["id"] is None
    (repealer,) = result["repealed_by"]
    assert repealer["doc_no"] == "丽政办发〔2024〕64号" and repealer["from"] == "2025-01-01"
    assert "丽政办发〔2021〕67号" in repealer["quote"]
    if expected == "unknown":
        assert result["pending_repeal"]["doc_no"] == "丽政办发〔2024〕64号"
        assert any("pending repeal" in c and "2025-01-01" in c for c in result["caveats"])


def test_cli_status_of_a_document_not_held(db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["status", "丽政办发〔2021〕67号", "--on", "2025-06-01", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["status"], data["label"], data["in_corpus"]) == ("repealed", "已废止", False)
    text = runner.invoke(cli, ["status", "丽政办发〔2021〕67号", "--on", "2024-06-01", "--db", str(db)])
    assert text.exit_code == 0 and text.output.startswith("unknown\t丽政办发〔2021〕67号")
    assert "pending repeal: 丽政办发〔2024〕64号" in text.output and "(not held here)" in text.output
    cited_only = runner.invoke(cli, ["status", "湘政办发〔2023〕9号", "--db", str(db)])  # cited, never repealed
    assert cited_only.exit_code == 1 and "named but not held here: cites" in cited_only.output
    nowhere = runner.invoke(cli, ["status", "丽政办发〔2021〕76号", "--db", str(db), "--json"])
    assert nowhere.exit_code == 1 and json.loads(nowhere.output)["error"] == "not_found"


@pytest.mark.parametrize(("typed", "held"), [
    ("衡政发2024年4号", "衡政发〔2024〕4号"),
    ("邵市政办发2023 21号", "邵市政办发〔2023〕21号"),
    ("邵市政办发2023年第21号", "邵市政办发〔2023〕21号"),
    ("邵市政办发２０２４年４号", "邵市政办发〔2024〕4号"),
    ("丽政办发 2024-64号", "丽政办发〔2024〕64号"),
])
def test_doc_no_typed_without_brackets(store: Store, typed: str, held: str) -> None:
    assert doc_no_key(typed) == held
    assert resolve(store, typed) == resolve(store, held)


@pytest.mark.parametrize("text", ["衡政发20244号", "中华人民共和国公司法", "2024年4号"])
def test_what_is_not_a_bare_doc_no(text: str) -> None:
    assert doc_no_key(text) == text.replace(" ", "")


# -- 时效性 labels ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("ref", "on", "label"), [
    ("衡政发〔2024〕4号", "2025-06-01", "现行有效"),
    ("衡政发〔2024〕4号", "2026-11-22", "失效"),
    ("衡政发〔2024〕4号", "2024-01-01", "尚未生效"),
    ("丽政办发〔2024〕64号", "2024-12-31", "尚未生效"),
    ("州政办发〔2018〕25号", "2040-01-01", "现行有效"),
])
def test_labels_on_the_seeds(store: Store, ref: str, on: str, label: str) -> None:
    result = status(store, ref, on)
    assert result["label"] == label and result["in_corpus"] is True


def _write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def test_partly_repealed_and_replaced_labels(stores: StoreMaker, tmp_path: Path) -> None:
    """A later document repealing some articles of a held one (部分失效), and one replacing another (已废止)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seed("003"), folder / seed("003").name)  # 衡政发〔2024〕4号
    _write(folder, "partial.txt",
           "衡阳市人民政府关于调整跨境电子商务扶持政策的通知\n衡政发〔2025〕9号\n各县市区人民政府：\n"
           "一、本通知自2025年3月1日起施行。\n二、《衡阳市支持跨境电子商务高质量发展的若干措施（试行）》（衡政发〔2024〕4号）"
           "第五条同时废止。\n衡阳市人民政府\n2025年2月20日\n")
    store = stores.new()
    assert ingest([folder], store, workers=1).ok
    assert status(store, "衡政发〔2024〕4号", "2025-02-28")["label"] == "现行有效"
    later = status(store, "衡政发〔2024〕4号", "2025-06-01")
    assert (later["status"], later["label"]) == ("in_force", "部分失效")


# -- versions ---------------------------------------------------------------------------------------------------

@requires_lawrefbook
def test_tax_collection_law_takes_effect_with_its_last_amendment(stores: StoreMaker) -> None:
    store = stores.new()
    assert ingest([LAWREFBOOK / "经济法" / "税收征收管理法(2015-04-24).md"], store, workers=1).ok
    result = status(store, "中华人民共和国税收征收管理法", "2020-01-01")
    assert (result["effective_from"], result["original_effective_from"]) == ("2015-04-24", "2001-05-01")
    version = result["version"]
    assert version["effective_from"] == "2015-04-24" and version["inferred"] is True
    start, end = version["basis"]["span"]
    text = store.document(result["id"])["text"]
    assert text[start:end] == version["basis"]["quote"] and "第三次修正" in version["basis"]["quote"]
    assert result["label"] == "现行有效"


@pytest.fixture(scope="module")
def company_law_db(stores: StoreMaker) -> str:
    """The address of a store holding the 2018 and 2023 versions of 公司法, on each backend in turn."""
    if not LAWREFBOOK.is_dir():
        pytest.skip(f"../shared/corpus/lawrefbook not found at {LAWREFBOOK}")
    folder = LAWREFBOOK / "民法商法"
    address = stores.address("company_law")
    store = stores.open(address)
    assert ingest([folder / "公司法(2023-12-29).md", folder / "公司法(2018-10-26).md"], store, workers=1).ok
    return address


@pytest.fixture(scope="module")
def company_law(stores: StoreMaker, company_law_db: str) -> Store:
    return stores.open(company_law_db)


# 公司法: the 2018 第四次修正 (in effect 2018-10-26, inferred from its line) and the 2023 修订 (本法自2024年7月1日起施行)
@pytest.mark.parametrize(("on", "version_date", "label", "newer"), [
    ("2020-01-01", "2018-10-26", "现行有效", 1),
    ("2024-06-30", "2018-10-26", "现行有效", 1),
    ("2024-07-01", "2023-12-29", "现行有效", 0),
])
def test_a_title_means_the_version_in_force_that_day(company_law: Store, on: str, version_date: str, label: str,
                                                      newer: int) -> None:
    result = status(company_law, "中华人民共和国公司法", on)
    assert (result["version_date"], result["label"], len(result["newer_versions"])) == (version_date, label, newer)
    assert [v["version_date"] for v in result["versions"]] == ["2018-10-26", "2023-12-29"]


def test_an_id_means_that_version(company_law: Store) -> None:
    old = resolve(company_law, "公司法(2018-10-26)")
    result = status(company_law, old, "2025-01-01")
    assert (result["id"], result["status"], result["label"]) == (old, "superseded", "已被修改")
    listed = version_list(company_law, "中华人民共和国公司法", "2025-01-01")
    assert [(v["label"], v["in_force_on"]) for v in listed] == [("已被修改", False), ("现行有效", True)]
    assert listed[0]["inferred"] is True and listed[1]["effective_from"] == "2024-07-01"


def test_diff_of_two_company_law_versions(company_law: Store) -> None:
    result = diff(company_law, "中华人民共和国公司法")
    assert (result["from"]["version_date"], result["to"]["version_date"]) == ("2018-10-26", "2023-12-29")
    by_new = {a["to_label"]: a for a in result["articles"] if a["to_label"]}
    first = by_new["第一条"]
    assert first["change"] == "changed" and "职工" in first["to_text"] and "职工" not in first["from_text"]
    assert by_new["第六条"]["change"] == "added"  # 公司应当有自己的名称: new in 2023
    renumbered = [a for a in result["articles"] if a["change"] == "renumbered"]
    assert renumbered and all(a["from_label"] != a["to_label"] for a in renumbered)
    assert all(_body(a["from_text"]) == _body(a["to_text"]) for a in renumbered)
    assert sum(result["summary"].values()) == len(result["articles"])
    with pytest.raises(NoOtherVersion):
        diff(company_law, "中华人民共和国公司法", "2020-01-01", "2021-01-01")


def _body(article: str) -> str:
    return article.split("条", 1)[1]


def test_cli_versions_and_diff(company_law_db: str) -> None:
    runner, db = CliRunner(), company_law_db
    listed = runner.invoke(cli, ["versions", "中华人民共和国公司法", "--on", "2025-01-01", "--db", db])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert "2018-10-26\tin effect from 2018-10-26 (inferred)\t已被修改" in lines[0]
    assert lines[1].startswith("* ") and "2024-07-01\t现行有效" in lines[1]
    result = runner.invoke(cli, ["diff", "中华人民共和国公司法", "--from", "2020-01-01", "--to", "2025-01-01",
                                 "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"from", "to", "articles"}
    assert set(data["articles"][0]) == {"change", "from_label", "to_label", "from_text", "to_text"}
    same = runner.invoke(cli, ["diff", "中华人民共和国公司法", "--from", "2020-01-01", "--to", "2021-01-01", "--db", db])
    assert same.exit_code == 1 and "one version only" in same.output


@requires_lawrefbook
def test_a_chain_of_three_dated_regulations(stores: StoreMaker, tmp_path: Path) -> None:
    store = stores.new()
    files = sorted((LAWREFBOOK / "行政法规").glob("道路运输条例(*).md"))
    assert len(files) == 3 and ingest(files, store, workers=1).ok
    listed = version_list(store, "中华人民共和国道路运输条例", "2024-01-01")
    assert [v["version_date"] for v in listed] == ["2019-03-02", "2022-03-29", "2023-07-20"]
    assert [v["label"] for v in listed] == ["已被修改", "已被修改", "现行有效"]
    middle = status(store, "中华人民共和国道路运输条例", "2022-06-01")
    assert middle["version_date"] == "2022-03-29" and [v["version_date"] for v in middle["newer_versions"]] == [
        "2023-07-20"]


def test_same_doc_no_with_another_text_is_a_conflict_not_a_version(stores: StoreMaker, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    original = seed("003").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(original, encoding="utf-8")
    (folder / "b.txt").write_text(original.replace("有效期两年", "有效期三年"), encoding="utf-8")
    store = stores.new()
    report = ingest([folder], store, workers=1)
    assert not report.failed and [Path(p).name for p, _ in report.conflicts] == ["b.txt"]  # named, not ok
    result = with_conflict(store, status(store, "衡政发〔2024〕4号", "2025-06-01"))  # as KnowledgeBase.status
    assert result["status"] == "conflict" and result["status_unless_conflict"] == "in_force"
    assert len(result["versions"]) == 1 and len(result["conflicts"]) == 1
    assert any("a conflict, not a version" in c for c in result["caveats"])


# -- the platform's metadata ------------------------------------------------------------------------------------

def test_a_sidecar_that_disagrees_with_the_text(stores: StoreMaker, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / "hengyang.txt"
    shutil.copy(seed("003"), path)  # 衡政发〔2024〕4号: 自发布之日起施行 (2024-05-07)，有效期两年 → 2026-05-06
    (folder / "hengyang.meta.json").write_text(json.dumps(
        {"page_info_box": {"有 效 性 ：": "有效", "实施日期": "2024年5月8日", "文号": "衡政发〔2024〕4号"}},
        ensure_ascii=False), encoding="utf-8")
    store = stores.new()
    assert ingest([folder], store, workers=1).ok
    result = status(store, "衡政发〔2024〕4号", "2026-11-22")
    assert (result["status"], result["label"], result["effective_from"]) == ("expired", "失效", "2024-05-07")
    assert result["platform"]["validity"] == "有效" and result["platform"]["source_file"].endswith("hengyang.meta.json")
    assert {(d["field"], d["text"], d["platform"]) for d in result["disagreements"]} == {
        ("effective_from", "2024-05-07", "2024-05-08"), ("validity", "失效", "有效")}
    on_time = status(store, "衡政发〔2024〕4号", "2025-06-01")
    assert [d["field"] for d in on_time["disagreements"]] == ["effective_from"]


def test_a_folder_metadata_json_keyed_by_stem(stores: StoreMaker, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seed("003"), folder / "hengyang.txt")
    shutil.copy(seed("004"), folder / "other.txt")
    metadata = {"hengyang": {"info_fields": {"时效性": "失效", "失效日期": "2026-05-06", "统一编号": "HYCR-2024-00002"}}}
    (folder / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    store = stores.new()
    assert ingest([folder], store, workers=1).ok
    agrees = status(store, "衡政发〔2024〕4号", "2026-11-22")
    assert agrees["platform"]["expires_on"] == "2026-05-06" and agrees["disagreements"] == []
    disagrees = status(store, "衡政发〔2024〕4号", "2025-06-01")  # the page says 失效: it was read later
    assert [(d["field"], d["text"], d["platform"]) for d in disagrees["disagreements"]] == [
        ("validity", "现行有效", "失效")]
    other = store.document(resolve(store, str(folder / "other.txt").rsplit("/", 1)[1].removesuffix(".txt")))
    assert other["platform"] is None
    # a sidecar written later is read on the next ingest though the text is unchanged
    (folder / "other.meta.json").write_text(json.dumps({"有效性": "有效"}, ensure_ascii=False), encoding="utf-8")
    report = ingest([folder], store, workers=1)
    assert report.unchanged and store.document(other["id"])["platform"]["validity"] == "有效"


@pytest.mark.skipif(not WIDER.is_dir(), reason="../shared/corpus/wider not found")
@pytest.mark.parametrize(("stem", "field", "value"), [
    ("dalian_housing_regulation_2021", "validity", "废止"),
    ("changzhou_housing_regulation_2020", "expires_on", "2024-12-20"),
    ("shaxian_housing_subsidy_2022", "validity", "失效"),
])
def test_the_wider_corpus_metadata_is_read(stem: str, field: str, value: str) -> None:
    said = platform_metadata(WIDER / f"{stem}.txt")
    assert said is not None and said[field] == value


def test_unknown_reference_still_raises(store: Store) -> None:
    with pytest.raises(RefNotFound):
        status(store, "某某市人民政府关于不存在的文件的通知", "2025-01-01")


# LawRefBook names each file by its title: versions whose printed title the header read differently (the info
# block glued on) are still one chain, by file name but for the date, in one folder
@requires_lawrefbook
@pytest.mark.parametrize(("folder", "name", "dates"), [
    ("司法解释", "最高人民法院关于适用《刑事诉讼法》的解释", ["2012-12-20", "2021-01-26"]),
    ("行政法规", "国务院关于经营者集中申报标准的规定", ["2018-09-18", "2024-01-22"]),
])
def test_versions_joined_by_file_name(stores: StoreMaker, tmp_path: Path, folder: str, name: str,
                                     dates: list[str]) -> None:
    store = stores.new()
    files = [LAWREFBOOK / folder / f"{name}({d}).md" for d in dates]
    assert ingest(files, store, workers=1).ok
    newest = resolve(store, f"{name}({dates[-1]})")
    assert [v["version_date"] for v in version_list(store, newest)] == dates
