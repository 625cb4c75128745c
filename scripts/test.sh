#!/usr/bin/env bash
# Install everything (Debian's chromium too when run as root), start the PostgreSQL test server (as root; the
# PostgreSQL tests are skipped elsewhere, except under CI=true), and run the linters and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
if [ -z "${POLICYKB_TEST_PG:-}" ]; then
  POLICYKB_TEST_PG=$(bash scripts/pg_test_server.sh | tail -n 1)
  export POLICYKB_TEST_PG
fi
.venv/bin/ruff check .
.venv/bin/python -m pytest -q -n 2 "$@"
