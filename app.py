"""policykb's Streamlit front end: routes only; each page lives in ``ui/``."""

import streamlit as st

from ui.pages import pages

st.set_page_config(page_title="policykb 政策知识库", layout="wide")
# Streamlit's own hint under a form's focused text field ("Press Enter to submit form") is English and
# cannot be worded: hidden; each form's button says what Enter does.
st.html("<style>[data-testid='InputInstructions'] {display: none}</style>")
st.navigation(list(pages().values()), position="top").run()
