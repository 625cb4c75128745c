#!/usr/bin/env bash
# Start a local PostgreSQL server for the tests and print its URL (POLICYKB_TEST_PG) on stdout. Idempotent.
#
# As root: installs postgresql where missing, starts the newest installed major version's `main` cluster,
# creates the role and the database (UTF-8, C collation, so ORDER BY on text is the byte order SQLite uses).
# Not root: prints nothing on stdout and one line on stderr saying why (exit 0), or fails under CI=true.
set -euo pipefail
# Only the URL goes to stdout (the caller captures it): everything the tools print goes to stderr, as
# pg_ctlcluster's "Removed stale pid file." once did into the URL.
exec 3>&1 1>&2
PG_USER=${POLICYKB_PG_USER:-policykb_test}
PG_PASSWORD=${POLICYKB_PG_PASSWORD:-policykb-test-pw}
PG_DB=${POLICYKB_PG_DB:-policykb_test}

skip() {
  if [ "${CI:-}" = "true" ]; then
    echo "error: $1; CI needs the PostgreSQL server" >&2
    exit 1
  fi
  echo "note: $1; the PostgreSQL tests will be skipped" >&2
  exit 0
}

if [ "$(id -u)" != "0" ]; then
  skip "not root, so no PostgreSQL server can be started here"
fi
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
    || skip "apt-get install postgresql failed"
fi
VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$VERSION" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  # 3>&-: the server must not hold the caller's pipe open (the caller waits for its end)
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start 3>&-
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || skip "PostgreSQL $VERSION did not answer on 127.0.0.1:$PORT"

psql_admin() { su postgres -c "psql -X -q -v ON_ERROR_STOP=1 -p $PORT $*"; }
psql_admin "-d postgres" <<SQL
SELECT format('CREATE ROLE %I LOGIN', '$PG_USER') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER')
\gexec
ALTER ROLE "$PG_USER" LOGIN PASSWORD '$PG_PASSWORD';
SELECT format('CREATE DATABASE %I OWNER %I TEMPLATE template0 ENCODING ''UTF8'' LC_COLLATE ''C'' LC_CTYPE ''C''',
              '$PG_DB', '$PG_USER')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$PG_DB')
\gexec
SQL
echo "postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PORT/$PG_DB" >&3
