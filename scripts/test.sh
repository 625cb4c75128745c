#!/usr/bin/env bash
# Install everything (Debian's chromium too when run as root) and run the linters and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
.venv/bin/ruff check .
.venv/bin/python -m pytest -q -n 2 "$@"
