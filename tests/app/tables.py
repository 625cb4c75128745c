"""The app's read-only tables (``ui.render.table_html``) read back from an AppTest run, as rows of text."""

from __future__ import annotations

from html.parser import HTMLParser

from streamlit.testing.v1 import AppTest


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.heads: list[list[str]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("class", "pk-table") in attrs:
            self.tables.append([])
            self.heads.append([])
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            if self._in_head:
                self.heads[-1].extend(self._row)
            else:
                self.tables[-1].append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_tables(at: AppTest) -> list[list[dict[str, str]]]:
    """Every ``.pk-table`` the run drew, each as rows keyed by its header (a headless table by column number)."""
    out = []
    for element in at.get("html"):
        parser = _Tables()
        parser.feed(element.proto.body)
        for head, rows in zip(parser.heads, parser.tables, strict=True):
            out.append([dict(zip(head or [str(i) for i in range(len(r))], r, strict=False)) for r in rows])
    return out
