/**
 * How the generator scripts (gen-*.ts) write a generated file: `--check` only compares it with what they
 * would write and exits 1 when it is stale or missing, naming the command that refreshes it; otherwise it
 * writes the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export function writeOrCheck(target: string, text: string, label: string, command: string): void {
  if (!process.argv.includes('--check')) {
    writeFileSync(target, text);
    console.log(`wrote ${target}`);
    return;
  }
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error(`${label} is stale: run ${command}`);
    process.exit(1);
  }
}
