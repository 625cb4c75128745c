"""Streamlit pages of policykb, thin over the ``kb`` API (and ``extractor`` for uploads)."""
