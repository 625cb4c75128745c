"""policykb's Streamlit front end: routes only; each page lives in ``ui/``."""

import streamlit as st

from ui.pages import pages

st.set_page_config(page_title="policykb 政策知识库", layout="wide")
st.navigation(list(pages().values()), position="top").run()
