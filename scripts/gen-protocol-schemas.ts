/**
 * Writes docs/protocol-schemas.json from the zod schemas in shared/sync (shared/sync/json-schemas.ts).
 * `--check` only compares and exits 1 when the file is stale (test/unit/sync-protocol-doc.test.ts does the same).
 * Run: npx tsx scripts/gen-protocol-schemas.ts [--check]
 */
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './generated';
import { buildProtocolJsonSchemas } from '../shared/sync/json-schemas';

const target = fileURLToPath(new URL('../docs/protocol-schemas.json', import.meta.url));
const text = JSON.stringify(buildProtocolJsonSchemas(), null, 2) + '\n';

writeOrCheck(target, text, 'docs/protocol-schemas.json', 'npx tsx scripts/gen-protocol-schemas.ts');
