"""Every page of the Streamlit app runs without exception and shows real content (streamlit.testing AppTest)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import CORPUS, ROOT

TIMEOUT = 60


@pytest.fixture(scope="module", autouse=True)
def seeded_store(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("app-store") / "policykb.sqlite"
    subprocess.run([sys.executable, "-m", "kb", "ingest", str(CORPUS), "--db", str(db)], check=True,
                   capture_output=True, cwd=ROOT)
    previous = os.environ.get("POLICYKB_DB")
    os.environ["POLICYKB_DB"] = str(db)
    yield db
    if previous is None:
        os.environ.pop("POLICYKB_DB", None)
    else:
        os.environ["POLICYKB_DB"] = previous


def page(name: str) -> AppTest:
    at = AppTest.from_string(f"from ui import {name}\n{name}.render()\n", default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [str(c.value) for c in at.caption] + [t.value for t in at.title]
    parts += [str(d.value) for d in at.dataframe] + [str(t.value) for t in at.table]
    parts += [str(e.value) for e in at.error] + [str(i.value) for i in at.info] + [str(s.value) for s in at.subheader]
    return "\n".join(parts)


def test_app_routes_to_the_search_page() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert any("政策检索" in t.value for t in at.title)


def test_search_finds_overseas_warehouse_measures() -> None:
    at = page("search_page")
    at.text_input(key="search_query").input("海外仓").run()
    assert not at.exception
    text = all_text(at)
    assert "衡政发〔2024〕4号" in text
    assert "邵市政办发〔2023〕21号" in text


def test_document_page_shows_header_clauses_and_facts() -> None:
    at = page("document_page")
    select = at.selectbox(key="document_select")
    (hengyang,) = [o for o in select.options if "衡政发〔2024〕4号" in o]
    select.set_value(_option_key(at, hengyang)).run()
    assert not at.exception
    text = all_text(at)
    assert "衡政发〔2024〕4号" in text and "2026-05-06" in text  # header: 文号 and last day in force
    assert "支持跨境电商业务试点" in text  # a heading in the clause tree
    assert "200000" in text  # the facts table: 最高给予一次性20万元 as a value in yuan
    assert "湘政办发〔2023〕9号" in text  # a cited document, named though not held here


def _option_key(at: AppTest, label: str) -> str:
    from ui import api

    for doc in api.documents():
        if doc.get("doc_no") and doc["doc_no"] in label:
            return str(doc["id"])
    raise AssertionError(label)


def test_validity_page_says_hengyang_expired_on_2026_11_22() -> None:
    at = page("validity_page")
    at.date_input(key="validity_on").set_value(__import__("datetime").date(2026, 11, 22))
    at.text_input(key="validity_ref").input("衡政发〔2024〕4号").run()
    assert not at.exception
    text = all_text(at)
    assert "已失效" in text
    assert "2026-05-06" in text


def test_validity_page_suggests_for_unknown_doc_no() -> None:
    at = page("validity_page")
    at.text_input(key="validity_ref").input("衡政发〔2024〕44号").run()
    assert not at.exception
    assert at.error


def test_compare_page_lists_hengyang_and_shaoyang_for_overseas_warehouses() -> None:
    at = page("compare_page")
    assert at.selectbox(key="compare_topic").value == "海外仓"
    text = all_text(at)
    assert "衡阳市" in text and "邵阳市" in text
    assert "湘西土家族苗族自治州" in text and "海外托管仓" in text  # its 海外托管仓 is an overseas warehouse too


def test_match_page_runs_a_profile() -> None:
    """衡阳's cross-border seller with 120万美元 of exports, while 衡政发〔2024〕4号 was in force: the top tier."""
    at = page("match_page")
    at.selectbox(key="match_city").set_value("衡阳市")
    at.date_input(key="match_on").set_value(__import__("datetime").date(2025, 6, 1))
    at.number_input(key="match_fig_cross_border_export_usd").set_value(1_200_000.0)
    at.button[0].click().run()
    assert not at.exception
    table = at.dataframe[0].value
    eligible = table[table["结果"] == "符合"]
    assert "衡政发〔2024〕4号" in set(eligible["文号"])
    assert 500000 in set(eligible["最高金额"])
    assert any("500,000" in str(m.value) for m in at.metric)  # the total after non-cumulation


@pytest.mark.parametrize("name", ["graph_page", "upload_page"])
def test_other_pages_render(name: str) -> None:
    page(name)


def test_document_text_is_escaped(tmp_path: Path) -> None:
    from ui.render import highlighted_text

    markup = highlighted_text("<script>alert(1)</script>最高30万元", [
        {"kind": "money", "span": [27, 32], "quote": "30万元"}])
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup


def test_upload_page_refuses_on_a_read_only_node(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKB_READ_ONLY", "1")
    at = page("upload_page")
    assert any("只读" in str(e.value) for e in at.error)
    assert not at.get("file_uploader")
