"""The app as served: ``streamlit run server.py`` (``app.py`` is the script it runs for each visitor).

Two things only a server can do: warm the knowledge base, the search index and jieba's dictionary when the
server starts (not on the first visitor), and answer a deep link's own ``/<page>/_stcore/...`` requests.
Streamlit's front end takes the page's address as the server's base first, so ``/compare`` asks for
``/compare/_stcore/health`` (a 404) before it falls back to ``/``; the rewrite below sends those requests (and
their websocket) to the root, where they belong.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import streamlit as st
from starlette.middleware import Middleware

from ui.resources import warm_up

_UNDER_A_PAGE = re.compile(r"^/[^/_][^/]*/((?:_stcore|media|component)/.*)$")


class PageBaseRewrite:
    """ASGI middleware: ``/<page>/_stcore/…`` (and ``media/``, ``component/``) served as ``/_stcore/…``."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            match = _UNDER_A_PAGE.match(scope.get("path", ""))
            if match:
                path = "/" + match.group(1)
                scope = {**scope, "path": path, "raw_path": path.encode()}
        await self.app(scope, receive, send)


@asynccontextmanager
async def _warm(_app: Any) -> AsyncIterator[None]:
    warm_up()
    yield


app = st.App("app.py", lifespan=_warm, middleware=[Middleware(PageBaseRewrite)])
