"""匹配 and 对比 show the measures a partial repeal takes away, with why, as plain text (the store of
``tests/store/test_partial_repeal``: a real 广州 办法 and notices written there that repeal some of its articles)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kb.ingest import ingest
from kb.store import Store
from tests.app.serving import serving
from tests.app.tables import html_tables
from tests.conftest import requires_shared
from tests.store.test_partial_repeal import A, partial_repeal_files

pytestmark = requires_shared
REASON = "已被《广州市人民政府办公厅关于调整居家社区养老服务有关政策的通知》（穗府办规〔2025〕3号）废止（第十三条），自 2025-07-01 起"


@pytest.fixture(scope="module", autouse=True)
def partial_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    db = tmp_path_factory.mktemp("app-partial") / "policykb.sqlite"
    assert ingest(partial_repeal_files(tmp_path_factory.mktemp("app-notices")), Store.open(db), workers=1).ok
    with serving(db):
        yield db


def page(name: str) -> AppTest:
    at = AppTest.from_string(f"from ui import {name}\n{name}.render()\n", default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_match_page_lists_the_measures_whose_article_is_repealed() -> None:
    at = page("match_page")
    at.selectbox(key="match_city").set_value("广州市").run()
    at.date_input(key="match_on").set_value(datetime.date(2025, 7, 1))
    at.button[0].click().run()
    assert not at.exception
    assert "所在条款已被废止、未纳入匹配的措施" in [s.value for s in at.subheader]
    (left_out,) = [t.value for t in at.table if "条款" in t.value.columns]
    rows = left_out[left_out["条款"] == "第十三条"]
    assert list(rows["文号"]) == [A] and rows["原因"].iloc[0].startswith(REASON)
    results = at.dataframe[0].value
    assert "第十三条" not in set(results[results["文号"] == A]["条款"]) and "第二十六条" in set(results["条款"])


def test_compare_page_lists_them_on_a_date_and_marks_them_without_one() -> None:
    at = page("compare_page")
    at.selectbox(key="compare_topic").set_value("养老服务").run()
    at.multiselect(key="compare_cities").set_value(["广州市"]).run()
    at.date_input(key="compare_on").set_value(datetime.date(2025, 7, 1)).run()
    assert not at.exception
    (left_out,) = [t for t in html_tables(at) if t and "原因" in t[0]]
    assert any(r["条款"] == "第十三条" and r["原因"].startswith(REASON) for r in left_out)
    at.date_input(key="compare_on").set_value(None).run()
    (measures,) = [t for t in html_tables(at) if t and "效力" in t[0] and "摘要" in t[0]]
    marks = {r["条款"]: r["效力"] for r in measures if r["文号"] == A}
    assert marks["第十三条"] == "▨ 已废止" and marks["第二十六条"] == "现行有效"
    assert any(str(c.value).startswith("已被《") for c in at.caption)  # the repeal under the measure's words
