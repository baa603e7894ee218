/**
 * Writes docs/protocol-schemas.json from the zod schemas in shared/sync (shared/sync/json-schemas.ts).
 * `--check` only compares and exits 1 when the file is stale (test/unit/sync-protocol-doc.test.ts does the same).
 * Run: npx tsx scripts/gen-protocol-schemas.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildProtocolJsonSchemas } from '../shared/sync/json-schemas';

const target = fileURLToPath(new URL('../docs/protocol-schemas.json', import.meta.url));
const text = JSON.stringify(buildProtocolJsonSchemas(), null, 2) + '\n';

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error('docs/protocol-schemas.json is stale: run npx tsx scripts/gen-protocol-schemas.ts');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
