"""policykb's knowledge base: store, graph, search and the queries over them (no Streamlit, no CLI)."""
