#!/usr/bin/env bash
# Starts a local PostgreSQL for the server test suites and prints its URL on stdout (nothing else goes to
# stdout, so `export DATABASE_URL_TEST="$(bash scripts/start-postgres.sh)"` works). Idempotent: installs
# Debian's `postgresql` only when missing, creates a cluster only when there is none, starts it only when
# down, creates the role and database only when missing (and resets the role's password, so a changed
# CARE_ROUNDS_PG_PASSWORD takes effect).
#
# Overrides: CARE_ROUNDS_PG_USER (carerounds), CARE_ROUNDS_PG_PASSWORD (carerounds),
#            CARE_ROUNDS_PG_DB (carerounds_test).
set -euo pipefail

PG_USER="${CARE_ROUNDS_PG_USER:-carerounds}"
PG_PASSWORD="${CARE_ROUNDS_PG_PASSWORD:-carerounds}"
PG_DB="${CARE_ROUNDS_PG_DB:-carerounds_test}"

for v in "$PG_USER" "$PG_DB"; do
  # The names are interpolated into SQL identifiers below: keep them to a safe alphabet.
  [[ "$v" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "invalid PostgreSQL name: $v" >&2; exit 1; }
done
[[ "$PG_PASSWORD" != *"'"* ]] || { echo "the password must not contain a single quote" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "start-postgres.sh needs root (or sudo) to install and start PostgreSQL" >&2
    exit 1
  fi
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "Installing Debian package postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends postgresql >&2
fi

# The first cluster (any version); create one for the newest installed version when there is none.
cluster_line="$(pg_lsclusters -h 2>/dev/null | head -n 1 || true)"
if [ -z "$cluster_line" ]; then
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  [ -n "$version" ] || { echo "no PostgreSQL server binaries under /usr/lib/postgresql" >&2; exit 1; }
  echo "Creating PostgreSQL $version cluster main" >&2
  $SUDO pg_createcluster "$version" main >&2
  cluster_line="$(pg_lsclusters -h | head -n 1)"
fi
read -r version name port status _ <<<"$cluster_line"

if [ "$status" != "online" ]; then
  echo "Starting PostgreSQL $version/$name on port $port" >&2
  $SUDO pg_ctlcluster "$version" "$name" start >&2
fi

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    sudo -u postgres -- "$@"
  fi
}

psql_admin() {
  # Run from / so psql does not complain that it cannot read the caller's working directory.
  (cd / && as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -qtAX "$@")
}

# Wait until the server accepts connections (pg_ctlcluster returns once started, but be tolerant).
for _ in $(seq 1 50); do
  if psql_admin -c 'select 1' >/dev/null 2>&1; then break; fi
  sleep 0.2
done

if [ "$(psql_admin -c "select 1 from pg_roles where rolname = '$PG_USER'")" != "1" ]; then
  echo "Creating role $PG_USER" >&2
  psql_admin -c "create role $PG_USER login password '$PG_PASSWORD'" >&2
else
  psql_admin -c "alter role $PG_USER login password '$PG_PASSWORD'" >&2
fi

if [ "$(psql_admin -c "select 1 from pg_database where datname = '$PG_DB'")" != "1" ]; then
  echo "Creating database $PG_DB owned by $PG_USER" >&2
  psql_admin -c "create database $PG_DB owner $PG_USER" >&2
fi

echo "postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$port/$PG_DB"
