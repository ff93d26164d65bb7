#!/usr/bin/env bash
# Prepares a real PostgreSQL 15 + pgvector for the database tests and prints
# its URL, for contributors and for .ci/run:
#
#   export TEST_DATABASE_URL="$(scripts/test-db.sh | tail -n 1)"
#
# Idempotent: builds pgvector from ../shared/vendor/pgvector only when the
# server lacks it, starts cluster 15/main only when it is down, creates the
# role and database only when missing. Runs as root (apt-get, make install,
# pg_ctlcluster). Everything except the URL goes to stderr: a previous CI
# attempt failed because pg_ctlcluster printed "Removed stale pid file." on
# stdout and that line became part of the exported URL.
set -euo pipefail
exec 3>&1 1>&2

PG_MAJOR=15
CLUSTER=main
ROLE=article_bot_test
DATABASE=article_bot_test
PASSWORD=article-bot-test-only
PORT=5432
URL="postgres://${ROLE}:${PASSWORD}@127.0.0.1:${PORT}/${DATABASE}"

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
vendor_dir="${PGVECTOR_SOURCE:-$repo_root/../shared/vendor/pgvector}"
pg_config_bin="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"
[ -x "$pg_config_bin" ] || pg_config_bin="$(command -v pg_config || true)"

say() { echo "test-db: $*"; }

as_postgres() {
  if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
}

psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" "$@"; }

if [ -z "$pg_config_bin" ]; then
  echo "test-db: PostgreSQL ${PG_MAJOR} is not installed (no pg_config): apt-get install postgresql-${PG_MAJOR}"
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  say "run as root (it installs pgvector and starts the cluster), e.g. sudo $0"
  exit 1
fi

# 1. pgvector: built from the vendored source when the server does not have it.
sharedir="$("$pg_config_bin" --sharedir)"
if [ -f "$sharedir/extension/vector.control" ]; then
  say "pgvector already installed ($sharedir/extension/vector.control)"
else
  pgxs="$("$pg_config_bin" --pgxs)"
  includedir="$("$pg_config_bin" --includedir-server)"
  if [ ! -f "$pgxs" ] || [ ! -f "$includedir/postgres.h" ]; then
    say "installing postgresql-server-dev-${PG_MAJOR} (headers and PGXS to build pgvector)"
    # A fresh image may have stale package lists: update once and retry.
    DEBIAN_FRONTEND=noninteractive apt-get install -y "postgresql-server-dev-${PG_MAJOR}" ||
      { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "postgresql-server-dev-${PG_MAJOR}"; }
  fi
  if [ ! -f "$vendor_dir/vector.control" ]; then
    say "pgvector source not found at $vendor_dir (set PGVECTOR_SOURCE to a pgvector checkout)"
    exit 1
  fi
  # ../shared is read-only in CI: build in a copy.
  build_dir="$(mktemp -d)"
  trap 'rm -rf "$build_dir"' EXIT
  cp -r "$vendor_dir" "$build_dir/pgvector"
  say "building pgvector from $vendor_dir"
  make -s -C "$build_dir/pgvector" PG_CONFIG="$pg_config_bin" OPTFLAGS=""
  make -s -C "$build_dir/pgvector" PG_CONFIG="$pg_config_bin" install
fi

# 2. The cluster: started when down. pg_ctlcluster removes a stale
# postmaster.pid itself (and says so, on stdout, hence the redirect above).
# The server must not inherit the URL's descriptor (3): holding it open, it
# would keep `scripts/test-db.sh | tail -n 1` waiting for ever. Nor any other
# pipe a CI runner passes down, so every descriptor above 2 is closed first
# (pg_ctl sends the server's own stdout and stderr to its log file).
start_cluster() (
  for fd in /proc/self/fd/*; do
    fd="${fd##*/}"
    if [ "$fd" -gt 2 ]; then eval "exec ${fd}>&-" 2>/dev/null || true; fi
  done
  exec pg_ctlcluster "$PG_MAJOR" "$CLUSTER" start
)
if ! pg_ctlcluster "$PG_MAJOR" "$CLUSTER" status >/dev/null 2>&1 3>&-; then
  say "starting cluster ${PG_MAJOR}/${CLUSTER}"
  start_cluster
fi
ready=0
for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p "$PORT"; then ready=1; break; fi
  sleep 0.5
done
if [ "$ready" -ne 1 ]; then
  say "PostgreSQL on 127.0.0.1:${PORT} did not become ready; see /var/log/postgresql/postgresql-${PG_MAJOR}-${CLUSTER}.log"
  exit 1
fi

# 3. Role and database. Each test works in its own schema of this database,
# so the role needs no CREATEDB.
psql_admin -d postgres <<SQL
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', '${ROLE}', '${PASSWORD}')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') \\gexec
ALTER ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}';
SELECT format('CREATE DATABASE %I OWNER %I', '${DATABASE}', '${ROLE}')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${DATABASE}') \\gexec
SQL
# pgvector is not a trusted extension: only a superuser may create it.
psql_admin -d "$DATABASE" -c 'CREATE EXTENSION IF NOT EXISTS vector'
say "ready: $(psql_admin -d "$DATABASE" -Atc "SELECT 'PostgreSQL ' || current_setting('server_version') || ', pgvector ' || extversion FROM pg_extension WHERE extname = 'vector'")"

echo "$URL" >&3
