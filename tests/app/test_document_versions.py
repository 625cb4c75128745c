"""The 文件 page shows a law's chain of versions and a side-by-side diff of two of them, as escaped text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kb.ingest import ingest
from kb.store import Store
from tests.app.serving import serving
from tests.app.tables import html_tables
from tests.conftest import LAWREFBOOK, requires_lawrefbook

pytestmark = requires_lawrefbook


@pytest.fixture(scope="module")
def law_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    db = tmp_path_factory.mktemp("app-versions") / "policykb.sqlite"
    folder = LAWREFBOOK / "民法商法"
    assert ingest([folder / "公司法(2018-10-26).md", folder / "公司法(2023-12-29).md"], Store.open(db), workers=1).ok
    with serving(db):
        yield db


def test_document_page_shows_the_chain_and_the_diff(law_store: Path) -> None:
    at = AppTest.from_string("from ui import document_page\ndocument_page.render()\n", default_timeout=60)
    at.query_params["doc"] = "2"
    at.run()
    assert not at.exception, at.exception
    assert "版本沿革" in [s.value for s in at.subheader]
    (chain,) = [t for t in html_tables(at) if t and "时效性" in t[0]]
    assert [r["版本日期"] for r in chain] == ["2018-10-26", "2023-12-29"]
    captions = " ".join(str(c.value) for c in at.caption)
    assert "新增" in captions and "条号变动" in captions
    texts = [t.value for t in at.text]
    assert any("职工" in t and t.startswith("第一条") for t in texts)  # 第一条 as the 2023 text has it
