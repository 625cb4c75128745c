"""Uploads: stored under a content hash with the given name kept, reported as stored / duplicate / failed, and
every name shown as plain text (a name written as a Markdown image or link stays those characters)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from kb import KnowledgeBase
from tests.conftest import seed

IMAGE_NAME = "![t](http://127.0.0.1:8999/name.png).txt"
NAMES = [IMAGE_NAME, "[点我](http://127.0.0.1:8999/x).txt", "<img src=http://127.0.0.1:8999/y.png>.txt",
         ":red[衡政发]〔2024〕4号.txt"]
# Markdown that would act: an image or link opening, inline HTML, a Streamlit colour directive
ACTIVE = re.compile(r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\(|(?<!\\)<img|(?<!\\):red(?<!\\)\[")

UPLOAD_SCRIPT = """
import streamlit as st
from ui import upload_page

class Uploaded:
    name = {name!r}
    def getvalue(self):
        with open({path!r}, "rb") as handle:
            return handle.read()

st.file_uploader = lambda *args, **kwargs: Uploaded()
if __name__ == "__main__":  # not again in a process pool's child, which runs the main script as __mp_main__
    upload_page.render()
"""


def _upload_page(name: str, path: Path) -> AppTest:
    at = AppTest.from_string(UPLOAD_SCRIPT.format(name=name, path=str(path)), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _shown(at: AppTest) -> list[str]:
    return ([m.value for m in at.markdown] + [t.value for t in at.title] + [s.value for s in at.subheader]
            + [str(m.value) for kind in (at.success, at.warning, at.error) for m in kind])


@pytest.fixture()
def store_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A store of its own; the app's cached KnowledgeBase (ui.resources) is dropped before and after, so neither
    this test nor another page test sees the other's store."""
    db = tmp_path / "policykb.sqlite"
    monkeypatch.setenv("POLICYKB_DB", str(db))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield db
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.mark.parametrize("name", NAMES)
def test_an_upload_named_as_markdown_is_shown_as_text_and_stored_under_its_hash(store_env: Path, tmp_path: Path,
                                                                                name: str) -> None:
    untitled = tmp_path / "untitled.txt"  # no title found: the page shows the upload's own name
    untitled.write_text("各县市区人民政府：\n\n一、对符合条件的企业给予一次性奖励 10 万元。\n", "utf-8")
    at = _upload_page(name, untitled)
    at.button(key="upload_confirm").click().run()
    assert not at.exception, at.exception
    shown = _shown(at)
    assert any("已入库" in s for s in shown), shown
    assert not [s for s in shown if ACTIVE.search(s)], shown
    with KnowledgeBase.open(store_env) as kb:
        (doc,) = kb.documents()
        assert doc["original_name"] == name
        assert re.fullmatch(r"[0-9a-f]{64}\.txt", Path(doc["source"]).name)


def test_two_uploads_with_one_name_are_both_kept_and_a_copy_is_a_duplicate(store_env: Path, tmp_path: Path) -> None:
    with KnowledgeBase.open(store_env) as kb:
        folder = tmp_path / "uploads"
        first, one = kb.store_upload("通知.txt", seed("000").read_bytes(), folder)
        second, two = kb.store_upload("通知.txt", seed("001").read_bytes(), folder)
        assert first != second and one.ok and two.ok and kb.count() == 2
        gbk = seed("001").read_text("utf-8").encode("gbk")
        _, copy = kb.store_upload("通知（GBK）.txt", gbk, folder)
        assert copy.duplicates == [(str(folder.resolve() / Path(copy.duplicates[0][0]).name), str(second.resolve()))]
        assert kb.count() == 2


def test_the_page_says_duplicate_of_and_failed_with_the_reason(store_env: Path, tmp_path: Path) -> None:
    original = tmp_path / "original.txt"
    original.write_bytes(seed("002").read_bytes())
    first = _upload_page("第一份.txt", original)
    first.button(key="upload_confirm").click().run()
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed("002").read_text("utf-8").encode("utf-16"))
    at = _upload_page("第二份.txt", copy)
    at.button(key="upload_confirm").click().run()
    assert [w.value for w in at.warning] == [f"未重复入库：第二份.txt 与已入库的 {_hash_name(original)} 文本相同"]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    failed = _upload_page("空.txt", empty)
    assert failed.error and "无法读取" in failed.error[0].value


def _hash_name(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest() + ".txt"


BAD_FILES = {  # name → (bytes, the Chinese the page must say)
    "空.txt": (b"", "空文件"),
    "图片.txt": (bytes(range(256)) * 64, "不是文本文件（二进制内容）"),
    "坏的.docx": (b"PK\x03\x04 not a zip archive", "不是可读的 .docx 文件"),
    "过大.txt": ("一、对符合条件的企业给予奖励。\n".encode() * 80_000, "上限 1.0 MB）"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_file_that_cannot_be_read_is_refused_in_chinese_naming_it(store_env: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("POLICYKB_MAX_BYTES", str(1024 * 1024))
    data, said = BAD_FILES[name]
    path = tmp_path / "upload"
    path.write_bytes(data)
    at = _upload_page(name, path)
    (error,) = [e.value for e in at.error]
    assert error.startswith(f"无法读取：{name}：") and said in error, error
    assert not re.search(r"[A-Za-z]{4,}", error.replace(".docx", "")), error  # no English words
    boxes = [h.proto.body for h in at.get("html")]
    assert any("单个文件不超过 1MB" in b for b in boxes), boxes  # the reader's own limit, not Streamlit's 200MB
