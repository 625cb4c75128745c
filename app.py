"""policykb's Streamlit front end: routes only; each page lives in ``ui/``."""

import streamlit as st

from ui.pages import pages

st.set_page_config(page_title="policykb 政策知识库", layout="wide")
# Streamlit's own hint under a form's focused text field ("Press Enter to submit form") is English and
# cannot be worded: hidden; each form's button says what Enter does.
st.html("<style>[data-testid='InputInstructions'] {display: none}"
        # ui.render.table_html's tables: read-only tables as HTML, cells wrapping at any width
        ".pk-table {border-collapse: collapse; width: 100%; font-size: 0.9rem; margin-bottom: 1rem}"
        ".pk-table th, .pk-table td {border: 1px solid rgba(49, 51, 63, 0.15); padding: 0.3rem 0.5rem;"
        " text-align: left; vertical-align: top; overflow-wrap: anywhere}"
        ".pk-table th {background: rgba(49, 51, 63, 0.05); font-weight: 600; white-space: nowrap}</style>")
st.navigation(list(pages().values()), position="top").run()
