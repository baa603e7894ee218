#!/usr/bin/env bash
# `npm test`: everything a change must pass, from a fresh clone. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh

# The server suites run against both embedded PGlite and a real PostgreSQL from Debian.
if [ -z "${DATABASE_URL_TEST:-}" ] && [ "${CARE_ROUNDS_PG:-}" != "off" ]; then
  DATABASE_URL_TEST="$(bash scripts/start-postgres.sh)"
  export DATABASE_URL_TEST
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund
fi

echo "== typecheck" >&2
npm run -s typecheck
echo "== lint" >&2
npm run -s lint
echo "== Electron security scan (electronegativity)" >&2
npm run -s lint:electron
echo "== dependency audit (npm audit, production dependencies)" >&2
node scripts/audit-deps.mjs
results="$(mktemp -d)"
echo "== unit tests" >&2
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/unit.json"
echo "== end-to-end tests (Chromium)" >&2
npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json="$results/e2e.json"

# One closing line for both runs, in the plain form CI reads.
node -e '
  let passed = 0, failed = 0;
  for (const f of process.argv.slice(1)) {
    const r = JSON.parse(require("fs").readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests;
  }
  console.log(`${passed} passed, ${failed} failed`);
' "$results/unit.json" "$results/e2e.json"
