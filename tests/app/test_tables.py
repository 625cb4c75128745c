"""The app's HTML tables (``ui.render.table_html``, the 浏览 page's linked table): every cell and every link is
escaped, so that a document's title or 文号 can never become markup."""

from __future__ import annotations

from html.parser import HTMLParser

from ui.browse_page import _table
from ui.pages import document_link
from ui.render import table_html

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>&amp;'


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(markup: str) -> _Markup:
    parser = _Markup()
    parser.feed(markup)
    parser.close()
    return parser


def test_a_hostile_cell_is_text() -> None:
    found = parsed(table_html([{"文件": HOSTILE, "编号": None}]))
    assert set(found.tags) == {"table", "thead", "tbody", "tr", "th", "td"}
    assert HOSTILE in found.text and "—" in found.text


def test_browse_rows_are_escaped_and_their_links_stay_links() -> None:
    row = {"id": 7, "doc_no": HOSTILE, "title": HOSTILE, "province": "湖南", "city": None, "county": None,
           "issuers": [HOSTILE], "doc_type": None, "issue_date": "2024-01-02", "status": "in_force", "domains": []}
    found = parsed(_table([row]))
    assert set(found.tags) == {"table", "thead", "tbody", "tr", "th", "td", "a"}
    assert found.text.count(HOSTILE) == 3  # 文号, 标题, 发文机关
    assert found.hrefs == ["./document?doc=7"] * 2


def test_a_document_link_encodes_its_parameters() -> None:
    assert document_link(3, "2.1&x=<b>") == "./document?doc=3&clause=2.1%26x%3D%3Cb%3E"
