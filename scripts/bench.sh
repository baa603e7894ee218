#!/usr/bin/env bash
# `npm run bench [-- --no-build] [name filter...]`: the benchmarks, from a fresh clone. Like `npm test`, it
# installs what is missing first (idempotent: nothing when everything is there): Debian's Chromium and Thai
# fonts (scripts/install-system-deps.sh) and the npm packages. PostgreSQL for the sync benchmarks is started
# (and installed when missing) by scripts/start-postgres.sh when one of them runs without DATABASE_URL_TEST
# or DATABASE_URL (test/bench/sync/pg.ts). Results: one JSON line per figure on stdout (test/bench/run.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh >&2

# Installed packages are checked by content (npm ls), not by file dates: a fresh checkout of a branch makes
# package-lock.json newer than node_modules without changing what is needed.
if [ ! -d node_modules ] || ! npm ls --depth=0 >/dev/null 2>&1; then
  echo "Installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi

exec node --import tsx test/bench/run.ts "$@"
