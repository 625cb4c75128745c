#!/usr/bin/env bash
# The main job: install, ingest corpus/ into the default store (./data/policykb.sqlite), serve the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/policykb ingest corpus/
exec .venv/bin/streamlit run server.py --server.headless true --server.address "${HOST:-127.0.0.1}" --server.port "${PORT:-8501}"
