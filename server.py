"""The app as served: ``streamlit run server.py`` (``app.py`` is the script it runs for each visitor).

Three things only the server can do:

- warm the knowledge base, the search index with jieba's dictionary, the graph and the pages' modules when
  the server starts, not on the first visitor;
- tell the front end where the server is. Streamlit's front end otherwise guesses: a deep link ``/compare``
  first pings ``/compare/_stcore/health`` (a 404 in the log and the console, and a retry's delay) before it
  falls back to ``/``. The page's HTML gets ``window.__streamlit.BACKEND_BASE_URL`` (the front end's own
  setting for a server at a known address) set to the app's root, so the first ping is the right one;
- answer the default page's own name: 检索 lives at ``/`` (Streamlit gives the default page no other path), and
  ``/search`` is redirected there with its query, not shown as a page that does not exist.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import streamlit as st
from starlette.middleware import Middleware

from ui.pages import default_page_key
from ui.resources import warm_up


def _base_script() -> bytes:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    root = f'location.origin + "/{base}"' if base else "location.origin"
    return f"<script>window.__streamlit = {{BACKEND_BASE_URL: {root}}};</script>".encode()


class ServerAddress:
    """ASGI middleware: a page's HTML (the index Streamlit serves for every page path) names the server root."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or not _is_page_path(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        # The HTML is small; ask for it uncompressed so that it can be edited on the way out.
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]
        start: dict[str, Any] = {}
        body: list[bytes] = []

        async def edited(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            content = b"".join(body)
            kind = dict(start.get("headers", [])).get(b"content-type", b"")
            if kind.startswith(b"text/html") and b"<head>" in content:
                content = content.replace(b"<head>", b"<head>" + _base_script(), 1)
            out = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            await send({**start, "headers": [*out, (b"content-length", str(len(content)).encode())]})
            await send({"type": "http.response.body", "body": content})

        await self.app({**scope, "headers": headers}, receive, edited)


class DefaultPageAlias:
    """ASGI middleware: ``/search`` (the default page's key) redirects to the app's root, query kept."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        base = (st.get_option("server.baseUrlPath") or "").strip("/")
        root = f"/{base}/" if base else "/"
        if scope["type"] == "http" and scope.get("path", "").rstrip("/") == f"{root}{default_page_key()}":
            query = scope.get("query_string", b"")
            location = root.encode() + (b"?" + query if query else b"")
            await send({"type": "http.response.start", "status": 307,
                        "headers": [(b"location", location), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)


def _is_page_path(path: str) -> bool:
    """``/``, ``/compare``: a page's address, not an asset (``/static/…js``) nor a server route (``/_stcore/…``)."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return "_stcore" not in path and "." not in last and not path.startswith(("/media/", "/component/"))


@asynccontextmanager
async def _warm(_app: Any) -> AsyncIterator[None]:
    try:
        warm_up()
    except Exception:  # a cold start is slower, not broken: serve anyway and say why
        logging.getLogger("policykb.server").exception("warm-up failed; the first visitor waits instead")
    yield


app = st.App("app.py", lifespan=_warm, middleware=[Middleware(DefaultPageAlias), Middleware(ServerAddress)])
